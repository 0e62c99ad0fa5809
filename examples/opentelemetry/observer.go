// Command opentelemetry shows cloudiam's iam.Observer feeding OpenTelemetry:
// one span per portable call, a child span per native request and a
// grandchild per HTTP attempt, with the provider, operation, status, error
// kind and request id as attributes. It is its own module, so cloudiam's
// go.mod never gains OpenTelemetry.
//
//	cd examples/opentelemetry && go run .
//
// It runs on the built-in Baidu emulator and prints the spans it recorded.
package main

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Observer returns an iam.Observer that records calls and attempts as spans
// of tracer. The span of a call is the parent of its native requests'
// spans, which are the parents of their attempts' spans, because each start
// hook returns the context carrying the new span.
func Observer(tracer trace.Tracer) *iam.Observer {
	start := func(ctx context.Context, name string, e iam.Event) context.Context {
		attrs := []attribute.KeyValue{
			attribute.String("cloudiam.provider", e.Provider),
			attribute.String("cloudiam.operation", e.Op),
			attribute.Bool("cloudiam.native", e.Native),
		}
		if e.Attempt > 0 {
			attrs = append(attrs, attribute.Int("cloudiam.attempt", e.Attempt),
				attribute.String("http.request.method", e.Method), attribute.String("url.path", e.Path))
		}
		ctx, _ = tracer.Start(ctx, name, trace.WithAttributes(attrs...), trace.WithSpanKind(spanKind(e)))
		return ctx
	}
	end := func(ctx context.Context, e iam.Event) {
		span := trace.SpanFromContext(ctx)
		if e.StatusCode != 0 {
			span.SetAttributes(attribute.Int("http.response.status_code", e.StatusCode))
		}
		if e.RequestID != "" {
			span.SetAttributes(attribute.String("cloudiam.request_id", e.RequestID))
		}
		if e.Err != nil {
			span.SetAttributes(attribute.String("cloudiam.error_kind", string(e.Kind)))
			span.SetStatus(codes.Error, e.Err.Error()) // cloudiam errors never hold a secret
		}
		span.End()
	}
	return &iam.Observer{
		CallStart: func(ctx context.Context, e iam.Event) context.Context {
			return start(ctx, "cloudiam "+e.Op, e)
		},
		CallDone: end,
		AttemptStart: func(ctx context.Context, e iam.Event) context.Context {
			return start(ctx, e.Method+" "+e.Op, e)
		},
		AttemptDone: end,
	}
}

func spanKind(e iam.Event) trace.SpanKind {
	if e.Attempt > 0 {
		return trace.SpanKindClient
	}
	return trace.SpanKindInternal
}

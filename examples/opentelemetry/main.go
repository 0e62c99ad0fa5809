package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/iam"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run creates, reads and deletes a user on the Baidu emulator with the
// OpenTelemetry observer, then prints the span tree it recorded.
func run(ctx context.Context, w io.Writer) error {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(ctx) }()

	srv := baidutest.NewServer()
	defer srv.Close()
	ak, sk := srv.Credentials()
	c, err := baidu.New(baidu.Config{
		AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), Endpoint: srv.URL,
		Observer: Observer(tp.Tracer("github.com/cloudiam-go/cloudiam")),
	})
	if err != nil {
		return err
	}
	client := c.IAM()
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{Name: "otel_demo"}); err != nil {
		return err
	}
	if _, err := client.GetUser(ctx, "missing_user"); err == nil {
		return fmt.Errorf("GetUser of a missing user succeeded")
	}
	if err := client.DeleteUser(ctx, "otel_demo"); err != nil {
		return err
	}
	printTree(w, rec.Ended())
	return nil
}

// printTree prints spans under their parents, in start order, with the
// attributes that do not change from run to run.
func printTree(w io.Writer, spans []sdktrace.ReadOnlySpan) {
	children := map[string][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		parent := ""
		if s.Parent().IsValid() {
			parent = s.Parent().SpanID().String()
		}
		children[parent] = append(children[parent], s)
	}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		list := children[parent]
		for i := 1; i < len(list); i++ { // start order
			for j := i; j > 0 && list[j].StartTime().Before(list[j-1].StartTime()); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		for _, s := range list {
			var attrs []string
			for _, a := range s.Attributes() {
				switch a.Key {
				case "http.response.status_code", "cloudiam.error_kind", "cloudiam.attempt":
					attrs = append(attrs, string(a.Key)+"="+a.Value.Emit())
				}
			}
			fmt.Fprintln(w, strings.TrimRight(strings.Repeat("  ", depth)+s.Name()+" "+strings.Join(attrs, " "), " "))
			walk(s.SpanContext().SpanID().String(), depth+1)
		}
	}
	walk("", 0)
}

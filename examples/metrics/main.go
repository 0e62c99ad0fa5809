// Command metrics counts cloudiam's calls, HTTP attempts and errors with
// the standard library's expvar, through iam.Observer: the same hooks a
// Prometheus or OpenTelemetry adapter would use, with no dependency.
//
//	go run ./examples/metrics
//
// It runs a short workflow on the built-in Huawei emulator, with one
// throttled answer injected so that a retry shows, and prints the counters
// (a service would serve them on /debug/vars instead).
package main

import (
	"context"
	"expvar"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

// Metrics holds the counters an Observer feeds.
type Metrics struct {
	// Calls counts finished calls by "provider op result" (result is "ok"
	// or the error kind); native requests are marked "(native)".
	Calls expvar.Map
	// Attempts counts HTTP attempts by "provider op status".
	Attempts expvar.Map
	// Latency sums the milliseconds of portable calls by "provider op".
	Latency expvar.Map
}

// Observer returns the iam.Observer that updates m.
func (m *Metrics) Observer() *iam.Observer {
	return &iam.Observer{
		CallDone: func(_ context.Context, e iam.Event) {
			result := "ok"
			if e.Err != nil {
				result = string(e.Kind)
			}
			op := e.Op
			if e.Native {
				op += " (native)"
			} else {
				m.Latency.AddFloat(e.Provider+" "+op, float64(e.Duration)/float64(time.Millisecond))
			}
			m.Calls.Add(e.Provider+" "+op+" "+result, 1)
		},
		AttemptDone: func(_ context.Context, e iam.Event) {
			m.Attempts.Add(fmt.Sprintf("%s %s %d", e.Provider, e.Op, e.StatusCode), 1)
		},
	}
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := huaweitest.NewServer()
	defer srv.Close()
	// A front that answers the first request with 429, as a busy gateway would.
	var throttled atomic.Bool
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if throttled.CompareAndSwap(false, true) {
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(rw, `{"error_msg":"The throttling threshold has been reached","error_code":"IAM.0012"}`)
			return
		}
		proxy(rw, r, srv.URL)
	}))
	defer front.Close()

	var m Metrics
	ak, sk := srv.Credentials()
	c, err := huawei.New(huawei.Config{
		AccessKeyID: ak, SecretAccessKey: iam.NewSecret(sk), DomainID: srv.DomainID(), Endpoint: front.URL,
		MinBackoff: time.Millisecond, Observer: m.Observer(),
	})
	if err != nil {
		return err
	}
	client := c.IAM()
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{Name: "metrics_demo"}); err != nil {
		return err
	}
	_, _ = client.GetUser(ctx, "nobody_here")
	if err := client.DeleteUser(ctx, "metrics_demo"); err != nil {
		return err
	}
	for _, name := range []string{"Calls", "Attempts"} {
		mp := map[string]*expvar.Map{"Calls": &m.Calls, "Attempts": &m.Attempts}[name]
		var lines []string
		mp.Do(func(kv expvar.KeyValue) { lines = append(lines, kv.Key+" = "+kv.Value.String()) })
		sort.Strings(lines)
		fmt.Fprintf(w, "%s:\n  %s\n", name, strings.Join(lines, "\n  "))
	}
	return nil
}

// proxy forwards r to target and copies the answer back.
func proxy(rw http.ResponseWriter, r *http.Request, target string) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, target+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	req.Host = r.Host
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		rw.Header()[k] = v
	}
	rw.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(rw, resp.Body)
}

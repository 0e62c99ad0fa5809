// Command emulator serves every cloudiam emulator on loopback, for tools in
// any language (an official SDK, a CLI, a test suite) to run against.
//
//	go run ./examples/emulator [-addr 127.0.0.1]
//
// It prints one JSON object per service on standard output, then serves
// until interrupted:
//
//	{"service":"baidu-iam","endpoint":"http://127.0.0.1:PORT","access_key_id":"...","secret_access_key":"..."}
//	{"service":"huawei-iam",...,"domain_id":"..."}
//	{"service":"aliyun-ram",...}
//	{"service":"aliyun-idaas",...,"instance_id":"...","organizational_unit_id":"..."}
//
// The credentials are the emulators' own test keys, printed on purpose:
// they open nothing but these in-memory emulators.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

// service is one line of the output.
type service struct {
	Service              string `json:"service"`
	Endpoint             string `json:"endpoint"`
	AccessKeyID          string `json:"access_key_id"`
	SecretAccessKey      string `json:"secret_access_key"`
	DomainID             string `json:"domain_id,omitempty"`
	InstanceID           string `json:"instance_id,omitempty"`
	OrganizationalUnitID string `json:"organizational_unit_id,omitempty"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1", "host to bind (each service gets a free port)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "emulator:", err)
		os.Exit(1)
	}
}

// run serves the emulators on host until ctx ends, writing the service lines to out.
func run(ctx context.Context, host string, out io.Writer) error {
	b := baidutest.New()
	h := huaweitest.New()
	a := aliyuntest.New()
	handlers := []http.Handler{b, h, a}
	urls := make([]string, len(handlers))
	servers := make([]*http.Server, len(handlers))
	errc := make(chan error, len(handlers))
	for i, hd := range handlers {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			for _, s := range servers[:i] {
				_ = s.Close()
			}
			return err
		}
		urls[i] = "http://" + ln.Addr().String()
		servers[i] = &http.Server{Handler: hd, ReadHeaderTimeout: 10 * time.Second}
		go func(s *http.Server) {
			if err := s.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}(servers[i])
	}
	bak, bsk := b.Credentials()
	hak, hsk := h.Credentials()
	aak, ask := a.Credentials()
	enc := json.NewEncoder(out)
	lines := []service{
		{Service: "baidu-iam", Endpoint: urls[0], AccessKeyID: bak, SecretAccessKey: bsk},
		{Service: "huawei-iam", Endpoint: urls[1], AccessKeyID: hak, SecretAccessKey: hsk, DomainID: h.DomainID()},
		{Service: "aliyun-ram", Endpoint: urls[2], AccessKeyID: aak, SecretAccessKey: ask},
		{Service: "aliyun-idaas", Endpoint: urls[2], AccessKeyID: aak, SecretAccessKey: ask, InstanceID: a.InstanceID(), OrganizationalUnitID: a.OrganizationalUnitID()},
	}
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		_ = s.Shutdown(shut)
	}
	return err
}

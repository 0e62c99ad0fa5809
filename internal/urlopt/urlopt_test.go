package urlopt

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

func TestParse(t *testing.T) {
	u, _ := url.Parse("huawei://?region=cn-north-4&endpoint=http://127.0.0.1:1&insecure_http=true&max_attempts=2&timeout=5s&domain_id=abc")
	c, own, err := Parse("huawei", u, "domain_id")
	if err != nil {
		t.Fatal(err)
	}
	want := Common{Region: "cn-north-4", Endpoint: "http://127.0.0.1:1", InsecureHTTP: true, MaxAttempts: 2, Timeout: 5 * time.Second}
	if c != want || own["domain_id"] != "abc" {
		t.Fatalf("got %+v %v", c, own)
	}
}

func TestParseErrorsNameTheParameter(t *testing.T) {
	for raw, field := range map[string]string{
		"baidu://?regoin=bj":         "regoin",
		"baidu://?max_attempts=0":    "max_attempts",
		"baidu://?max_attempts=x":    "max_attempts",
		"baidu://?timeout=soon":      "timeout",
		"baidu://?timeout=-1s":       "timeout",
		"baidu://?insecure_http=yes": "insecure_http",
		"baidu://host/path":          "url",
		"baidu://?domain_id=x":       "domain_id", // not baidu's
	} {
		u, _ := url.Parse(raw)
		_, _, err := Parse("baidu", u)
		var e *iam.Error
		if !errors.As(err, &e) || e.Field != field || !errors.Is(err, iam.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument on %s", raw, err, field)
		}
	}
}

func TestEnvNamesTheFirstMissingVariable(t *testing.T) {
	t.Setenv("URLOPT_A", "")
	t.Setenv("URLOPT_A_OLD", "")
	t.Setenv("URLOPT_B", "set")
	cause := iam.InvalidArgument("x", "ConfigFromEnv", "environment", "missing URLOPT_A")
	err := Env("x-scheme", cause, []string{"URLOPT_A", "URLOPT_A_OLD"}, []string{"URLOPT_B"})
	var e *iam.Error
	if !errors.As(err, &e) || e.Provider != "x-scheme" || e.Op != "Open" || e.Field != "URLOPT_A" ||
		e.Message != "missing environment variable URLOPT_A (or URLOPT_A_OLD)" {
		t.Fatalf("err = %#v", err)
	}
	t.Setenv("URLOPT_A_OLD", "set") // nothing missing: the cause, restated
	err = Env("x-scheme", cause, []string{"URLOPT_A", "URLOPT_A_OLD"}, []string{"URLOPT_B"})
	if !errors.As(err, &e) || e.Op != "Open" || e.Field != "environment" || !errors.Is(err, iam.ErrInvalidArgument) {
		t.Fatalf("err = %#v", err)
	}
	if Env("x", nil) != nil {
		t.Fatal("nil stays nil")
	}
}

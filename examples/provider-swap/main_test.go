package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/aliyun/aliyuntest"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/baidu/baidutest"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
	"github.com/cloudiam-go/cloudiam/iam"
)

var cloudEnv = []string{
	"BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY", "BAIDUCLOUD_ACCESS_KEY", "BAIDUCLOUD_SECRET_KEY",
	"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID",
	"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_SECRET_ACCESS_KEY",
}

// clearEnv leaves no credential anywhere a default chain looks: no
// variables, an empty home directory, and no instance-metadata lookup
// (Alibaba's own switch; Baidu and Huawei through safeMux).
func clearEnv(t *testing.T) {
	for _, k := range cloudEnv {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "")
}

// safeMux opens URLs as iam.Open does, with the instance-metadata services
// of the default chains on a closed loopback port, so that a test never
// sends a request to the link-local metadata addresses.
func safeMux(t *testing.T) *iam.URLMux {
	const closed = "http://127.0.0.1:1"
	mux := new(iam.URLMux)
	for scheme, o := range map[string]iam.URLOpener{
		"baidu":        &baidu.URLOpener{CredentialsOptions: baidu.CredentialsOptions{MetadataEndpoint: closed}},
		"huawei":       &huawei.URLOpener{CredentialsOptions: huawei.CredentialsOptions{MetadataEndpoint: closed}},
		"aliyun-ram":   &aliyun.URLOpener{},
		"aliyun-idaas": &aliyun.URLOpener{},
	} {
		if err := mux.Register(scheme, o); err != nil {
			t.Fatal(err)
		}
	}
	return mux
}

// openAndCall opens url and, when the opener reads credentials lazily,
// makes one call: missing credentials are reported by Open or by the first
// call, never silently.
func openAndCall(t *testing.T, url string) error {
	ctx := context.Background()
	c, err := safeMux(t).Open(ctx, url)
	if err != nil {
		return err
	}
	_, err = c.GetUser(ctx, "nobody")
	return err
}

func TestProviderSwapExample(t *testing.T) {
	clearEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, "", &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, p := range []string{"baidu", "huawei", "aliyun-ram", "aliyun-idaas"} {
		if !strings.Contains(out.String(), p+" ") {
			t.Errorf("no line for %s:\n%s", p, out.String())
		}
	}
}

// iam.Open names exactly what is missing or wrong, for every scheme.
func TestOpenErrorsNameWhatIsMissing(t *testing.T) {
	clearEnv(t)
	ctx := context.Background()
	for url, want := range map[string][]string{
		"baidu://":                           {"BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY"},
		"huawei://":                          {"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"},
		"aliyun-ram://":                      {"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		"aliyun-idaas://?instance_id=i":      {"ALIBABA_CLOUD_ACCESS_KEY_ID"},
		"baidu://?regoin=bj":                 {"regoin"},
		"huawei://?timeout=soon":             {"timeout"},
		"aliyun-ram://?max_attempts=0":       {"max_attempts"},
		"aliyun-idaas://?region=cn-hangzhou": {"instance_id"},
		"gcp://":                             {"unknown scheme", "aliyun-idaas", "baidu", "huawei"},
	} {
		var err error
		if strings.HasPrefix(url, "gcp") {
			_, err = iam.Open(ctx, url)
		} else {
			err = openAndCall(t, url+sep(url)+"endpoint=http://127.0.0.1:1")
		}
		if !errors.Is(err, iam.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", url, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not name %s", url, err, w)
			}
		}
	}
}

// The shared parameters mean the same on every scheme.
// sep is what joins one more parameter to url.
func sep(url string) string {
	if strings.Contains(url, "?") {
		return "&"
	}
	return "?"
}

func TestOpenSharedParameters(t *testing.T) {
	clearEnv(t)
	t.Setenv("BCE_ACCESS_KEY_ID", "AK")
	t.Setenv("BCE_SECRET_ACCESS_KEY", "SK")
	t.Setenv("HUAWEICLOUD_SDK_AK", "AK")
	t.Setenv("HUAWEICLOUD_SDK_SK", "SK")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "AK")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "SK")
	for _, scheme := range []string{"baidu://", "huawei://", "aliyun-ram://", "aliyun-idaas://"} {
		u := scheme + "?endpoint=http://127.0.0.1:9&max_attempts=2&timeout=10s&insecure_http=false"
		if strings.HasPrefix(scheme, "huawei") {
			u += "&domain_id=d78cbac186b744899480f25bd02abcde"
		}
		if strings.HasPrefix(scheme, "aliyun-idaas") {
			u += "&instance_id=idaas_x&ou=ou_x"
		}
		c, err := iam.Open(context.Background(), u)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if got := c.Capabilities().Provider; got+"://" != scheme {
			t.Errorf("%s opened %s", scheme, got)
		}
		// A plain-http endpoint off loopback is refused everywhere.
		if _, err := iam.Open(context.Background(), strings.Replace(u, "127.0.0.1", "203.0.113.9", 1)); !errors.Is(err, iam.ErrInvalidArgument) {
			t.Errorf("%s: plain http to a public host: err = %v", scheme, err)
		}
	}
}

// A missing credential or id is an ErrInvalidArgument in one style on every
// scheme: Provider is the scheme, Op is "Open", Field names exactly the
// missing variable or parameter (and only it).
func TestOpenMissingNamesExactlyOneThing(t *testing.T) {
	tests := []struct {
		url, set, field, notNamed string
	}{
		{"baidu://", "BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY", "BCE_ACCESS_KEY_ID"},
		{"baidu://", "BCE_SECRET_ACCESS_KEY", "BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY"},
		{"huawei://", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK"},
		{"huawei://", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"},
		{"aliyun-ram://", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		{"aliyun-ram://", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		{"aliyun-idaas://?instance_id=idaas_x", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		{"aliyun-idaas://?ou=ou_x", "ALIBABA_CLOUD_ACCESS_KEY_ID", "instance_id", "ALIBABA"},
	}
	for _, tc := range tests {
		t.Run(tc.url+" without "+tc.field, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(tc.set, "value")
			err := openAndCall(t, tc.url+sep(tc.url)+"endpoint=http://127.0.0.1:1")
			var e *iam.Error
			if !errors.As(err, &e) || !errors.Is(err, iam.ErrInvalidArgument) {
				t.Fatalf("err = %v, want an *iam.Error of kind ErrInvalidArgument", err)
			}
			scheme, _, _ := strings.Cut(tc.url, ":")
			if e.Provider != scheme {
				t.Errorf("got Provider %q, want %q", e.Provider, scheme)
			}
			switch e.Op {
			case "Open": // a URL mistake, or an opener that reads the environment at once
				if e.Field != tc.field {
					t.Errorf("got Field %q, want %q", e.Field, tc.field)
				}
				if strings.Contains(e.Message, tc.notNamed) {
					t.Errorf("%q names %s, which is set", err, tc.notNamed)
				}
			case "GetUser": // credentials read when first needed: every source is named
				if !strings.Contains(err.Error(), tc.field) {
					t.Errorf("%q does not name %s", err, tc.field)
				}
				if strings.Contains(err.Error(), tc.notNamed+" is not set") || strings.Contains(err.Error(), tc.notNamed+" are not set") {
					t.Errorf("%q says %s is not set, but it is", err, tc.notNamed)
				}
			default:
				t.Errorf("Op %q, want Open or GetUser", e.Op)
			}
		})
	}
}

// timeout= bounds each attempt on every scheme: a server that never answers
// fails the call (ErrUnavailable) instead of hanging it.
func TestOpenTimeoutBoundsAHungServer(t *testing.T) {
	clearEnv(t)
	t.Setenv("BCE_ACCESS_KEY_ID", "AK")
	t.Setenv("BCE_SECRET_ACCESS_KEY", "SK")
	t.Setenv("HUAWEICLOUD_SDK_AK", "AK")
	t.Setenv("HUAWEICLOUD_SDK_SK", "SK")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "AK")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "SK")
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hung.Close()
	defer close(release)
	for _, u := range []string{
		"baidu://?",
		"huawei://?domain_id=d78cbac186b744899480f25bd02abcde&",
		"aliyun-ram://?",
		"aliyun-idaas://?instance_id=idaas_x&ou=ou_x&",
	} {
		u += "endpoint=" + hung.URL + "&timeout=50ms&max_attempts=1"
		c, err := iam.Open(context.Background(), u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		// The test's own context is a backstop far above the timeout: only
		// timeout= can end the call first.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err = c.GetUser(ctx, "alice")
		ctxErr := ctx.Err()
		cancel()
		if !errors.Is(err, iam.ErrUnavailable) || ctxErr != nil {
			t.Errorf("%s: GetUser on a hung server: err = %v (context: %v), want ErrUnavailable from timeout=", u, err, ctxErr)
		}
	}
}

// Every scheme, with its parameters, opened through iam.Open on its
// emulator and used: the URL alone picks the cloud and its settings.
func TestOpenOnTheEmulators(t *testing.T) {
	clearEnv(t)
	b := baidutest.NewServer()
	defer b.Close()
	h := huaweitest.NewServer()
	defer h.Close()
	a := aliyuntest.NewServer()
	defer a.Close()
	bak, bsk := b.Credentials()
	hak, hsk := h.Credentials()
	aak, ask := a.Credentials()
	t.Setenv("BCE_ACCESS_KEY_ID", bak)
	t.Setenv("BCE_SECRET_ACCESS_KEY", bsk)
	t.Setenv("HUAWEICLOUD_SDK_AK", hak)
	t.Setenv("HUAWEICLOUD_SDK_SK", hsk)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", aak)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ask)
	idaas := "aliyun-idaas://?instance_id=" + a.InstanceID() + "&ou=" + a.OrganizationalUnitID() + "&endpoint=" + a.URL
	for _, tc := range []struct{ url, provider string }{
		{"baidu://?endpoint=" + b.URL, "baidu"},
		{"baidu://?region=bj&max_attempts=1&timeout=30s&endpoint=" + b.URL, "baidu"},
		{"huawei://?domain_id=" + h.DomainID() + "&endpoint=" + h.URL, "huawei"},
		{"huawei://?endpoint=" + h.URL + "&max_attempts=2", "huawei"}, // domain id looked up
		{"aliyun-ram://?endpoint=" + a.URL, "aliyun-ram"},
		{"aliyun-ram://?signature=v1&endpoint=" + a.URL, "aliyun-ram"},
		{"aliyun-ram://?signature=acs3&timeout=1m&endpoint=" + a.URL, "aliyun-ram"},
		{idaas, "aliyun-idaas"},
		{idaas + "&signature=v1&max_attempts=2", "aliyun-idaas"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			c, err := iam.Open(context.Background(), tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Capabilities().Provider; got != tc.provider {
				t.Errorf("opened %s, want %s", got, tc.provider)
			}
			var out bytes.Buffer
			if err := onboard(context.Background(), c, "open_table", &out); err != nil {
				t.Fatalf("onboard: %v", err)
			}
			if _, err := c.GetUser(context.Background(), "open_table"); !errors.Is(err, iam.ErrNotFound) {
				t.Errorf("the user is still there: %v", err)
			}
		})
	}
	for url, field := range map[string]string{
		"aliyun-ram://?signature=v9&endpoint=" + a.URL:           "signature",
		idaas + "&signature=hmac":                                "signature",
		"huawei://?region=cn-north-4&domain=x&endpoint=" + h.URL: "domain",
		"baidu://?region=gz&endpoint=" + b.URL:                   "region",
		"baidu://?instance_id=x&endpoint=" + b.URL:               "instance_id",
	} {
		_, err := iam.Open(context.Background(), url)
		var e *iam.Error
		if !errors.As(err, &e) || !errors.Is(err, iam.ErrInvalidArgument) || e.Field != field {
			t.Errorf("%s: err = %v, want ErrInvalidArgument on %s", url, err, field)
		}
	}
}

// With CLOUDIAM_URL set, the example runs on that one cloud only.
func TestProviderSwapOnTheNamedCloud(t *testing.T) {
	clearEnv(t)
	h := huaweitest.NewServer()
	defer h.Close()
	ak, sk := h.Credentials()
	t.Setenv("HUAWEICLOUD_SDK_AK", ak)
	t.Setenv("HUAWEICLOUD_SDK_SK", sk)
	var out bytes.Buffer
	if err := run(context.Background(), "huawei://?domain_id="+h.DomainID()+"&endpoint="+h.URL, &out); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "huawei ") {
		t.Errorf("want one huawei line:\n%s", out.String())
	}
}

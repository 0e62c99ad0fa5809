package benchcmp

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/baidubce/bce-sdk-go/bce"
	bceiam "github.com/baidubce/bce-sdk-go/services/iam"
	bceapi "github.com/baidubce/bce-sdk-go/services/iam/api"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	hwiam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"

	"github.com/cloudiam-go/cloudiam/aliyun"
	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/huawei"
	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/signer"
)

// Full calls against the repository's emulator (examples/emulator) in
// another process: the benchmark process holds only the client, so
// cpu-ns/op (getrusage), allocs/op and goroutines/op are the client's cost
// of one call. Retries are off on the official side; ours retry only on
// failure, and no call fails here.
//
// Each cloud has three variants per call: cloudiam, the official client,
// and the floor, a bare signed request (see floor below). cmd/report runs
// each variant in its own process, interleaved across rounds; `go test
// -bench Call` runs them one after the other in one process.

// service is a line of the emulator's output.
type service struct {
	Service         string `json:"service"`
	Endpoint        string `json:"endpoint"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	DomainID        string `json:"domain_id"`
}

// envServices, when set, holds the service lines of an emulator already
// running (cmd/report starts one per round and passes them on): the
// benchmark then starts none.
const envServices = "BENCHCMP_SERVICES"

var (
	emulatorOnce sync.Once
	emulator     map[string]service // by service name
	emulatorErr  error
	stopEmulator = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopEmulator()
	os.Exit(code)
}

// services returns the emulator's services, starting it on first use
// unless envServices names a running one.
func services(b *testing.B) map[string]service {
	emulatorOnce.Do(func() {
		if s := os.Getenv(envServices); s != "" {
			emulator, emulatorErr = parseServices(strings.NewReader(s))
			return
		}
		emulatorErr = startEmulator()
	})
	if emulatorErr != nil {
		b.Fatal("emulator:", emulatorErr)
	}
	return emulator
}

func parseServices(r io.Reader) (map[string]service, error) {
	m := map[string]service{}
	sc := bufio.NewScanner(r)
	for len(m) < 4 && sc.Scan() {
		var s service
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, err
		}
		m[s.Service] = s
	}
	if len(m) < 4 {
		return nil, fmt.Errorf("emulator printed %d services", len(m))
	}
	return m, nil
}

// startEmulator builds and starts examples/emulator and reads its services.
func startEmulator() error {
	dir, err := os.MkdirTemp("", "benchcmp")
	if err != nil {
		return err
	}
	bin := filepath.Join(dir, "emulator")
	build := exec.Command("go", "build", "-o", bin, "./examples/emulator")
	build.Dir = filepath.Join("..", "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return err
	}
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	stopEmulator = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		os.RemoveAll(dir)
	}
	emulator, err = parseServices(out)
	return err
}

// warmup calls are made before the measured loop: they open the
// connection (whose reader and writer goroutines are not the call's) and
// let the runtime start its own workers (a collection starts the GC's).
const warmup = 20

// measure runs call b.N times after the warm-up and reports the process's
// CPU time and the goroutines created, per call.
func measure(b *testing.B, call func() error) {
	for range warmup {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.ReportAllocs()
	g0, start := goroutinesCreated(), cpuTime()
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	cpu, g := cpuTime()-start, goroutinesCreated()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if g0 >= 0 {
		b.ReportMetric(float64(g-g0)/float64(b.N), "goroutines/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// goroutinesCreated is the runtime's count of goroutines ever created, or
// -1 when the runtime lacks the metric (as the transport's test reads it).
func goroutinesCreated() int64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return -1
	}
	return int64(s[0].Value.Uint64())
}

// runID keeps names unique across processes against one emulator, and
// created counts the users created in this process (-count runs a
// benchmark several times in one process; the emulators refuse a duplicate
// name and do not limit the number of users).
var (
	runID   = strconv.FormatInt(time.Now().UnixNano()%1e9, 36) + strconv.Itoa(os.Getpid()%1000)
	created atomic.Int64
)

// name is a new user name for a CreateUser iteration.
func name(side string) string {
	return side + runID + "_" + strconv.FormatInt(created.Add(1), 10)
}

const description = "created by a benchmark"

// --- the floor: a bare signed request ---

// floorAttemptTimeout is the per-request deadline of the floor, the default
// per-attempt limit of cloudiam's transport (a context deadline, no
// http.Client.Timeout).
const floorAttemptTimeout = 60 * time.Second

// floorHTTPClient is a plain net/http client with the transport settings
// and timeouts of cloudiam's default client (internal/transport:
// newDefaultTransport and defaultHTTPClient), and nothing in between.
func floorHTTPClient() *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
	}}
}

// floor is the least a client can do for one call: build the request, set
// the headers the cloud requires, sign it with cloudiam's signer package
// (crypto/hmac), send it with a context deadline, read the answer and
// decode its JSON into out. No retries, no validation, no request id, no
// error mapping beyond the status.
type floor struct {
	hc   *http.Client
	sign func(r *http.Request, body []byte) error
}

func (f *floor) do(method, u string, header http.Header, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), floorAttemptTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if err := f.sign(req, body); err != nil {
		return err
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("%s: %.200s", resp.Status, data)
	}
	return json.Unmarshal(data, out)
}

func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// --- the benchmarks ---

func BenchmarkCall(b *testing.B) {
	b.Run("baidu", benchBaidu)
	b.Run("huawei", benchHuawei)
	b.Run("aliyun", benchAliyun)
}

// Baidu: GetUser and CreateUser.
func benchBaidu(b *testing.B) {
	ctx := context.Background()
	s := services(b)["baidu-iam"]
	bc, err := baidu.New(baidu.Config{AccessKeyID: s.AccessKeyID, SecretAccessKey: iam.NewSecret(s.SecretAccessKey), Endpoint: s.Endpoint})
	if err != nil {
		b.Fatal(err)
	}
	bo, err := bceiam.NewClientWithEndpoint(s.AccessKeyID, s.SecretAccessKey, s.Endpoint)
	if err != nil {
		b.Fatal(err)
	}
	bo.Config.Retry = bce.NewNoRetryPolicy()
	creds := signer.Credentials{AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey}
	fl := &floor{hc: floorHTTPClient(), sign: func(r *http.Request, body []byte) error {
		t := time.Now().UTC().Truncate(time.Second)
		r.Header.Set("X-Bce-Date", t.Format("2006-01-02T15:04:05Z"))
		return signer.BCE{}.Sign(r, body, &signer.SignParams{Credentials: creds, Time: t})
	}}
	type user struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		CreateTime  string `json:"createTime"`
		Description string `json:"description"`
		Enabled     bool   `json:"enabled"`
	}
	jsonHeader := http.Header{"Content-Type": {"application/json;charset=utf-8"}}

	target := "bench_" + runID
	if _, err := bc.CreateUser(ctx, &baidu.CreateUserInput{Name: target}); err != nil {
		b.Fatal(err)
	}
	b.Run("GetUser/cloudiam", func(b *testing.B) {
		in := &baidu.GetUserInput{UserName: target}
		measure(b, func() error { _, err := bc.GetUser(ctx, in); return err })
	})
	b.Run("GetUser/official", func(b *testing.B) {
		measure(b, func() error { _, err := bo.GetUser(target); return err })
	})
	b.Run("GetUser/floor", func(b *testing.B) {
		measure(b, func() error {
			var u user
			return fl.do(http.MethodGet, s.Endpoint+"/v1/user/"+url.PathEscape(target), jsonHeader, nil, &u)
		})
	})
	b.Run("CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := bc.CreateUser(ctx, &baidu.CreateUserInput{Name: name("c"), Description: description})
			return err
		})
	})
	b.Run("CreateUser/official", func(b *testing.B) {
		measure(b, func() error {
			_, err := bo.CreateUser(&bceapi.CreateUserArgs{Name: name("o"), Description: description})
			return err
		})
	})
	b.Run("CreateUser/floor", func(b *testing.B) {
		type in struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		}
		measure(b, func() error {
			body, err := json.Marshal(in{Name: name("f"), Description: description})
			if err != nil {
				return err
			}
			var u user
			return fl.do(http.MethodPost, s.Endpoint+"/v1/user", jsonHeader, body, &u)
		})
	})
}

// Huawei: ShowUser (get) and CreateUser.
func benchHuawei(b *testing.B) {
	ctx := context.Background()
	s := services(b)["huawei-iam"]
	hc, err := huawei.New(huawei.Config{AccessKeyID: s.AccessKeyID, SecretAccessKey: iam.NewSecret(s.SecretAccessKey), Endpoint: s.Endpoint, DomainID: s.DomainID})
	if err != nil {
		b.Fatal(err)
	}
	cred, err := global.NewCredentialsBuilder().WithAk(s.AccessKeyID).WithSk(s.SecretAccessKey).WithDomainId(s.DomainID).SafeBuild()
	if err != nil {
		b.Fatal(err)
	}
	hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{s.Endpoint}).WithCredential(cred).SafeBuild()
	if err != nil {
		b.Fatal(err)
	}
	ho := hwiam.NewIamClient(hcb)
	creds := signer.Credentials{AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey}
	fl := &floor{hc: floorHTTPClient(), sign: func(r *http.Request, body []byte) error {
		return signer.Huawei{}.Sign(r, body, &signer.SignParams{Credentials: creds, Time: time.Now().UTC()})
	}}
	type answer struct {
		User struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			DomainID    string `json:"domain_id"`
			Enabled     bool   `json:"enabled"`
			Description string `json:"description"`
			CreateTime  string `json:"create_time"`
		} `json:"user"`
	}
	getHeader := http.Header{"Content-Type": {"application/json"}, "X-Domain-Id": {s.DomainID}}
	postHeader := http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "X-Domain-Id": {s.DomainID}}

	hu, err := hc.CreateUser(ctx, &huawei.CreateUserInput{Name: "bench_" + runID})
	if err != nil {
		b.Fatal(err)
	}
	id := hu.User.ID
	b.Run("GetUser/cloudiam", func(b *testing.B) {
		in := &huawei.ShowUserInput{UserID: id}
		measure(b, func() error { _, err := hc.ShowUser(ctx, in); return err })
	})
	b.Run("GetUser/official", func(b *testing.B) {
		measure(b, func() error { _, err := ho.ShowUser(&model.ShowUserRequest{UserId: id}); return err })
	})
	b.Run("GetUser/floor", func(b *testing.B) {
		measure(b, func() error {
			var a answer
			return fl.do(http.MethodGet, s.Endpoint+"/v3.0/OS-USER/users/"+id, getHeader, nil, &a)
		})
	})
	b.Run("CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := hc.CreateUser(ctx, &huawei.CreateUserInput{Name: name("c"), Description: description})
			return err
		})
	})
	b.Run("CreateUser/official", func(b *testing.B) {
		desc := description
		measure(b, func() error {
			_, err := ho.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{User: &model.CreateUserOption{
				Name: name("o"), DomainId: s.DomainID, Description: &desc}}})
			return err
		})
	})
	b.Run("CreateUser/floor", func(b *testing.B) {
		type in struct {
			User struct {
				Name        string `json:"name"`
				DomainID    string `json:"domain_id"`
				Description string `json:"description"`
			} `json:"user"`
		}
		measure(b, func() error {
			var v in
			v.User.Name, v.User.DomainID, v.User.Description = name("f"), s.DomainID, description
			body, err := json.Marshal(&v)
			if err != nil {
				return err
			}
			var a answer
			return fl.do(http.MethodPost, s.Endpoint+"/v3.0/OS-USER/users", postHeader, body, &a)
		})
	})
}

// Alibaba RAM: GetUser and CreateUser, ACS3 on all three sides.
func benchAliyun(b *testing.B) {
	ctx := context.Background()
	s := services(b)["aliyun-ram"]
	ac, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: s.AccessKeyID, SecretAccessKey: iam.NewSecret(s.SecretAccessKey), Endpoint: s.Endpoint})
	if err != nil {
		b.Fatal(err)
	}
	ao, err := openapi.NewClient(&openapi.Config{AccessKeyId: dara.String(s.AccessKeyID), AccessKeySecret: dara.String(s.SecretAccessKey),
		Endpoint: dara.String(strings.TrimPrefix(s.Endpoint, "http://")), Protocol: dara.String("HTTP")})
	if err != nil {
		b.Fatal(err)
	}
	call := func(action string, q map[string]string) error {
		query := map[string]*string{}
		for k, v := range q {
			query[k] = dara.String(v)
		}
		_, err := ao.CallApi(&openapi.Params{
			Action: dara.String(action), Version: dara.String("2015-05-01"), Protocol: dara.String("HTTP"),
			Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"),
			Style: dara.String("RPC"), ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
		}, &openapi.OpenApiRequest{Query: query}, &dara.RuntimeOptions{Autoretry: dara.Bool(false)})
		return err
	}
	creds := signer.Credentials{AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey}
	fl := &floor{hc: floorHTTPClient(), sign: func(r *http.Request, body []byte) error {
		return signer.ACS3{}.Sign(r, body, &signer.SignParams{Credentials: creds, Time: time.Now().UTC(), Nonce: newNonce()})
	}}
	type answer struct {
		RequestID string `json:"RequestId"`
		User      struct {
			UserID      string `json:"UserId"`
			UserName    string `json:"UserName"`
			DisplayName string `json:"DisplayName"`
			Comments    string `json:"Comments"`
			CreateDate  string `json:"CreateDate"`
		} `json:"User"`
	}
	header := func(action string) http.Header {
		return http.Header{"X-Acs-Action": {action}, "X-Acs-Version": {"2015-05-01"}}
	}
	getHeader, createHeader := header("GetUser"), header("CreateUser")

	target := "bench_" + runID
	if _, err := ac.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: target}); err != nil {
		b.Fatal(err)
	}
	b.Run("GetUser/cloudiam", func(b *testing.B) {
		in := &aliyun.RAMGetUserInput{UserName: target}
		measure(b, func() error { _, err := ac.GetUser(ctx, in); return err })
	})
	b.Run("GetUser/official", func(b *testing.B) {
		measure(b, func() error { return call("GetUser", map[string]string{"UserName": target}) })
	})
	b.Run("GetUser/floor", func(b *testing.B) {
		u := s.Endpoint + "/?" + url.Values{"UserName": {target}}.Encode()
		measure(b, func() error {
			var a answer
			return fl.do(http.MethodPost, u, getHeader, nil, &a)
		})
	})
	b.Run("CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := ac.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: name("c"), Comments: description})
			return err
		})
	})
	b.Run("CreateUser/official", func(b *testing.B) {
		measure(b, func() error {
			return call("CreateUser", map[string]string{"UserName": name("o"), "Comments": description})
		})
	})
	b.Run("CreateUser/floor", func(b *testing.B) {
		measure(b, func() error {
			u := s.Endpoint + "/?" + url.Values{"UserName": {name("f")}, "Comments": {description}}.Encode()
			var a answer
			return fl.do(http.MethodPost, u, createHeader, nil, &a)
		})
	})
}

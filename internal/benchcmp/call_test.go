package benchcmp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
)

// Full calls against one emulator process (the repository's
// examples/emulator), shared by both sides: the benchmark process holds
// only the clients, so cpu-ns/op (getrusage) and allocs/op are the
// client's cost of one call. Retries are off on the official side; ours
// retry only on failure, and no call fails here.

// service is a line of the emulator's output.
type service struct {
	Service         string `json:"service"`
	Endpoint        string `json:"endpoint"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	DomainID        string `json:"domain_id"`
}

var emulator map[string]service // by service name; nil when not started

func TestMain(m *testing.M) {
	stop, err := startEmulator()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp: emulator:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// startEmulator builds and starts examples/emulator and reads its services.
func startEmulator() (stop func(), err error) {
	dir, err := os.MkdirTemp("", "benchcmp")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "emulator")
	build := exec.Command("go", "build", "-o", bin, "./examples/emulator")
	build.Dir = filepath.Join("..", "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		os.RemoveAll(dir)
	}
	emulator = map[string]service{}
	sc := bufio.NewScanner(out)
	for len(emulator) < 4 && sc.Scan() {
		var s service
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			stop()
			return nil, err
		}
		emulator[s.Service] = s
	}
	if len(emulator) < 4 {
		stop()
		return nil, fmt.Errorf("emulator printed %d services", len(emulator))
	}
	return stop, nil
}

// measure runs call b.N times and reports the process's CPU time per call.
func measure(b *testing.B, call func() error) {
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runID keeps names unique across test processes against one emulator,
// and created counts the users created in this process: -count runs a
// benchmark several times in one process, so a per-run counter would
// repeat names (the emulators refuse a duplicate; they have no limit on
// the number of users, see the README).
var (
	runID   = strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	created atomic.Int64
)

// name is a new user name for a CreateUser iteration.
func name(side string) string {
	return side + runID + "_" + strconv.FormatInt(created.Add(1), 10)
}

func BenchmarkCall(b *testing.B) {
	ctx := context.Background()

	// The floor: a bare net/http GET to the same emulator (unsigned, so
	// refused with a short JSON error), its body read. Every client built
	// on net/http pays at least this per call.
	bs := emulator["baidu-iam"]
	b.Run("floor/GetUser/net-http", func(b *testing.B) {
		hc := &http.Client{Transport: &http.Transport{}}
		measure(b, func() error {
			resp, err := hc.Get(bs.Endpoint + "/v1/user/bench")
			if err != nil {
				return err
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return err
		})
	})

	// Baidu: GetUser and CreateUser.
	bc, err := baidu.New(baidu.Config{AccessKeyID: bs.AccessKeyID, SecretAccessKey: iam.NewSecret(bs.SecretAccessKey), Endpoint: bs.Endpoint})
	if err != nil {
		b.Fatal(err)
	}
	bo, err := bceiam.NewClientWithEndpoint(bs.AccessKeyID, bs.SecretAccessKey, bs.Endpoint)
	if err != nil {
		b.Fatal(err)
	}
	bo.Config.Retry = bce.NewNoRetryPolicy()
	if _, err := bc.CreateUser(ctx, &baidu.CreateUserInput{Name: "bench_" + runID}); err != nil {
		b.Fatal(err)
	}
	b.Run("baidu/GetUser/cloudiam", func(b *testing.B) {
		in := &baidu.GetUserInput{UserName: "bench_" + runID}
		measure(b, func() error { _, err := bc.GetUser(ctx, in); return err })
	})
	b.Run("baidu/GetUser/official", func(b *testing.B) {
		measure(b, func() error { _, err := bo.GetUser("bench_" + runID); return err })
	})
	b.Run("baidu/CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := bc.CreateUser(ctx, &baidu.CreateUserInput{Name: name("c"), Description: "created by a benchmark"})
			return err
		})
	})
	b.Run("baidu/CreateUser/official", func(b *testing.B) {
		measure(b, func() error {
			_, err := bo.CreateUser(&bceapi.CreateUserArgs{Name: name("o"), Description: "created by a benchmark"})
			return err
		})
	})

	// Huawei: ShowUser (get) and CreateUser.
	hs := emulator["huawei-iam"]
	hc, err := huawei.New(huawei.Config{AccessKeyID: hs.AccessKeyID, SecretAccessKey: iam.NewSecret(hs.SecretAccessKey), Endpoint: hs.Endpoint, DomainID: hs.DomainID})
	if err != nil {
		b.Fatal(err)
	}
	cred, err := global.NewCredentialsBuilder().WithAk(hs.AccessKeyID).WithSk(hs.SecretAccessKey).WithDomainId(hs.DomainID).SafeBuild()
	if err != nil {
		b.Fatal(err)
	}
	hcb, err := hwiam.IamClientBuilder().WithEndpoints([]string{hs.Endpoint}).WithCredential(cred).SafeBuild()
	if err != nil {
		b.Fatal(err)
	}
	ho := hwiam.NewIamClient(hcb)
	hu, err := hc.CreateUser(ctx, &huawei.CreateUserInput{Name: "bench_" + runID})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("huawei/GetUser/cloudiam", func(b *testing.B) {
		in := &huawei.ShowUserInput{UserID: hu.User.ID}
		measure(b, func() error { _, err := hc.ShowUser(ctx, in); return err })
	})
	b.Run("huawei/GetUser/official", func(b *testing.B) {
		measure(b, func() error { _, err := ho.ShowUser(&model.ShowUserRequest{UserId: hu.User.ID}); return err })
	})
	b.Run("huawei/CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := hc.CreateUser(ctx, &huawei.CreateUserInput{Name: name("c"), Description: "created by a benchmark"})
			return err
		})
	})
	b.Run("huawei/CreateUser/official", func(b *testing.B) {
		desc := "created by a benchmark"
		measure(b, func() error {
			_, err := ho.CreateUser(&model.CreateUserRequest{Body: &model.CreateUserRequestBody{User: &model.CreateUserOption{
				Name: name("o"), DomainId: hs.DomainID, Description: &desc}}})
			return err
		})
	})

	// Alibaba RAM: GetUser and CreateUser, ACS3 on both sides.
	as := emulator["aliyun-ram"]
	ac, err := aliyun.NewRAM(aliyun.Config{AccessKeyID: as.AccessKeyID, AccessKeySecret: iam.NewSecret(as.SecretAccessKey), Endpoint: as.Endpoint})
	if err != nil {
		b.Fatal(err)
	}
	ao, err := openapi.NewClient(&openapi.Config{AccessKeyId: dara.String(as.AccessKeyID), AccessKeySecret: dara.String(as.SecretAccessKey),
		Endpoint: dara.String(strings.TrimPrefix(as.Endpoint, "http://")), Protocol: dara.String("HTTP")})
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
	if _, err := ac.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: "bench_" + runID}); err != nil {
		b.Fatal(err)
	}
	b.Run("aliyun/GetUser/cloudiam", func(b *testing.B) {
		in := &aliyun.RAMGetUserInput{UserName: "bench_" + runID}
		measure(b, func() error { _, err := ac.GetUser(ctx, in); return err })
	})
	b.Run("aliyun/GetUser/official", func(b *testing.B) {
		measure(b, func() error { return call("GetUser", map[string]string{"UserName": "bench_" + runID}) })
	})
	b.Run("aliyun/CreateUser/cloudiam", func(b *testing.B) {
		measure(b, func() error {
			_, err := ac.CreateUser(ctx, &aliyun.RAMCreateUserInput{UserName: name("c"), Comments: "created by a benchmark"})
			return err
		})
	})
	b.Run("aliyun/CreateUser/official", func(b *testing.B) {
		measure(b, func() error {
			return call("CreateUser", map[string]string{"UserName": name("o"), "Comments": "created by a benchmark"})
		})
	})
}

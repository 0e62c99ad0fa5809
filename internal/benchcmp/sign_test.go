package benchcmp

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	aliyunauth "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	aliyuncreds "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
	"github.com/baidubce/bce-sdk-go/auth"
	bcehttp "github.com/baidubce/bce-sdk-go/http"
	bcelog "github.com/baidubce/bce-sdk-go/util/log"
	hwsigner "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	hwrequest "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"

	"github.com/cloudiam-go/cloudiam/signer"
)

// One typical request per cloud, a CreateUser call, signed by both sides
// with the same key, time and nonce. TestSameAuthorization proves the two
// sides compute the same signature, so the benchmarks compare equal work.

const (
	ak    = "AKIDEXAMPLE0001"
	sk    = "SKEXAMPLESECRET0000000000000001"
	nonce = "5d3b70a3c1e24f0c9b1e0f3a7d6c2b19"
)

var signTime = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func init() { bcelog.SetLogHandler(bcelog.NONE) } // the official signer logs every signature otherwise

// --- Baidu bce-auth-v1 ---

var baiduBody = []byte(`{"name":"test_user","description":"created by cloudiam"}`)

func baiduMD5() string { s := md5.Sum(baiduBody); return base64.StdEncoding.EncodeToString(s[:]) }

func baiduOurs() *http.Request {
	u, _ := url.Parse("https://iam.bj.baidubce.com/v1/user")
	h := http.Header{}
	h.Set("Content-Type", "application/json;charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(baiduBody)))
	h.Set("Content-Md5", baiduMD5())
	h.Set("X-Bce-Date", signTime.Format("2006-01-02T15:04:05Z"))
	h.Set("X-Bce-Request-Id", "11111111-2222-4333-8444-555555555555")
	return &http.Request{Method: http.MethodPost, URL: u, Host: u.Host, Header: h}
}

func baiduOfficial() *bcehttp.Request {
	r := &bcehttp.Request{}
	r.SetMethod(http.MethodPost)
	r.SetHost("iam.bj.baidubce.com")
	r.SetUri("/v1/user")
	r.SetHeader("Host", "iam.bj.baidubce.com")
	r.SetHeader("Content-Type", "application/json;charset=utf-8")
	r.SetHeader("Content-Length", strconv.Itoa(len(baiduBody)))
	r.SetHeader("Content-Md5", baiduMD5())
	r.SetHeader("x-bce-date", signTime.Format("2006-01-02T15:04:05Z"))
	r.SetHeader("x-bce-request-id", "11111111-2222-4333-8444-555555555555")
	return r
}

var baiduOptions = &auth.SignOptions{HeadersToSign: auth.DEFAULT_HEADERS_TO_SIGN, Timestamp: signTime.Unix(), ExpireSeconds: auth.DEFAULT_EXPIRE_SECONDS}

// --- Huawei SDK-HMAC-SHA256 ---

type hwCreateUser struct {
	User struct {
		Name     string `json:"name"`
		DomainID string `json:"domain_id"`
		Enabled  bool   `json:"enabled"`
	} `json:"user"`
}

const hwDomain = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

var huaweiBody = []byte(`{"user":{"name":"test_user","domain_id":"` + hwDomain + `","enabled":true}}` + "\n")

func huaweiOurs() *http.Request {
	u, _ := url.Parse("https://iam.myhuaweicloud.com/v3.0/OS-USER/users")
	h := http.Header{}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("User-Agent", "cloudiam-go/0.1.0")
	h.Set("X-Domain-Id", hwDomain)
	return &http.Request{Method: http.MethodPost, URL: u, Host: u.Host, Header: h}
}

// huaweiOfficial gives the official signer the body already encoded (as a
// string, which it hashes as is), as our side gets it: the benchmark then
// measures signing alone, not the SDK's JSON encoding of a body struct
// (which its Sign does when given one, see TestSameAuthorization).
func huaweiOfficial() *hwrequest.DefaultHttpRequest {
	return hwrequest.NewHttpRequestBuilder().
		WithEndpoint("https://iam.myhuaweicloud.com").WithPath("/v3.0/OS-USER/users").WithMethod(http.MethodPost).
		AddHeaderParam("Content-Type", "application/json;charset=UTF-8").
		AddHeaderParam("User-Agent", "cloudiam-go/0.1.0").
		AddHeaderParam("X-Domain-Id", hwDomain).
		AddHeaderParam("X-Sdk-Date", signTime.Format("20060102T150405Z")).
		WithBody("body", string(huaweiBody)).Build()
}

// --- Alibaba ACS3-HMAC-SHA256 (RAM CreateUser, RPC style) ---

func acs3Ours() *http.Request {
	u, _ := url.Parse("https://ram.aliyuncs.com/?Comments=created%20by%20cloudiam&DisplayName=Test%20User&UserName=test_user")
	h := http.Header{}
	h.Set("X-Acs-Action", "CreateUser")
	h.Set("X-Acs-Version", "2015-05-01")
	return &http.Request{Method: http.MethodPost, URL: u, Host: u.Host, Header: h}
}

func acs3Official() *dara.Request {
	return &dara.Request{
		Method:   dara.String(http.MethodPost),
		Pathname: dara.String("/"),
		Query: map[string]*string{
			"Comments": dara.String("created by cloudiam"), "DisplayName": dara.String("Test User"), "UserName": dara.String("test_user"),
		},
		Headers: map[string]*string{
			"host":                  dara.String("ram.aliyuncs.com"),
			"x-acs-action":          dara.String("CreateUser"),
			"x-acs-version":         dara.String("2015-05-01"),
			"x-acs-date":            dara.String(signTime.Format("2006-01-02T15:04:05Z")),
			"x-acs-signature-nonce": dara.String(nonce),
			"user-agent":            dara.String("AlibabaCloud (linux; amd64) Go/go1.26 Core/1.0 TeaDSL/2"),
			"accept":                dara.String("application/json"),
		},
	}
}

// acs3OfficialSign is what the generic client does to sign a request: hash
// the (empty) payload, set x-acs-content-sha256, compute Authorization.
func acs3OfficialSign(r *dara.Request) string {
	alg := dara.String("ACS3-HMAC-SHA256")
	payload := hex.EncodeToString(utils.Hash([]byte(""), alg))
	r.Headers["x-acs-content-sha256"] = dara.String(payload)
	auth := utils.GetAuthorization(r, alg, dara.String(payload), dara.String(ak), dara.String(sk))
	r.Headers["Authorization"] = auth
	return dara.StringValue(auth)
}

// --- Alibaba RPC HMAC-SHA1 (for information: cloudiam's RAM client uses ACS3) ---

// The classic alibaba-cloud-sdk-go adds RegionId and an empty
// SignatureType to every RPC request; our request carries them too, so
// both sides sign the same parameters.
func rpcOurs() *http.Request {
	u, _ := url.Parse("https://ram.aliyuncs.com/?Action=CreateUser&Comments=created%20by%20cloudiam&DisplayName=Test%20User&Format=JSON&RegionId=cn-hangzhou&SignatureType=&UserName=test_user&Version=2015-05-01")
	return &http.Request{Method: http.MethodPost, URL: u, Host: u.Host, Header: http.Header{}}
}

func rpcOfficial() *ram.CreateUserRequest {
	r := ram.CreateCreateUserRequest()
	r.UserName, r.DisplayName, r.Comments = "test_user", "Test User", "created by cloudiam"
	if err := requests.InitParams(r); err != nil { // what the classic client does before signing
		panic(err)
	}
	return r
}

// rpcProvider is the classic SDK's static key, as ram.NewClientWithAccessKey sets it.
var rpcProvider = aliyuncreds.NewStaticAKCredentialsProvider(ak, sk)

// rpcOfficialSign signs r as the classic client does. Its API offers no
// way to fix the time and nonce: each signature reads the clock and makes
// a nonce, as every real call does.
func rpcOfficialSign(r *ram.CreateUserRequest) error {
	return aliyunauth.Sign(r, nil, "cn-hangzhou", rpcProvider)
}

var creds = signer.Credentials{AccessKeyID: ak, SecretAccessKey: sk}

func TestSameAuthorization(t *testing.T) {
	r := baiduOurs()
	if err := (signer.BCE{}).Sign(r, baiduBody, &signer.SignParams{Credentials: creds, Time: signTime}); err != nil {
		t.Fatal(err)
	}
	o := baiduOfficial()
	(&auth.BceV1Signer{}).Sign(o, &auth.BceCredentials{AccessKeyId: ak, SecretAccessKey: sk}, baiduOptions)
	if got, want := r.Header.Get("Authorization"), o.Header("Authorization"); got != want {
		t.Errorf("baidu:\n ours     %s\n official %s", got, want)
	}

	r = huaweiOurs()
	r.Header.Set("X-Sdk-Date", signTime.Format("20060102T150405Z"))
	if err := (signer.Huawei{}).Sign(r, huaweiBody, &signer.SignParams{Credentials: creds, Time: signTime}); err != nil {
		t.Fatal(err)
	}
	hw, err := hwsigner.Signer{}.Sign(huaweiOfficial(), ak, sk)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Header.Get("Authorization"), hw["Authorization"]; got != want {
		t.Errorf("huawei:\n ours     %s\n official %s", got, want)
	}

	r = acs3Ours()
	if err := (signer.ACS3{}).Sign(r, nil, &signer.SignParams{Credentials: creds, Time: signTime, Nonce: nonce}); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Header.Get("Authorization"), acs3OfficialSign(acs3Official()); got != want {
		t.Errorf("aliyun ACS3:\n ours     %s\n official %s", got, want)
	}
	sum := sha256.Sum256(nil)
	if r.Header.Get("X-Acs-Content-Sha256") != hex.EncodeToString(sum[:]) {
		t.Errorf("payload hash %q", r.Header.Get("X-Acs-Content-Sha256"))
	}

	// RPC: the classic SDK picks its own time and nonce; ours signs with them.
	ro := rpcOfficial()
	if err := rpcOfficialSign(ro); err != nil {
		t.Fatal(err)
	}
	q := ro.GetQueryParams()
	ts, err := time.Parse("2006-01-02T15:04:05Z", q["Timestamp"])
	if err != nil {
		t.Fatal(err)
	}
	r = rpcOurs()
	if err := (signer.RPC{}).Sign(r, nil, &signer.SignParams{Credentials: creds, Time: ts, Nonce: q["SignatureNonce"]}); err != nil {
		t.Fatal(err)
	}
	if got, want := r.URL.Query().Get("Signature"), q["Signature"]; got == "" || got != want {
		t.Errorf("aliyun RPC:\n ours     %s\n official %s", got, want)
	}
}

// TestHuaweiBodyAsString checks that the official Huawei signer signs the
// body given as a string (what BenchmarkSign gives it) exactly as the body
// struct it encodes itself in a real call.
func TestHuaweiBodyAsString(t *testing.T) {
	var body hwCreateUser
	body.User.Name, body.User.DomainID, body.User.Enabled = "test_user", hwDomain, true
	asStruct := hwrequest.NewHttpRequestBuilder().
		WithEndpoint("https://iam.myhuaweicloud.com").WithPath("/v3.0/OS-USER/users").WithMethod(http.MethodPost).
		AddHeaderParam("Content-Type", "application/json;charset=UTF-8").
		AddHeaderParam("User-Agent", "cloudiam-go/0.1.0").
		AddHeaderParam("X-Domain-Id", hwDomain).
		AddHeaderParam("X-Sdk-Date", signTime.Format("20060102T150405Z")).
		WithBody("body", &body).Build()
	a, err := hwsigner.Signer{}.Sign(asStruct, ak, sk)
	if err != nil {
		t.Fatal(err)
	}
	b, err := hwsigner.Signer{}.Sign(huaweiOfficial(), ak, sk)
	if err != nil {
		t.Fatal(err)
	}
	if a["Authorization"] != b["Authorization"] {
		t.Errorf("struct body %s\nstring body %s", a["Authorization"], b["Authorization"])
	}
}

// BenchmarkSign: one signature of the typical request. The request is built
// once; each iteration signs it afresh, as a client does on every attempt.
func BenchmarkSign(b *testing.B) {
	b.Run("baidu/cloudiam", func(b *testing.B) {
		r := baiduOurs()
		p := &signer.SignParams{Credentials: creds, Time: signTime}
		b.ReportAllocs()
		for b.Loop() {
			if err := (signer.BCE{}).Sign(r, baiduBody, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baidu/official", func(b *testing.B) {
		r := baiduOfficial()
		c := &auth.BceCredentials{AccessKeyId: ak, SecretAccessKey: sk}
		s := &auth.BceV1Signer{}
		b.ReportAllocs()
		for b.Loop() {
			s.Sign(r, c, baiduOptions)
		}
	})
	b.Run("huawei/cloudiam", func(b *testing.B) {
		r := huaweiOurs()
		p := &signer.SignParams{Credentials: creds, Time: signTime}
		b.ReportAllocs()
		for b.Loop() {
			if err := (signer.Huawei{}).Sign(r, huaweiBody, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("huawei/official", func(b *testing.B) {
		r := huaweiOfficial()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := (hwsigner.Signer{}).Sign(r, ak, sk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aliyun-acs3/cloudiam", func(b *testing.B) {
		r := acs3Ours()
		p := &signer.SignParams{Credentials: creds, Time: signTime, Nonce: nonce}
		b.ReportAllocs()
		for b.Loop() {
			if err := (signer.ACS3{}).Sign(r, nil, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aliyun-acs3/official", func(b *testing.B) {
		r := acs3Official()
		b.ReportAllocs()
		for b.Loop() {
			acs3OfficialSign(r)
		}
	})
	b.Run("aliyun-rpc/cloudiam", func(b *testing.B) {
		r := rpcOurs()
		p := &signer.SignParams{Credentials: creds, Time: signTime, Nonce: nonce}
		b.ReportAllocs()
		for b.Loop() {
			if err := (signer.RPC{}).Sign(r, nil, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aliyun-rpc/official", func(b *testing.B) {
		r := rpcOfficial()
		b.ReportAllocs()
		for b.Loop() {
			if err := rpcOfficialSign(r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

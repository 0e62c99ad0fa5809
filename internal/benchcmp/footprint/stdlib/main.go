// Command stdlib is the footprint baseline: one signed API call with the
// standard library only. It signs a GET of a Huawei IAM user with
// SDK-HMAC-SHA256 by hand (canonical request, string to sign, HMAC), sends
// it with net/http and decodes the JSON answer.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	endpoint, ak, sk := os.Getenv("HUAWEI_ENDPOINT"), os.Getenv("AK"), os.Getenv("SK")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/v3.0/OS-USER/users/"+os.Getenv("USER_ID"), nil)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	date := time.Now().UTC().Format("20060102T150405Z")
	req.Header.Set("X-Sdk-Date", date)
	req.Header.Set("Content-Type", "application/json")
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, strings.ToLower(k))
	}
	sort.Strings(names)
	var canon strings.Builder
	canon.WriteString(req.Method + "\n" + req.URL.EscapedPath() + "/\n" + req.URL.RawQuery + "\n")
	for _, n := range names {
		canon.WriteString(n + ":" + strings.TrimSpace(req.Header.Get(n)) + "\n")
	}
	empty := sha256.Sum256(nil)
	canon.WriteString("\n" + strings.Join(names, ";") + "\n" + hex.EncodeToString(empty[:]))
	crHash := sha256.Sum256([]byte(canon.String()))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("SDK-HMAC-SHA256\n" + date + "\n" + hex.EncodeToString(crHash[:])))
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+ak+", SignedHeaders="+strings.Join(names, ";")+", Signature="+hex.EncodeToString(mac.Sum(nil)))

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	var out struct {
		User struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"user"`
	}
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != http.StatusOK {
		fmt.Println(resp.Status, err)
		os.Exit(1)
	}
	fmt.Println(out.User.ID, out.User.Name)
}

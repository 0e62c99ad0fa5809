package huaweitest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/cloudiam-go/cloudiam/huawei/huaweitest"
)

// An ECS instance with an agency: the metadata service hands out the
// agency's temporary AK/SK after the token exchange, as
// http://169.254.169.254 does on Huawei Cloud.
func ExampleNewMetadataServer() {
	srv := huaweitest.NewServer()
	defer srv.Close()
	md := huaweitest.NewMetadataServer(srv.Emulator, huaweitest.WithInstanceCredentialTTL(time.Hour))
	defer md.Close()

	put, _ := http.NewRequest(http.MethodPut, md.URL+"/meta-data/latest/api/token", nil)
	put.Header.Set("X-Metadata-Token-Ttl-Seconds", "21600")
	resp, err := http.DefaultClient.Do(put)
	if err != nil {
		log.Fatal(err)
	}
	token, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	get, _ := http.NewRequest(http.MethodGet, md.URL+"/openstack/latest/securitykey", nil)
	get.Header.Set("X-Metadata-Token", string(token))
	resp, err = http.DefaultClient.Do(get)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var key struct {
		Credential struct {
			Access, Secret, Securitytoken string
			ExpiresAt                     string `json:"expires_at"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&key); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, key.Credential.Access == md.Credentials().AccessKeyID, key.Credential.Securitytoken != "")
	// Output: 200 true true
}

// Temporary AK/SK for tests that need them without an API call; they are
// refused with 401 IAM.1108 once they expire on the emulator's clock.
func ExampleEmulator_IssueTemporaryCredentials() {
	srv := huaweitest.NewServer(huaweitest.WithTemporaryCredentialTTL(time.Minute))
	defer srv.Close()
	tc := srv.IssueTemporaryCredentials(time.Hour)
	fmt.Println(len(tc.AccessKeyID), time.Until(tc.ExpiresAt).Round(time.Minute))
	// Output: 20 1m0s
}

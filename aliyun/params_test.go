package aliyun

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

// seedInput sets every request field of the seed (EIAM CreateUser) to the
// values of the eiam-CreateUser-full vector.
func seedInput() *IDaaSCreateUserInput {
	return &IDaaSCreateUserInput{
		InstanceID:                  "idaas_ue2jvisn35ea5lmthk267xxxxx",
		Username:                    "test_user",
		DisplayName:                 "Test User Zoë",
		Password:                    iam.NewSecret("Pa$$w0rd!*~"),
		PhoneRegion:                 "86",
		PhoneNumber:                 "13800000000",
		PhoneNumberVerified:         iam.Ptr(true),
		Email:                       "test_user@example.com",
		EmailVerified:               iam.Ptr(true),
		UserExternalID:              "ext-0001",
		PrimaryOrganizationalUnitID: "ou_primaryxxxxxxxxxxxxxxxxxx",
		OrganizationalUnitIDs:       []string{"ou_primaryxxxxxxxxxxxxxxxxxx", "ou_secondxxxxxxxxxxxxxxxxxxx"},
		Description:                 "seed user",
		CustomFields: []IDaaSCustomField{
			{FieldName: "nick_name", FieldValue: "tester"},
			{FieldName: "age", FieldValue: "30"},
		},
		PasswordInitializationConfig: &IDaaSPasswordInitializationConfig{
			PasswordInitializationPolicyPriority: "custom",
			PasswordForcedUpdateStatus:           "enabled",
			UserNotificationChannels:             []NotificationChannel{"email", "sms"},
			PasswordInitializationType:           "random",
		},
		ClientToken: "client-token-0009",
	}
}

// vectorQuery reads the wire query of a vector of signer/testdata/vectors/aliyun-generated.json.
func vectorQuery(t *testing.T, name string) string {
	t.Helper()
	// The project's own copy of the official vectors.
	b, err := os.ReadFile(filepath.Join("..", "signer", "testdata", "vectors", "aliyun-generated.json"))
	require.NoError(t, err)
	var cases []struct {
		Name    string
		Request struct{ URL string }
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	for _, c := range cases {
		if c.Name == name {
			u, err := url.Parse(c.Request.URL)
			require.NoError(t, err)
			return u.RawQuery
		}
	}
	t.Fatalf("vector %s not found", name)
	return ""
}

// seedQuery is the query of the eiam-CreateUser-full vector, kept here so the
// test also runs without the shared vectors.
const seedQuery = "ClientToken=client-token-0009&CustomFields.1.FieldName=nick_name&CustomFields.1.FieldValue=tester&CustomFields.2.FieldName=age&CustomFields.2.FieldValue=30&Description=seed+user&DisplayName=Test+User+Zo%C3%AB&Email=test_user%40example.com&EmailVerified=true&InstanceId=idaas_ue2jvisn35ea5lmthk267xxxxx&OrganizationalUnitIds.1=ou_primaryxxxxxxxxxxxxxxxxxx&OrganizationalUnitIds.2=ou_secondxxxxxxxxxxxxxxxxxxx&Password=Pa%24%24w0rd%21%2A~&PasswordInitializationConfig.PasswordForcedUpdateStatus=enabled&PasswordInitializationConfig.PasswordInitializationPolicyPriority=custom&PasswordInitializationConfig.PasswordInitializationType=random&PasswordInitializationConfig.UserNotificationChannels.1=email&PasswordInitializationConfig.UserNotificationChannels.2=sms&PhoneNumber=13800000000&PhoneNumberVerified=true&PhoneRegion=86&PrimaryOrganizationalUnitId=ou_primaryxxxxxxxxxxxxxxxxxx&UserExternalId=ext-0001&Username=test_user"

func TestFlatteningMatchesVector(t *testing.T) {
	assert.Equal(t, seedQuery, vectorQuery(t, "aliyun-generated/eiam-CreateUser-full"))
}

func TestEncodeParamsShapes(t *testing.T) {
	type inner struct {
		L rpcList[string] `url:"L,omitempty"`
		S string          `url:"S,omitempty"`
	}
	type params struct {
		A  string                       `url:"A"`
		N  rpcList[string]              `url:"N,omitempty"`
		O  rpcList[inner]               `url:"O,omitempty"`
		X  rpcObject[inner]             `url:"X"`
		B  *bool                        `url:"B,omitempty"`
		BN *bool                        `url:"BN,omitempty"`
		I  int                          `url:"I,omitempty"`
		E  rpcList[string]              `url:"E,omitempty"`
		NX rpcObject[inner]             `url:"NX"`
		T  AccessKeyStatus              `url:"T"`
		TL rpcList[NotificationChannel] `url:"TL"`
	}
	q, err := encodeParams(&params{
		A: "a b", N: rpcList[string]{"x", "y"},
		O: rpcList[inner]{{S: "s1"}, {L: rpcList[string]{"l1", "l2"}}},
		X: rpcObject[inner]{V: &inner{L: rpcList[string]{"z"}, S: "t"}},
		B: iam.Ptr(false), I: 7, T: AccessKeyInactive, TL: rpcList[NotificationChannel]{NotificationChannelSMS},
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"A": {"a b"}, "N.1": {"x"}, "N.2": {"y"},
		"O.1.S": {"s1"}, "O.2.L.1": {"l1"}, "O.2.L.2": {"l2"},
		"X.L.1": {"z"}, "X.S": {"t"}, "B": {"false"}, "I": {"7"},
		"T": {"Inactive"}, "TL.1": {"sms"},
	}, q, "empty lists, nil pointers and nil objects send nothing")

	q, err = encodeParams((*params)(nil))
	require.NoError(t, err)
	assert.Empty(t, q)
}

type fuzzField struct {
	FieldName  string `url:"FieldName"`
	FieldValue string `url:"FieldValue,omitempty"`
}

type fuzzInner struct {
	L rpcList[string] `url:"L,omitempty"`
	S string          `url:"S,omitempty"`
}

type fuzzParams struct {
	Name   string               `url:"Name,omitempty"`
	IDs    rpcList[string]      `url:"OrganizationalUnitIds,omitempty"`
	Fields rpcList[fuzzField]   `url:"CustomFields,omitempty"`
	Obj    rpcObject[fuzzInner] `url:"Obj"`
}

// FuzzFlattenParams: RPC flattening never fails, never loses or reorders a
// value, and numbers lists from 1, whatever the strings hold (dots, equals
// signs, ampersands, invalid UTF-8).
func FuzzFlattenParams(f *testing.F) {
	f.Add("alice", "ou_1,ou_2", "dept=a&b", "x.y")
	f.Add("", "", "", "")
	f.Add("a.1", ",,", "\xff\x00", "L.1=z")
	f.Fuzz(func(t *testing.T, name, ids, value, inner string) {
		p := fuzzParams{Name: name, Fields: rpcList[fuzzField]{{FieldName: "f", FieldValue: value}}}
		if ids != "" {
			p.IDs = strings.Split(ids, ",")
		}
		if inner != "" {
			p.Obj.V = &fuzzInner{L: rpcList[string]{inner, inner}, S: inner}
		}
		v, err := encodeParams(p)
		if err != nil {
			t.Fatalf("encodeParams: %v", err)
		}
		if name != "" && v.Get("Name") != name {
			t.Fatalf("Name = %q, want %q", v.Get("Name"), name)
		}
		for i, id := range p.IDs {
			if got := v.Get("OrganizationalUnitIds." + strconv.Itoa(i+1)); got != id {
				t.Fatalf("OrganizationalUnitIds.%d = %q, want %q", i+1, got, id)
			}
		}
		if v.Get("CustomFields.1.FieldName") != "f" || v.Get("CustomFields.1.FieldValue") != value {
			t.Fatalf("CustomFields.1 = %q/%q", v.Get("CustomFields.1.FieldName"), v.Get("CustomFields.1.FieldValue"))
		}
		if inner != "" && (v.Get("Obj.S") != inner || v.Get("Obj.L.1") != inner || v.Get("Obj.L.2") != inner) {
			t.Fatalf("Obj = %v", v)
		}
		if inner == "" && v.Has("Obj.S") {
			t.Fatalf("a nil object sent %v", v)
		}
	})
}

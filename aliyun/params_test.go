package aliyun

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-querystring/query"
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
			UserNotificationChannels:             []string{"email", "sms"},
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
		L list[string] `url:"L,omitempty"`
		S string       `url:"S,omitempty"`
	}
	type params struct {
		A  string        `url:"A"`
		N  list[string]  `url:"N,omitempty"`
		O  list[inner]   `url:"O,omitempty"`
		X  object[inner] `url:"X"`
		B  *bool         `url:"B,omitempty"`
		I  int           `url:"I,omitempty"`
		E  list[string]  `url:"E,omitempty"`
		NX object[inner] `url:"NX"`
	}
	q, err := encodeParams(&params{
		A: "a b", N: list[string]{"x", "y"},
		O: list[inner]{{S: "s1"}, {L: list[string]{"l1", "l2"}}},
		X: object[inner]{v: &inner{L: list[string]{"z"}, S: "t"}},
		B: iam.Ptr(false), I: 7,
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"A": {"a b"}, "N.1": {"x"}, "N.2": {"y"},
		"O.1.S": {"s1"}, "O.2.L.1": {"l1"}, "O.2.L.2": {"l2"},
		"X.L.1": {"z"}, "X.S": {"t"}, "B": {"false"}, "I": {"7"},
	}, q)
}

// The hand-written encoder gives what go-querystring (which it replaced in
// the library; it is only a test dependency now) gives for the field kinds
// and tags the wire structs use.
func TestEncodeParamsMatchesGoQuerystring(t *testing.T) {
	type Embedded struct {
		E string `url:"E,omitempty"`
	}
	type inner struct {
		S string `url:"S"`
	}
	type params struct {
		Embedded
		A        string        `url:"A"`
		AE       string        `url:"AE,omitempty"`
		Untagged string        // encoded under its own name
		Skip     string        `url:"-"`
		unexp    string        // never encoded
		B        *bool         `url:"B,omitempty"`
		BN       *bool         `url:"BN,omitempty"`
		I        int           `url:"I,omitempty"`
		IZ       int           `url:"IZ"`
		U        uint16        `url:"U"`
		L        list[string]  `url:"L,omitempty"`
		LE       list[string]  `url:"LE,omitempty"`
		O        object[inner] `url:"O,omitempty"`
		ON       object[inner] `url:"ON"`
		T        bool          `url:"T,omitempty"`
	}
	for _, p := range []params{
		{},
		{Embedded: Embedded{E: "e"}, A: "a&b=c", AE: "x", Untagged: "u", Skip: "no", unexp: "no", B: iam.Ptr(false),
			I: -3, U: 9, L: list[string]{"1", "2"}, O: object[inner]{v: &inner{S: "s"}}, T: true},
	} {
		want, err := query.Values(p)
		require.NoError(t, err)
		got, err := encodeParams(&p)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := encodeParams(struct{ F float64 }{1})
	assert.ErrorContains(t, err, "F")
}

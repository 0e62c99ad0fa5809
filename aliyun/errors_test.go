package aliyun

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Alibaba's error bodies, in JSON and (text/xml answers) XML: the fields
// come out decoded, whatever the escaping; anything else is not an error body.
func TestParseErrorBody(t *testing.T) {
	full := errorBody{RequestID: "8906582E-6722-409A-A6C4-0E7863B733A5", HostID: "ram.aliyuncs.com",
		Code: "InvalidParameter.UserName", Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter&product=Ram"}
	cases := []struct {
		name string
		body string
		want errorBody
		ok   bool
	}{
		{"json", `{"RequestId":"8906582E-6722-409A-A6C4-0E7863B733A5","HostId":"ram.aliyuncs.com","Code":"InvalidParameter.UserName",` +
			`"Message":"The name <x> is bad.","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidParameter&product=Ram"}`,
			withMessage(full, "The name <x> is bad."), true},
		{"xml", `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <RequestId>8906582E-6722-409A-A6C4-0E7863B733A5</RequestId>
  <HostId>ram.aliyuncs.com</HostId>
  <Code>InvalidParameter.UserName</Code>
  <Message>The name &lt;x&gt; &amp; &quot;y&quot; &#39;z&#x27; is <![CDATA[<raw> & ]]>bad.</Message>
  <Recommend>https://api.aliyun.com/troubleshoot?q=InvalidParameter&amp;product=Ram</Recommend>
</Error>`, withMessage(full, `The name <x> & "y" 'z' is <raw> & bad.`), true},
		{"xml with a stray ampersand", `<Error><Code>Throttling.User</Code><Message>a & b</Message><RequestId>R</RequestId></Error>`,
			errorBody{Code: "Throttling.User", Message: "a & b", RequestID: "R"}, true},
		{"xml under another root", `<Response><Code>InternalError</Code></Response>`, errorBody{Code: "InternalError"}, true},
		{"html page", `<html><body>502 Bad Gateway</body></html>`, errorBody{}, false},
		{"cut xml", `<Error><Code>x`, errorBody{}, false},
		{"lone bracket", `<`, errorBody{}, false},
		{"empty element", `<Error></Error>`, errorBody{}, false},
		{"garbage", `garbage`, errorBody{}, false},
		{"empty", ``, errorBody{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseErrorBody([]byte(tc.body))
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func withMessage(e errorBody, m string) errorBody {
	e.Message = m
	return e
}

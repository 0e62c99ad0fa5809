package aliyun

import "testing"

// XML error bodies: fields, entities, character references and CDATA are
// decoded as encoding/xml decodes them.
func TestParseXMLErrorBody(t *testing.T) {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <RequestId>8906582E-6722-409A-A6C4-0E7863B733A5</RequestId>
  <HostId>ram.aliyuncs.com</HostId>
  <Code>InvalidParameter.UserName</Code>
  <Message>The name &lt;x&gt; &amp; &quot;y&quot; &#39;z&#x27; is &bogus; <![CDATA[<raw> & ]]>done</Message>
  <Recommend>https://api.aliyun.com/troubleshoot?q=InvalidParameter</Recommend>
</Error>`)
	e, ok := parseErrorBody(body)
	if !ok {
		t.Fatal("not parsed")
	}
	want := errorBody{RequestID: "8906582E-6722-409A-A6C4-0E7863B733A5", HostID: "ram.aliyuncs.com", Code: "InvalidParameter.UserName",
		Message:   `The name <x> & "y" 'z' is &bogus; <raw> & done`,
		Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidParameter"}
	if e != want {
		t.Errorf("got %+v\nwant %+v", e, want)
	}
	for _, bad := range []string{`<html><body>502 Bad Gateway</body></html>`, `<Error><Code>x`, `<`, `<Error></Error>`} {
		if e, ok := parseErrorBody([]byte(bad)); ok {
			t.Errorf("%q parsed as %+v", bad, e)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestProvisionExample(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	if strings.Count(text, "(secret received)") != 3 {
		t.Errorf("want keys on baidu, huawei and RAM:\n%s", text)
	}
	if strings.Count(text, "created, then rolled back") != 3 {
		t.Errorf("want the three other clouds rolled back:\n%s", text)
	}
	if strings.Count(text, "groups [readers]") != 4 {
		t.Errorf("want the user in the readers group on every cloud:\n%s", text)
	}
	for _, p := range []string{"CAReadAccessPolicy", "Tenant Guest", "ReadOnlyAccess"} {
		if !strings.Contains(text, "group readers with "+p) {
			t.Errorf("no readers group with %s:\n%s", p, text)
		}
	}
}

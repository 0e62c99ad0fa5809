package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestRotateAccessKeyExample(t *testing.T) {
	for _, k := range []string{"BCE_ACCESS_KEY_ID", "BAIDUCLOUD_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_ID"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if n := strings.Count(out.String(), "rotated "); n != 3 {
		t.Errorf("want a rotation on baidu, huawei and RAM, got %d:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "aliyun-idaas  no access keys") {
		t.Errorf("IDaaS has no access keys:\n%s", out.String())
	}
}

package faulttest

import (
	"context"
	"testing"
	"time"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Skew is how far ahead of the client RunClockSkew's server clock runs.
const Skew = 2 * time.Hour

// SkewedClock returns the clock of a server Skew ahead of this machine,
// for an emulator's WithClock option.
func SkewedClock() func() time.Time { return func() time.Time { return time.Now().Add(Skew) } }

// RunClockSkew checks a client whose server runs SkewedClock (tg's
// emulator must use it): the first request is refused for its signing
// time, the client learns the server's clock from the Date header, signs
// again and retries once, so a create succeeds exactly once, and later
// calls are signed right at once.
func RunClockSkew(t *testing.T, tg Target) {
	tg.Front.SetClock(SkewedClock())
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	defer cancel()
	if _, err := tg.Client.CreateUser(ctx, &iam.CreateUserInput{Name: "skewed_user1"}); err != nil {
		t.Fatalf("create with a skewed clock: %v", err)
	}
	if n := tg.Front.Failed(); n != 1 {
		t.Fatalf("%d refused answers, want 1: the first request, then the re-signed one passes", n)
	}
	u, err := tg.Client.GetUser(ctx, "skewed_user1")
	if err != nil || u.Name != "skewed_user1" {
		t.Fatalf("get after the skew was learnt: %v %v", u, err)
	}
	if n := tg.Front.Failed(); n != 1 {
		t.Fatalf("%d refused answers, want still 1: the learnt clock must sign later calls right", n)
	}
	n := 0
	for u, err := range tg.Client.ListUsers(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if u.Name == "skewed_user1" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d users named skewed_user1, want 1", n)
	}
}

// SkewFault is a cloud's answer refusing the signing time (status and
// JSON body as the cloud sends them), with the server's Date: every call,
// creates included, must succeed after re-signing once.
func SkewFault(status int, body string) Case {
	h := map[string][]string{"Content-Type": {"application/json"}, "Date": {time.Now().UTC().Format(httpTimeFormat)}}
	return Case{Fault: Fault{Name: "clock-skew", Status: status, Header: h, Body: body}, Class: Throttle}
}

const httpTimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

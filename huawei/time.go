package huawei

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Time is a timestamp as Huawei IAM writes it. IAM uses several formats
// ("2020-07-08 02:19:03.0" on ShowUser, "2020-01-06T08:05:16.000000" on
// create, "2023-06-28T08:56:33.710000Z" on Keystone and credentials,
// "1579229246886" milliseconds on custom policies), all in UTC, and null
// for "never" or "not set". Time parses them leniently: the embedded
// time.Time is the parsed instant (zero for null, absent, or a
// value it cannot read) and Raw keeps the string exactly as sent ("" for
// null or absent).
type Time struct {
	time.Time
	// Raw is the value as the cloud sent it.
	Raw string
}

// timeLayouts are tried in order; fractional seconds are accepted by every
// layout when parsing.
var timeLayouts = []string{
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02",
}

// ParseTime parses a Huawei IAM timestamp in any of its formats; a value
// without a zone is UTC. Thirteen digits are milliseconds since the Unix
// epoch, as custom policies' created_time ("1579229246886").
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 13 && isDigits(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return time.UnixMilli(ms).UTC(), true
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// UnmarshalJSON reads a string or null; it never fails on an unknown format
// (the instant stays zero and Raw keeps the text).
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = Time{}
	if string(b) == "null" || len(b) == 0 {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		// A number or another type: keep the text, no instant.
		t.Raw = string(b)
		return nil
	}
	t.Raw = s
	if p, ok := ParseTime(s); ok {
		t.Time = p
	}
	return nil
}

// MarshalJSON writes Raw when set, null for the zero Time, and otherwise
// the instant in ShowUser's "YYYY-MM-DD HH:mm:ss" form.
func (t Time) MarshalJSON() ([]byte, error) {
	switch {
	case t.Raw != "":
		return json.Marshal(t.Raw)
	case t.Time.IsZero():
		return []byte("null"), nil
	}
	return json.Marshal(t.Time.UTC().Format("2006-01-02 15:04:05"))
}

// String returns Raw, or the instant in RFC 3339 when Raw is empty.
func (t Time) String() string {
	if t.Raw != "" {
		return t.Raw
	}
	if t.Time.IsZero() {
		return ""
	}
	return t.Time.UTC().Format(time.RFC3339)
}

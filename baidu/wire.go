package baidu

import (
	"bytes"
	"encoding/json"
	"time"
)

// wireTime decodes Baidu's timestamps, which Baidu writes as ISO-8601 UTC
// to the second (2019-06-06T03:42:13Z), leniently: RFC 3339 with or without
// fractional seconds or an offset; null, "" and unknown forms give the zero
// time rather than failing the whole call over a field the caller may not need.
type wireTime time.Time

// UnmarshalJSON implements json.Unmarshaler.
func (t *wireTime) UnmarshalJSON(b []byte) error {
	var s string
	if bytes.Equal(b, []byte("null")) || json.Unmarshal(b, &s) != nil || s == "" {
		*t = wireTime{}
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = wireTime(v.UTC())
			return nil
		}
	}
	*t = wireTime{}
	return nil
}

// Time returns the decoded instant.
func (t wireTime) Time() time.Time { return time.Time(t) }

// boolDefault returns *p, or def when the service omitted the field.
func boolDefault(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

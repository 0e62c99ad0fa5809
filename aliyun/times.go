package aliyun

import (
	"bytes"
	"strconv"
	"time"
)

// wireTime decodes the times of both APIs: RAM writes RFC 3339 strings
// ("2015-01-23T12:33:18Z"), EIAM writes epoch milliseconds. Empty, null,
// and EIAM's -1 ("never") decode to the zero time.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" || string(b) == `""` {
		*t = wireTime{}
		return nil
	}
	if b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return err
		}
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z", "2006-01-02 15:04:05"} {
			if v, err := time.Parse(layout, s); err == nil {
				*t = wireTime(v.UTC())
				return nil
			}
		}
		// Some answers quote epoch milliseconds.
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			*t = msTime(n)
			return nil
		}
		return &time.ParseError{Layout: time.RFC3339, Value: s, Message: ": not a time"}
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil {
			return err
		}
		n = int64(f)
	}
	*t = msTime(n)
	return nil
}

func msTime(n int64) wireTime {
	if n <= 0 {
		return wireTime{}
	}
	return wireTime(time.UnixMilli(n).UTC())
}

func (t wireTime) Time() time.Time { return time.Time(t) }

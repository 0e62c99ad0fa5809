package baidu

import (
	"bytes"
	"encoding/json"
	"errors"
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

// need checks that an answer holds what the call must return: pairs of a
// field's name and its value, each required. The error names the first one
// missing ("the answer's user has no id"); it never quotes the answer.
func need(subject string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return errors.New(subject + " has no " + pairs[i])
		}
	}
	return nil
}

// made checks the answer of a create: it must hold the id and the name of
// what it made (see call.expect).
func made(what string, id, name *string) func([]byte) error {
	return func([]byte) error { return need("the answer's "+what, "id", *id, "name", *name) }
}

// named checks an answer that must hold the name of what it reports (a
// get, an update).
func named(what string, name *string) func([]byte) error {
	return func([]byte) error { return need("the answer's "+what, "name", *name) }
}

// checkList checks a list answer: it must hold the array under key (an
// empty one is a list of nothing, a missing one is no answer), and, when
// check is set, every element must pass it.
func checkList[T any](key string, items []T, check func(*T) error) error {
	if items == nil {
		return errors.New(`the answer has no "` + key + `" array`)
	}
	if check != nil {
		for i := range items {
			if err := check(&items[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

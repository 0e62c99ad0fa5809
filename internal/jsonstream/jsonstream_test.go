package jsonstream

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

type item struct {
	N string `json:"n"`
}

func collect(body, key string) ([]string, error) {
	var got []string
	err := Each(strings.NewReader(body), key, func(dec *json.Decoder) (bool, error) {
		var it item
		if err := dec.Decode(&it); err != nil {
			return false, err
		}
		got = append(got, it.N)
		return true, nil
	})
	return got, err
}

func TestEach(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string
		err        string // substring; "" means no error
		is         error
	}{
		{"elements in order", `{"users":[{"n":"a"},{"n":"b"}]}`, []string{"a", "b"}, "", nil},
		{"other members skipped", `{"links":{"self":"x","users":[{"n":"no"}]},"users":[{"n":"a"}],"x":[1,2]}`, []string{"a"}, "", nil},
		{"empty array", `{"users":[]}`, nil, "", nil},
		{"absent", `{"links":{}}`, nil, "", ErrNotFound},
		{"null", `{"users":null}`, nil, "", ErrNotFound},
		{"not an array", `{"users":{"n":"a"}}`, nil, `"users" is '{', not an array`, nil},
		{"not an object", `[{"n":"a"}]`, nil, "is '[', not an object", nil},
		{"string answer", `"users"`, nil, "is a string, not an object", nil},
		{"empty body", ``, nil, "", io.ErrUnexpectedEOF},
		{"cut inside the array", `{"users":[{"n":"a"},{"n":`, []string{"a"}, "", io.ErrUnexpectedEOF},
		{"cut after the array", `{"users":[{"n":"a"}]`, []string{"a"}, "", io.ErrUnexpectedEOF},
		{"garbage", `{"users":[{"n":"a"} x]}`, []string{"a"}, "expected comma", nil},
		{"html page", `<html><body>502</body></html>`, nil, "invalid character '<'", nil},
		{"wrong element type", `{"users":[{"n":1}]}`, nil, "cannot unmarshal number", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := collect(c.body, "users")
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %q, want %q", got, c.want)
			}
			switch {
			case c.is != nil:
				if !errors.Is(err, c.is) {
					t.Errorf("err = %v, want %v", err, c.is)
				}
			case c.err != "":
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("err = %v, want it to contain %q", err, c.err)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestEachStopsWhenAsked(t *testing.T) {
	n := 0
	err := Each(strings.NewReader(`{"users":[{"n":"a"},{"n":"b"},{"n":"c"}]}`), "users", func(dec *json.Decoder) (bool, error) {
		var it item
		n++
		return n < 2, dec.Decode(&it)
	})
	if err != nil || n != 2 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

// A reader's own error comes back unchanged, so a caller's typed error
// (a cut-off body, a cancelled context) survives.
func TestEachKeepsReadErrors(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(`{"users":[{"n":"a"},`), iotest.ErrReader(boom))
	err := Each(r, "users", func(dec *json.Decoder) (bool, error) {
		var it item
		return true, dec.Decode(&it)
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}

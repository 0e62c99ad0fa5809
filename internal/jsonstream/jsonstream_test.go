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

// endless is a reader that yields prefix, then fill forever, counting
// what it hands out.
type endless struct {
	prefix string
	fill   byte
	n      int64
}

func (e *endless) Read(p []byte) (int, error) {
	k := 0
	for k < len(p) {
		if int(e.n) < len(e.prefix) {
			c := copy(p[k:], e.prefix[e.n:])
			k += c
			e.n += int64(c)
			continue
		}
		p[k] = e.fill
		k++
		e.n++
	}
	return k, nil
}

func decodeItems(got *[]string) func(dec *json.Decoder) (bool, error) {
	return func(dec *json.Decoder) (bool, error) {
		var it item
		if err := dec.Decode(&it); err != nil {
			return false, err
		}
		*got = append(*got, it.N)
		return true, nil
	}
}

// Every value is bounded: elements, skipped members, member names. A value
// just within the bound passes, even when the decoder reads ahead.
func TestEachBoundsEveryValue(t *testing.T) {
	const max = 200
	pad := func(n int) string { return strings.Repeat("x", n) }
	for _, c := range []struct {
		name, body string
		want       []string
		tooLarge   bool
	}{
		{"elements within the bound", `{"users":[{"n":"` + pad(max-20) + `"},{"n":"b"},{"n":"` + pad(max-20) + `"}]}`,
			[]string{pad(max - 20), "b", pad(max - 20)}, false},
		{"many small elements", `{"users":[` + strings.Repeat(`{"n":"a"},`, 200) + `{"n":"z"}]}`, nil, false},
		{"an element beyond", `{"users":[{"n":"a"},{"n":"` + pad(max) + `"}]}`, []string{"a"}, true},
		{"a skipped member beyond", `{"links":"` + pad(max) + `","users":[{"n":"a"}]}`, nil, true},
		{"a member name beyond", `{"` + pad(max) + `":1,"users":[]}`, nil, true},
		{"blanks before an element count", `{"users":[{"n":"a"},` + strings.Repeat(" ", max) + `{"n":"b"}]}`, []string{"a"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			err := each(strings.NewReader(c.body), "users", max, decodeItems(&got))
			if c.tooLarge {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("err = %v, want ErrTooLarge", err)
				}
			} else if err != nil {
				t.Fatalf("err = %v", err)
			}
			if c.want != nil && strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// An endless element (a string that never closes) stops after about
// MaxValueSize read, not when memory runs out; so does an endless member
// name, and fn's own wrapping of the decoder's error does not hide it.
func TestEachStopsAnEndlessElement(t *testing.T) {
	for _, prefix := range []string{`{"users":[{"n":"a"},{"n":"`, `{"`, `{"links":[`} {
		src := &endless{prefix: prefix, fill: 'a'}
		if prefix == `{"links":[` {
			src.fill = ' '
		}
		err := Each(src, "users", func(dec *json.Decoder) (bool, error) {
			var it item
			if err := dec.Decode(&it); err != nil {
				return false, errors.New("decoding a user failed") // not wrapped
			}
			return true, nil
		})
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1 MiB") {
			t.Fatalf("%s: err = %v", prefix, err)
		}
		if src.n > MaxValueSize+64<<10 {
			t.Fatalf("%s: %d bytes read for a bound of %d", prefix, src.n, MaxValueSize)
		}
	}
}

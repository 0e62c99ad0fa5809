// Package jsonstream walks the array under one key of a JSON object as it
// is read, one element at a time, so an unpaginated list of any length is
// decoded in constant memory.
//
// # Bounds
//
// Every value is read within MaxValueSize (1 MiB): each element of the
// array, each member skipped on the way and each member name. A longer one
// (an endless element, a string that never closes) ends the walk with an
// error matching ErrTooLarge after at most that much is read past the
// value's start, so the heap holds about twice MaxValueSize at most,
// whatever the body. The length of the whole body is the reader's to bound.
package jsonstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrNotFound is returned by Each when the object has no array under key
// (the key is absent or null).
var ErrNotFound = errors.New("jsonstream: key not found")

// MaxValueSize bounds each element of the array, and each other value of
// the object, in bytes of JSON text (the separator and blanks before it
// included).
const MaxValueSize = 1 << 20

// ErrTooLarge is matched (errors.Is) by the error of a walk that met a
// value longer than MaxValueSize.
var ErrTooLarge = errors.New("jsonstream: a value is too large")

// Each reads one JSON object from r and calls fn for each element of the
// array under the top-level key, with a decoder positioned on the element:
// fn must decode exactly one value from it (dec.Decode). Other members are
// skipped. It stops when fn returns an error or false. A read error of r is
// returned as is (errors.Is/As reach it); malformed JSON is a
// *json.SyntaxError or a *json.UnmarshalTypeError, or a plain error naming
// what was expected; a value beyond MaxValueSize matches ErrTooLarge,
// whatever fn made of the decoder's error.
func Each(r io.Reader, key string, fn func(dec *json.Decoder) (more bool, err error)) error {
	return each(r, key, MaxValueSize, fn)
}

func each(r io.Reader, key string, max int64, fn func(dec *json.Decoder) (more bool, err error)) error {
	lr := &limitReader{r: r, max: max}
	dec := json.NewDecoder(lr)
	err := walk(dec, lr, key, fn)
	if lr.hit {
		return fmt.Errorf("%w: a value of the answer is longer than %s", ErrTooLarge, size(max))
	}
	return err
}

func walk(dec *json.Decoder, lr *limitReader, key string, fn func(dec *json.Decoder) (more bool, err error)) error {
	lr.from(dec)
	if err := expectDelim(dec, '{', "an object"); err != nil {
		return err
	}
	found := false
	for dec.More() {
		lr.from(dec)
		t, err := token(dec)
		if err != nil {
			return err
		}
		name, _ := t.(string)
		lr.from(dec)
		if name != key || found {
			if err := dec.Decode(&discard{}); err != nil {
				return err
			}
			continue
		}
		found = true
		t, err = token(dec)
		if err != nil {
			return err
		}
		if t == nil { // "key": null
			found = false
			continue
		}
		if d, ok := t.(json.Delim); !ok || d != '[' {
			return fmt.Errorf("jsonstream: %q is %v, not an array", key, describe(t))
		}
		for dec.More() {
			lr.from(dec)
			more, err := fn(dec)
			if err != nil || !more {
				return err
			}
		}
		lr.from(dec)
		if _, err := token(dec); err != nil { // ']'
			return err
		}
	}
	lr.from(dec)
	if _, err := token(dec); err != nil { // '}'
		return err
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

// limitReader lets the decoder read at most max bytes past the start of
// the value it is about to read (from). It shortens reads rather than
// failing them, so a decoder reading ahead is never refused what a value
// within the bound needs; only a value that needs more fails, with
// ErrTooLarge.
type limitReader struct {
	r     io.Reader
	max   int64
	read  int64 // bytes handed to the decoder
	limit int64 // read may not pass this offset
	hit   bool
}

// from sets the bound for the value that starts at the decoder's position.
func (l *limitReader) from(dec *json.Decoder) { l.limit = dec.InputOffset() + l.max }

func (l *limitReader) Read(p []byte) (int, error) {
	left := l.limit - l.read
	if left <= 0 {
		l.hit = true
		return 0, ErrTooLarge
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// discard skips a value: the decoder checks it, nothing is kept.
type discard struct{}

func (*discard) UnmarshalJSON([]byte) error { return nil }

// token reads the next token; the end of input inside the object is
// io.ErrUnexpectedEOF.
func token(dec *json.Decoder) (json.Token, error) {
	t, err := dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return t, err
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	t, err := token(dec)
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("jsonstream: the answer is %v, not %s", describe(t), what)
	}
	return nil
}

// describe names a token for an error message without quoting its value.
func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return "'" + v.String() + "'"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

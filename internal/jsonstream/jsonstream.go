// Package jsonstream walks the array under one key of a JSON object as it
// is read, one element at a time, so an unpaginated list of any length is
// decoded in constant memory.
package jsonstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrNotFound is returned by Each when the object has no array under key
// (the key is absent or null).
var ErrNotFound = errors.New("jsonstream: key not found")

// Each reads one JSON object from r and calls fn for each element of the
// array under the top-level key, with a decoder positioned on the element:
// fn must decode exactly one value from it (dec.Decode). Other members are
// skipped. It stops when fn returns an error or false. A read error of r is
// returned as is (errors.Is/As reach it); malformed JSON is a
// *json.SyntaxError or a *json.UnmarshalTypeError, or a plain error naming
// what was expected.
func Each(r io.Reader, key string, fn func(dec *json.Decoder) (more bool, err error)) error {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{', "an object"); err != nil {
		return err
	}
	found := false
	for dec.More() {
		t, err := token(dec)
		if err != nil {
			return err
		}
		name, _ := t.(string)
		if name != key || found {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
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
			more, err := fn(dec)
			if err != nil || !more {
				return err
			}
		}
		if _, err := token(dec); err != nil { // ']'
			return err
		}
	}
	if _, err := token(dec); err != nil { // '}'
		return err
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

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

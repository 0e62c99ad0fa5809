package aliyun

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"

	"github.com/google/go-querystring/query"
)

// RPC parameter encoding. Scalars are encoded by go-querystring from `url`
// tags; lists and nested objects are flattened the way the official clients
// flatten them (they marshal the request to JSON, then walk it):
//
//	list of scalars   X: [a, b]               X.1=a&X.2=b   (1-based)
//	list of objects   X: [{F: a}]             X.1.F=a
//	nested object     X: {F: a}               X.F=a
//	list in object    X: {L: [a]}             X.L.1=a
//
// Empty lists and nil objects send nothing.

// list is a list parameter: it encodes as key.1, key.2, ... and, when its
// elements are structs, key.N.Field.
type list[T any] []T

// EncodeValues implements query.Encoder.
func (l list[T]) EncodeValues(key string, v *url.Values) error {
	for i, x := range l {
		if err := addFlat(v, key+"."+strconv.Itoa(i+1), x); err != nil {
			return err
		}
	}
	return nil
}

// object is a nested-object parameter: it encodes as key.Field; nil sends nothing.
type object[T any] struct{ v *T }

// EncodeValues implements query.Encoder.
func (o object[T]) EncodeValues(key string, v *url.Values) error {
	if o.v == nil {
		return nil
	}
	return addFlat(v, key, o.v)
}

// addFlat adds x under prefix: a struct's fields as prefix.Field, anything
// else as prefix itself.
func addFlat(v *url.Values, prefix string, x any) error {
	rv := reflect.Indirect(reflect.ValueOf(x))
	if !rv.IsValid() {
		return nil
	}
	if rv.Kind() != reflect.Struct {
		v.Add(prefix, fmt.Sprint(rv.Interface()))
		return nil
	}
	sub, err := query.Values(rv.Interface())
	if err != nil {
		return err
	}
	for k, vals := range sub {
		for _, s := range vals {
			v.Add(prefix+"."+k, s)
		}
	}
	return nil
}

// encodeParams encodes a wire request struct into RPC parameters.
func encodeParams(params any) (url.Values, error) {
	if params == nil {
		return url.Values{}, nil
	}
	return query.Values(params)
}

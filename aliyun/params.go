package aliyun

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"

	"github.com/google/go-querystring/query"
)

// RPC parameters are the wire structs of each action, encoded by
// go-querystring from their `url` tags. RPC APIs flatten lists and nested
// objects the way the official clients do (they marshal the request to JSON,
// then walk it), which go-querystring has no option for; rpcList and
// rpcObject do that step as query.Encoders:
//
//	list of scalars   X: [a, b]               X.1=a&X.2=b   (1-based)
//	list of objects   X: [{F: a}]             X.1.F=a
//	nested object     X: {F: a}               X.F=a
//	list in object    X: {L: [a]}             X.L.1=a
//
// Empty lists and nil objects send nothing.

// encodeParams encodes a wire struct into RPC parameters.
func encodeParams(params any) (url.Values, error) { return query.Values(params) }

// rpcList is a list parameter: key.1, key.2, ... and, when its elements are
// structs, key.N.Field.
type rpcList[T any] []T

// EncodeValues implements query.Encoder.
func (l rpcList[T]) EncodeValues(key string, v *url.Values) error {
	for i, x := range l {
		if err := addFlat(v, key+"."+strconv.Itoa(i+1), x); err != nil {
			return err
		}
	}
	return nil
}

// rpcObject is a nested-object parameter: key.Field for each field of *V;
// a nil V sends nothing.
type rpcObject[T any] struct{ V *T }

// EncodeValues implements query.Encoder.
func (o rpcObject[T]) EncodeValues(key string, v *url.Values) error {
	if o.V == nil {
		return nil
	}
	return addFlat(v, key, o.V)
}

// addFlat adds x under key: a struct's parameters (encoded by go-querystring)
// as key.Name, anything else as key itself.
func addFlat(v *url.Values, key string, x any) error {
	if reflect.Indirect(reflect.ValueOf(x)).Kind() != reflect.Struct {
		v.Add(key, fmt.Sprint(x))
		return nil
	}
	inner, err := query.Values(x)
	if err != nil {
		return err
	}
	for name, values := range inner {
		for _, s := range values {
			v.Add(key+"."+name, s)
		}
	}
	return nil
}

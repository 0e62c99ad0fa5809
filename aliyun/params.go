package aliyun

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// RPC parameter encoding. Scalars are encoded from `url` tags (addStruct);
// lists and nested objects are flattened the way the official clients
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

// EncodeValues implements paramEncoder.
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

// EncodeValues implements paramEncoder.
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
	return addStruct(*v, prefix+".", rv)
}

// encodeParams encodes a wire request struct into RPC parameters.
func encodeParams(params any) (url.Values, error) {
	out := url.Values{}
	rv := reflect.Indirect(reflect.ValueOf(params))
	if !rv.IsValid() {
		return out, nil
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("aliyun: parameters must be a struct, not %s", rv.Type())
	}
	return out, addStruct(out, "", rv)
}

// paramEncoder is a field that encodes itself (list and object).
type paramEncoder interface {
	EncodeValues(key string, v *url.Values) error
}

// addStruct adds the fields of struct rv, each under prefix + its name: the
// `url` tag's name (the field's name without one; "-" skips it), with
// ",omitempty" skipping an empty string, zero number, false or empty list.
// A nil pointer sends nothing; embedded structs are flattened. (What
// go-querystring did for these structs, in a page of code.)
func addStruct(v url.Values, prefix string, rv reflect.Value) error {
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		tag := f.Tag.Get("url")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := rv.Field(i)
		if f.Anonymous && name == "" && reflect.Indirect(fv).Kind() == reflect.Struct {
			if fv.Kind() == reflect.Pointer && fv.IsNil() {
				continue
			}
			if err := addStruct(v, prefix, reflect.Indirect(fv)); err != nil {
				return err
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		if e, ok := fv.Interface().(paramEncoder); ok {
			if err := e.EncodeValues(prefix+name, &v); err != nil {
				return err
			}
			continue
		}
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		}
		var s string
		switch fv.Kind() {
		case reflect.String:
			s = fv.String()
		case reflect.Bool:
			s = strconv.FormatBool(fv.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			s = strconv.FormatInt(fv.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			s = strconv.FormatUint(fv.Uint(), 10)
		default:
			return fmt.Errorf("aliyun: cannot encode parameter %s of type %s", prefix+name, fv.Type())
		}
		v.Add(prefix+name, s)
	}
	return nil
}

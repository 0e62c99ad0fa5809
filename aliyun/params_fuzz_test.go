package aliyun

import (
	"strconv"
	"strings"
	"testing"
)

// fuzzField is a custom field as EIAM's CustomFields.N.* sends it.
type fuzzField struct {
	FieldName  string `url:"FieldName"`
	FieldValue string `url:"FieldValue,omitempty"`
}

type fuzzInner struct {
	L list[string] `url:"L,omitempty"`
	S string       `url:"S,omitempty"`
}

type fuzzParams struct {
	Name   string            `url:"Name,omitempty"`
	IDs    list[string]      `url:"OrganizationalUnitIds,omitempty"`
	Fields list[fuzzField]   `url:"CustomFields,omitempty"`
	Obj    object[fuzzInner] `url:"Obj,omitempty"`
}

// FuzzFlattenParams: RPC flattening never panics, never loses or reorders
// a value, and numbers lists from 1, whatever the strings hold (dots,
// equals signs, ampersands, invalid UTF-8).
func FuzzFlattenParams(f *testing.F) {
	f.Add("alice", "ou_1,ou_2", "dept=a&b", "x.y")
	f.Add("", "", "", "")
	f.Add("a.1", ",,", "\xff\x00", "L.1=z")
	f.Fuzz(func(t *testing.T, name, ids, value, inner string) {
		p := fuzzParams{Name: name, Fields: list[fuzzField]{{FieldName: "f", FieldValue: value}}}
		if ids != "" {
			p.IDs = strings.Split(ids, ",")
		}
		if inner != "" {
			p.Obj = object[fuzzInner]{v: &fuzzInner{L: list[string]{inner, inner}, S: inner}}
		}
		v, err := encodeParams(p)
		if err != nil {
			t.Fatalf("encodeParams: %v", err)
		}
		if name != "" && v.Get("Name") != name {
			t.Fatalf("Name = %q, want %q", v.Get("Name"), name)
		}
		for i, id := range p.IDs {
			if got := v.Get("OrganizationalUnitIds." + strconv.Itoa(i+1)); got != id {
				t.Fatalf("OrganizationalUnitIds.%d = %q, want %q", i+1, got, id)
			}
		}
		if v.Get("CustomFields.1.FieldName") != "f" || v.Get("CustomFields.1.FieldValue") != value {
			t.Fatalf("CustomFields.1 = %q/%q", v.Get("CustomFields.1.FieldName"), v.Get("CustomFields.1.FieldValue"))
		}
		if inner != "" && (v.Get("Obj.S") != inner || v.Get("Obj.L.1") != inner || v.Get("Obj.L.2") != inner) {
			t.Fatalf("Obj = %v", v)
		}
		if inner == "" && v.Has("Obj.S") {
			t.Fatalf("a nil object sent %v", v)
		}
	})
}

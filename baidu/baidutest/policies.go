package baidutest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// policyModel is PolicyModel; attachTime only in the lists of attached
// policies.
type policyModel struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	CreateTime  jsonTime  `json:"createTime"`
	AttachTime  *jsonTime `json:"attachTime,omitempty"`
	Description string    `json:"description"`
	Document    string    `json:"document"`
}

func policyJSON(p *policyRec) policyModel {
	return policyModel{ID: p.id, Name: p.name, Type: p.typ, CreateTime: jsonTime(p.created), Description: p.description, Document: p.document}
}

// createPolicyRequest is the body of POST /v1/policy.
type createPolicyRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Document    *string `json:"document"`
}

// updatePolicyRequest is the body of POST /v1/policy/{policyName}: the
// official SDK also sends policyName (ignored) and always sends document,
// empty when unchanged.
type updatePolicyRequest struct {
	PolicyName  *string `json:"policyName"`
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Document    *string `json:"document"`
}

const policyNameRule = "The policy name must be 1-64 characters."

// checkACL validates a policy document in Baidu's ACL format and returns it
// as the service stores it (see canonicalACL), or a message saying what is
// wrong.
func checkACL(doc, id string) (string, string) {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "", "The document must be a JSON object (an ACL)."
	}
	list, ok := v["accessControlList"].([]any)
	if !ok || len(list) == 0 {
		return "", "The document must have a non-empty accessControlList."
	}
	for _, x := range list {
		entry, ok := x.(map[string]any)
		if !ok {
			return "", "Each accessControlList entry must be an object."
		}
		for _, f := range []string{"service", "region"} {
			if s, ok := entry[f].(string); !ok || s == "" {
				return "", "Each accessControlList entry needs a " + f + "."
			}
		}
		if eff, _ := entry["effect"].(string); eff != "Allow" && eff != "Deny" {
			return "", "The effect of an accessControlList entry must be Allow or Deny."
		}
		if !stringList(entry["permission"], false) {
			return "", "Each accessControlList entry needs a non-empty permission list of strings."
		}
		if r, ok := entry["resource"]; ok && !stringList(r, true) {
			return "", "The resource of an accessControlList entry must be a list of strings."
		}
	}
	out, err := canonicalACL(v, id)
	if err != nil {
		return "", "The document cannot be stored."
	}
	return out, ""
}

func stringList(v any, emptyOK bool) bool {
	l, ok := v.([]any)
	if !ok || (!emptyOK && len(l) == 0) {
		return false
	}
	for _, x := range l {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}

// canonicalACL writes an ACL the way Baidu returns a stored document: the
// policy's own id injected as "id":"policy_<id>" and the keys reordered
// (sorted), so a client must not expect its bytes back.
func canonicalACL(v map[string]any, id string) (string, error) {
	v["id"] = "policy_" + id
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func (e *Emulator) createPolicy(rw *reply, body []byte) {
	var in createPolicyRequest
	if !decode(rw, body, &in) {
		return
	}
	if in.Name == nil || !validNewName(*in.Name, maxPolicyName) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", policyNameRule)
		return
	}
	if in.Document == nil || *in.Document == "" {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", "The document is required.")
		return
	}
	id := randomHex(16)
	doc, msg := checkACL(*in.Document, id)
	if msg != "" {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", msg)
		return
	}
	p := &policyRec{id: id, name: *in.Name, typ: PolicyCustom, document: doc, created: e.clock()}
	if in.Description != nil {
		p.description = *in.Description
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.policy(p.name, PolicyCustom) != nil {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The policy "+p.name+" already exists.")
		return
	}
	a.custom = append(a.custom, p)
	rw.ok(http.StatusCreated, policyJSON(p))
}

// findPolicy finds the policy of the type or answers 404.
func (a *acl) findPolicy(rw *reply, name, typ string) *policyRec {
	p := a.policy(name, typ)
	if p == nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The "+strings.ToLower(typ)+" policy "+name+" does not exist.")
	}
	return p
}

func (e *Emulator) getPolicy(rw *reply, r *http.Request, name string) {
	typ, ok := policyTypeParam(rw, r)
	if !ok {
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	if p := a.findPolicy(rw, name, typ); p != nil {
		rw.ok(http.StatusOK, policyJSON(p))
	}
}

func (e *Emulator) listPolicies(rw *reply, r *http.Request) {
	typ, ok := policyTypeParam(rw, r)
	if !ok {
		return
	}
	// nameFilter: Baidu does not say how it matches; the emulator keeps the
	// names that contain it, ignoring case.
	filter := strings.ToLower(r.URL.Query().Get("nameFilter"))
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	list := a.custom
	if typ == PolicySystem {
		list = a.system
	}
	out := struct {
		Policies []policyModel `json:"policies"`
	}{Policies: []policyModel{}}
	for _, p := range list {
		if filter == "" || strings.Contains(strings.ToLower(p.name), filter) {
			out.Policies = append(out.Policies, policyJSON(p))
		}
	}
	rw.ok(http.StatusOK, out)
}

// updatePolicy serves POST /v1/policy/{policyName}: custom policies only
// (a system policy is not found there, as the path has no policyType).
func (e *Emulator) updatePolicy(rw *reply, name string, body []byte) {
	var in updatePolicyRequest
	if !decode(rw, body, &in) {
		return
	}
	// Empty values are "not set": the official SDK sends document always.
	if in.Name != nil && *in.Name != "" && !validNewName(*in.Name, maxPolicyName) {
		rw.fail(http.StatusBadRequest, "InappropriateJSON", policyNameRule)
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.findPolicy(rw, name, PolicyCustom)
	if p == nil {
		return
	}
	doc := p.document
	if in.Document != nil && *in.Document != "" {
		var msg string
		if doc, msg = checkACL(*in.Document, p.id); msg != "" {
			rw.fail(http.StatusBadRequest, "InappropriateJSON", msg)
			return
		}
	}
	if in.Name != nil && *in.Name != "" && *in.Name != p.name {
		if a.policy(*in.Name, PolicyCustom) != nil {
			rw.fail(http.StatusConflict, codeAlreadyExists, "The policy "+*in.Name+" already exists.")
			return
		}
		p.name = *in.Name
	}
	if in.Description != nil {
		p.description = *in.Description
	}
	p.document = doc
	rw.ok(http.StatusOK, policyJSON(p))
}

func (e *Emulator) deletePolicy(rw *reply, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.findPolicy(rw, name, PolicyCustom)
	if p == nil {
		return
	}
	if why := a.inUse(p); why != "" {
		rw.fail(http.StatusConflict, codeDeleteConflict, "The policy "+name+" cannot be deleted: "+why+"; detach it first.")
		return
	}
	a.custom = slices.DeleteFunc(a.custom, func(x *policyRec) bool { return x == p })
	rw.ok(http.StatusOK, nil)
}

// attachments returns the attachment list of the user, group or role (the
// caller holds the acl's lock) and a setter for a changed list, or the
// service's message when the entity does not exist.
func (e *Emulator) attachments(kind, name string) ([]attachment, func([]attachment), string) {
	a := e.acl
	switch kind {
	case grantUser:
		u, err := e.st.UserByName(name)
		if err != nil {
			return nil, nil, "The user " + name + " does not exist."
		}
		return a.userPols[u.ID], func(l []attachment) {
			if len(l) == 0 {
				delete(a.userPols, u.ID)
			} else {
				a.userPols[u.ID] = l
			}
		}, ""
	case grantGroup:
		g := a.group(name)
		if g == nil {
			return nil, nil, "The group " + name + " does not exist."
		}
		return g.policies, func(l []attachment) { g.policies = l }, ""
	default:
		r := a.role(name)
		if r == nil {
			return nil, nil, "The role " + name + " does not exist."
		}
		return r.policies, func(l []attachment) { r.policies = l }, ""
	}
}

// holder is attachments answering 404 when the entity does not exist.
func (e *Emulator) holder(rw *reply, kind, name string) ([]attachment, func([]attachment), bool) {
	list, set, msg := e.attachments(kind, name)
	if msg != "" {
		rw.fail(http.StatusNotFound, codeNotFound, msg)
		return nil, nil, false
	}
	return list, set, true
}

var kindWord = map[string]string{grantUser: "user", grantGroup: "group", grantRole: "role"}

// attachment serves PUT (attach) and DELETE (detach) of
// /v1/{user|group|role}/{name}/policy/{policyName}?policyType=.
func (e *Emulator) attachment(rw *reply, r *http.Request, kind, name, policyName string) {
	typ, ok := policyTypeParam(rw, r)
	if !ok {
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	list, set, ok := e.holder(rw, kind, name)
	if !ok {
		return
	}
	p := a.findPolicy(rw, policyName, typ)
	if p == nil {
		return
	}
	i := attached(list, p)
	who := "the " + kindWord[kind] + " " + name
	if r.Method == http.MethodDelete {
		if i < 0 {
			rw.fail(http.StatusNotFound, codeNotFound, "The policy "+policyName+" is not attached to "+who+".")
			return
		}
		set(slices.Delete(slices.Clone(list), i, i+1))
		rw.ok(http.StatusOK, nil)
		return
	}
	if i >= 0 {
		rw.fail(http.StatusConflict, codeAlreadyExists, "The policy "+policyName+" is already attached to "+who+".")
		return
	}
	if kind == grantGroup && a.maxPoliciesPerGroup > 0 && len(list) >= a.maxPoliciesPerGroup {
		rw.fail(http.StatusBadRequest, codeLimitExceeded, "The group "+name+" already has the maximum number of policies attached.")
		return
	}
	set(append(slices.Clone(list), attachment{policy: p, at: e.clock()}))
	rw.ok(http.StatusOK, nil)
}

// listAttached serves GET /v1/{user|group|role}/{name}/policy.
func (e *Emulator) listAttached(rw *reply, kind, name string) {
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	list, _, ok := e.holder(rw, kind, name)
	if !ok {
		return
	}
	out := struct {
		Policies []policyModel `json:"policies"`
	}{Policies: make([]policyModel, 0, len(list))}
	for _, at := range list {
		m := policyJSON(at.policy)
		m.AttachTime = optTime(at.at)
		out.Policies = append(out.Policies, m)
	}
	rw.ok(http.StatusOK, out)
}

// entityModel is PolicyAttachedEntity.
type entityModel struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	AttachTime jsonTime `json:"attachTime"`
	at         time.Time
}

// listEntities serves GET /v1/policy/{policyId}/entity (grant "") and
// /v1/policy/{policyId}/grant/{grantType}.
func (e *Emulator) listEntities(rw *reply, policyID, grant string) {
	if grant != "" && kindWord[grant] == "" {
		rw.fail(http.StatusBadRequest, "InvalidHTTPRequest", "grantType must be UserPolicy, GroupPolicy or RolePolicy.")
		return
	}
	a := e.acl
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.policyByID(policyID)
	if p == nil {
		rw.fail(http.StatusNotFound, codeNotFound, "The policy "+policyID+" does not exist.")
		return
	}
	var ents []entityModel
	add := func(kind, id, name string, list []attachment) {
		if grant != "" && grant != kind {
			return
		}
		if i := attached(list, p); i >= 0 {
			ents = append(ents, entityModel{ID: id, Name: name, Type: kind, AttachTime: jsonTime(list[i].at), at: list[i].at})
		}
	}
	for id, list := range a.userPols {
		if u, err := e.st.UserByID(id); err == nil {
			add(grantUser, u.ID, u.Name, list)
		}
	}
	for _, g := range a.groups {
		add(grantGroup, g.id, g.name, g.policies)
	}
	for _, r := range a.roles {
		add(grantRole, r.id, r.name, r.policies)
	}
	slices.SortStableFunc(ents, func(x, y entityModel) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return strings.Compare(x.Type+x.Name, y.Type+y.Name)
	})
	if ents == nil {
		ents = []entityModel{}
	}
	rw.ok(http.StatusOK, map[string]any{"entities": ents})
}

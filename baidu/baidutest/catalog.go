package baidutest

import (
	"crypto/md5"
	"encoding/hex"
	"time"
)

// catalogEntry is a system policy of the catalog.
type catalogEntry struct {
	name, description, service string
	permission                 []string
}

// systemCatalog lists Baidu system policies by the names Baidu's product
// documentation gives them (product policies are "<Product>FullControlAccessPolicy",
// "...ReadAccessPolicy" and the like). Their documents are in Baidu's ACL
// format but illustrative: Baidu publishes the names and what they grant,
// not the documents. AddPolicy with Type PolicySystem adds more.
var systemCatalog = []catalogEntry{
	// Cloud Assistant (BCC documentation, "Identity and access management").
	{"CAFullControlAccessPolicy", "Full control permission for cloud assistant management", "bce:ca", []string{"FULL_CONTROL"}},
	{"CAReadAccessPolicy", "Read-only permission for cloud assistant", "bce:ca", []string{"READ"}},
	// Qianfan (ERNIE) model platform.
	{"QianfanFullControlAccessPolicy", "Full control permission for Qianfan", "bce:qianfan", []string{"FULL_CONTROL"}},
	{"QianfanReadAccessPolicy", "Read-only permission for Qianfan", "bce:qianfan", []string{"READ"}},
	{"QianfanServiceReadAccessPolicy", "Read-only permission for Qianfan services", "bce:qianfan", []string{"READ"}},
	// Cloud Advisor (ACA documentation, "多账户和用户访问控制").
	{"ACAFullAccessPolicy", "Full control permission for Cloud Advisor", "bce:aca", []string{"FULL_CONTROL"}},
	{"ACAOperateAccessPolicy", "Operation permission for Cloud Advisor", "bce:aca", []string{"OPERATE"}},
	{"ACAReadAccessPolicy", "Read-only permission for Cloud Advisor", "bce:aca", []string{"READ"}},
}

// catalogTime is the creation time reported for system policies.
var catalogTime = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)

// catalog returns fresh records of the system policies, with ids derived
// from their names (the same in every emulator) and documents in Baidu's
// ACL format.
func catalog() []*policyRec {
	out := make([]*policyRec, 0, len(systemCatalog))
	for _, c := range systemCatalog {
		sum := md5.Sum([]byte("system-policy:" + c.name))
		id := hex.EncodeToString(sum[:])
		doc, _ := canonicalACL(map[string]any{"accessControlList": []any{map[string]any{
			"service": c.service, "region": "*", "effect": "Allow",
			"permission": c.permission, "resource": []string{"*"},
		}}}, id)
		out = append(out, &policyRec{id: id, name: c.name, typ: PolicySystem, description: c.description,
			document: doc, created: catalogTime})
	}
	return out
}

package huaweitest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// sysPermission is a system role or system policy of the catalog every
// emulated account sees through GET /v3/roles.
type sysPermission struct {
	id, name, displayName string
	typ                   string // AX, XA, AA
	catalog               string
	policy                bool // a system policy (flag fine_grained, Version 1.1), else a role (Version 1.0)
	description           string
	descriptionCn         string
	actions               []string
	deny                  []string
	depends               [][2]string // catalog, display name
}

// stableID derives a permission's or project's id from its name, so that
// ids are the same in every emulator (as system permissions' are on Huawei
// Cloud): 32 lower-case hexadecimal characters.
func stableID(kind, name string) string {
	h := sha256.Sum256([]byte("huaweitest/" + kind + "/" + name))
	return hex.EncodeToString(h[:16])
}

// systemCatalog holds system roles and system policies of Huawei Cloud IAM
// under their real display names, types (AX, XA, AA) and catalogs, with
// the internal names the public sources give (te_admin, readonly,
// system_all_1001, ...; the emulator's own for the few they do not).
// Descriptions and documents are abbreviated to the main actions.
var systemCatalog = func() []*sysPermission {
	role := func(display, name, typ, catalog, desc, descCn string, actions []string, depends ...[2]string) *sysPermission {
		return &sysPermission{name: name, displayName: display, typ: typ, catalog: catalog, description: desc,
			descriptionCn: descCn, actions: actions, depends: depends}
	}
	policy := func(display, name, typ, catalog, desc, descCn string, actions ...string) *sysPermission {
		return &sysPermission{name: name, displayName: display, typ: typ, catalog: catalog, policy: true,
			description: desc, descriptionCn: descCn, actions: actions}
	}
	base := [2]string{"BASE", "Tenant Guest"}
	server := [2]string{"BASE", "Server Administrator"}
	list := []*sysPermission{
		// System roles (Version 1.0).
		role("Tenant Administrator", "te_admin", "AA", "BASE", "Tenant Administrator (Exclude IAM)", "全部云服务管理员（除IAM管理权限）", []string{"*:*:*"}),
		role("Tenant Guest", "readonly", "AA", "BASE", "Tenant Guest (Exclude IAM)", "全部云服务只读权限（除IAM权限）", []string{"*:*:get*", "*:*:list*"}),
		role("Security Administrator", "secu_admin", "AX", "BASE", "IAM Administrator", "IAM管理员", []string{"iam:*:*"}),
		role("Agent Operator", "te_agency", "AX", "BASE", "Agent Operator", "委托操作员", []string{"iam:tokens:assume"}),
		role("Server Administrator", "server_adm", "XA", "BASE", "Server Administrator", "服务器管理员", []string{"ecs:*:*", "evs:*:*", "vpc:*:*"}, base),
		role("VPC Administrator", "vpc_netadm", "XA", "VPC", "Virtual Private Cloud administrator", "虚拟私有云管理员", []string{"vpc:*:*"}, base),
		role("DNS Administrator", "dns_adm", "XA", "DNS", "DNS Administrator", "云解析服务管理员", []string{"dns:*:*"}, base, [2]string{"VPC", "VPC Administrator"}),
		role("CES Administrator", "ces_adm", "XA", "CES", "Cloud Eye administrator", "云监控服务管理员", []string{"ces:*:*"}, base),
		role("RDS Administrator", "rds_adm", "XA", "RDS", "Relational Database Service administrator", "关系型数据库管理员", []string{"rds:*:*"}, server, base),
		role("KMS Administrator", "kms_adm", "XA", "KMS", "Key Management Service administrator", "密钥管理服务管理员", []string{"kms:*:*"}, base),
		role("ELB Administrator", "elb_adm", "XA", "ELB", "Elastic Load Balance administrator", "弹性负载均衡管理员", []string{"elb:*:*"}, base),
		role("CCE Administrator", "cce_adm", "XA", "CCE", "Cloud Container Engine administrator", "云容器引擎管理员", []string{"cce:*:*"}, server, base),
		role("CTS Administrator", "cts_adm", "XA", "CTS", "Cloud Trace Service administrator", "云审计服务管理员", []string{"cts:*:*"}, base),
		role("VSS Administrator", "wscn_adm", "XA", "VulnScan", "Vulnerability Scan Service administrator of tasks and reports.", "漏洞扫描服务管理员", []string{"WebScan:*:*"}, server, base),
		role("OBS Administrator", "obs_adm", "AX", "OBS", "Object Storage Service administrator", "对象存储服务管理员", []string{"obs:*:*"}),
		role("CCS User", "ccs_user", "AX", "CCS", "Cloud Catalog Service user", "云目录服务普通用户", []string{"ccs:*:get*", "ccs:*:list*"}),

		// System policies (Version 1.1, flag fine_grained).
		policy("FullAccess", "system_all_1001", "AA", "BASE", "Full permissions for all services that support policy-based authorization.", "所有支持策略授权服务的所有权限", "*:*:*"),
		policy("IAM ReadOnlyAccess", "system_all_1002", "AX", "IAM", "Read-only permissions for IAM.", "统一身份认证服务的只读权限", "iam:*:get*", "iam:*:list*", "iam:*:check*"),
		policy("OBS ReadOnlyAccess", "system_all_36", "AX", "OBS", "Permissions to list buckets, obtain bucket metadata, list objects, and query bucket location.", "查看桶列表、获取桶元数据、列举桶内对象、查询桶位置", "obs:bucket:ListAllMyBuckets", "obs:bucket:HeadBucket", "obs:bucket:ListBucket", "obs:bucket:GetBucketLocation"),
		policy("OBS OperateAccess", "system_all_37", "AX", "OBS", "Basic operations on objects, such as listing and uploading.", "对象的基本操作权限", "obs:bucket:ListAllMyBuckets", "obs:bucket:ListBucket", "obs:object:GetObject", "obs:object:PutObject"),
		policy("ECS FullAccess", "system_all_0", "XA", "ECS", "All permissions of ECS service.", "弹性云服务器的所有权限", "ecs:*:*", "evs:*:*", "vpc:*:*", "ims:*:*"),
		policy("ECS CommonOperations", "system_all_1", "XA", "ECS", "Common permissions of ECS service, except installation, delete, reinstallation and so on.", "弹性云服务器的基本操作权限", "ecs:*:get*", "ecs:*:list*", "ecs:cloudServers:start", "ecs:cloudServers:stop", "ecs:cloudServers:reboot"),
		policy("ECS ReadOnlyAccess", "system_all_2", "XA", "ECS", "The read-only permissions to all ECS resources, which can be used for statistics and survey.", "弹性云服务器的只读权限", "ecs:*:get*", "ecs:*:list*"),
		policy("EVS ReadOnlyAccess", "system_all_3", "XA", "EVS", "The read-only permissions to all EVS resources.", "云硬盘的只读权限", "evs:*:get*", "evs:*:list*"),
		policy("VPC FullAccess", "system_all_5", "XA", "VPC", "Full permissions for Virtual Private Cloud.", "虚拟私有云的所有权限", "vpc:*:*"),
		policy("VPC ReadOnlyAccess", "system_all_6", "XA", "VPC", "The read-only permissions to all VPC resources.", "虚拟私有云的只读权限", "vpc:*:get*", "vpc:*:list*"),
		policy("CSE Admin", "system_all_34", "XA", "CSE", "All permissions of CSE service.", "微服务引擎服务管理员权限", "cse:*:*", "ecs:*:*", "evs:*:*", "vpc:*:*"),
		policy("SMN FullAccess", "system_all_50", "XA", "SMN", "All permissions of Simple Message Notification.", "消息通知服务的所有权限", "smn:*:*"),
		policy("RMS FullAccess", "system_all_60", "AX", "RMS", "Full permissions for Config.", "配置审计服务的所有权限", "rms:*:*"),
	}
	for _, p := range list {
		p.id = stableID("role", p.displayName)
		if p.displayName == "Tenant Administrator" {
			p.deny = []string{"iam:*:*"}
		}
	}
	return list
}()

// document renders the permission's policy document.
func (p *sysPermission) document() json.RawMessage {
	version := "1.0"
	if p.policy {
		version = "1.1"
	}
	st := []any{map[string]any{"Action": p.actions, "Effect": "Allow"}}
	if len(p.deny) > 0 {
		st = append(st, map[string]any{"Action": p.deny, "Effect": "Deny"})
	}
	doc := map[string]any{"Version": version, "Statement": st}
	if len(p.depends) > 0 {
		deps := make([]any, 0, len(p.depends))
		for _, d := range p.depends {
			deps = append(deps, map[string]string{"catalog": d[0], "display_name": d[1]})
		}
		doc["Depends"] = deps
	}
	b, _ := json.Marshal(doc)
	return b
}

// shape renders the permission as GET /v3/roles lists it.
func (p *sysPermission) shape(base string) map[string]any {
	m := map[string]any{
		"id": p.id, "name": p.name, "display_name": p.displayName, "type": p.typ, "catalog": p.catalog,
		"description": p.description, "description_cn": p.descriptionCn, "policy": p.document(),
		"links": map[string]any{"self": base + "/v3/roles/" + p.id, "previous": nil, "next": nil},
	}
	if p.policy {
		m["flag"] = "fine_grained"
	}
	return m
}

func systemByID(id string) *sysPermission {
	for _, p := range systemCatalog {
		if p.id == id {
			return p
		}
	}
	return nil
}

// defaultProjects are the region projects of a new emulated account.
var defaultProjects = []string{"cn-north-4", "cn-north-1", "cn-east-3", "cn-east-2", "cn-south-1", "ap-southeast-1", "ap-southeast-3"}

// validProjectName reports whether s can name a project: a region id,
// optionally with "_subproject".
func validProjectName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "_")
}

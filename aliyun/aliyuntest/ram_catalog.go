package aliyuntest

import (
	"encoding/json"
	"strings"
)

// systemPolicy is one entry of the emulator's catalog of RAM system
// policies: real names, with descriptions and documents in RAM's grammar.
// The real documents are longer; these grant the same kind of access.
type systemPolicy struct {
	name, description string
	actions           []string
}

// ramSystemPolicies is the catalog ListPolicies PolicyType=System answers
// and the system policies that can be attached, in ListPolicies order.
var ramSystemPolicies = []systemPolicy{
	{"AdministratorAccess", "Provides full access to Alibaba Cloud services and resources.", []string{"*"}},
	{"ReadOnlyAccess", "Provides read-only access to all Alibaba Cloud services and resources.", []string{"*:Describe*", "*:List*", "*:Get*", "*:BatchGet*", "*:Query*", "*:BatchQuery*"}},
	{"AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM).", []string{"ram:*"}},
	{"AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management (RAM).", []string{"ram:Get*", "ram:List*"}},
	{"AliyunSTSAssumeRoleAccess", "Provides access to call Security Token Service (STS) AssumeRole interface.", []string{"sts:AssumeRole"}},
	{"AliyunECSFullAccess", "Provides full access to Elastic Compute Service(ECS) via Management Console.", []string{"ecs:*"}},
	{"AliyunECSReadOnlyAccess", "Provides read-only access to Elastic Compute Service(ECS) via Management Console.", []string{"ecs:Describe*", "ecs:List*"}},
	{"AliyunECSAssistantFullAccess", "Provides full access to Cloud Assistant via Management Console.", []string{"ecs:*Command*", "ecs:*Invocation*"}},
	{"AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS) via Management Console.", []string{"oss:*"}},
	{"AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS) via Management Console.", []string{"oss:Get*", "oss:List*"}},
	{"AliyunRDSFullAccess", "Provides full access to ApsaraDB for RDS via Management Console.", []string{"rds:*"}},
	{"AliyunRDSReadOnlyAccess", "Provides read-only access to ApsaraDB for RDS via Management Console.", []string{"rds:Describe*"}},
	{"AliyunVPCFullAccess", "Provides full access to Virtual Private Cloud (VPC) via Management Console.", []string{"vpc:*"}},
	{"AliyunVPCReadOnlyAccess", "Provides read-only access to Virtual Private Cloud (VPC) via Management Console.", []string{"vpc:Describe*", "vpc:Get*", "vpc:List*"}},
	{"AliyunSLBFullAccess", "Provides full access to Server Load Balancer (SLB) via Management Console.", []string{"slb:*"}},
	{"AliyunSLBReadOnlyAccess", "Provides read-only access to Server Load Balancer (SLB) via Management Console.", []string{"slb:Describe*"}},
	{"AliyunCDNFullAccess", "Provides full access to Alibaba Cloud CDN via Management Console.", []string{"cdn:*"}},
	{"AliyunCDNReadOnlyAccess", "Provides read-only access to Alibaba Cloud CDN via Management Console.", []string{"cdn:Describe*"}},
	{"AliyunKvstoreFullAccess", "Provides full access to ApsaraDB for Redis via Management Console.", []string{"kvstore:*"}},
	{"AliyunKvstoreReadOnlyAccess", "Provides read-only access to ApsaraDB for Redis via Management Console.", []string{"kvstore:Describe*"}},
	{"AliyunLogFullAccess", "Provides full access to Simple Log Service via Management Console.", []string{"log:*"}},
	{"AliyunLogReadOnlyAccess", "Provides read-only access to Simple Log Service via Management Console.", []string{"log:Get*", "log:List*"}},
	{"AliyunCloudMonitorFullAccess", "Provides full access to CloudMonitor via Management Console.", []string{"cms:*"}},
	{"AliyunCloudMonitorReadOnlyAccess", "Provides read-only access to CloudMonitor via Management Console.", []string{"cms:Describe*", "cms:Query*", "cms:List*"}},
	{"AliyunDNSFullAccess", "Provides full access to Alibaba Cloud DNS via Management Console.", []string{"alidns:*"}},
	{"AliyunDNSReadOnlyAccess", "Provides read-only access to Alibaba Cloud DNS via Management Console.", []string{"alidns:Describe*"}},
	{"AliyunBSSFullAccess", "Provides full access to Billing Management via Management Console.", []string{"bss:*", "bssapi:*"}},
	{"AliyunBSSReadOnlyAccess", "Provides read-only access to Billing Management via Management Console.", []string{"bss:Describe*", "bssapi:Query*"}},
	{"AliyunKMSFullAccess", "Provides full access to Key Management Service (KMS) via Management Console.", []string{"kms:*"}},
	{"AliyunActionTrailFullAccess", "Provides full access to ActionTrail via Management Console.", []string{"actiontrail:*"}},
	{"AliyunCSFullAccess", "Provides full access to Container Service for Kubernetes (ACK) via Management Console.", []string{"cs:*"}},
	{"AliyunCSReadOnlyAccess", "Provides read-only access to Container Service for Kubernetes (ACK) via Management Console.", []string{"cs:Get*", "cs:Describe*"}},
	{"AliyunContainerRegistryFullAccess", "Provides full access to Container Registry via Management Console.", []string{"cr:*"}},
	{"AliyunFCFullAccess", "Provides full access to Function Compute via Management Console.", []string{"fc:*"}},
	{"AliyunFCReadOnlyAccess", "Provides read-only access to Function Compute via Management Console.", []string{"fc:Get*", "fc:List*"}},
	{"AliyunNASFullAccess", "Provides full access to Apsara File Storage NAS via Management Console.", []string{"nas:*"}},
	{"AliyunNASReadOnlyAccess", "Provides read-only access to Apsara File Storage NAS via Management Console.", []string{"nas:Describe*"}},
	{"AliyunOTSFullAccess", "Provides full access to Tablestore via Management Console.", []string{"ots:*"}},
	{"AliyunOTSReadOnlyAccess", "Provides read-only access to Tablestore via Management Console.", []string{"ots:BatchGet*", "ots:Describe*", "ots:Get*", "ots:List*"}},
	{"AliyunMNSFullAccess", "Provides full access to Message Service (MNS) via Management Console.", []string{"mns:*"}},
	{"AliyunECIFullAccess", "Provides full access to Elastic Container Instance (ECI) via Management Console.", []string{"eci:*"}},
	{"AliyunExpressConnectReadOnlyAccess", "Provides read-only access to Express Connect via Management Console.", []string{"vpc:DescribeRouterInterfaces", "vpc:DescribeVirtualBorderRouters"}},
}

// systemDocument is a catalog entry's policy document.
func (p systemPolicy) document() string {
	var action any = p.actions
	if len(p.actions) == 1 {
		action = p.actions[0]
	}
	b, _ := json.Marshal(map[string]any{
		"Version":   "1",
		"Statement": []map[string]any{{"Action": action, "Resource": "*", "Effect": "Allow"}},
	})
	return string(b)
}

// isSystemPolicyName reports whether name is in the catalog.
func isSystemPolicyName(name string) bool {
	for _, p := range ramSystemPolicies {
		if strings.EqualFold(p.name, name) {
			return true
		}
	}
	return false
}

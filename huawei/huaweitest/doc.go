// Package huaweitest is an in-process emulator of Huawei Cloud IAM for
// tests, examples and tools: NewServer starts it on a loopback address, and
// the official Huawei SDK, this module's huawei.Client, or any HTTP client
// can call it as they would call https://iam.myhuaweicloud.com.
//
//	srv := huaweitest.NewServer()
//	defer srv.Close()
//	ak, sk := srv.Credentials()
//	c, err := huawei.New(huawei.Config{Endpoint: srv.URL, AccessKeyID: ak,
//		SecretAccessKey: iam.NewSecret(sk), DomainID: srv.DomainID()})
//
// # Options, seeding and inspection
//
// NewServer takes the options every cloudiam emulator takes:
// WithCredentials (fixed root AK/SK; random by default), WithSessionToken
// (the root keys become temporary ones whose security token must
// accompany every request), WithMaxAccessKeysPerUser and WithClock, plus
// Huawei's own WithDomain and WithPasswordValidity, and for groups and
// permissions WithMaxGroups (20), WithMaxGroupPermissions (200),
// WithMaxCustomPolicies (200) and WithProjects (the region projects:
// cn-north-4, cn-north-1, cn-east-3, cn-east-2, cn-south-1, ap-southeast-1
// and ap-southeast-3 by default).
//
// Tests set the account up and check what a call did through public types
// only: AddUser seeds a User, Users lists them, AccessKeys lists a user's
// keys (never their secrets) and LoginProfile reads a user's console login
// (access mode, password, pwd_status and login protection). AddGroup,
// Groups, AddUserToGroup and GroupMembers seed and read groups and their
// members; AddGrant, Grants and UserGrants the permissions granted to a
// group (on the account, all projects, a project or an enterprise project)
// or to a user (enterprise projects); Permissions lists the system
// catalog, AddCustomPolicy and CustomPolicies the account's custom
// policies, and AddProject and Projects its projects.
//
// # What it serves
//
// The paths, status codes and JSON shapes of the real service:
//
//	GET    /v3/auth/domains                                  200 (the account)
//	POST   /v3/auth/tokens                                   201, token in X-Subject-Token (password method)
//	POST   /v3.0/OS-USER/users                               201 {"user":{...}} (create shape)
//	GET    /v3.0/OS-USER/users/{user_id}                     200 (every field of the ShowUser answer)
//	PUT    /v3.0/OS-USER/users/{user_id}                     200
//	GET    /v3/users[?domain_id&enabled&name&password_expires_at]  200 {"links","users"} (no paging)
//	POST   /v3/users, GET and PATCH /v3/users/{user_id}      Keystone create (201), show, update
//	DELETE /v3/users/{user_id}                               204 (with the user's keys)
//	GET    /v3.0/OS-USER/users/{user_id}/login-protect       200, or 404 IAM.0004 when never configured
//	PUT    /v3.0/OS-USER/users/{user_id}/login-protect       200
//	POST   /v3.0/OS-CREDENTIAL/credentials                   201 with the secret (only here)
//	GET    /v3.0/OS-CREDENTIAL/credentials[?user_id=]        200 (no user_id: the caller's keys)
//	GET    /v3.0/OS-CREDENTIAL/credentials/{access_key}      200 with last_use_time
//	PUT    /v3.0/OS-CREDENTIAL/credentials/{access_key}      200 (status active|inactive, description)
//	DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}      204
//	POST   /v3.0/OS-CREDENTIAL/securitytokens                201 temporary AK/SK (token or assume_role method)
//	POST   /v3.0/OS-AUTH/id-token/tokens                     201, federation token in X-Subject-Token (X-Idp-Id)
//	POST   /v3/groups, GET /v3/groups[?domain_id&name]       201 {"group"}, 200 {"groups","links"} (no paging)
//	GET, PATCH, DELETE /v3/groups/{group_id}                 200, 200, 204 (with memberships and grants)
//	PUT, HEAD, DELETE /v3/groups/{group_id}/users/{user_id}  204 (PUT again: 204), 204 or 404, 204
//	GET    /v3/groups/{group_id}/users, /v3/users/{user_id}/groups   200 (no paging)
//	GET    /v3/roles[?name&domain_id&display_name&permission_type&type&catalog&page&per_page]  200
//	GET    /v3/roles/{role_id}                               200 (system or custom)
//	POST, GET /v3.0/OS-ROLE/roles[?page&per_page]            201, 200 {"roles","total_number"}
//	GET, PATCH, DELETE /v3.0/OS-ROLE/roles/{role_id}         200 (with references), 200, 200 {"message"}
//	PUT, HEAD, DELETE, GET grants of a group on the account, a project and all projects:
//	       /v3/domains/{domain_id}/groups/{group_id}/roles[/{role_id}]
//	       /v3/projects/{project_id}/groups/{group_id}/roles[/{role_id}]
//	       /v3/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles[/{role_id}]/inherited_to_projects
//	PUT, DELETE, GET grants on enterprise projects:
//	       /v3.0/OS-PERMISSION/enterprise-projects/{ep_id}/{groups|users}/{id}/roles[/{role_id}]
//	GET    /v3.0/OS-PERMISSION/groups/{group_id}/enterprise-projects  200
//	GET    /v3.0/OS-PERMISSION/role-assignments?domain_id=...  200 {"total_num","role_assignments"}
//	GET    /v3/projects[?domain_id&name&parent_id&enabled&is_domain&page&per_page], /v3/projects/{id}
//
// Every answer carries X-Request-Id. Errors use the shape the real service
// uses on each API: {"error_code","error_msg","request_id"} on the v3.0
// OS-USER APIs and the API gateway (APIGW.0301 for refused credentials),
// Keystone's {"error":{"code","message","title"}} on /v3 and OS-CREDENTIAL
// (400 "akSkNumExceed" for a third key), and the hybrid
// {"error":{"code":409,"error_code":null,...}} for a duplicate user name,
// group name or grant. The custom policy, enterprise project and role
// assignment APIs (/v3.0) answer in the first shape. An unknown path is
// 404 and a known path with another method 405.
//
// # Authentication
//
// Every request but POST /v3/auth/tokens must carry an SDK-HMAC-SHA256
// signature (verified with package signer, within 15 minutes of the
// emulator's clock) by the root key of Credentials or by an active key
// created through the API, or an X-Auth-Token the emulator issued (valid
// 24 hours, revoked when the user is deleted or disabled). Wrong secrets,
// unknown and inactive keys are refused with 401 APIGW.0301; a key of a
// disabled user gets 403 IAM.0080 and of a console-only user 403 IAM.0081.
// An X-Domain-Id other than DomainID is refused. Every authenticated
// principal may call every API: the emulator has no permission model.
//
// # Temporary credentials, agencies, federation and instance metadata
//
// POST /v3.0/OS-CREDENTIAL/securitytokens issues temporary AK/SK
// ({"credential":{"access","secret","securitytoken","expires_at"}}) for
// the token method (a password token or a federation token, in
// X-Auth-Token or auth.identity.token.id) and for the assume_role method
// (an agency added with AddAgency, of this account's domain_id or
// domain_name, called with AK/SK or a token); duration_seconds is 900 to
// 86400, 900 by default. POST /v3.0/OS-AUTH/id-token/tokens exchanges an
// OpenID Connect ID token of an identity provider added with
// AddIdentityProvider (X-Idp-Id) for an unscoped federation token, which
// only securitytokens accepts. NewMetadataServer starts the ECS/BMS
// metadata service of an instance with an agency (the token exchange
// PUT /meta-data/latest/api/token and GET /openstack/latest/securitykey),
// whose credentials this emulator issues; IssueTemporaryCredentials issues
// some directly.
//
// Temporary AK/SK authenticate, with their security token signed as
// X-Security-Token, until they expire on the emulator's clock (WithClock);
// then every request they sign is refused with 401
// {"error_code":"IAM.1108","error_msg":"The securitytoken has expired."},
// IAM's code for an expired security token. WithTemporaryCredentialTTL
// caps their lifetime so that tests see them expire in seconds.
//
// # Rules it enforces
//
// User names (1-64 letters, digits, spaces, '-', '_', '.', not starting
// with a digit or space; 1101), unique names (409), email (1102), phone
// digits (1104), areacode with phone (1106), xuser_type with xuser_id
// (1105), access_mode (1120), description (1117), password strength (8-32
// characters, two character classes; 1118) and reuse (1108), two access
// keys per user, and the password_expires_at operators lt, lte, gt, gte,
// eq and neq (a null expiry matches none). Passwords never expire unless
// WithPasswordValidity is given. vmfa login protection is accepted without
// a bound MFA device, since the emulator has no MFA devices.
//
// # Groups and permissions
//
// The catalog holds system roles (Tenant Administrator, Tenant Guest,
// Security Administrator, Agent Operator, Server Administrator, ...) and
// system policies (FullAccess, IAM ReadOnlyAccess, OBS ReadOnlyAccess, ECS
// ReadOnlyAccess, VPC FullAccess, ...) under their real display names,
// types and catalogs, account-level (AX), project-level (XA) and both
// (AA); their ids are the same in every emulator. display_name filters
// match any part of the name, case aside, as IAM's loose filter does.
//
// Groups: names of 1-128 characters without control characters and
// unique (409), descriptions of at most 255, at least one field to update,
// at most WithMaxGroups groups (400 "... reached the maximum allowed
// limit."). A user joins at most 10 groups (400); joining again changes
// nothing (204); removing a non-member is 404. Deleting a group removes its
// memberships and grants, and deleting a user its memberships and grants,
// as Keystone does (IAM documents no precondition).
//
// Grants: the group, project, permission and domain must exist (404); a
// permission is granted on the account only if it is AX or AA and on a
// project or all projects only if it is XA or AA (400, the emulator's
// reading of where the types apply); a grant that exists is 409; a group
// holds at most WithMaxGroupPermissions grants on the account and projects
// and 500 on enterprise projects (400). Enterprise projects are any
// well-formed id ("0" is the default one): the emulator keeps no
// enterprise project list. Revoking a missing grant is 404.
//
// Custom policies: display_name (at most 128 characters, unique: 409
// IAM.0005), type AX or XA, description and policy required (IAM.0072);
// the document must be Version "1.1" with statements whose Action is a
// list of service:resource:action, Effect Allow or Deny, Condition
// {operator: {key: [values]}} and Resource a list of names (or, for the
// action iam:agencies:assume alone, {"uri":[...]}), at most 6144
// characters (400 IAM.0007); at most WithMaxCustomPolicies policies. A
// policy still granted cannot be deleted (400 IAM.0007), as the console
// documents. Custom policies have the catalog "CUSTOMED", a generated
// name, and created_time and updated_time in epoch milliseconds.
//
// Paging: page and per_page go together, per_page 1-300 on the permission
// lists, 1-5000 on projects and 1-50 on role assignments (400 otherwise);
// without them GET /v3/roles answers its first 300.
package huaweitest

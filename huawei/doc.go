// Package huawei is a client of Huawei Cloud IAM (Keystone v3 and the v3.0
// OS-USER and OS-CREDENTIAL extensions, signed with SDK-HMAC-SHA256): the
// user, login-protection and permanent-access-key operations as native
// methods, and the portable iam.Client built on them.
//
// # Native client
//
// New (or NewFromEnv) returns a *Client whose methods are the service's
// operations, named as in Huawei's API reference and official SDK, each
// taking a context and an input struct and returning an output struct
// that carries the request id:
//
//	users:            CreateUser (POST /v3.0/OS-USER/users), ShowUser (GET /v3.0/OS-USER/users/{id}),
//	                  ListUsers (GET /v3/users), UpdateUser (PUT /v3.0/OS-USER/users/{id}),
//	                  DeleteUser (DELETE /v3/users/{id})
//	login protection: ShowUserLoginProtect, UpdateLoginProtect (/v3.0/OS-USER/users/{id}/login-protect)
//	access keys:      CreatePermanentAccessKey, ListPermanentAccessKeys, ShowPermanentAccessKey,
//	                  UpdatePermanentAccessKey, DeletePermanentAccessKey (/v3.0/OS-CREDENTIAL/credentials)
//	groups:           CreateGroup, ShowGroup, UpdateGroup, DeleteGroup, ListGroups (/v3/groups),
//	                  AddUserToGroup, CheckUserInGroup, RemoveUserFromGroup (/v3/groups/{id}/users/{id}),
//	                  ListUsersForGroup, ListGroupsForUser
//	permissions:      ListPermissions, ShowPermission (GET /v3/roles: system roles and policies, and
//	                  with a domain id the custom policies)
//	custom policies:  CreateCloudServiceCustomPolicy, CreateAgencyCustomPolicy, ListCustomPolicies,
//	                  ShowCustomPolicy, UpdateCloudServiceCustomPolicy, UpdateAgencyCustomPolicy,
//	                  DeleteCustomPolicy (/v3.0/OS-ROLE/roles)
//	group grants:     AssociateGroupWith{Domain,Project,AllProjects}Permission,
//	                  Check{Domain,Project,AllProjects}PermissionForGroup,
//	                  Remove{Domain,Project,AllProjects}PermissionFromGroup,
//	                  List{Domain,Project,AllProjects}PermissionsForGroup (/v3/domains, /v3/projects,
//	                  /v3/OS-INHERIT), and on enterprise projects AssociateRoleToGroupOnEnterpriseProject,
//	                  RevokeRoleFromGroupOnEnterpriseProject, ListRolesForGroupOnEnterpriseProject,
//	                  ListEnterpriseProjectsForGroup (/v3.0/OS-PERMISSION)
//	user grants:      AssociateRoleToUserOnEnterpriseProject, RevokeRoleFromUserOnEnterpriseProject,
//	                  ListRolesForUserOnEnterpriseProject (enterprise projects only, as in IAM v3)
//	grant records:    ShowDomainRoleAssignments (GET /v3.0/OS-PERMISSION/role-assignments)
//	projects:         ListProjects, ShowProject (/v3/projects)
//	account:          ListAuthDomains (GET /v3/auth/domains), DomainID
//	temporary keys:   CreateTemporaryAccessKeyByAgency, CreateTemporaryAccessKeyByToken
//	                  (POST /v3.0/OS-CREDENTIAL/securitytokens)
//
// User carries every field of the ShowUser answer (and the extra fields of
// the create and update answers); ListedUser every field of the Keystone
// list. Timestamps are Time values: IAM writes them in several UTC formats
// and as null, and Time keeps both the parsed instant and the raw text.
// ListUsers takes all four filters of the API: DomainID, Enabled, Name
// (exact) and PasswordExpiresAt, a typed {Operator, Time} whose operators
// lt, lte, gt, gte, eq and neq are checked before sending. The Keystone
// list has no paging; its links object is returned as sent.
//
// Inputs are checked before any request leaves: a user name is 1-64
// letters, digits, spaces, '-', '_' or '.', not starting with a digit or a
// space; a password at most 32 characters; an email at most 255; a phone at
// most 32 digits, set together with its areacode; xuser_type (<= 64) and
// xuser_id (<= 128) together; access_mode default, programmatic or console;
// a description at most 255 characters; ids non-empty letters, digits,
// '-', '_' and '.'. A broken rule is an *iam.Error of Kind
// iam.ErrInvalidArgument whose Field names the field. Passwords, secrets
// and tokens are iam.Secret values and never print.
//
// # Authentication and configuration
//
// With AccessKeyID and SecretAccessKey every attempt is signed afresh with
// SDK-HMAC-SHA256, with the headers the official Go SDK signs (User-Agent,
// X-Domain-Id, X-Sdk-Date, and X-Security-Token for temporary keys), JSON
// bodies written as the SDK writes them (HTML characters unescaped, a
// trailing newline) and Content-Type "application/json;charset=UTF-8" on
// requests with a body, "application/json" otherwise. IAM is a global
// service and wants X-Domain-Id: Config.DomainID, or, when empty, the first
// domain of GET /v3/auth/domains, looked up once per Client (concurrent
// first calls share one lookup). Alternatively Config.AuthToken is sent as
// X-Auth-Token with no signing.
//
// Temporary AK/SK carry their security token in Config.SessionToken, sent
// and signed as X-Security-Token. Config.Credentials, in place of the
// three, is a provider asked for the keys at every attempt (see
// Credentials, below).
//
// The endpoint is https://iam.myhuaweicloud.com by default; Config.Region
// selects https://iam.{region}.myhuaweicloud.com (eu-west-101 uses the .eu
// host) and Config.Endpoint any other. Plain http is refused except on a
// loopback host unless AllowInsecureHTTP is set. ConfigFromEnv and
// NewFromEnv take the endpoint from HUAWEICLOUD_SDK_IAM_ENDPOINT or the
// region of HUAWEICLOUD_SDK_REGION, and the credentials from the default
// chain (below); NewFromEnv's options then set what the environment does
// not hold. Config.Timeout bounds each HTTP attempt,
// Config.UserAgent is appended to the User-Agent, and Config.Observer sees
// every portable call, API request and HTTP attempt.
//
// Reads, updates and deletes are retried on throttling and 5xx; creates
// (CreateUser, CreatePermanentAccessKey, CreateGroup, grants, custom
// policies), password changes and the changes of the portable
// SetLoginProfile only when the server certainly did not act (429 or
// IAM.0012, a refused signature or credentials; a 503 is no such proof).
// Otherwise, and when a call fails after its change was made, the error
// matches iam.ErrOutcomeUnknown: check before trying again. An X-Sdk-Date
// the gateway refuses as expired is signed again with the gateway's clock
// (its Date header) and retried once.
//
// Every answer is checked before it is used: a create's, a get's or an
// update's must hold what IAM always sends (the id and name of a user,
// group, project or permission, a key's id and user, a new key's secret),
// a list's its array with the id and name of every element, and an answer
// IAM sends without a body must be empty or JSON. Anything else is
// iam.ErrInvalidResponse (and iam.ErrOutcomeUnknown after a create): a
// spoiled answer to a name lookup is never read as "not found". Passwords
// sent in a body are scrubbed from every error and log line, including a
// refusal that quotes them.
//
// # URLs
//
// Importing the package registers a zero URLOpener for the scheme
// "huawei" (Scheme) on iam.DefaultURLMux:
//
//	c, err := iam.Open(ctx, "huawei://?region=cn-north-4")
//
// Parameters: domain_id, profile (the section of the credentials file the
// default chain reads: global by default, basic, or another), region,
// endpoint, insecure_http, max_attempts and timeout (the per-attempt limit,
// Config.Timeout). Credentials come from the default chain as for
// ConfigFromEnv, read at the first call, not when opening. Register a
// URLOpener with its fields set (HTTPClient, Logger, Observer,
// MaxAttempts, MinBackoff, MaxBackoff, UserAgent, Credentials,
// CredentialsOptions) on an iam.URLMux of your own, or Replace it on the
// default one, to configure URL-opened clients; a URL parameter wins over
// the field of the same meaning.
//
// # Credentials
//
// DefaultCredentials (which ConfigFromEnv, NewFromEnv and iam.Open use) is
// the chain of Huawei Cloud's SDKs, tried in their order at the first call
// that needs credentials:
//
//	env       HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN,
//	          HUAWEICLOUD_SDK_DOMAIN_ID; OIDC federation instead when
//	          HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE are set
//	profile   ~/.huaweicloud/credentials (or HUAWEICLOUD_SDK_CREDENTIALS_FILE), INI,
//	          section [global] (CredentialsOptions.Profile or profile= picks
//	          [basic] or another): ak, sk, security_token, domain_id, or
//	          idp_id, id_token_file and iam_endpoint for federation
//	metadata  the ECS/BMS instance's agency: PUT http://169.254.169.254/meta-data/latest/api/token
//	          (X-Metadata-Token-Ttl-Seconds), then GET /openstack/latest/securitykey
//	          (X-Metadata-Token); without a token after 404, 405 or 503
//
// The first source with credentials wins; when none has, the call fails
// before any request with an error naming every source and why (an
// *iam.CredentialsChainError inside; iam.ErrNoCredentials when nothing is
// configured at all), without a secret. Each source is also available
// alone (EnvCredentials, ProfileCredentials, MetadataCredentials,
// FederationCredentials), and AgencyCredentials assumes an agency (委托)
// over any of them (POST /v3.0/OS-CREDENTIAL/securitytokens, assume_role).
// Every constructor returns an iam.CredentialsCache: credentials are
// fetched once for any number of goroutines and refreshed 40 minutes
// before they expire, as Huawei's SDKs do (DefaultRefreshBefore;
// AgencyCredentials refreshes no earlier than a third of the way through
// the lifetime it asks for, 5 minutes before expiry for IAM's default 900
// seconds). A refresh that fails while the old credentials still work
// leaves them in use. Static keys (Config.AccessKeyID) stay the one-line
// case, and sign without a provider.
//
// IAM wants the account id (X-Domain-Id) with AK/SK. Config.DomainID wins;
// else the id that came with the credentials (HUAWEICLOUD_SDK_DOMAIN_ID, a
// file's domain_id, an agency's DomainID, a federation token's account);
// else it is looked up once per Client with GET /v3/auth/domains, with the
// temporary keys of an instance too.
//
// The metadata service and IAM's credential endpoints are bounded in time
// (metadata: 1 s to connect, never through a proxy, 3 s a request, 5 s for
// the whole exchange; IAM: 2 s to connect, 10 s a request) so that a host
// without them never hangs a call. A credentials file readable by its
// group or by others (Unix) is read with a warning through
// CredentialsOptions.Logger. Secrets and tokens never appear in logs,
// errors or %v. When IAM answers that a security token has expired
// (401 IAM.1108) the cached credentials are dropped once and the request is
// signed again with fresh ones. The emulator in package huaweitest serves
// the token, agency and federation APIs and an instance's metadata service
// (NewMetadataServer), so that every source runs offline.
//
// # Portable API
//
// Client.IAM returns the iam.Client, which checks every argument against
// Capabilities before anything is sent. Capabilities declares what IAM
// documents: user names of 1-64 characters, descriptions and emails of at
// most 255, passwords of 6 to 32 characters (6 is the lowest minimum an
// account's password policy can set; a stricter policy is IAM's to
// enforce), two access keys per user, and MFA by sms, email or totp. No
// phone length is declared, since IAM bounds the number (32 digits) while
// the portable Phone also carries the country code; the driver checks the
// number itself. Only the description can be cleared (a pointer to ""):
// IAM requires an email to be an address and a phone number to be digits,
// so clearing either is iam.ErrUnsupported.
//
// Users are addressed by name: each call resolves the name to its user_id
// with ListUsers' exact name filter (never by guessing), and a name no user
// has is iam.ErrNotFound. A name with a character no IAM user name has
// (anything but letters, digits, spaces, '-', '_' and '.') is
// iam.ErrInvalidArgument on Field "userName", before any request; a
// leading digit or space, which IAM refuses for new names only, still
// addresses a user named under older rules. New names (CreateUser's Name,
// UpdateUser's NewName), emails and phones are checked against IAM's rules
// before any request too, with the iam package's Field names. Huawei users
// have no display name (iam.ErrUnsupported). The portable Phone is
// "<areacode>-<number>", such as "0086-13800000000". GetUser and UpdateUser
// return ShowUser's details; ListUsers makes one request (no paging) and
// ignores PageSize, and its users carry the list's fields only.
//
// Huawei has no login-profile resource; the mapping is:
//   - console access is access_mode default or console: GetLoginProfile is
//     iam.ErrNotFound for a programmatic-only user, SetLoginProfile sets
//     access_mode default for such a user, and DeleteLoginProfile sets
//     access_mode programmatic (the password and login protection stay
//     stored by IAM: no v3 API deletes a password);
//   - the password is set with UpdateUser; PasswordSet reads pwd_strength
//     ("None" means no password); PasswordResetRequired is pwd_status;
//   - MFA is login protection, with iam.MFASMS (sms), iam.MFAEmail (email)
//     and iam.MFATOTP (vmfa, which needs a bound virtual MFA device). IAM
//     offers several methods, so MFARequired true needs MFAMethod in the
//     same call (iam.ErrInvalidArgument otherwise, before any request); a
//     method alone turns protection on with it, MFANone alone turns it off,
//     and turning it off keeps the stored method.
//
// Access keys are permanent access keys, at most two per user, Active or
// Inactive. Enable, Disable and Delete first check that the key belongs
// to the named user (iam.ErrNotFound otherwise). ListAccessKeys shows each
// key for its last use time; a key never used reports no LastUsedAt.
//
// # Groups and permissions
//
// IAM v3 gives users permissions through user groups: a permission (a
// system role, a system policy or a custom policy; Role and CustomPolicy)
// is granted to a group on a scope, and the group's members hold it. A
// permission's type says where it can be granted: AX on the account
// (global services such as IAM and OBS), XA on region projects (one, or
// all of them through the inherited OS-INHERIT grant), AA on both.
// Permissions are looked up by display name and granted by id; IAM's
// display_name filter matches loosely ("Administrator" finds every
// administrator role), so compare Role.DisplayName for an exact match.
//
// The native calls check before any request: ids as for users, group
// names of 1-128 characters without control characters (an older
// reference page says 64; IAM's current pages and the official SDK say
// 128; IAM v3 documents no character rule), descriptions of at most 255
// characters, a custom policy's display name (at most 128), type (AX or
// XA), and document (Version "1.1", at least one statement, each with
// actions and an Effect of Allow or Deny, at most 6144 characters; an
// agency policy's only action is iam:agencies:assume and its Resource
// names agencies by URI). The number of statements, actions, resources and
// conditions is not bounded: an older limits page says 8, 100, 10 and 10,
// IAM's current quota page says unlimited. Keystone's group lists do not
// page (AllGroups, AllUsersForGroup and AllGroupsForUser read them as they
// arrive); the permission, custom policy, project and role assignment
// lists page with page and per_page (both or neither), and their All*
// iterators ask for one page after the other until a page is short.
//
// Grants and revokes have no body and answer 204; a grant that exists is
// refused with 409 (iam.ErrAlreadyExists), a revoke of a missing one is
// iam.ErrNotFound, and the Check calls read HEAD's 204 and 404 as true and
// false. Adding a member again succeeds. As in Keystone, deleting a group
// removes its memberships and grants, and deleting a user its memberships:
// IAM documents no precondition for either. DeleteCustomPolicy is refused
// (400) while the policy is granted: ShowCustomPolicy counts its
// References. IAM's quotas (20 groups per account by default, 10 groups
// per user, 200 permissions per group on IAM projects, 200 custom policies)
// have no documented error codes; a refusal whose message says the
// "maximum allowed limit" or a "quota" is reached is iam.ErrLimitExceeded.
//
// Through the portable API, groups are addressed by name: each call
// resolves the name with ListGroups' exact name filter (iam.ErrNotFound
// when no group has it). New names (CreateGroup's Name, UpdateGroup's
// NewName) follow the stricter of IAM's two rules, IAM v5's letters,
// digits, spaces, '_', '-', '{' and '}', so that they are valid whichever
// rule v3 applies; groups named otherwise are still addressed. A
// PolicyRef names a system role or policy (PolicySystem) or a custom
// policy (PolicyCustom) by display name. AttachGroupPolicy with
// PolicyRef.Project (a project's name such as "cn-north-4", found with
// ListProjects, or its id) grants on that project, for XA and AA
// permissions (an AX one is iam.ErrInvalidArgument on Field
// "PolicyRef.Project"); without a project it grants in the whole account:
// an AX permission on the account, an XA one on all projects (the
// inherited grant), and an AA one both, a call that completes a half-made
// grant and whose Detach revokes both. ListGroupPolicies lists the
// account-wide grants (Project "") and then each project's (Project is the
// project's id, which the policy's Ref() passes back to
// DetachGroupPolicy). ListPolicies lists the system permissions, then the
// custom policies (PageSize at most 300 a page). CreatePolicy passes the
// document through as it is, as a cloud service custom policy of type AX
// when every action belongs to a global service (iam, obs, cdn, tms, eps,
// bss, rms, organizations) and XA otherwise; the native call chooses the
// type explicitly. DeletePolicy first revokes the policy's grants to
// groups (on the account, all projects, projects and enterprise projects)
// and to users (enterprise projects), found with ShowDomainRoleAssignments;
// a grant to an agency is left, and IAM then refuses the delete.
// DeleteGroup and DeleteUser delete at once, since IAM removes the
// memberships and grants itself. AttachUserPolicy, DetachUserPolicy and
// ListUserPolicies are not in Capabilities (iam.ErrUnsupported): IAM v3
// grants permissions to groups only (a user's own grants exist on
// enterprise projects alone), so a user's permissions are those of its
// groups (ListUserGroups, then ListGroupPolicies). IAM v5's identity
// policies, attached to users directly, are not offered.
//
// # As
//
// iam.Client.As reaches the native client: a **huawei.Client target gets
// it (from a client iam.Open built, too). The portable values reach the
// native ones:
//   - iam.User.As: *huawei.User (GetUser, CreateUser, UpdateUser) or
//     *huawei.ListedUser (ListUsers)
//   - iam.LoginProfile.As: *huawei.LoginProfile
//   - iam.AccessKey.As: *huawei.Credential
//   - iam.Group.As: *huawei.Group
//   - iam.Policy.As: *huawei.Role (system permissions, and every grant
//     ListGroupPolicies lists) or *huawei.CustomPolicy (custom policies
//     of ListPolicies, GetPolicy and CreatePolicy)
//
// # Errors
//
// Failures are *iam.Error with Huawei's code, message and request id (from
// the body or the X-Request-Id header). Every body shape IAM uses is read:
// {"error_code","error_msg"[,"request_id"]} (v3.0, the API gateway, v5),
// Keystone's {"error":{"code":<status>,"message","title"}} (Code is then
// the message when it is itself a code, such as "akSkNumExceed", else the
// title), and the hybrid {"error":{"code","error_code":null,...}}. Kind
// comes from the code when it is known (1109, 1110, 1111, 1113 and IAM.0005
// -> ErrAlreadyExists; 1115 and akSkNumExceed -> ErrLimitExceeded;
// IAM.0004 -> ErrNotFound; APIGW.0301, APIG.0301, IAM.0001, IAM.0061-0067
// and IAM.1104-1108 -> ErrUnauthenticated; IAM.0002, IAM.0003 and
// IAM.0080-0082 -> ErrPermissionDenied; IAM.0012 -> ErrThrottled; 1107 and
// IAM.1062 -> ErrFailedPrecondition; other 11xx -> ErrInvalidArgument),
// else from the status (400 and 413 -> ErrInvalidArgument, 401 ->
// ErrUnauthenticated, 403 -> ErrPermissionDenied, 404 -> ErrNotFound, 405
// -> ErrUnsupported, 409 -> ErrAlreadyExists, 429 -> ErrThrottled, 5xx ->
// ErrUnavailable); 413 and 500 keep HTTP's meaning although one API
// reference page swaps their descriptions. A body that is not JSON is
// still typed by its status; a success answer that cannot be read is
// iam.ErrInvalidResponse. Errors of portable calls name the portable
// operation in Op and the IAM API that failed in NativeOp.
//
// The emulator in package huaweitest serves the same API in-process.
package huawei

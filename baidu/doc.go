// Package baidu is a client of Baidu AI Cloud IAM (API v1, signed with
// bce-auth-v1): every operation of the service on users, groups, policies
// and roles as a native method, and the portable iam.Client built on them.
//
// # Native client
//
// New (or NewFromEnv) returns a *Client whose methods are the service's
// operations, in the service's words, taking a context and an input struct
// and returning an output struct that carries the service's request id
// (RequestID, from x-bce-request-id) next to the result:
//
//	users:          CreateUser, GetUser, UpdateUser (rename, description, enable/disable), DeleteUser, ListUsers (and AllUsers, streamed)
//	console login:  UpdateLoginProfile, GetLoginProfile, DeleteLoginProfile
//	access keys:    CreateAccessKey, DisableAccessKey, EnableAccessKey, DeleteAccessKey, ListAccessKeys
//	groups:         CreateGroup, GetGroup, UpdateGroup (rename, description), DeleteGroup, ListGroups,
//	                AddUserToGroup, RemoveUserFromGroup, ListUsersInGroup, ListGroupsForUser
//	policies:       CreatePolicy, GetPolicy, UpdatePolicy, DeletePolicy, ListPolicies (policyType, nameFilter),
//	                AttachPolicyToUser/Group/Role, DetachPolicyFromUser/Group/Role,
//	                ListUserAttachedPolicies, ListGroupAttachedPolicies, ListRoleAttachedPolicies,
//	                ListPolicyAttachedEntities, ListPolicyGrantedEntities (by policy id)
//	roles:          CreateRole, GetRole, UpdateRole, DeleteRole, ListRoles
//	account:        GetAccountSummary (the live quotas: groups, users per group, policies per group, ...)
//
// Groups, policies and roles are addressed by name, policies by name and
// type: a policy is PolicySystem (Baidu's own, such as
// CAReadAccessPolicy) or PolicyCustom (the account's), and where a call
// takes a policyType and none is given Baidu assumes Custom, so a system
// policy needs PolicySystem. Custom policy documents are Baidu's ACL JSON
// ({"accessControlList":[{"service","region","effect","permission",
// "resource"}]}), passed through as a string; Baidu stores them rewritten
// (it injects "id":"policy_<id>" and may reorder keys), so a document read
// back need not equal the one sent. None of these lists is paginated: each
// is one answer (an account holds at most 50 groups, a group 20 users).
//
// Inputs are checked before any request leaves: a new user name (CreateUser,
// a rename) must be 1-64 ASCII letters, digits or '_' as Baidu states; names
// and key ids in a path must be non-empty and free of '/', '?', '#', '%',
// '\', spaces and control characters (so users named under older rules stay
// reachable, but no name can change the request's path); a new group name
// is 1-64 characters and a group description at most 128 (Baidu's system
// limits; the console's rule of letters, digits and '_' for group names is
// not published for the API, so the service judges the characters); a new
// custom policy name is 1-64 characters and its document JSON; turning login MFA
// on requires an MFA type (MFAPhone or MFATOTP); a third-party login type
// (ThirdPartyPassport or ThirdPartyUUAP) and its account are set together,
// and both set to "" unbind it. A broken rule is an *iam.Error of Kind
// iam.ErrInvalidArgument whose Field names the input field ("UserName",
// "Name", "LoginMfaType", ...).
//
// Optional inputs are pointers, so "leave unchanged" (nil) and "set to empty"
// (a pointer to "") differ; only set fields are sent, as the official SDK's
// V2 arguments do. Passwords and secrets are iam.Secret values and never
// print.
//
// # Configuration and environment
//
// Config takes the credentials (a provider, or a static access key with an
// optional STS session token, sent as the signed x-bce-security-token
// header), the region (only "bj": Baidu IAM is global), the endpoint
// (default https://iam.bj.baidubce.com), an *http.Client, the attempt bound
// and backoff, a per-attempt Timeout, a UserAgent suffix, a logger (a
// *slog.Logger), an iam.Observer and a Debug hook for signatures.
// ConfigFromEnv and NewFromEnv use the default credential chain (see
// Credentials) and BCE_IAM_ENDPOINT; BCE_REGION, which every Baidu tool
// shares, is ignored, since IAM is global.
//
// # Credentials
//
// Config.Credentials is an iam.CredentialsProvider asked for credentials at
// every attempt, so a retry after a refresh signs with the new ones; the
// static AccessKeyID and SecretAccessKey stay the one-line case. Baidu's SDKs
// read no environment and no file; this package follows Baidu's bce CLI.
// DefaultCredentials (what ConfigFromEnv and iam.Open use) tries, at the
// first call and in this order:
//
//	env                  BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY, BCE_SECURITY_TOKEN
//	                     (or BAIDUCLOUD_ACCESS_KEY, BAIDUCLOUD_SECRET_KEY)
//	bce-cli-config       ~/.bce/config.json: the profile CredentialsOptions.Profile
//	                     (URL profile=) names, else "current", else "default";
//	                     modes AK and StsToken
//	bce-cli-credentials  ~/.bce/credentials: [defaults] bce_access_key_id,
//	                     bce_secret_access_key (bce_security_token)
//	bcc-instance-role    GET http://169.254.169.254/latest/meta-data/sts-credential
//
// and caches what it finds in an iam.CredentialsCache, refreshing temporary
// credentials DefaultRefreshBefore (2 minutes) before they expire, once for
// all goroutines. A profile named explicitly leaves the instance role out.
// When no source has credentials, the call fails before any request with an
// *iam.CredentialsChainError naming each source and why. Each source is
// also available alone (EnvCredentials, CLIConfigCredentials,
// CLICredentialsFileCredentials, InstanceRoleCredentials), and Baidu STS
// turns any of them into temporary credentials: AssumeRoleCredentials
// (POST /v1/credential?assumeRole) and SessionTokenCredentials
// (POST /v1/sessionToken) on https://sts.bj.baidubce.com, signed with
// bce-auth-v1 and cached.
//
// The metadata service is given 1 s to connect and 3 s in all, STS 1 s to
// connect and 5 s per attempt; neither request follows a redirect, and the
// metadata one ignores HTTP(S)_PROXY. A credentials file that its group or
// others can read is reported through CredentialsOptions.Logger. Secrets and
// tokens never appear in errors, logs or %v. When Baidu refuses a session
// token (403 InvalidSessionToken: expired early, revoked) and the provider
// is a cache, the client drops its credentials and tries the request again
// with fresh ones. The BCC metadata answer's field names are not published
// by Baidu: this package reads STS's accessKeyId, secretAccessKey,
// sessionToken and expiration.
//
// Every attempt is signed afresh (new x-bce-date, new x-bce-request-id), with
// exactly the headers the official Go SDK signs: content-type, host and
// x-bce-date, plus content-length and content-md5 on requests with a JSON
// body. Reads, deletes and updates that set a state are retried on
// throttling, 5xx and connection errors. Creates (CreateUser,
// CreateAccessKey, CreateGroup, ...), renames, joins and attachments, and
// UpdateLoginProfile (whose repeat could be refused, "the password must
// differ", and hide that the first attempt set it) are repeated only when
// the server certainly did not act: throttling (429 and throttling codes),
// a refused session token, RequestExpired (signed again with the server's
// clock, from its Date header, once). A 503 is no such proof. Once such a
// request has left, every failure matches iam.ErrOutcomeUnknown: a 5xx, a
// lost connection, a redirect, and a success answer that cannot be used
// (no body, a 204, HTML, a byte-order mark, JSON without the id and name
// of what was made, or a new key without its secret); check (GetUser,
// ListAccessKeys) before trying again. A success answer of a read or an
// update without what the call returns (a user without its name, a list
// without its array, a list element without its name or id) is
// iam.ErrInvalidResponse, never a zero value; so is a body other than JSON
// in answer to a call that expects none (a delete). A password sent is
// scrubbed from every error and log line, Baidu's own messages that quote
// it included. A Retry-After beyond 24 h is read as 24 h, which ends
// retrying.
//
// # URLs
//
// Importing the package registers a zero URLOpener for the scheme "baidu"
// (Scheme) on iam.DefaultURLMux:
//
//	c, err := iam.Open(ctx, "baidu://?region=bj")
//
// Parameters: region (only "bj"), endpoint (overrides BCE_IAM_ENDPOINT),
// insecure_http (true allows plain http on a non-loopback host),
// max_attempts, timeout (the per-attempt limit, such as "30s") and profile
// (the bce CLI profile to read). Credentials come from the default chain,
// read at the first call. A service that sets its HTTP client, logger,
// observer or credentials in code registers its own URLOpener
// (iam.URLMux.Register, or Replace on the default mux).
//
// # Portable API
//
// Client.IAM returns the iam.Client; Capabilities returns what it declares:
//   - Operations: all of them, groups and policies included. Fields:
//     Description, Enabled, NewName (rename), PasswordResetRequired,
//     MFARequired, MFAMethod, the reported User.LastLoginAt and
//     AccessKey.LastUsedAt, Group.NewName and Group.Description. Baidu users
//     have no display name, email or phone: setting them is
//     iam.ErrUnsupported. Baidu has no project-scope grants
//     (PolicyRef.Project is iam.ErrUnsupported).
//   - ClearableFields: none. Baidu documents no way to clear a user's
//     description (its SDKs never send an empty one), so UpdateUser with a
//     pointer to "" is iam.ErrUnsupported rather than a request whose effect
//     is unknown.
//   - MaxUserNameLength 64 and, for new names, Baidu's character rule (1-64
//     letters, digits or '_'), from Baidu's SDK documentation. Existing users
//     are addressed by any name that keeps the path intact, up to 64
//     characters.
//   - MinPasswordLength 8 and MaxPasswordLength 64: Baidu's published system
//     limits for console passwords.
//   - No description limit: Baidu publishes none for users (only 128
//     characters for groups), so the service judges.
//   - MaxPageSize 0: ListUser is not paginated; ListUsers makes one request,
//     reads it as it arrives, and ignores PageSize. Group and policy lists
//     are not paginated either, and ignore PageSize too.
//   - MaxGroupNameLength 64, MaxGroupDescriptionLength 128 and
//     MaxPolicyNameLength 64: Baidu's published system limits. A group's
//     description cannot be cleared (Baidu's SDKs never send an empty one).
//     Baidu publishes no limit for a policy's description or document
//     (GetAccountSummary gives the account's live quotas).
//   - MaxAccessKeysPerUser 2. Baidu publishes no per-user figure (the
//     account's live quota is akskLimit in GET /v1/account/summary); 2 is
//     what baidutest enforces by default.
//   - MFAMethods iam.MFASMS (Baidu's PHONE) and iam.MFATOTP (TOTP). With two
//     methods, MFARequired true needs MFAMethod in the same call, as Baidu
//     requires loginMfaType with enabledLoginMfa; MFAMethod "" turns MFA off.
//
// Groups and policies map one to one onto the native calls, with the policy
// type as policyType (iam.PolicySystem is System, iam.PolicyCustom is
// Custom). ListPolicies with no Type lists the system policies, then the
// custom ones (two requests: Baidu lists one type at a time). Joining a
// group twice or attaching a policy twice is iam.ErrAlreadyExists where
// the service refuses it (baidutest does, with 409; Baidu does not say).
//
// The portable deletes leave nothing behind that Baidu would refuse them
// for: DeleteUser detaches the user's policies, takes it out of its groups,
// deletes its access keys and its login profile, then deletes it;
// DeleteGroup detaches the group's policies and removes its members first;
// DeletePolicy reads the custom policy's id and detaches it from every user,
// group and role ListPolicyAttachedEntities names. A step that answers
// NotFound is skipped (there was nothing to remove), and a list that says
// the user, group or policy does not exist leads straight to the delete,
// which reports iam.ErrNotFound. Baidu does not document that it refuses
// those deletes, but Terraform's provider empties users and groups before
// deleting them, and so does this package. The native deletes keep Baidu's
// own semantics: they send the delete alone.
//
// A login profile is reported with PasswordSet true (Baidu does not say
// whether a password is set); SetLoginProfile always turns console login on
// (enabledLogin). CreateUser with Enabled false creates the user and then
// disables it; if disabling fails, the user is deleted again, and if that
// fails too the error matches iam.ErrOutcomeUnknown.
//
// Portable errors name fields in the iam package's vocabulary ("userName",
// "accessKeyID", "Name", "NewName", "MFAMethod", ...), and every refusal
// happens before the first request.
//
// # As
//
// The portable values reach the native ones:
//   - iam.Client.As: *baidu.Client
//   - iam.User.As: *baidu.User (or baidu.User)
//   - iam.LoginProfile.As: *baidu.LoginProfile
//   - iam.AccessKey.As: *baidu.AccessKey
//   - iam.Group.As: *baidu.Group
//   - iam.Policy.As: *baidu.Policy
//
// # Errors
//
// Failures are *iam.Error with Provider "baidu" and Baidu's code, message
// and request id (from the JSON body {code, message, requestId} or the
// x-bce-request-id header). Kind comes from the code when Baidu documents it
// (AccessDenied -> ErrPermissionDenied; InvalidAccessKeyId,
// SignatureDoesNotMatch, RequestExpired, InvalidHTTPAuthHeader ->
// ErrUnauthenticated; InappropriateJSON, MalformedJSON, InvalidHTTPRequest,
// InvalidURI -> ErrInvalidArgument; InternalError -> ErrUnavailable), from
// the words of an IAM-specific code (…NotFound/NoSuch… -> ErrNotFound,
// …AlreadyExists… -> ErrAlreadyExists, …Limit…/…Quota… -> ErrLimitExceeded,
// throttling -> ErrThrottled), and else from the status (404, 409, 429, 401,
// 403, 400, 5xx). A body that is not JSON (a gateway's HTML page, an empty
// 500) still gives a typed error with the status.
//
// Baidu publishes no code for a delete refused because the user, group,
// role or policy is still in use (a member, an attachment). This package
// and its emulator use 409 with the code DeleteConflict, classified
// iam.ErrFailedPrecondition; a 409 with another code is classified by its
// words (…Conflict… is iam.ErrAlreadyExists, as for a second join or
// attach).
//
// The emulator in package baidutest speaks the same API on loopback and
// verifies every signature; the examples run on it.
package baidu

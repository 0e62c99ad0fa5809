// Package aliyun is a client of two Alibaba Cloud identity APIs, RAM
// (2015-05-01) and IDaaS EIAM (2021-12-01), with the portable iam.Client
// over each.
//
// # Clients
//
// RAMClient speaks RAM, Alibaba Cloud's account IAM: users, console login
// profiles and access keys, user groups, and permission policies (system
// and custom, with versions) attached to users, groups and roles.
// IDaaSClient speaks EIAM, the user directory of an IDaaS instance:
// accounts with organizational units, custom fields and passwords, groups,
// and which accounts, groups and organizational units may use which
// applications (EIAM's only permissions: UpdateApplicationAuthorizationType,
// AuthorizeApplicationTo*, RevokeApplicationFrom* and their lists). Both
// follow the APIs one to one, in the shape Op(ctx, *OpInput) (*OpOutput,
// error); every output carries the RequestID. The types of each API carry
// its prefix (RAMUser, IDaaSCreateUserInput).
//
// Both APIs are RPC style and are sent as the official clients send them:
// POST "/", every parameter in the query, an empty body, lists flattened as
// OrganizationalUnitIds.1, CustomFields.1.FieldName,
// PasswordInitializationConfig.UserNotificationChannels.1, and the action
// and version in the x-acs-action and x-acs-version headers.
//
// # Signing
//
// ACS3-HMAC-SHA256 is the default (Config.SignatureAlgorithm empty or
// SignatureACS3). SignatureRPC selects the older HMAC-SHA1 signature
// (SignatureVersion 1.0), which adds Action, Version, Format=JSON and
// RegionId to the query as the classic SDK does. Every attempt is signed
// afresh with the current time and a new random nonce, so a retry is never
// refused as a replay; after InvalidTimeStamp.* the time comes from the
// server's clock (its Date header), learnt once and kept.
//
// Reads, updates and deletes are retried on throttling, 5xx and connection
// errors; creates only when the server certainly did not act. A create, or
// a call failing after its change was made, whose outcome the client
// cannot know matches iam.ErrOutcomeUnknown: check before trying again.
//
// # Endpoints
//
// RAM has one endpoint, ram.aliyuncs.com. EIAM is regional:
// eiam.<Region>.aliyuncs.com, cn-hangzhou by default; the instance must
// live in that region. Config.Endpoint overrides both (plain http only for
// loopback, such as the aliyuntest emulator, unless AllowInsecureHTTP).
// Static keys are Config.AccessKeyID and SecretAccessKey, with
// SessionToken for temporary ones; anything else is Config.Credentials.
//
// # Credentials
//
// Config.Credentials is an iam.CredentialsProvider asked for the
// credentials of every attempt, so a retry after a refresh signs with the
// new ones. ConfigFromEnv, NewRAMFromEnv, NewIDaaSFromEnv and the URL
// opener set it to DefaultCredentials, the default chain of Alibaba's
// credentials-go, in its order:
//
//  1. env: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
//     ALIBABA_CLOUD_SECURITY_TOKEN, or the aliyun CLI's ALIBABACLOUD_* and
//     ALICLOUD_* spellings and the classic SDK's ALICLOUD_ACCESS_KEY,
//     ALICLOUD_SECRET_KEY and ALICLOUD_ACCESS_KEY_STS_TOKEN (the bare
//     ACCESS_KEY_ID and similar names, which no official tool reads, are not)
//  2. oidc_role_arn: ACK RRSA's ALIBABA_CLOUD_ROLE_ARN,
//     ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, by
//     STS AssumeRoleWithOIDC (the token file is read again at each refresh)
//  3. cli_profile: the aliyun CLI's ~/.aliyun/config.json
//     (ALIBABA_CLOUD_CONFIG_FILE), profile ALIBABA_CLOUD_PROFILE or the
//     file's current one, modes AK, StsToken, RamRoleArn,
//     ChainableRamRoleArn, EcsRamRole and OIDC; skipped when
//     ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true
//  4. profile: ~/.alibabacloud/credentials (ALIBABA_CLOUD_CREDENTIALS_FILE),
//     section ALIBABA_CLOUD_PROFILE or [default], types access_key,
//     ecs_ram_role and ram_role_arn
//  5. ecs_ram_role: the ECS instance's RAM role from
//     http://100.100.100.200, with the metadata token (PUT
//     /latest/api/token, then X-aliyun-ecs-metadata-token), falling back to
//     reading without one unless ALIBABA_CLOUD_IMDSV1_DISABLED=true; the
//     role is ALIBABA_CLOUD_ECS_METADATA or the one the service names;
//     skipped when ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
//  6. credentials_uri: ALIBABA_CLOUD_CREDENTIALS_URI, when set
//
// Each source is also a constructor of its own (EnvCredentials,
// OIDCRoleCredentials, CLIProfileCredentials, ProfileCredentials,
// ECSRAMRoleCredentials, URICredentials), and AssumeRoleCredentials (STS
// AssumeRole, HMAC-SHA1 signed) and AssumeRoleWithOIDCCredentials wrap any
// source, this chain included. CredentialsOptions points every file,
// variable, metadata and STS endpoint elsewhere (tests use the aliyuntest
// emulator); the STS endpoint is sts.aliyuncs.com, or
// sts[-vpc].<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com with
// ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED. Region and endpoint come from
// ALIBABA_CLOUD_REGION_ID and ALIBABA_CLOUD_ENDPOINT. EIAM's instance has
// no variable: set IDaaSConfig.InstanceID in an option of NewIDaaSFromEnv.
//
// Nothing is read, from the variables, the files or the network, until a
// client needs credentials. The chain's credentials are cached in an
// iam.CredentialsCache and refreshed 3 minutes before they expire, as
// Alibaba's tools do, once for any number of goroutines; a failed refresh
// leaves still-valid credentials in use. Unlike credentials-go, the chain
// does not remember which source won: each refresh walks it from the top,
// so a source that stops working gives way to the next, and a first call
// that failed everywhere does not pin later calls to the last source. When
// no source has credentials the call fails before any request with an
// *iam.CredentialsChainError naming every source and why. The metadata
// service is given 1 s to connect and 2 s per request (5 s in all), STS 5
// s per attempt, the credentials URI 5 s; a file holding a secret that its
// group or others may read is reported through CredentialsOptions.Logger.
// InvalidSecurityToken.Expired from RAM or EIAM (the clocks disagree)
// drops cached credentials and the request is signed again with fresh
// ones. Requests signed with ACS3-HMAC-SHA256 name the source in the signed
// x-acs-credentials-provider header ("default/ecs_ram_role"), as Alibaba's
// SDKs do. No secret, token or signature appears in an error or a log line.
//
// # URLs
//
// Importing the package registers two schemes with iam.Open, both served by
// URLOpener:
//
//	aliyun-ram://?region=cn-hangzhou&endpoint=...&signature=v1&profile=...
//	aliyun-idaas://?instance_id=idaas_...&ou=ou_...&region=...&endpoint=...&signature=v1&profile=...
//
// Every parameter is optional but instance_id. ou is the organizational
// unit users created through the portable API are put in; without it the
// portable CreateUser fails. signature=v1 (or v2, rpc) selects HMAC-SHA1.
// profile selects the profile of ~/.aliyun/config.json and the section of
// ~/.alibabacloud/credentials (and leaves the ECS RAM role and the
// credentials URI out of the chain). The shared parameters endpoint,
// insecure_http, max_attempts and timeout (Config.Timeout, per attempt)
// work as for every provider. Credentials come from the default chain, as
// above; a configured URLOpener registered on an iam.URLMux adds an HTTP
// client, logger, observer, retries, user agent, its own Credentials or
// CredentialsOptions.
//
// # Portable API
//
// RAMClient.IAM and IDaaSClient.IAM return the iam.Client of each API; the
// doc comments of those methods list how each portable field maps, and
// RAMCapabilities and IDaaSCapabilities what each declares. In short: RAM
// users cannot be disabled and their Description is Comments; no RAM field
// can be cleared; the portable DeleteUser on RAM first deletes the user's
// access keys and login profile (RAM refuses to delete a user that has
// them), so that deleting a user means the same on every cloud. EIAM users
// are found by Username through an exact-match list, EIAM has no access
// keys, and its login profile is the account's password.
//
// Groups and permissions: RAM groups and policies are addressed by name,
// as RAM does; iam.PolicyRef's Type maps to RAM's PolicyType (System,
// Custom), and grants are on the whole account (RAM's resource-group grants
// are in the native API: RAMPolicyAttachmentInput.ResourceGroupID).
// CreatePolicy passes RAM's JSON document through. The portable deletes
// leave nothing RAM would refuse them for: DeleteUser detaches the user's
// policies, removes it from its groups and deletes its access keys and
// login profile (an MFA device is left: unbind it first); DeleteGroup
// removes the members and detaches the policies; DeletePolicy detaches the
// policy from users, groups and roles and deletes it with CascadingDelete.
// Each repeats the final delete a few times (for about 4 s) while RAM still
// answers the DeleteConflict of what was just removed, as RAM propagates
// removals with a short delay. The native DeleteUser, DeleteGroup and
// DeletePolicy send the one action and keep RAM's DeleteConflict.* errors.
// EIAM groups are addressed by GroupName, resolved to a GroupId with
// ListGroups (exact GroupName filter); EIAM has no cloud-resource policies,
// so its iam.Client answers ErrUnsupported for every policy operation.
//
// Limits declared in Capabilities come from the API references: RAM
// UserName 64, DisplayName and Comments 128, MaxItems 1000 (the current
// reference; older pages said 100); EIAM Username and DisplayName 64
// (CreateUser; UpdateUser allows a DisplayName of 256, the stricter limit
// is declared), Description 256, Email 128, PageSize 100. Passwords follow
// each account's or instance's password policy, which the services enforce,
// so no password length is declared. Groups and policies: RAM GroupName 64,
// Comments 128, PolicyName 128, policy Description 1024, PolicyDocument
// 6144 (the current reference; older pages said 2048 and 4096, so a longer
// document is refused before any request and a shorter one may still be
// refused by RAM with InvalidParameter.PolicyDocument.Length); EIAM
// GroupName 64, Description 256. RAM's ListGroups pages up to 100 groups
// (MaxItems 1-100), so the portable ListGroups asks for at most 100 per
// page whatever PageSize says. Account quotas (50 groups, 5 groups per
// user, custom policies, policies per user or group, 5 versions per policy)
// differ between sources and accounts: they are RAM's to enforce
// (LimitExceeded.*, iam.ErrLimitExceeded), not checked here.
//
// # As
//
// iam.Client.As reaches **RAMClient or **IDaaSClient. iam.User.As reaches
// *RAMUser or *IDaaSUser (or the value types), in ListGroupUsers too;
// iam.LoginProfile.As reaches *RAMLoginProfile on RAM and *IDaaSUser on
// EIAM; iam.AccessKey.As reaches *RAMAccessKey; iam.Group.As reaches
// *RAMGroup or *IDaaSGroup; iam.Policy.As reaches *RAMPolicy.
//
// # Errors
//
// Every error is, or wraps, *iam.Error with the provider ("aliyun-ram",
// "aliyun-idaas"), the operation (a native call's action; a portable call's
// operation, with the action that failed in NativeOp), the HTTP status,
// Alibaba's Code and Message and the RequestId, read from the JSON error
// body or, with a text/xml answer, from its <Error> element. Kinds come
// from the code first, whatever the status:
//
//	EntityNotExist.*, EntityNotExists.*, ResourceNotFound.*   ErrNotFound
//	EntityAlreadyExists.*                                     ErrAlreadyExists
//	LimitExceeded.*, QuotaExceeded.*                          ErrLimitExceeded
//	DeleteConflict.*                                          ErrFailedPrecondition
//	InvalidParameter.*, MissingParameter, Missing*            ErrInvalidArgument
//	Throttling, Throttling.User, Throttling.Api                ErrThrottled (retried)
//	SignatureDoesNotMatch, IncompleteSignature,
//	InvalidAccessKeyId.*, InvalidTimeStamp.*,
//	SignatureNonceUsed, InvalidSecurityToken.*                ErrUnauthenticated
//	Forbidden*, NoPermission, Inactive                        ErrPermissionDenied
//	InternalError, ServiceUnavailable, any 5xx                ErrUnavailable (retried, but not creates)
//	InvalidApi.NotFound, InvalidAction.NotFound                ErrUnsupported
//
// Without a known code the status decides (404 not found, 409 failed
// precondition, 400 invalid argument, 403 permission denied, 429
// throttled). A body that is not JSON or XML (an HTML gateway page, garbage)
// still gives a typed error.
//
// Every success answer is decoded in one place and checked: it must be a
// JSON object with the RequestId every answer carries, and hold what the
// action returns (a created user's UserId and UserName, a new key's id and
// secret, a login profile's UserName, a group's or policy's name, a list,
// with each element's id or name). An answer that is not (an HTML page, no
// body, a 204, a byte-order mark, an object without those) is
// ErrInvalidResponse; after a creating call it matches
// iam.ErrOutcomeUnknown too, since the cloud acted. A password sent is kept
// out of every error and log line, the cloud's own messages included. The "server string to sign" that Alibaba quotes in a
// SignatureDoesNotMatch message is cut from the error, since with the RPC
// signature it contains every parameter, passwords included; use
// Config.Debug to compare strings to sign.
//
// Creating calls (RAM CreateUser, CreateLoginProfile, CreateAccessKey,
// CreateGroup, AddUserToGroup, CreatePolicy, CreatePolicyVersion and the
// AttachPolicyTo* actions; EIAM CreateUser, CreateGroup, AddUsersToGroup
// and the AuthorizeApplicationTo* actions) are retried only when the
// failure proves the server did not act (throttling, a refused signature or
// time stamp, an expired token): a repeat could answer EntityAlreadyExists
// or make a second access key. A 5xx, 503 included, proves nothing: the
// call then fails with iam.ErrOutcomeUnknown. So do the calls that set a
// password (RAM UpdateLoginProfile with a Password, EIAM
// UpdateUserPassword), whose repeat a password history could refuse once
// the first attempt has set it. EIAM CreateUser with a ClientToken is the
// exception: the server deduplicates it, so it is retried like a read.
//
// # Validation
//
// Every documented rule is checked before a request leaves, with an
// ErrInvalidArgument naming the parameter (the portable API names its own
// fields instead: Name, NewName, Phone, ...). RAM: a new UserName (CreateUser,
// NewUserName) is 1-64 letters, digits, '.', '-', '_' ('@' is refused: older
// documentation allowed it, current documentation does not); an existing
// user is addressed by any name RAM may hold, '@' included, sent
// percent-encoded, refused only when it holds control characters or
// invalid UTF-8; DisplayName and Comments up to 128, MobilePhone
// "<code>-<number>". EIAM (from the CreateUser reference): Username up to
// 64 of letters, digits, '_', '.', '@', '-', DisplayName up to 64 (256 in
// UpdateUser), Description up to 256, UserExternalId up to 64, PhoneRegion
// 1-6 digits without '+', PhoneNumber 6-15 digits with PhoneNumberVerified,
// Email with EmailVerified, PrimaryOrganizationalUnitId required, and the
// enumerations of PasswordInitializationConfig. The reference marks
// Password required; this package requires it unless
// PasswordInitializationConfig.PasswordInitializationType is "random",
// which has IDaaS generate it. Password strength is the password policy's,
// checked by the services.
//
// RAM groups and policies: a new GroupName (CreateGroup, NewGroupName) is
// 1-64 letters, digits, '.', '-' and '_' (the current reference; older
// pages allowed letters, digits and '-' only, a subset), Comments up to 128;
// a new PolicyName is 1-128 letters, digits and '-'; PolicyType is "System"
// or "Custom" and required wherever the reference lists it (GetPolicy,
// attachments, versions, ListEntitiesForPolicy); a policy Description is
// up to 1024 characters; VersionId is "v" and a number; RotateStrategy is
// "None" or "DeleteOldestNonDefaultVersionWhenLimitExceeded"; MaxItems is
// 1-100 for ListGroups and 1-1000 for ListUsersForGroup and ListPolicies.
// Existing groups and policies are addressed by any name RAM may hold. The
// document's grammar is RAM's to check (MalformedPolicyDocument). EIAM
// groups: GroupName up to 64 characters (the reference gives no character
// set: the native calls send what they are given, while the portable API
// takes letters of any script, digits, spaces and '_', '-', '.', '@', '('
// and ')' for new names, so that names read the same on every cloud),
// Description 256, GroupExternalId 64, at most 100 ids in UserIds and
// GroupIds. EIAM application authorizations: 1-100 ids in exactly the list
// the action takes (UserIds, GroupIds or OrganizationalUnitIds),
// AuthorizationType "authorize_required" or "default_all", QueryMode
// "OnlyDirect" or "IncludeInherit" (ListApplicationsForUser only).
package aliyun

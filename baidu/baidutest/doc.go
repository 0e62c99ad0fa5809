// Package baidutest is an in-process emulator of Baidu AI Cloud IAM (API v1)
// for tests, examples and any client of the service, including Baidu's own
// SDKs.
//
//	srv := baidutest.NewServer()
//	defer srv.Close()
//	ak, sk := srv.Credentials()
//	// point any Baidu IAM client at srv.URL with ak/sk
//
// It serves the user operations on the service's paths (/v1/user,
// /v1/user/{userName}, .../loginProfile, .../accesskey,
// .../accesskey/{accessKeyId}?disable|?enable) with the service's JSON shapes
// and status codes (201 for CreateUser, 200 otherwise, with no body for the
// deletes), and verifies the bce-auth-v1 signature of every request with
// package signer. Keys created through the API authenticate afterwards (the
// emulator stores and attaches policies but does not enforce them: any
// valid key may call every operation);
// disabled keys and unknown keys are refused with 403 InvalidAccessKeyId, a
// wrong secret with 400 SignatureDoesNotMatch, a stale or future timestamp
// with 400 RequestExpired, a malformed Authorization with 400
// InvalidHTTPAuthHeader, and a missing one with 401 AccessDenied.
//
// WithSessionToken (or WithSessionCredentials) makes the root key temporary
// (STS) credentials whose requests must carry the matching
// x-bce-security-token (403 InvalidSessionToken otherwise). Without
// WithCredentials the root key is random; Credentials returns it.
//
// # Temporary credentials: STS and the instance role
//
// The emulator also serves Baidu STS on the same address (URL):
// GetSessionToken (POST /v1/sessionToken?durationSeconds=, default 43200)
// and AssumeRole (POST /v1/credential?assumeRole&accountId=&roleName=&durationSeconds=,
// default and at most 7200; any role name is accepted), both signed with
// bce-auth-v1 by any valid key, temporary ones included, with an optional
// JSON ACL body. They answer 200 with {accessKeyId, secretAccessKey,
// sessionToken, createTime, expiration, userId} (AssumeRole adds roleId);
// a bad parameter is 400 InvalidHTTPRequest. Server.MetadataURL serves the
// BCC metadata service (MetadataHandler): GET
// /latest/meta-data/sts-credential returns the credentials of the role
// bound with WithInstanceRole (404 without one), rotated every 5 minutes
// (WithInstanceRoleRotation, RotateInstanceRole) and valid twice that long;
// like Baidu's it needs no metadata token.
//
// Temporary credentials authenticate against the IAM API with their
// x-bce-security-token until they expire on the emulator's clock
// (WithClock; WithTemporaryCredentialTTL shortens them all); after, the
// answer is 403 InvalidSessionToken "The security token has expired.", the
// code Baidu gives a token it does not accept (Baidu publishes no separate
// code for an expired one). TemporaryCredentials lists what was issued,
// without secrets.
//
// # Groups, policies and roles
//
// It serves Baidu IAM's groups (/v1/group[/{groupName}[/user[/{userName}]]],
// /v1/user/{userName}/group), policies (/v1/policy[/{policyName}] with
// ?policyType=System|Custom and ?nameFilter=, update by POST,
// /v1/policy/{policyId}/entity and .../grant/{grantType}), attachments
// (PUT|DELETE|GET /v1/{user|group|role}/{name}/policy[/{policyName}]?policyType=),
// roles (/v1/role[/{roleName}]) and GET /v1/account/summary, with Baidu's
// JSON shapes: 201 for the creates, 200 otherwise, no body for the deletes,
// memberships and attachments. Group lists carry no paging, as on the real
// service; members carry joinTime and attached policies attachTime.
//
// Policies are System or Custom, and a request without policyType means
// Custom (as Baidu documents), so a system policy is found only with
// ?policyType=System and can be neither updated nor deleted. The catalog
// holds Baidu system policies by the names Baidu's documentation gives
// (CAFullControlAccessPolicy, CAReadAccessPolicy, QianfanReadAccessPolicy,
// QianfanFullControlAccessPolicy, QianfanServiceReadAccessPolicy,
// ACAFullAccessPolicy, ACAOperateAccessPolicy, ACAReadAccessPolicy), with
// illustrative ACL documents; AddPolicy with Type PolicySystem adds others.
// A custom policy's document must be an ACL ({"accessControlList":[...]},
// each entry with service, region, effect Allow or Deny, a non-empty
// permission list and optionally a resource list); it is stored as Baidu
// stores it, with "id":"policy_<policyId>" injected and its keys sorted.
// nameFilter keeps the names that contain it, ignoring case (Baidu does not
// say how it matches).
//
// Limits are Baidu's published ones: 50 groups per account, 20 users per
// group, 5 policies per group (WithMaxGroups, WithMaxUsersPerGroup,
// WithMaxPoliciesPerGroup change them), group names of 1-64 characters,
// group descriptions of at most 128, custom policy names of 1-64. Names
// may hold any character but '/', a backslash and control characters
// (the console allows letters, digits and '_' in group names; the API's
// rule is not published). The account summary reports, in limitInfo, only
// the limits the emulator enforces (groupLimit, subUserOfGroupLimit,
// groupMaxAttachPolicyLimit, and akskLimit as the per-user key limit), and
// in countInfo the users, custom policies and groups.
//
// Conflicts, none of which Baidu documents, follow the notes' reading of
// Baidu's Terraform provider (which empties users and groups before
// deleting them): deleting a user that is in a group or has policies
// attached, a group with members or policies, a role with policies, or a
// policy still attached anywhere is refused with 409 DeleteConflict;
// joining a group twice or attaching a policy twice is 409 AlreadyExists;
// removing a non-member or detaching what is not attached is 404 NotFound,
// as is attaching a policy that does not exist (in the type asked for).
//
// # Seeding and inspecting
//
// Tests set up and check the account through public types only: AddUser
// seeds a user (also one whose name CreateUser would refuse, as accounts
// hold from the console or older rules), Users lists them, AccessKeys and
// LoginProfile show a user's keys and console login (never a secret or a
// password). Server promotes these methods from Emulator.
//
//	srv := baidutest.NewServer()
//	defer srv.Close()
//	_, _ = srv.AddUser(baidutest.User{Name: "alice", Enabled: true})
//	// ... run the code under test against srv.URL ...
//	keys := srv.AccessKeys("alice")
//
// Groups, policies and roles have the same kind of helpers: AddGroup,
// Groups, AddGroupMember, GroupMembers, UserGroups; AddPolicy, Policies;
// AddRole, Roles; AttachUserPolicy, AttachGroupPolicy, AttachRolePolicy and
// UserPolicies, GroupPolicies, RolePolicies (as Attachment values).
//
// # Errors
//
// Errors carry Baidu's body {"code","message","requestId"} and the
// x-bce-request-id header (the client's own request id is echoed). Baidu
// does not publish its IAM-specific codes; the emulator uses: 404 NotFound
// (no such user, login profile, key, group, policy, role, membership or
// attachment), 409 AlreadyExists (a duplicate name, a second join or
// attach), 409 DeleteConflict (a delete of something still in use), 400
// LimitExceeded (too many keys, the default limit being 2 per user; too
// many groups, members or group policies), 400 InappropriateJSON (a rule
// broken: user names are 1-64 letters, digits or '_'; MFA on needs
// loginMfaType PHONE or TOTP; thirdPartyType PASSPORT or UUAP and its
// account together, both "" to unbind; a group, policy or role name or
// document as above), 400 InvalidHTTPRequest (a policyType or grantType
// Baidu does not define), 400 MalformedJSON (a body that is not JSON).
// Secrets are returned only by CreateAccessKey. ListUser is not paginated,
// as on the real service. Deleting a user removes its login profile and
// keys (but is refused while it is in a group or has policies).
//
// The emulator never imports package baidu: its wire structs are its own, so
// a mistake in the client cannot hide behind the same mistake here.
package baidutest

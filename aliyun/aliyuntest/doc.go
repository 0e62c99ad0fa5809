// Package aliyuntest is an in-process emulator of Alibaba Cloud RAM
// (2015-05-01) and IDaaS EIAM (2021-12-01) for tests, examples and tools in
// any language.
//
// One handler serves both APIs, RPC style: parameters in the query (and an
// optional form body), POST or GET to "/", dispatched on the action and
// version (the x-acs-action and x-acs-version headers for ACS3-HMAC-SHA256,
// the Action and Version parameters for the HMAC-SHA1 RPC signature).
// Every request must be signed with one of the two; the emulator verifies
// the signature with the root key (Credentials) or any active key created
// through RAM CreateAccessKey, and answers as the real services do:
//
//	IncompleteSignature 400           not signed, or a malformed signature
//	SignatureDoesNotMatch 400         wrong secret or tampered request
//	InvalidAccessKeyId.NotFound 404   unknown access key id
//	InvalidAccessKeyId.Inactive 400   a key set Inactive through UpdateAccessKey
//	InvalidTimeStamp.Expired 400      signing time more than 15 minutes off
//	SignatureNonceUsed 400            a replayed nonce
//
// RAM behaves as documented: UserName rules, EntityAlreadyExists.User 409,
// EntityNotExist.User 404, DeleteConflict.User.AccessKey/LoginProfile 409,
// two access keys per user (LimitExceeded.User.AccessKey 409), secrets only
// in the CreateAccessKey answer, Marker/IsTruncated paging with an opaque
// marker, and the default password policy (8-32 characters).
//
// EIAM serves one instance (InstanceID) with a root organizational unit
// (OrganizationalUnitID), CreateUser with every documented parameter and
// rule (including the flattened OrganizationalUnitIds.N, CustomFields.N.* and
// PasswordInitializationConfig.* parameters, and ClientToken idempotency),
// GetUser, ListUsers with PageNumber/PageSize/TotalCount and filters,
// UpdateUser, UpdateUserDescription, DeleteUser, EnableUser, DisableUser and
// UpdateUserPassword. EIAM publishes no per-operation error codes; the
// emulator answers EntityNotExists.User 404, EntityAlreadyExists.User.Username
// 409, MissingParameter 400 and InvalidParameter.<Name> 400 (an assumption,
// documented here).
//
// # Temporary credentials: STS and the ECS metadata service
//
// The same handler (Server.URL) serves Alibaba Cloud STS 2015-04-01 as
// credentials-go calls it: the common parameters in the query, the
// action's in an application/x-www-form-urlencoded body. AssumeRole must be
// signed (HMAC-SHA1 over the query and the form, or ACS3-HMAC-SHA256) by
// any valid key, temporary ones included (role chaining); AssumeRoleWithOIDC
// is anonymous and takes an OIDC token, a JWT whose issuer, subject and
// expiry are read but whose signature is not checked (the emulator holds no
// identity provider's keys). Any RoleArn of the form
// acs:ram::<account>:role/<name> is accepted (the emulator has no RAM
// roles); RoleSessionName is 2-64 of letters, digits and ".@_-",
// DurationSeconds 900-43200 (default 3600), Policy JSON of at most 2048
// bytes. The answers are the documented ones (RequestId, AssumedRoleUser,
// Credentials, and OIDCTokenInfo for OIDC); refusals are MissingParameter
// and InvalidParameter.<Name> 400 (an assumption: the codes of STS's
// parameter errors are not published per parameter).
//
// Server.MetadataURL serves the ECS instance metadata service
// (MetadataHandler): the metadata token (PUT /latest/api/token with
// X-aliyun-ecs-metadata-token-ttl-seconds, then
// X-aliyun-ecs-metadata-token), the name of the RAM role attached with
// WithInstanceRole and its credentials. WithMetadataToken makes tokens
// required or unsupported; MetadataRequests lists what was asked.
//
// Temporary credentials authenticate against RAM and EIAM with their
// security token (x-acs-security-token, or SecurityToken with HMAC-SHA1)
// until they expire on the emulator's clock (WithClock;
// WithTemporaryCredentialsTTL shortens them all); after, the answer is
// 400 InvalidSecurityToken.Expired "Specified SecurityToken is expired.",
// with the status of Alibaba's other gateway authentication errors. A
// session acts as the account (the emulator keeps no permissions). The
// instance role's credentials are replaced every rotation period
// (WithInstanceRoleRotation, RotateInstanceRole) and whenever they expire.
// TemporaryCredentials lists what was issued, without secrets.
//
// NewServer starts the emulator on loopback; Credentials is its root
// access key (random unless WithCredentials), and WithSessionToken turns it
// into temporary credentials whose token must accompany every request.
// Tests seed and inspect state without the API, through this package's own
// types: AddUser, Users, AccessKeys and LoginProfile for RAM, AddIDaaSUser,
// IDaaSUsers and IDaaSLoginProfile for the EIAM instance; for groups and
// policies AddGroup, Groups, AddGroupMember, GroupMembers, UserGroups,
// AddPolicy, Policies, AddUserPolicy, UserPolicies, AddGroupPolicy,
// GroupPolicies, AddRole and RolePolicies for RAM, AddIDaaSGroup,
// IDaaSGroups, AddIDaaSGroupMember and IDaaSGroupMembers for EIAM. Seeding skips the
// API's naming rules, so users named under older rules (RAM names with '@')
// or synchronized from other directories can be set up:
//
//	srv := aliyuntest.NewServer()
//	defer srv.Close()
//	srv.AddUser(aliyuntest.User{Name: "alice@example"})
//
// RAM groups and policies: CreateGroup, GetGroup, UpdateGroup, DeleteGroup,
// ListGroups and ListUsersForGroup (Marker/MaxItems paging),
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser; CreatePolicy,
// GetPolicy, UpdatePolicyDescription, DeletePolicy (with CascadingDelete),
// ListPolicies (PolicyType, Tag, paging), the versions (CreatePolicyVersion
// with SetAsDefault and RotateStrategy, GetPolicyVersion,
// ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion),
// Attach/Detach to users, groups and roles (with ResourceGroupId),
// ListPoliciesForUser/Group/Role and ListEntitiesForPolicy. The system
// policies are a catalog of real RAM names (AdministratorAccess,
// ReadOnlyAccess, AliyunSTSAssumeRoleAccess, AliyunRAMFullAccess,
// AliyunECSReadOnlyAccess, AliyunOSSReadOnlyAccess, ...; Policies("System")
// lists them). Every conflict and quota is answered with RAM's code and
// status: DeleteConflict.User.Policy/.Group, DeleteConflict.Group.User/
// .Policy, DeleteConflict.Policy.User/.Group/.Role/.Version,
// DeleteConflict.Policy.Version.Default 409; EntityAlreadyExists.Group,
// .Policy, .User.Group, .User.Policy, .Group.Policy 409;
// EntityNotExist.Group, .Policy, .Policy.Version, .User.Group,
// .User.Policy, .Group.Policy 404; LimitExceeded.Group (50 groups),
// .User.Group (5 groups per user), .User.Policy (20 system and 10 custom
// per user), .Group.Policy (20 and 5 per group), .Policy (1500 custom
// policies), .Policy.Version (5 versions) 409, each changeable with
// WithRAMLimits; MalformedPolicyDocument and InvalidParameter.*.Length /
// .InvalidChars 400. RAM documents no DeleteConflict.Policy.Role; the
// emulator answers it for a policy attached to a role (AddRole).
//
// EIAM groups: CreateGroup, GetGroup, UpdateGroup, UpdateGroupDescription,
// DeleteGroup, ListGroups (PageNumber/PageSize/TotalCount, GroupName,
// GroupNameStartsWith, GroupExternalId, GroupIds.N), AddUsersToGroup,
// RemoveUsersFromGroup, ListUsersForGroup and ListGroupsForUser, and the
// Groups of GetUser. EIAM documents no error codes for them; the emulator
// answers EntityNotExists.Group 404, EntityAlreadyExists.Group.GroupName
// and .GroupExternalId 409 (names and external ids unique in the
// instance), and treats the batch calls as idempotent (adding a member
// again, or removing a non-member, succeeds). DeleteGroup takes the
// memberships with it, as DeleteUser takes the account's.
//
// Not emulated: STS beyond AssumeRole and AssumeRoleWithOIDC, XML answers
// (every answer is JSON whatever Format asks), RAM roles beyond policy
// attachments (AddRole), MFA devices, and the EIAM operations beyond users
// and groups (applications, authorization).
//
// The emulator never imports the aliyun client package: its wire structs are
// its own, so a mistake in the client cannot hide behind the same mistake here.
package aliyuntest

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
// emulator has no policies: any valid key may call every operation);
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
// # Errors
//
// Errors carry Baidu's body {"code","message","requestId"} and the
// x-bce-request-id header (the client's own request id is echoed). Baidu
// does not publish its IAM-specific codes; the emulator uses: 404 NotFound
// (no such user, login profile or key), 409 AlreadyExists (duplicate user
// name), 400 LimitExceeded (too many keys; the default limit is 2 per
// user), 400 InappropriateJSON (a rule broken: user names are 1-64 letters,
// digits or '_'; MFA on needs loginMfaType PHONE or TOTP; thirdPartyType
// PASSPORT or UUAP and its account together, both "" to unbind), 400
// MalformedJSON (a body that is not JSON). Secrets are returned only by
// CreateAccessKey. ListUser is not paginated, as on the real service.
// Deleting a user removes its login profile and keys.
//
// The emulator never imports package baidu: its wire structs are its own, so
// a mistake in the client cannot hide behind the same mistake here.
package baidutest

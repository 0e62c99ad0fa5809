// Package baidu is a client of Baidu AI Cloud IAM (API v1, signed with
// bce-auth-v1): every user-management operation of the service as a native
// method, and the portable iam.Client built on them.
//
// # Native client
//
// New (or NewFromEnv) returns a *Client whose methods are the service's
// operations, in the service's words, taking a context and an input struct:
//
//	users:          CreateUser, GetUser, UpdateUser (rename, description, enable/disable), DeleteUser, ListUsers
//	console login:  UpdateLoginProfile, GetLoginProfile, DeleteLoginProfile
//	access keys:    CreateAccessKey, DisableAccessKey, EnableAccessKey, DeleteAccessKey, ListAccessKeys
//
// Inputs are checked before any request leaves: a new user name (CreateUser,
// a rename) must be 1-64 ASCII letters, digits or '_' as Baidu states; names
// and key ids in a path must be non-empty and free of '/', '?', '#', '%',
// '\', spaces and control characters; turning login MFA on requires an MFA
// type (PHONE or TOTP); a third-party login type (PASSPORT or UUAP) and its
// account are set together, and both set to "" unbind it. A broken rule is an
// *iam.Error of Kind iam.ErrInvalidArgument whose Field names the field.
//
// Optional inputs are pointers, so "leave unchanged" (nil) and "set to empty"
// (a pointer to "") differ; only set fields are sent, as the official SDK's
// V2 arguments do. Passwords and secrets are iam.Secret values and never
// print.
//
// # Configuration and environment
//
// Config takes the access key, an optional STS session token (sent as the
// signed x-bce-security-token header), the endpoint (default
// https://iam.bj.baidubce.com; Baidu IAM is global, region bj), an
// *http.Client, the attempt bound and a logger (a *slog.Logger). NewFromEnv reads
// BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY (or terraform's
// BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY), BCE_SESSION_TOKEN and
// BCE_IAM_ENDPOINT, and names the variables that are missing.
//
// Every attempt is signed afresh (new x-bce-date, new x-bce-request-id), with
// exactly the headers the official Go SDK signs: content-type, host and
// x-bce-date, plus content-length and content-md5 on requests with a JSON
// body. Reads, updates and deletes are retried on throttling, 5xx and
// connection errors; CreateUser and CreateAccessKey only when the server
// certainly did not act (throttling, 503, RequestExpired; after
// RequestExpired the request is signed again with the server's clock, from
// its Date header, once). A create that
// failed after the server may have acted matches iam.ErrOutcomeUnknown:
// check (GetUser, ListAccessKeys) before trying again.
//
// # URLs
//
// Importing the package registers the scheme "baidu" for iam.Open:
//
//	c, err := iam.Open(ctx, "baidu://?region=bj")
//
// Parameters: region (only "bj"), endpoint (overrides BCE_IAM_ENDPOINT),
// insecure_http (true allows plain http on a non-loopback host),
// max_attempts. Credentials come from the environment as for NewFromEnv.
//
// # Portable API
//
// Client.IAM returns the iam.Client. Baidu users have no display name, email
// or phone: setting them returns iam.ErrUnsupported. ListUsers makes one
// request, since Baidu does not paginate, and ignores PageSize. A login
// profile is reported with PasswordSet true (Baidu does not say whether a
// password is set); SetLoginProfile always turns console login on; the MFA
// methods are iam.MFASMS (PHONE) and iam.MFATOTP (TOTP). CreateUser with
// Enabled false creates the user and then disables it. The access-key limit
// in Capabilities is 2: Baidu documents none in the sources this package was
// written from, and 2 is what the emulator (baidutest) enforces by default.
//
// # As
//
// The portable values reach the native ones:
//   - iam.User.As: *baidu.User (or baidu.User)
//   - iam.LoginProfile.As: *baidu.LoginProfile
//   - iam.AccessKey.As: *baidu.AccessKey
//
// # Errors
//
// Failures are *iam.Error with Baidu's code, message and request id (from
// the JSON body {code, message, requestId} or the x-bce-request-id header).
// Kind comes from the code when Baidu documents it (AccessDenied ->
// ErrPermissionDenied; InvalidAccessKeyId, SignatureDoesNotMatch,
// RequestExpired, InvalidHTTPAuthHeader -> ErrUnauthenticated;
// InappropriateJSON, MalformedJSON, InvalidHTTPRequest, InvalidURI ->
// ErrInvalidArgument; InternalError -> ErrUnavailable), from the words of an
// IAM-specific code (…NotFound/NoSuch… -> ErrNotFound, …AlreadyExists… ->
// ErrAlreadyExists, …Limit…/…Quota… -> ErrLimitExceeded, throttling ->
// ErrThrottled), and else from the status (404, 409, 429, 401, 403, 400, 5xx).
// A body that is not JSON (a gateway's HTML page, an empty 500) still gives a
// typed error with the status.
//
// The emulator in package baidutest speaks the same API on loopback and
// verifies every signature; the examples run on it.
package baidu

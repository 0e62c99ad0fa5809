// Package iam is cloudiam's portable identity API: one Client for the
// users, console logins and access keys of Baidu AI Cloud IAM, Huawei Cloud
// IAM, Alibaba Cloud RAM and Alibaba Cloud IDaaS EIAM, so that a Go service
// writes its user management once and chooses the cloud by configuration.
//
// Client is a concrete type over a provider's Driver (the shape of
// gocloud.dev's blob.Bucket): hold a *Client, and test with
// iamtest.NewFake. Its methods take a context first and address users by
// name. Inputs hold what the clouds share; optional fields are pointers (or
// empty strings on create), so "not set" differs from "set to zero": use Ptr
// for them. ListUsers returns an iter.Seq2 that fetches pages lazily;
// breaking out of the loop stops fetching.
//
// # Checked once, the same on every cloud
//
// Before a Client calls its provider, it checks the arguments and what the
// cloud declares in Capabilities, so the same mistake gives the same error
// on every cloud and nothing is sent: a nil context or input, a missing
// name, a value longer than the cloud's limit, a malformed access key id or
// an unknown MFA method is ErrInvalidArgument; an operation, optional field
// or MFA method the cloud lacks, or clearing a field the cloud cannot
// clear, is ErrUnsupported. A provider still refuses its cloud's own rules
// (the characters of a user name, say), also before any request.
//
// # Field names
//
// Error.Field of an ErrInvalidArgument (and of a field-level
// ErrUnsupported) uses one vocabulary on every cloud:
//
//	ctx                     the context argument (nil)
//	in                      the input struct argument (nil where required)
//	userName                the user-name argument of every method but CreateUser
//	accessKeyID             the access-key argument (1 to 128 ASCII letters and digits)
//	Name                    CreateUserInput.Name, the new user's name
//	NewName                 UpdateUserInput.NewName, a rename
//	DisplayName, Description, Email, Phone, Enabled
//	                        the fields of CreateUserInput and UpdateUserInput
//	Password, PasswordResetRequired, MFARequired, MFAMethod
//	                        the fields of LoginProfileInput
//	PageSize                ListUsersInput.PageSize
//
// Lengths count characters (Unicode code points) against the limits in
// Capabilities; a value must be valid UTF-8. Errors of Open and of the
// providers' constructors name URL parameters, environment variables or
// Config fields instead.
//
// # Observing calls
//
// An Observer, set in a provider's Config or URLOpener, sees the start and
// end of every portable call, of every native request and of every HTTP
// attempt, with the provider, operation, attempt number, method, status,
// duration, error kind and request id, never a secret: the place to plug in
// OpenTelemetry tracing or metrics without cloudiam depending on them.
//
// # Providers and URLs
//
// Each provider package builds a Client (its IAM method) and registers a URL
// scheme with Register when imported:
//
//	baidu://?region=bj                              github.com/cloudiam-go/cloudiam/baidu
//	huawei://?domain_id=...                         github.com/cloudiam-go/cloudiam/huawei
//	aliyun-ram://                                   github.com/cloudiam-go/cloudiam/aliyun
//	aliyun-idaas://?instance_id=...&ou=...          github.com/cloudiam-go/cloudiam/aliyun
//
// Open builds the Client for a URL with DefaultURLMux, with credentials
// from the environment variables the cloud's own CLI and SDKs read. Import
// the provider for its side effect; to set an HTTP client, logger, observer
// or retry policy for URLs, register the provider's URLOpener struct on a
// URLMux of your own (or Replace it on DefaultURLMux):
//
//	import _ "github.com/cloudiam-go/cloudiam/baidu"
//
//	c, err := iam.Open(ctx, os.Getenv("CLOUDIAM_URL"))
//
// # URLs
//
// Every option of every scheme, in one place. Settings go in the query;
// an unknown parameter or a bad value is an ErrInvalidArgument naming the
// parameter, and a URL with user information (credentials) is refused.
// Parameters every scheme takes:
//
//	region         the region: Baidu only "bj"; Huawei selects
//	               https://iam.{region}.myhuaweicloud.com; Alibaba IDaaS selects
//	               https://eiam.{region}.aliyuncs.com (RAM is global)
//	endpoint       the service URL, overriding the region and the environment
//	insecure_http  "true" allows a plain-http endpoint on a non-loopback host
//	               (plain http is otherwise accepted only for loopback emulators)
//	max_attempts   attempts per call, retries included, 1 to 20 (default 4)
//	timeout        per-attempt time limit, a Go duration ("30s"; default 60s)
//	profile        the profile of the cloud's CLI configuration and credentials
//	               files to take the credentials from
//
// Parameters of one scheme:
//
//	huawei://        domain_id     the account id (else the credentials' own,
//	                               else looked up once through the API)
//	aliyun-ram://    signature     acs3 (default) or v1 (RPC HMAC-SHA1)
//	aliyun-idaas://  signature     as for aliyun-ram
//	                 instance_id   the EIAM instance, idaas_... (required)
//	                 ou            the organizational unit new users join, ou_...
//
// Credentials come from each cloud's default chain, in the order the
// cloud's own tools try their sources, and are read when the first call
// needs them (so a missing credential is reported by that call, naming
// every source tried and why it gave nothing):
//
//	baidu://         environment (BCE_ACCESS_KEY_ID, BCE_SECRET_ACCESS_KEY,
//	                 BCE_SECURITY_TOKEN; or terraform's BAIDUCLOUD_*), the bce CLI's
//	                 ~/.bce/config.json and ~/.bce/credentials, the BCC instance role
//	huawei://        environment (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
//	                 HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_DOMAIN_ID, or
//	                 OIDC federation), ~/.huaweicloud/credentials, ECS metadata
//	aliyun-*://      environment (ALIBABA_CLOUD_ACCESS_KEY_ID,
//	                 ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN),
//	                 OIDC (RRSA), ~/.aliyun/config.json, ~/.alibabacloud/credentials,
//	                 the ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI
//
// Each provider's DefaultCredentials documents its chain; a URLOpener's
// Credentials field replaces it (an iam.CredentialsProvider: static keys,
// an STS role, any source of your own).
//
// Clouds differ: Capabilities tells what a client supports (operations,
// optional fields, MFA methods, key limit, longest user name), so callers
// can decide before calling. A call to an operation or with a field the
// cloud lacks fails with ErrUnsupported; it is never silently ignored.
// Package iam/iamtest holds an in-memory fake Client for unit tests and the
// conformance suite every provider passes.
//
// # Multi-cloud helpers
//
// RotateAccessKey replaces a user's access key step by step (create,
// confirm through a caller's callback, disable the old, delete the old),
// never leaving the user without a working key; a *RotationError names the
// step that failed and the state left. Provision makes one identity exist
// on several clouds concurrently, skipping what a cloud does not support,
// and removes everything it created if any cloud fails; a *ProvisionError
// lists the failing clouds and anything that could not be removed.
//
// # As
//
// What only one cloud has stays reachable: User, LoginProfile and AccessKey
// carry the provider's own value, with every field the cloud sent, behind
// their As method (the idea of gocloud.dev):
//
//	var bu *baidu.User
//	if u.As(&bu) {
//		// Baidu-only fields of bu
//	}
//
// As takes a pointer to the provider's type (or to a pointer to it) and
// reports whether the types matched. Each provider package lists the types
// it exposes in its documentation.
//
// # Errors
//
// Every error a Client returns is, or wraps, *Error: the Provider, the Op
// (always the portable operation; the cloud's own request that failed, when
// it has another name, is in NativeOp), the HTTP StatusCode, the cloud's own Code and Message, its RequestID, and
// a portable Kind. Each Kind is a sentinel error, so the same check works on
// every cloud:
//
//	if errors.Is(err, iam.ErrNotFound) { ... }
//
//	var e *iam.Error
//	if errors.As(err, &e) {
//		log.Printf("%s said %s (request %s)", e.Provider, e.Code, e.RequestID)
//	}
//
// The kinds are ErrNotFound, ErrAlreadyExists, ErrInvalidArgument (with
// Field naming the input field; bad input is refused before any request is
// sent), ErrUnauthenticated, ErrPermissionDenied, ErrThrottled,
// ErrLimitExceeded, ErrFailedPrecondition, ErrUnsupported, ErrUnavailable
// (network failures, 5xx, and a call stopped by its context, whose error
// stays reachable with errors.Is), ErrInvalidResponse and ErrUnknown.
// A create that failed after the cloud may have acted on it also matches
// ErrOutcomeUnknown (Error.OutcomeUnknown): check, for example with GetUser,
// before trying again.
// Error() reads like
//
//	cloudiam: baidu GetUser: StatusCode: 404, RequestID: 1f2e, NoSuchUser: user not found
//
// # Secrets
//
// Passwords and secret access keys are Secret values. A Secret prints as
// [REDACTED] under every fmt verb, in JSON, in text encoders and in
// log/slog, including when it sits inside other structs, maps or slices;
// the value comes out only through Reveal. CreateAccessKey is the only call
// that returns a key's secret. Errors never contain a secret.
package iam

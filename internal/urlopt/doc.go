// Package urlopt reads the iam.Open URL parameters every provider shares,
// so that the four schemes accept the same names with the same rules and
// the same errors:
//
//	region         the cloud region (each provider documents its use)
//	endpoint       the service URL, overriding the default and the environment
//	insecure_http  "true" allows a plain-http endpoint on a non-loopback host
//	max_attempts   attempts per call, retries included (1 disables retries)
//	timeout        per-attempt time limit, a Go duration such as "30s"
//
// Provider-specific parameters (domain_id, instance_id, ou, signature) are
// named by the provider; any other parameter is an error naming it.
package urlopt

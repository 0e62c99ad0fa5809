package baidu

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/iam"
)

// MaxUserNameLength is the longest user name CreateUser and a rename accept.
const MaxUserNameLength = 64

// checkNewUserName enforces the rule Baidu states for new names (CreateUser
// and renames): 1-64 characters, each a letter, a digit or '_'.
func checkNewUserName(op, field, name string) error {
	const rule = "must be 1-64 characters, each an ASCII letter, a digit or '_'"
	if name == "" || len(name) > MaxUserNameLength {
		return iam.InvalidArgument(Scheme, op, field, rule)
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
			return iam.InvalidArgument(Scheme, op, field, rule)
		}
	}
	return nil
}

// checkUserName checks a name that addresses an existing user. It is looser
// than checkNewUserName, so users named under other rules (the console,
// older accounts) stay reachable, but it refuses what would change the
// request's path: '/', '?', '#', '%', '\', control characters and spaces.
func checkUserName(op, field, name string) error {
	return checkPathParam(op, field, name, 255)
}

// checkAccessKeyID checks an access key id used in a path.
func checkAccessKeyID(op, field, id string) error {
	return checkPathParam(op, field, id, 128)
}

func checkPathParam(op, field, v string, max int) error {
	if v == "" {
		return iam.InvalidArgument(Scheme, op, field, "is required")
	}
	if len(v) > max || !utf8.ValidString(v) {
		return iam.InvalidArgument(Scheme, op, field, "must be valid UTF-8 of at most "+strconv.Itoa(max)+" bytes")
	}
	if v == "." || v == ".." || strings.ContainsAny(v, `/?#%\`) || strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r)
	}) >= 0 {
		return iam.InvalidArgument(Scheme, op, field, `must not contain '/', '?', '#', '%', '\', spaces or control characters`)
	}
	return nil
}

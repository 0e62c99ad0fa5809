package aliyun

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Input rules, checked before a request leaves. Each returns "" when the
// value passes, or the rule it breaks, for iam.Error.Message.

const (
	digits = "0123456789"
	alnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + digits
)

// onlyOf reports whether s is min to max bytes long (max < 0: no limit) and
// each byte is one of set.
func onlyOf(s, set string, min, max int) bool {
	if len(s) < min || (max >= 0 && len(s) > max) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// ramNewUserNameRule is RAM's rule for a name a user is given (CreateUser's
// UserName, UpdateUser's NewUserName): 1-64 letters, digits, '.', '-' or
// '_'. Older RAM documentation also allowed '@'; current documentation does
// not, so new names never carry it.
func ramNewUserNameRule(s string) string {
	if !onlyOf(s, alnum+"._-", 1, 64) {
		return "must be 1-64 characters of letters, digits, '.', '-' and '_'"
	}
	return ""
}

// existingNameRule is the rule for a name that addresses a user who exists:
// any name the cloud may hold, from older rules ('@' in RAM) or from other
// sources (EIAM accounts synchronized from DingTalk, AD or LDAP). It is sent
// as a query parameter, percent-encoded, so only what no name holds is
// refused: invalid UTF-8 and control characters.
func existingNameRule(s string, max int) string {
	switch {
	case s == "":
		return "required"
	case !utf8.ValidString(s) || hasControl(s):
		return "must be valid UTF-8 without control characters"
	case runeLen(s) > max:
		return "must be at most " + itoa(max) + " characters"
	}
	return ""
}

// ramPhoneRule is RAM's MobilePhone format: "<country code>-<number>", for
// example "86-18688888888".
func ramPhoneRule(s string) string {
	cc, num, ok := strings.Cut(s, "-")
	if !ok || !onlyOf(cc, digits, 1, 6) || !onlyOf(num, digits, 4, 20) {
		return `must be "<country code>-<number>", for example "86-18688888888"`
	}
	return ""
}

// ramEmailRule is a loose address check: one '@' with something before it
// and a dotted domain after it, no spaces.
func ramEmailRule(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t\n\f\r\v") || strings.Contains(domain, "@") ||
		len(domain) < 3 || !strings.Contains(domain[1:len(domain)-1], ".") {
		return "must be an email address"
	}
	return ""
}

// eiamNewUsernameRule is EIAM's rule for a new account name: up to 64
// letters, digits, '_', '.', '@' and '-' (CreateUser reference).
func eiamNewUsernameRule(s string) string {
	if !onlyOf(s, alnum+"_.@-", 1, 64) {
		return "must be 1-64 characters of letters, digits, '_', '.', '@' and '-'"
	}
	return ""
}

// eiamEmailRule: the prefix holds letters, digits, '_', '.', '-' (CreateUser
// reference; '+' is accepted too), the domain is dotted labels of letters,
// digits and '-'; at most 128 characters.
func eiamEmailRule(s string) string {
	const rule = "must be an email address (prefix of letters, digits, '_', '.', '-') of at most 128 characters"
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(s) > 128 || !onlyOf(local, alnum+"_.+-", 1, -1) || !strings.Contains(domain, ".") {
		return rule
	}
	for label := range strings.SplitSeq(domain, ".") {
		if !onlyOf(label, alnum+"-", 1, -1) {
			return rule
		}
	}
	return ""
}

// phoneRegionRule is EIAM's PhoneRegion: 1-6 digits, no '+'.
func phoneRegionRule(s string) string {
	if !onlyOf(s, digits, 1, 6) {
		return "must be 1-6 digits without '+', for example 86"
	}
	return ""
}

// phoneNumberRule is EIAM's PhoneNumber: 6-15 digits.
func phoneNumberRule(s string) string {
	if !onlyOf(s, digits, 6, 15) {
		return "must be 6-15 digits"
	}
	return ""
}

// isID reports whether s looks like an EIAM id (idaas_..., user_..., ou_...).
func isID(s string) bool { return onlyOf(s, alnum+"_-", 1, 128) }

// isRegion reports whether s looks like a region id (cn-hangzhou).
func isRegion(s string) bool { return onlyOf(s, "abcdefghijklmnopqrstuvwxyz"+digits+"-", 1, 64) }

// runeLen counts characters, as Alibaba's length limits do.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// lenRule returns a rule when s is longer than max characters.
func lenRule(s string, max int) string {
	if runeLen(s) > max {
		return "must be at most " + itoa(max) + " characters"
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

// isASCIIPrintable reports whether s holds only printable ASCII.
func isASCIIPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// hasControl reports whether s holds control characters.
func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

// fieldRule is one value's check: the field it is reported under and the
// rule it broke ("" when it passed).
type fieldRule struct{ field, rule string }

// firstInvalid returns the ErrInvalidArgument of the first broken rule, or nil.
func firstInvalid(provider, op string, checks ...fieldRule) error {
	for _, c := range checks {
		if c.rule != "" {
			return iam.InvalidArgument(provider, op, c.field, c.rule)
		}
	}
	return nil
}

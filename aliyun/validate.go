package aliyun

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// RAM UserName: 1-64 of letters, digits, '.', '-', '_' (providers/aliyun.md).
	ramUserNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	// RAM MobilePhone: "<country code>-<number>", e.g. 86-18688888888.
	ramPhoneRE = regexp.MustCompile(`^[0-9]{1,6}-[0-9]{4,20}$`)
	// EIAM Username: up to 64 of letters, digits, '_', '.', '@', '-' (the seed).
	eiamUsernameRE = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)
	// EIAM PhoneRegion: 1-6 digits, no '+'.
	phoneRegionRE = regexp.MustCompile(`^[0-9]{1,6}$`)
	// EIAM PhoneNumber: 6-15 digits.
	phoneNumberRE = regexp.MustCompile(`^[0-9]{6,15}$`)
	// EIAM email: the prefix may hold letters, digits, '_', '.', '-' (the
	// seed); the domain is checked loosely.
	eiamEmailRE = regexp.MustCompile(`^[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
	// RAM email: a loose address check.
	ramEmailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// runeLen counts characters, as Alibaba's length limits do.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// checkLen returns a rule when s is longer than max characters.
func checkLen(s string, max int) string {
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

func regexpMust(expr string) *regexp.Regexp { return regexp.MustCompile(expr) }

package aliyun

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The input rules are plain character-class checks, written out rather
// than compiled from regular expressions: package regexp would add about
// 200 KB to every program that links this package. Each matcher's doc gives
// the expression it is equal to (a fuzz test holds them to it).
var (
	// RAM UserName: 1-64 of letters, digits, '.', '-', '_' (providers/aliyun.md).
	// ^[A-Za-z0-9._-]{1,64}$
	ramUserNameRE = charRun{alnum + "._-", 1, 64}
	// RAM MobilePhone: "<country code>-<number>", e.g. 86-18688888888.
	// ^[0-9]{1,6}-[0-9]{4,20}$
	ramPhoneRE = matchFunc(func(s string) bool {
		cc, num, ok := strings.Cut(s, "-")
		return ok && charRun{digits, 1, 6}.MatchString(cc) && charRun{digits, 4, 20}.MatchString(num)
	})
	// EIAM Username: up to 64 of letters, digits, '_', '.', '@', '-' (the seed).
	// ^[A-Za-z0-9_.@-]{1,64}$
	eiamUsernameRE = charRun{alnum + "_.@-", 1, 64}
	// EIAM PhoneRegion: 1-6 digits, no '+'. ^[0-9]{1,6}$
	phoneRegionRE = charRun{digits, 1, 6}
	// EIAM PhoneNumber: 6-15 digits. ^[0-9]{6,15}$
	phoneNumberRE = charRun{digits, 6, 15}
	// EIAM email: the prefix may hold letters, digits, '_', '.', '-' (the
	// seed); the domain is checked loosely.
	// ^[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$
	eiamEmailRE = matchFunc(func(s string) bool {
		local, domain, ok := strings.Cut(s, "@")
		if !ok || !(charRun{alnum + "_.+-", 1, -1}).MatchString(local) || !strings.Contains(domain, ".") {
			return false
		}
		for label := range strings.SplitSeq(domain, ".") {
			if !(charRun{alnum + "-", 1, -1}).MatchString(label) {
				return false
			}
		}
		return true
	})
	// RAM email: a loose address check. ^[^@\s]+@[^@\s]+\.[^@\s]+$
	ramEmailRE = matchFunc(func(s string) bool {
		local, domain, ok := strings.Cut(s, "@")
		return ok && local != "" && !strings.ContainsAny(s, " \t\n\f\r") && !strings.Contains(domain, "@") &&
			len(domain) >= 3 && strings.Contains(domain[1:len(domain)-1], ".")
	})
)

const (
	digits = "0123456789"
	alnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + digits
)

// charRun matches a string of min to max bytes (max < 0: no limit), each
// one of set.
type charRun struct {
	set      string
	min, max int
}

// MatchString reports whether s matches.
func (r charRun) MatchString(s string) bool {
	if len(s) < r.min || (r.max >= 0 && len(s) > r.max) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(r.set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// matchFunc is a matcher written as a function.
type matchFunc func(string) bool

// MatchString reports whether s matches.
func (f matchFunc) MatchString(s string) bool { return f(s) }

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

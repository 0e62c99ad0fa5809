package aliyun

import (
	"regexp"
	"testing"
)

// matchers pairs each hand-written matcher with the expression it stands for.
var matchers = []struct {
	name string
	m    interface{ MatchString(string) bool }
	re   *regexp.Regexp
}{
	{"ramUserName", ramUserNameRE, regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)},
	{"ramPhone", ramPhoneRE, regexp.MustCompile(`^[0-9]{1,6}-[0-9]{4,20}$`)},
	{"eiamUsername", eiamUsernameRE, regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)},
	{"phoneRegion", phoneRegionRE, regexp.MustCompile(`^[0-9]{1,6}$`)},
	{"phoneNumber", phoneNumberRE, regexp.MustCompile(`^[0-9]{6,15}$`)},
	{"eiamEmail", eiamEmailRE, regexp.MustCompile(`^[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)},
	{"ramEmail", ramEmailRE, regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)},
	{"id", idRE, regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)},
	{"region", regionRE, regexp.MustCompile(`^[a-z0-9-]{1,64}$`)},
}

var matcherSeeds = []string{
	"", "a", "user_1", "user.name-x", "a b", "ü", "86-18688888888", "86-123", "1234567-12345", "-1234", "86-",
	"123456", "12345", "1234567890123456", "+86", "a@b.c", "a@b", "a@.c", "a@b.", "@b.c", "a@b..c", "a@@b.c",
	"a b@c.d", "x@y.z.", "x@.y.z", "x@y..", "a+b@ex-ample.com", "a@b.c\n", "a\t@b.c", "cn-hangzhou", "CN-x",
	"idaas_ue2jvisn35ea5lmthk267xxxxx", "a@b\x00.c", "..@..", "x@.", "x@..", "x@a.b@c",
}

func TestMatchersEqualTheirExpressions(t *testing.T) {
	long := make([]byte, 130)
	for i := range long {
		long[i] = 'a'
	}
	seeds := append(matcherSeeds, string(long[:64]), string(long[:65]), string(long[:128]), string(long[:129]))
	for _, m := range matchers {
		for _, s := range seeds {
			if got, want := m.m.MatchString(s), m.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the expression says %v", m.name, s, got, want)
			}
		}
	}
}

func FuzzMatchersEqualTheirExpressions(f *testing.F) {
	for _, s := range matcherSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range matchers {
			if got, want := m.m.MatchString(s), m.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the expression says %v", m.name, s, got, want)
			}
		}
	})
}

package huawei

import (
	"regexp"
	"testing"
)

var matchSeeds = []string{"", "cn-north-4", "ap-southeast-1", "eu-west-101", "cn", "c-north", "cn-", "cn--4", "CN-north-4",
	"cn-North", "cn-north-4-", "cn_north", "la-south-2", "akSkNumExceed", "IAM.0004", "unavailable", "1abc", "a_b", "a b", "é-x", "a"}

// The hand-written checks equal the expressions they replace.
func TestChecksEqualTheirExpressions(t *testing.T) {
	region := regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	token := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]*$`)
	check := func(t *testing.T, s string) {
		if got, want := isRegionID(s), region.MatchString(s); got != want {
			t.Errorf("isRegionID(%q) = %v, the expression says %v", s, got, want)
		}
		if isCodeToken(s) && !token.MatchString(s) {
			t.Errorf("isCodeToken(%q) accepts what the expression refuses", s)
		}
	}
	for _, s := range matchSeeds {
		check(t, s)
	}
}

func FuzzChecksEqualTheirExpressions(f *testing.F) {
	region := regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	token := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.]*$`)
	for _, s := range matchSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isRegionID(s), region.MatchString(s); got != want {
			t.Errorf("isRegionID(%q) = %v, the expression says %v", s, got, want)
		}
		if isCodeToken(s) && !token.MatchString(s) {
			t.Errorf("isCodeToken(%q) accepts what the expression refuses", s)
		}
	})
}

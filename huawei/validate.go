package huawei

import (
	"strings"
	"unicode/utf8"

	"github.com/cloudiam-go/cloudiam/iam"
)

// The limits IAM documents for user fields, checked before a request is
// sent.
const (
	// MaxUserNameLength bounds a user name (1-64 characters).
	MaxUserNameLength = 64
	// MinPasswordLength is the lowest minimum password length an account's
	// password policy can set; the policy may ask for more (IAM then
	// refuses the password with 1118).
	MinPasswordLength = 6
	// MaxPasswordLength bounds a password.
	MaxPasswordLength = 32
	// MaxEmailLength bounds an email address.
	MaxEmailLength = 255
	// MaxPhoneLength bounds a mobile number, in digits (without its areacode).
	MaxPhoneLength = 32
	// MaxDescriptionLength bounds a user's or an access key's description.
	MaxDescriptionLength = 255
	// MaxXUserTypeLength bounds xuser_type.
	MaxXUserTypeLength = 64
	// MaxXUserIDLength bounds xuser_id.
	MaxXUserIDLength = 128
	// MaxAccessKeysPerUser is the number of permanent access keys a user may have.
	MaxAccessKeysPerUser = 2
)

// maxAreaCodeLength bounds an areacode ("0086"); IAM documents no limit,
// and no country code is longer.
const maxAreaCodeLength = 8

func invalid(op, field, rule string) error { return iam.InvalidArgument(Scheme, op, field, rule) }

// nameChar reports whether c may appear in a user name: a letter, a digit,
// a space, '-', '_' or '.'.
func nameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '_' || c == '.'
}

// checkUserName applies IAM's rule for a new name: 1-64 characters,
// letters, digits, spaces, '-', '_' and '.', not starting with a digit or
// a space.
func checkUserName(op, field, name string) error {
	const rule = "must be 1-64 characters of letters, digits, spaces, '-', '_' or '.', not starting with a digit or a space"
	if name == "" || len(name) > MaxUserNameLength {
		return invalid(op, field, rule)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !nameChar(c) || i == 0 && (c == ' ' || c >= '0' && c <= '9') {
			return invalid(op, field, rule)
		}
	}
	return nil
}

// checkID rejects an empty id or one that could escape its path segment.
// Huawei ids (user ids, access keys, domain ids) are letters and digits.
func checkID(op, field, id string) error {
	if id == "" {
		return invalid(op, field, "required")
	}
	if len(id) > 128 {
		return invalid(op, field, "must be at most 128 characters")
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') || id == "." || id == ".." {
			return invalid(op, field, "must contain only letters, digits, '-', '_' and '.'")
		}
	}
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// userFields are the fields shared by create and update, "" meaning unset.
type userFields struct {
	password           iam.Secret
	email, areacode    *string
	phone              *string
	xuserType, xuserID *string
	accessMode         *AccessMode
	description        *string
}

func checkUserFields(op string, f userFields) error {
	if !f.password.IsZero() && utf8.RuneCountInString(f.password.Reveal()) > MaxPasswordLength {
		return invalid(op, "Password", "must be at most 32 characters")
	}
	if f.email != nil && len(*f.email) > MaxEmailLength {
		return invalid(op, "Email", "must be at most 255 characters")
	}
	if f.email != nil && *f.email != "" && !plausibleEmail(*f.email) {
		return invalid(op, "Email", "must be an address like name@example.com")
	}
	if f.phone != nil && *f.phone != "" && (!digits(*f.phone) || len(*f.phone) > MaxPhoneLength) {
		return invalid(op, "Phone", "must be at most 32 digits")
	}
	if f.areacode != nil && *f.areacode != "" && (!digits(*f.areacode) || len(*f.areacode) > maxAreaCodeLength) {
		return invalid(op, "AreaCode", "must be digits, such as 0086")
	}
	if (f.phone != nil) != (f.areacode != nil) {
		return invalid(op, "AreaCode", "AreaCode and Phone must be set together")
	}
	if (f.xuserType != nil) != (f.xuserID != nil) {
		return invalid(op, "XUserID", "XUserType and XUserID must be set together")
	}
	if f.xuserType != nil && len(*f.xuserType) > MaxXUserTypeLength {
		return invalid(op, "XUserType", "must be at most 64 characters")
	}
	if f.xuserID != nil && len(*f.xuserID) > MaxXUserIDLength {
		return invalid(op, "XUserID", "must be at most 128 characters")
	}
	if f.accessMode != nil && !f.accessMode.valid() {
		return invalid(op, "AccessMode", "must be default, programmatic or console")
	}
	if f.description != nil && utf8.RuneCountInString(*f.description) > MaxDescriptionLength {
		return invalid(op, "Description", "must be at most 255 characters")
	}
	return nil
}

// plausibleEmail reports whether s has the shape local@domain.tld, with no
// space or control character: what Huawei IAM refuses with 1102 otherwise.
func plausibleEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || strings.Count(s, "@") != 1 {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || dot == len(domain)-1 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

package clouds

import (
	"slices"
	"strconv"
	"strings"

	"github.com/cloudiam-go/cloudiam/iam"
)

// Matrix renders the README's provider matrix (Markdown) from the clients'
// Capabilities, so the documentation cannot drift from the code.
func Matrix(targets []Target) string {
	var b strings.Builder
	caps := make([]iam.Capabilities, len(targets))
	b.WriteString("| portable API |")
	for i, t := range targets {
		caps[i] = t.Client.Capabilities()
		b.WriteString(" " + t.Name + " |")
	}
	b.WriteString("\n|---|")
	for range targets {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	row := func(name string, has func(iam.Capabilities) string) {
		b.WriteString("| " + name + " |")
		for _, c := range caps {
			b.WriteString(" " + has(c) + " |")
		}
		b.WriteString("\n")
	}
	mark := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "—"
	}
	for _, op := range slices.Concat(iam.Operations, iam.GroupOperations, iam.PolicyOperations) {
		row("`"+string(op)+"`", func(c iam.Capabilities) string { return mark(c.Supports(op)) })
	}
	for _, f := range []iam.Field{iam.FieldDisplayName, iam.FieldDescription, iam.FieldEmail, iam.FieldPhone,
		iam.FieldEnabled, iam.FieldRename, iam.FieldPasswordReset, iam.FieldMFARequired, iam.FieldMFAMethod,
		iam.FieldUserLastLogin, iam.FieldAccessKeyLastUsed, iam.FieldGroupRename, iam.FieldGroupDescription,
		iam.FieldPolicyProject} {
		row("field `"+string(f)+"`", func(c iam.Capabilities) string { return mark(c.SupportsField(f)) })
	}
	row("clearable with UpdateUser", func(c iam.Capabilities) string {
		var s []string
		for _, f := range c.ClearableFields {
			if f != iam.FieldGroupDescription {
				s = append(s, string(f))
			}
		}
		if len(s) == 0 {
			return "—"
		}
		return strings.Join(s, ", ")
	})
	row("MFA methods", func(c iam.Capabilities) string {
		if len(c.MFAMethods) == 0 {
			return "—"
		}
		s := make([]string, len(c.MFAMethods))
		for i, m := range c.MFAMethods {
			s[i] = string(m)
		}
		return strings.Join(s, ", ")
	})
	row("access keys per user", func(c iam.Capabilities) string {
		if c.MaxAccessKeysPerUser == 0 {
			return "—"
		}
		return strconv.Itoa(c.MaxAccessKeysPerUser)
	})
	limit := func(n int) string {
		if n == 0 {
			return "—"
		}
		return strconv.Itoa(n)
	}
	row("longest user name", func(c iam.Capabilities) string { return limit(c.MaxUserNameLength) })
	row("longest description", func(c iam.Capabilities) string { return limit(c.MaxDescriptionLength) })
	row("password length", func(c iam.Capabilities) string {
		if c.MinPasswordLength == 0 && c.MaxPasswordLength == 0 {
			return "—"
		}
		return limit(c.MinPasswordLength) + "–" + limit(c.MaxPasswordLength)
	})
	row("largest page", func(c iam.Capabilities) string { return limit(c.MaxPageSize) })
	row("longest group name", func(c iam.Capabilities) string { return limit(c.MaxGroupNameLength) })
	row("longest policy document", func(c iam.Capabilities) string { return limit(c.MaxPolicyDocumentLength) })
	return b.String()
}

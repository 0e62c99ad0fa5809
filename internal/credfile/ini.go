package credfile

import "strings"

// INI parses the INI files of the clouds' tools and SDKs.
type INI struct {
	// FoldSections lower-cases section names, so that sections whose names
	// differ only in case are one. Otherwise names are kept as written.
	FoldSections bool
}

// Parse returns the sections of an INI file by name, each its keys and
// values:
//
//   - a leading UTF-8 byte order mark is dropped, and every line is trimmed;
//   - blank lines and lines starting with ';' or '#' are comments;
//   - "[name]" starts a section (name trimmed; what follows ']' is
//     ignored); a section named twice is one, later keys overriding; a '['
//     line without ']' is a broken header, and the keys after it belong to
//     no section;
//   - "key = value" or "key: value" (split at the first '=' or ':') sets a
//     key, lower-cased and trimmed; keys outside a section, lines without a
//     separator and empty keys are ignored;
//   - a value is trimmed; a value starting with a quote (' or ") is what
//     lies up to the matching quote; otherwise an inline comment, ';' or '#'
//     after a space or tab, is cut.
func (p INI) Parse(data []byte) map[string]map[string]string {
	out := map[string]map[string]string{}
	var cur map[string]string
	text := strings.TrimPrefix(string(data), "\ufeff")
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				cur = nil
				continue
			}
			name := strings.TrimSpace(line[1:end])
			if p.FoldSections {
				name = strings.ToLower(name)
			}
			if out[name] == nil {
				out[name] = map[string]string{}
			}
			cur = out[name]
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 || cur == nil {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(line[:i]))
		if k == "" {
			continue
		}
		cur[k] = value(line[i+1:])
	}
	return out
}

// value trims v and drops surrounding quotes or an inline comment.
func value(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : 1+end]
		}
	}
	for i := 1; i < len(v); i++ {
		if (v[i] == ';' || v[i] == '#') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}

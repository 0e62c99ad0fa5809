package credfile

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "credentials")
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
	require.NoError(t, os.Chmod(path, mode)) // past the umask
	return path
}

func TestRead(t *testing.T) {
	path := write(t, "[default]\nkey = value\n", 0o600)
	data, mode, err := Read(path)
	require.NoError(t, err)
	assert.Equal(t, "[default]\nkey = value\n", string(data))
	if runtime.GOOS != "windows" {
		assert.Equal(t, fs.FileMode(0o600), mode)
	}

	missing := filepath.Join(t.TempDir(), "missing")
	_, _, err = Read(missing)
	require.ErrorIs(t, err, fs.ErrNotExist)
	if runtime.GOOS != "windows" {
		assert.Equal(t, "cannot open "+missing+": no such file or directory", err.Error(), "the cause, without Go's repetition of the path")
	}

	dir := t.TempDir()
	_, _, err = Read(dir)
	require.Error(t, err)
	assert.NotErrorIs(t, err, fs.ErrNotExist)
	assert.EqualError(t, err, dir+" is a directory")
}

func TestReadSizeBound(t *testing.T) {
	full := strings.Repeat("k", MaxSize)
	data, _, err := Read(write(t, full, 0o600))
	require.NoError(t, err)
	assert.Len(t, data, MaxSize, "MaxSize bytes are read whole")

	path := write(t, full+"SECRET", 0o600)
	data, _, err = Read(path)
	require.Error(t, err)
	assert.Nil(t, data)
	assert.EqualError(t, err, path+" is larger than 1 MiB")
	assert.NotContains(t, err.Error(), "SECRET")
}

func TestReadPermissionDenied(t *testing.T) {
	if runtime.GOOS == "windows" || os.Getuid() == 0 {
		t.Skip("needs Unix mode bits that bind the user")
	}
	path := write(t, "x", 0o000)
	_, _, err := Read(path)
	require.ErrorIs(t, err, fs.ErrPermission)
	assert.Equal(t, "cannot open "+path+": permission denied", err.Error())
}

// debugOnly is an iam.Logger without WarnContext.
type debugOnly struct{ lines []string }

func (d *debugOnly) DebugContext(_ context.Context, msg string, args ...any) {
	d.lines = append(d.lines, msg)
}

func TestWarnShared(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits")
	}
	ctx := context.Background()
	const msg = "cloudiam: a file holding Test credentials is readable by its group or others"
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o604, true}} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			path := write(t, "[default]\nsecret = very-secret-value\n", tt.mode)
			_, mode, err := Read(path)
			require.NoError(t, err)
			assert.Equal(t, tt.warn, Shared(mode))

			var buf bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			WarnShared(ctx, logger, "test", msg, path, mode)
			if !tt.warn {
				assert.Empty(t, buf.String())
				return
			}
			line := buf.String()
			assert.Equal(t, 1, strings.Count(line, "\n"), line)
			assert.Contains(t, line, "level=WARN")
			assert.Contains(t, line, msg)
			assert.Contains(t, line, "provider=test")
			assert.Contains(t, line, path)
			assert.Contains(t, line, "mode="+tt.mode.String())
			assert.Contains(t, line, "perm=0"+strconv.FormatUint(uint64(tt.mode), 8))
			assert.NotContains(t, line, "very-secret-value")
		})
	}
}

func TestWarnSharedFormats(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits")
	}
	var buf bytes.Buffer
	WarnShared(context.Background(), slog.New(slog.NewTextHandler(&buf, nil)), "p", "m", "/x", fs.ModeDir|0o644)
	assert.Contains(t, buf.String(), "mode=-rw-r--r-- perm=0644", "permission bits only, in both forms")

	d := &debugOnly{}
	WarnShared(context.Background(), d, "p", "m", "/x", 0o644)
	assert.Equal(t, []string{"m"}, d.lines, "a logger without WarnContext hears it at debug level")
	WarnShared(context.Background(), d, "p", "m", "/x", 0o600)
	assert.Len(t, d.lines, 1)

	WarnShared(context.Background(), nil, "p", "m", "/x", 0o644) // no logger: no panic
}

func TestParseINI(t *testing.T) {
	for _, tt := range []struct {
		name string
		ini  INI
		in   string
		want map[string]map[string]string
	}{{
		name: "sections, comments, whitespace",
		in:   "; head\n# also\n  [ default ]  \n  key = value  \nKey2=v2\n\n[other]\nk = x\n",
		want: map[string]map[string]string{"default": {"key": "value", "key2": "v2"}, "other": {"k": "x"}},
	}, {
		name: "key: value, split at the first separator (the bce CLI)",
		in:   "[prod]\nbce_access_key_id: ak-prod\nbce_security_token = tok=:x\nurl = http://h:1\n",
		want: map[string]map[string]string{"prod": {"bce_access_key_id": "ak-prod", "bce_security_token": "tok=:x", "url": "http://h:1"}},
	}, {
		name: "inline comments and quotes (Alibaba's SDKs)",
		in: "[default]\naccess_key_id = LTAIdefault   ; a comment\naccess_key_secret = \"quoted-secret\"\n" +
			"tab = v\t# c\nhash=B#notacomment\nsemi=a;b\nq = 'x ; y' ; after\nopen = \"unterminated ; c\n",
		want: map[string]map[string]string{"default": {"access_key_id": "LTAIdefault", "access_key_secret": "quoted-secret",
			"tab": "v", "hash": "B#notacomment", "semi": "a;b", "q": "x ; y", "open": "\"unterminated"}},
	}, {
		name: "section names as written",
		in:   "[Prod]\na = 1\n[prod]\na = 2\n",
		want: map[string]map[string]string{"Prod": {"a": "1"}, "prod": {"a": "2"}},
	}, {
		name: "folded section names (Huawei's SDKs)",
		ini:  INI{FoldSections: true},
		in:   "\ufeff[Global]\r\nak = A ; c\r\nsk=B#notacomment\nquoted = ' x ; y '\nempty =\n  [ basic ]  \nak=C\n[global]\nsk = D\n",
		want: map[string]map[string]string{
			"global": {"ak": "A", "sk": "D", "quoted": " x ; y ", "empty": ""},
			"basic":  {"ak": "C"},
		},
	}, {
		name: "a section named twice is one, later keys win",
		in:   "[defaults]\na = 1\nb = 1\n[x]\n[defaults]\nb = 2\n",
		want: map[string]map[string]string{"defaults": {"a": "1", "b": "2"}, "x": {}},
	}, {
		name: "keys outside a section, a broken header, no separator, empty key",
		in:   "ak = x\nsk = y\n[global\nak=z\n[s] trailing\njustaword\n= v\n : w\nk=v\n",
		want: map[string]map[string]string{"s": {"k": "v"}},
	}, {
		name: "a byte order mark, CRLF, no final newline",
		in:   "\ufeff[default]\r\na = 1\r\nb = 2",
		want: map[string]map[string]string{"default": {"a": "1", "b": "2"}},
	}, {
		name: "empty",
		in:   "",
		want: map[string]map[string]string{},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.ini.Parse([]byte(tt.in)))
		})
	}
}

func TestParseINILongLine(t *testing.T) {
	long := strings.Repeat("v", MaxSize)
	got := INI{}.Parse([]byte("[a]\nk = " + long + "\nafter = 1\n"))
	assert.Len(t, got["a"]["k"], MaxSize)
	assert.Equal(t, "1", got["a"]["after"], "a long line does not stop the parse")
}

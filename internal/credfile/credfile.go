package credfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"

	"github.com/cloudiam-go/cloudiam/iam"
)

// MaxSize bounds what Read reads: a credentials file is a few KiB, anything
// larger than 1 MiB is not one.
const MaxSize = 1 << 20

// Read reads the file at path, at most MaxSize bytes, and returns its
// contents and permission bits. The error of a missing file matches
// fs.ErrNotExist. Errors name path and the cause (without Go's "open PATH:"
// repetition) and keep the cause for errors.Is; a directory or another file
// that is not a regular one, and a file larger than MaxSize, are errors.
func Read(path string) ([]byte, fs.FileMode, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot open %s: %w", path, cause(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %w", path, cause(err))
	}
	switch {
	case fi.IsDir():
		return nil, 0, errors.New(path + " is a directory")
	case !fi.Mode().IsRegular():
		return nil, 0, errors.New(path + " is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %w", path, cause(err))
	}
	if len(data) > MaxSize {
		return nil, 0, errors.New(path + " is larger than 1 MiB")
	}
	return data, fi.Mode().Perm(), nil
}

// cause is a file error without the operation and path it repeats.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Shared reports whether a file of mode may be read by its group or others.
// It is always false on Windows, which has no such mode bits.
func Shared(mode fs.FileMode) bool {
	return runtime.GOOS != "windows" && mode.Perm()&0o077 != 0
}

// WarnShared logs msg through logger when Shared(mode): at warning level
// when the logger has a WarnContext method (a *slog.Logger does), else at
// debug level. The line carries provider, path, mode (as "-rw-r--r--") and
// perm (as "0644"), never anything read from the file. A nil logger logs
// nothing.
func WarnShared(ctx context.Context, logger iam.Logger, provider, msg, path string, mode fs.FileMode) {
	if logger == nil || !Shared(mode) {
		return
	}
	mode = mode.Perm()
	args := []any{"provider", provider, "path", path, "mode", mode.String(), "perm", fmt.Sprintf("%#o", uint32(mode))}
	if w, ok := logger.(interface {
		WarnContext(context.Context, string, ...any)
	}); ok {
		w.WarnContext(ctx, msg, args...)
		return
	}
	logger.DebugContext(ctx, msg, args...)
}

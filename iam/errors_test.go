package iam_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudiam-go/cloudiam/iam"
)

var allKinds = []iam.Kind{
	iam.ErrUnknown, iam.ErrNotFound, iam.ErrAlreadyExists, iam.ErrInvalidArgument,
	iam.ErrUnauthenticated, iam.ErrPermissionDenied, iam.ErrThrottled, iam.ErrLimitExceeded,
	iam.ErrFailedPrecondition, iam.ErrUnsupported, iam.ErrUnavailable, iam.ErrInvalidResponse,
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *iam.Error
		want string
	}{
		{
			name: "everything",
			err: &iam.Error{Provider: "baidu", Op: "GetUser", StatusCode: 404, RequestID: "1f2e",
				Code: "NoSuchUser", Message: "user not found", Kind: iam.ErrNotFound},
			want: "cloudiam: baidu GetUser: StatusCode: 404, RequestID: 1f2e, NoSuchUser: user not found",
		},
		{
			name: "code only",
			err:  &iam.Error{Provider: "aliyun-ram", Op: "CreateUser", StatusCode: 409, Code: "EntityAlreadyExists.User"},
			want: "cloudiam: aliyun-ram CreateUser: StatusCode: 409, EntityAlreadyExists.User",
		},
		{
			name: "message only",
			err:  &iam.Error{Provider: "huawei", Op: "ListUsers", Message: "boom"},
			want: "cloudiam: huawei ListUsers: boom",
		},
		{
			name: "invalid argument names the field",
			err:  iam.InvalidArgument("fake", "CreateUser", "Name", "must be 1-64 characters"),
			want: "cloudiam: fake CreateUser: field Name, must be 1-64 characters",
		},
		{
			name: "underlying error",
			err:  &iam.Error{Provider: "baidu", Op: "GetUser", Kind: iam.ErrUnavailable, Err: context.DeadlineExceeded},
			want: "cloudiam: baidu GetUser: context deadline exceeded",
		},
		{
			name: "nothing but the kind",
			err:  &iam.Error{Provider: "huawei", Op: "DeleteUser", Kind: iam.ErrThrottled},
			want: "cloudiam: huawei DeleteUser: throttled",
		},
		{
			name: "no kind at all",
			err:  &iam.Error{Provider: "huawei"},
			want: "cloudiam: huawei: unknown error",
		},
		{
			name: "no provider",
			err:  &iam.Error{Op: "Open", Kind: iam.ErrNotFound},
			want: "cloudiam: Open: not found",
		},
		{
			name: "empty",
			err:  &iam.Error{},
			want: "cloudiam: unknown error",
		},
		{
			name: "unsupported",
			err:  iam.Unsupported("aliyun-idaas", "CreateAccessKey", "EIAM users have no access keys"),
			want: "cloudiam: aliyun-idaas CreateAccessKey: EIAM users have no access keys",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Error())
			assert.Equal(t, tc.want, fmt.Sprint(tc.err))
			var err error = tc.err
			assert.Equal(t, "op: "+tc.want, fmt.Errorf("op: %w", err).Error())
		})
	}
}

func TestErrorKinds(t *testing.T) {
	for _, k := range allKinds {
		t.Run(string(k), func(t *testing.T) {
			assert.Equal(t, "cloudiam: "+string(k), k.Error())
			e := &iam.Error{Provider: "p", Op: "Op", Kind: k}
			wrapped := fmt.Errorf("outer: %w", fmt.Errorf("middle: %w", e))
			for _, err := range []error{e, wrapped} {
				assert.ErrorIs(t, err, k)
				for _, other := range allKinds {
					if other != k {
						assert.NotErrorIs(t, err, other, "%s is not %s", k, other)
					}
				}
				var got *iam.Error
				require.ErrorAs(t, err, &got)
				assert.Same(t, e, got)
			}
			assert.NotErrorIs(t, e, io.EOF)
			assert.NotErrorIs(t, e, errors.New(string(k)), "only the Kind sentinel matches")
		})
	}
	t.Run("empty Kind is ErrUnknown", func(t *testing.T) {
		assert.ErrorIs(t, &iam.Error{}, iam.ErrUnknown)
		assert.NotErrorIs(t, &iam.Error{}, iam.ErrNotFound)
	})
}

func TestErrorUnwrap(t *testing.T) {
	e := &iam.Error{Provider: "baidu", Op: "GetUser", Kind: iam.ErrUnavailable, Err: fmt.Errorf("dial: %w", context.Canceled)}
	assert.ErrorIs(t, e, context.Canceled)
	assert.ErrorIs(t, e, iam.ErrUnavailable)
	assert.NotErrorIs(t, e, context.DeadlineExceeded)
	assert.Nil(t, (&iam.Error{}).Unwrap())
}

func TestErrorConstructors(t *testing.T) {
	e := iam.InvalidArgument("baidu", "CreateUser", "Name", "is required")
	assert.Equal(t, &iam.Error{Provider: "baidu", Op: "CreateUser", Kind: iam.ErrInvalidArgument, Field: "Name", Message: "is required"}, e)
	assert.ErrorIs(t, e, iam.ErrInvalidArgument)

	u := iam.Unsupported("aliyun-idaas", "CreateAccessKey", "no access keys")
	assert.Equal(t, &iam.Error{Provider: "aliyun-idaas", Op: "CreateAccessKey", Kind: iam.ErrUnsupported, Message: "no access keys"}, u)
	assert.ErrorIs(t, u, iam.ErrUnsupported)
}

func TestNilError(t *testing.T) {
	var e *iam.Error
	assert.NotPanics(t, func() {
		assert.Equal(t, "cloudiam: <nil>", e.Error())
		assert.Nil(t, e.Unwrap())
		assert.False(t, e.Is(iam.ErrUnknown))
	})
}

func TestErrorTextIsBoundedAndEscaped(t *testing.T) {
	long := strings.Repeat("é", iam.MaxErrorMessageText) // 2 bytes each
	e := &iam.Error{Provider: "baidu", Op: "GetUser", Code: "Bad\r\nCode", RequestID: strings.Repeat("r", 4<<20),
		Message: "line1\nline2\x1b[31m\xffend " + long}
	s := e.Error()
	assert.Less(t, len(s), iam.MaxErrorMessageText+400, "bounded")
	assert.NotContains(t, s, "\n")
	assert.NotContains(t, s, "\r")
	assert.NotContains(t, s, "\x1b")
	assert.True(t, utf8.ValidString(s))
	assert.Contains(t, s, `Bad\r\nCode: line1\nline2\x1b[31m\xffend éé`)
	assert.Contains(t, s, "more bytes)")
	assert.Contains(t, s, "RequestID: rrrr")

	plain := &iam.Error{Provider: "huawei", Op: "GetUser", Code: "IAM.0004", Message: "The user does not exist."}
	assert.Equal(t, "cloudiam: huawei GetUser: IAM.0004: The user does not exist.", plain.Error(), "ordinary words stay as they are")
}

package baidutest

import (
	"encoding/json"
	"net/http"
	"time"
)

// The wire shapes below follow Baidu's documentation and the requests the
// official Go SDK sends; they are the emulator's own, not shared with
// package baidu.

const timeLayout = "2006-01-02T15:04:05Z"

// jsonTime writes an instant as Baidu does: ISO-8601 UTC to the second.
type jsonTime time.Time

// MarshalJSON implements json.Marshaler.
func (t jsonTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(timeLayout) + `"`), nil
}

func optTime(t time.Time) *jsonTime {
	if t.IsZero() {
		return nil
	}
	j := jsonTime(t)
	return &j
}

// userModel is UserModel (GetUser adds lastLoginTime).
type userModel struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	CreateTime    jsonTime  `json:"createTime"`
	Description   string    `json:"description"`
	Enabled       bool      `json:"enabled"`
	Contact       string    `json:"contact,omitempty"`
	LastLoginTime *jsonTime `json:"lastLoginTime,omitempty"`
}

// createUserRequest is the body of POST /v1/user.
type createUserRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

// updateUserRequest is the body of PUT /v1/user/{userName}.
type updateUserRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Enabled     *bool   `json:"enabled"`
	Contact     *string `json:"contact"`
}

// loginProfileModel is LoginProfile as returned (never the password).
type loginProfileModel struct {
	NeedResetPassword  bool      `json:"needResetPassword"`
	EnabledLogin       bool      `json:"enabledLogin"`
	EnabledLoginMfa    bool      `json:"enabledLoginMfa"`
	LoginMfaType       string    `json:"loginMfaType,omitempty"`
	ThirdPartyType     string    `json:"thirdPartyType,omitempty"`
	ThirdPartyAccount  string    `json:"thirdPartyAccount,omitempty"`
	PasswordExpireDate *jsonTime `json:"passwordExpireDate,omitempty"`
}

// loginProfileRequest is the body of PUT /v1/user/{userName}/loginProfile.
type loginProfileRequest struct {
	Password          *string `json:"password"`
	NeedResetPassword *bool   `json:"needResetPassword"`
	EnabledLogin      *bool   `json:"enabledLogin"`
	EnabledLoginMfa   *bool   `json:"enabledLoginMfa"`
	LoginMfaType      *string `json:"loginMfaType"`
	ThirdPartyType    *string `json:"thirdPartyType"`
	ThirdPartyAccount *string `json:"thirdPartyAccount"`
}

// accessKeyModel is AccessKeyModel; secret only on creation.
type accessKeyModel struct {
	ID           string    `json:"id"`
	Secret       string    `json:"secret,omitempty"`
	CreateTime   jsonTime  `json:"createTime"`
	LastUsedTime *jsonTime `json:"lastUsedTime,omitempty"`
	Enabled      bool      `json:"enabled"`
	Description  string    `json:"description"`
}

// errorModel is Baidu's error body.
type errorModel struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

// reply writes responses with the request id header Baidu sends.
type reply struct {
	w         http.ResponseWriter
	requestID string
}

func (r *reply) header() {
	h := r.w.Header()
	h.Set("x-bce-request-id", r.requestID)
	h.Set("Content-Type", "application/json;charset=UTF-8")
}

// ok writes status and v as JSON (v nil writes no body).
func (r *reply) ok(status int, v any) {
	r.header()
	if v == nil {
		r.w.Header().Del("Content-Type")
		r.w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		r.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		return
	}
	r.w.WriteHeader(status)
	_, _ = r.w.Write(b)
}

// fail writes Baidu's error body.
func (r *reply) fail(status int, code, msg string) {
	r.header()
	b, _ := json.Marshal(errorModel{Code: code, Message: msg, RequestID: r.requestID})
	r.w.WriteHeader(status)
	_, _ = r.w.Write(b)
}

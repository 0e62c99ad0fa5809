package baidu

import (
	"context"
	"errors"
	"net/http"
)

// AccountLimits are the account's live IAM quotas (Baidu's limitInfo). A
// limit the service does not report is zero.
type AccountLimits struct {
	// Users is how many IAM users the account may hold (userLimit).
	Users int `json:"userLimit"`
	// Policies is how many custom policies the account may hold (policyLimit).
	Policies int `json:"policyLimit"`
	// Contacts is how many contacts the account may hold (contactsLimit).
	Contacts int `json:"contactsLimit"`
	// Groups is how many groups the account may hold (groupLimit).
	Groups int `json:"groupLimit"`
	// UsersPerGroup is how many users a group may hold (subUserOfGroupLimit).
	UsersPerGroup int `json:"subUserOfGroupLimit"`
	// PoliciesPerGroup is how many policies a group may have attached
	// (groupMaxAttachPolicyLimit).
	PoliciesPerGroup int `json:"groupMaxAttachPolicyLimit"`
	// Roles is how many roles the account may hold (userRolePerAccountLimit).
	Roles int `json:"userRolePerAccountLimit"`
	// SystemPoliciesPerRole is how many system policies a role may have
	// attached (roleMaxAttachSystemPolicyLimit).
	SystemPoliciesPerRole int `json:"roleMaxAttachSystemPolicyLimit"`
	// CustomPoliciesPerRole is how many custom policies a role may have
	// attached (roleMaxAttachCustomPolicyLimit).
	CustomPoliciesPerRole int `json:"roleMaxAttachCustomPolicyLimit"`
	// AccessKeys is the access-key quota (akskLimit).
	AccessKeys int `json:"akskLimit"`
}

// AccountCounts are how many users, custom policies and groups the account
// holds (Baidu's countInfo).
type AccountCounts struct {
	// Users is the number of IAM users (userCount).
	Users int `json:"userCount"`
	// Policies is the number of custom policies (policyCount).
	Policies int `json:"policyCount"`
	// Groups is the number of groups (groupCount).
	Groups int `json:"groupCount"`
}

// GetAccountSummaryInput is the input of GetAccountSummary
// (GET /v1/account/summary); it takes no parameters and may be nil.
type GetAccountSummaryInput struct{}

// GetAccountSummaryOutput is the answer of GetAccountSummary.
type GetAccountSummaryOutput struct {
	// AccountID is the root account's id.
	AccountID string
	// Limits are the account's quotas.
	Limits AccountLimits
	// Counts are what the account holds now.
	Counts AccountCounts
	// RequestID is the service's id of the request (x-bce-request-id).
	RequestID string
}

// GetAccountSummary returns the account's IAM quotas and counts: the live
// figures behind Baidu's published limits (50 groups, 20 users per group,
// 5 policies per group, ...), which an account may have raised.
func (c *Client) GetAccountSummary(ctx context.Context, _ *GetAccountSummaryInput) (*GetAccountSummaryOutput, error) {
	const op = "GetAccountSummary"
	var w struct {
		AccountID string         `json:"accountId"`
		LimitInfo *AccountLimits `json:"limitInfo"`
		CountInfo *AccountCounts `json:"countInfo"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, segs: []string{"account", "summary"}, idempotent: true,
		expect: func([]byte) error {
			if w.LimitInfo == nil {
				return errors.New(`the answer has no "limitInfo"`)
			}
			return nil
		}}, &w)
	if err != nil {
		return nil, err
	}
	out := &GetAccountSummaryOutput{AccountID: w.AccountID, Limits: *w.LimitInfo, RequestID: resp.RequestID}
	if w.CountInfo != nil {
		out.Counts = *w.CountInfo
	}
	return out, nil
}

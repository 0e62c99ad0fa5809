package aliyun

import (
	"context"
	"iter"

	"github.com/cloudiam-go/cloudiam/iam"
)

// AllUsers iterates over every RAM user, following Marker while IsTruncated.
// maxItems is the page size (0 uses RAM's default of 100). Pages are fetched
// lazily: breaking out of the loop stops fetching. A failure, or a server
// that repeats a Marker, ends the sequence with one (nil, err) pair.
func (c *RAMClient) AllUsers(ctx context.Context, maxItems int) iter.Seq2[*RAMUser, error] {
	return func(yield func(*RAMUser, error) bool) {
		in := &RAMListUsersInput{MaxItems: maxItems}
		seen := map[string]bool{}
		for {
			out, err := c.ListUsers(ctx, in)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, u := range out.Users {
				if !yield(u, nil) {
					return
				}
			}
			if !out.IsTruncated {
				return
			}
			if seen[out.Marker] {
				yield(nil, &iam.Error{Provider: SchemeRAM, Op: "ListUsers", RequestID: out.RequestID,
					Kind: iam.ErrInvalidResponse, Message: "the server repeated a Marker"})
				return
			}
			seen[out.Marker] = true
			in.Marker = out.Marker
		}
	}
}

// AllUsers iterates over every EIAM account that matches in's filters,
// page after page from in.PageNumber (default 1) with in.PageSize (default
// 100 here), until a short page or TotalCount is reached. in may be nil.
// Pages are fetched lazily; a failure ends the sequence with one (nil, err) pair.
func (c *IDaaSClient) AllUsers(ctx context.Context, in *IDaaSListUsersInput) iter.Seq2[*IDaaSUser, error] {
	return func(yield func(*IDaaSUser, error) bool) {
		q := IDaaSListUsersInput{}
		if in != nil {
			q = *in
		}
		if q.PageNumber == 0 {
			q.PageNumber = 1
		}
		if q.PageSize == 0 {
			q.PageSize = 100
		}
		for {
			out, err := c.ListUsers(ctx, &q)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, u := range out.Users {
				if !yield(u, nil) {
					return
				}
			}
			if len(out.Users) < q.PageSize || int64(q.PageNumber)*int64(q.PageSize) >= out.TotalCount {
				return
			}
			q.PageNumber++
		}
	}
}

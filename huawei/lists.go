package huawei

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"strconv"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/internal/transport"
)

// stream yields the elements of the array under key in the answer of the
// call k (or k's validation error), decoding one element at a time as the
// body is read: Keystone's lists have no paging, so memory stays constant
// whatever their length. An element without what IAM always sends (its id
// and name) ends the list with ErrInvalidResponse, as a list answer read
// whole does (checkList). A failure is yielded last, after the elements
// that arrived intact; stopping the loop early closes the response.
func stream[T any, P interface {
	*T
	element
}](c *Client, ctx context.Context, k call, kerr error, key string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		err := kerr
		var req *transport.Request
		if err == nil {
			req, err = c.request(ctx, k)
		}
		if err == nil {
			i := 0
			err = c.tr.Each(ctx, req, key, func(dec *json.Decoder) (bool, error) {
				v := new(T)
				if err := dec.Decode(v); err != nil {
					return false, err
				}
				if m := P(v).missing(); m != "" {
					return false, &iam.Error{Provider: Scheme, Op: k.op, Kind: iam.ErrInvalidResponse,
						Message: "element " + strconv.Itoa(i) + " of " + strconv.Quote(key) + " has no " + m}
				}
				i++
				return yield(v, nil), nil
			})
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

// pageOf is one page of a paged list: its elements and whether the API said
// how many there are in all.
type pageOf[T any] struct {
	items []*T
	total int // -1 when the answer gave no total
}

// pages yields the elements of a list paged with page and per_page (the
// Keystone extensions of IAM): it asks for page first, first+1, ... until a
// page is shorter than perPage, the reported total is reached, or a page
// repeats the first element of an earlier one (an API that ignores the page
// parameter), so the loop always ends. fetch makes one request.
func pages[T any](first, perPage int, id func(*T) string, fetch func(page int) (pageOf[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		seen := map[string]bool{}
		n := 0
		for page := first; ; page++ {
			p, err := fetch(page)
			if err != nil {
				yield(nil, err)
				return
			}
			if len(p.items) > 0 && p.items[0] != nil {
				head := id(p.items[0])
				if seen[head] {
					return
				}
				seen[head] = true
			}
			for _, v := range p.items {
				if v == nil {
					continue
				}
				n++
				if !yield(v, nil) {
					return
				}
			}
			if len(p.items) < perPage || (p.total >= 0 && n >= p.total) {
				return
			}
		}
	}
}

// pageQuery checks the page and per_page pair of a paged list (IAM wants
// both or neither) and adds them to q. max is the largest per_page the API
// accepts.
func pageQuery(op string, page, perPage int32, max int32, q map[string][]string) error {
	if page == 0 && perPage == 0 {
		return nil
	}
	if page < 1 {
		return invalid(op, "Page", "must be at least 1, with PerPage")
	}
	if perPage < 1 || perPage > max {
		return invalid(op, "PerPage", "must be 1 to "+strconv.Itoa(int(max))+", with Page")
	}
	q["page"] = []string{strconv.Itoa(int(page))}
	q["per_page"] = []string{strconv.Itoa(int(perPage))}
	return nil
}

// exec sends a call whose answer has no body to read and returns its
// request id.
func (c *Client) exec(ctx context.Context, k call) (string, error) {
	resp, err := c.do(ctx, k, nil)
	if err != nil {
		return "", err
	}
	return resp.RequestID, nil
}

// check sends a HEAD call: true for a 2xx answer, false for 404 (IAM's
// "no": the grant or membership does not exist, or neither does its
// subject), an error otherwise.
func (c *Client) check(ctx context.Context, k call) (bool, string, error) {
	k.method, k.idempotent = http.MethodHead, true
	resp, err := c.do(ctx, k, nil)
	if err == nil {
		return true, resp.RequestID, nil
	}
	var e *iam.Error
	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound {
		return false, e.RequestID, nil
	}
	return false, "", err
}

// domainOr returns id when set (after checking it), else the client's
// domain id.
func (c *Client) domainOr(ctx context.Context, op, field, id string) (string, error) {
	if id != "" {
		return id, checkID(op, field, id)
	}
	return c.domain(ctx)
}

package store

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestListUsersModel pages through the store while random creates, deletes
// and renames happen between pages (enough deletes to trigger compaction
// repeatedly), and checks the guarantees of a listing: no user twice, users
// in creation order, and every user that lived through the whole listing
// listed exactly once.
func TestListUsersModel(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			s := newTestStore(t, Options{})
			var live []string // IDs, in creation order
			created := 0
			create := func() {
				u, err := s.CreateUser(User{Name: fmt.Sprint("user", created)})
				require.NoError(t, err)
				created++
				live = append(live, u.ID)
			}
			for range 200 + rng.IntN(300) {
				create()
			}
			rank := map[string]int{} // ID -> creation rank
			for i, id := range live {
				rank[id] = i
			}

			// Users present at the start and never deleted must be listed.
			survivors := map[string]bool{}
			for _, id := range live {
				survivors[id] = true
			}
			seen := map[string]bool{}
			last := -1
			cursor := ""
			limit := 1 + rng.IntN(40)
			for pages := 0; ; pages++ {
				require.Less(t, pages, 10000)
				page, next, err := s.ListUsers(cursor, limit, nil)
				require.NoError(t, err)
				for _, u := range page {
					require.False(t, seen[u.ID], "user %s listed twice", u.Name)
					seen[u.ID] = true
					r, ok := rank[u.ID]
					if !ok { // created during the listing
						r = len(rank)
						rank[u.ID] = r
					}
					require.Greater(t, r, last, "creation order")
					last = r
				}
				if next == "" {
					break
				}
				cursor = next
				// Mutate between pages.
				for range rng.IntN(8) {
					switch op := rng.IntN(10); {
					case op < 5 && len(live) > 0:
						i := rng.IntN(len(live))
						require.NoError(t, s.DeleteUser(live[i]))
						delete(survivors, live[i])
						live = append(live[:i], live[i+1:]...)
					case op < 7 && len(live) > 0:
						id := live[rng.IntN(len(live))]
						_, err := s.UpdateUser(id, func(u *User) error { u.Name += "r"; return nil })
						require.NoError(t, err)
					default:
						create()
						rank[live[len(live)-1]] = len(rank)
					}
				}
			}
			for id := range survivors {
				require.True(t, seen[id], "surviving user %s not listed", id)
			}
			require.Equal(t, len(live), s.CountUsers(nil))
			all, _, err := s.ListUsers("", 0, nil)
			require.NoError(t, err)
			require.Len(t, all, len(live))
			for i, u := range all {
				require.Equal(t, live[i], u.ID, "full listing in creation order")
			}
		})
	}
}

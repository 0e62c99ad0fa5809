package store

import (
	"errors"
	"maps"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors of the store; emulators translate them into their cloud's errors.
var (
	ErrNotFound = errors.New("store: not found")
	ErrExists   = errors.New("store: already exists")
	ErrLimit    = errors.New("store: limit exceeded")
	// ErrInvalidCursor is returned by ListUsers for a cursor it did not make.
	ErrInvalidCursor = errors.New("store: invalid cursor")
)

// User is one user of an emulated account.
type User struct {
	// ID is assigned by CreateUser (Options.NewUserID) when empty.
	ID          string
	Name        string // unique (case-sensitive) within the store
	DisplayName string
	Description string
	Email       string
	Phone       string
	Enabled     bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	LastLoginAt time.Time
	// Attrs keeps provider-only attributes (areacode, access_mode, xuser_id,
	// custom fields, ...). The store copies the map.
	Attrs map[string]string
}

// LoginProfile is a user's console login.
type LoginProfile struct {
	Password      string
	ResetRequired bool
	MFARequired   bool
	MFAMethod     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Attrs keeps provider-only attributes (thirdPartyType, ...).
	Attrs map[string]string
}

// AccessKey is an access key of a user, or a root key of the account when
// UserID is empty.
type AccessKey struct {
	ID          string
	Secret      string
	UserID      string
	Active      bool
	Description string
	CreatedAt   time.Time
	LastUsedAt  time.Time
}

// Options configure a Store. Zero fields get sensible defaults.
type Options struct {
	// MaxAccessKeysPerUser is the per-user key limit; zero means 2.
	MaxAccessKeysPerUser int
	// NewUserID makes user IDs; default: 32 random lower-case hex digits.
	NewUserID func() string
	// NewAccessKeyID makes access key IDs; default: "AK" + 18 random upper-case alphanumerics.
	NewAccessKeyID func() string
	// NewSecret makes access key secrets; default: 30 random alphanumerics.
	NewSecret func() string
	// Now is the clock; default time.Now (UTC, truncated to the second).
	Now func() time.Time
	// NonceTTL is how long a seen nonce is remembered; zero means 15 minutes.
	NonceTTL time.Duration
}

// idAttempts bounds how often CreateUser and CreateAccessKey call a generator
// that keeps returning IDs already in use.
const idAttempts = 16

// userRec is a stored user with its position in creation order.
type userRec struct {
	u    User
	seq  uint64 // creation sequence number, strictly increasing, never reused
	dead bool   // deleted; still in Store.order until the next compaction
}

type nonceKey struct{ keyID, nonce string }

type nonceSeen struct {
	key nonceKey
	at  time.Time
}

// Store is the state of one emulated account.
type Store struct {
	opts Options

	mu     sync.RWMutex
	users  map[string]*userRec // by ID
	byName map[string]*userRec
	// order holds every user in creation (seq) order, plus deleted users not
	// yet compacted away; ListUsers binary-searches it by seq.
	order   []*userRec
	dead    int // deleted entries still in order
	nextSeq uint64

	profiles map[string]*LoginProfile // by user ID
	keys     map[string]*AccessKey    // by key ID, users' and root keys
	userKeys map[string][]string      // user ID ("" for root keys) -> key IDs in creation order

	nonces     map[nonceKey]time.Time // when each nonce was last recorded
	nonceQueue []nonceSeen            // recordings in arrival order, for pruning
	nonceHead  int                    // first live index of nonceQueue
}

// New returns an empty store.
func New(opts Options) *Store {
	if opts.MaxAccessKeysPerUser <= 0 {
		opts.MaxAccessKeysPerUser = 2
	}
	if opts.NewUserID == nil {
		opts.NewUserID = func() string { return randomString(lowerHex, 32) }
	}
	if opts.NewAccessKeyID == nil {
		opts.NewAccessKeyID = func() string { return "AK" + randomString(upperAlnum, 18) }
	}
	if opts.NewSecret == nil {
		opts.NewSecret = func() string { return randomString(alnum, 30) }
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC().Truncate(time.Second) }
	}
	if opts.NonceTTL <= 0 {
		opts.NonceTTL = 15 * time.Minute
	}
	return &Store{
		opts:     opts,
		users:    map[string]*userRec{},
		byName:   map[string]*userRec{},
		profiles: map[string]*LoginProfile{},
		keys:     map[string]*AccessKey{},
		userKeys: map[string][]string{},
		nonces:   map[nonceKey]time.Time{},
	}
}

// MaxAccessKeysPerUser returns the per-user key limit in force (the option,
// or its default).
func (s *Store) MaxAccessKeysPerUser() int { return s.opts.MaxAccessKeysPerUser }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.opts.Now() }

func copyUser(u User) User {
	u.Attrs = maps.Clone(u.Attrs)
	return u
}

func copyProfile(p LoginProfile) LoginProfile {
	p.Attrs = maps.Clone(p.Attrs)
	return p
}

// CreateUser adds u (assigning ID, CreatedAt and UpdatedAt when zero) and
// returns the stored copy; ErrExists when the name is taken.
// A caller-chosen ID that is already in use gives ErrExists too.
func (s *Store) CreateUser(u User) (User, error) {
	u = copyUser(u)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.byName[u.Name]; taken {
		return User{}, ErrExists
	}
	if u.ID == "" {
		for i := 0; ; i++ {
			if i == idAttempts {
				return User{}, ErrExists
			}
			u.ID = s.opts.NewUserID()
			if _, taken := s.users[u.ID]; !taken && u.ID != "" {
				break
			}
		}
	} else if _, taken := s.users[u.ID]; taken {
		return User{}, ErrExists
	}
	now := s.opts.Now()
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now
	}
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	s.nextSeq++
	r := &userRec{u: u, seq: s.nextSeq}
	s.users[u.ID] = r
	s.byName[u.Name] = r
	s.order = append(s.order, r)
	return copyUser(u), nil
}

// UserByName returns the user called name, or ErrNotFound.
func (s *Store) UserByName(name string) (User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.byName[name]
	if !ok {
		return User{}, ErrNotFound
	}
	return copyUser(r.u), nil
}

// UserByID returns the user with that ID, or ErrNotFound.
func (s *Store) UserByID(id string) (User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.users[id]
	if !ok {
		return User{}, ErrNotFound
	}
	return copyUser(r.u), nil
}

// UpdateUser applies fn to a copy of the user with that ID and stores the
// result atomically (UpdatedAt is set). A changed Name must stay unique
// (ErrExists); an error from fn aborts the update and is returned as is.
// The ID and CreatedAt cannot be changed: fn's changes to them are ignored.
// fn runs under the store's lock and must not call the store.
func (s *Store) UpdateUser(id string, fn func(*User) error) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.users[id]
	if !ok {
		return User{}, ErrNotFound
	}
	u := copyUser(r.u)
	if fn != nil {
		if err := fn(&u); err != nil {
			return User{}, err
		}
	}
	u.ID = r.u.ID
	u.CreatedAt = r.u.CreatedAt
	if u.Name != r.u.Name {
		if _, taken := s.byName[u.Name]; taken {
			return User{}, ErrExists
		}
		delete(s.byName, r.u.Name)
		s.byName[u.Name] = r
	}
	u.UpdatedAt = s.opts.Now()
	r.u = copyUser(u)
	return u, nil
}

// DeleteUser removes the user with that ID together with its login profile
// and access keys; ErrNotFound when absent. Emulators whose cloud refuses to
// delete a user that still has keys check HasDependents first.
func (s *Store) DeleteUser(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.users[id]
	if !ok {
		return ErrNotFound
	}
	delete(s.users, id)
	delete(s.byName, r.u.Name)
	delete(s.profiles, id)
	for _, k := range s.userKeys[id] {
		delete(s.keys, k)
	}
	delete(s.userKeys, id)
	r.dead = true
	s.dead++
	// Compact once deleted entries are a quarter of the slice: amortised O(1)
	// per delete, and a page never skips more than n/4 dead entries.
	if s.dead > 32 && s.dead*4 > len(s.order) {
		s.compact()
	}
	return nil
}

// compact drops deleted users from s.order. s.mu must be held for writing.
func (s *Store) compact() {
	live := s.order[:0]
	for _, r := range s.order {
		if !r.dead {
			live = append(live, r)
		}
	}
	clear(s.order[len(live):]) // let the deleted records be collected
	s.order = live
	s.dead = 0
}

// HasDependents reports whether the user still has a login profile or keys.
func (s *Store) HasDependents(id string) (loginProfile bool, accessKeys int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, loginProfile = s.profiles[id]
	if id == "" {
		return loginProfile, 0
	}
	return loginProfile, len(s.userKeys[id])
}

// cursorPrefix marks the cursors ListUsers makes, so that a foreign string is
// recognised as invalid rather than silently restarting the listing.
const cursorPrefix = "u"

func encodeCursor(seq uint64) string { return cursorPrefix + strconv.FormatUint(seq, 36) }

func decodeCursor(c string) (uint64, error) {
	rest, ok := strings.CutPrefix(c, cursorPrefix)
	if !ok || rest == "" {
		return 0, ErrInvalidCursor
	}
	seq, err := strconv.ParseUint(rest, 36, 64)
	if err != nil {
		return 0, ErrInvalidCursor
	}
	return seq, nil
}

// ListUsers returns up to limit users (in creation order) after the opaque
// cursor ("" starts at the beginning) that match keep (nil keeps all), and
// the cursor of the next page ("" when there is none). A page costs
// O(limit + log n), so emulators can serve 100 000 users.
//
// Deleted users leave a tombstone in the creation-order index until the
// next compaction, which runs once they are a quarter of it; a page skips
// the tombstones in its range, so the bound holds amortised over deletes.
//
// A limit of zero or less means no limit: every remaining user in one page
// (for clouds whose list call does not page). A cursor stays valid when users
// are created or deleted between pages: the next page starts after the last
// user returned, whether or not it still exists, and users created meanwhile
// appear at the end. A cursor the store did not make gives ErrInvalidCursor.
// With keep, the cost grows with the users keep rejects; next is "" only when
// no further user matches, so a listing never ends with an empty page.
// keep runs under the store's read lock and must not call the store.
func (s *Store) ListUsers(cursor string, limit int, keep func(*User) bool) (users []User, next string, err error) {
	var after uint64
	if cursor != "" {
		if after, err = decodeCursor(cursor); err != nil {
			return nil, "", err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i := sort.Search(len(s.order), func(i int) bool { return s.order[i].seq > after })
	match := func(r *userRec) bool {
		if r.dead {
			return false
		}
		if keep == nil {
			return true
		}
		u := copyUser(r.u) // keep may not change the stored user
		return keep(&u)
	}
	if limit > 0 {
		users = make([]User, 0, min(limit, len(s.order)-i))
	}
	var last uint64
	for ; i < len(s.order); i++ {
		r := s.order[i]
		if !match(r) {
			continue
		}
		if limit > 0 && len(users) == limit {
			// One more match exists: the page is full and there is a next one.
			return users, encodeCursor(last), nil
		}
		users = append(users, copyUser(r.u))
		last = r.seq
	}
	return users, "", nil
}

// ListUsersAt returns at most limit users matching keep (nil keeps all),
// skipping the first offset matches, in creation order: the page-number
// listing some clouds offer. Users skipped are not copied, so with a nil
// keep a page costs O(offset + limit) cheap steps.
func (s *Store) ListUsersAt(offset, limit int, keep func(*User) bool) []User {
	s.mu.RLock()
	defer s.mu.RUnlock()
	users := []User{}
	for _, r := range s.order {
		if len(users) == limit {
			break
		}
		if r.dead {
			continue
		}
		if keep != nil {
			u := copyUser(r.u) // keep may not change the stored user
			if !keep(&u) {
				continue
			}
		}
		if offset > 0 {
			offset--
			continue
		}
		users = append(users, copyUser(r.u))
	}
	return users
}

// CountUsers returns how many users match keep (nil counts all).
// keep runs under the store's read lock and must not call the store.
func (s *Store) CountUsers(keep func(*User) bool) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if keep == nil {
		return len(s.users)
	}
	n := 0
	for _, r := range s.order {
		if r.dead {
			continue
		}
		u := copyUser(r.u)
		if keep(&u) {
			n++
		}
	}
	return n
}

// LoginProfile returns the user's login profile, or ErrNotFound.
func (s *Store) LoginProfile(userID string) (LoginProfile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.profiles[userID]
	if !ok {
		return LoginProfile{}, ErrNotFound
	}
	return copyProfile(*p), nil
}

// PutLoginProfile creates or replaces the user's login profile
// (CreatedAt is kept on replace); ErrNotFound when the user is absent.
// UpdatedAt is set; CreatedAt is set on create when zero.
func (s *Store) PutLoginProfile(userID string, p LoginProfile) (LoginProfile, error) {
	p = copyProfile(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return LoginProfile{}, ErrNotFound
	}
	now := s.opts.Now()
	if old, ok := s.profiles[userID]; ok {
		p.CreatedAt = old.CreatedAt
	} else if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	p.UpdatedAt = now
	s.profiles[userID] = &p
	return copyProfile(p), nil
}

// DeleteLoginProfile removes the user's login profile; ErrNotFound when there is none.
func (s *Store) DeleteLoginProfile(userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.profiles[userID]; !ok {
		return ErrNotFound
	}
	delete(s.profiles, userID)
	return nil
}

// CreateAccessKey makes a new active key for the user; ErrNotFound when the
// user is absent, ErrLimit at Options.MaxAccessKeysPerUser. Inactive keys
// count towards the limit, as on every cloud.
func (s *Store) CreateAccessKey(userID, description string) (AccessKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return AccessKey{}, ErrNotFound
	}
	if len(s.userKeys[userID]) >= s.opts.MaxAccessKeysPerUser {
		return AccessKey{}, ErrLimit
	}
	k := AccessKey{
		Secret:      s.opts.NewSecret(),
		UserID:      userID,
		Active:      true,
		Description: description,
		CreatedAt:   s.opts.Now(),
	}
	for i := 0; ; i++ {
		if i == idAttempts {
			return AccessKey{}, ErrExists
		}
		k.ID = s.opts.NewAccessKeyID()
		if _, taken := s.keys[k.ID]; !taken && k.ID != "" {
			break
		}
	}
	s.keys[k.ID] = &k
	s.userKeys[userID] = append(s.userKeys[userID], k.ID)
	return k, nil
}

// AddRootKey registers an account-level key (UserID ""), for the emulator's
// own credentials. It replaces a key with the same ID.
// A root key is active, outside any user's limit, and listed by AccessKeys("").
func (s *Store) AddRootKey(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.keys[id]; ok {
		s.removeKeyLocked(old)
	}
	s.keys[id] = &AccessKey{ID: id, Secret: secret, Active: true, CreatedAt: s.opts.Now()}
	s.userKeys[""] = append(s.userKeys[""], id)
}

// removeKeyLocked drops k from the indexes. s.mu must be held for writing.
func (s *Store) removeKeyLocked(k *AccessKey) {
	delete(s.keys, k.ID)
	ids := s.userKeys[k.UserID]
	for i, id := range ids {
		if id == k.ID {
			ids = append(ids[:i:i], ids[i+1:]...)
			break
		}
	}
	if len(ids) == 0 {
		delete(s.userKeys, k.UserID)
	} else {
		s.userKeys[k.UserID] = ids
	}
}

// AccessKey returns the key with that ID, or ErrNotFound.
func (s *Store) AccessKey(id string) (AccessKey, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok := s.keys[id]
	if !ok {
		return AccessKey{}, ErrNotFound
	}
	return *k, nil
}

// AccessKeys returns the user's keys in creation order; ErrNotFound when
// the user is absent. The empty userID lists the root keys.
func (s *Store) AccessKeys(userID string) ([]AccessKey, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.users[userID]; !ok && userID != "" {
		return nil, ErrNotFound
	}
	ids := s.userKeys[userID]
	out := make([]AccessKey, 0, len(ids))
	for _, id := range ids {
		out = append(out, *s.keys[id])
	}
	return out, nil
}

// UpdateAccessKey applies fn to a copy of the key and stores it; ErrNotFound when absent.
// The ID, UserID and CreatedAt cannot be changed: fn's changes to them are
// ignored. An error from fn aborts the update and is returned as is.
// fn runs under the store's lock and must not call the store.
func (s *Store) UpdateAccessKey(id string, fn func(*AccessKey) error) (AccessKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	if !ok {
		return AccessKey{}, ErrNotFound
	}
	c := *k
	if fn != nil {
		if err := fn(&c); err != nil {
			return AccessKey{}, err
		}
	}
	c.ID, c.UserID, c.CreatedAt = k.ID, k.UserID, k.CreatedAt
	*k = c
	return c, nil
}

// DeleteAccessKey removes the key; ErrNotFound when absent.
func (s *Store) DeleteAccessKey(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	if !ok {
		return ErrNotFound
	}
	s.removeKeyLocked(k)
	return nil
}

// TouchAccessKey records that the key authenticated a request at t.
// It does nothing for an unknown key, and never moves LastUsedAt backwards.
func (s *Store) TouchAccessKey(id string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[id]; ok && t.After(k.LastUsedAt) {
		k.LastUsedAt = t
	}
}

// SeenNonce records (accessKeyID, nonce) and reports whether it was already
// seen within Options.NonceTTL: the replay check of ACS3 and RPC signatures.
// Expired entries are pruned as new ones arrive, so memory is bounded by the
// nonces of the last NonceTTL.
func (s *Store) SeenNonce(accessKeyID, nonce string, now time.Time) bool {
	key := nonceKey{accessKeyID, nonce}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneNoncesLocked(now)
	if at, ok := s.nonces[key]; ok && now.Sub(at) < s.opts.NonceTTL {
		return true
	}
	s.nonces[key] = now
	s.nonceQueue = append(s.nonceQueue, nonceSeen{key, now})
	return false
}

// pruneNoncesLocked forgets the nonces recorded more than NonceTTL before
// now, oldest first. Recordings arrive in roughly increasing time, so the
// front of the queue is the oldest; one out of order only waits a little
// longer. s.mu must be held for writing.
func (s *Store) pruneNoncesLocked(now time.Time) {
	q := s.nonceQueue
	for s.nonceHead < len(q) && now.Sub(q[s.nonceHead].at) >= s.opts.NonceTTL {
		e := q[s.nonceHead]
		if at, ok := s.nonces[e.key]; ok && at.Equal(e.at) {
			delete(s.nonces, e.key)
		}
		q[s.nonceHead] = nonceSeen{}
		s.nonceHead++
	}
	if s.nonceHead > 0 && s.nonceHead*2 >= len(q) {
		n := copy(q, q[s.nonceHead:])
		clear(q[n:])
		s.nonceQueue = q[:n]
		s.nonceHead = 0
	}
}

// nonceCount returns how many nonces are remembered (for tests).
func (s *Store) nonceCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.nonces)
}

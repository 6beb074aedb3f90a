// Package memstore is an in-memory meeting.Store with the Badger store's
// semantics, for the tests of the domain, the screens and the commands: the
// same ids (A1…, decisions YYYY-MM-DD-NN), filters, orderings and messages,
// records validated on every write and copied in and out (a caller never
// holds what is stored), and transactions that are all-or-nothing and
// retried on conflict. Both pass internal/storetest's contract suite.
//
// Records are kept as JSON, as Badger keeps them, so what comes back is
// exactly what the Badger store would give. Transactions are optimistic:
// a transaction reads committed values (noting each key's version) and
// buffers its writes; the commit checks under the lock that nothing it read
// has changed since, else the transaction runs again. A transaction whose
// fn fails is checked the same way, so its error never comes from an
// inconsistent view.
package memstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"cxroom/meeting"
)

// maxAttempt is how often a conflicting transaction is run before
// ECONFLICT, as in the Badger store.
const maxAttempt = 16

// Store is the in-memory meeting.Store. The zero value is not usable; use
// New.
type Store struct {
	mu   sync.RWMutex
	data map[string]entry
	seq  uint64 // commits so far: the version of the latest write
}

type entry struct {
	val []byte
	ver uint64
}

var _ meeting.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store { return &Store{data: map[string]entry{}} }

// Close does nothing; it is there so the store can stand where a closable
// one does.
func (s *Store) Close() error { return nil }

// errConflict makes run retry: what the transaction read has changed.
var errConflict = errors.New("memstore: conflict")

// fnError carries an Atomically fn's error out of an attempt.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// Atomically runs fn on one transaction and commits what it wrote, all or
// nothing, retried on conflict (see meeting.Store).
func (s *Store) Atomically(ctx context.Context, fn func(tx meeting.Tx) error) error {
	return s.run(ctx, func(t *tx) error { return fn(t) })
}

func (s *Store) run(ctx context.Context, fn func(t *tx) error) error {
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := &tx{s: s, reads: map[string]uint64{}, writes: map[string][]byte{}}
		err := t.attempt(fn)
		t.over = true
		if !errors.Is(err, errConflict) {
			var fe fnError
			if errors.As(err, &fe) {
				return fe.err
			}
			return err
		}
		if attempt == maxAttempt {
			return &meeting.Error{Code: meeting.ECONFLICT, Err: err,
				Message: "someone else kept changing the same record; try again"}
		}
		time.Sleep(time.Duration(rand.Int64N(int64(min(50*time.Microsecond<<attempt, 20*time.Millisecond)))))
	}
}

// read runs fn on a read-only view that holds the read lock throughout, so
// a query sees one consistent state.
func read[R any](ctx context.Context, s *Store, fn func(t *tx) (R, error)) (R, error) {
	var out R
	if err := ctx.Err(); err != nil {
		return out, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := &tx{s: s, locked: true}
	defer func() { t.over = true }()
	return fn(t)
}

// tx is meeting.Tx on the store: one attempt of a transaction, or a
// read-only view (locked).
type tx struct {
	s      *Store
	reads  map[string]uint64 // key → version first seen (0: absent); nil: read-only
	writes map[string][]byte // pending values
	locked bool              // read-only view under the store's read lock
	over   bool
}

var _ meeting.Tx = (*tx)(nil)

var errTxOver = errors.New("memstore: the transaction is over; use a tx only inside its Atomically fn")

func (t *tx) check(ctx context.Context) error {
	if t.over {
		return errTxOver
	}
	return ctx.Err()
}

// attempt runs fn once and commits; errConflict means run it again.
func (t *tx) attempt(fn func(t *tx) error) error {
	if err := fn(t); err != nil {
		if !t.current() {
			return errConflict
		}
		return fnError{err}
	}
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if !t.currentLocked() {
		return errConflict
	}
	if len(t.writes) > 0 {
		s.seq++
		for k, v := range t.writes {
			s.data[k] = entry{val: v, ver: s.seq}
		}
	}
	return nil
}

// current reports whether every key the attempt read is still as it was.
func (t *tx) current() bool {
	t.s.mu.RLock()
	defer t.s.mu.RUnlock()
	return t.currentLocked()
}

func (t *tx) currentLocked() bool {
	for k, v := range t.reads {
		if t.s.data[k].ver != v {
			return false
		}
	}
	return true
}

// get returns key's value as the transaction sees it.
func (t *tx) get(key string) ([]byte, bool) {
	if v, ok := t.writes[key]; ok {
		return v, true
	}
	if !t.locked {
		t.s.mu.RLock()
		defer t.s.mu.RUnlock()
	}
	e, ok := t.s.data[key]
	t.note(key, e.ver)
	return e.val, ok
}

func (t *tx) note(key string, ver uint64) {
	if t.reads != nil {
		if _, seen := t.reads[key]; !seen {
			t.reads[key] = ver
		}
	}
}

func (t *tx) set(key string, val []byte) { t.writes[key] = val }

// scan returns the values under prefix as the transaction sees them, in
// key order (the Badger store's order before sorting).
func (t *tx) scan(prefix string) [][]byte {
	vals := map[string][]byte{}
	func() {
		if !t.locked {
			t.s.mu.RLock()
			defer t.s.mu.RUnlock()
		}
		for k, e := range t.s.data {
			if strings.HasPrefix(k, prefix) {
				vals[k] = e.val
				t.note(k, e.ver)
			}
		}
	}()
	for k, v := range t.writes {
		if strings.HasPrefix(k, prefix) {
			vals[k] = v
		}
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i] = vals[k]
	}
	return out
}

// next increments the counter at key and returns its new value.
func (t *tx) next(key string) uint64 {
	v, _ := t.get(key)
	n, _ := strconv.ParseUint(string(v), 10, 64)
	n++
	t.set(key, []byte(strconv.FormatUint(n, 10)))
	return n
}

// kind describes one record type, as in the Badger store.
type kind[T any, P meeting.Record[T]] struct {
	name    string // in keys: r/<name>/<id>, s/<name>
	word    string // in messages
	prefix  string // id prefix
	id      func(*T) *string
	newID   func(t *tx, rec *T) (string, error) // nil: prefix + counter
	prepare func(*T)                            // defaults before Validate
}

func (k kind[T, P]) key(id string) string { return "r/" + k.name + "/" + id }

func create[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], rec *T) error {
	if err := t.check(ctx); err != nil {
		return err
	}
	if rec == nil {
		return meeting.Errorf(meeting.EINVALID, "there is no %s to save", k.word)
	}
	if t.reads == nil {
		return fmt.Errorf("save %s: a read-only view cannot write", k.word)
	}
	c := *rec
	*k.id(&c) = ""
	if k.prepare != nil {
		k.prepare(&c)
	}
	if err := P(&c).Validate(); err != nil {
		return err
	}
	var id string
	if k.newID != nil {
		var err error
		if id, err = k.newID(t, &c); err != nil {
			return err
		}
	} else {
		id = k.prefix + strconv.FormatUint(t.next("s/"+k.name), 10)
	}
	*k.id(&c) = id
	if _, ok := t.get(k.key(id)); ok {
		return fmt.Errorf("save %s: allocate a %s id: %s already exists", k.word, k.word, id)
	}
	if err := write(t, k, &c); err != nil {
		return err
	}
	*rec = c
	return nil
}

func write[T any, P meeting.Record[T]](t *tx, k kind[T, P], rec *T) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode %s: %w", k.word, err)
	}
	t.set(k.key(*k.id(rec)), b)
	return nil
}

func update[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], id string, fn func(*T) error) (*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if t.reads == nil {
		return nil, fmt.Errorf("update %s: a read-only view cannot write", k.word)
	}
	rec, err := load(t, k, id)
	if err != nil {
		return nil, err
	}
	stored := *k.id(rec)
	if err := fn(rec); err != nil {
		return nil, err
	}
	*k.id(rec) = stored // the id is not fn's to change
	if err := P(rec).Validate(); err != nil {
		return nil, err
	}
	if err := write(t, k, rec); err != nil {
		return nil, err
	}
	return decode[T](t.writes[k.key(stored)])
}

func get[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], id string) (*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	return load(t, k, id)
}

func load[T any, P meeting.Record[T]](t *tx, k kind[T, P], id string) (*T, error) {
	nid := meeting.NormalizeID(id)
	if nid == "" {
		return nil, meeting.Errorf(meeting.EINVALID, "no %s id was given", k.word)
	}
	v, ok := t.get(k.key(nid))
	if !ok {
		return nil, meeting.Errorf(meeting.ENOTFOUND, "%s %s does not exist", k.word, meeting.CleanLine(nid, 40))
	}
	return decode[T](v)
}

func decode[T any](v []byte) (*T, error) {
	rec := new(T)
	if err := json.Unmarshal(v, rec); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return rec, nil
}

// list returns the records of kind k that match, in key order.
func list[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], match func(*T) bool) ([]*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	var out []*T
	for _, v := range t.scan(k.key("")) {
		rec, err := decode[T](v)
		if err != nil {
			return nil, fmt.Errorf("list %s records: %w", k.word, err)
		}
		if match(rec) {
			out = append(out, rec)
		}
	}
	return out, nil
}

// sortBy orders records by cmp, then by id number (descending if newest),
// as the Badger store does.
func sortBy[T any, P meeting.Record[T]](k kind[T, P], xs []*T, cmp func(a, b *T) int, newest bool) {
	sort.SliceStable(xs, func(i, j int) bool {
		a, b := xs[i], xs[j]
		if c := cmp(a, b); c != 0 {
			return c < 0
		}
		if newest {
			a, b = b, a
		}
		return meeting.CompareIDs(*k.id(a), *k.id(b)) < 0
	})
}

func none[T any](a, b *T) int { return 0 }

func all[T any](*T) bool { return true }

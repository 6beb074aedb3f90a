package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxroom/internal/storetest"
	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

// openT opens a store in dir ("" = in memory), closed when the test ends.
func openT(t testing.TB, dir string) *DB {
	t.Helper()
	db, err := Open(dir, Options{InMemory: dir == ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

func action(text, owner string, due meeting.Date) *meeting.Action {
	return storetest.Action(text, owner, due)
}

func newSeries(title string) *meeting.Series { return storetest.Series(title) }

func newMeeting(sid string, at time.Time) *meeting.Meeting { return storetest.Meeting(sid, at, false) }

func ids[T any, P meeting.Record[T]](k kind[T, P], xs []*T) string {
	var out []string
	for _, x := range xs {
		out = append(out, *k.id(x))
	}
	return strings.Join(out, ",")
}

func wantCode(t *testing.T, err error, code meeting.Code, contains string) {
	t.Helper()
	if meeting.ErrorCode(err) != code || !strings.Contains(meeting.ErrorMessage(err), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, meeting.ErrorCode(err), code, contains)
	}
}

// TestContract runs the store contract (internal/storetest) on Badger, and
// checks after each case that the index entries are exactly those the
// records call for.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) meeting.Store {
		db := openT(t, "")
		t.Cleanup(func() { checkIndexes(t, db) })
		return db
	})
}

// checkIndexes asserts that the index entries are exactly those the
// records call for: none missing, none stale.
func checkIndexes(t *testing.T, db *DB) {
	t.Helper()
	want := map[string]bool{}
	expect(t, db, actions, want)
	expect(t, db, meetings, want)
	expect(t, db, decisions, want)
	expect(t, db, issues, want)
	expect(t, db, promises, want)
	expect(t, db, guestPasses, want)
	expect(t, db, systemics, want)
	expect(t, db, initiatives, want)
	expect(t, db, experiments, want)
	expect(t, db, proposals, want)
	expect(t, db, ledgerEntries, want)
	expect(t, db, charters, want)
	expect(t, db, accounts, want)
	expect(t, db, briefs, want)
	got := map[string]bool{}
	must(t, db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte("x/")
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			got[string(it.Item().Key())] = true
		}
		return nil
	}))
	for k := range want {
		if !got[k] {
			t.Errorf("missing index entry %q", k)
		}
	}
	for _, k := range indexFloor {
		if !got[k] {
			t.Errorf("missing index floor key %q", k)
		}
		delete(got, k)
	}
	for k := range got {
		if !want[k] {
			t.Errorf("stale index entry %q", k)
		}
	}
}

func expect[T any, P meeting.Record[T]](t *testing.T, db *DB, k kind[T, P], want map[string]bool) {
	recs, err := read(ctx, db, func(t *tx) ([]*T, error) { return list(ctx, t, k, scan{}, func(*T) bool { return true }) })
	must(t, err)
	for _, r := range recs {
		for _, x := range k.indexOf(r) {
			want[x] = true
		}
	}
}

// TestConflictRetry makes a transaction lose to a concurrent commit: it is
// run again and lands; one that always loses ends with ECONFLICT.
func TestConflictRetry(t *testing.T) {
	db := openT(t, "")
	key := []byte("s/test")
	bump := func(txn *badger.Txn) error {
		n, err := u64(txn, "s/test")
		if err != nil {
			return err
		}
		return setU64(txn, "s/test", n+1)
	}
	attempts := 0
	must(t, db.update(ctx, func(txn *badger.Txn) error {
		if _, err := txn.Get(key); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if attempts++; attempts == 1 {
			must(t, db.bdb.Update(bump)) // someone else, between our read and our commit
		}
		return bump(txn)
	}))
	var n uint64
	must(t, db.bdb.View(func(txn *badger.Txn) (err error) { n, err = u64(txn, "s/test"); return err }))
	if attempts != 2 || n != 2 {
		t.Fatalf("attempts %d, counter %d", attempts, n)
	}
	attempts = 0
	err := db.update(ctx, func(txn *badger.Txn) error {
		attempts++
		if _, err := txn.Get(key); err != nil {
			return err
		}
		must(t, db.bdb.Update(bump))
		return bump(txn)
	})
	wantCode(t, err, meeting.ECONFLICT, "try again")
	if attempts != maxAttempt {
		t.Fatalf("%d attempts", attempts)
	}
}

// TestDanglingIndexEntry: an index entry without its record is skipped
// (and logged), not an error that hides every other record.
func TestDanglingIndexEntry(t *testing.T) {
	db := openT(t, "")
	must(t, db.CreateAction(ctx, action("real", "bob", "2026-11-30")))
	must(t, db.bdb.Update(func(txn *badger.Txn) error { return txn.Set([]byte(ix("a.owner", "bob", "A9")), nil) }))
	as, err := db.Actions(ctx, meeting.ActionFilter{Owner: "bob"})
	must(t, err)
	if ids(actions, as) != "A1" {
		t.Fatalf("got %s", ids(actions, as))
	}
}

// TestHeldTurn: a writer whose turn is held (as by a stuck writer) waits a
// moment at most; it never deadlocks. A transaction holding one turn never
// waits for another.
func TestHeldTurn(t *testing.T) {
	db := openT(t, "")
	release := db.turn(ctx, "s/action")
	start := time.Now()
	must(t, db.CreateAction(ctx, action("still possible", "bob", "2026-11-30")))
	release()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a held turn blocked a writer for %v", d)
	}
	must(t, db.CreateIssue(ctx, &meeting.Issue{Title: "held"}))
	release = db.turn(ctx, "r/issue/I1")
	start = time.Now()
	must(t, db.Atomically(ctx, func(tx meeting.Tx) error {
		if err := tx.CreateAction(ctx, action("first turn", "bob", "2026-11-30")); err != nil {
			return err
		}
		_, err := tx.UpdateIssue(ctx, "I1", func(i *meeting.Issue) error { i.Rank = 1; return nil })
		return err
	}))
	release()
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("a transaction holding a turn waited %v for another", d)
	}
}

// TestTxTooBig: a transaction too big for Badger fails as a whole, with an
// internal error (the room turns it into one sentence), and writes nothing.
func TestTxTooBig(t *testing.T) {
	db := openT(t, "")
	before := storetest.Dump(t, db)
	err := db.Atomically(ctx, func(tx meeting.Tx) error {
		for i := range 2000 {
			s := &meeting.Story{Quote: strings.Repeat("q", meeting.MaxText), Context: fmt.Sprint(i)}
			if err := tx.CreateStory(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || meeting.ErrorCode(err) != meeting.EINTERNAL {
		t.Fatalf("got %v", err)
	}
	if got := storetest.Dump(t, db); got != before {
		t.Fatal("part of a failed transaction was written")
	}
}

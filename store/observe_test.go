package store

import (
	"slices"
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

type recordCounter struct {
	mu      sync.Mutex
	n       map[string]int
	commits []time.Duration
}

func (c *recordCounter) RecordsWritten(kind string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[kind] += n
}
func (c *recordCounter) Broadcast(int) {}
func (c *recordCounter) Committed(took time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.commits = append(c.commits, took)
}

func (c *recordCounter) committed() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.commits)
}

func (c *recordCounter) get(kind string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[kind]
}

// TestObserverCountsCommittedRecords: the observer sees each record a
// committed transaction wrote, by kind, and how long each commit took to
// be durable; nothing of one that failed.
func TestObserverCountsCommittedRecords(t *testing.T) {
	db := openT(t, "")
	c := &recordCounter{n: map[string]int{}}
	db.SetObserver(c)
	must(t, db.CreateAction(ctx, action("one", "bob", "2026-12-01")))
	must(t, db.Atomically(ctx, func(tx meeting.Tx) error {
		if err := tx.CreateAction(ctx, action("two", "bob", "2026-12-01")); err != nil {
			return err
		}
		if _, err := tx.UpdateAction(ctx, "A1", func(a *meeting.Action) error { a.Text = "one, again"; return nil }); err != nil {
			return err
		}
		return tx.CreateSeries(ctx, newSeries("Weekly"))
	}))
	if got := c.get("action"); got != 3 {
		t.Fatalf("actions written: %d, want 3", got)
	}
	if got := c.get("series"); got != 1 {
		t.Fatalf("series written: %d, want 1", got)
	}
	_ = db.Atomically(ctx, func(tx meeting.Tx) error {
		if err := tx.CreateAction(ctx, action("three", "bob", "2026-12-01")); err != nil {
			return err
		}
		return meeting.Errorf(meeting.EINVALID, "changed my mind")
	})
	if got := c.get("action"); got != 3 {
		t.Fatalf("a rolled-back transaction was counted: %d actions", got)
	}
	if got := c.committed(); len(got) != 2 || got[0] <= 0 || got[1] <= 0 {
		t.Fatalf("commits seen: %v, want the two that committed, each with its time", got)
	}
	db.SetObserver(nil)
	must(t, db.CreateAction(ctx, action("four", "bob", "2026-12-01")))
	if got := c.get("action"); got != 3 || len(c.committed()) != 2 {
		t.Fatal("the observer was told after it was removed")
	}
}

// TestWritable: open and above the reserve, a store is writable; opened
// below the reserve, or closed, it says why not in one sentence.
func TestWritable(t *testing.T) {
	db := openT(t, t.TempDir())
	if err := db.Writable(); err != nil {
		t.Fatalf("a fresh store: %v", err)
	}
	dir := t.TempDir()
	must(t, openT(t, dir).Close())
	full, err := Open(dir, Options{Reserve: 1 << 62}) // opened read-only
	must(t, err)
	defer full.Close()
	if err := full.Writable(); err == nil || meeting.ErrorMessage(err) == "" {
		t.Fatalf("a store below its reserve says it is writable: %v", err)
	}
	must(t, db.Close())
	if err := db.Writable(); err == nil {
		t.Fatal("a closed store says it is writable")
	}
}

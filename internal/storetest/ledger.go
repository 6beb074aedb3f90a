package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

// LedgerEntry returns entry seq after prev (nil for the first), about ref,
// with its digest and hash filled in.
func LedgerEntry(seq uint64, prev *meeting.LedgerEntry, ref string, at time.Time) *meeting.LedgerEntry {
	rec := []byte(fmt.Sprintf(`{"id":%q}`, ref))
	e := &meeting.LedgerEntry{Seq: seq, Kind: meeting.LedgerDecision, Ref: ref, Event: "recorded", Digest: meeting.Digest(rec),
		Record: rec, At: at.UTC(), Author: "ann", Key: meeting.LocalKey}
	if prev != nil {
		e.Prev = prev.Hash
	}
	e.Hash = e.ComputeHash()
	return e
}

// The ledger under the contract: entries take the ids L1, L2… of their
// seq; the head is the latest; an entry that is not one past the head is
// refused; concurrent appends from the same head never share a place (one
// runs again and links to the other); an invalid entry writes nothing.
func ledgerEntries(t *testing.T, db meeting.Store) {
	head, err := db.LedgerHead(bg)
	must(t, err)
	if head != nil {
		t.Fatalf("an empty store has head %+v", head)
	}
	e1 := LedgerEntry(1, nil, "2026-11-23-01", now)
	must(t, db.AppendLedger(bg, e1))
	e2 := LedgerEntry(2, e1, "A3", now.Add(time.Minute))
	e2.Kind = meeting.LedgerAction
	e2.Hash = e2.ComputeHash()
	must(t, db.AppendLedger(bg, e2))
	if e1.ID != "L1" || e2.ID != "L2" {
		t.Fatalf("ids %s %s", e1.ID, e2.ID)
	}
	head, err = db.LedgerHead(bg)
	must(t, err)
	if head == nil || jsonOf(t, head) != jsonOf(t, e2) {
		t.Fatalf("head = %s, want %s", jsonOf(t, head), jsonOf(t, e2))
	}
	wantCode(t, db.AppendLedger(bg, LedgerEntry(5, e2, "x", now)), meeting.ECONFLICT, "entry 3, not 5")
	wantCode(t, db.AppendLedger(bg, LedgerEntry(2, e1, "x", now)), meeting.ECONFLICT, "entry 3, not 2")
	bad := LedgerEntry(3, e2, "x", now)
	bad.Digest = "md5:1"
	wantCode(t, db.AppendLedger(bg, bad), meeting.EINVALID, "digest")
	bad = LedgerEntry(3, e2, "x", now)
	bad.Author = "bad\x1b[31m"
	wantCode(t, db.AppendLedger(bg, bad), meeting.EINVALID, "")

	// concurrent appends, each from the head it reads
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Atomically(bg, func(tx meeting.Tx) error {
				h, err := tx.LedgerHead(bg)
				if err != nil {
					return err
				}
				return tx.AppendLedger(bg, LedgerEntry(h.Seq+1, h, fmt.Sprintf("I%d", i+1), now))
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	all, err := db.Ledger(bg, meeting.LedgerFilter{})
	must(t, err)
	if len(all) != n+2 {
		t.Fatalf("%d entries, want %d", len(all), n+2)
	}
	for i, e := range all {
		if e.Seq != uint64(i+1) || e.ID != meeting.LedgerID(e.Seq) {
			t.Fatalf("entry %d is %s (seq %d)", i+1, e.ID, e.Seq)
		}
		if i > 0 && e.Prev != all[i-1].Hash {
			t.Fatalf("entry %d does not link to entry %d", e.Seq, i)
		}
		if e.Hash != e.ComputeHash() {
			t.Fatalf("entry %d's hash changed in the store", e.Seq)
		}
	}
	byRef, err := db.Ledger(bg, meeting.LedgerFilter{Ref: "A3"})
	must(t, err)
	from, err := db.Ledger(bg, meeting.LedgerFilter{From: 9})
	must(t, err)
	if len(byRef) != 1 || byRef[0].Seq != 2 || len(from) != 2 || from[0].Seq != 9 {
		t.Fatalf("by ref: %d, from 9: %d", len(byRef), len(from))
	}
	// a failed transaction appends nothing
	err = db.Atomically(bg, func(tx meeting.Tx) error {
		h, err := tx.LedgerHead(bg)
		if err != nil {
			return err
		}
		if err := tx.AppendLedger(bg, LedgerEntry(h.Seq+1, h, "x", now)); err != nil {
			return err
		}
		return context.Canceled
	})
	if err != context.Canceled {
		t.Fatalf("Atomically = %v", err)
	}
	head, err = db.LedgerHead(bg)
	must(t, err)
	if head.Seq != n+2 {
		t.Fatalf("a rolled-back append moved the head to %d", head.Seq)
	}
}

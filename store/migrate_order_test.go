package store

import (
	"encoding/json"
	"fmt"
	"testing"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// A data folder written before the ordered action indexes (version 2)
// opens with every action re-indexed in the actions' order, over several
// of the migration's transactions, with no entry of the old layout left;
// an interrupted migration (some actions done, the version not stamped)
// completes on the next open; and pages then come from the indexes.
func TestMigrateActionOrder(t *testing.T) {
	dir := t.TempDir()
	old, err := Open(dir, Options{migrations: migrations[:1]}) // version 2
	must(t, err)
	const n = 3*migrateBatch + 17
	dues := []meeting.Date{"2026-11-10", "2026-11-20", "2026-12-04"}
	statuses := []meeting.Status{meeting.StatusOpen, meeting.StatusDone, meeting.StatusBlocked, meeting.StatusDropped}
	var all []*meeting.Action
	for i := range n {
		a := &meeting.Action{ID: fmt.Sprintf("A%d", i+1), Text: fmt.Sprintf("action %d", i), Owner: []string{"ana", "Bob"}[i%2],
			Due: dues[i%3], Status: statuses[i%4], MeetingID: "M1", CreatedBy: "ann", CreatedAt: now, UpdatedAt: now}
		all = append(all, a)
	}
	// written as version 2 wrote them; the last hundred as an interrupted
	// migration left them
	for i := 0; i < n; i += 200 {
		must(t, old.bdb.Update(func(txn *badger.Txn) error {
			for _, a := range all[i:min(i+200, n)] {
				b, err := json.Marshal(a)
				if err != nil {
					return err
				}
				if err := txn.Set(actions.key(a.ID), b); err != nil {
					return err
				}
				idx := append(legacyActionIndex(a), ix("a.meeting", a.MeetingID, a.ID))
				if i >= n-100 {
					idx = actionIndex(a)
				}
				for _, x := range idx {
					if err := txn.Set([]byte(x), nil); err != nil {
						return err
					}
				}
			}
			return nil
		}))
	}
	must(t, old.Close())

	db := openT(t, dir)
	checkIndexes(t, db) // exactly the entries the records call for: none of the old layout
	meeting.SortActions(all)
	for _, f := range []meeting.ActionFilter{{}, {Active: true}, {Status: meeting.StatusDone}, {Owner: "bob"}} {
		var want []*meeting.Action
		for _, a := range all {
			if f.Match(a) {
				want = append(want, a)
			}
		}
		f.Offset, f.Limit = 100, 40
		got, err := db.Actions(ctx, f)
		must(t, err)
		if g, w := idsOfActions(got), idsOfActions(want[100:140]); g != w {
			t.Fatalf("%+v after the migration: %s, want %s", f, g, w)
		}
	}
	// run again (as after a crash before the version stamp): nothing changes
	must(t, migrateActionOrder(ctx, db))
	checkIndexes(t, db)
}

func idsOfActions(as []*meeting.Action) string {
	s := ""
	for _, a := range as {
		s += a.ID + ","
	}
	return s
}

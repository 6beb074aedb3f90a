package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"cxroom/meeting"
)

// txReadsItsWrites: inside Atomically the transaction sees its own writes
// (gets and listings alike); outside nothing is visible until the commit.
func txReadsItsWrites(t *testing.T, db meeting.Store) {
	must(t, db.CreateIssue(bg, &meeting.Issue{Title: "before", MeetingID: "M1"}))
	must(t, db.Atomically(bg, func(tx meeting.Tx) error {
		a := Action("in a transaction", "bob", "2026-11-30")
		a.MeetingID = "M1"
		must(t, tx.CreateAction(bg, a))
		if a.ID != "A1" {
			t.Fatalf("id in the transaction: %q", a.ID)
		}
		got, err := tx.Action(bg, "a1")
		must(t, err)
		if got.Text != "in a transaction" {
			t.Fatalf("tx read %s", jsonOf(t, got))
		}
		as, err := tx.Actions(bg, meeting.ActionFilter{MeetingID: "M1"})
		must(t, err)
		if len(as) != 1 || as[0].ID != "A1" {
			t.Fatalf("tx listing %s", jsonOf(t, as))
		}
		if n, err := tx.CountActions(bg, meeting.ActionFilter{}); err != nil || n != 1 {
			t.Fatalf("tx count %d, %v", n, err)
		}
		u, err := tx.UpdateIssue(bg, "I1", func(i *meeting.Issue) error { i.ActionIDs = append(i.ActionIDs, a.ID); return nil })
		must(t, err)
		if len(u.ActionIDs) != 1 {
			t.Fatalf("update in tx: %s", jsonOf(t, u))
		}
		is, err := tx.Issues(bg, meeting.IssueFilter{MeetingID: "M1"})
		must(t, err)
		if len(is) != 1 || len(is[0].ActionIDs) != 1 {
			t.Fatalf("tx listing after an update: %s", jsonOf(t, is))
		}
		// Not visible to anyone else yet.
		if _, err := db.Action(bg, "A1"); !meeting.IsNotFound(err) {
			t.Fatalf("uncommitted action visible outside: %v", err)
		}
		if i, err := db.Issue(bg, "I1"); err != nil || len(i.ActionIDs) != 0 {
			t.Fatalf("uncommitted link visible outside: %v %v", i, err)
		}
		return nil
	}))
	i, err := db.Issue(bg, "I1")
	must(t, err)
	a, err := db.Action(bg, "A1")
	must(t, err)
	if len(i.ActionIDs) != 1 || i.ActionIDs[0] != a.ID {
		t.Fatalf("after commit: %s %s", jsonOf(t, i), jsonOf(t, a))
	}
}

// seedTx writes one record of every kind the transaction tests touch.
func seedTx(t *testing.T, db meeting.Store) {
	must(t, db.CreateAction(bg, Action("existing", "bob", "2026-11-30")))
	must(t, db.CreateIssue(bg, &meeting.Issue{Title: "existing"}))
	must(t, db.CreateMeeting(bg, Meeting("", now, false)))
	must(t, db.CreateDecision(bg, decision("2026-11-23", "existing")))
	j, _ := meeting.NewJourney("Onboarding", "", now)
	must(t, db.CreateJourney(bg, j))
}

// command is a transaction of one of everything: creates of every kind
// and updates of the records seedTx wrote. It is what the rollback tests
// abort at every step.
func command(tx meeting.Tx) error { return commandSteps(tx, commandWrites) }

// commandSteps runs the first n steps of command.
func commandSteps(tx meeting.Tx, n int) error {
	steps := []func() error{
		func() error { return tx.CreateAction(bg, Action("new", "bob", "2026-11-30")) },
		func() error {
			_, err := tx.UpdateAction(bg, "A1", func(a *meeting.Action) error { return a.SetStatus(meeting.StatusDone, "", "bob", now) })
			return err
		},
		func() error { return tx.CreateIssue(bg, &meeting.Issue{Title: "new"}) },
		func() error {
			_, err := tx.UpdateIssue(bg, "I1", func(i *meeting.Issue) error { i.Rank = 1; return nil })
			return err
		},
		func() error { return tx.CreateMeeting(bg, Meeting("R1", now, false)) },
		func() error {
			_, err := tx.UpdateMeeting(bg, "M1", func(m *meeting.Meeting) error { return m.Timer.Next(now) })
			return err
		},
		func() error { return tx.CreateDecision(bg, decision("2026-11-23", "new")) },
		func() error {
			_, err := tx.UpdateJourney(bg, "J1", func(j *meeting.Journey) error { j.Owner = "ann"; return nil })
			return err
		},
		func() error { return tx.CreateStory(bg, &meeting.Story{Quote: "new"}) },
		func() error {
			return tx.CreateGuide(bg, &meeting.Guide{Coach: "ann", Coachees: []string{"bob"}, Topic: "new"})
		},
		func() error { return tx.CreateSeries(bg, Series("new")) },
		func() error { return tx.CreatePromise(bg, &meeting.Promise{Promise: "new", KeepRate: -1}) },
	}
	for _, s := range steps[:n] {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

const commandWrites = 12

// afterCommand is what the store's first ids are after command committed:
// failed attempts must not have used any.
func afterCommand(t *testing.T, db meeting.Store) {
	t.Helper()
	for _, c := range []struct {
		get  func() (string, error)
		want string
	}{
		{func() (string, error) { a, err := db.Action(bg, "A2"); return a.Text, err }, "new"},
		{func() (string, error) { a, err := db.Action(bg, "A1"); return string(a.Status), err }, "done"},
		{func() (string, error) { i, err := db.Issue(bg, "I2"); return i.Title, err }, "new"},
		{func() (string, error) { m, err := db.Meeting(bg, "M2"); return m.SeriesID, err }, "R1"},
		{func() (string, error) { d, err := db.Decision(bg, "2026-11-23-02"); return d.Decision, err }, "new"},
		{func() (string, error) { j, err := db.Journey(bg, "J1"); return j.Owner, err }, "ann"},
		{func() (string, error) { s, err := db.Story(bg, "S1"); return s.Quote, err }, "new"},
		{func() (string, error) { g, err := db.Guide(bg, "G1"); return g.Topic, err }, "new"},
		{func() (string, error) { s, err := db.Series(bg, "R1"); return s.Title, err }, "new"},
		{func() (string, error) { p, err := db.Promise(bg, "P1"); return p.Promise, err }, "new"},
	} {
		got, err := c.get()
		must(t, err)
		if got != c.want {
			t.Fatalf("after the command: %q, want %q", got, c.want)
		}
	}
}

// txRollsBack: fn's error comes back as it is, and nothing it wrote stays,
// whichever step it stopped at.
func txRollsBack(t *testing.T, db meeting.Store) {
	seedTx(t, db)
	before := Dump(t, db)
	stop := errors.New("stop here")
	for n := 0; n <= commandWrites; n++ {
		err := db.Atomically(bg, func(tx meeting.Tx) error {
			if err := commandSteps(tx, n); err != nil {
				return err
			}
			return stop
		})
		if err != stop {
			t.Fatalf("step %d: fn's error came back as %v", n, err)
		}
		if got := Dump(t, db); got != before {
			t.Fatalf("step %d: a rolled-back transaction left:\n%s\nwant\n%s", n, got, before)
		}
	}
	must(t, db.Atomically(bg, command))
	afterCommand(t, db)
}

// txNthWriteFails: a store write failing inside the transaction (Faulty)
// aborts all of it.
func txNthWriteFails(t *testing.T, db meeting.Store) {
	seedTx(t, db)
	before := Dump(t, db)
	f := NewFaulty(db)
	for n := 1; n <= commandWrites; n++ {
		f.FailAt(n)
		err := f.Atomically(bg, command)
		if !errors.Is(err, ErrInjected) {
			t.Fatalf("write %d: %v", n, err)
		}
		if got := Dump(t, db); got != before {
			t.Fatalf("write %d failed, yet the transaction left:\n%s\nwant\n%s", n, got, before)
		}
	}
	f.FailAt(0)
	must(t, f.Atomically(bg, command))
	if f.Writes() != commandWrites {
		t.Fatalf("counted %d writes, want %d", f.Writes(), commandWrites)
	}
	afterCommand(t, db)
	// One-shot writes count and fail too.
	f.FailAt(1)
	if err := f.CreateAction(bg, Action("x", "bob", "2026-11-30")); !errors.Is(err, ErrInjected) {
		t.Fatalf("one-shot create: %v", err)
	}
	if _, err := f.Action(bg, "A3"); !meeting.IsNotFound(err) {
		t.Fatalf("failed one-shot create stored: %v", err)
	}
}

// txConcurrent: concurrent transactions that read and write the same
// records lose none of each other's changes.
func txConcurrent(t *testing.T, db meeting.Store) {
	must(t, db.CreateIssue(bg, &meeting.Issue{Title: "contended"}))
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for k := range n {
		wg.Go(func() {
			errs <- db.Atomically(bg, func(tx meeting.Tx) error {
				a := Action(fmt.Sprint("action ", k), "bob", "2026-11-30")
				if err := tx.CreateAction(bg, a); err != nil {
					return err
				}
				i, err := tx.Issue(bg, "I1")
				if err != nil {
					return err
				}
				_, err = tx.UpdateIssue(bg, "I1", func(x *meeting.Issue) error {
					x.ActionIDs = append(x.ActionIDs, a.ID)
					x.Rank = i.Rank + 1
					return nil
				})
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	i, err := db.Issue(bg, "I1")
	must(t, err)
	as, err := db.Actions(bg, meeting.ActionFilter{})
	must(t, err)
	if len(i.ActionIDs) != n || i.Rank != n || len(as) != n {
		t.Fatalf("%d links, rank %d, %d actions; want %d of each", len(i.ActionIDs), i.Rank, len(as), n)
	}
	for _, a := range as {
		if !contains(i.ActionIDs, a.ID) {
			t.Fatalf("%s is not linked: %v", a.ID, i.ActionIDs)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// txOver: a tx kept past its Atomically refuses to work (it does not
// write, read stale data or panic).
func txOver(t *testing.T, db meeting.Store) {
	var kept meeting.Tx
	must(t, db.Atomically(bg, func(tx meeting.Tx) error { kept = tx; return nil }))
	if err := kept.CreateAction(bg, Action("late", "bob", "2026-11-30")); err == nil {
		t.Fatal("a tx wrote after its transaction ended")
	}
	if _, err := kept.Actions(bg, meeting.ActionFilter{}); err == nil {
		t.Fatal("a tx read after its transaction ended")
	}
	if as, _ := db.Actions(bg, meeting.ActionFilter{}); len(as) != 0 {
		t.Fatalf("late write landed: %d actions", len(as))
	}
}

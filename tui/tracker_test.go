package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxroom/internal/storetest"
	"cxroom/meeting"
)

// The tracker over a thousand actions holds a window of them read as a
// page, counts them all, and follows the cursor to either end: each row
// it shows and updates is the list's row at the cursor (issue 16: the
// tracker read every action the filters matched).
func TestTrackerPagesThroughManyActions(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const n = 1000
	dues := []meeting.Date{"2026-11-30", "2026-12-04", "2026-12-11", "2027-01-08"}
	for i := range n {
		a := storetest.Action(fmt.Sprintf("Follow-up number %04d", i), []string{"ana", "tom", "maria"}[i%3], dues[i%len(dues)])
		if err := w.db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	all, err := w.svc.Actions(ctx, actor("maria"), meeting.ActionFilter{Active: true}, meeting.Page{})
	if err != nil || len(all) != n {
		t.Fatalf("%d actions (%v)", len(all), err)
	}
	s := w.session("maria", 120, 40)
	s.keys("t")
	tr, ok := s.m.top().(*tracker)
	if !ok {
		t.Fatalf("not the tracker: %T", s.m.top())
	}
	at := func(i int) {
		t.Helper()
		// a window is read off the loop: wait for it (a busy machine may
		// take longer than the harness's quick step)
		deadline := time.Now().Add(wait)
		for tr.loading || tr.row() == nil {
			if time.Now().After(deadline) {
				t.Fatalf("the window around %d never came (%d rows from %d)", i, len(tr.rows), tr.first)
			}
			s.settle()
		}
		if tr.cursor != i {
			t.Fatalf("cursor on %d, want %d", tr.cursor, i)
		}
		line := ""
		for _, l := range strings.Split(s.screen(), "\n") {
			if strings.HasPrefix(l, "›") {
				line = l
			}
		}
		if !strings.Contains(line, all[i].ID+" ") || !strings.Contains(line, all[i].Text) {
			t.Fatalf("cursor row %d is %q, want %s %q", i, line, all[i].ID, all[i].Text)
		}
		if len(tr.rows) > trackerPage {
			t.Fatalf("the tracker holds %d actions", len(tr.rows))
		}
	}
	at(0)
	s.expect("Action tracker", fmt.Sprintf("%d actions", n), all[0].Text)
	if len(tr.rows) > trackerPage {
		t.Fatalf("the tracker holds %d actions for its first screen; want a page (at most %d)", len(tr.rows), trackerPage)
	}
	s.keys("G") // the bottom: the last window
	at(n - 1)
	s.keys("g")
	at(0)
	for range 250 { // past the first window, a key at a time
		s.keys("down")
	}
	at(250)
	s.keys("enter") // the status form is the cursor's action's
	s.expect(all[250].ID + ": " + all[250].Text)
	s.keys("esc")
	for range 120 {
		s.keys("up")
	}
	at(130)
	// a filter reads its own first page, and counts its own
	s.keys("s") // any status
	at(0)
	s.expect("status: any status", fmt.Sprintf("%d actions", n))
}

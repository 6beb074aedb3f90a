package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"cxroom/meeting"
)

// actionPages: Offset and Limit ask for a page of a listing in its order
// (by due date, then id number), whatever the filter and its index; counts
// ignore them; and pages stay in order as actions change status, owner and
// due date.
func actionPages(t *testing.T, db meeting.Store) {
	rnd := rand.New(rand.NewPCG(16, 16))
	owners := []string{"ana", "Bob", "bob", "chen"}
	dues := []meeting.Date{"2026-11-10", "2026-11-20", "2026-11-22", "2026-11-30", "2026-12-04"}
	const n = 64 // ids A1…A64: A9 before A10 on the same day
	for i := range n {
		a := Action(fmt.Sprintf("action %d", i), owners[rnd.IntN(len(owners))], dues[rnd.IntN(len(dues))])
		a.MeetingID, a.SeriesID = fmt.Sprintf("M%d", 1+i%3), fmt.Sprintf("R%d", 1+i%2)
		if i%5 == 0 {
			a.IssueID = "I1"
		}
		must(t, db.CreateAction(bg, a))
	}
	statuses := []meeting.Status{meeting.StatusDone, meeting.StatusBlocked, meeting.StatusEscalated, meeting.StatusDropped}
	change := func(k int) {
		for range k {
			id := fmt.Sprintf("A%d", 1+rnd.IntN(n))
			_, err := db.UpdateAction(bg, id, func(a *meeting.Action) error {
				switch rnd.IntN(3) {
				case 0:
					a.Owner = owners[rnd.IntN(len(owners))]
				case 1:
					a.Due = dues[rnd.IntN(len(dues))]
				}
				st := statuses[rnd.IntN(len(statuses))]
				if st == a.Status || !a.Status.Active() {
					return nil
				}
				return a.SetStatus(st, "note", "ann", now)
			})
			must(t, err)
		}
	}
	today := meeting.Date("2026-11-23")
	filters := []meeting.ActionFilter{
		{}, {Active: true}, {OverdueOn: today}, {Status: meeting.StatusDone}, {Status: meeting.StatusOpen, Active: true},
		{Status: meeting.StatusDone, Active: true}, {Owner: "bob"}, {Owner: "ana", Active: true}, {OverdueOn: today, Owner: "chen"},
		{MeetingID: "m2"}, {SeriesID: "R1", Active: true}, {IssueID: "I1"}, {Status: meeting.StatusBlocked, Owner: "BOB"},
	}
	check := func(round int) {
		t.Helper()
		for _, f := range filters {
			all, err := db.Actions(bg, f)
			must(t, err)
			sorted := append([]*meeting.Action(nil), all...)
			meeting.SortActions(sorted)
			if got, want := idsOf(all, actionID), idsOf(sorted, actionID); got != want {
				t.Fatalf("round %d, %+v: listed %s, not in order %s", round, f, got, want)
			}
			checkPages(t, fmt.Sprintf("round %d, %+v", round, f), all, actionID, func(offset, limit int) []*meeting.Action {
				g := f
				g.Offset, g.Limit = offset, limit
				page, err := db.Actions(bg, g)
				must(t, err)
				c, err := db.CountActions(bg, g)
				must(t, err)
				if c != len(all) {
					t.Fatalf("round %d, %+v offset %d limit %d: counted %d, want every match (%d)", round, f, offset, limit, c, len(all))
				}
				return page
			})
		}
	}
	check(0)
	for round := 1; round <= 3; round++ {
		change(20)
		check(round)
	}
}

// decisionPages: the decision log is listed by id (decision date, then
// number: 2026-11-23-9 before 2026-11-23-10), newest first on request,
// and Offset and Limit ask for a page of that order, whatever the filter.
func decisionPages(t *testing.T, db meeting.Store) {
	days := []meeting.Date{"2026-11-23", "2026-10-02", "2026-11-23", "2026-12-01"}
	for i := range 40 { // eleven or more on a day: -9 before -10
		d := &meeting.Decision{Date: days[i%len(days)], Decision: fmt.Sprintf("decision %d", i),
			MeetingID: fmt.Sprintf("M%d", 1+i%3), MadeBy: "ann"}
		if i%4 == 1 {
			d.ReviewDate = "2026-11-30"
		}
		must(t, db.CreateDecision(bg, d))
	}
	decisionID := func(d *meeting.Decision) string { return d.ID }
	filters := []meeting.DecisionFilter{{}, {MeetingID: "m2"}, {ReviewDueBy: "2026-12-01"}, {MeetingID: "M1", ReviewDueBy: "2026-12-01"}}
	for _, f := range filters {
		for _, newest := range []bool{false, true} {
			f.Newest = newest
			all, err := db.Decisions(bg, f)
			must(t, err)
			if len(all) == 0 {
				t.Fatalf("%+v: nothing listed", f)
			}
			sorted := slices.Clone(all)
			slices.SortFunc(sorted, func(a, b *meeting.Decision) int { return meeting.CompareIDs(a.ID, b.ID) })
			if newest {
				slices.Reverse(sorted)
			}
			if got, want := idsOf(all, decisionID), idsOf(sorted, decisionID); got != want {
				t.Fatalf("%+v: listed %s, not in order %s", f, got, want)
			}
			checkPages(t, fmt.Sprintf("%+v", f), all, decisionID, func(offset, limit int) []*meeting.Decision {
				g := f
				g.Offset, g.Limit = offset, limit
				page, err := db.Decisions(bg, g)
				must(t, err)
				return page
			})
		}
	}
}

// checkPages fails unless page(offset, limit) is that window of all, for
// windows at the start, the middle, across and past the end, unlimited
// and with a negative offset.
func checkPages[T any](t *testing.T, what string, all []*T, id func(*T) string, page func(offset, limit int) []*T) {
	t.Helper()
	m := len(all)
	for _, p := range [][2]int{{0, 1}, {0, 7}, {5, 7}, {m - 3, 10}, {m, 5}, {m + 10, 5}, {3, 0}, {-2, 4}} {
		from := min(max(p[0], 0), m)
		to := m
		if p[1] > 0 {
			to = min(from+p[1], m)
		}
		if got, want := idsOf(page(p[0], p[1]), id), idsOf(all[from:to], id); got != want {
			t.Fatalf("%s offset %d limit %d: got %q, want %q", what, p[0], p[1], got, want)
		}
	}
}

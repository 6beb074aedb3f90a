package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"cxroom/meeting"
)

// TestCountActions checks CountActions against len(Actions) for every kind
// of filter, before and after status changes move index entries.
func TestCountActions(t *testing.T) {
	db := openT(t, "")
	must(t, Fill(ctx, db, FillSpec{Series: 3, Meetings: 30, Actions: 500, Owners: 7, Now: now}))
	must(t, db.CreateAction(ctx, action("upper-case owner", "Bob", "2026-12-01")))
	must(t, db.CreateAction(ctx, action("lower-case owner", "bob", "2026-11-01")))
	withIssue := action("for an issue", "ann", "2026-11-02")
	withIssue.IssueID = "I1"
	must(t, db.CreateAction(ctx, withIssue))

	today := meeting.DateOf(now)
	filters := []meeting.ActionFilter{
		{},
		{Active: true},
		{OverdueOn: today},
		{OverdueOn: today, Active: true},
		{OverdueOn: "2000-01-01"},
		{OverdueOn: "2199-12-31"},
		{Status: meeting.StatusBlocked},
		{Status: meeting.StatusDone},
		{Status: meeting.StatusBlocked, Active: true},
		{Status: meeting.StatusDone, Active: true},
		{Status: "nonsense"},
		{MeetingID: "M7"},
		{MeetingID: "m7"},
		{MeetingID: "M999"},
		{SeriesID: "R2"},
		{IssueID: "I1"},
		{Owner: "owner3"},
		{Owner: "BOB"},
		{Owner: "@owner3", Active: true},
		{Owner: "owner3", OverdueOn: today},
		{Status: meeting.StatusOpen, OverdueOn: today},
		{MeetingID: "M7", Active: true},
	}
	check := func(stage string) {
		t.Helper()
		for _, f := range filters {
			as, err := db.Actions(ctx, f)
			must(t, err)
			n, err := db.CountActions(ctx, f)
			must(t, err)
			if n != len(as) {
				t.Errorf("%s: CountActions(%+v) = %d, Actions lists %d", stage, f, n, len(as))
			}
		}
	}
	check("filled")
	if n, _ := db.CountActions(ctx, meeting.ActionFilter{}); n != 503 {
		t.Fatalf("all actions: %d, want 503", n)
	}

	// moving actions between statuses moves their index entries
	for i := 1; i <= 60; i++ {
		st := []meeting.Status{meeting.StatusDone, meeting.StatusBlocked, meeting.StatusOpen}[i%3]
		_, err := db.UpdateAction(ctx, fmt.Sprintf("A%d", i), func(a *meeting.Action) error {
			return a.SetStatus(st, "moved", "ann", now)
		})
		must(t, err)
	}
	check("updated")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.CountActions(cancelled, meeting.ActionFilter{Active: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled count: %v", err)
	}
}

package meeting_test

import (
	"testing"
	"time"

	"cxroom/meeting"
)

// weeklySeries creates the weekly series of agenda id, so its meetings
// carry their open items into the next.
func weeklySeries(t *testing.T, e *env, id string) *meeting.Series {
	t.Helper()
	s := &meeting.Series{Title: id, AgendaID: id, Cadence: meeting.CadenceWeekly, Start: meeting.DateOf(e.clock.Now()),
		Time: "09:00", Minutes: 60, Facilitator: maria.Handle, CreatedAt: e.clock.Now()}
	if err := e.db.CreateSeries(e.ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Issue 11.9: a deep-dived issue is owned by a linked action (an owner and a
// due date the tracker follows), never by free text; the issue shows the
// action as it is now, in this meeting and the next.
func TestDeepDivedIssueIsOwnedByItsAction(t *testing.T) {
	e := newEnv(t)
	s := weeklySeries(t, e, "voc-triage")
	in := meeting.StartInput{Agenda: agenda(t, "voc-triage"), SeriesID: s.ID}
	r := e.start(t, in)
	join(t, r, maria)
	is, err := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Refunds take weeks"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	// an older record typed an owner and a next step as text
	if _, err := e.db.UpdateIssue(e.ctx, is.ID, func(i *meeting.Issue) error {
		i.Owner, i.NextStep = "ana", "call finance"
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(7 * 24 * time.Hour)
	r = e.start(t, in)
	join(t, r, maria, ana)
	if err := r.Next(e.ctx, maria); err != nil { // the deep dive
		t.Fatal(err)
	}
	if un := r.Snapshot().Unowned(); len(un) != 1 || un[0].ID != is.ID {
		t.Fatalf("free text owns the issue: unowned %v", un)
	}
	x, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Clear the refund backlog", Owner: "ana", Due: "+1w", IssueID: is.ID})
	if err != nil {
		t.Fatal(err)
	}
	snap := r.Snapshot()
	if un := snap.Unowned(); len(un) != 0 {
		t.Fatalf("the linked action does not own the issue: %v", un)
	}
	// the issue shows the action as it is now: dropped, it owns nothing
	if _, err := e.svc.SetActionStatus(e.ctx, maria, x.ID, meeting.StatusDropped, ""); err != nil {
		t.Fatal(err)
	}
	snap = r.Snapshot()
	if got := snap.IssueActions(snap.Issue(is.ID)); len(got) != 1 || got[0].Status != meeting.StatusDropped {
		t.Fatalf("linked action as the room shows it: %+v", got)
	}
	if un := snap.Unowned(); len(un) != 1 {
		t.Fatalf("a dropped action still owns the issue: %v", un)
	}
	y, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Hire a refunds temp", Owner: "ana", Due: "+2w", IssueID: is.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	// done between meetings: the next meeting's issue shows it done
	if _, err := e.svc.SetActionStatus(e.ctx, maria, y.ID, meeting.StatusDone, ""); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(7 * 24 * time.Hour)
	r = e.start(t, in)
	snap = r.Snapshot()
	got := snap.IssueActions(snap.Issue(is.ID))
	if len(got) != 2 || got[1].ID != y.ID || got[1].Status != meeting.StatusDone || got[0].Status != meeting.StatusDropped {
		t.Fatalf("the carried issue's actions: %+v", got)
	}
}

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

// Issue 11.10: "on track" confirms the due date or moves it, in the
// action's history and the meeting's review; a date that has passed needs
// a new one. The walk can go back after its last action.
func TestReviewOnTrackConfirmsOrMovesTheDueDate(t *testing.T) {
	e := newEnv(t)
	s := weeklySeries(t, e, "voc-triage")
	in := meeting.StartInput{Agenda: agenda(t, "voc-triage"), SeriesID: s.ID}
	r := e.start(t, in)
	join(t, r, maria)
	a1, _ := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Call Acme", Owner: "ana", Due: "+10d"})
	a2, _ := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix the form", Owner: "tom", Due: "+3d"})
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(7 * 24 * time.Hour)
	r = e.start(t, in)
	join(t, r, maria, ana)
	if _, err := r.ReviewOnTrack(e.ctx, ana, a2.ID, "+1w"); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("ana puts tom's action on track: %v", err)
	}
	if _, err := r.ReviewOnTrack(e.ctx, maria, a2.ID, ""); code(err) != meeting.EINVALID {
		t.Fatalf("on track with a due date that has passed: %v", err)
	}
	x, err := r.ReviewOnTrack(e.ctx, maria, a2.ID, "+1w") // the walk starts with the earliest due
	want := "due moved from " + string(a2.Due) + " to 2026-12-08"
	if err != nil || x.Due != "2026-12-08" || x.Status != meeting.StatusOpen || x.LastChange().Note != want {
		t.Fatalf("moved: %+v %v", x, err)
	}
	x, err = r.ReviewOnTrack(e.ctx, ana, a1.ID, string(a1.Due))
	if err != nil || x.Due != a1.Due || x.LastChange().Note != "due "+string(a1.Due)+" confirmed" {
		t.Fatalf("confirmed: %+v %v", x, err)
	}
	m := r.Snapshot().Meeting
	if m.Walk != 2 || len(m.Reviews) != 2 || m.Reviews[0].Note != want {
		t.Fatalf("walk %d, reviews %+v", m.Walk, m.Reviews)
	}
	if err := r.WalkBy(e.ctx, maria, -1); err != nil || r.Snapshot().WalkAction().ID != a1.ID {
		t.Fatalf("back from the end of the walk: %v", err)
	}
}

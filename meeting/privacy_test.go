package meeting_test

import (
	"slices"
	"testing"

	"cxroom/meeting"
)

// TestGuidePrivacyEverywhere (issue 9.8): everything born in a GUIDE
// session follows the session's privacy in every answer of the service:
// lists, counts, lookups, status changes, the decision log, the story
// library, the scorecard's input and the meetings list.
func TestGuidePrivacyEverywhere(t *testing.T) {
	e := newEnv(t)
	// maria coaches ana; tom and li (a facilitator) are not in it
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "onboarding calls"})
	join(t, r, maria, ana)
	secret, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Shadow two onboarding calls", Owner: "ana", Due: "fri"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddDecision(e.ctx, maria, meeting.DecisionInput{Title: "Coaching focus", Decision: "Work on discovery questions", Rationale: "Ana asked"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	public, err := e.svc.AddAction(e.ctx, maria, "Publish the refund FAQ", "ana", "fri")
	if err != nil {
		t.Fatal(err)
	}
	mid := r.ID()
	all := meeting.ActionFilter{}
	for _, c := range []struct {
		who  meeting.Actor
		sees bool
	}{{maria, true}, {ana, true}, {tom, false}, {lead, false}, {obs, false}} {
		as, err := e.svc.Actions(e.ctx, c.who, all, meeting.Page{})
		if err != nil {
			t.Fatal(err)
		}
		ids := func() (out []string) {
			for _, a := range as {
				out = append(out, a.ID)
			}
			return
		}()
		if got := slices.Contains(ids, secret.ID); got != c.sees || !slices.Contains(ids, public.ID) {
			t.Errorf("%s lists %v; sees the coaching action: %v, want %v", c.who.Handle, ids, got, c.sees)
		}
		n, err := e.svc.CountActions(e.ctx, c.who, all)
		if err != nil || n != len(as) {
			t.Errorf("%s counts %d actions (%v), lists %d", c.who.Handle, n, err, len(as))
		}
		if n, _ := e.svc.CountActions(e.ctx, c.who, meeting.ActionFilter{Owner: "ana", Active: true}); n != len(as) {
			t.Errorf("%s counts %d of ana's open actions, want %d", c.who.Handle, n, len(as))
		}
		_, err = e.svc.Action(e.ctx, c.who, secret.ID)
		if c.sees != (err == nil) || !c.sees && !meeting.IsNotFound(err) {
			t.Errorf("%s looks up %s: %v", c.who.Handle, secret.ID, err)
		}
		ds, err := e.svc.Decisions(e.ctx, c.who, meeting.DecisionFilter{})
		if err != nil || (len(ds) == 1) != c.sees {
			t.Errorf("%s sees %d decisions (%v)", c.who.Handle, len(ds), err)
		}
		ms, _ := e.svc.Meetings(e.ctx, c.who, meeting.MeetingFilter{})
		if (len(ms) == 1) != c.sees {
			t.Errorf("%s sees %d meetings", c.who.Handle, len(ms))
		}
		if _, err := e.svc.Minutes(e.ctx, c.who, mid); c.sees != (err == nil) {
			t.Errorf("%s reads the minutes: %v", c.who.Handle, err)
		}
		in, err := e.svc.ScorecardInput(e.ctx, c.who, e.svc.Today())
		if err != nil || slices.ContainsFunc(in.Actions, func(a *meeting.Action) bool { return a.ID == secret.ID }) != c.sees ||
			slices.ContainsFunc(in.Meetings, func(m *meeting.Meeting) bool { return m.ID == mid }) != c.sees {
			t.Errorf("%s's scorecard input holds the coaching session: want %v (%v)", c.who.Handle, c.sees, err)
		}
	}
	// a facilitator who is not the coach cannot change it either: it is not there
	if _, err := e.svc.SetActionStatus(e.ctx, lead, secret.ID, meeting.StatusDone, ""); !meeting.IsNotFound(err) {
		t.Errorf("li updates the coaching action: %v", err)
	}
	if _, err := e.svc.SetActionStatus(e.ctx, ana, secret.ID, meeting.StatusDone, "done"); err != nil {
		t.Errorf("ana updates her own coaching action: %v", err)
	}
}

// TestDecisionLogPagesAroundPrivateSessions: the decision log is read a
// page at a time, newest first; decisions born in a GUIDE session someone
// may not see are not in their pages, and the pages still hold exactly
// what that person may see, in order, with nothing repeated or skipped.
func TestDecisionLogPagesAroundPrivateSessions(t *testing.T) {
	e := newEnv(t)
	var public []string
	addPublic := func(n int) {
		for i := range n {
			d, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Title: "Public", Decision: "Decision " + string(rune('a'+i)), Rationale: "why"})
			if err != nil {
				t.Fatal(err)
			}
			public = append(public, d.ID)
		}
	}
	addPublic(7)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "discovery"})
	join(t, r, maria, ana)
	for range 5 {
		if _, err := r.AddDecision(e.ctx, maria, meeting.DecisionInput{Title: "Coaching", Decision: "Private", Rationale: "Ana asked"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	addPublic(6)
	slices.Reverse(public) // newest first
	for _, c := range []struct {
		who  meeting.Actor
		want int
	}{{maria, 18}, {tom, 13}, {obs, 13}} {
		var got []string
		for off := 0; ; off += 4 {
			ds, err := e.svc.Decisions(e.ctx, c.who, meeting.DecisionFilter{Newest: true, Offset: off, Limit: 4})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				got = append(got, d.ID)
			}
			if len(ds) < 4 {
				break
			}
		}
		all, err := e.svc.Decisions(e.ctx, c.who, meeting.DecisionFilter{Newest: true})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, d := range all {
			want = append(want, d.ID)
		}
		if len(got) != c.want || !slices.Equal(got, want) {
			t.Errorf("%s pages through %v, want %d: %v", c.who.Handle, got, c.want, want)
		}
		if c.want == 13 && !slices.Equal(got, public) {
			t.Errorf("%s pages through %v, want the public decisions %v", c.who.Handle, got, public)
		}
	}
}

package tui

import (
	"context"
	"testing"
	"time"

	"cxroom/meeting"
)

// Issue 11.9: a deep-dived issue's owner and next step are an action (an
// owner and a due date), not text typed in the issue; the issue shows the
// action as it is now.
func TestDeepDivedIssueShowsItsActionAsItIsNow(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter", "i")
	s.typeText("Refunds take weeks")
	s.keys("ctrl+s")
	s.keys("n")
	s.expect("Deep-dive: top 3", "⚑ needs an owner and a next step (a: add its action)")
	s.keys("enter") // edit the issue: evidence, impact, root cause; no owner text
	s.expect("I1: Refunds take weeks", "Impact", "Root cause")
	s.refuse("Next step", "│   Owner")
	s.keys("esc")
	s.keys("a")
	s.expect("Next step for I1: Refunds take weeks")
	s.typeText("Clear the refund backlog")
	s.keys("tab")
	s.typeText("Ana Silva")
	s.keys("tab")
	s.typeText("fri")
	s.keys("enter")
	s.expect("next: A1 Clear the refund backlog — ana, due 2026-11-27, open")
	s.refuse("⚑ needs an owner")
	// ana blocks it from the tracker: the issue shows it at once
	if _, err := w.svc.SetActionStatus(ctx, actor("ana"), "A1", meeting.StatusBlocked, "finance freeze"); err != nil {
		t.Fatal(err)
	}
	s.expect("next: A1 Clear the refund backlog — ana, due 2026-11-27, blocked")
}

// Saving an issue's edit form as it opened says there is nothing to save,
// writes nothing and tells nobody (the hostile-paste check found 5,000
// pasted line breaks re-saving I22 29 times, each "Eve updated I22" on
// every screen).
func TestSavingAnUnchangedIssueWritesNothing(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	ana := w.session("ana", 120, 34)
	s.keys("enter", "i")
	s.typeText("Refunds take weeks")
	s.keys("ctrl+s")
	s.keys("n")
	s.expect("Deep-dive: top 3")
	ana.keys("enter")
	ana.expect("Ana Silva joined")
	before, err := w.db.Issue(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	s.keys("enter") // the issue's edit form, as it is
	s.expect("I1: Refunds take weeks", "Impact")
	s.keys("ctrl+s")
	s.expect("✓ nothing to save: I1 is as it was")
	if after, err := w.db.Issue(ctx, "I1"); err != nil || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("saving I1 unchanged wrote it again (%v)", err)
	}
	s.refuse("updated I1")
	ana.refuse("updated I1")
	// a real change still saves, and says so
	s.keys("enter", "tab", "tab", "tab")
	s.typeText("churn in month one")
	s.keys("ctrl+s")
	s.expect("✓ updated I1")
	ana.expect("Maria Lopez updated I1")
}

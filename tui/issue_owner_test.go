package tui

import (
	"context"
	"testing"

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

package tui

import (
	"context"
	"strings"
	"testing"
)

// Issue 11.11: an observer is offered no key they cannot use, in the help
// line or in the panes, and one line says they are watching; a key they
// press anyway says why.
func TestObserverSeesNoHintsForKeysTheyCannotUse(t *testing.T) {
	w := newWorld(t)
	s, _, _ := vocMeeting(t, w)
	olga := w.session("olga", 120, 34)
	olga.keys("enter")
	hints := []string{"Press i", "(v vote)", "K/J move", "a add", "enter status", "d done", "o on track", "← back", "→ skip",
		"s to share", "Press s", "Press a", "Press d", "d decision", "a action"}
	for seg := 0; seg < 4; seg++ {
		out := olga.screen()
		for _, h := range hints {
			if strings.Contains(out, h) {
				t.Fatalf("segment %d: the observer is offered %q:\n%s", seg+1, h, out)
			}
		}
		if n := strings.Count(out, "You are observing"); n != 1 {
			t.Fatalf("segment %d: %d lines say the observer is watching:\n%s", seg+1, n, out)
		}
		s.keys("n")
	}
	olga.keys("a")
	olga.expect("Observers watch only; you cannot add records")
	olga.refuse("New action")
}

// Issue 11.11: the tracker says who may update an action before any form
// opens.
func TestTrackerRefusesBeforeTheForm(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.AddAction(context.Background(), actor("maria"), "Share the scorecard", "tom", "fri"); err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 100, 30)
	ana.keys("t")
	ana.expect("A1", "Share the scorecard")
	ana.keys("enter")
	ana.expect("Only Tom Reed or a facilitator can update A1")
	ana.refuse("Status [open]")
}

package tui

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// Issue 11.14: one of a thing is singular: the room's tally, the question
// before ending, the tracker's count.
func TestOneIsSingular(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter", "i")
	s.typeText("Refunds take weeks")
	s.keys("ctrl+s")
	s.keys("a")
	s.typeText("Call finance")
	s.keys("tab")
	s.typeText("ana")
	s.keys("tab")
	s.typeText("fri")
	s.keys("enter")
	s.expect("this meeting: 1 action · 0 decisions · 1 issue · 0 stories")
	s.keys("n", "e")
	s.expect("1 deep-dived issue still has no owner or next step: I1 Refunds take weeks. End anyway? y/n")
	s.keys("n", "esc", "t")
	s.expect("Action tracker", "A1", "\n1 action")
}

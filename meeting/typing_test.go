package meeting_test

import (
	"testing"

	"cxroom/meeting"
)

// What a form submits and the end of its "typing…" are one change: every
// screen in the room draws the new record once, not the record and then
// the name without "typing…" right behind it (issue 16).
func TestASubmittedFormStopsTypingInTheSameChange(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana, tom)
	typing := func(h string) bool {
		for _, p := range r.Snapshot().People {
			if p.Handle == h {
				return p.Typing
			}
		}
		return false
	}
	if err := r.SetTyping(e.ctx, ana, true); err != nil {
		t.Fatal(err)
	}
	if err := r.SetTyping(e.ctx, tom, true); err != nil {
		t.Fatal(err)
	}
	v := r.Snapshot().Version
	if _, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Call the customer back", Owner: "ana", Due: "fri"}); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	if s.Version != v+1 || len(s.Actions) != 1 {
		t.Fatalf("version %d → %d, %d actions", v, s.Version, len(s.Actions))
	}
	if typing("ana") {
		t.Fatal("ana still shows typing… in the change that stored her action")
	}
	if !typing("tom") {
		t.Fatal("tom stopped typing because ana submitted")
	}
	// the form closing says so too: nothing left to change
	if err := r.SetTyping(e.ctx, ana, false); err != nil {
		t.Fatal(err)
	}
	if r.Snapshot().Version != v+1 {
		t.Fatal("closing the form published one more change")
	}
	// a refused submission leaves the form open, and typing with it
	if _, err := r.AddAction(e.ctx, tom, meeting.ActionInput{Text: ""}); err == nil {
		t.Fatal("an empty action was accepted")
	}
	if !typing("tom") {
		t.Fatal("a refused submission stopped tom's typing…")
	}
}

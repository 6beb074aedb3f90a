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

// In a town hall most screens name a few people and count the rest; a form
// opened by someone counted changes nothing they show. Such a change wakes
// only the screens that name its typist (or have not said what they name),
// and a run of them passes a screen by; any other change wakes everyone.
// Before: every "typing…" woke every screen in the room to draw the same
// frame (in the fan-out bench, one of the two changes each add makes).
func TestTypingWakesOnlyTheScreensThatNameTheTypist(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana, tom)
	at := func(h string) int {
		for i, p := range r.Snapshot().People {
			if p.Handle == h {
				return i
			}
		}
		t.Fatalf("%s is not in the room", h)
		return -1
	}
	few, all, silent := r.Subscribe(), r.Subscribe(), r.Subscribe()
	defer few.Close()
	defer all.Close()
	defer silent.Close()
	woken := func(s *meeting.Sub) bool {
		select {
		case <-s.C():
			return true
		default:
			return false
		}
	}
	first, last := r.Snapshot().People[0].Handle, r.Snapshot().People[2].Handle
	who := map[string]meeting.Actor{"maria": maria, "ana": ana, "tom": tom}
	drew := func() {
		v := r.Snapshot().Version
		few.Drew(v, 1) // names the first only
		all.Drew(v, 3)
	}
	typing := func(h string, on bool) {
		t.Helper()
		if err := r.SetTyping(e.ctx, who[h], on); err != nil {
			t.Fatal(err)
		}
	}
	drew()
	for _, on := range []bool{true, false, true} { // a run of them
		typing(last, on)
		if f, a, s := woken(few), woken(all), woken(silent); f || !a || !s {
			t.Fatalf("typing %v of %s (at %d) woke: the screen naming one %v, naming all %v, naming nobody yet %v", on, last, at(last), f, a, s)
		}
		all.Drew(r.Snapshot().Version, 3)
		if v, named, ok := few.Drawn(); !ok || v != r.Snapshot().Version || named != 1 {
			t.Fatalf("the screen passed by counts as having drawn %d (%d named, %v); the room is at %d", v, named, ok, r.Snapshot().Version)
		}
	}
	typing(first, true)
	if !woken(few) || !woken(all) || !woken(silent) {
		t.Fatal("typing… of the first named did not wake every screen")
	}
	// a screen that drew an older snapshot may not have drawn this order
	few.Drew(r.Snapshot().Version-1, 1)
	typing(last, false)
	if !woken(few) {
		t.Fatal("a screen behind by a change was passed by")
	}
	// anything else wakes everyone, whatever they named
	drew()
	if err := r.RaiseHand(e.ctx, who[last], true); err != nil {
		t.Fatal(err)
	}
	if !woken(few) || !woken(all) || !woken(silent) {
		t.Fatal("a raised hand did not wake every screen")
	}
	drew()
	if _, err := r.AddAction(e.ctx, who[last], meeting.ActionInput{Text: "Call back", Owner: last, Due: "fri"}); err != nil {
		t.Fatal(err)
	}
	if !woken(few) {
		t.Fatal("an action did not wake a screen not naming its author")
	}
	// the first one a screen counts may fit once their "typing…" changes:
	// that wakes it
	drew()
	next := r.Snapshot().People[1]
	typing(next.Handle, !next.Typing)
	if !woken(few) {
		t.Fatalf("typing… of %s, the first counted, did not wake the screen naming one", next.Handle)
	}
}

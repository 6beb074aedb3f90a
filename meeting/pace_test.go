package meeting_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

// TestOnePersonsPace (issue 9.5): one person writing as fast as a script
// can is stopped after the burst, in a room and through the service alike
// (one budget, whatever the door), with a sentence that says to wait; the
// budget refills with the meeting clock; another person is not slowed.
func TestOnePersonsPace(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(60, 30)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana, tom)
	add := func(who meeting.Actor, i int) error {
		_, err := r.AddAction(e.ctx, who, meeting.ActionInput{Text: fmt.Sprintf("Follow up %d", i), Owner: who.Handle, Due: "fri"})
		return err
	}
	for i := range 20 {
		if err := add(ana, i); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	for i := range 10 { // the rest of the burst, through the other door
		if _, err := e.svc.AddAction(e.ctx, ana, fmt.Sprintf("Between meetings %d", i), "ana", "fri"); err != nil {
			t.Fatalf("service write %d: %v", i, err)
		}
	}
	err := add(ana, 99)
	if meeting.ErrorCode(err) != meeting.ECONFLICT || !strings.Contains(meeting.ErrorMessage(err), "at most 60 a minute") ||
		!strings.HasPrefix(meeting.ErrorMessage(err), "wait 1 s and try again") {
		t.Fatalf("past the burst: %v", err)
	}
	if _, err := e.svc.AddAction(e.ctx, ana, "One more", "ana", "fri"); err == nil {
		t.Fatal("the service let ana past her pace")
	}
	if err := add(tom, 1); err != nil {
		t.Fatalf("tom is slowed by ana: %v", err)
	}
	e.clock.Advance(time.Second)
	if err := add(ana, 100); err != nil {
		t.Fatalf("a second later: %v", err)
	}
	if err := add(ana, 101); err == nil {
		t.Fatal("two writes in the second after the burst")
	}
	as, _ := e.svc.Actions(e.ctx, maria, meeting.ActionFilter{Owner: "ana"}, meeting.Page{})
	if len(as) != 31 {
		t.Fatalf("ana has %d actions stored, want 31 (30 + 1 a second later)", len(as))
	}
	// a hand is not a write
	if err := r.RaiseHand(e.ctx, ana, true); err != nil {
		t.Fatalf("raising a hand: %v", err)
	}
}

// The QBR's systemic issues and a review's pipeline are records and edits
// like any other: one person editing a systemic issue as fast as a script
// can is stopped after the burst (each edit is a store write and a redraw
// of every screen in the room). Before: unpaced, 1,000 edits in a row all
// saved.
func TestPipelineEditsArePaced(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(60, 30)
	if _, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana"); err != nil {
		t.Fatal(err)
	}
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "qbr"), SeriesID: weeklySeries(t, e, "qbr").ID})
	join(t, r, maria, ana, tom)
	y, err := r.AddSystemic(e.ctx, ana, meeting.SystemicInput{Issue: "Handoffs lose context"})
	if err != nil {
		t.Fatal(err)
	}
	saved := 1
	for i := range 100 {
		if _, err = r.EditSystemic(e.ctx, ana, y.ID, meeting.SystemicInput{Issue: "Handoffs lose context", RootCause: fmt.Sprintf("cause %d", i)}); err != nil {
			break
		}
		saved++
	}
	if meeting.ErrorCode(err) != meeting.ECONFLICT || !strings.Contains(meeting.ErrorMessage(err), "at most 60 a minute") {
		t.Fatalf("after %d writes: %v", saved, err)
	}
	if saved != 30 {
		t.Fatalf("ana saved %d systemic writes in a burst, want 30", saved)
	}
	if _, err := r.AddSystemic(e.ctx, ana, meeting.SystemicInput{Issue: "Another"}); meeting.ErrorCode(err) != meeting.ECONFLICT {
		t.Fatalf("a new systemic issue past the burst: %v", err)
	}
	if _, err := r.AddSystemic(e.ctx, tom, meeting.SystemicInput{Issue: "Tom's"}); err != nil {
		t.Fatalf("tom is slowed by ana: %v", err)
	}
}

// A raised hand and "typing…" are not writes, but each one redraws every
// screen in the room: one member toggling a hand (or opening and closing a
// form) as fast as a key repeats made a 500-person town hall redraw 30
// times a second. They are paced on their own budget (DefaultSignalsPerMinute
// after DefaultSignalBurst), apart from the writes; lowering a hand and
// closing a form are never refused (nothing could be left up). Before: 1,000
// raises in a row all published.
func TestHandsAndTypingArePaced(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(60, 30)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana, tom)
	hand := func(h string) (up, typing bool) {
		for _, p := range r.Snapshot().People {
			if p.Handle == h {
				return p.Hand, p.Typing
			}
		}
		t.Fatalf("%s is not in the room", h)
		return
	}
	v := r.Snapshot().Version
	var refused error
	raised := 0
	for range 1000 {
		if err := r.RaiseHand(e.ctx, ana, true); err != nil {
			refused = err
			break
		}
		raised++
		if err := r.RaiseHand(e.ctx, ana, false); err != nil {
			t.Fatalf("lowering a hand: %v", err)
		}
	}
	if raised != meeting.DefaultSignalBurst {
		t.Fatalf("%d raises in a row published, want the burst of %d", raised, meeting.DefaultSignalBurst)
	}
	// the wait comes first: a narrow screen cuts the end of the line
	if meeting.ErrorCode(refused) != meeting.ECONFLICT || !strings.Contains(meeting.ErrorMessage(refused), "hand") ||
		!strings.HasPrefix(meeting.ErrorMessage(refused), "wait 1 s and try again") {
		t.Fatalf("past the burst: %v", refused)
	}
	if got := r.Snapshot().Version - v; got != uint64(2*raised) {
		t.Fatalf("%d changes published for %d raises and lowers", got, 2*raised)
	}
	if up, _ := hand("ana"); up {
		t.Fatal("ana's refused raise left her hand up")
	}
	// her writes have their own budget, and so has "typing…": forms opened
	// do not use up her hand, nor raised hands her forms
	if _, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Call back", Owner: "ana", Due: "fri"}); err != nil {
		t.Fatalf("a write after the signals ran out: %v", err)
	}
	shown := 0
	for range 1000 {
		v = r.Snapshot().Version
		if err := r.SetTyping(e.ctx, ana, true); err != nil {
			t.Fatalf("typing is a signal the room ignores, not an error: %v", err)
		}
		if _, typing := hand("ana"); !typing {
			if r.Snapshot().Version != v {
				t.Fatal("a refused typing… published a change")
			}
			break
		}
		shown++
		if err := r.SetTyping(e.ctx, ana, false); err != nil {
			t.Fatal(err)
		}
	}
	if shown != meeting.DefaultSignalBurst {
		t.Fatalf("typing… shown %d times in a row after her hand's budget ran out, want its own burst of %d", shown, meeting.DefaultSignalBurst)
	}
	// tom is not slowed by ana
	if err := r.RaiseHand(e.ctx, tom, true); err != nil {
		t.Fatalf("tom is slowed by ana: %v", err)
	}
	if err := r.SetTyping(e.ctx, tom, true); err != nil {
		t.Fatal(err)
	}
	if _, typing := hand("tom"); !typing {
		t.Fatal("tom's typing… was refused")
	}
	// the budget refills with the meeting clock
	e.clock.Advance(time.Minute / meeting.DefaultSignalsPerMinute)
	if err := r.RaiseHand(e.ctx, ana, true); err != nil {
		t.Fatalf("a raise after the refill: %v", err)
	}
	if err := r.RaiseHand(e.ctx, ana, false); err != nil {
		t.Fatal(err)
	}
	if err := r.RaiseHand(e.ctx, ana, true); err == nil {
		t.Fatal("two raises in the interval after the burst")
	}
	// a typing… that did show always goes away
	if err := r.SetTyping(e.ctx, tom, false); err != nil {
		t.Fatal(err)
	}
	if _, typing := hand("tom"); typing {
		t.Fatal("closing tom's form left typing…")
	}
}

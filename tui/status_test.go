package tui

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// Issue 11.12: a notice goes once the room moved on ("✓ ana is facilitating
// now" after facilitation came back), and a form's error goes once what it
// was about is fixed.
func TestStatusLinesDoNotGoStale(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	maria := w.session("maria", 120, 34)
	maria.keys("enter")
	ana := w.session("ana", 120, 34)
	ana.keys("enter")
	maria.keys("f")
	maria.typeText("ana")
	maria.keys("enter")
	maria.expect("Ana Silva is now facilitating")
	ana.expect("facilitator: Ana Silva")
	ana.keys("f")
	ana.typeText("maria")
	ana.keys("enter")
	ana.expect("Maria Lopez is now facilitating")
	out := maria.expect("Maria Lopez is now facilitating")
	maria.refuse("ana is facilitating now")
	_ = out

	// a form's error is about what was typed: fixed, it goes
	maria.keys("a")
	maria.typeText("Call Acme")
	maria.keys("tab")
	maria.typeText("tom")
	maria.keys("tab")
	maria.typeText("someday")
	maria.keys("enter")
	maria.expect(`Due date "someday" is not a date`)
	for range len("someday") {
		maria.keys("backspace")
	}
	maria.refuse(`Due date "someday" is not a date`)
	maria.typeText("fri")
	maria.keys("enter")
	maria.expect("✓ saved A1: Call Acme (tom, due 2026-11-27)")

	// a notice belongs to its segment: when the room moves on, it goes
	ana.keys("i")
	ana.typeText("Refunds take weeks")
	ana.keys("ctrl+s")
	ana.expect("✓ raised I1")
	maria.keys("n")
	ana.expect("Segment 2/4")
	ana.refuse("✓ raised I1")
}

package tui

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// Issue 11.6: a member whose session ends mid-form (a dropped connection)
// finds the half-typed record and the raised hand as they left them when
// they come back to the room.
func TestDraftAndHandSurviveADroppedSession(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 120, 34)
	ana.keys("enter", "h")
	ana.expect("Ana Silva ✋")
	ana.keys("a")
	ana.typeText("Call Acme about the outage")
	ana.keys("tab")
	ana.typeText("tom")
	ana.expect("Tom Reed (@tom)")
	ana.cancel() // the connection drops: no quit, no esc
	waitUntil(t, wait, "ana has left", func() bool { return !r.Snapshot().Present("ana") })

	back := w.session("ana", 120, 34)
	back.keys("enter")
	out := back.expect("New action", "Call Acme about the outage", "your draft is back, as you left it", "Ana Silva ✋ typing…")
	_ = out
	back.expect("› Owner") // the field they were in
	back.keys("tab")
	back.typeText("fri")
	back.keys("enter")
	back.expect("✓ saved A1: Call Acme about the outage (tom, due 2026-11-27)")
	// submitted: nothing comes back a second time
	back.cancel()
	waitUntil(t, wait, "ana has left again", func() bool { return !r.Snapshot().Present("ana") })
	again := w.session("ana", 120, 34)
	again.keys("enter")
	again.refuse("New action", "your draft is back")
}

// The same over SSH: the connection closes mid-form; the person reconnects.
func TestSSHDraftSurvivesADroppedConnection(t *testing.T) {
	e := newSSHEnv(t)
	fac := e.connect("maria")
	r := e.startVOC(fac)
	ben := e.connect("ben")
	e.joinRoom(ben, r, 2)
	ben.send("h")
	ben.waitFor(wait, "Ben Okafor ✋")
	ben.send("i")
	ben.waitFor(wait, "New VOC issue")
	ben.send("Refunds take three weeks")
	ben.waitFor(wait, "Issue  Refunds take three weeks")
	ben.send(keyTab, "billing")
	ben.waitFor(wait, "Theme  billing")
	ben.conn.Close()
	waitUntil(t, wait, "ben has left", func() bool { return !r.Snapshot().Present("ben") })

	ben = e.connect("ben")
	e.joinRoom(ben, r, 2)
	ben.waitFor(wait, "New VOC issue", "Issue  Refunds take three weeks", "Theme  billing", "your draft is back", "Ben Okafor ✋")
	ben.send("\x13") // ctrl+s
	ben.waitFor(wait, "I1 Refunds take three weeks")
	fac.waitFor(wait, "I1 Refunds take three weeks")
}

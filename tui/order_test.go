package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// Bubble Tea runs every command on a goroutine of its own, so keys pressed
// one after the other can reach the room in any order unless the screen
// keeps them in line. runLastFirst starts the commands from the last key's to
// the first's, each on its own goroutine and given a moment to overtake the
// ones before it, then delivers their messages.
func runLastFirst(t *testing.T, s *harness, cmds ...tea.Cmd) {
	t.Helper()
	done := make([]chan tea.Msg, len(cmds))
	for i := len(cmds) - 1; i >= 0; i-- {
		if cmds[i] == nil {
			t.Fatalf("key %d made no command", i+1)
		}
		done[i] = make(chan tea.Msg, 1)
		go func() { done[i] <- runAll(cmds[i]) }()
		select {
		case msg := <-done[i]: // it did not wait for the keys pressed before it
			done[i] <- msg
		case <-time.After(20 * time.Millisecond): // it waits its turn
		}
	}
	for _, d := range done {
		s.deliver(<-d)
	}
	s.settle()
}

// runAll runs a command and, if it is a batch, every command in it, here
// and now, and returns the last message that is not a batch.
func runAll(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	msg := c()
	if b, ok := msg.(tea.BatchMsg); ok {
		var last tea.Msg
		for _, c := range b {
			if m := runAll(c); m != nil {
				last = m
			}
		}
		return last
	}
	return msg
}

// TestRoomKeysReachTheRoomInTheOrderPressed: on the walk at the second of two
// actions, → → ← typed in one go (before the screen shows the first move)
// end at the second action: past the end, back one. Started last first they
// used to end at the end (← to the first, → →).
func TestRoomKeysReachTheRoomInTheOrderPressed(t *testing.T) {
	w := newWorld(t)
	s, r, _ := vocMeeting(t, w)
	s.keys("n", "n")
	s.expect("Segment 3/4", "Prior actions — 0 of 2 walked")
	s.keys("right")
	s.expect("A2 Call Acme about the outage")
	if got := r.Snapshot().Meeting.Walk; got != 1 {
		t.Fatalf("→ moved the walk to %d, want 1", got)
	}
	var cmds []tea.Cmd
	for _, k := range []string{"right", "right", "left"} {
		_, c := s.m.Update(keyMsg(k))
		cmds = append(cmds, c)
	}
	runLastFirst(t, s, cmds...)
	if got := r.Snapshot().Meeting.Walk; got != 1 {
		t.Fatalf("after → → ← from the second action the walk is at %d, want 1", got)
	}
}

// TestTypingEndsWhenTheFormClosesFastAfterOpening: a form opened and closed
// at once (a then esc in one read) leaves nobody "typing…", whichever of the
// two commands Bubble Tea starts first.
func TestTypingEndsWhenTheFormClosesFastAfterOpening(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 120, 34)
	ana.keys("enter")
	waitUntil(t, wait, "ana is in the room", func() bool { return r.Snapshot().Present("ana") })
	_, open := ana.m.Update(keyMsg("a"))
	_, esc := ana.m.Update(keyMsg("esc"))
	runLastFirst(t, ana, open, esc)
	for _, p := range r.Snapshot().People {
		if p.Handle == "ana" && p.Typing {
			t.Fatal("ana closed the form but the room still shows her typing…")
		}
	}
}

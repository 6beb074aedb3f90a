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
// ones before it, then delivers their messages. A key may make no command
// of its own (one waiting already does its work).
func runLastFirst(t *testing.T, s *harness, cmds ...tea.Cmd) {
	t.Helper()
	done := make([]chan tea.Msg, len(cmds))
	for i := len(cmds) - 1; i >= 0; i-- {
		done[i] = make(chan tea.Msg, 1)
		if cmds[i] == nil { // taken up by a command made before (setTyping)
			done[i] <- nil
			continue
		}
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

// anaInARoom starts a VOC triage and brings ana's session into it.
func anaInARoom(t *testing.T) (*meeting.Room, *harness) {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 120, 34)
	ana.keys("enter")
	waitUntil(t, wait, "ana is in the room", func() bool { return r.Snapshot().Present("ana") })
	return r, ana
}

// TestTypingEndsWhenTheFormClosesFastAfterOpening: a form opened and closed
// at once (a then esc in one read) leaves nobody "typing…", whichever of the
// two commands Bubble Tea starts first.
func TestTypingEndsWhenTheFormClosesFastAfterOpening(t *testing.T) {
	r, ana := anaInARoom(t)
	_, open := ana.m.Update(keyMsg("a"))
	_, esc := ana.m.Update(keyMsg("esc"))
	runLastFirst(t, ana, open, esc)
	for _, p := range r.Snapshot().People {
		if p.Handle == "ana" && p.Typing {
			t.Fatal("ana closed the form but the room still shows her typing…")
		}
	}
}

// TestHandKeyPressedInOneGoTogglesEachTime: h h typed before the screen
// shows the first raise leave the hand down, h h h up (the key used to ask
// the room for the opposite of the hand the screen last showed: every press
// of a burst asked to raise it, and 80 presses in one read never met the
// hands' budget).
func TestHandKeyPressedInOneGoTogglesEachTime(t *testing.T) {
	r, ana := anaInARoom(t)
	ana.screen()
	hand := func() bool {
		for _, p := range r.Snapshot().People {
			if p.Handle == "ana" {
				return p.Hand
			}
		}
		t.Fatal("ana is not in the room")
		return false
	}
	for presses, up := range map[int]bool{2: false, 3: true} {
		if hand() {
			ana.keys("h")
			waitUntil(t, wait, "ana's hand is down", func() bool { return !hand() })
			ana.screen()
		}
		var cmds []tea.Cmd
		for range presses {
			_, c := ana.m.Update(keyMsg("h"))
			cmds = append(cmds, c)
		}
		for _, c := range cmds { // in the order pressed
			ana.deliver(runAll(c))
		}
		ana.settle()
		if hand() != up {
			t.Fatalf("h pressed %d times in one go: hand up %v, want %v", presses, hand(), up)
		}
	}
}

// TestAMemberSeesTheHandKeyOnTheHelpLine: a member's help line offers h
// (in a town hall the hand is how anyone asks to speak; it was only in the
// full help behind ?). The facilitator's own keys come before it.
func TestAMemberSeesTheHandKeyOnTheHelpLine(t *testing.T) {
	_, ana := anaInARoom(t)
	ana.expect("h raise hand")
}

// TestARefusalToGoFasterGoesWhenTheWaitIsOver: "wait 1 s and try again"
// stood on the event line until the next key, hiding what happened in the
// room meanwhile (found driving OpenSSH clients in tmux: a hand raised by
// someone else was never seen). It goes once the wait is over.
func TestARefusalToGoFasterGoesWhenTheWaitIsOver(t *testing.T) {
	r, ana := anaInARoom(t)
	ana.w.hub.SetPace(600, 1) // a raise every 100 ms after the first
	ana.keys("h", "h", "h")   // up, down (never refused), up: refused
	ana.expect("Wait a second and try again")
	leave, err := r.Join(context.Background(), actor("maria"))
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	if err := r.RaiseHand(context.Background(), actor("maria"), true); err != nil {
		t.Fatal(err)
	}
	ana.expect("Maria Lopez raised their hand")
	ana.refuse("Wait a second")
}

// TestTheHelpLineSaysWhetherYourHandIsUp: in a town hall your own name is
// often among those counted ("+37 more (2 ✋)"), so nothing on the screen
// said whether your hand was up. The h key says what it will do.
func TestTheHelpLineSaysWhetherYourHandIsUp(t *testing.T) {
	r, ana := anaInARoom(t)
	ana.expect("h raise hand")
	ana.keys("h")
	waitUntil(t, wait, "ana's hand is up", func() bool {
		for _, p := range r.Snapshot().People {
			if p.Handle == "ana" {
				return p.Hand
			}
		}
		return false
	})
	ana.expect("h lower hand ✋")
	ana.keys("h")
	ana.expect("h raise hand")
}

// TestAPasteOfKeysQueuesABoundedLineOfCommands (attack): the screen's
// commands wait in line, each on a goroutine of its own; 200,000 h pasted
// into the room at once held 45,000 goroutines and 285 MB in the server
// before the line drained (found pasting into a real OpenSSH client). The
// line holds at most maxInLine commands; a key past it is refused on the
// screen, and forms opened and closed past it set one "typing…" to what it
// should be at last.
func TestAPasteOfKeysQueuesABoundedLineOfCommands(t *testing.T) {
	r, ana := anaInARoom(t)
	sc := ana.m.top().(*roomScreen)
	var cmds []tea.Cmd
	for range 1000 {
		_, c := ana.m.Update(keyMsg("h"))
		if c != nil {
			cmds = append(cmds, c)
		}
	}
	if got := sc.line.pending.Load(); got > maxInLine {
		t.Fatalf("1,000 h in one go queued %d room commands, want at most %d", got, maxInLine)
	}
	ana.expect("faster than the room can take them")
	for range 500 { // forms opened and closed, as fast
		_, c := ana.m.Update(keyMsg("a"))
		cmds = append(cmds, c)
		_, c = ana.m.Update(keyMsg("esc"))
		cmds = append(cmds, c)
	}
	if got := sc.line.pending.Load(); got > maxInLine+1 {
		t.Fatalf("500 forms opened and closed queued %d room commands, want at most %d", got, maxInLine+1)
	}
	for _, c := range cmds {
		ana.deliver(runAll(c))
	}
	ana.settle()
	for _, p := range r.Snapshot().People {
		if p.Handle == "ana" && p.Typing {
			t.Fatal("the last form was closed, yet the room shows ana typing…")
		}
	}
}

// TestRefusalsToGoFasterShareOneTick (attack): each refusal to go faster
// waited for its wait's end on a tick of its own, a goroutine each: the
// same paste of 200,000 h held 11,800 of them. One tick at a time waits
// for the latest refusal's end.
func TestRefusalsToGoFasterShareOneTick(t *testing.T) {
	var w slowed
	w.until = time.Now().Add(time.Second)
	if w.tick() == nil {
		t.Fatal("the first refusal waits for no tick")
	}
	for range 1000 {
		w.until = time.Now().Add(time.Second)
		if w.tick() != nil {
			t.Fatal("a refusal while a tick waits started another")
		}
	}
	w.ticking = false // the tick came: the latest wait is not over
	if w.tick() == nil {
		t.Fatal("the tick came before the latest wait was over, and nothing waits for it")
	}
}

package tui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

// TestWalkKeysWhileTheRoomChanges (issue 10.7): the walk's ←/→ run as
// commands off the UI goroutine while the room's changes replace the
// screen's snapshot; under -race, a command reading the screen's state
// would be reported. Each press moves the walk by one from where the room
// stands, so after every → and ← the walk is back where it started.
func TestWalkKeysWhileTheRoomChanges(t *testing.T) {
	w := newWorld(t)
	w.hub.SetPace(-1, 0) // ana's 40 adds are a script's pace: this test is about the walk
	s, r, _ := vocMeeting(t, w)
	s.keys("n", "n")
	s.expect("Segment 3/4", "Prior actions — 0 of 2 walked")
	ctx := context.Background()
	leave, err := r.Join(ctx, actor("ana"))
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // someone keeps adding while the facilitator walks
		defer wg.Done()
		for i := range 40 {
			if _, err := r.AddAction(ctx, actor("ana"), meeting.ActionInput{Text: fmt.Sprintf("Follow up %d", i), Owner: "ana", Due: "fri"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	// each press waits until the screen shows the walk moved, as a person
	// would: ← is off while the screen shows the first action, and on a
	// loaded machine → can take longer than the harness's quick step
	sc := s.m.top().(*roomScreen)
	at := func(want int) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for s.screen(); sc.snap.Meeting.Walk != want; s.screen() {
			select {
			case msg := <-s.pending:
				s.deliver(msg)
			case <-deadline:
				t.Fatalf("the screen shows the walk at %d, want %d", sc.snap.Meeting.Walk, want)
			}
		}
	}
	for range 20 {
		s.keys("right")
		at(1)
		s.keys("left")
		at(0)
	}
	wg.Wait()
	s.screen()
	if got := r.Snapshot().Meeting.Walk; got != 0 {
		t.Fatalf("after 20 × (→ ←) the walk is at %d, want 0", got)
	}
	for range 5 {
		s.keys("right")
	}
	if got := r.Snapshot().Meeting.Walk; got != 2 {
		t.Fatalf("→ past the end: the walk is at %d, want 2 (after the last of 2 actions)", got)
	}
}

package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"

	"github.com/charmbracelet/x/ansi"
)

// TestHonestClock drives a timer with an injected clock through the cases
// issue 11.8 found: one rounding rule for every figure, and "over time"
// whenever the meeting will end late.
func TestHonestClock(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	voc := []time.Duration{15 * time.Minute, 20 * time.Minute, 15 * time.Minute, 10 * time.Minute}
	guide := []time.Duration{5 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	st := NewStyles(true)
	type step struct {
		plan  []time.Duration
		moves []time.Duration // time spent in each segment before moving on; the last entry is spent in the current one
		want  []string
		not   []string
	}
	for name, c := range map[string]step{
		// Skipping through the first three segments in a minute, then 12 min in
		// the last (10 min) one: the agenda is done, nothing is "left".
		"last segment over, early overall": {plan: voc, moves: []time.Duration{20 * time.Second, 20 * time.Second, 20 * time.Second, 12 * time.Minute},
			want: []string{"2 min over", "Meeting: 0 of 60 min left", "past the agenda by 2 min, 47 min before the planned end"},
			not:  []string{"on time", "47 of 60"}},
		// Every segment on its timebox, then the last 2 min over: late.
		"last segment over, late": {plan: voc, moves: []time.Duration{15 * time.Minute, 20 * time.Minute, 15 * time.Minute, 12 * time.Minute},
			want: []string{"2 min past its 60", "over time"}, not: []string{"on time"}},
		// The last segment 90 s over after on-time segments: one rounding rule.
		"last segment 90 s over": {plan: voc, moves: []time.Duration{15 * time.Minute, 20 * time.Minute, 15 * time.Minute, 10*time.Minute + 30*time.Second},
			want: []string{"1 min over", "1 min past its 60 · over time"}, not: []string{"on time"}},
		// GUIDE: 62 s over in the first step; every figure says 2 min.
		"guide 62 s over": {plan: guide, moves: []time.Duration{5*time.Minute + 62*time.Second},
			want: []string{"2 min over", "over time: later segments must give up 2 min"}, not: []string{"1 min over", "· on time"}},
		"on time": {plan: voc, moves: []time.Duration{10 * time.Minute},
			want: []string{"5 min left", "Meeting: 50 of 60 min left · on time"}},
	} {
		t.Run(name, func(t *testing.T) {
			tm := meeting.NewTimer(c.plan)
			now := t0
			if err := tm.Start(now); err != nil {
				t.Fatal(err)
			}
			for i, d := range c.moves {
				now = now.Add(d)
				if i < len(c.moves)-1 {
					if err := tm.Next(now); err != nil {
						t.Fatal(err)
					}
				}
			}
			m := &meeting.Meeting{Timer: tm}
			out, _ := clockLines(&st, m, now, 120)
			out = ansi.Strip(out)
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("clock shows %q, want %q in it", out, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(out, w) {
					t.Errorf("clock shows %q, must not say %q", out, w)
				}
			}
		})
	}
}

// The lobby and the room say the same about the time left (issue 11.8):
// the lobby counts what the agenda still needs, as the room's clock does.
func TestLobbyAndRoomAgreeOnTheTimeLeft(t *testing.T) {
	w := newWorld(t)
	r, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * time.Minute)
	if err := r.Next(context.Background(), actor("maria")); err != nil { // 10 min saved in the first segment
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	room := w.session("maria", 120, 36)
	room.keys("enter")
	room.expect("Meeting: 44 of 60 min left")
	lobby := w.session("ana", 120, 36)
	lobby.expect("segment 2/4 · 44 min left")
}

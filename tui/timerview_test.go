package tui

import (
	"context"
	"strings"
	"testing"
	"time"
	"unsafe"

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
			want: []string{"5 min left", "Meeting: 50 of 60 min left · on time"}, not: []string{"early"}},
		// A segment closed 10 min early: what the agenda still needs (44)
		// and the planned 60 disagree with the clock on the wall (54 to
		// the planned end) unless the line says why.
		"ahead of the plan": {plan: voc, moves: []time.Duration{5 * time.Minute, time.Minute},
			want: []string{"Meeting: 44 of 60 min left · on time, 10 min early"}},
		// a few seconds saved is no news
		"seconds ahead": {plan: voc, moves: []time.Duration{15*time.Minute - 20*time.Second, time.Minute},
			want: []string{"Meeting: 44 of 60 min left · on time"}, not: []string{"early"}},
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

// When the clock moves, every screen in the room draws the same two lines:
// the first session renders them, the others take them (the same string,
// not a copy drawn again). And what a session shows from either cache is
// what a fresh render shows, through a segment's warning, overrun, a
// pause and widths that change the bar's.
func TestClockLinesSharedBetweenSessions(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	st := NewStyles(true)
	tm := meeting.NewTimer([]time.Duration{3 * time.Minute, 5 * time.Minute})
	if err := tm.Start(t0); err != nil {
		t.Fatal(err)
	}
	m := &meeting.Meeting{Timer: tm}
	shared := &NewRenderCache().clocks
	sessions := make([]clockCache, 3)
	check := func(now time.Time, w int) {
		t.Helper()
		want, wantBar := clockLines(&st, m, now, w)
		var first string
		for i := range sessions {
			got, bar := sessions[i].lines(&st, m, now, w, shared)
			if got != want || bar != wantBar {
				t.Fatalf("at %s, width %d, session %d shows\n%q (bar %d), a fresh render\n%q (bar %d)", now.Sub(t0), w, i, got, bar, want, wantBar)
			}
			if i == 0 {
				first = got
			} else if unsafe.StringData(got) != unsafe.StringData(first) {
				t.Fatalf("at %s, width %d: session %d rendered the clock lines again instead of taking session 0's", now.Sub(t0), w, i)
			}
		}
	}
	now := t0
	for _, w := range []int{120, 120, 80, 200, 120} {
		check(now, w) // each session's first frame at w
		for range 40 {
			now = now.Add(7 * time.Second) // through the warning and past the end
			check(now, w)
		}
	}
	if err := tm.Pause(now); err != nil {
		t.Fatal(err)
	}
	check(now, 120)
	check(now.Add(time.Minute), 120)
}

// The bars' widths start again on their own (a bound): a session that then
// draws lines already kept gives the width back, so the next session's
// first frame takes the kept lines instead of drawing them a third time.
func TestClockBarWidthKeptAgain(t *testing.T) {
	t0, st, m, shared := startedClock(t, 15*time.Minute)
	var a, b, c clockCache
	first, _ := a.lines(&st, m, t0, 120, shared)
	shared.mu.Lock()
	shared.bars, shared.barsB = nil, 0 // as when the widths start again
	shared.mu.Unlock()
	_, _ = b.lines(&st, m, t0, 120, shared) // draws: the width is unknown
	got, _ := c.lines(&st, m, t0, 120, shared)
	if unsafe.StringData(got) != unsafe.StringData(first) {
		t.Fatal("a session's first frame drew the clock lines again: the bar's width was not kept again")
	}
}

// A session whose clock did not move since its last frame takes its own
// lines without the shared lock (every session draws on every room change;
// hundreds of them contending for one lock to learn nothing changed made
// the fan-out's tail later).
func TestClockLinesUnchangedTakeNoLock(t *testing.T) {
	t0, st, m, shared := startedClock(t, 15*time.Minute)
	var c clockCache
	first, _ := c.lines(&st, m, t0.Add(10*time.Second), 120, shared)
	shared.mu.Lock()
	shared.lines.mu.Lock()
	done := make(chan string)
	go func() {
		out, _ := c.lines(&st, m, t0.Add(11*time.Second), 120, shared) // nothing it shows moved
		done <- out
	}()
	select {
	case got := <-done:
		if got != first {
			t.Errorf("the clock lines changed while nothing they show moved:\n%q\n%q", first, got)
		}
		shared.lines.mu.Unlock()
		shared.mu.Unlock()
	case <-time.After(5 * time.Second):
		t.Error("a session's unchanged clock waited for the shared lock")
		shared.lines.mu.Unlock()
		shared.mu.Unlock()
		<-done
	}
}

// startedClock is a meeting of one segment of d started at t0, a dark
// palette and an empty shared clock cache.
func startedClock(t *testing.T, d time.Duration) (time.Time, Styles, *meeting.Meeting, *clockShare) {
	t.Helper()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tm := meeting.NewTimer([]time.Duration{d})
	if err := tm.Start(t0); err != nil {
		t.Fatal(err)
	}
	return t0, NewStyles(true), &meeting.Meeting{Timer: tm}, &NewRenderCache().clocks
}

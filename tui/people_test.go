package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// A town hall's people line (issue 16): with more people than fit, whole
// names stop and the rest are counted, with the hands up among them; a
// hand raised by the last to arrive is among the names shown, first.
// Before, the line was cut mid-name and its "+N more" cut off with it, and
// a hand raised past the first few names was seen by nobody. Someone
// typing among those not named changes nothing on it: in a room of
// hundreds that would redraw every screen every few seconds.
func TestFullRoomPeopleLineShowsHandsAndCountsTheRest(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	must(t, err)
	_, err = r.Join(ctx, actor("maria"))
	must(t, err)
	const n = 40
	people := joinPeople(t, r, n)
	must(t, r.RaiseHand(ctx, people[n-1], true)) // the last to arrive
	w.clock.Advance(time.Second)
	must(t, r.SetTyping(ctx, people[n-2], true))
	must(t, r.SetTyping(ctx, people[n-3], true))
	must(t, r.RaiseHand(ctx, people[n-3], true))

	s := w.session("ana", 120, 36)
	sc := newRoomScreen(s.d, s.m.st, r)
	sc.snap = r.Snapshot()
	for _, width := range []int{60, 80, 120, 200} {
		line := ansi.Strip(sc.peopleLine(width))
		if ansi.StringWidth(line) > width {
			t.Errorf("%d columns: the line is %d wide: %q", width, ansi.StringWidth(line), line)
		}
		if strings.Contains(line, "…") && !strings.Contains(line, "typing…") {
			t.Errorf("%d columns: a name is cut: %q", width, line)
		}
		names := strings.Split(strings.TrimPrefix(line, "Here (41): "), " · ")
		names, rest := names[:len(names)-1], names[len(names)-1]
		queue := []string{"Person 39 ✋", "Person 37 ✋ typing…"}
		if len(names) == 0 || !slices.Equal(names[:min(len(names), 2)], queue[:min(len(names), 2)]) {
			t.Errorf("%d columns: the raised hands are not first, in the order raised: %q", width, line)
		}
		// whoever is not named is counted, with the hands among them
		want := fmt.Sprintf("+%d more", 41-len(names))
		if len(names) < 2 {
			want += " (1 ✋)"
		}
		if rest != want {
			t.Errorf("%d columns: the line ends %q, want %q: %q", width, rest, want, line)
		}
		// the room is told how many are named: typing… of the rest wakes nobody
		if v, named, ok := sc.sub.Drawn(); !ok || v != sc.snap.Version || named != len(names) {
			t.Errorf("%d columns: the screen says it drew version %d naming %d (%v); it drew %d naming %d", width, v, named, ok, sc.snap.Version, len(names))
		}
	}
	// a hidden typist stops typing: the line is the same
	before := sc.peopleLine(120)
	must(t, r.SetTyping(ctx, people[n-2], false))
	sc.snap = r.Snapshot()
	if after := sc.peopleLine(120); after != before {
		t.Errorf("someone not named stopped typing and the line changed:\n%q\n%q", ansi.Strip(before), ansi.Strip(after))
	}
	must(t, r.SetTyping(ctx, people[n-2], true))
	sc.snap = r.Snapshot()
	// everyone fits: no count
	if line := ansi.Strip(sc.peopleLine(2000)); strings.Contains(line, "more") || !strings.Contains(line, "Person 38 typing…") {
		t.Errorf("a line everyone fits on: %q", line)
	}
}

// countSignals is an Observer keeping how many screens the last change
// woke.
type countSignals struct{ last atomic.Int64 }

func (c *countSignals) RecordsWritten(string, int) {}
func (c *countSignals) Committed(time.Duration)    {}
func (c *countSignals) Broadcast(n int)            { c.last.Store(int64(n)) }

// End to end: two screens in a town hall. Someone they count but do not
// name starts typing: neither screen is woken (before: both were, to draw
// the same frame); someone they name does: both are, and show it.
func TestTypingOfSomeoneNotNamedWakesNoScreen(t *testing.T) {
	w := newWorld(t)
	obs := &countSignals{}
	w.hub.SetObserver(obs)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	must(t, err)
	const n = 40
	people := joinPeople(t, r, n)
	var screens []*harness
	for _, h := range []string{"ana", "tom"} {
		s := w.session(h, 80, 24)
		s.keys("enter")
		s.expect("Here (")
		screens = append(screens, s)
	}
	for _, s := range screens {
		sc := s.m.top().(*roomScreen)
		waitUntil(t, wait, "each screen has drawn the room as it is", func() bool {
			s.expect("Here (42)")
			v, _, ok := sc.sub.Drawn()
			return ok && v == r.Snapshot().Version
		})
	}
	must(t, r.SetTyping(ctx, people[n-1], true))
	if got := obs.last.Load(); got != 0 {
		t.Fatalf("typing… of the last to arrive (not named at 80 columns) woke %d screens", got)
	}
	first := r.Snapshot().People[0]
	must(t, r.SetTyping(ctx, meeting.Actor{Handle: first.Handle, Name: first.Name, Role: first.Role}, true))
	if got := obs.last.Load(); got != 2 {
		t.Fatalf("typing… of the first named woke %d screens, want both", got)
	}
	for _, s := range screens {
		s.expect(first.Name + " typing…")
	}
}

// TestAWiderScreenShowsTheTypingItWasPassedBy (review of the change above):
// a screen passed by for "typing…" of someone it counted still holds the
// snapshot before it; widened, it names them, and must draw them as they
// are now, typing or not, not as that older snapshot had them.
func TestAWiderScreenShowsTheTypingItWasPassedBy(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprint("typing=", on), func(t *testing.T) {
			w := newWorld(t)
			ctx := context.Background()
			r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
			if err != nil {
				t.Fatal(err)
			}
			const n = 12
			people := joinPeople(t, r, n)
			last := people[n-1]
			if !on {
				if err := r.SetTyping(ctx, last, true); err != nil {
					t.Fatal(err)
				}
			}
			s := w.session("ana", 80, 24)
			s.keys("enter")
			s.expect("Here (13)")
			sc := s.m.top().(*roomScreen)
			waitUntil(t, wait, "the screen drew the room as it is", func() bool {
				s.screen()
				v, named, ok := sc.sub.Drawn()
				return ok && v == r.Snapshot().Version && named < n
			})
			if err := r.SetTyping(ctx, last, on); err != nil { // not named at 80 columns: passed by
				t.Fatal(err)
			}
			s.send(tea.WindowSizeMsg{Width: 300, Height: 24})
			if on {
				s.expect("Person 11 typing…")
			} else {
				s.expect("Person 11")
				s.refuse("Person 11 typing…")
			}
		})
	}
}

// joinPeople brings n members, "Person 0" (p000) on, into r, one after
// another.
func joinPeople(t *testing.T, r *meeting.Room, n int) []meeting.Actor {
	t.Helper()
	people := make([]meeting.Actor, n)
	for i := range people {
		people[i] = meeting.Actor{Handle: fmt.Sprintf("p%03d", i), Name: fmt.Sprintf("Person %d", i), Role: meeting.RoleMember}
		_, err := r.Join(context.Background(), people[i])
		must(t, err)
	}
	return people
}

package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// At a narrow window the help line keeps "? help" (which shows every key)
// and says more keys are left out with "…", instead of a line cut in the
// middle of the list, ending in a separator, with "? help" past the edge
// (issue 16's tmux check at 60×16: "… n next segment •"). A wide window
// shows the whole line, as before.
func TestHelpLineFitsItsWidth(t *testing.T) {
	w := newWorld(t)
	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	lastLine := func(s *harness) string {
		lines := strings.Split(ansi.Strip(s.screen()), "\n")
		return strings.TrimRight(lines[len(lines)-1], " ")
	}
	s := w.session("maria", 60, 16)
	s.expect("IN PROGRESS")
	where := "the lobby"
	check := func(width int) {
		t.Helper()
		s.send(tea.WindowSizeMsg{Width: width, Height: 16})
		l := lastLine(s)
		if !strings.Contains(l, "? help") {
			t.Errorf("%s at %d columns: the help line %q leaves out \"? help\"", where, width, l)
		}
		if strings.HasSuffix(l, "•") {
			t.Errorf("%s at %d columns: the help line %q ends in a separator", where, width, l)
		}
		if ansi.StringWidth(l) > width {
			t.Errorf("%s at %d columns: the help line is %d wide", where, width, ansi.StringWidth(l))
		}
	}
	for _, width := range []int{60, 64, 71, 80} {
		check(width)
	}
	s.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	s.keys("enter")
	s.expect("Segment 1/4")
	where = "the room"
	for _, width := range []int{60, 64, 71, 80, 200} {
		check(width)
	}
	s.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	if l := lastLine(s); strings.Contains(l, "…") || !strings.HasSuffix(l, "? help") {
		t.Errorf("the room at 200 columns: the help line %q is cut or reordered; it fits whole", l)
	}
}

package tui

import (
	"context"
	"fmt"
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

// At 80×24 the room's prompt takes the lines the records leave empty:
// a VOC triage's first segment showed two of its four questions above
// eight empty lines (the tmux check of issue 16). The records keep their
// lines, and a long list still gets the body below a third for the prompt.
func TestNarrowPromptTakesTheRecordsSpareLines(t *testing.T) {
	w := newWorld(t)
	r, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	s := w.session("ana", 80, 24)
	s.expect("IN PROGRESS")
	s.keys("enter")
	s.expect("Segment 1/4", "No issues yet", "Here (1)", "? help")
	out := s.expect("Rank the list", "Principles")
	if got := strings.Count(out, "\n") + 1; got != 24 {
		t.Fatalf("the screen has %d lines, want 24", got)
	}
	// a long list: the records keep the body below the prompt's third
	leave, err := r.Join(context.Background(), actor("maria"))
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	for i := range 14 {
		if _, err := r.AddIssue(context.Background(), actor("maria"), meeting.IssueInput{Title: fmt.Sprintf("Issue number %d about checkout", i)}); err != nil {
			t.Fatal(err)
		}
	}
	out = s.expect("Issue number 13 about checkout", "I11 Issue number 10")
	if strings.Contains(out, "Rank the list") {
		t.Fatalf("with 14 issues the prompt still took the records' lines:\n%s", out)
	}
}

// At 100 columns the records column is 58 wide: the meeting's counts show
// whole ("0 stories"), without "this meeting:" before them, instead of
// "… 0 stori…" (the tmux check of issue 16). Where the line fits, it
// keeps its words.
func TestTallyFitsTheRecordsColumn(t *testing.T) {
	w := newWorld(t)
	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("ana", 100, 30)
	s.expect("IN PROGRESS")
	s.keys("enter")
	out := s.expect("Segment 1/4", "0 actions · 0 decisions · 0 issues · 0 stories")
	if strings.Contains(out, "stori…") {
		t.Fatalf("the counts are cut:\n%s", out)
	}
	s.send(tea.WindowSizeMsg{Width: 140, Height: 30})
	s.expect("this meeting: 0 actions · 0 decisions · 0 issues · 0 stories")
}

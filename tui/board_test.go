package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// The board report in the terminal: the same figures as the report, each
// metric with a sparkline of its quarters, the escalations, the insights,
// the strategic actions with the go/no-go point that is due, the at-risk
// accounts; [ moves to the prior quarter; b opens it from the lobby.
func TestBoardScreen(t *testing.T) {
	s := newDemoTUI(t, "jo") // the board's sponsor, an observer: reads it
	s.send(tea.WindowSizeMsg{Width: 120, Height: 60})
	s.open(newBoardScreen(s.d, s.m.st))
	requireGolden(t, "board", s.content())
	v, err := s.d.Svc.BoardReport(context.Background(), s.d.Actor, meeting.ScorecardQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range v.Figures {
		l := s.line(f.Metric.Name)
		for _, want := range []string{f.ValueText(), f.PriorText(), f.TargetText(), boardSpark(f), string(f.Status)} {
			if !strings.Contains(l, want) {
				t.Errorf("%s: row %q lacks %q", f.Metric.Name, l, want)
			}
		}
	}
	s.expect("EXECUTIVE RESPONSE (internal only)", v.Response.Summary()[:40], "STRATEGIC ACTIONS",
		"Onboarding automation · Dana Ortiz (COO)", "! K1 Onboarding automation: the 90 days go/no-go point", "AT-RISK ACCOUNTS (top 10)", "red Globex · $1.2M")
	s.press("[")
	s.expect("Board CX scorecard · Q3 2026")
	s.press("]")
	s.expect("Board CX scorecard · Q4 2026")
	s.press("]")
	s.expect("Q1 2027 has not begun")
}

func TestBoardSparkline(t *testing.T) {
	f := meeting.BoardFigure{Series: []meeting.BoardPoint{{Has: true, Value: 104}, {}, {Has: true, Value: 106}, {Has: true, Value: 108}, {Has: true, Value: 112}}}
	if got := boardSpark(f); got != "▁·▃▅█" {
		t.Errorf("sparkline %q", got)
	}
	if got := boardSpark(meeting.BoardFigure{Series: []meeting.BoardPoint{{Has: true, Value: 3}, {Has: true, Value: 3}}}); got != "▄▄" {
		t.Errorf("flat sparkline %q", got)
	}
}

// Guests see no board: the lobby does not offer the key, and the screen
// says why.
func TestBoardForGuests(t *testing.T) {
	s := newDemoTUI(t, "ana")
	s.d.Actor.Guest = true
	s.open(newBoardScreen(s.d, s.m.st))
	s.expect("Guests cannot see the executive layer")
}

// Tiny and huge terminals, scrolled anywhere: nothing spills past the
// window and nothing panics.
func TestBoardAtAnySize(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.send(replaceMsg{newBoardScreen(s.d, s.m.st)})
	for _, keys := range [][]string{nil, {"G"}, {"up", "up"}, {"g"}, {"["}} {
		s.press(keys...)
		for _, size := range [][2]int{{60, 16}, {61, 17}, {80, 24}, {200, 60}, {30, 10}, {100, 30}} {
			s.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(s.content(), "\n")
			if len(lines) != size[1] {
				t.Errorf("at %dx%d after %v: %d lines", size[0], size[1], keys, len(lines))
			}
			for _, l := range lines {
				if w := lipglossWidth(l); w > size[0] {
					t.Errorf("at %dx%d after %v: a line is %d wide: %q", size[0], size[1], keys, w, l)
				}
			}
		}
	}
}

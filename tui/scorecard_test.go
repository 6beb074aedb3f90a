package tui

import (
	"context"
	"strings"
	"testing"

	"cxroom/meeting"
	"cxroom/report"
)

func TestScorecardGolden(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.open(newScorecardScreen(s.d, s.m.st))
	requireGolden(t, "scorecard", s.content())
	s.press("G", "up", "up") // overdue actions: the details name the owners
	requireGolden(t, "scorecard_overdue", s.content())
}

func TestScorecardShowsEveryMetric(t *testing.T) {
	s := newDemoTUI(t, "jo")
	s.open(newScorecardScreen(s.d, s.m.st))
	// the figures jo may see: coaching sessions jo is not in are left out
	in, err := s.d.Svc.ScorecardInput(context.Background(), s.d.Actor, meeting.DateOf(demoNow))
	if err != nil {
		t.Fatal(err)
	}
	scores := meeting.Scorecard(in)
	for i, sc := range scores {
		l := s.line(sc.Name)
		for _, want := range []string{sc.Category, report.ScoreActual(sc), sc.Target, string(sc.Status)} {
			if !strings.Contains(l, want) {
				t.Errorf("%s: row %q lacks %q", sc.Name, l, want)
			}
		}
		// the selected row says how its figure was computed and what is behind it
		first := strings.Fields(sc.Explanation)
		s.expect(strings.Join(first[:4], " "))
		for _, d := range sc.Details {
			s.expect("· " + d)
		}
		if i < len(scores)-1 {
			s.press("down")
		}
	}
	s.expect("green = on track · amber = needs attention · red = at risk")
}

func TestScorecardStatusInColour(t *testing.T) {
	st := NewStyles(true)
	if got := scoreLight(&st, meeting.ScoreAmber); !strings.Contains(got, "●") || !strings.Contains(got, "amber") {
		t.Errorf("coloured status %q, want a ● and the word", got)
	}
	plain := NewPlainStyles()
	if got := scoreLight(&plain, meeting.ScoreRed); got != "red" {
		t.Errorf("plain status %q, want the word alone", got)
	}
}

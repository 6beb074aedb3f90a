package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

func TestScorecardGolden(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	s.open(newScorecardScreen(s.d, s.m.st))
	requireGolden(t, "scorecard", s.content())
	// the records behind ritual consistency: missed and late occurrences first
	s.press("enter")
	s.expect("Ritual consistency · Q4 2026", "RECORDS BEHIND THE FIGURE")
	requireGolden(t, "scorecard_drill", s.content())
	s.press("esc")
	// blocker resolution: the slowest first, escalation not counted as resolution
	for range 8 {
		s.press("down")
	}
	s.press("enter")
	s.expect("Blocker resolution · Q4 2026")
	requireGolden(t, "scorecard_drill_blockers", s.content())
}

func TestScorecardShowsEveryMetric(t *testing.T) {
	s := newDemoTUI(t, "jo")
	s.send(tea.WindowSizeMsg{Width: 140, Height: 60})
	s.open(newScorecardScreen(s.d, s.m.st))
	v, err := s.d.Svc.Scorecard(context.Background(), s.d.Actor, meeting.ScorecardQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i, sc := range append(v.Scores, v.Health...) {
		l := s.line(sc.Name)
		for _, want := range []string{sc.ActualText(), sc.TargetText(), sc.PriorText(), string(sc.Status)} {
			if !strings.Contains(l, want) {
				t.Errorf("%s: row %q lacks %q", sc.Name, l, want)
			}
		}
		if i < len(v.Scores) && !strings.Contains(l, sc.Category) {
			t.Errorf("%s: row %q lacks its category", sc.Name, l)
		}
		// the selected row says why its status is what it is
		s.expect(sc.StatusReason[:min(len(sc.StatusReason), 40)])
		s.press("down")
	}
	s.expect("Q4 ACTUAL", "Q1 TARGET", "Q3 PRIOR", "RITUAL HEALTH (activity, not outcomes)",
		"Green: on target. Amber: short of the target by at most 10%")
	// an observer is offered no key that changes the scorecard; pressing one says why
	for _, k := range []string{"e enter figure", "t set target", "o override status", "s log shadowing"} {
		if strings.Contains(s.content(), k) {
			t.Errorf("an observer is offered %q", k)
		}
	}
	s.press("e")
	s.expect("Only a facilitator can enter scorecard figures")
}

// A facilitator enters a figure, sets a target and overrides a status from
// the screen; the scorecard shows each; [ and ] move between quarters.
func TestScorecardForms(t *testing.T) {
	s := newDemoTUI(t, "tom")
	s.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	s.open(newScorecardScreen(s.d, s.m.st))
	for range 5 { // customer fluency
		s.press("down")
	}
	s.expect("› Capability  Customer fluency")
	s.press("e")
	s.expect("Q4 2026 figure: Customer fluency")
	for range 3 {
		s.press("backspace")
	}
	s.typeText("7.5")
	s.press("tab")
	s.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the source
	s.typeText("December pulse survey, n=40")
	s.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	s.expect("✓ Customer fluency 2026Q4: 7.5/10 entered (source: December pulse survey, n=40)")
	s.expect("7.5/10")

	s.press("t")
	s.expect("Target: Customer fluency")
	s.typeText("8.5")
	s.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	s.expect("✓ Customer fluency: target 8.5/10 from 2027Q1 on", "8.5/10")

	s.press("o")
	s.expect("Status of Customer fluency in Q4 2026 (the rule says")
	s.press("right", "right", "tab") // clear → green → amber
	s.typeText("the pulse survey undercounts new hires")
	s.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	s.expect("✓ Customer fluency: amber (the pulse survey undercounts new hires)", "amber*")

	// an override needs its reason: nothing is written without one
	s.press("down")
	s.press("o")
	s.press("right")
	s.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	s.expect("An overridden status needs a one-line reason")
	s.press("esc")

	s.press("s")
	s.expect("Log time you spent with customers")
	s.typeText("90m")
	s.press("tab")
	s.typeText("Initech")
	s.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	s.expect("logged: 1.5 hours with Initech on 2026-11-25")

	s.press("[")
	s.expect("CX leadership scorecard · Q3 2026", "Q3 ACTUAL", "Q4 TARGET", "Q2 PRIOR")
	s.press("]")
	s.expect("CX leadership scorecard · Q4 2026")
	s.press("]")
	s.expect("Q1 2027 has not begun")
}

// The drill-down opens the record behind a row: a meeting's minutes.
func TestScorecardDrillOpensTheRecord(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	s.open(newScorecardScreen(s.d, s.m.st))
	s.press("enter") // ritual consistency
	for range 3 {
		s.press("down")
	}
	l := s.line("› ")
	if !strings.Contains(l, " M") {
		t.Fatalf("the selected row is not a held meeting: %q", l)
	}
	s.press("enter")
	s.expect("Minutes")
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

package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

// The decision review loop: a review date comes due in the lobby and the
// decision log; the review records what happened against the expected
// impact; then the decision is no longer due and counts as reviewed on time.
func TestDecisionReviewLoop(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	d, err := w.svc.AddDecision(ctx, actor("ana"), meeting.DecisionInput{Title: "Pause the loyalty email", Decision: "Pause it",
		MadeByRole: "Billing journey owner", Major: true, Rationale: "complaints doubled", Customer: "fewer surprise renewals", ReviewDate: "+7d"})
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(8 * 24 * time.Hour)
	s := w.session("ana", 120, 30)
	s.expect("1 decision due for review (l)")
	s.keys("l")
	s.expect("Decision log", "Ana Silva / Billing journey owner", "major", "(review due)")
	// tom did not make it and is no facilitator: refused, saying why
	tom := w.session("tom", 120, 30)
	tom.keys("l", "v")
	tom.expect("Only the decision's maker or a facilitator can review it")
	s.keys("v")
	s.expect("Review "+d.ID+": Pause the loyalty email (expected: fewer surprise renewals)", "What happened")
	s.typeText("Surprise-renewal complaints fell by half")
	s.keys("tab", "right", "tab") // partly
	s.typeText("Fix reminders before pausing campaigns")
	s.keys("ctrl+s")
	s.expect("✓ "+d.ID+" reviewed (on time): expected impact partly", "(reviewed: partly)")
	got, _ := w.db.Decision(ctx, d.ID)
	if got.Review == nil || got.Review.By != "ana" || got.Review.Happened != "Surprise-renewal complaints fell by half" || got.Review.Learning == "" {
		t.Fatalf("review %+v", got.Review)
	}
	s.keys("v")
	s.expect("was reviewed on")
	s.keys("esc")
	if strings.Contains(s.screen(), "due for review") {
		t.Errorf("the lobby still shows a review due:\n%s", s.screen())
	}
	v, err := w.svc.Scorecard(ctx, actor("olga"), meeting.ScorecardQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if sc, _ := v.Score(meeting.ScoreReviewsOnTime); sc.Numerator != 1 || sc.Denominator != 1 {
		t.Errorf("reviewed on time: %d of %d", sc.Numerator, sc.Denominator)
	}
}

// In the QBR the facilitator opens the quarter's scorecard from the room and
// enters a figure there; esc goes back to the meeting.
func TestScorecardFromTheQBR(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("qbr")})
	if err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 40)
	s.keys("enter")
	if s.room() != r {
		t.Fatal("joined another room")
	}
	s.expect("c scorecard")
	s.keys("c")
	s.expect("CX leadership scorecard · Q4 2026")
	for range 12 { // customer retention
		s.keys("down")
	}
	s.expect("› Outcome     Customer retention")
	s.keys("e")
	s.typeText("+8")
	s.keys("tab")
	s.typeText("cohort analysis")
	s.keys("ctrl+s")
	s.expect("✓ Customer retention 2026Q4: +8% YoY entered (source: cohort analysis)")
	s.keys("esc")
	s.expect("Outside-in QBR")
	// a VOC triage has no scorecard key
	if strings.Contains(s.screen(), "c scorecard") && r.Snapshot().Meeting.Agenda.ID != "qbr" {
		t.Error("scorecard key outside the QBR")
	}
}

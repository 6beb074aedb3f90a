package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"cxroom/meeting"
)

// Issue 13 in the TUI: the GUIDE start screen picks a whole team, the QBR
// reviews every journey and records systemic issues, the journey review
// keeps its pipeline and targets, the promise audit measures against the
// promise.

func TestGuideStartPicksATeam(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 120, 34)
	s.startRitual(2) // GUIDE coaching conversation
	s.expect("Start: GUIDE coaching conversation", "WHO ARE YOU COACHING?", "[ ] Ana Silva", "[ ] Tom Reed", "A the whole team")
	s.refuse("@maria") // the coach does not coach themselves
	s.keys("A")
	s.expect("[x] Ana Silva", "[x] Tom Reed", "[x] Olga Ivanova", "3 picked")
	s.keys("A") // and none again
	s.refuse("[x]")
	s.keys("space", "down", "space")
	out := s.expect("[x] Ana Silva", "[x] Tom Reed", "[ ] Olga Ivanova", "2 picked")
	golden.RequireEqual(t, out)
	s.keys("enter")
	s.expect("GUIDE coaching conversation with ana and tom", "Topic")
	s.typeText("Refund friction")
	s.keys("ctrl+s")
	s.expect("GUIDE coaching conversation — Refund friction with ana and tom", "Segment 1/")

	r := s.room()
	if m := r.Snapshot().Meeting; !m.Private || strings.Join(m.Coachees, ",") != "ana,tom" {
		t.Fatalf("meeting: private %v, coachees %v", m.Private, m.Coachees)
	}
	tom := w.session("tom", 120, 34)
	tom.expect("Refund friction with ana and tom")
	tom.keys("enter")
	tom.expect("G — Goal", "“What is the customer trying to accomplish?”", "with ana and tom")
	olga := w.session("olga", 120, 34)
	olga.refuse("Refund friction")
}

// A GUIDE start screen without a team file asks who is coached by handle.
func TestGuideStartWithoutATeam(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 120, 34)
	s.d.Team = func() *meeting.Team { return nil }
	s.startRitual(2)
	s.expect("Team members", "Topic")
	s.typeText("ana, tom")
	s.keys("tab")
	s.typeText("Team coaching")
	s.keys("ctrl+s")
	s.expect("Team coaching with ana and tom", "Segment 1/")
}

func TestQBRJourneysAndSystemicIssuesInTheTUI(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, j := range []struct {
		name, owner string
		readings    []map[string]float64
	}{
		{"Onboarding", "ana", []map[string]float64{
			{"completion": 66, "effort": 3.6, "satisfaction": 74, "impact": 88, "activation": 55},
			{"completion": 72, "effort": 3.2, "satisfaction": 78, "impact": 89, "activation": 61}}},
		{"Checkout & payment", "tom", []map[string]float64{
			{"completion": 82, "effort": 2.6, "satisfaction": 83, "impact": 91},
			{"completion": 74, "effort": 3.3, "satisfaction": 76, "impact": 90}}},
		{"Billing & renewals", "", nil},
	} {
		x, err := w.svc.AddJourney(ctx, actor("maria"), j.name, j.owner)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.db.UpdateJourney(ctx, x.ID, func(x *meeting.Journey) error {
			for i, v := range j.readings {
				x.Record(meeting.Reading{Date: meeting.Date([]string{"2026-09-15", "2026-10-15"}[i]), Values: v})
			}
			return nil
		})
	}
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("qbr")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	s.keys("n") // Journey Health
	s.expect("Every critical journey", "COMPL", "Onboarding", "Checkout & payment", "⚑ worst", "Billing & renewals", "⚑ no owner",
		"SYSTEMIC ISSUES", "i systemic issue")
	s.refuse("i issue")
	s.keys("i")
	s.expect("Systemic issue: issue → root cause → owner → roadmap item")
	s.typeText("Handoffs lose the customer's context")
	s.keys("tab")
	s.typeText("three ticket systems")
	s.keys("tab")
	s.typeText("tom")
	s.keys("tab")
	s.typeText("One case record (Q2)")
	s.keys("ctrl+s")
	s.expect("identified systemic issue Y1", "Y1 Handoffs lose the customer's context", "root cause: three ticket systems")
	s.keys("i")
	s.typeText("Pricing pages contradict invoices")
	s.keys("ctrl+s")
	out := s.expect("Y2 Pricing pages contradict invoices", "⚑ needs a root cause, an owner and a roadmap item")
	golden.RequireEqual(t, out)
	if is, _ := w.db.Issues(ctx, meeting.IssueFilter{}); len(is) != 0 {
		t.Fatalf("the QBR raised %d VOC issues", len(is))
	}
	if ys, _ := w.db.Systemics(ctx, meeting.SystemicFilter{}); len(ys) != 2 || ys[0].Owner != "tom" || ys[0].Roadmap != "One case record (Q2)" {
		t.Fatalf("systemic issues stored: %+v", ys)
	}
}

// journeyReviewWorld holds a review of Onboarding (owned by ana) that
// started an initiative and proposed an experiment, then starts the next
// review a month later.
func journeyReviewWorld(t *testing.T) (*world, *meeting.Room) {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	j, err := w.svc.AddJourney(ctx, actor("maria"), "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	in := meeting.StartInput{Agenda: w.agenda("journey-review"), JourneyID: j.ID}
	last, err := w.hub.Start(ctx, actor("maria"), in)
	if err != nil {
		t.Fatal(err)
	}
	leave, _ := last.Join(ctx, actor("maria"))
	if _, err := last.AddInitiative(ctx, actor("maria"), meeting.InitiativeInput{Title: "Guided setup wizard",
		ExpectedImpact: "completion +10 pts", Needs: "two designers for a sprint", Owner: "tom"}); err != nil {
		t.Fatal(err)
	}
	if _, err := last.AddExperiment(ctx, actor("maria"), meeting.ExperimentInput{Title: "Skip the product tour", Effort: "low", Impact: "high"}); err != nil {
		t.Fatal(err)
	}
	if _, err := last.End(ctx, actor("maria")); err != nil {
		t.Fatal(err)
	}
	leave()
	w.clock.Advance(30 * 24 * time.Hour)
	r, err := w.hub.Start(ctx, actor("maria"), in)
	if err != nil {
		t.Fatal(err)
	}
	return w, r
}

func TestJourneyPipelineInTheTUI(t *testing.T) {
	w, r := journeyReviewWorld(t)
	maria, tom, ana := w.session("maria", 120, 34), w.session("tom", 120, 34), w.session("ana", 120, 34)
	for _, s := range []*harness{maria, tom, ana} {
		s.keys("enter")
	}
	maria.keys("n", "n") // Improvement Pipeline
	maria.expect("Improvement pipeline", "IN PROGRESS", "N1 Guided setup wizard  in-progress", "impact: completion +10 pts", "carried",
		"PROPOSED", "X1 Skip the product tour  undecided", "effort low · impact high", "I initiative", "x experiment")
	// tom (a member, not the journey's owner) may update, not decide
	tom.expect("IN PROGRESS")
	tom.keys("down", "enter")
	tom.expect("X1: Skip the product tour")
	tom.keys("tab", "tab", "tab") // effort, impact, decision
	tom.typeText("a")             // approved
	tom.keys("ctrl+s")
	tom.expect("Only the facilitator or ana (the journey owner) can decide")
	tom.keys("esc") // the form holds no typed text: one esc closes it
	// ana owns the journey: she decides
	ana.expect("IN PROGRESS")
	ana.keys("down", "enter", "tab", "tab", "tab")
	ana.typeText("a")
	ana.keys("tab")
	ana.typeText("cheap to try, big upside")
	ana.keys("ctrl+s")
	ana.expect("updated X1")
	maria.expect("X1 Skip the product tour  approved", "why: cheap to try, big upside")
	// the initiative moves on
	maria.keys("enter")
	maria.expect("N1: Guided setup wizard")
	maria.keys("tab")
	maria.typeText("b") // blocked
	maria.keys("tab", "tab", "tab", "tab")
	maria.typeText("waiting on the design system")
	maria.keys("ctrl+s")
	maria.expect("N1 is blocked")
	maria.keys("I")
	maria.typeText("Verification email via a second provider")
	maria.keys("tab", "tab")
	maria.typeText("9% fewer stuck sign-ups")
	maria.keys("ctrl+s")
	out := maria.expect("added initiative N2", "N2 Verification email via a second provider  in-progress")
	golden.RequireEqual(t, out)

	s := r.Snapshot()
	if len(s.Initiatives) != 2 || s.Initiatives[0].Status != meeting.InitiativeBlocked || s.Initiatives[0].UpdatedIn != r.ID() ||
		len(s.Experiments) != 1 || s.Experiments[0].Decision != meeting.ExperimentApproved || s.Experiments[0].DecidedIn != r.ID() {
		t.Fatalf("pipeline: %+v %+v", s.Initiatives, s.Experiments)
	}
}

func TestJourneyTargetsInTheRoom(t *testing.T) {
	w, r := journeyReviewWorld(t)
	ana, tom := w.session("ana", 120, 34), w.session("tom", 120, 34)
	ana.keys("enter")
	tom.keys("enter")
	ana.expect("Journey health — Onboarding", "t targets", "t: change this journey's targets")
	tom.refuse("t targets", "change this journey's targets")
	tom.keys("t")
	tom.refuse("Targets: Onboarding")
	ana.keys("t")
	ana.expect("Targets: Onboarding", "Completion rate")
	ana.keys("ctrl+u")
	ana.typeText("80%")
	ana.keys("tab", "ctrl+u")
	ana.typeText("< 2.8")
	ana.keys("ctrl+s")
	ana.expect("saved Onboarding's targets", "≥80%", "≤2.8")
	j := r.Snapshot().Journey
	if c, _ := j.Metric("completion"); c.Target != 80 {
		t.Fatalf("completion target %v", c.Target)
	}
	if e, _ := j.Metric("effort"); e.Target != 2.8 || !e.LowerIsBetter {
		t.Fatalf("effort target %+v", e)
	}
	stored, _ := w.db.Journey(context.Background(), j.ID)
	if a, _ := stored.Metric("activation"); a.Target != 60 {
		t.Fatalf("an untouched target changed: %+v", a)
	}
}

func TestPromiseMeasuredAgainstItsTerms(t *testing.T) {
	w := newWorld(t)
	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("promise-audit")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	s.expect("What promise are we making?")
	s.keys("i")
	s.typeText("Easy setup in 5 min")
	s.keys("tab", "tab", "tab")
	s.typeText("Median setup time")
	s.keys("tab")
	s.typeText("40")
	s.keys("tab")
	s.typeText("≤ 5 min")
	s.keys("tab")
	s.typeText("12 min")
	s.keys("ctrl+s")
	s.expect("P1 Easy setup in 5 min (≤ 5 min)  40%", "12 min against ≤ 5 min promised: 140% over the promise",
		"Promise-keep rate: 40% across 1 promise (the audit's target: 90%+)")
	s.refuse("vs the 90% target")
}

package meeting_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cxroom/internal/storetest"
	"cxroom/meeting"
)

func q(y, n int) meeting.Period { return meeting.Period{Year: y, Quarter: n} }

func score(t *testing.T, v *meeting.ScorecardView, k string) meeting.Score {
	t.Helper()
	s, ok := v.Score(k)
	if !ok {
		t.Fatalf("no %s", k)
	}
	return s
}

// Entered figures go in with their source, come back in the scorecard of
// their quarter (and as the next quarter's prior), and can be cleared;
// refused ones write nothing.
func TestEnteredFiguresRoundTrip(t *testing.T) {
	e := newEnv(t) // Tuesday 24 Nov 2026: 2026Q4
	if _, err := e.svc.EnterMetric(e.ctx, maria, "Customer fluency", q(2026, 4), "7.2/10", "Q4 team survey, n=41", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.EnterMetric(e.ctx, maria, "customer-fluency", q(2026, 3), "6.8", "Q3 team survey", nil); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Scorecard(e.ctx, obs, meeting.ScorecardQuery{}) // observers read it
	if err != nil {
		t.Fatal(err)
	}
	s := score(t, v, meeting.ScoreCustomerFluency)
	if v.Period != q(2026, 4) || !s.HasValue || s.Value != 7.2 || s.Source != meeting.SourceEntered || s.EnteredSource != "Q4 team survey, n=41" ||
		s.EnteredBy != "maria" || !s.HasPrior || s.Prior != 6.8 || s.Trend != meeting.TrendImproving || s.ActualText() != "7.2/10" {
		t.Errorf("entered figure: %+v", s)
	}
	for name, err := range map[string]error{
		"no source": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "customer_fluency", q(2026, 4), "8", " ", nil)
			return err
		}(),
		"out of range": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "customer_fluency", q(2026, 4), "11", "s", nil)
			return err
		}(),
		"not a number": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "roadmap", q(2026, 4), "lots", "s", nil)
			return err
		}(),
		"unknown metric": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "happiness", q(2026, 4), "8", "s", nil)
			return err
		}(),
		"future quarter": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "customer_fluency", q(2027, 1), "8", "s", nil)
			return err
		}(),
		"escape in source": func() error {
			_, err := e.svc.EnterMetric(e.ctx, maria, "customer_fluency", q(2026, 4), "8", strings.Repeat("x", 300), nil)
			return err
		}(),
	} {
		if meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%s: got %v, want a refusal", name, err)
		}
	}
	for _, a := range []meeting.Actor{ana, obs, {Handle: "gus", Role: meeting.RoleFacilitator, Guest: true}} {
		if _, err := e.svc.EnterMetric(e.ctx, a, "customer_fluency", q(2026, 4), "9", "made up", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
			t.Errorf("%s entered a figure: %v", a.Handle, err)
		}
	}
	sheets, _ := e.db.ScoreSheets(e.ctx)
	if len(sheets) != 2 {
		t.Fatalf("%d sheets", len(sheets))
	}
	if en, _ := sheets[1].Entry(meeting.ScoreCustomerFluency); en.Value == nil || *en.Value != 7.2 {
		t.Errorf("a refused entry changed the sheet: %+v", en)
	}
	// clearing removes the figure (and an empty sheet entry)
	if _, err := e.svc.EnterMetric(e.ctx, maria, "customer_fluency", q(2026, 4), "clear", "", nil); err != nil {
		t.Fatal(err)
	}
	v, _ = e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
	if s := score(t, v, meeting.ScoreCustomerFluency); s.HasValue || s.Status != meeting.ScoreNA {
		t.Errorf("cleared: %+v", s)
	}
}

// A target set for a quarter holds for it and later quarters until another
// is set; the scorecard judges a quarter against the next quarter's target.
func TestTargetsPerQuarter(t *testing.T) {
	e := newEnv(t)
	set := func(metric string, p meeting.Period, v string) {
		t.Helper()
		if _, err := e.svc.SetTarget(e.ctx, maria, metric, p, v, nil); err != nil {
			t.Fatal(err)
		}
	}
	targetFor := func(p meeting.Period) (float64, meeting.Period) {
		t.Helper()
		v, err := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		s := score(t, v, meeting.ScoreRitualConsistency)
		return s.Target, s.TargetFrom
	}
	if v, from := targetFor(q(2026, 4)); v != 95 || !from.IsZero() {
		t.Errorf("default target %v from %s, want the seed's 95%%", v, from)
	}
	set("ritual_consistency", q(2027, 1), "97%")
	set("ritual_consistency", q(2027, 3), "99")
	for _, c := range []struct {
		view   meeting.Period // judged against view.Next()'s target
		want   float64
		from   string
		period string
	}{
		{q(2026, 3), 95, "", "2026Q4"},       // 2026Q4: nothing set → the seed's
		{q(2026, 4), 97, "2027Q1", "2027Q1"}, // set for 2027Q1
		{q(2027, 1), 97, "2027Q1", "2027Q2"}, // carried into 2027Q2
		{q(2027, 2), 99, "2027Q3", "2027Q3"},
		{q(2027, 3), 99, "2027Q3", "2027Q4"},
	} {
		v, err := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{Period: c.view})
		if err != nil {
			t.Fatal(err)
		}
		s := score(t, v, meeting.ScoreRitualConsistency)
		if s.Target != c.want || s.TargetFrom.String() != c.from || s.TargetPeriod.String() != c.period {
			t.Errorf("view %s: target %v from %q for %s, want %v from %q for %s", c.view, s.Target, s.TargetFrom, s.TargetPeriod, c.want, c.from, c.period)
		}
	}
	// a lower-is-better target keeps its direction; "default" goes back
	set("blocker resolution", q(2027, 1), "< 5 days")
	v, _ := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
	if s := score(t, v, meeting.ScoreBlockerResolution); s.Target != 5 || s.TargetText() != "< 5 days" {
		t.Errorf("blocker target %v %q", s.Target, s.TargetText())
	}
	set("blocker_resolution", q(2027, 1), "default")
	v, _ = e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
	if s := score(t, v, meeting.ScoreBlockerResolution); s.Target != 7 || s.TargetText() != "< 7 days" {
		t.Errorf("blocker target back to the seed's: %v %q", s.Target, s.TargetText())
	}
	// business metrics have no seed target until one is set
	if s := score(t, v, meeting.ScoreRevenueGrowth); s.HasTarget || s.TargetText() != "—" {
		t.Errorf("revenue growth target %+v", s)
	}
	set("revenue_growth", q(2027, 1), "+10")
	v, _ = e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
	if s := score(t, v, meeting.ScoreRevenueGrowth); !s.HasTarget || s.TargetText() != "+10% YoY" {
		t.Errorf("revenue growth target %q", s.TargetText())
	}
	if _, err := e.svc.SetTarget(e.ctx, maria, "ritual_consistency", q(2029, 1), "99", nil); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a target three years out: %v", err)
	}
	if _, err := e.svc.SetTarget(e.ctx, ana, "ritual_consistency", q(2027, 1), "50", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member set a target: %v", err)
	}
}

// The status rule on single figures, then a facilitator's override with its
// reason, and clearing it.
func TestStatusRuleAndOverride(t *testing.T) {
	e := newEnv(t)
	enter := func(p meeting.Period, v string) {
		t.Helper()
		if _, err := e.svc.EnterMetric(e.ctx, maria, "roadmap_alignment", p, v, "roadmap review", nil); err != nil {
			t.Fatal(err)
		}
	}
	status := func() meeting.Score {
		t.Helper()
		v, err := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return score(t, v, meeting.ScoreRoadmapAlignment)
	}
	// target 60 (the seed's): within 10% is amber unless moving away; further off is red unless improving
	for _, c := range []struct {
		prior, now string
		want       meeting.ScoreStatus
		reason     string
	}{
		{"", "60", meeting.ScoreGreen, "meets the 60% target; no prior figure to compare"},
		{"", "54", meeting.ScoreAmber, "10% off the 60% target; no prior figure to compare"},
		{"50", "54", meeting.ScoreAmber, "10% off the 60% target; improving since Q3 2026"},
		{"58", "54", meeting.ScoreRed, "10% off the 60% target and declining since Q3 2026"},
		{"54", "54", meeting.ScoreAmber, "10% off the 60% target; steady since Q3 2026"},
		{"", "40", meeting.ScoreRed, "33.3% off the 60% target; no prior figure to compare"},
		{"30", "40", meeting.ScoreAmber, "33.3% off the 60% target but improving since Q3 2026"},
		{"45", "40", meeting.ScoreRed, "33.3% off the 60% target; declining since Q3 2026"},
		{"30", "75", meeting.ScoreGreen, "meets the 60% target; improving since Q3 2026"},
	} {
		if c.prior != "" {
			enter(q(2026, 3), c.prior)
		} else if _, err := e.svc.EnterMetric(e.ctx, maria, "roadmap_alignment", q(2026, 3), "clear", "", nil); err != nil {
			t.Fatal(err)
		}
		enter(q(2026, 4), c.now)
		if s := status(); s.Status != c.want || s.StatusReason != c.reason || s.Overridden {
			t.Errorf("prior %s now %s: %s %q, want %s %q", c.prior, c.now, s.Status, s.StatusReason, c.want, c.reason)
		}
	}
	// 40 after 45: red by the rule; the facilitator judges it amber
	enter(q(2026, 3), "45")
	enter(q(2026, 4), "40")
	if _, err := e.svc.OverrideStatus(e.ctx, maria, "roadmap_alignment", q(2026, 4), "needs attention", "", nil); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("an override without a reason: %v", err)
	}
	if _, err := e.svc.OverrideStatus(e.ctx, ana, "roadmap_alignment", q(2026, 4), "green", "I like it", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member overrode a status: %v", err)
	}
	if _, err := e.svc.OverrideStatus(e.ctx, maria, "roadmap_alignment", q(2026, 4), "amber", "half the roadmap re-planned in December", nil); err != nil {
		t.Fatal(err)
	}
	s := status()
	if s.Status != meeting.ScoreAmber || !s.Overridden || s.OverrideBy != "maria" ||
		s.StatusReason != "half the roadmap re-planned in December (set by maria; the rule says red, 33.3% off the 60% target; declining since Q3 2026)" {
		t.Errorf("override: %s %v %q", s.Status, s.Overridden, s.StatusReason)
	}
	if _, err := e.svc.OverrideStatus(e.ctx, maria, "roadmap_alignment", q(2026, 4), "clear", "", nil); err != nil {
		t.Fatal(err)
	}
	if s := status(); s.Status != meeting.ScoreRed || s.Overridden {
		t.Errorf("after clearing: %s %v", s.Status, s.Overridden)
	}
	// a metric with no target: the direction alone
	for _, c := range []struct {
		prior, now string
		want       meeting.ScoreStatus
	}{{"10", "12", meeting.ScoreGreen}, {"12", "12", meeting.ScoreAmber}, {"12", "9", meeting.ScoreRed}} {
		for p, v := range map[meeting.Period]string{q(2026, 3): c.prior, q(2026, 4): c.now} {
			if _, err := e.svc.EnterMetric(e.ctx, maria, "revenue_growth", p, v, "finance", nil); err != nil {
				t.Fatal(err)
			}
		}
		v, _ := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
		if s := score(t, v, meeting.ScoreRevenueGrowth); s.Status != c.want {
			t.Errorf("revenue %s → %s: %s (%s)", c.prior, c.now, s.Status, s.StatusReason)
		}
	}
}

// A quarter before cxroom held records shows what was entered for a
// computed metric (imported history); where cxroom has records, they win.
func TestImportedHistoryForComputedMetrics(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.EnterMetric(e.ctx, maria, "ritual_consistency", q(2026, 2), "88", "2026 ritual spreadsheet", nil); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{Period: q(2026, 2)})
	if err != nil {
		t.Fatal(err)
	}
	s := score(t, v, meeting.ScoreRitualConsistency)
	if !s.HasValue || s.Value != 88 || s.Source != meeting.SourceEntered || !strings.Contains(s.Explanation, "cxroom holds no records for it in Q2 2026") {
		t.Errorf("imported history: %+v", s)
	}
	// records of its own for the quarter: computed wins
	if err := e.db.CreateSeries(e.ctx, &meeting.Series{Title: "VOC", AgendaID: "voc-triage", Cadence: meeting.CadenceWeekly, Start: "2026-06-02", Time: "09:00", Minutes: 60}); err != nil {
		t.Fatal(err)
	}
	v, _ = e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{Period: q(2026, 2)})
	if s := score(t, v, meeting.ScoreRitualConsistency); s.Source != meeting.SourceComputed || s.Value != 0 || s.Denominator != 5 {
		t.Errorf("computed should win: %+v", s)
	}
}

// The shadowing log: durations as people say them, the day bounded, at most
// twelve hours a person a day, summed per quarter.
func TestShadowingLog(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		dur, day string
		mins     int
	}{{"2h", "", 120}, {"1h30m", "yesterday", 90}, {"45m", "2026-10-02", 45}, {"1.5 hours", "2026-09-30", 90}} {
		x, err := e.svc.LogShadowing(e.ctx, ana, meeting.ShadowingInput{Duration: c.dur, Date: c.day, Customer: "ACME", Note: "support queue"})
		if err != nil || x.Minutes != c.mins || x.Handle != "ana" {
			t.Fatalf("%s: %+v %v", c.dur, x, err)
		}
	}
	for _, in := range []meeting.ShadowingInput{
		{Duration: "5m"}, {Duration: "25h"}, {Duration: "lots"}, {Duration: "2h", Date: "2026-11-25"},
		{Duration: "2h", Date: "2025-01-01"}, {Duration: "11h"}, // 2h already today: 13h is over the day's bound
		{Duration: "1h", Customer: strings.Repeat("x", 100)},
	} {
		if _, err := e.svc.LogShadowing(e.ctx, ana, in); meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%+v: %v, want a refusal", in, err)
		}
	}
	if _, err := e.svc.LogShadowing(e.ctx, obs, meeting.ShadowingInput{Duration: "1h"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("an observer logged shadowing: %v", err)
	}
	v, _ := e.svc.Scorecard(e.ctx, obs, meeting.ScorecardQuery{})
	s := score(t, v, meeting.ScoreShadowingHours)
	if s.Value != 4.3 || s.Denominator != 3 || s.Prior != 1.5 || s.ActualText() != "4.3 hrs" {
		t.Errorf("shadowing hours: %v over %d, prior %v, %q", s.Value, s.Denominator, s.Prior, s.ActualText())
	}
}

// A failed write of the sheet leaves nothing behind.
func TestScoreSheetWriteFailure(t *testing.T) {
	f := storetest.NewFaulty(newEnv(t).db)
	svc := meeting.NewService(f, meeting.NewFakeClock(t0), nil, nil)
	f.FailAt(1)
	if _, err := svc.EnterMetric(t.Context(), maria, "customer_fluency", q(2026, 4), "7", "survey", nil); err == nil {
		t.Fatal("the failed write was reported saved")
	}
	if sheets, _ := f.ScoreSheets(t.Context()); len(sheets) != 0 {
		t.Errorf("a failed write left %d sheets", len(sheets))
	}
}

// Decisions: the template's fields, options in any number, a review that
// closes the loop, and a decision stored before these fields reads as it
// was.
func TestDecisionTemplateAndReview(t *testing.T) {
	e := newEnv(t)
	opts := meeting.ParseOptions("Copy first\npros: cheap\ncons: slow form\ncustomer: clearer errors\n\nRebuild first; pros: one change; cons: 6 weeks\nBoth")
	if len(opts) != 3 || opts[0].Pros != "cheap" || opts[0].CustomerImpact != "clearer errors" || opts[1].Cons != "6 weeks" || opts[2].Description != "Both" {
		t.Fatalf("options %+v", opts)
	}
	d, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Title: "Error copy first", Decision: "Ship the copy", Rationale: "cheap",
		MadeByRole: "Head of CX", Major: true, Options: opts, ReviewDate: "+1w", CustomerStory: "S3"})
	if err != nil {
		t.Fatal(err)
	}
	if d.MadeBy != "maria" || d.MadeByName != "Maria Lopez" || d.MadeByRole != "Head of CX" || !d.Major || len(d.Options) != 3 {
		t.Errorf("decision %+v", d)
	}
	other, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Fund onboarding", MadeBy: "CFO office", MadeByRole: "CFO"})
	if err != nil || other.MadeBy != "CFO office" || other.MadeByName != "" || other.CreatedBy != "maria" {
		t.Errorf("made by someone else: %+v %v", other, err)
	}
	if _, err := e.svc.AddDecision(e.ctx, obs, meeting.DecisionInput{Decision: "x"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("an observer recorded a decision: %v", err)
	}
	e.clock.Advance(8 * 24 * time.Hour)
	due, _ := e.svc.DecisionsDue(e.ctx, ana)
	if len(due) != 1 || due[0].ID != d.ID {
		t.Fatalf("due for review: %v", due)
	}
	if _, err := e.svc.ReviewDecision(e.ctx, ana, d.ID, meeting.ReviewInput{Happened: "x", Verdict: "met"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member who did not make it reviewed it: %v", err)
	}
	if _, err := e.svc.ReviewDecision(e.ctx, maria, d.ID, meeting.ReviewInput{Happened: "errors down 30%", Verdict: "sometimes"}); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a bad verdict: %v", err)
	}
	r, err := e.svc.ReviewDecision(e.ctx, maria, d.ID, meeting.ReviewInput{Happened: "Bank-step abandonment fell from 23% to 15%", Verdict: "partly", Learning: "copy alone is not enough"})
	if err != nil || r.Review == nil || r.Review.Verdict != meeting.VerdictPartly || !r.ReviewedOnTime() {
		t.Fatalf("review: %+v %v", r, err)
	}
	if due, _ := e.svc.DecisionsDue(e.ctx, ana); len(due) != 0 {
		t.Errorf("a reviewed decision is still due: %v", due)
	}
	if _, err := e.svc.ReviewDecision(e.ctx, maria, d.ID, meeting.ReviewInput{Happened: "again", Verdict: "met"}); meeting.ErrorCode(err) != meeting.ECONFLICT {
		t.Errorf("a second review: %v", err)
	}

	// stored before the template grew: two one-line options, no role, no major flag
	old := `{"id":"2026-05-04-01","date":"2026-05-04","title":"Pause the banner","made_by":"tom","options":[{"description":"Pause"},{"description":"Keep; cons: complaints"}],"decision":"Pause it","expected_impact":{},"created_by":"tom","created_at":"2026-05-04T10:00:00Z"}`
	var od meeting.Decision
	if err := json.Unmarshal([]byte(old), &od); err != nil {
		t.Fatal(err)
	}
	if err := od.Validate(); err != nil || od.MakerName() != "tom" || od.Major || len(od.Options) != 2 || od.Review != nil {
		t.Errorf("old decision: %+v %v", od, err)
	}
}

// A proposal raised in a room follows the pitch template and shows in the
// room; one without a customer story says so.
func TestProposalInTheRoom(t *testing.T) {
	e := newEnv(t)
	j, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "journey-review"), JourneyID: j.ID})
	join(t, r, maria, ana, obs)
	p, err := r.AddProposal(e.ctx, ana, meeting.ProposalInput{Title: "Guided onboarding", Who: "New admins", Goal: "import contacts",
		Current: "cannot find the import", Proposed: "import in step 2", Metric: "import completion", Change: "35% → 65%", Timeframe: "30 days",
		Validation: "A/B test with 20% of new users"})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "Q1" || !p.HasCustomerStory() || !p.HasHypothesis() || p.MeetingID != r.ID() || p.ProposedBy != "ana" || p.JourneyID != j.ID {
		t.Errorf("proposal %+v", p)
	}
	snap := r.Snapshot()
	if len(snap.Proposals) != 1 || !strings.Contains(snap.Last, "Ana pitched Q1: Guided onboarding (with a customer story)") {
		t.Errorf("room shows %d proposals, last %q", len(snap.Proposals), snap.Last)
	}
	if _, err := r.AddProposal(e.ctx, obs, meeting.ProposalInput{Title: "x"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("an observer pitched: %v", err)
	}
	if _, err := r.AddProposal(e.ctx, ana, meeting.ProposalInput{Title: "y", StoryID: "S99"}); meeting.ErrorCode(err) != meeting.ENOTFOUND {
		t.Errorf("a pitch citing a missing story: %v", err)
	}
	bare, err := e.svc.AddProposal(e.ctx, maria, meeting.ProposalInput{Title: "Dark mode"})
	if err != nil || bare.HasCustomerStory() {
		t.Errorf("bare proposal: %+v %v", bare, err)
	}
	if _, err := e.svc.AddProposal(e.ctx, maria, meeting.ProposalInput{Title: "x", JourneyID: "no such journey"}); meeting.ErrorCode(err) != meeting.ENOTFOUND {
		t.Errorf("unknown journey: %v", err)
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]string{"2026Q4": "2026Q4", "2026-q1": "2026Q1", "Q3 2027": "2027Q3", " q2-2026 ": "2026Q2"} {
		p, err := meeting.ParsePeriod(in)
		if err != nil || p.String() != want {
			t.Errorf("%q: %s %v", in, p, err)
		}
	}
	for _, in := range []string{"", "2026Q5", "2026", "Q4", "1999Q1", "2026Q4; rm -rf /"} {
		if _, err := meeting.ParsePeriod(in); meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%q accepted", in)
		}
	}
	p := q(2026, 4)
	if p.First() != "2026-10-01" || p.Last() != "2026-12-31" || p.Next() != q(2027, 1) || p.Prev() != q(2026, 3) || q(2026, 1).Prev() != q(2025, 4) ||
		meeting.PeriodOf("2026-03-31") != q(2026, 1) || meeting.PeriodOf("2026-04-01") != q(2026, 2) || p.Label() != "Q4 2026" {
		t.Error("period arithmetic")
	}
	berlin := time.FixedZone("CET", 3600)
	if got := p.Start(berlin); !got.Equal(time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Q4 starts %s in CET", got.UTC())
	}
	if got := p.End(berlin); !got.Equal(time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Q4 ends %s in CET", got.UTC())
	}
}

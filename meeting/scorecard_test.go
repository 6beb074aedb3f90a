package meeting

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// scAt is day d at hh:mm UTC.
func scAt(d string, hh, mm int) time.Time {
	return Date(d).Time(time.UTC).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func scChange(d string, hh int, from, to Status) Change {
	return Change{At: scAt(d, hh, 0), By: "maria", From: from, To: to, Note: "n"}
}

func fp(v float64) *float64 { return &v }

// scFixture is the hand-computed fixture: quarter 2026Q4 in UTC, looked at
// on Thursday 10 December 2026 at 08:00; the prior quarter is 2026Q3 and
// the targets are those of 2027Q1. Every figure is worked out in
// TestScorecardFixture.
func scFixture() ScorecardInput {
	in := ScorecardInput{Today: "2026-12-10", Now: scAt("2026-12-10", 8, 0), Loc: time.UTC, Period: Period{2026, 4}}
	in.Series = []*Series{
		{ID: "R1", Title: "Weekly VOC triage", AgendaID: "voc-triage", Cadence: CadenceWeekly, Start: "2026-09-29", Time: "09:00", Minutes: 60},
		{ID: "R2", Title: "Monthly journey review", AgendaID: "journey-review", Cadence: CadenceMonthly, Start: "2026-07-02", Time: "14:00", Minutes: 90},
	}
	meet := func(id, series, agenda, day string) *Meeting {
		return &Meeting{ID: id, SeriesID: series, Date: Date(day), Title: agenda + " " + day, Agenda: Agenda{ID: agenda}, CreatedAt: scAt(day, 9, 0)}
	}
	in.Meetings = []*Meeting{
		meet("M1", "R1", "voc-triage", "2026-09-29"), // Q3
		meet("M2", "R1", "voc-triage", "2026-10-06"),
		meet("M3", "R1", "voc-triage", "2026-10-13"),
		meet("M4", "R1", "voc-triage", "2026-10-22"), // 10-20, two days late
		meet("M5", "R1", "voc-triage", "2026-10-27"),
		meet("M6", "R1", "voc-triage", "2026-11-03"),
		meet("M7", "R1", "voc-triage", "2026-11-14"), // four days after 11-10: too late
		meet("M8", "R1", "voc-triage", "2026-11-17"),
		meet("M9", "R1", "voc-triage", "2026-12-01"),
		meet("M10", "R2", "journey-review", "2026-10-01"),
		meet("M11", "R2", "journey-review", "2026-11-05"),
		meet("M12", "R2", "journey-review", "2026-12-03"),
		meet("M13", "R2", "journey-review", "2026-07-02"),
		meet("M14", "R2", "journey-review", "2026-09-04"), // 09-03, a day late; 08-06 missed
	}
	in.Shadowing = []*Shadowing{
		{ID: "H1", Handle: "maria", Date: "2026-10-05", Minutes: 120, Customer: "ACME"},
		{ID: "H2", Handle: "maria", Date: "2026-11-20", Minutes: 90},
		{ID: "H3", Handle: "ana", Date: "2026-12-09", Minutes: 180},
		{ID: "H4", Handle: "tom", Date: "2026-09-30", Minutes: 60}, // Q3
	}
	dec := func(id string, major bool, rationale, review string) *Decision {
		day := Date(id[:10])
		return &Decision{ID: id, Date: day, Title: "decision " + id, Decision: "d", Major: major, Rationale: rationale, ReviewDate: Date(review)}
	}
	d6 := dec("2026-12-03-01", true, "r", "2027-03-01")
	d6.CustomerStory, d6.MeetingID = "S1", "M12"
	d3 := dec("2026-11-24-01", true, "r", "")
	d3.CustomerStory = "Sarah gave up on the import after 10 minutes"
	d1 := dec("2026-10-01-01", true, "r", "2026-11-01")
	d1.Review = &DecisionReview{Date: "2026-11-05", By: "maria", Happened: "as planned", Verdict: VerdictMet}
	in.Decisions = []*Decision{
		d1,
		dec("2026-10-13-01", true, "", "2026-11-15"), // no rationale; review 11-15 never recorded
		d3,                                  // no review date
		dec("2026-11-24-02", false, "", ""), // not major: not audited
		dec("2026-09-03-01", true, "r", "2026-12-05"), // Q3; review due within its grace
		d6,
	}
	in.Journeys = []*Journey{
		{ID: "J1", Name: "Onboarding", Owner: "maria", Critical: true, Metrics: DefaultMetrics(), CreatedAt: scAt("2026-06-01", 9, 0), Readings: []Reading{
			{Date: "2026-09-15", Values: map[string]float64{"completion": 60, "effort": 3.5}},
			{Date: "2026-10-20", Values: map[string]float64{"completion": 65, "effort": 3.4}},
			{Date: "2026-11-25", Values: map[string]float64{"completion": 70, "effort": 3.2}},
		}},
		{ID: "J2", Name: "Billing", Critical: true, Metrics: DefaultMetrics(), CreatedAt: scAt("2026-06-01", 9, 0), Readings: []Reading{
			{Date: "2026-10-05", Values: map[string]float64{"completion": 80, "effort": 2.5}},
			{Date: "2026-11-10", Values: map[string]float64{"completion": 75, "effort": 2.6}},
		}},
		{ID: "J3", Name: "Support", Owner: "sam", Critical: true, Metrics: DefaultMetrics(), CreatedAt: scAt("2026-11-15", 9, 0), Readings: []Reading{
			{Date: "2026-11-30", Values: map[string]float64{"completion": 70}},
		}},
		{ID: "J4", Name: "Marketing site", Metrics: DefaultMetrics(), CreatedAt: scAt("2026-06-01", 9, 0), Readings: []Reading{
			{Date: "2026-07-10", Values: map[string]float64{"completion": 50}},
			{Date: "2026-08-10", Values: map[string]float64{"completion": 55}},
		}},
	}
	in.Stories = []*Story{{ID: "S1", Quote: "I gave up", MeetingID: "M10"}}
	in.Proposals = []*Proposal{
		{ID: "Q1", Date: "2026-11-05", Title: "Bulk import", MeetingID: "M11"},
		{ID: "Q2", Date: "2026-11-20", Title: "Guided setup", StoryID: "S1"},
		{ID: "Q3", Date: "2026-12-02", Title: "Status page", Goal: "know when it is fixed", Current: "emails support"},
		{ID: "Q4", Date: "2026-09-10", Title: "Chat", Example: "“I waited two days”"}, // Q3
	}
	act := func(id, due string, st Status, h ...Change) *Action {
		return &Action{ID: id, Text: "action " + id, Owner: "maria", Due: Date(due), Status: st, History: h}
	}
	O, B, E, D, X := StatusOpen, StatusBlocked, StatusEscalated, StatusDone, StatusDropped
	in.Actions = []*Action{
		act("A1", "2026-10-15", D, scChange("2026-10-01", 10, O, B), scChange("2026-10-07", 10, B, O), scChange("2026-10-14", 9, O, D)),
		act("A2", "2026-10-20", D, scChange("2026-10-10", 9, O, B), scChange("2026-10-15", 9, B, E), scChange("2026-10-22", 9, E, D)),
		act("A3", "2026-08-25", D, scChange("2026-08-01", 9, O, B), scChange("2026-08-20", 9, B, O), scChange("2026-08-24", 9, O, D)),
		act("A4", "2026-11-25", B, scChange("2026-11-20", 9, O, B)),
		act("A5", "2026-11-10", O, Change{At: scAt("2026-11-01", 12, 0), From: O, To: E}, scChange("2026-11-07", 0, E, O)),
		act("A6", "2026-11-05", X, scChange("2026-11-02", 9, O, B), scChange("2026-11-04", 9, B, X)),
		act("A7", "2026-12-20", O),
		act("A8", "2026-12-01", D),
	}
	issue := func(id, created, first string) *Issue {
		i := &Issue{ID: id, Title: "issue " + id, CreatedAt: scAt(created, 10, 0)}
		if first != "" {
			i.FirstActionAt = scAt(first, 10, 0)
		}
		return i
	}
	in.Issues = []*Issue{
		issue("I1", "2026-10-02", "2026-10-12"),
		issue("I2", "2026-10-05", "2026-11-20"),
		issue("I3", "2026-10-20", ""),
		issue("I4", "2026-11-25", ""),
		issue("I5", "2026-11-28", "2026-11-30"),
		issue("I6", "2026-09-10", "2026-09-12"),
	}
	prom := func(id, meeting, day string, rate float64) *Promise {
		return &Promise{ID: id, Promise: "promise " + id, MeetingID: meeting, KeepRate: rate, CreatedAt: scAt(day, 10, 0)}
	}
	in.Promises = []*Promise{
		prom("P1", "M20", "2026-09-20", 80), prom("P2", "M20", "2026-09-20", 90),
		prom("P3", "M21", "2026-11-16", 95), prom("P4", "M21", "2026-11-16", 85), prom("P5", "M21", "2026-11-16", -1),
	}
	entry := func(k string, v float64) ScoreEntry {
		return ScoreEntry{Metric: k, Value: fp(v), Source: "survey", EnteredBy: "maria", EnteredAt: scAt("2026-12-01", 9, 0)}
	}
	q4 := &ScoreSheet{ID: "C2", Period: "2026Q4", Entries: []ScoreEntry{
		entry(ScoreCustomerFluency, 7.2), entry(ScoreCollaboration, 8.4), entry(ScoreLeadershipBehaviour, 3.8),
		entry(ScoreCustomerRetention, 8), entry(ScoreRoadmapAlignment, 54), entry(ScoreRevenueGrowth, 12), entry(ScoreNPSTrend, 41),
		{Metric: ScoreShadowingHours, Target: fp(8), TargetBy: "tom"},
	}}
	q4.Entries[4].Override, q4.Entries[4].OverrideReason, q4.Entries[4].OverrideBy = ScoreGreen, "roadmap re-planned mid-quarter", "tom"
	q3 := &ScoreSheet{ID: "C1", Period: "2026Q3", Entries: []ScoreEntry{
		entry(ScoreDecisionDocumentation, 40), // cxroom holds Q3 decisions: ignored
		entry(ScoreCustomerFluency, 6.8), entry(ScoreCollaboration, 8.5), entry(ScoreLeadershipBehaviour, 3.5),
		entry(ScoreCustomerRetention, 6), entry(ScoreRoadmapAlignment, 50), entry(ScoreRevenueGrowth, 10),
		entry(ScoreLifetimeValue, 4500), entry(ScoreNPSTrend, 38),
	}}
	in.Sheets = []*ScoreSheet{q3, q4}
	return in
}

// TestScorecardFixture checks every metric against figures computed by hand
// (quarter 2026Q4 to 10 December, prior 2026Q3, targets of 2027Q1):
//
//	ritual_consistency   83.3% 10/12  (Q3 75%)  R1: 10 Tuesdays 10-06..12-08; 12-08 not due yet (grace to 12-11);
//	                                            held 7 (10-20 by M4 on 10-22), missed 11-10 (M7 is 4 days late)
//	                                            and 11-24; R2: 10-01, 11-05, 12-03 all held. Q3: R1 09-29 held,
//	                                            R2 07-02 held, 08-06 missed, 09-03 held by M14 → 3/4.
//	                                            improving; 12.3% off 95 → amber
//	shadowing_hours      6.5 hrs (Q3 1)         2 + 1.5 + 3; target 8 set for Q4 by tom, carried into 2027Q1:
//	                                            18.75% off but improving → amber
//	decision_documentation 50% 2/4 (Q3 100%)    major: 10-01-01 ok, 10-13-01 no rationale, 11-24-01 no review
//	                                            date, 12-03-01 ok; 11-24-02 not major. Q3's entered 40 is ignored
//	                                            (cxroom holds Q3's decisions). declining → red
//	journey_ownership    66.7% 2/3 (Q3 50%)     J1, J2 (no owner), J3 (registered 11-15: not in Q3); J4 not
//	                                            critical. improving, 33% off → amber
//	story_library_usage  66.7% 2/3 (Q3 0%)      M10 cites S1, M11 none (Q1 has no story), M12 via 12-03-01
//	customer_fluency     7.2/10 (Q3 6.8)        entered; 10% off 8, improving → amber
//	outside_in_thinking  57.1% 4/7 (Q3 50%)     Q1 ✗ Q2 ✓ Q3 ✓; major decisions 10-01 ✗ 10-13 ✗ 11-24-01 ✓
//	                                            12-03 ✓. Q3: Q4 ✓, 09-03 ✗. 18.4% off, improving → amber
//	cross_team_collab    8.4/10 (Q3 8.5)        meets 8 → green
//	blocker_resolution   7.8 days 3 (Q3 19)     A1 6, A2 12 (escalation does not resolve), A5 5.5; A4 still
//	                                            blocked, A6 dropped. 11.4% off < 7, improving → amber
//	leadership_behavior  level 3.8 (Q3 3.5)     5% off 4, improving → amber
//	journey_performance  50% 1/2 (Q3 100%)      J1 improving (2 up), J2 not (2 down), J3 first reading, J4 not
//	                                            read; Q3: J4 improving, J1 first. declining → red
//	promise_keep         90% 2 (Q3 85%)         M21: (95 + 85) / 2, P5 unmeasured → green
//	customer_retention   +8% YoY (Q3 6)         > 0 → green
//	voc_response_rate    50% 2/4 (Q3 100%)      I1 ✓ I2 ✗(46 d) I3 ✗(none, 50 d) I5 ✓; I4 young. → red
//	roadmap_alignment    54% (Q3 50%)           10% off 60, improving → amber, overridden green by tom
//	revenue_growth       +12% YoY (Q3 10)       no target, improving → green
//	customer_lifetime_value — (Q3 4500)         n/a
//	cost_to_serve        —                      n/a
//	nps_csat             NPS 41 (Q3 38)         no target, improving → green
//	market_differentiation —                    n/a
func TestScorecardFixture(t *testing.T) {
	v := ComputeScorecard(scFixture())
	if v.Period.String() != "2026Q4" || v.Prior.String() != "2026Q3" || v.Next.String() != "2027Q1" ||
		v.From != "2026-10-01" || v.To != "2026-12-10" || !v.InProgress || v.Zone != "UTC" {
		t.Fatalf("view %s %s %s %s..%s %v %s", v.Period, v.Prior, v.Next, v.From, v.To, v.InProgress, v.Zone)
	}
	type want struct {
		value    float64
		num, den int
		prior    float64 // -1: none
		trend    Trend
		status   ScoreStatus
		source   ScoreSource
		target   float64 // -1: none
	}
	N := -1.0
	const C, E = SourceComputed, SourceEntered
	up, down, none := TrendImproving, TrendDeclining, TrendUnknown
	wants := map[string]want{
		ScoreRitualConsistency:     {83.3, 10, 12, 75, up, ScoreAmber, C, 95},
		ScoreShadowingHours:        {6.5, 0, 3, 1, up, ScoreAmber, C, 8},
		ScoreDecisionDocumentation: {50, 2, 4, 100, down, ScoreRed, C, 100},
		ScoreJourneyOwnership:      {66.7, 2, 3, 50, up, ScoreAmber, C, 100},
		ScoreStoryLibraryUsage:     {66.7, 2, 3, 0, up, ScoreAmber, C, 80},
		ScoreCustomerFluency:       {7.2, 0, 0, 6.8, up, ScoreAmber, E, 8},
		ScoreOutsideInThinking:     {57.1, 4, 7, 50, up, ScoreAmber, C, 70},
		ScoreCollaboration:         {8.4, 0, 0, 8.5, TrendStable, ScoreGreen, E, 8},
		ScoreBlockerResolution:     {7.8, 0, 3, 19, up, ScoreAmber, C, 7},
		ScoreLeadershipBehaviour:   {3.8, 0, 0, 3.5, up, ScoreAmber, E, 4},
		ScoreJourneyPerformance:    {50, 1, 2, 100, down, ScoreRed, C, 75},
		ScorePromiseKeep:           {90, 0, 2, 85, up, ScoreGreen, C, 90},
		ScoreCustomerRetention:     {8, 0, 0, 6, up, ScoreGreen, E, 0},
		ScoreVOCResponseRate:       {50, 2, 4, 100, down, ScoreRed, C, 80},
		ScoreRoadmapAlignment:      {54, 0, 0, 50, up, ScoreGreen, E, 60},
		ScoreRevenueGrowth:         {12, 0, 0, 10, up, ScoreGreen, E, N},
		ScoreLifetimeValue:         {N, 0, 0, 4500, none, ScoreNA, "", N},
		ScoreCostToServe:           {N, 0, 0, N, none, ScoreNA, "", N},
		ScoreNPSTrend:              {41, 0, 0, 38, up, ScoreGreen, E, N},
		ScoreMarketDifferentiation: {N, 0, 0, N, none, ScoreNA, "", N},
	}
	var keys []string
	for _, s := range v.Scores {
		keys = append(keys, s.Key)
		w, ok := wants[s.Key]
		if !ok {
			t.Errorf("unexpected metric %s", s.Key)
			continue
		}
		val, prior, target := N, N, N
		if s.HasValue {
			val = s.Value
		}
		if s.HasPrior {
			prior = s.Prior
		}
		if s.HasTarget {
			target = s.Target
		}
		if val != w.value || s.Numerator != w.num || s.Denominator != w.den || prior != w.prior || s.Trend != w.trend ||
			s.Status != w.status || (w.source != "" && s.Source != w.source) || target != w.target || s.TargetPeriod.String() != "2027Q1" {
			t.Errorf("%s = %v (%d/%d) prior %v %s %s %s target %v (%s); want %v (%d/%d) prior %v %s %s %s target %v", s.Key,
				val, s.Numerator, s.Denominator, prior, s.Trend, s.Status, s.Source, target, s.TargetPeriod,
				w.value, w.num, w.den, w.prior, w.trend, w.status, w.source, w.target)
		}
		if s.Explanation == "" || s.StatusReason == "" {
			t.Errorf("%s: no explanation or status reason", s.Key)
		}
	}
	if len(keys) != 20 {
		t.Fatalf("%d metrics, want the seed's 20: %v", len(keys), keys)
	}
	byCat := map[string]int{}
	for _, s := range v.Scores {
		byCat[s.Category]++
	}
	for _, c := range ScoreCategories {
		if byCat[c] != 5 {
			t.Errorf("%s has %d metrics, want 5", c, byCat[c])
		}
	}

	// the records behind the figures
	get := func(k string) Score { s, _ := v.Score(k); return s }
	drill := map[string][]string{
		ScoreRitualConsistency: {
			"2026-11-10 Weekly VOC triage, Tue 09:00: missed",
			"2026-11-24 Weekly VOC triage, Tue 09:00: missed",
			"2026-10-01 M10 Monthly journey review, Thu 14:00: held",
			"2026-10-06 M2 Weekly VOC triage, Tue 09:00: held",
			"2026-10-13 M3 Weekly VOC triage, Tue 09:00: held",
			"2026-10-20 M4 Weekly VOC triage, Tue 09:00: held 2 days late, on 2026-10-22",
			"2026-10-27 M5 Weekly VOC triage, Tue 09:00: held",
			"2026-11-03 M6 Weekly VOC triage, Tue 09:00: held",
			"2026-11-05 M11 Monthly journey review, Thu 14:00: held",
			"2026-11-17 M8 Weekly VOC triage, Tue 09:00: held",
			"2026-12-01 M9 Weekly VOC triage, Tue 09:00: held",
			"2026-12-03 M12 Monthly journey review, Thu 14:00: held",
			"2026-12-08 Weekly VOC triage, Tue 09:00: not due yet: it may still be held until 2026-12-11",
		},
		ScoreDecisionDocumentation: {
			"2026-10-13 2026-10-13-01 decision 2026-10-13-01: no rationale",
			"2026-11-24 2026-11-24-01 decision 2026-11-24-01: no review date",
			"2026-10-01 2026-10-01-01 decision 2026-10-01-01: documented",
			"2026-12-03 2026-12-03-01 decision 2026-12-03-01: documented",
		},
		ScoreBlockerResolution: {
			"2026-11-20 A4 action A4 (maria): still blocked after 20 days",
			"2026-10-10 A2 action A2 (maria): resolved in 12 days, escalated on the way",
			"2026-10-01 A1 action A1 (maria): resolved in 6 days",
			"2026-11-01 A5 action A5 (maria): resolved in 5.5 days, escalated on the way",
			"2026-11-02 A6 action A6 (maria): dropped while blocked, after 2 days; not averaged",
		},
		ScoreJourneyPerformance: {
			"2026-11-10 J2 Billing: not improving: 0 up, 2 down since 2026-10-05",
			"J4 Marketing site: not reviewed in the period; not counted",
			"2026-11-25 J1 Onboarding: improving: 2 metrics up, 0 down since 2026-10-20",
			"2026-11-30 J3 Support: first reading: no trend yet; not counted",
		},
		ScoreStoryLibraryUsage: {
			"2026-11-05 M11 journey-review 2026-11-05: no story cited",
			"2026-10-01 M10 journey-review 2026-10-01: cites a story: S1",
			"2026-12-03 M12 journey-review 2026-12-03: cites a story: 2026-12-03-01",
		},
		ScoreVOCResponseRate: {
			"2026-10-05 I2 issue I2: first action after 46 days",
			"2026-10-20 I3 issue I3: no action after 50 days",
			"2026-10-02 I1 issue I1: first action after 10 days",
			"2026-11-25 I4 issue I4: 14 days old, no action yet; not counted until 30 days",
			"2026-11-28 I5 issue I5: first action after 2 days",
		},
		ScoreJourneyOwnership: {"J2 Billing: no owner", "J1 Onboarding: owned by maria", "J3 Support: owned by sam"},
		ScoreShadowingHours:   {"2026-10-05 H1 maria · 2 hrs · ACME", "2026-11-20 H2 maria · 1.5 hrs", "2026-12-09 H3 ana · 3 hrs"},
	}
	for k, w := range drill {
		if got := get(k).Lines(); !slices.Equal(got, w) {
			t.Errorf("%s drill-down\n got %q\nwant %q", k, got, w)
		}
	}
	for k, frag := range map[string]string{
		ScoreRitualConsistency:     "1 not due yet is not counted",
		ScoreBlockerResolution:     "escalating is not resolving. 1 still blocked and 1 dropped while blocked are listed, not averaged",
		ScoreDecisionDocumentation: "1 decision not marked major is not audited",
		ScorePromiseKeep:           "(audit M21, 2026-11-16); 1 without a rate",
		ScoreShadowingHours:        "By person: maria 3.5 hrs, ana 3 hrs.",
		ScoreCustomerFluency:       "Entered by maria on 2026-12-01; source: survey.",
	} {
		if e := get(k).Explanation; !strings.Contains(e, frag) {
			t.Errorf("%s explanation %q lacks %q", k, e, frag)
		}
	}
	// the override: green, with its reason and what the rule said
	road := get(ScoreRoadmapAlignment)
	if !road.Overridden || road.OverrideBy != "tom" ||
		road.StatusReason != "roadmap re-planned mid-quarter (set by tom; the rule says amber, 10% off the 60% target; improving since Q3 2026)" {
		t.Errorf("override: %v %q", road.Overridden, road.StatusReason)
	}
	if r := get(ScoreBlockerResolution).StatusReason; r != "11.4% off the < 7 days target but improving since Q3 2026" {
		t.Errorf("blocker status reason %q", r)
	}
	if s := get(ScoreShadowingHours); s.TargetFrom.String() != "2026Q4" || s.TargetBy != "tom" {
		t.Errorf("shadowing target from %s by %q, want carried from 2026Q4 by tom", s.TargetFrom, s.TargetBy)
	}

	// ritual health: activity, kept apart
	health := map[string]struct {
		value    float64
		num, den int
		status   ScoreStatus
	}{
		ScoreActionClosure:  {60, 3, 5, ScoreRed}, // due by today: A1 A2 A4 A5 A8 (A6 dropped, A7 due 12-20); done A1 A2 A8
		ScoreOverdueActions: {2, 2, 2, ScoreRed},  // A4, A5: the active ones due by today
		ScoreReviewsOnTime:  {50, 1, 2, ScoreRed}, // 10-01-01 on time, 10-13-01 never; 09-03-01 still in its grace
	}
	if len(v.Health) != len(health) {
		t.Fatalf("%d health indicators", len(v.Health))
	}
	for _, s := range v.Health {
		w := health[s.Key]
		if s.Category != CategoryRitualHealth || s.Value != w.value || s.Numerator != w.num || s.Denominator != w.den || s.Status != w.status {
			t.Errorf("%s = %v (%d/%d) %s in %s; want %v (%d/%d) %s", s.Key, s.Value, s.Numerator, s.Denominator, s.Status, s.Category, w.value, w.num, w.den, w.status)
		}
	}
	if got := get(ScoreReviewsOnTime).Lines(); !slices.Equal(got, []string{
		"2026-11-15 2026-10-13-01 decision 2026-10-13-01: not reviewed",
		"2026-11-01 2026-10-01-01 decision 2026-10-01-01: reviewed 2026-11-05: met",
		"2026-12-05 2026-09-03-01 decision 2026-09-03-01: due for review",
	}) {
		t.Errorf("reviews on time: %q", got)
	}
}

// An instant belongs to the quarter of its day in the scorecard's zone: a
// meeting at 23:00 UTC on 30 September is in Q4 in a zone ten hours ahead,
// and an issue raised at 20:00 UTC on 31 December is in the next year's Q1
// there.
func TestScorecardQuarterBoundariesFollowTheZone(t *testing.T) {
	ahead := time.FixedZone("UTC+10", 10*3600)
	in := ScorecardInput{Today: "2027-02-01", Now: scAt("2027-02-01", 0, 0)}
	// monthly on the last Wednesday, 23:00 UTC: 30 Sep, 28 Oct, 25 Nov, 30 Dec
	in.Series = []*Series{{ID: "R1", Title: "Late review", AgendaID: "journey-review", Cadence: CadenceMonthly, Start: "2026-09-30", Time: "23:00", Minutes: 60}}
	for i, d := range []string{"2026-09-30", "2026-10-28", "2026-11-25", "2026-12-30"} {
		in.Meetings = append(in.Meetings, &Meeting{ID: "M" + string(rune('1'+i)), SeriesID: "R1", Date: Date(d), Agenda: Agenda{ID: "journey-review"},
			CreatedAt: scAt(d, 23, 5), Timer: Timer{StartedAt: scAt(d, 23, 5)}})
	}
	in.Issues = []*Issue{
		{ID: "I1", Title: "new year's eve", CreatedAt: scAt("2026-12-31", 20, 0), FirstActionAt: scAt("2027-01-02", 9, 0)},
		{ID: "I2", Title: "first of October", CreatedAt: scAt("2026-09-30", 15, 0), FirstActionAt: scAt("2026-10-01", 9, 0)},
	}
	// Worked by hand, instant by instant:
	//   occurrence      UTC day      day at UTC+10   meeting (by its start)
	//   30 Sep 23:00    2026-09-30   2026-10-01      M1
	//   28 Oct 23:00    2026-10-28   2026-10-29      M2
	//   25 Nov 23:00    2026-11-25   2026-11-26      M3
	//   30 Dec 23:00    2026-12-30   2026-12-31      M4
	//   I1 31 Dec 20:00 → 2026-12-31 in UTC (Q4), 2027-01-01 at UTC+10 (Q1)
	//   I2 30 Sep 15:00 → 2026-09-30 in UTC (Q3), 2026-10-01 at UTC+10 (Q4)
	//   27 Jan 23:00    2027-01-27   2027-01-28      none: missed (grace over on 31 Jan)
	for _, c := range []struct {
		loc                        *time.Location
		p                          Period
		held, scheduled, plan, voc int
		from, to                   Date
	}{
		{time.UTC, Period{2026, 3}, 1, 1, 1, 1, "2026-07-01", "2026-09-30"},
		{time.UTC, Period{2026, 4}, 3, 3, 3, 1, "2026-10-01", "2026-12-31"},
		{ahead, Period{2026, 4}, 4, 4, 4, 1, "2026-10-01", "2026-12-31"},
		{ahead, Period{2027, 1}, 0, 1, 0, 1, "2027-01-01", "2027-02-01"},
	} {
		in.Loc, in.Period = c.loc, c.p
		v := ComputeScorecard(in)
		rc, _ := v.Score(ScoreRitualConsistency)
		st, _ := v.Score(ScoreStoryLibraryUsage)
		vr, _ := v.Score(ScoreVOCResponseRate)
		if rc.Numerator != c.held || rc.Denominator != c.scheduled || st.Denominator != c.plan || vr.Denominator != c.voc ||
			v.From != c.from || v.To != c.to {
			t.Errorf("%s in %s: %s..%s, %d of %d held, %d planning meetings, %d VOC issues; want %s..%s, %d of %d, %d, %d\n%q",
				c.p, c.loc, v.From, v.To, rc.Numerator, rc.Denominator, st.Denominator, vr.Denominator, c.from, c.to, c.held, c.scheduled, c.plan, c.voc, rc.Lines())
		}
	}
}

package meeting

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// scAt is a time on day d at hh:mm UTC.
func scAt(d string, hh, mm int) time.Time {
	t := Date(d).Time(time.UTC)
	return t.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func scHist(cs ...Change) []Change { return cs }

func scChange(d string, hh int, from, to Status, note string) Change {
	return Change{At: scAt(d, hh, 0), By: "maria", From: from, To: to, Note: note}
}

// scFixture is the scorecard's hand-computed fixture; the period is
// 2026-09-01 to 2026-11-30 (a Monday). Every figure is worked out in
// TestScorecard.
func scFixture() ScorecardInput {
	in := ScorecardInput{Today: "2026-11-30", Since: "2026-09-01"}
	in.Series = []*Series{
		{ID: "S1", Title: "Weekly VOC triage", AgendaID: "voc-triage", Cadence: CadenceWeekly, Start: "2026-10-06", Time: "09:00", Minutes: 60},
		{ID: "S2", Title: "Monthly journey review", AgendaID: "journey-review", Cadence: CadenceMonthly, Start: "2026-08-06", Time: "14:00", Minutes: 90},
	}
	meet := func(id, series, date string) *Meeting { return &Meeting{ID: id, SeriesID: series, Date: Date(date)} }
	in.Meetings = []*Meeting{
		meet("M1", "S1", "2026-10-06"),
		meet("M2", "S1", "2026-10-13"),
		meet("M3", "S1", "2026-10-22"), // 2 days after 10-20: counts
		meet("M4", "S1", "2026-10-27"),
		meet("M5", "S1", "2026-11-03"),
		meet("M6", "S1", "2026-11-14"), // 4 days after 11-10: too late
		meet("M7", "S1", "2026-11-24"),
		meet("M8", "S1", "2026-11-25"), // 11-24 already held by M7
		meet("M0", "S2", "2026-08-06"), // before the period
		meet("M9", "S2", "2026-09-03"),
		meet("M10", "S2", "2026-10-01"),
		meet("M11", "S2", "2026-11-05"),
		meet("M99", "", "2026-11-17"), // no series: does not hold S1's 11-17
	}
	dec := func(id, date, rationale, review string) *Decision {
		return &Decision{ID: id, Date: Date(date), Rationale: rationale, ReviewDate: Date(review)}
	}
	in.Decisions = []*Decision{
		dec("2026-08-06-01", "2026-08-06", "", ""), // before the period
		dec("2026-09-03-01", "2026-09-03", "because", "2026-12-03"),
		dec("2026-10-01-01", "2026-10-01", "because", "2027-01-01"),
		dec("2026-10-13-01", "2026-10-13", "", "2027-01-13"),
		dec("2026-11-24-01", "2026-11-24", "because", "2027-02-24"),
		dec("2026-11-24-02", "2026-11-24", "because", ""),
	}
	in.Journeys = []*Journey{
		{ID: "J1", Name: "Onboarding", Owner: "maria", Critical: true, Metrics: DefaultMetrics(), Readings: []Reading{
			{Date: "2026-10-01", Values: map[string]float64{"completion": 68, "effort": 3.6, "satisfaction": 78, "impact": 91}},
			{Date: "2026-11-05", Values: map[string]float64{"completion": 72, "effort": 3.4, "satisfaction": 78.5, "impact": 89}},
		}},
		{ID: "J2", Name: "Billing", Critical: true, Metrics: DefaultMetrics(), Readings: []Reading{
			{Date: "2026-09-03", Values: map[string]float64{"completion": 80, "effort": 2.5, "satisfaction": 85}},
			{Date: "2026-10-01", Values: map[string]float64{"completion": 70, "effort": 3.0, "satisfaction": 90}},
		}},
		{ID: "J3", Name: "Support", Owner: "sam", Critical: true, Metrics: DefaultMetrics(), Readings: []Reading{
			{Date: "2026-10-01", Values: map[string]float64{"completion": 60}},
		}},
		{ID: "J4", Name: "Marketing site", Critical: false, Metrics: DefaultMetrics(), Readings: []Reading{
			{Date: "2026-08-01", Values: map[string]float64{"completion": 50}},
			{Date: "2026-09-01", Values: map[string]float64{"completion": 55}},
			{Date: "2026-10-01", Values: map[string]float64{"completion": 60}},
		}},
	}
	act := func(id, owner, due string, st Status, h ...Change) *Action {
		return &Action{ID: id, Text: "action " + id, Owner: owner, Due: Date(due), Status: st, History: h}
	}
	O, B, E, D := StatusOpen, StatusBlocked, StatusEscalated, StatusDone
	in.Actions = []*Action{
		// blocked 10-01 10:00 → open 10-07 10:00: 6 days
		act("A1", "maria", "2026-10-15", D, scHist(scChange("2026-09-20", 9, "", O, "created"),
			scChange("2026-10-01", 10, O, B, "legal"), scChange("2026-10-07", 10, B, O, "unblocked"), scChange("2026-10-14", 9, O, D, ""))...),
		// blocked 10-10 09:00, still blocked 10-12 (a new note), done 10-22 09:00: 12 days
		act("A2", "sam", "2026-10-20", D, scHist(scChange("2026-10-01", 9, "", O, "created"),
			scChange("2026-10-10", 9, O, B, "vendor"), scChange("2026-10-12", 9, B, B, "vendor, again"), scChange("2026-10-22", 9, B, D, ""))...),
		// a blocker resolved before the period (19 days): not averaged
		act("A3", "sam", "2026-08-25", D, scHist(scChange("2026-07-20", 9, "", O, "created"),
			scChange("2026-08-01", 9, O, B, "x"), scChange("2026-08-20", 9, B, O, ""), scChange("2026-08-24", 9, O, D, ""))...),
		// still blocked since 11-20: listed, 10 days
		act("A4", "maria", "2026-11-25", B, scHist(scChange("2026-11-01", 9, "", O, "created"), scChange("2026-11-20", 9, O, B, "budget"))...),
		// blocked 11-01 12:00 → escalated 11-07 00:00: 5.5 days
		act("A5", "sam", "2026-11-10", E, scHist(scChange("2026-10-20", 9, "", O, "created"),
			scChange("2026-11-01", 12, O, B, "ops"), scChange("2026-11-07", 0, B, E, "to the COO"))...),
		act("A6", "priya", "2026-11-30", D),
		act("A7", "priya", "2026-10-30", StatusDropped),
		act("A8", "sam", "2026-11-05", D),
		act("A9", "maria", "2026-11-20", O),
		act("A10", "maria", "2026-12-10", O),
		act("A11", "sam", "2026-09-15", D),
		act("A12", "Ext Agency", "2026-08-20", O),
	}
	issue := func(id, created, firstAction string) *Issue {
		i := &Issue{ID: id, CreatedAt: scAt(created, 10, 0)}
		if firstAction != "" {
			i.FirstActionAt = scAt(firstAction, 10, 0)
		}
		return i
	}
	in.Issues = []*Issue{
		issue("I1", "2026-09-10", "2026-09-20"), // actioned at 10 days
		issue("I2", "2026-09-15", "2026-10-25"), // actioned at 40 days
		issue("I3", "2026-10-01", ""),           // 60 days, never actioned
		issue("I4", "2026-11-20", ""),           // 10 days old, not yet actioned: not counted
		issue("I5", "2026-11-15", "2026-11-18"), // young but actioned at 3 days
		issue("I6", "2026-08-15", "2026-08-16"), // before the period
		issue("I7", "2026-10-20", "2026-10-30"), // actioned at 10 days
	}
	prom := func(id, meeting, day string, rate float64) *Promise {
		return &Promise{ID: id, Promise: "promise " + id, MeetingID: meeting, KeepRate: rate, CreatedAt: scAt(day, 10, 0)}
	}
	in.Promises = []*Promise{
		prom("P1", "M20", "2026-06-15", 70), // an earlier audit
		prom("P2", "M20", "2026-06-15", 50),
		prom("P3", "M21", "2026-09-20", 95),
		prom("P4", "M21", "2026-09-20", 85),
		prom("P5", "M21", "2026-09-20", 99.8),
		prom("P6", "M21", "2026-09-21", -1), // not measured; the latest created: M21 is the latest audit
	}
	return in
}

func scByKey(t *testing.T, sc []Score) map[string]Score {
	t.Helper()
	m := map[string]Score{}
	for _, s := range sc {
		m[s.Key] = s
	}
	return m
}

// TestScorecard checks every metric against figures computed by hand:
//
//	metric                  value  num/den  status  how
//	ritual_consistency      81.8%   9/11    amber   S1: 8 Tuesdays 10-06..11-24, held 6 (10-20 by M3 on 10-22;
//	                                                11-10 and 11-17 missed; M8 does not count twice);
//	                                                S2: 3 first Thursdays 09-03, 10-01, 11-05, all held
//	decision_documentation  60%     3/5     red     5 decisions in the period; 10-13-01 lacks a rationale,
//	                                                11-24-02 a review date; the August one is outside
//	journey_ownership       66.7%   2/3     red     critical J1, J2, J3; J2 has no owner; J4 is not critical
//	blocker_resolution      7.8 d   0/3     amber   (6 + 12 + 5.5) / 3 = 7.83; A3's 19 days ended in August;
//	                                                A4 still blocked (10 days) is listed only
//	voc_actioned_30d        60%     3/5     amber   counted I1, I2, I3, I5, I7; within 30 days I1, I5, I7;
//	                                                I4 is young and unactioned; I6 is before the period
//	action_closure          62.5%   5/8     amber   due in period: A1 A2 A4 A5 A6 A8 A9 A11 (A7 dropped,
//	                                                A3 A12 before, A10 after); done A1 A2 A6 A8 A11
//	overdue_actions         4       4/5     red     A4 A5 A9 A12 due before 11-30 and active; active: +A10
//	journeys_improving      66.7%   2/3     amber   J1 (2 up, 1 down) and J4 (1 up) improve, J2 (1 up,
//	                                                2 down) does not; J3 has one reading
//	promise_keep            93.3%   0/3     green   latest audit M21: (95 + 85 + 99.8) / 3 = 93.27; P6 unknown
func TestScorecard(t *testing.T) {
	sc := Scorecard(scFixture())
	keys := []string{"ritual_consistency", "decision_documentation", "journey_ownership", "blocker_resolution",
		"voc_actioned_30d", "action_closure", "overdue_actions", "journeys_improving", "promise_keep"}
	var got []string
	for _, s := range sc {
		got = append(got, s.Key)
	}
	if !slices.Equal(got, keys) {
		t.Fatalf("keys %v, want %v", got, keys)
	}
	want := map[string]struct {
		value    float64
		num, den int
		status   ScoreStatus
		unit     string
		target   string
		category string
	}{
		"ritual_consistency":     {81.8, 9, 11, ScoreAmber, "%", "95%", "Adoption"},
		"decision_documentation": {60, 3, 5, ScoreRed, "%", "100%", "Adoption"},
		"journey_ownership":      {66.7, 2, 3, ScoreRed, "%", "100%", "Adoption"},
		"blocker_resolution":     {7.8, 0, 3, ScoreAmber, "days", "< 7 days", "Capability"},
		"voc_actioned_30d":       {60, 3, 5, ScoreAmber, "%", "80%", "Outcome"},
		"action_closure":         {62.5, 5, 8, ScoreAmber, "%", "80%", "Outcome"},
		"overdue_actions":        {4, 4, 5, ScoreRed, "", "0", "Outcome"},
		"journeys_improving":     {66.7, 2, 3, ScoreAmber, "%", "75%", "Outcome"},
		"promise_keep":           {93.3, 0, 3, ScoreGreen, "%", "90%", "Outcome"},
	}
	by := scByKey(t, sc)
	for k, w := range want {
		s := by[k]
		if s.Value != w.value || s.Numerator != w.num || s.Denominator != w.den || s.Status != w.status ||
			s.Unit != w.unit || s.Target != w.target || s.Category != w.category {
			t.Errorf("%s = %v %s (%d/%d) %s target %q %s; want %v %s (%d/%d) %s target %q %s", k,
				s.Value, s.Unit, s.Numerator, s.Denominator, s.Status, s.Target, s.Category,
				w.value, w.unit, w.num, w.den, w.status, w.target, w.category)
		}
		if s.Name == "" || s.Explanation == "" {
			t.Errorf("%s has no name or explanation", k)
		}
	}
	details := map[string][]string{
		"ritual_consistency":     {"Weekly VOC triage: 6 of 8 held (missed 2026-11-10, 2026-11-17)", "Monthly journey review: 3 of 3 held"},
		"decision_documentation": {"2026-10-13-01: no rationale", "2026-11-24-02: no review date"},
		"journey_ownership":      {"no owner: Billing"},
		"blocker_resolution":     {"still blocked: A4 (maria) for 10 days"},
		"voc_actioned_30d":       {"I2: first action after 40 days", "I3: no action after 60 days"},
		"action_closure":         {"maria: 2 overdue (A4, A9)", "sam: 1 overdue (A5)"},
		"overdue_actions":        {"maria: 2 overdue (A4, A9)", "Ext Agency: 1 overdue (A12)", "sam: 1 overdue (A5)"},
		"journeys_improving":     {"Onboarding: improving (2 metrics up, 1 down)", "Billing: not improving (1 metrics up, 2 down)", "Marketing site: improving (1 metrics up, 0 down)"},
		"promise_keep":           {"promise P3: 95%", "promise P4: 85%", "promise P5: 99.8%"},
	}
	for k, w := range details {
		if !slices.Equal(by[k].Details, w) {
			t.Errorf("%s details\n got %q\nwant %q", k, by[k].Details, w)
		}
	}
	// Explanations say what did not count.
	for k, frag := range map[string]string{
		"voc_actioned_30d":   "1 issue(s) younger than 30 days without an action yet are not counted",
		"action_closure":     "except the 1 dropped",
		"blocker_resolution": "1 still blocked are listed, not averaged",
		"promise_keep":       "latest audit (audit M21); 1 without a rate",
		"ritual_consistency": "up to 3 days later",
	} {
		if !strings.Contains(by[k].Explanation, frag) {
			t.Errorf("%s explanation %q lacks %q", k, by[k].Explanation, frag)
		}
	}
}

// TestScorecardThresholds moves single inputs across the bands.
func TestScorecardThresholds(t *testing.T) {
	in := scFixture()
	// Hold S1's two missed Tuesdays: 11-11 is a day late, 11-20 three days
	// late (the edge still counts).
	in.Meetings = append(in.Meetings, &Meeting{ID: "M12", SeriesID: "S1", Date: "2026-11-11"}, &Meeting{ID: "M13", SeriesID: "S1", Date: "2026-11-20"})
	by := scByKey(t, Scorecard(in))
	if s := by["ritual_consistency"]; s.Numerator != 11 || s.Denominator != 11 || s.Value != 100 || s.Status != ScoreGreen {
		t.Errorf("all held: %+v", s)
	}
	// Blockers: A2 resolved in 2 days instead of 12: (6+2+5.5)/3 = 4.5 → green.
	in = scFixture()
	in.Actions[1].History[3].At = scAt("2026-10-12", 9, 0)
	if s := scByKey(t, Scorecard(in))["blocker_resolution"]; s.Value != 4.5 || s.Status != ScoreGreen {
		t.Errorf("fast blockers: %v %s", s.Value, s.Status)
	}
	// A2 resolved after 40 days (11-19): (6+40+5.5)/3 = 17.17 → red.
	in.Actions[1].History[3].At = scAt("2026-11-19", 9, 0)
	if s := scByKey(t, Scorecard(in))["blocker_resolution"]; s.Value != 17.2 || s.Status != ScoreRed {
		t.Errorf("slow blockers: %v %s", s.Value, s.Status)
	}
	// Overdue: three is amber, none is green.
	in = scFixture()
	in.Actions[11].Status = StatusDone // A12
	if s := scByKey(t, Scorecard(in))["overdue_actions"]; s.Value != 3 || s.Status != ScoreAmber {
		t.Errorf("three overdue: %v %s", s.Value, s.Status)
	}
	for _, a := range in.Actions {
		if a.Status.Active() {
			a.Status = StatusDone
		}
	}
	if s := scByKey(t, Scorecard(in))["overdue_actions"]; s.Value != 0 || s.Status != ScoreGreen || len(s.Details) != 0 {
		t.Errorf("none overdue: %+v", s)
	}
	// Promise-keep at 80 is amber, below is red.
	in = scFixture()
	in.Promises[2].KeepRate, in.Promises[3].KeepRate, in.Promises[4].KeepRate = 80, 80, 80
	if s := scByKey(t, Scorecard(in))["promise_keep"]; s.Value != 80 || s.Status != ScoreAmber {
		t.Errorf("promise 80: %v %s", s.Value, s.Status)
	}
	in.Promises[4].KeepRate = 79 // (80 + 80 + 79) / 3 = 79.67: shown 79.7, red
	if s := scByKey(t, Scorecard(in))["promise_keep"]; s.Value != 79.7 || s.Status != ScoreRed {
		t.Errorf("promise 79.7: %v %s", s.Value, s.Status)
	}
	// Default period: Today-90.
	in = scFixture()
	in.Since = ""
	// 2026-11-30 minus 90 days is 2026-09-01: the same figures.
	if got, want := scByKey(t, Scorecard(in))["decision_documentation"], scByKey(t, Scorecard(scFixture()))["decision_documentation"]; got.Numerator != want.Numerator || got.Denominator != want.Denominator {
		t.Errorf("default period: %+v, want %+v", got, want)
	}
	if d := Date("2026-11-30").AddDays(-90); d != "2026-09-01" {
		t.Fatalf("fixture assumption: %s", d)
	}
}

func TestScorecardNothingCounted(t *testing.T) {
	sc := Scorecard(ScorecardInput{Today: "2026-11-30"})
	if len(sc) != 9 {
		t.Fatalf("got %d scores", len(sc))
	}
	for _, s := range sc {
		if s.Key == "overdue_actions" {
			if s.Status != ScoreGreen || s.Value != 0 {
				t.Errorf("no overdue actions should be green 0: %+v", s)
			}
			continue
		}
		if s.Status != ScoreNA || s.Value != 0 || s.Numerator != 0 || s.Denominator != 0 {
			t.Errorf("%s with no data: %+v", s.Key, s)
		}
		if !strings.Contains(strings.ToLower(s.Explanation), "no ") {
			t.Errorf("%s: explanation %q should say nothing counted", s.Key, s.Explanation)
		}
	}
}

package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

// scView is a scorecard given by hand: rendering is tested on given
// figures, not on their computation (meeting tests that).
func scView() *meeting.ScorecardView {
	p := meeting.Period{Year: 2026, Quarter: 4}
	v := &meeting.ScorecardView{Period: p, Prior: p.Prev(), Next: p.Next(), From: "2026-10-01", To: "2026-12-10", InProgress: true,
		Zone: "Europe/Berlin", Today: "2026-12-10", Rule: meeting.StatusRule}
	for _, d := range meeting.MetricDefs() {
		v.Scores = append(v.Scores, meeting.Score{Key: d.Key, Category: d.Category, Name: d.Name, Unit: d.Unit, Status: meeting.ScoreNA,
			Source: meeting.SourceEntered, Target: d.Target, HasTarget: d.HasTarget, TargetPeriod: p.Next(), Trend: meeting.TrendUnknown,
			StatusReason: "no figure for the period", Explanation: "No figure was entered for Q4 2026."})
	}
	set := func(k string, fn func(s *meeting.Score)) {
		for i := range v.Scores {
			if v.Scores[i].Key == k {
				fn(&v.Scores[i])
			}
		}
	}
	set(meeting.ScoreRitualConsistency, func(s *meeting.Score) {
		s.HasValue, s.Value, s.Numerator, s.Denominator, s.HasPrior, s.Prior = true, 88, 22, 25, true, 85
		s.Trend, s.Status, s.Source = meeting.TrendImproving, meeting.ScoreAmber, meeting.SourceComputed
		s.StatusReason = "7.4% off the 95% target; improving since Q3 2026"
		s.Explanation = "Meetings held against the occurrences each series scheduled."
		s.Drill = []meeting.DrillRow{{Kind: "occurrence", Date: "2026-11-10", Text: "Weekly VOC triage, Tue 09:00", Note: "missed", Flag: true},
			{Kind: "occurrence", ID: "M7", Date: "2026-11-17", Text: "Weekly VOC triage, Tue 09:00", Note: "held"}}
	})
	set(meeting.ScoreShadowingHours, func(s *meeting.Score) {
		s.HasValue, s.Value, s.Denominator, s.Status, s.Source = true, 124, 31, meeting.ScoreAmber, meeting.SourceComputed
		s.Target = 150
	})
	set(meeting.ScoreCustomerFluency, func(s *meeting.Score) {
		s.HasValue, s.Value, s.Status, s.EnteredSource, s.EnteredBy = true, 7.2, meeting.ScoreAmber, "Q4 survey | n=41", "maria"
	})
	set(meeting.ScoreBlockerResolution, func(s *meeting.Score) {
		s.HasValue, s.Value, s.Denominator, s.Status, s.Source = true, 9, 4, meeting.ScoreRed, meeting.SourceComputed
	})
	set(meeting.ScoreJourneyPerformance, func(s *meeting.Score) {
		s.HasValue, s.Value, s.Numerator, s.Denominator, s.Source = true, 66.7, 4, 6, meeting.SourceComputed
		s.Status, s.Overridden = meeting.ScoreGreen, true
		s.StatusReason = "the trend is right (set by tom; the rule says amber, 11.1% off the 75% target but improving since Q3 2026)"
	})
	set(meeting.ScoreCustomerRetention, func(s *meeting.Score) { s.HasValue, s.Value, s.Status = true, 8, meeting.ScoreGreen })
	v.Health = []meeting.Score{{Key: meeting.ScoreOverdueActions, Category: meeting.CategoryRitualHealth, Name: "Overdue actions",
		HasValue: true, Value: 3, Numerator: 3, Denominator: 9, HasTarget: true, Status: meeting.ScoreRed, Source: meeting.SourceComputed}}
	return v
}

// The export renders the seed's table layout: Category, Metric, this
// quarter's actual, the next quarter's target, the status; an overridden
// status shows its reason.
func TestScorecardMarkdown(t *testing.T) {
	md := ScorecardMarkdown(scView())
	mdMustLines(t, md,
		"Q4 2026, 2026-10-01 to 2026-12-10 so far (time zone Europe/Berlin); targets of Q1 2027, compared with Q3 2026.",
		"| Category | Metric | Q4 Actual | Q1 Target | Status |",
		"| Adoption | Ritual consistency | 88% (22 of 25) | 95% | 🟡 |",
		"| Adoption | Shadowing hours | 124 hrs | 150 hrs | 🟡 |",
		"| Capability | Customer fluency | 7.2/10 | 8/10 | 🟡 |",
		"| Capability | Blocker resolution | 9 days | < 7 days | 🔴 |",
		"| Outcome | Journey performance | 66.7% (4 of 6) | 75% | 🟢 the trend is right (override) |",
		"| Outcome | Customer retention | +8% YoY | \\> 0% YoY | 🟢 |",
		"| Business | Revenue growth | — | — | n/a |",
		"🟢 = On track | 🟡 = Needs attention | 🔴 = At risk | n/a = no figure yet",
		"| Metric | Q3 Actual | Q4 Actual | Trend | Source |",
		"| Ritual consistency | 85% | 88% (22 of 25) | ↑ improving | computed |",
		"| Overdue actions | 3 | ≤ 0 | 🔴 |",
		"  - ⚠ 2026-11-10 Weekly VOC triage, Tue 09:00: missed",
		"  - 2026-11-17 M7 Weekly VOC triage, Tue 09:00: held",
	)
	tb := mdTables(t, md)
	if len(tb) != 3 || len(tb[0]) != 21 || len(tb[1]) != 21 || len(tb[2]) != 2 {
		t.Fatalf("want the scorecard (20 rows), the prior quarter (20) and ritual health (1): %d tables", len(tb))
	}
	var cats []string
	for _, row := range tb[0][1:] {
		if len(row) != 5 {
			t.Fatalf("row %q", row)
		}
		if !slices.Contains(cats, row[0]) {
			cats = append(cats, row[0])
		}
	}
	if !slices.Equal(cats, meeting.ScoreCategories) {
		t.Errorf("categories %v", cats)
	}
	if got := mdOutline(t, md); !slices.Equal(got, []mdHeading{mdH(2, "CX Leadership Scorecard (Quarterly): Q4 2026"),
		mdH(3, "Against Q3 2026"), mdH(3, "Ritual health (activity, not outcomes)"), mdH(3, "How each figure was computed")}) {
		t.Errorf("outline %v", got)
	}
	if !strings.Contains(md, "**How a status is judged:** Green: on target.") {
		t.Error("the status rule is not stated")
	}
}

// --json: every metric with category, metric, actual, target, prior, trend,
// status, status_reason and source; the rule; the detail behind each.
func TestScorecardJSON(t *testing.T) {
	data, err := ScorecardJSON(scView())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["period"] != "2026Q4" || doc["prior_period"] != "2026Q3" || doc["target_period"] != "2027Q1" || doc["zone"] != "Europe/Berlin" ||
		doc["status_rule"] != meeting.StatusRule || doc["in_progress"] != true {
		t.Errorf("head: %v", doc)
	}
	ms := doc["metrics"].([]any)
	if len(ms) != 20 {
		t.Fatalf("%d metrics", len(ms))
	}
	for _, m := range ms {
		row := m.(map[string]any)
		for _, k := range []string{"category", "metric", "actual_text", "target_text", "prior_text", "trend", "status", "status_reason", "source", "detail"} {
			if _, ok := row[k]; !ok {
				t.Errorf("%v lacks %s", row["key"], k)
			}
		}
	}
	rc := ms[0].(map[string]any)
	if rc["actual"] != 88.0 || rc["target"] != 95.0 || rc["prior"] != 85.0 || rc["trend"] != "improving" || rc["status"] != "amber" ||
		rc["source"] != "computed" || rc["numerator"] != 22.0 || len(rc["detail"].([]any)) != 2 {
		t.Errorf("ritual consistency: %v", rc)
	}
	if d := rc["detail"].([]any)[0].(map[string]any); d["note"] != "missed" || d["flag"] != true || d["kind"] != "occurrence" {
		t.Errorf("detail %v", d)
	}
	rev := ms[15].(map[string]any)
	if _, has := rev["actual"]; has || rev["status"] != "n/a" || rev["source"] != "entered" || rev["actual_text"] != "—" {
		t.Errorf("a metric with no figure: %v", rev)
	}
	cf := ms[5].(map[string]any)
	if cf["source_note"] != "Q4 survey | n=41" || cf["entered_by"] != "maria" {
		t.Errorf("an entered figure's source: %v", cf)
	}
}

package meeting

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func onboarding(t *testing.T) *Journey {
	t.Helper()
	j, err := NewJourney("  Onboarding\x1b[2J ", "@ana", wed)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestNewJourney(t *testing.T) {
	j := onboarding(t)
	if j.Name != "Onboarding" || j.Owner != "ana" || !j.Critical || !j.CreatedAt.Equal(wed) || j.LastReviewed != "" {
		t.Fatalf("NewJourney: %+v", j)
	}
	keys := []string{}
	for _, m := range j.Metrics {
		keys = append(keys, m.Key)
	}
	if !slices.Equal(keys, []string{"completion", "effort", "satisfaction", "impact", "activation"}) {
		t.Fatalf("metrics %v", keys)
	}
	if m, ok := j.Metric("effort"); !ok || !m.LowerIsBetter || m.Target != 3.0 {
		t.Fatalf("effort metric %+v", m)
	}
	if _, ok := j.Metric("nps"); ok {
		t.Fatal("unknown metric found")
	}
	if _, err := NewJourney(" ", "ana", wed); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "journey name is required") {
		t.Fatalf("empty name: %v", err)
	}
	if _, err := NewJourney(strings.Repeat("j", MaxName+1), "", wed); ErrorCode(err) != EINVALID {
		t.Fatalf("long name: %v", err)
	}
	if j, err := NewJourney("Billing", "", wed); err != nil || j.Owner != "" {
		t.Fatalf("no owner: %+v %v", j, err)
	}
}

func TestJourneyHealth(t *testing.T) {
	j := onboarding(t)
	j.Record(Reading{Date: "2026-08-06", MeetingID: "M1", Values: map[string]float64{"completion": 70, "effort": 3.5, "satisfaction": 78, "impact": 88}})
	j.Record(Reading{Date: "2026-09-03", MeetingID: "M2", Values: map[string]float64{"completion": 74, "effort": 3.2, "satisfaction": 78.5, "impact": 85}})
	type row struct {
		key                string
		cur, prior         float64
		hasValue, hasPrior bool
		trend              Trend
		onTarget           bool
	}
	check := func(want []row) {
		t.Helper()
		hs := j.Health()
		if len(hs) != len(want) {
			t.Fatalf("%d health rows", len(hs))
		}
		for i, h := range hs {
			w := want[i]
			got := row{h.Metric.Key, h.Current, h.Prior, h.HasValue, h.HasPrior, h.Trend, h.OnTarget}
			if got != w {
				t.Errorf("health of %s:\n got %+v\nwant %+v", w.key, got, w)
			}
		}
	}
	check([]row{
		{"completion", 74, 70, true, true, TrendImproving, false},
		{"effort", 3.2, 3.5, true, true, TrendImproving, false}, // lower effort is better
		{"satisfaction", 78.5, 78, true, true, TrendStable, false},
		{"impact", 85, 88, true, true, TrendDeclining, false},
		{"activation", 0, 0, false, false, TrendUnknown, false}, // never measured
	})
	if !j.Improving() {
		t.Error("two up, one down: Improving = false")
	}

	// a third review: effort worse but on target? no — on target needs <= 3.0
	j.Record(Reading{Date: "2026-10-01", MeetingID: "M3", Values: map[string]float64{"completion": 76, "effort": 3.4, "satisfaction": 82}})
	check([]row{
		{"completion", 76, 74, true, true, TrendImproving, true},
		{"effort", 3.4, 3.2, true, true, TrendDeclining, false}, // higher effort is worse
		{"satisfaction", 82, 78.5, true, true, TrendImproving, true},
		// impact was not measured this time: its latest two values still compare
		{"impact", 85, 88, true, true, TrendDeclining, false},
		{"activation", 0, 0, false, false, TrendUnknown, false},
	})

	j.Record(Reading{Date: "2026-11-05", MeetingID: "M4", Values: map[string]float64{"effort": 2.9, "impact": 85.5}})
	check([]row{
		{"completion", 76, 74, true, true, TrendImproving, true},
		{"effort", 2.9, 3.4, true, true, TrendImproving, true},
		{"satisfaction", 82, 78.5, true, true, TrendImproving, true},
		{"impact", 85.5, 85, true, true, TrendStable, false},
		{"activation", 0, 0, false, false, TrendUnknown, false},
	})
	if !slices.Equal(j.Series("effort"), []float64{3.5, 3.2, 3.4, 2.9}) {
		t.Errorf("Series(effort) = %v", j.Series("effort"))
	}

	fresh := onboarding(t)
	for _, h := range fresh.Health() {
		if h.HasValue || h.HasPrior || h.Trend != TrendUnknown || h.OnTarget {
			t.Errorf("no data: %+v", h)
		}
	}
	if fresh.Improving() {
		t.Error("no data is not improving")
	}
	fresh.Record(Reading{Date: "2026-11-05", Values: map[string]float64{"completion": 80}})
	h := fresh.Health()[0]
	if !h.HasValue || h.HasPrior || h.Current != 80 || h.Trend != TrendUnknown || !h.OnTarget {
		t.Errorf("one reading: %+v", h)
	}
}

func TestJourneyMetricTrendAndMet(t *testing.T) {
	up := Metric{Key: "completion", Target: 75}
	down := Metric{Key: "effort", Target: 3, LowerIsBetter: true}
	tests := []struct {
		m          Metric
		prior, cur float64
		want       Trend
	}{
		{up, 70, 74, TrendImproving},
		{up, 74, 70, TrendDeclining},
		{up, 100, 101.9, TrendStable}, // under 2%
		{up, 100, 98.1, TrendStable},
		{up, 100, 103, TrendImproving},
		{up, 100, 97, TrendDeclining},
		{up, 0, 0, TrendStable},
		{up, 0, 1, TrendImproving},
		{up, -10, -5, TrendImproving},
		{down, 3.5, 3.2, TrendImproving},
		{down, 3.2, 3.5, TrendDeclining},
		{down, 3.0, 3.05, TrendStable},
	}
	for _, tc := range tests {
		if got := tc.m.TrendOf(tc.prior, tc.cur); got != tc.want {
			t.Errorf("%s TrendOf(%v, %v) = %s, want %s", tc.m.Key, tc.prior, tc.cur, got, tc.want)
		}
	}
	met := []struct {
		m    Metric
		v    float64
		want bool
	}{
		{up, 75, true}, {up, 74.9, false}, {up, 90, true},
		{down, 3, true}, {down, 2.5, true}, {down, 3.01, false},
	}
	for _, tc := range met {
		if got := tc.m.Met(tc.v); got != tc.want {
			t.Errorf("%s Met(%v) = %v", tc.m.Key, tc.v, got)
		}
	}
	arrows := map[Trend]string{TrendImproving: "↑", TrendDeclining: "↓", TrendStable: "→", TrendUnknown: "·"}
	for tr, want := range arrows {
		if tr.Arrow() != want {
			t.Errorf("%s.Arrow() = %q", tr, tr.Arrow())
		}
	}
}

func TestJourneyParseMetricValue(t *testing.T) {
	pct := Metric{Name: "Completion rate", Unit: "%", Target: 75}
	ces := Metric{Name: "Customer effort (CES)", Target: 3, LowerIsBetter: true}
	ok := []struct {
		m    Metric
		in   string
		want float64
	}{
		{pct, "72", 72}, {pct, "72%", 72}, {pct, " 72 % ", 72}, {pct, "72.5", 72.5}, {pct, "0", 0}, {pct, "100%", 100},
		{ces, "3.1", 3.1}, {ces, "7", 7}, {ces, "1e3", 1000},
	}
	for _, tc := range ok {
		got, err := ParseMetricValue(tc.m, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMetricValue(%s, %q) = %v, %v; want %v", tc.m.Name, tc.in, got, err, tc.want)
		}
	}
	bad := []struct {
		m    Metric
		in   string
		frag string
	}{
		{pct, "101", "Completion rate: 101 is not a percentage between 0 and 100"},
		{pct, "100.5%", "between 0 and 100"},
		{pct, "-1", "between 0 and 100"},
		{pct, "", `Completion rate: "" is not a number`},
		{pct, "%", "is not a number"},
		{pct, "seventy", `"seventy" is not a number`},
		{pct, "72%%", "is not a number"},
		{pct, "NaN", "is not a number"},
		{ces, "nan", "is not a number"},
		{ces, "Inf", "is not a number"},
		{ces, "-Inf", "is not a number"},
		{ces, "1e400", "is not a number"},
		{ces, "1e13", "Customer effort (CES): 1e+13 is out of range"},
		{ces, "3,1", "is not a number"},
		{ces, "3.1\x1b[2J", "is not a number"},
	}
	for _, tc := range bad {
		v, err := ParseMetricValue(tc.m, tc.in)
		if err == nil {
			t.Errorf("ParseMetricValue(%s, %q) = %v, want an error", tc.m.Name, tc.in, v)
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.frag) {
			t.Errorf("ParseMetricValue(%s, %q): %s %q, want EINVALID containing %q", tc.m.Name, tc.in, ErrorCode(err), ErrorMessage(err), tc.frag)
		}
		assertSentence(t, ErrorMessage(err))
		if v != 0 || math.IsNaN(v) {
			t.Errorf("ParseMetricValue(%q) returned %v with an error", tc.in, v)
		}
	}
}

func TestJourneyRecord(t *testing.T) {
	j := onboarding(t)
	vals := map[string]float64{"completion": 70}
	j.Record(Reading{Date: "2026-10-01", MeetingID: "M1", Values: vals})
	if j.LastReviewed != "2026-10-01" || len(j.Readings) != 1 {
		t.Fatalf("after first: %+v", j)
	}
	// the same meeting again: values merge and replace, no new reading
	j.Record(Reading{Date: "2026-10-01", MeetingID: "M1", Values: map[string]float64{"effort": 3.1}})
	j.Record(Reading{Date: "2026-10-01", MeetingID: "M1", Values: map[string]float64{"completion": 72}})
	if len(j.Readings) != 1 {
		t.Fatalf("%d readings for one meeting", len(j.Readings))
	}
	if got := j.Readings[0].Values; len(got) != 2 || got["completion"] != 72 || got["effort"] != 3.1 {
		t.Fatalf("merged values %v", got)
	}
	if vals["completion"] != 70 || len(vals) != 1 {
		t.Fatalf("Record changed the caller's first map: %v", vals)
	}
	// a later meeting
	j.Record(Reading{Date: "2026-11-05", MeetingID: "M2", Values: map[string]float64{"completion": 74}})
	// an older reading filed late keeps the order and does not move LastReviewed back
	j.Record(Reading{Date: "2026-09-03", MeetingID: "M0", Values: map[string]float64{"completion": 65}})
	var order []Date
	for _, r := range j.Readings {
		order = append(order, r.Date)
	}
	if !slices.Equal(order, dates("2026-09-03", "2026-10-01", "2026-11-05")) {
		t.Fatalf("readings order %v", order)
	}
	if j.LastReviewed != "2026-11-05" {
		t.Fatalf("LastReviewed = %s", j.LastReviewed)
	}
	if !slices.Equal(j.Series("completion"), []float64{65, 72, 74}) {
		t.Fatalf("Series = %v", j.Series("completion"))
	}
	// readings without a meeting never merge
	j.Record(Reading{Date: "2026-11-20", Values: map[string]float64{"completion": 75}})
	j.Record(Reading{Date: "2026-11-20", Values: map[string]float64{"completion": 76}})
	if len(j.Readings) != 5 || j.LastReviewed != "2026-11-20" {
		t.Fatalf("%d readings, last reviewed %s", len(j.Readings), j.LastReviewed)
	}

	c := j.Clone()
	c.Readings[0].Values["completion"] = 0
	c.Metrics[0].Target = 0
	if j.Readings[0].Values["completion"] != 65 || j.Metrics[0].Target != 75 {
		t.Fatal("Clone shares readings or metrics")
	}
}

func TestJourneyReviewOverdue(t *testing.T) {
	today := Date("2026-11-25")
	tests := []struct {
		name     string
		last     Date
		critical bool
		days     int
		overdue  bool
	}{
		{"never reviewed", "", true, -1, true},
		{"never, not critical", "", false, -1, false},
		{"today", "2026-11-25", true, 0, false},
		{"89 days", today.AddDays(-89), true, 89, false},
		{"90 days", today.AddDays(-90), true, 90, true},
		{"a year", "2025-11-25", true, 365, true},
		{"a year, not critical", "2025-11-25", false, 365, false},
		// a review dated ahead (clock skew, a reading filed for tomorrow) is not "never"
		{"tomorrow", "2026-11-26", true, -1, false},
	}
	for _, tc := range tests {
		j := &Journey{Name: tc.name, LastReviewed: tc.last, Critical: tc.critical}
		if got := j.DaysSinceReview(today); got != tc.days {
			t.Errorf("%s: DaysSinceReview = %d, want %d", tc.name, got, tc.days)
		}
		if got := j.ReviewOverdue(today); got != tc.overdue {
			t.Errorf("%s: ReviewOverdue = %v, want %v", tc.name, got, tc.overdue)
		}
	}
}

func TestSuggestJourney(t *testing.T) {
	if SuggestJourney(nil) != nil {
		t.Fatal("no journeys: want nil")
	}
	mk := func(name string, last Date) *Journey { return &Journey{Name: name, LastReviewed: last, Critical: true} }
	tests := []struct {
		name string
		js   []*Journey
		want string
	}{
		{"never reviewed first", []*Journey{mk("Billing", "2026-06-01"), mk("Support", ""), mk("Onboarding", "2026-10-01")}, "Support"},
		{"never reviewed, by name", []*Journey{mk("Support", ""), mk("Billing", "2026-01-01"), mk("Renewal", "")}, "Renewal"},
		{"then the oldest review", []*Journey{mk("Onboarding", "2026-10-01"), mk("Billing", "2026-06-01"), mk("Support", "2026-08-01")}, "Billing"},
		{"same day, by name", []*Journey{mk("Support", "2026-06-01"), mk("Billing", "2026-06-01")}, "Billing"},
		{"one", []*Journey{mk("Only", "2026-11-01")}, "Only"},
	}
	for _, tc := range tests {
		orig := slices.Clone(tc.js)
		got := SuggestJourney(tc.js)
		if got == nil || got.Name != tc.want {
			t.Errorf("%s: suggested %+v, want %s", tc.name, got, tc.want)
		}
		if !slices.Equal(orig, tc.js) {
			t.Errorf("%s: SuggestJourney reordered its argument", tc.name)
		}
	}
}

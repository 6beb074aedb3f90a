package meeting

import (
	"math"
	"strconv"
	"strings"
)

// The seed's "Metrics & Signals": four tables of leadership-effectiveness
// metrics (Adoption, Capability, Outcome, Business impact), each with how
// to measure it and, for the first three, a target. cxroom computes the
// ones its records hold; the others are entered each quarter by a
// facilitator, with their source.

// Metric keys, in the seed's order.
const (
	// Adoption: are the mechanisms working?
	ScoreRitualConsistency     = "ritual_consistency"
	ScoreShadowingHours        = "shadowing_hours"
	ScoreDecisionDocumentation = "decision_documentation"
	ScoreJourneyOwnership      = "journey_ownership"
	ScoreStoryLibraryUsage     = "story_library_usage"
	// Capability: are teams developing?
	ScoreCustomerFluency     = "customer_fluency"
	ScoreOutsideInThinking   = "outside_in_thinking"
	ScoreCollaboration       = "cross_team_collaboration"
	ScoreBlockerResolution   = "blocker_resolution"
	ScoreLeadershipBehaviour = "leadership_behavior_level"
	// Outcome: is CX improving?
	ScoreJourneyPerformance = "journey_performance"
	ScorePromiseKeep        = "promise_keep"
	ScoreCustomerRetention  = "customer_retention"
	ScoreVOCResponseRate    = "voc_response_rate"
	ScoreRoadmapAlignment   = "roadmap_alignment"
	// Business impact.
	ScoreRevenueGrowth         = "revenue_growth"
	ScoreLifetimeValue         = "customer_lifetime_value"
	ScoreCostToServe           = "cost_to_serve"
	ScoreNPSTrend              = "nps_csat"
	ScoreMarketDifferentiation = "market_differentiation"

	// Ritual health: activity, not outcomes (shown apart from the four
	// categories).
	ScoreActionClosure   = "action_closure"
	ScoreOverdueActions  = "overdue_actions"
	ScoreReviewsOnTime   = "decision_reviews_on_time"
	CategoryRitualHealth = "Ritual health"
)

// The scorecard's categories, in order.
var ScoreCategories = []string{"Adoption", "Capability", "Outcome", "Business"}

// Direction says which way a metric gets better.
type Direction int

const (
	HigherIsBetter Direction = iota
	LowerIsBetter
)

// MetricDef is one metric of the seed's tables.
type MetricDef struct {
	Key      string
	Category string
	Name     string
	Unit     string // "%", "hrs", "/10", "days", "level", "% YoY", "NPS" or "" (an amount)
	Better   Direction
	// Target is the seed's target (HasTarget false: the seed gives none);
	// Strict targets are "more than" / "less than" (< 7 days), the others
	// "at least" / "at most".
	Target     float64
	HasTarget  bool
	Strict     bool
	SeedTarget string // the seed's words
	Measure    string // the seed's "how to measure"
	Computed   bool   // from cxroom's records; else entered each quarter
	Min, Max   float64
}

// MetricDefs lists the seed's twenty metrics in its order: five per
// category.
func MetricDefs() []MetricDef {
	pct := func(d MetricDef) MetricDef { d.Unit, d.Min, d.Max = "%", 0, 100; return d }
	ten := func(d MetricDef) MetricDef { d.Unit, d.Min, d.Max = "/10", 0, 10; return d }
	return []MetricDef{
		pct(MetricDef{Key: ScoreRitualConsistency, Category: "Adoption", Name: "Ritual consistency", Target: 95, HasTarget: true,
			SeedTarget: "95%+ completion rate", Measure: "Track scheduled vs. completed rituals", Computed: true}),
		{Key: ScoreShadowingHours, Category: "Adoption", Name: "Shadowing hours", Unit: "hrs", Target: 150, HasTarget: true, Max: 100000,
			SeedTarget: "Per leadership role targets (the seed's example: 150 hrs a quarter)", Measure: "Log hours spent with customers", Computed: true},
		pct(MetricDef{Key: ScoreDecisionDocumentation, Category: "Adoption", Name: "Decision documentation", Target: 100, HasTarget: true,
			SeedTarget: "100% of major decisions", Measure: "Audit decision log completeness", Computed: true}),
		pct(MetricDef{Key: ScoreJourneyOwnership, Category: "Adoption", Name: "Journey ownership", Target: 100, HasTarget: true,
			SeedTarget: "All critical journeys have owners", Measure: "Count assigned vs. unassigned journeys", Computed: true}),
		pct(MetricDef{Key: ScoreStoryLibraryUsage, Category: "Adoption", Name: "Story library usage", Target: 80, HasTarget: true,
			SeedTarget: "Used in 80%+ of planning meetings", Measure: "Survey teams; audit meeting notes", Computed: true}),

		ten(MetricDef{Key: ScoreCustomerFluency, Category: "Capability", Name: "Customer fluency", Target: 8, HasTarget: true,
			SeedTarget: "8+/10 team avg", Measure: `Survey: "I can articulate customer goals and pain points"`}),
		pct(MetricDef{Key: ScoreOutsideInThinking, Category: "Capability", Name: "Outside-in thinking", Target: 70, HasTarget: true,
			SeedTarget: "70%+ of pitches include customer story", Measure: "Audit proposals and pitches", Computed: true}),
		ten(MetricDef{Key: ScoreCollaboration, Category: "Capability", Name: "Cross-team collaboration", Target: 8, HasTarget: true,
			SeedTarget: "8+/10 satisfaction", Measure: "Survey journey owners on team alignment"}),
		{Key: ScoreBlockerResolution, Category: "Capability", Name: "Blocker resolution", Unit: "days", Better: LowerIsBetter,
			Target: 7, HasTarget: true, Strict: true, Max: 3650,
			SeedTarget: "<1 week avg", Measure: "Track time from blocker raised to resolved", Computed: true},
		{Key: ScoreLeadershipBehaviour, Category: "Capability", Name: "Leadership behavior level", Unit: "level", Target: 4, HasTarget: true,
			Min: 1, Max: 5, SeedTarget: "Avg level 4+ (Enable)", Measure: "Assess leaders using behavior ladder"},

		pct(MetricDef{Key: ScoreJourneyPerformance, Category: "Outcome", Name: "Journey performance", Target: 75, HasTarget: true,
			SeedTarget: "75%+ of journeys improving", Measure: "Track CES, completion rate, satisfaction trends", Computed: true}),
		pct(MetricDef{Key: ScorePromiseKeep, Category: "Outcome", Name: "Promise-keep rate", Target: 90, HasTarget: true,
			SeedTarget: "90%+ across all promises", Measure: "Quarterly promise-proof audit", Computed: true}),
		{Key: ScoreCustomerRetention, Category: "Outcome", Name: "Customer retention", Unit: "% YoY", Target: 0, HasTarget: true, Strict: true,
			Min: -100, Max: 1000, SeedTarget: "YoY improvement", Measure: "Cohort retention analysis"},
		pct(MetricDef{Key: ScoreVOCResponseRate, Category: "Outcome", Name: "VOC response rate", Target: 80, HasTarget: true,
			SeedTarget: "80%+ issues actioned within 30 days", Measure: "Track VOC triage outcomes", Computed: true}),
		pct(MetricDef{Key: ScoreRoadmapAlignment, Category: "Outcome", Name: "Roadmap alignment", Target: 60, HasTarget: true,
			SeedTarget: "60%+ tied to VOC themes", Measure: "Analyze roadmap against customer insights"}),

		{Key: ScoreRevenueGrowth, Category: "Business", Name: "Revenue growth", Unit: "% YoY", Min: -100, Max: 1000,
			SeedTarget: "none: better experiences drive acquisition and expansion", Measure: "Revenue growth, year on year"},
		{Key: ScoreLifetimeValue, Category: "Business", Name: "Customer lifetime value", Max: 1e12,
			SeedTarget: "none: reduced friction increases retention and spend", Measure: "Average customer lifetime value"},
		{Key: ScoreCostToServe, Category: "Business", Name: "Cost to serve", Better: LowerIsBetter, Max: 1e12,
			SeedTarget: "none: effortless experiences reduce support costs", Measure: "Support cost per customer"},
		{Key: ScoreNPSTrend, Category: "Business", Name: "NPS/CSAT trend", Unit: "NPS", Min: -100, Max: 100,
			SeedTarget: "none: overall satisfaction reflects leadership effectiveness", Measure: "NPS (or CSAT) for the quarter"},
		ten(MetricDef{Key: ScoreMarketDifferentiation, Category: "Business", Name: "Market differentiation",
			SeedTarget: "none: superior CX becomes competitive advantage", Measure: "Competitive CX benchmark, rated 0 to 10"}),
	}
}

// healthDefs are the ritual health indicators: what the rituals do, kept
// apart from the seed's outcome metrics.
func healthDefs() []MetricDef {
	return []MetricDef{
		{Key: ScoreActionClosure, Category: CategoryRitualHealth, Name: "Action closure", Unit: "%", Target: 80, HasTarget: true, Computed: true, Max: 100},
		{Key: ScoreOverdueActions, Category: CategoryRitualHealth, Name: "Overdue actions", Better: LowerIsBetter, HasTarget: true, Computed: true},
		{Key: ScoreReviewsOnTime, Category: CategoryRitualHealth, Name: "Decisions reviewed on time", Unit: "%", Target: 100, HasTarget: true, Computed: true, Max: 100},
	}
}

// FindMetric finds a metric of the seed's tables by key or name, as typed:
// "ritual_consistency", "ritual-consistency", "Ritual consistency".
func FindMetric(s string) (MetricDef, error) {
	k := metricKey(s)
	for _, d := range MetricDefs() {
		if d.Key == k || metricKey(d.Name) == k {
			return d, nil
		}
	}
	return MetricDef{}, Errorf(EINVALID, "%q is not a scorecard metric; `cxroom scorecard metrics` lists them", clip(s))
}

func metricKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_", "/", "_").Replace(s)
}

// ParseValue reads a value typed for the metric: "88", "88%", "7.2/10",
// "124h", "124 hrs", "+8", "9 days". The value must be in the metric's
// range.
func (d MetricDef) ParseValue(raw string) (float64, error) {
	s := strings.ToLower(CleanLine(raw, 40))
	s = strings.TrimSpace(strings.TrimPrefix(s, "$"))
	for _, suffix := range []string{"per $1", "per $", "months", "month", "mo", "% yoy", "yoy", "/10", "/7", "/5", "%", "hours", "hrs", "hr", "h", "days", "day", "d", "nps", "pts"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	s = strings.ReplaceAll(strings.TrimPrefix(s, "level"), ",", "")
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, Errorf(EINVALID, "%s: %q is not a number", d.Name, clip(raw))
	}
	if v < d.Min || v > d.Max {
		return 0, Errorf(EINVALID, "%s: %s is out of range (%s to %s)", d.Name, fmtNum(v), fmtNum(d.Min), fmtNum(d.Max))
	}
	return v, nil
}

// fmtNum is a number as the scorecard shows it: at most one decimal.
func fmtNum(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// FormatValue is a value with its unit: "88%", "124 hrs", "7.2/10",
// "9 days", "level 3.8", "+8% YoY", "NPS 42", "4820".
func (d MetricDef) FormatValue(v float64) string {
	n := fmtNum(v)
	switch d.Unit {
	case "%", "/10", "/7", "/5":
		return n + d.Unit
	case "$ per $1":
		return "$" + n + " per $1"
	case "% YoY":
		if v > 0 {
			n = "+" + n
		}
		return n + "% YoY"
	case "level":
		return "level " + n
	case "NPS":
		return "NPS " + n
	case "":
		return n
	}
	return n + " " + d.Unit
}

// FormatTarget says a target as the seed does: "95%", "< 7 days",
// "> 0% YoY", "8/10".
func (d MetricDef) FormatTarget(t float64) string {
	v := d.FormatValue(t)
	switch {
	case d.Better == LowerIsBetter && d.Strict:
		return "< " + v
	case d.Better == LowerIsBetter:
		return "≤ " + v
	case d.Strict:
		return "> " + v
	}
	return v
}

// Met reports whether v meets target t.
func (d MetricDef) Met(v, t float64) bool {
	const eps = 1e-9
	switch {
	case d.Better == LowerIsBetter && d.Strict:
		return v < t-eps
	case d.Better == LowerIsBetter:
		return v <= t+eps
	case d.Strict:
		return v > t+eps
	}
	return v >= t-eps
}

// gap is how far v falls short of t, relative to the target (a target
// near zero counts as 1, so "2 points short of 0" is a gap of 2).
func (d MetricDef) gap(v, t float64) float64 {
	return math.Abs(v-t) / math.Max(math.Abs(t), 1)
}

// trend compares the period's figure with the prior period's: a change of
// less than 2% of the prior value (or of 1, near zero) is steady.
func (d MetricDef) trend(prior, cur float64) Trend {
	change := (cur - prior) / math.Max(math.Abs(prior), 1)
	if math.Abs(change) < stableBand {
		return TrendStable
	}
	if (change > 0) == (d.Better == HigherIsBetter) {
		return TrendImproving
	}
	return TrendDeclining
}

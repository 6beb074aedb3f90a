package meeting

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// ScoreStatus is a scorecard traffic light.
type ScoreStatus string

const (
	ScoreGreen ScoreStatus = "green" // on track
	ScoreAmber ScoreStatus = "amber" // needs attention
	ScoreRed   ScoreStatus = "red"   // at risk
	ScoreNA    ScoreStatus = "n/a"   // no figure to judge
)

// ParseScoreStatus accepts green, amber or red (and the seed's words: on
// track, needs attention, at risk).
func ParseScoreStatus(s string) (ScoreStatus, error) {
	switch lower(s) {
	case "green", "on track", "on-track", "🟢":
		return ScoreGreen, nil
	case "amber", "yellow", "needs attention", "🟡":
		return ScoreAmber, nil
	case "red", "at risk", "at-risk", "🔴":
		return ScoreRed, nil
	}
	return "", Errorf(EINVALID, "status %q is not green, amber or red", clip(s))
}

// ScoreSource says where a figure comes from.
type ScoreSource string

const (
	SourceComputed ScoreSource = "computed" // from cxroom's records
	SourceEntered  ScoreSource = "entered"  // typed in by a facilitator, with its source
)

// StatusRule is how the scorecard judges a status: the gap to the target
// and the direction since the prior quarter. The seed's statuses are
// judgements, so a facilitator may override one with a reason.
const StatusRule = "Green: on target. Amber: short of the target by at most 10% of it and not moving away from it, " +
	"or further off but improving since the prior quarter. Red: further off and not improving, or within 10% but " +
	"moving away. With no target, the direction alone: improving green, steady amber, declining red. " +
	"A change under 2% counts as steady. A facilitator may override any status with a one-line reason, shown next to it."

// attentionBand is how far below target (relative to it) is amber rather
// than red.
const attentionBand = 0.10

// DrillRow is one record behind a figure: a meeting held or missed, a
// decision lacking a rationale, a blocker and how long it took.
type DrillRow struct {
	Kind string `json:"kind"` // occurrence, shadowing, decision, journey, meeting, proposal, blocker, promise, issue, action, entry
	ID   string `json:"id,omitempty"`
	Date Date   `json:"date,omitempty"`
	Text string `json:"text"`
	Note string `json:"note,omitempty"` // how it counted, or why it did not
	Flag bool   `json:"flag,omitempty"` // what needs attention: missed, undocumented, slow
}

// Line is the row as one line of text.
func (r DrillRow) Line() string {
	s := r.Text
	if r.ID != "" {
		s = r.ID + " " + s
	}
	if r.Date != "" {
		s = string(r.Date) + " " + s
	}
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}

// Score is one metric of the scorecard for a quarter: its actual, the
// target it is judged against (the next quarter's, as in the seed's
// example), the prior quarter's figure, the trend and the status.
type Score struct {
	Key      string
	Category string
	Name     string
	Unit     string
	Source   ScoreSource
	// The period's figure; HasValue false: nothing to measure.
	HasValue    bool
	Value       float64
	Numerator   int // for a ratio: the part; else 0
	Denominator int // for a ratio: the whole; for an average: how many were averaged
	// The target, as set for TargetPeriod (or carried from an earlier
	// quarter, or the seed's default when TargetBy is empty).
	HasTarget    bool
	Target       float64
	TargetPeriod Period
	TargetFrom   Period // the quarter the target was set for; zero: the seed's default
	TargetBy     string
	// The prior quarter's figure.
	HasPrior    bool
	Prior       float64
	PriorSource ScoreSource
	Trend       Trend
	// The status and why; Overridden when a facilitator judged it.
	Status       ScoreStatus
	StatusReason string
	Overridden   bool
	OverrideBy   string
	// An entered figure: its source, who entered it and when.
	EnteredSource string
	EnteredBy     string
	EnteredAt     time.Time
	Explanation   string     // how the figure was made: what counted and what did not
	Drill         []DrillRow // the records behind it
}

// Def is the score's metric.
func (s Score) Def() MetricDef {
	for _, d := range append(MetricDefs(), healthDefs()...) {
		if d.Key == s.Key {
			return d
		}
	}
	return MetricDef{Key: s.Key, Name: s.Name, Unit: s.Unit, Category: s.Category}
}

// ActualText is the figure as the scorecard shows it: "88% (22 of 25)",
// "9.5 days", "7.2/10", "—" when there is none.
func (s Score) ActualText() string {
	if !s.HasValue {
		return "—"
	}
	v := s.Def().FormatValue(s.Value)
	if s.Unit == "%" && s.Denominator > 0 && (s.Numerator > 0 || s.Value == 0) {
		v += fmt.Sprintf(" (%d of %d)", s.Numerator, s.Denominator)
	}
	return v
}

// TargetText is the target as the seed says it: "95%", "< 7 days", "—".
func (s Score) TargetText() string {
	if !s.HasTarget {
		return "—"
	}
	return s.Def().FormatTarget(s.Target)
}

// PriorText is the prior quarter's figure, "—" when there is none.
func (s Score) PriorText() string {
	if !s.HasPrior {
		return "—"
	}
	return s.Def().FormatValue(s.Prior)
}

// Lines is the drill-down as text, one record a line.
func (s Score) Lines() []string {
	out := make([]string, 0, len(s.Drill))
	for _, r := range s.Drill {
		out = append(out, r.Line())
	}
	return out
}

// ScorecardInput is what a scorecard is computed from: the records, the
// day and instant it is computed at, the time zone its quarters are
// counted in and the quarter.
type ScorecardInput struct {
	Today Date
	// Now is the instant today is judged at (an occurrence scheduled later
	// today has not happened yet); zero: the start of Today.
	Now time.Time
	// Loc is the time zone that decides on which day (so in which quarter)
	// an instant falls; nil: UTC.
	Loc *time.Location
	// Period is the quarter; zero: the days Since..Today (Since default:
	// 90 days before Today), with no prior quarter.
	Period Period
	Since  Date

	Series    []*Series
	Meetings  []*Meeting
	Actions   []*Action
	Decisions []*Decision
	Issues    []*Issue
	Journeys  []*Journey
	Promises  []*Promise
	Stories   []*Story
	Proposals []*Proposal
	Shadowing []*Shadowing
	Sheets    []*ScoreSheet
}

// ScorecardView is the scorecard of one quarter.
type ScorecardView struct {
	Period     Period // zero for a range of days
	Prior      Period
	Next       Period // whose targets the figures are judged against
	From, To   Date   // the days counted: the quarter, up to today while it runs
	InProgress bool
	Zone       string
	Today      Date
	Scores     []Score // the seed's twenty metrics, by category
	Health     []Score // ritual health: activity, not outcomes
	Rule       string
}

// Score returns the score with key k, from either list.
func (v *ScorecardView) Score(k string) (Score, bool) {
	for _, s := range append(slices.Clip(v.Scores), v.Health...) {
		if s.Key == k {
			return s, true
		}
	}
	return Score{}, false
}

// Scorecard computes the seed's metrics (ScorecardView.Scores).
func Scorecard(in ScorecardInput) []Score { return ComputeScorecard(in).Scores }

// span is the days a figure counts.
type span struct{ from, to Date }

func (r span) has(d Date) bool { return d != "" && !d.Before(r.from) && !r.to.Before(d) }

func (r span) String() string { return fmt.Sprintf("%s to %s", r.from, r.to) }

// ComputeScorecard computes every metric for the input's quarter, its
// prior quarter and the ritual health indicators.
func ComputeScorecard(in ScorecardInput) *ScorecardView {
	if in.Loc == nil {
		in.Loc = time.UTC
	}
	if in.Today == "" {
		in.Today = DateOf(time.Now().In(in.Loc))
	}
	if in.Now.IsZero() {
		in.Now = in.Today.Time(in.Loc)
	}
	v := &ScorecardView{Zone: scoreZone(in.Loc, in.Now), Today: in.Today, Rule: StatusRule}
	var cur span
	var prior *span
	if in.Period.IsZero() {
		if in.Since == "" {
			in.Since = in.Today.AddDays(-90)
		}
		cur = span{in.Since, in.Today}
		v.Next = PeriodOf(in.Today).Next()
	} else {
		p := in.Period
		cur = span{p.First(), p.Last()}
		if in.Today.Before(cur.to) {
			cur.to, v.InProgress = in.Today, true
		}
		pr := span{p.Prev().First(), p.Prev().Last()}
		prior = &pr
		v.Period, v.Prior, v.Next = p, p.Prev(), p.Next()
	}
	v.From, v.To = cur.from, cur.to
	c := &scoring{in: in, view: v}
	for _, d := range MetricDefs() {
		v.Scores = append(v.Scores, c.score(d, cur, prior))
	}
	for _, d := range healthDefs() {
		v.Health = append(v.Health, c.score(d, cur, prior))
	}
	return v
}

// figure is one metric over one span.
type figure struct {
	has         bool
	value       float64
	num, den    int
	explanation string
	drill       []DrillRow
	source      ScoreSource
	by          string
	at          time.Time
	note        string // an entered figure's source
}

type scoring struct {
	in   ScorecardInput
	view *ScorecardView
}

func (c *scoring) sheet(p Period) *ScoreSheet {
	for _, s := range c.in.Sheets {
		if s.Period == p.String() {
			return s
		}
	}
	return nil
}

// figure computes d over r (p is r's quarter, zero for a range of days):
// from the records when cxroom computes it, else as entered. A quarter
// before cxroom held records for a computed metric shows what was entered
// for it (imported history); where cxroom has records, they decide.
func (c *scoring) figure(d MetricDef, r span, p Period) figure {
	var f figure
	if d.Computed {
		f = c.compute(d.Key, r)
		f.source = SourceComputed
		if f.has || p.IsZero() {
			return f
		}
	}
	e, ok := c.sheet(p).Entry(d.Key)
	if !ok || e.Value == nil {
		if !d.Computed {
			f.explanation = fmt.Sprintf("No figure was entered for %s (measured by: %s).", p.Label(), d.Measure)
		}
		return f
	}
	computedNote := f.explanation
	f = figure{has: true, value: *e.Value, source: SourceEntered, by: e.EnteredBy, at: e.EnteredAt, note: e.Source}
	f.explanation = fmt.Sprintf("Entered by %s on %s; source: %s.", e.EnteredBy, DateOf(e.EnteredAt.In(c.in.Loc)), e.Source)
	if d.Computed {
		f.explanation += " cxroom holds no records for it in " + p.Label() + ", so the entered figure stands. " + computedNote
	}
	f.drill = []DrillRow{{Kind: "entry", Date: DateOf(e.EnteredAt.In(c.in.Loc)), Text: d.FormatValue(*e.Value), Note: "entered by " + e.EnteredBy + ", source: " + e.Source}}
	return f
}

// target is d's target for quarter p: the one set for p, else the latest
// set for an earlier quarter, else the seed's.
func (c *scoring) target(d MetricDef, p Period) (t float64, has bool, from Period, by string) {
	var best *ScoreSheet
	var val float64
	for _, s := range c.in.Sheets {
		sp, err := ParsePeriod(s.Period)
		if err != nil || p.Before(sp) {
			continue
		}
		if e, ok := s.Entry(d.Key); ok && e.Target != nil {
			if best == nil || mustPeriod(best.Period).Before(sp) {
				best, val, by = s, *e.Target, e.TargetBy
			}
		}
	}
	if best != nil {
		return val, true, mustPeriod(best.Period), by
	}
	return d.Target, d.HasTarget, Period{}, ""
}

func mustPeriod(s string) Period {
	p, _ := ParsePeriod(s)
	return p
}

func (c *scoring) score(d MetricDef, cur span, prior *span) Score {
	v := c.view
	s := Score{Key: d.Key, Category: d.Category, Name: d.Name, Unit: d.Unit, Trend: TrendUnknown}
	f := c.figure(d, cur, v.Period)
	s.Source, s.HasValue, s.Value, s.Numerator, s.Denominator = f.source, f.has, round1(f.value), f.num, f.den
	s.Explanation, s.Drill = f.explanation, f.drill
	if s.Source == "" { // no figure: where one would come from
		s.Source = SourceEntered
		if d.Computed {
			s.Source = SourceComputed
		}
	}
	if f.source == SourceEntered {
		s.EnteredSource, s.EnteredBy, s.EnteredAt = f.note, f.by, f.at
	}
	if prior != nil && d.Category != CategoryRitualHealth {
		pf := c.figure(d, *prior, v.Prior)
		if pf.has {
			s.HasPrior, s.Prior, s.PriorSource = true, round1(pf.value), pf.source
		}
	}
	if s.HasValue && s.HasPrior {
		s.Trend = d.trend(s.Prior, s.Value)
	}
	s.TargetPeriod = v.Next
	if d.Category == CategoryRitualHealth {
		s.Target, s.HasTarget = d.Target, d.HasTarget
	} else {
		s.Target, s.HasTarget, s.TargetFrom, s.TargetBy = c.target(d, v.Next)
	}
	s.Status, s.StatusReason = judge(d, s, v.Prior)
	if e, ok := c.sheet(v.Period).Entry(d.Key); ok && e.Override != "" && !v.Period.IsZero() {
		s.Status, s.Overridden, s.OverrideBy = e.Override, true, e.OverrideBy
		s.StatusReason = fmt.Sprintf("%s (set by %s; the rule says %s)", e.OverrideReason, e.OverrideBy, judgeStatus(d, s, v.Prior))
	}
	return s
}

func judgeStatus(d MetricDef, s Score, prior Period) string {
	st, reason := judge(d, s, prior)
	return string(st) + ", " + reason
}

// judge applies StatusRule.
func judge(d MetricDef, s Score, prior Period) (ScoreStatus, string) {
	if !s.HasValue {
		return ScoreNA, "no figure for the period"
	}
	since := "since " + prior.Label()
	if prior.IsZero() {
		since = "since the prior quarter"
	}
	dir := map[Trend]string{TrendImproving: "improving " + since, TrendDeclining: "declining " + since,
		TrendStable: "steady " + since, TrendUnknown: "no prior figure to compare"}[s.Trend]
	if !s.HasTarget {
		switch s.Trend {
		case TrendImproving:
			return ScoreGreen, "no target; " + dir
		case TrendDeclining:
			return ScoreRed, "no target; " + dir
		case TrendStable:
			return ScoreAmber, "no target; " + dir
		}
		return ScoreNA, "no target and no prior figure to compare"
	}
	target := d.FormatTarget(s.Target)
	if d.Met(s.Value, s.Target) {
		return ScoreGreen, fmt.Sprintf("meets the %s target; %s", target, dir)
	}
	gap := d.gap(s.Value, s.Target)
	pct := fmt.Sprintf("%s%%", fmtNum(100*gap))
	if gap <= attentionBand+1e-9 {
		if s.Trend == TrendDeclining {
			return ScoreRed, fmt.Sprintf("%s off the %s target and %s", pct, target, dir)
		}
		return ScoreAmber, fmt.Sprintf("%s off the %s target; %s", pct, target, dir)
	}
	if s.Trend == TrendImproving {
		return ScoreAmber, fmt.Sprintf("%s off the %s target but %s", pct, target, dir)
	}
	return ScoreRed, fmt.Sprintf("%s off the %s target; %s", pct, target, dir)
}

// scoreZone names a time zone as a person can tell it: its IANA name, or
// for the machine's own zone its abbreviation.
func scoreZone(loc *time.Location, now time.Time) string {
	if n := loc.String(); n != "Local" {
		return n
	}
	return now.In(loc).Format("MST") + " (this machine's zone)"
}

// round1 rounds to one decimal: the status is judged on the figure shown.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// day is the calendar day of instant t in the scorecard's zone, or
// fallback for a record that holds a day only.
func (in ScorecardInput) day(t time.Time, fallback Date) Date {
	if t.IsZero() {
		return fallback
	}
	return DateOf(t.In(in.Loc))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

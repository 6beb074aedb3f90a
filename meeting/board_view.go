package meeting

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The board report of a quarter: the seed's "Template: Board CX
// Scorecard" filled from cxroom's records. Figures come from the quarterly
// sheets (entered) and the escalations (executive response time); the
// written parts from the quarter's board brief, with cxroom proposing the
// movements to mention and what's working or of concern; the customer
// themes from the quarter's VOC triage issues; the strategic actions from
// the charters and the open escalations; the leadership effectiveness
// scorecard from issue 13's scorecard.

// TrendQuarters is how many quarters a board figure's trend shows: the
// quarter and the four before it, so a year ago is on the chart.
const TrendQuarters = 5

// BoardPoint is one quarter of a figure's trend.
type BoardPoint struct {
	Period Period
	Has    bool
	Value  float64
}

// BoardFigure is one board metric for a quarter: current, prior quarter,
// year ago, the target, the trends and the status.
type BoardFigure struct {
	Metric     BoardMetric
	Has        bool
	Value      float64
	HasPrior   bool
	Prior      float64
	HasYearAgo bool
	YearAgo    float64
	HasTarget  bool
	Target     float64
	TargetFrom Period // the quarter the target was set for; zero: the seed's default
	TargetBy   string
	QoQ, YoY   Trend
	Status     ScoreStatus
	Reason     string
	// Where the figure comes from: "entered" with its source, who and when,
	// or "computed".
	Source    ScoreSource
	Note      string
	EnteredBy string
	EnteredAt time.Time
	Series    []BoardPoint // TrendQuarters quarters to the figure's, oldest first
}

// ValueText is the current figure with its unit, "—" when there is none.
func (f BoardFigure) ValueText() string { return f.text(f.Has, f.Value) }

// PriorText is the prior quarter's figure.
func (f BoardFigure) PriorText() string { return f.text(f.HasPrior, f.Prior) }

// YearAgoText is the figure of the same quarter a year before.
func (f BoardFigure) YearAgoText() string { return f.text(f.HasYearAgo, f.YearAgo) }

// TargetText is the target as the seed says it: "110%", "< 60 days".
func (f BoardFigure) TargetText() string {
	if !f.HasTarget {
		return "—"
	}
	return f.Metric.FormatTarget(f.Target)
}

func (f BoardFigure) text(has bool, v float64) string {
	if !has {
		return "—"
	}
	return f.Metric.FormatValue(v)
}

// Trended reports whether the figure has at least two quarters to draw.
func (f BoardFigure) Trended() bool {
	n := 0
	for _, p := range f.Series {
		if p.Has {
			n++
		}
	}
	return n >= 2
}

// VOCTheme is one theme of the quarter's VOC triage issues.
type VOCTheme struct {
	Theme  string
	Issues []string // issue ids, by rank of votes
	Votes  int
}

// StrategicAction is one line of the board's strategic actions.
type StrategicAction struct {
	Initiative string
	Impact     string
	Timeline   string
	Owner      string // a handle (or a name): the sponsor, or whom an escalation went to
	OwnerRole  string // the sponsor's C-suite role, or the escalation's note
	Source     string // "charter K1", "escalation A12"
}

// BoardView is the board report of one quarter.
type BoardView struct {
	Period, Prior, YearAgo Period
	From, To               Date
	InProgress             bool
	Zone                   string
	Today                  Date
	Figures                []BoardFigure // the twelve, in the seed's order
	Response               ExecResponse  // the quarter's escalations
	Brief                  BoardBrief    // what the leader wrote (zero: nothing yet)
	// Proposed by cxroom for the leader to use: the movements worth
	// mentioning, what's working and the areas of concern.
	Movements []string
	Working   []string
	Concerns  []string
	Themes    []VOCTheme // the top 3
	Actions   []StrategicAction
	Charters  []*Charter // active, or decided in the quarter
	AtRisk    []*Account // the top 10 still at risk
	ARRAtRisk float64
	// Leadership is the quarter's leadership effectiveness scorecard.
	Leadership *ScorecardView
	Rule       string
}

// OnBoard returns the figures of the board's one-page scorecard.
func (v *BoardView) OnBoard() []BoardFigure {
	var out []BoardFigure
	for _, f := range v.Figures {
		if f.Metric.OnBoard {
			out = append(out, f)
		}
	}
	return out
}

// Figure returns the figure of metric key k.
func (v *BoardView) Figure(k string) (BoardFigure, bool) {
	for _, f := range v.Figures {
		if f.Metric.Key == k {
			return f, true
		}
	}
	return BoardFigure{}, false
}

// BoardInput is what a board report is computed from.
type BoardInput struct {
	ScorecardInput // Period, Today, Now, Loc; the sheets, actions, issues…
	Charters       []*Charter
	Accounts       []*Account
	Briefs         []*BoardBrief
}

// BoardRule says how a board figure's status is judged.
const BoardRule = "Against the quarter's target: green on target; amber short by at most 10% of it and not declining, " +
	"or further off but improving since the prior quarter; red otherwise. Executive response time is judged on days to resolve, " +
	"and is amber at best while escalations take 24 hours or more to assign."

// ComputeBoard fills the board report of in.Period (zero: the quarter
// Today falls in).
func ComputeBoard(in BoardInput) *BoardView {
	if in.Loc == nil {
		in.Loc = time.UTC
	}
	if in.Today == "" {
		in.Today = DateOf(time.Now().In(in.Loc))
	}
	if in.Now.IsZero() {
		in.Now = in.Today.Time(in.Loc)
	}
	p := in.Period
	if p.IsZero() {
		p = PeriodOf(in.Today)
		in.Period = p
	}
	v := &BoardView{Period: p, Prior: p.Prev(), YearAgo: Period{Year: p.Year - 1, Quarter: p.Quarter},
		From: p.First(), To: p.Last(), Zone: scoreZone(in.Loc, in.Now), Today: in.Today, Rule: BoardRule}
	if in.Today.Before(v.To) {
		v.To, v.InProgress = in.Today, true
	}
	sc := &scoring{in: in.ScorecardInput}
	for _, m := range BoardMetrics() {
		v.Figures = append(v.Figures, boardFigure(sc, in, m, p))
	}
	v.Response = ComputeExecResponse(in.Actions, v.From, v.To, in.Now, in.Loc)
	for _, b := range in.Briefs {
		if b.Period == p.String() {
			v.Brief = *b
		}
	}
	v.proposeMovements()
	v.Themes = quarterThemes(in.Issues, v.From, v.To, in.Loc)
	v.strategicActions(in)
	var atRisk []*Account
	for _, x := range in.Accounts {
		if x.Status == AccountAtRisk {
			atRisk = append(atRisk, x)
			v.ARRAtRisk += x.ARR
		}
	}
	SortAtRisk(atRisk)
	v.AtRisk = atRisk[:min(len(atRisk), TopAtRisk)]
	v.Leadership = ComputeScorecard(in.ScorecardInput)
	return v
}

// boardValue is metric m's figure for quarter q: entered on q's sheet, or
// computed from the escalations.
func boardValue(sc *scoring, in BoardInput, m BoardMetric, q Period) (f BoardFigure) {
	if m.Key == BoardExecResponse {
		to := q.Last()
		if in.Today.Before(to) {
			to = in.Today
		}
		r := ComputeExecResponse(in.Actions, q.First(), to, in.Now, in.Loc)
		if r.Resolved > 0 {
			f.Has, f.Value = true, r.MeanDaysToResolve
		}
		f.Source, f.Note = SourceComputed, r.Summary()
		return f
	}
	e, ok := sc.sheet(q).Entry(m.Key)
	if ok && e.Value != nil {
		f.Has, f.Value, f.Source, f.Note, f.EnteredBy, f.EnteredAt = true, round1(*e.Value), SourceEntered, e.Source, e.EnteredBy, e.EnteredAt
	}
	return f
}

func boardFigure(sc *scoring, in BoardInput, m BoardMetric, p Period) BoardFigure {
	f := boardValue(sc, in, m, p)
	f.Metric, f.QoQ, f.YoY = m, TrendUnknown, TrendUnknown
	if f.Source == "" {
		f.Source = SourceEntered
	}
	prior := boardValue(sc, in, m, p.Prev())
	f.HasPrior, f.Prior = prior.Has, prior.Value
	ago := boardValue(sc, in, m, Period{Year: p.Year - 1, Quarter: p.Quarter})
	f.HasYearAgo, f.YearAgo = ago.Has, ago.Value
	if f.Has && f.HasPrior {
		f.QoQ = m.trend(f.Prior, f.Value)
	}
	if f.Has && f.HasYearAgo {
		f.YoY = m.trend(f.YearAgo, f.Value)
	}
	q := p
	for range TrendQuarters - 1 {
		q = q.Prev()
	}
	for range TrendQuarters {
		x := boardValue(sc, in, m, q)
		f.Series = append(f.Series, BoardPoint{Period: q, Has: x.Has, Value: x.Value})
		q = q.Next()
	}
	f.Target, f.HasTarget, f.TargetFrom, f.TargetBy = sc.target(m.MetricDef, p)
	s := Score{HasValue: f.Has, Value: f.Value, HasTarget: f.HasTarget, Target: f.Target, Trend: f.QoQ}
	f.Status, f.Reason = judge(m.MetricDef, s, p.Prev())
	if m.Key == BoardExecResponse {
		to := p.Last()
		if in.Today.Before(to) {
			to = in.Today
		}
		r := ComputeExecResponse(in.Actions, p.First(), to, in.Now, in.Loc)
		if r.Assigned > 0 && r.MeanHoursToAssign >= AssignWithin.Hours() && f.Status == ScoreGreen {
			f.Status = ScoreAmber
			f.Reason += fmt.Sprintf("; but assigned in %s h on average (target < 24 h)", fmtNum(r.MeanHoursToAssign))
		}
		if !f.Has && len(r.Escalations) > 0 {
			f.Reason = "no escalation resolved yet: " + r.Summary()
		}
	}
	return f
}

// proposeMovements lists, for the executive summary, the on-board
// figures that moved most since the prior quarter, and sorts the others
// into what's working and what is of concern.
func (v *BoardView) proposeMovements() {
	type move struct {
		f      BoardFigure
		change float64
	}
	var moves []move
	for _, f := range v.Figures {
		if f.Metric.Internal || !f.Has {
			continue
		}
		if f.HasPrior {
			moves = append(moves, move{f, (f.Value - f.Prior) / math.Max(math.Abs(f.Prior), 1)})
		}
		switch {
		case f.Status == ScoreGreen && f.QoQ != TrendDeclining:
			v.Working = append(v.Working, fmt.Sprintf("%s at %s (target %s)%s", f.Metric.Name, f.ValueText(), f.TargetText(), sinceText(f, v.Prior)))
		case f.Status == ScoreRed || f.QoQ == TrendDeclining:
			v.Concerns = append(v.Concerns, fmt.Sprintf("%s at %s against a target of %s%s", f.Metric.Name, f.ValueText(), f.TargetText(), sinceText(f, v.Prior)))
		}
	}
	slices.SortStableFunc(moves, func(a, b move) int { return cmp.Compare(math.Abs(b.change), math.Abs(a.change)) })
	for _, m := range moves[:min(3, len(moves))] {
		if m.f.QoQ == TrendStable {
			continue
		}
		word := "up"
		if m.f.Value < m.f.Prior {
			word = "down"
		}
		v.Movements = append(v.Movements, fmt.Sprintf("%s %s from %s to %s since %s (%s; target %s)",
			m.f.Metric.Name, word, m.f.PriorText(), m.f.ValueText(), v.Prior.Label(), m.f.QoQ, m.f.TargetText()))
	}
}

func sinceText(f BoardFigure, prior Period) string {
	if !f.HasPrior {
		return ""
	}
	return fmt.Sprintf(", %s from %s in %s", f.QoQ, f.PriorText(), prior.Label())
}

// quarterThemes ranks the themes of the VOC issues raised between from
// and to: by how many issues, then votes, then name; the top 3.
func quarterThemes(issues []*Issue, from, to Date, loc *time.Location) []VOCTheme {
	by := map[string]*VOCTheme{}
	var order []string
	sorted := slices.Clone(issues)
	slices.SortStableFunc(sorted, func(a, b *Issue) int {
		if c := cmp.Compare(len(b.Votes), len(a.Votes)); c != 0 {
			return c
		}
		return CompareIDs(a.ID, b.ID)
	})
	for _, i := range sorted {
		day := DateOf(i.CreatedAt.In(loc))
		theme := strings.TrimSpace(i.Theme)
		if theme == "" || day.Before(from) || to.Before(day) {
			continue
		}
		k := strings.ToLower(theme)
		t, ok := by[k]
		if !ok {
			t = &VOCTheme{Theme: theme}
			by[k] = t
			order = append(order, k)
		}
		t.Issues = append(t.Issues, i.ID)
		t.Votes += len(i.Votes)
	}
	out := make([]VOCTheme, 0, len(order))
	for _, k := range order {
		out = append(out, *by[k])
	}
	slices.SortStableFunc(out, func(a, b VOCTheme) int {
		if c := cmp.Compare(len(b.Issues), len(a.Issues)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Votes, a.Votes); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.Theme), strings.ToLower(b.Theme))
	})
	return out[:min(3, len(out))]
}

// strategicActions lists the charters running in the quarter and the
// escalations still open at its end.
func (v *BoardView) strategicActions(in BoardInput) {
	for _, c := range in.Charters {
		if v.To.Before(c.Start) {
			continue
		}
		decidedHere := slices.ContainsFunc(c.Gates, func(g Gate) bool {
			d := DateOf(g.DecidedAt.In(in.Loc))
			return g.Decided() && !d.Before(v.From) && !v.To.Before(d)
		})
		if c.Status != CharterActive && !decidedHere {
			continue
		}
		v.Charters = append(v.Charters, c)
		var impact []string
		for _, o := range c.Outcomes {
			s := o.Outcome
			if o.Target != "" {
				s += " (" + o.Target + ")"
			}
			impact = append(impact, s)
		}
		if c.ROI.RetentionImpact != "" {
			impact = append(impact, c.ROI.RetentionImpact)
		}
		timeline := c.Timeline()
		if g, ok := c.NextGate(); ok && c.Status == CharterActive {
			timeline += fmt.Sprintf("; next go/no-go: %s on %s", g.Point, g.Due)
		} else if c.Status == CharterStopped {
			timeline += "; stopped at a no-go"
		}
		v.Actions = append(v.Actions, StrategicAction{Initiative: c.Name, Impact: strings.Join(impact, "; "),
			Timeline: timeline, Owner: c.Sponsor, OwnerRole: c.SponsorRole, Source: "charter " + c.ID})
	}
	for _, a := range in.Actions {
		if a.Status != StatusEscalated {
			continue
		}
		to := ""
		for _, h := range a.History {
			if h.To == StatusEscalated && h.From != StatusEscalated {
				to = h.Note
			}
		}
		v.Actions = append(v.Actions, StrategicAction{Initiative: "Escalation: " + a.Text, Impact: "unblocks " + a.Owner + "'s commitment",
			Timeline: "due " + string(a.Due), Owner: a.Owner, OwnerRole: "escalated " + or(to, "without a note"), Source: "escalation " + a.ID})
	}
}

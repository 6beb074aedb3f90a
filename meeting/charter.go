package meeting

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Charter is an Executive CX Initiative Charter, the executive seed's
// template: a named C-suite sponsor and their commitment, the business
// objective, customer outcomes with target metrics, the investment and its
// opportunity cost, the ROI model, success metrics (baseline, 6- and
// 12-month targets), governance with go/no-go decision points at 30 days,
// 90 days and 6 months, and risks with their mitigations. Its go/no-go
// points come due in the steering committee the way actions do: listed in
// every steering committee from their date until decided.
type Charter struct {
	ID          string           `json:"id"` // K1, K2, …
	Name        string           `json:"name"`
	Sponsor     string           `json:"sponsor"`                // handle (or the name of someone outside the team)
	SponsorRole string           `json:"sponsor_role,omitempty"` // "CFO"
	Commitment  string           `json:"commitment,omitempty"`   // hours per month, key decisions, escalation authority
	Objective   string           `json:"objective"`
	Outcomes    []CharterOutcome `json:"outcomes"`
	// Investment.
	Budget          float64         `json:"budget,omitempty"` // in the organisation's currency
	BudgetTimeframe string          `json:"budget_timeframe,omitempty"`
	Headcount       float64         `json:"headcount,omitempty"` // FTE
	OpportunityCost string          `json:"opportunity_cost,omitempty"`
	ROI             ROIModel        `json:"roi"`
	SuccessMetrics  []SuccessMetric `json:"success_metrics"`
	// Governance.
	SteeringReview string        `json:"steering_review,omitempty"` // monthly, quarterly
	BoardUpdate    string        `json:"board_update,omitempty"`    // quarterly, as needed
	Start          Date          `json:"start"`                     // the go/no-go points count from it
	Gates          []Gate        `json:"gates"`
	Risks          []Risk        `json:"risks"`
	Status         CharterStatus `json:"status"`
	MeetingID      string        `json:"meeting_id,omitempty"` // where it was chartered
	CreatedBy      string        `json:"created_by"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// CharterOutcome is one customer outcome with its target metric.
type CharterOutcome struct {
	Outcome string `json:"outcome"`
	Metric  string `json:"metric,omitempty"`
	Target  string `json:"target,omitempty"`
}

// ROIModel is the charter's return: retention and expansion impact,
// efficiency gain, payback and 3-year NPV.
type ROIModel struct {
	RetentionImpact string  `json:"retention_impact,omitempty"`
	ExpansionImpact string  `json:"expansion_impact,omitempty"`
	EfficiencyGain  string  `json:"efficiency_gain,omitempty"`
	PaybackMonths   float64 `json:"payback_months,omitempty"`
	NPV3Year        float64 `json:"npv_3_year,omitempty"`
}

// SuccessMetric is one row of the charter's success metrics table.
type SuccessMetric struct {
	Metric   string `json:"metric"`
	Baseline string `json:"baseline,omitempty"`
	Target6  string `json:"target_6_month,omitempty"`
	Target12 string `json:"target_12_month,omitempty"`
}

// Risk is a risk and how it is mitigated.
type Risk struct {
	Risk       string `json:"risk"`
	Mitigation string `json:"mitigation,omitempty"`
}

// GateDecision is a go/no-go decision.
type GateDecision string

const (
	GateGo   GateDecision = "go"
	GateNoGo GateDecision = "no-go"
)

// ParseGateDecision accepts go or no-go (and nogo, stop, continue).
func ParseGateDecision(s string) (GateDecision, error) {
	switch lower(s) {
	case "go", "continue", "yes":
		return GateGo, nil
	case "no-go", "nogo", "no go", "no_go", "stop", "no":
		return GateNoGo, nil
	}
	return "", Errorf(EINVALID, "decision %q is not go or no-go", clip(s))
}

// Gate is one go/no-go decision point.
type Gate struct {
	Point     string       `json:"point"` // "30 days", "90 days", "6 months"
	Due       Date         `json:"due"`
	Decision  GateDecision `json:"decision,omitempty"`
	Note      string       `json:"note,omitempty"`
	DecidedBy string       `json:"decided_by,omitempty"`
	DecidedAt time.Time    `json:"decided_at,omitzero"`
	MeetingID string       `json:"meeting_id,omitempty"` // the steering committee that decided it
}

// Decided reports whether the point has its go or no-go.
func (g Gate) Decided() bool { return g.Decision != "" }

// CharterStatus is where an initiative stands.
type CharterStatus string

const (
	CharterActive    CharterStatus = "active"
	CharterStopped   CharterStatus = "stopped" // a no-go
	CharterCompleted CharterStatus = "completed"
)

// The seed's go/no-go points, from the charter's start.
var gatePoints = []struct {
	name          string
	days, months  int
	short, alias2 string
}{
	{"30 days", 30, 0, "30d", "30"},
	{"90 days", 90, 0, "90d", "90"},
	{"6 months", 0, 6, "6m", "180d"},
}

// GatesFrom returns the seed's three go/no-go points counted from start.
func GatesFrom(start Date) []Gate {
	t := start.Time(time.UTC)
	out := make([]Gate, 0, len(gatePoints))
	for _, p := range gatePoints {
		due := start.AddDays(p.days)
		if p.months > 0 {
			due = DateOf(t.AddDate(0, p.months, 0))
		}
		out = append(out, Gate{Point: p.name, Due: due})
	}
	return out
}

// FindGate returns the index of the point named as typed: "30d", "90
// days", "6m", or the next undecided one for "next".
func (c *Charter) FindGate(s string) (int, error) {
	k := strings.ReplaceAll(lower(s), " ", "")
	if k == "next" || k == "" {
		for i, g := range c.Gates {
			if !g.Decided() {
				return i, nil
			}
		}
		return -1, Errorf(EINVALID, "every go/no-go point of %s is decided", c.ID)
	}
	for i, p := range gatePoints {
		if k == p.short || k == p.alias2 || k == strings.ReplaceAll(p.name, " ", "") {
			if i < len(c.Gates) {
				return i, nil
			}
		}
	}
	return -1, Errorf(EINVALID, "go/no-go point %q is not 30d, 90d or 6m", clip(s))
}

// DueGates returns the undecided points due by day d, in order.
func (c *Charter) DueGates(d Date) []Gate {
	var out []Gate
	if c.Status != CharterActive {
		return nil
	}
	for _, g := range c.Gates {
		if !g.Decided() && !d.Before(g.Due) {
			out = append(out, g)
		}
	}
	return out
}

// NextGate returns the first undecided point, if any.
func (c *Charter) NextGate() (Gate, bool) {
	for _, g := range c.Gates {
		if !g.Decided() {
			return g, true
		}
	}
	return Gate{}, false
}

// Clone returns a deep copy.
func (c *Charter) Clone() *Charter {
	x := *c
	x.Outcomes = slices.Clone(c.Outcomes)
	x.SuccessMetrics = slices.Clone(c.SuccessMetrics)
	x.Gates = slices.Clone(c.Gates)
	x.Risks = slices.Clone(c.Risks)
	return &x
}

// Limits of a charter's lists.
const (
	MaxCharterRows = 10 // outcomes, success metrics, risks
)

// CharterInput is what a person types to charter an initiative; strings
// are raw and untrusted. Outcomes read "outcome; metric: M; target: T",
// success metrics "metric; baseline: B; 6m: X; 12m: Y", risks
// "risk -> mitigation".
type CharterInput struct {
	Name, Sponsor, SponsorRole, Commitment, Objective   string
	Outcomes, SuccessMetrics, Risks                     []string
	Budget, BudgetTimeframe, Headcount, OpportunityCost string
	RetentionImpact, ExpansionImpact, EfficiencyGain    string
	Payback, NPV                                        string
	SteeringReview, BoardUpdate, Start                  string
}

// NewCharter validates input into a charter made now by by.
func NewCharter(in CharterInput, by string, now time.Time) (*Charter, error) {
	c := &Charter{Status: CharterActive, CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	var err error
	for _, f := range []struct {
		dst      *string
		name     string
		raw      string
		max      int
		required bool
	}{
		{&c.Name, "the initiative's name", in.Name, MaxName, true},
		{&c.SponsorRole, "sponsor role", in.SponsorRole, MaxName, false},
		{&c.Commitment, "sponsor commitment", in.Commitment, MaxLine, false},
		{&c.Objective, "business objective", in.Objective, MaxLine, true},
		{&c.BudgetTimeframe, "budget timeframe", in.BudgetTimeframe, MaxName, false},
		{&c.OpportunityCost, "opportunity cost", in.OpportunityCost, MaxLine, false},
		{&c.ROI.RetentionImpact, "retention impact", in.RetentionImpact, MaxLine, false},
		{&c.ROI.ExpansionImpact, "expansion impact", in.ExpansionImpact, MaxLine, false},
		{&c.ROI.EfficiencyGain, "efficiency gain", in.EfficiencyGain, MaxLine, false},
		{&c.SteeringReview, "steering committee review", in.SteeringReview, MaxName, false},
		{&c.BoardUpdate, "board update", in.BoardUpdate, MaxName, false},
	} {
		if *f.dst, err = line(f.name, f.raw, f.max, f.required); err != nil {
			return nil, err
		}
	}
	if c.Sponsor, err = ownerField(in.Sponsor); err != nil {
		return nil, Errorf(EINVALID, "every charter needs an executive sponsor (--sponsor)")
	}
	if c.SteeringReview == "" {
		c.SteeringReview = "Monthly"
	}
	if c.BoardUpdate == "" {
		c.BoardUpdate = "Quarterly"
	}
	if c.Budget, err = ParseMoney("budget", in.Budget); err != nil {
		return nil, err
	}
	if c.ROI.NPV3Year, err = ParseMoney("3-year NPV", in.NPV); err != nil {
		return nil, err
	}
	if c.Headcount, err = parseAmount("headcount (FTE)", in.Headcount, "fte", 100000); err != nil {
		return nil, err
	}
	if c.ROI.PaybackMonths, err = parseAmount("payback period (months)", in.Payback, "months", 1200); err != nil {
		return nil, err
	}
	start := CleanLine(in.Start, 40)
	if start == "" {
		c.Start = DateOf(now)
	} else if c.Start, err = ParseDay(start, now); err != nil {
		return nil, err
	}
	c.Gates = GatesFrom(c.Start)
	for _, raw := range in.Outcomes {
		o := ParseOutcome(raw)
		if o.Outcome != "" {
			c.Outcomes = append(c.Outcomes, o)
		}
	}
	for _, raw := range in.SuccessMetrics {
		m := ParseSuccessMetric(raw)
		if m.Metric != "" {
			c.SuccessMetrics = append(c.SuccessMetrics, m)
		}
	}
	for _, raw := range in.Risks {
		r := ParseRisk(raw)
		if r.Risk != "" {
			c.Risks = append(c.Risks, r)
		}
	}
	return c, c.Validate()
}

// ParseDay reads a day as a date (2026-10-01, past or future) or as a due
// date is written (fri, +3d, next month).
func ParseDay(raw string, now time.Time) (Date, error) {
	if d, err := ParseDate(raw); err == nil {
		return d, nil
	}
	return ParseDue(raw, now)
}

// parts splits "head; key: value; key: value" into the head and the keyed
// parts (keys lower-cased); a part without a known key joins the head.
func parts(s string, keys ...string) (string, map[string]string) {
	fields := strings.Split(s, ";")
	head := strings.TrimSpace(fields[0])
	kv := map[string]string{}
	for _, p := range fields[1:] {
		k, v, ok := strings.Cut(p, ":")
		k = lower(k)
		if ok && slices.Contains(keys, k) {
			kv[k] = CleanLine(v, MaxLine)
			continue
		}
		head += ";" + p
	}
	return CleanLine(head, MaxLine), kv
}

// ParseOutcome reads "outcome; metric: M; target: T".
func ParseOutcome(s string) CharterOutcome {
	h, kv := parts(s, "metric", "target")
	return CharterOutcome{Outcome: h, Metric: kv["metric"], Target: kv["target"]}
}

// ParseSuccessMetric reads "metric; baseline: B; 6m: X; 12m: Y".
func ParseSuccessMetric(s string) SuccessMetric {
	h, kv := parts(s, "baseline", "6m", "6-month", "12m", "12-month")
	return SuccessMetric{Metric: h, Baseline: kv["baseline"], Target6: or(kv["6m"], kv["6-month"]), Target12: or(kv["12m"], kv["12-month"])}
}

// ParseRisk reads "risk -> mitigation" (or "risk → mitigation").
func ParseRisk(s string) Risk {
	s = strings.ReplaceAll(s, "→", "->")
	r, m, _ := strings.Cut(s, "->")
	return Risk{Risk: CleanLine(r, MaxLine), Mitigation: CleanLine(m, MaxLine)}
}

// ParseMoney reads an amount as people write it: "$5M", "750k",
// "1,200,000", "2.5m". Empty is zero.
func ParseMoney(field, raw string) (float64, error) {
	s := strings.ToLower(CleanLine(raw, 40))
	if s == "" {
		return 0, nil
	}
	s = strings.NewReplacer("$", "", "€", "", "£", "", ",", "", " ", "").Replace(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "bn"):
		s, mult = strings.TrimSuffix(s, "bn"), 1e9
	case strings.HasSuffix(s, "b"):
		s, mult = strings.TrimSuffix(s, "b"), 1e9
	case strings.HasSuffix(s, "m"):
		s, mult = strings.TrimSuffix(s, "m"), 1e6
	case strings.HasSuffix(s, "k"):
		s, mult = strings.TrimSuffix(s, "k"), 1e3
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v*mult) > 1e12 {
		return 0, Errorf(EINVALID, "%s %q is not an amount; write it like $5M, 750k or 1,200,000", field, clip(raw))
	}
	return v * mult, nil
}

// parseAmount reads a plain non-negative number with an optional unit word.
func parseAmount(field, raw, unit string, max float64) (float64, error) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.ToLower(CleanLine(raw, 40)), unit))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > max {
		return 0, Errorf(EINVALID, "%s %q is not a number from 0 to %s", field, clip(raw), fmtNum(max))
	}
	return v, nil
}

// FormatMoney writes an amount as a board reads it: "$5M", "$750k",
// "$1.25M".
func FormatMoney(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e9:
		return sign + "$" + strconv.FormatFloat(math.Round(v/1e7)/100, 'f', -1, 64) + "B"
	case v >= 1e6:
		return sign + "$" + strconv.FormatFloat(math.Round(v/1e4)/100, 'f', -1, 64) + "M"
	case v >= 1e3:
		return sign + "$" + strconv.FormatFloat(math.Round(v/10)/100, 'f', -1, 64) + "k"
	}
	return sign + "$" + strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// Validate checks a charter before it is stored.
func (c *Charter) Validate() error {
	var k check
	k.id("charter", 'K', c.ID)
	k.line("the initiative's name", c.Name, MaxName, true)
	k.handle("sponsor", c.Sponsor, true)
	k.line("sponsor role", c.SponsorRole, MaxName, false)
	k.line("sponsor commitment", c.Commitment, MaxLine, false)
	k.line("business objective", c.Objective, MaxLine, true)
	k.count("customer outcomes", len(c.Outcomes), MaxCharterRows)
	for _, o := range c.Outcomes {
		k.line("customer outcome", o.Outcome, MaxLine, true)
		k.line("outcome metric", o.Metric, MaxLine, false)
		k.line("outcome target", o.Target, MaxLine, false)
	}
	for _, v := range []struct {
		name string
		v    float64
	}{{"budget", c.Budget}, {"headcount", c.Headcount}, {"payback period", c.ROI.PaybackMonths}} {
		k.finite(v.name, v.v)
		if k.err == nil && v.v < 0 {
			k.fail("%s is negative", v.name)
		}
	}
	k.finite("3-year NPV", c.ROI.NPV3Year)
	k.line("budget timeframe", c.BudgetTimeframe, MaxName, false)
	k.line("opportunity cost", c.OpportunityCost, MaxLine, false)
	k.line("retention impact", c.ROI.RetentionImpact, MaxLine, false)
	k.line("expansion impact", c.ROI.ExpansionImpact, MaxLine, false)
	k.line("efficiency gain", c.ROI.EfficiencyGain, MaxLine, false)
	k.count("success metrics", len(c.SuccessMetrics), MaxCharterRows)
	for _, m := range c.SuccessMetrics {
		k.line("success metric", m.Metric, MaxLine, true)
		k.line("baseline", m.Baseline, MaxLine, false)
		k.line("6-month target", m.Target6, MaxLine, false)
		k.line("12-month target", m.Target12, MaxLine, false)
	}
	k.line("steering committee review", c.SteeringReview, MaxName, false)
	k.line("board update", c.BoardUpdate, MaxName, false)
	k.date("start", c.Start, true)
	if k.err == nil && len(c.Gates) != len(gatePoints) {
		k.fail("a charter has the seed's %d go/no-go points (30 days, 90 days, 6 months)", len(gatePoints))
	}
	for i, g := range c.Gates {
		if k.err != nil {
			break
		}
		if g.Point != gatePoints[i].name {
			k.fail("go/no-go point %d is %q, not %q", i+1, clip(g.Point), gatePoints[i].name)
		}
		k.date("go/no-go date", g.Due, true)
		switch g.Decision {
		case "", GateGo, GateNoGo:
		default:
			k.fail("go/no-go decision %q is not go or no-go", clip(string(g.Decision)))
		}
		k.line("go/no-go note", g.Note, MaxLine, false)
		k.handle("decided by", g.DecidedBy, g.Decided())
		k.ref("meeting", 'M', g.MeetingID)
	}
	k.count("risks", len(c.Risks), MaxCharterRows)
	for _, r := range c.Risks {
		k.line("risk", r.Risk, MaxLine, true)
		k.line("mitigation", r.Mitigation, MaxLine, false)
	}
	switch c.Status {
	case CharterActive, CharterStopped, CharterCompleted:
	default:
		k.fail("charter status %q is not active, stopped or completed", clip(string(c.Status)))
	}
	k.ref("meeting", 'M', c.MeetingID)
	k.handle("created by", c.CreatedBy, false)
	return k.err
}

// Decide records a go or no-go at point i, with a note; a no-go stops the
// initiative.
func (c *Charter) Decide(i int, d GateDecision, note, by, meetingID string, now time.Time) error {
	if i < 0 || i >= len(c.Gates) {
		return Errorf(EINVALID, "charter %s has no such go/no-go point", c.ID)
	}
	if c.Status != CharterActive {
		return Errorf(EINVALID, "%s is %s; its go/no-go points are closed", c.ID, c.Status)
	}
	var err error
	if note, err = line("note", note, MaxLine, false); err != nil {
		return err
	}
	if d == GateNoGo && note == "" {
		return Errorf(EINVALID, "a no-go needs a note saying what stops and where the budget goes")
	}
	g := &c.Gates[i]
	g.Decision, g.Note, g.DecidedBy, g.DecidedAt, g.MeetingID = d, note, by, now, meetingID
	if d == GateNoGo {
		c.Status = CharterStopped
	}
	c.UpdatedAt = now
	return nil
}

// Timeline is the charter's span as the board reads it: start to the
// 12-month mark.
func (c *Charter) Timeline() string {
	end := DateOf(c.Start.Time(time.UTC).AddDate(1, 0, 0))
	return fmt.Sprintf("%s to %s", c.Start, end)
}

// CharterFilter narrows a charter query.
type CharterFilter struct {
	Status CharterStatus // "": any
	DueBy  Date          // active, with an undecided go/no-go point due by this day
}

// Match reports whether c passes the filter.
func (f CharterFilter) Match(c *Charter) bool {
	return (f.Status == "" || c.Status == f.Status) && (f.DueBy == "" || len(c.DueGates(f.DueBy)) > 0)
}

// CharterStore keeps the initiative charters.
type CharterStore interface {
	CreateCharter(ctx context.Context, c *Charter) error
	UpdateCharter(ctx context.Context, id string, fn func(*Charter) error) (*Charter, error)
	Charter(ctx context.Context, id string) (*Charter, error)
	Charters(ctx context.Context, f CharterFilter) ([]*Charter, error) // by id
}

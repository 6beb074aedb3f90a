package report

import (
	"fmt"
	"strings"
	"time"

	"cxroom/meeting"
)

// notWritten stands in for a part of the board report the leader has not
// written yet (`cxroom board brief PART TEXT`).
const notWritten = "_not written yet_"

// boardSections are the board report's sections in the seed's order, each
// printed on its own page in the HTML.
var boardSections = []string{"Executive Summary", "Core Metrics", "Key Insights", "Strategic Actions",
	"Competitive Position", "Forward Look", "Leadership Effectiveness Scorecard"}

// BoardSections lists the board report's sections, in order.
func BoardSections() []string { return append([]string(nil), boardSections...) }

// BoardTitle is the report's title: "Q4 2026 Customer Experience Board
// Report".
func BoardTitle(v *meeting.BoardView) string {
	return v.Period.Label() + " Customer Experience Board Report"
}

// BoardScope is the report's one-line scope.
func BoardScope(v *meeting.BoardView) string {
	s := fmt.Sprintf("%s to %s", v.From, v.To)
	if v.InProgress {
		s += " (so far)"
	}
	return fmt.Sprintf("%s, %s, time zone %s; compared with %s and %s", v.Period.Label(), s, v.Zone, v.Prior.Label(), v.YearAgo.Label())
}

// trendWord is a trend with its arrow: "↑ improving".
func trendWord(t meeting.Trend) string { return t.Arrow() + " " + string(t) }

// themeLine is a VOC theme as the report says it: "Billing errors (4
// issues, 12 votes: I3, I7, …)".
func themeLine(t meeting.VOCTheme) string {
	n := len(t.Issues)
	ids := t.Issues
	if len(ids) > 5 {
		ids = append(ids[:5:5], "…")
	}
	return fmt.Sprintf("%s (%d %s, %d %s: %s)", t.Theme, n, "issue"+plural(n), t.Votes, "vote"+plural(t.Votes), strings.Join(ids, ", "))
}

// written is the leader's text, else what cxroom proposes, else nothing.
func written(text string, proposed []string) (string, bool) {
	if strings.TrimSpace(text) != "" {
		return text, true
	}
	return strings.Join(proposed, "; "), false
}

// earlyWarnings are the forward indicators cxroom holds: the at-risk
// accounts and the health and adoption trends.
func earlyWarnings(v *meeting.BoardView) []string {
	var out []string
	if n := len(v.AtRisk); n > 0 {
		s := fmt.Sprintf("%d account%s on the at-risk list", n, plural(n))
		if v.ARRAtRisk > 0 {
			s += " (" + meeting.FormatMoney(v.ARRAtRisk) + " ARR at risk)"
		}
		var names []string
		for _, x := range v.AtRisk[:min(3, n)] {
			names = append(names, fmt.Sprintf("%s (%s)", x.Account, x.Health))
		}
		out = append(out, s+"; most at risk: "+strings.Join(names, ", "))
	}
	for _, k := range []string{meeting.BoardHealthGreen, meeting.BoardAdoption} {
		if f, ok := v.Figure(k); ok && f.Has && f.HasPrior {
			out = append(out, fmt.Sprintf("%s %s (%s → %s)", f.Metric.Name, f.QoQ, f.PriorText(), f.ValueText()))
		}
	}
	return out
}

// BoardMarkdown renders the board report as the seed's "Template: Board CX
// Scorecard": the executive summary (the leader's, with the movements
// cxroom proposes), the core metrics with current, prior quarter, year ago,
// target and status, the key insights, the strategic actions, the
// competitive position, the forward look and the leadership effectiveness
// scorecard.
func BoardMarkdown(v *meeting.BoardView, team *meeting.Team) string {
	w := &mdWriter{}
	w.heading(1, mdText(BoardTitle(v)))
	w.line("_" + mdText(BoardScope(v)) + "._")
	w.blank()

	w.heading(2, boardSections[0])
	w.line(briefPart(v.Brief.Summary))
	w.blank()
	if len(v.Movements) > 0 {
		w.line("Movements to mention (proposed by cxroom):")
		for _, m := range v.Movements {
			w.line("- " + mdText(m))
		}
		w.blank()
	}

	w.heading(2, boardSections[1])
	w.line("| Metric | Current | Prior Quarter | Year Ago | Target | Status |")
	w.line("|--------|---------|---------------|----------|--------|--------|")
	for _, f := range v.OnBoard() {
		w.linef("| %s | %s | %s | %s | %s | %s |", mdText(f.Metric.Name), mdText(f.ValueText()), mdText(f.PriorText()),
			mdText(f.YearAgoText()), mdText(f.TargetText()), statusMark(f.Status))
	}
	w.blank()
	w.line("🟢 = On track | 🟡 = Needs attention | 🔴 = At risk | n/a = no figure yet")
	w.blank()
	for _, f := range v.OnBoard() {
		src := "no figure entered"
		if f.Has {
			src = "source: " + f.Note
		}
		w.linef("- **%s**: QoQ %s, YoY %s; %s. Accountable: %s; reported %s; %s.", mdText(f.Metric.Name), trendWord(f.QoQ), trendWord(f.YoY),
			mdText(f.Reason), mdText(f.Metric.Accountable), mdText(strings.ToLower(f.Metric.Frequency)), mdText(src))
	}
	w.blank()
	w.line("**How a status is judged:** " + mdText(v.Rule))
	w.blank()

	w.heading(2, boardSections[2])
	working, own := written(v.Brief.Working, v.Working)
	w.line("- **What's Working**: " + insight(working, own))
	concerns, own := written(v.Brief.Concerns, v.Concerns)
	w.line("- **Areas of Concern**: " + insight(concerns, own))
	var themes []string
	for _, t := range v.Themes {
		themes = append(themes, mdText(themeLine(t)))
	}
	if len(themes) == 0 {
		w.line("- **Customer Themes**: _no VOC issue with a theme was raised this quarter_")
	} else {
		w.line("- **Customer Themes**: " + strings.Join(themes, "; "))
	}
	w.blank()

	w.heading(2, boardSections[3])
	if len(v.Actions) == 0 {
		w.line("_No chartered initiative or open escalation this quarter._")
	}
	for i, a := range v.Actions {
		w.linef("%d. %s - %s - %s - %s (%s)", i+1, mdText(a.Initiative), mdText(orDefault(a.Impact, "impact not stated")),
			mdText(a.Timeline), mdText(actionOwner(a, team)), mdText(a.Source))
	}
	w.blank()

	w.heading(2, boardSections[4])
	w.line(briefPart(v.Brief.Competitive))
	w.blank()

	w.heading(2, boardSections[5])
	w.line(briefPart(v.Brief.Forward))
	w.blank()
	if ew := earlyWarnings(v); len(ew) > 0 {
		w.line("Early warning signals (from cxroom):")
		for _, s := range ew {
			w.line("- " + mdText(s))
		}
		w.blank()
	}
	if strings.TrimSpace(v.Brief.Decisions) != "" {
		w.line("**Board decisions needed:** " + mdText(strings.ReplaceAll(v.Brief.Decisions, "\n", " ")))
		w.blank()
	}

	w.heading(2, boardSections[6])
	if l := v.Leadership; l != nil {
		w.linef("The CX leadership team's balanced scorecard for %s (targets of %s).", l.Period.Label(), l.Next.Label())
		w.blank()
		w.line("| Category | Metric | Actual | Target | Status |")
		w.line("|---|---|---|---|---|")
		for _, s := range l.Scores {
			w.linef("| %s | %s | %s | %s | %s |", mdText(s.Category), mdText(s.Name), mdText(s.ActualText()), mdText(s.TargetText()), statusMark(s.Status))
		}
		w.blank()
		greens, reds := 0, 0
		for _, s := range l.Scores {
			switch s.Status {
			case meeting.ScoreGreen:
				greens++
			case meeting.ScoreRed:
				reds++
			}
		}
		w.linef("%d of %d on track, %d at risk. `cxroom scorecard --period %s` has the records behind every figure.", greens, len(l.Scores), reds, l.Period)
		w.blank()
	}
	return w.String()
}

// briefPart is a part of the leader's brief as markdown: their paragraphs
// escaped (once), or "_not written yet_".
func briefPart(s string) string {
	if strings.TrimSpace(s) == "" {
		return notWritten
	}
	return mdBlock(s)
}

// insight is a key insight: the leader's words, or cxroom's proposal
// marked as such.
func insight(s string, own bool) string {
	switch {
	case strings.TrimSpace(s) == "":
		return notWritten
	case own:
		return mdText(strings.ReplaceAll(s, "\n", " "))
	}
	return mdText(s) + " _(proposed by cxroom)_"
}

// actionOwner is a strategic action's executive owner as the board reads
// it: "Dana Ortiz (COO)".
func actionOwner(a meeting.StrategicAction, team *meeting.Team) string {
	s := personName(team, a.Owner)
	if a.OwnerRole != "" {
		s += " (" + a.OwnerRole + ")"
	}
	return s
}

// ---- JSON ----

// BoardDoc is the document `cxroom report board --format json` prints:
// every figure of the markdown, as numbers and as the report writes them.
type BoardDoc struct {
	Title            string             `json:"title"`
	Period           string             `json:"period"`
	PriorPeriod      string             `json:"prior_period"`
	YearAgoPeriod    string             `json:"year_ago_period"`
	From             meeting.Date       `json:"from"`
	To               meeting.Date       `json:"to"`
	InProgress       bool               `json:"in_progress"`
	Zone             string             `json:"zone"`
	Summary          string             `json:"summary"`
	Movements        []string           `json:"proposed_movements"`
	CoreMetrics      []BoardMetricRow   `json:"core_metrics"`
	OtherMetrics     []BoardMetricRow   `json:"other_metrics"` // not on the board's page (internal, or reported less often)
	StatusRule       string             `json:"status_rule"`
	Working          BoardInsight       `json:"whats_working"`
	Concerns         BoardInsight       `json:"areas_of_concern"`
	Themes           []BoardTheme       `json:"customer_themes"`
	Actions          []BoardActionRow   `json:"strategic_actions"`
	Competitive      string             `json:"competitive_position"`
	Forward          string             `json:"forward_look"`
	EarlyWarnings    []string           `json:"early_warnings"`
	Decisions        string             `json:"board_decisions_needed"`
	ExecResponse     BoardResponse      `json:"executive_response"`
	AtRisk           []*meeting.Account `json:"at_risk_accounts"`
	ARRAtRisk        float64            `json:"arr_at_risk"`
	Leadership       []ScoreRow         `json:"leadership_scorecard"`
	LeadershipPeriod string             `json:"leadership_period"`
}

// BoardMetricRow is one board metric in BoardDoc.
type BoardMetricRow struct {
	Key          string       `json:"key"`
	Name         string       `json:"name"`
	Unit         string       `json:"unit"`
	Definition   string       `json:"definition"`
	Frequency    string       `json:"frequency"`
	Accountable  string       `json:"accountable"`
	Current      *float64     `json:"current"`
	PriorQuarter *float64     `json:"prior_quarter"`
	YearAgo      *float64     `json:"year_ago"`
	Target       *float64     `json:"target"`
	CurrentText  string       `json:"current_text"`
	PriorText    string       `json:"prior_quarter_text"`
	YearAgoText  string       `json:"year_ago_text"`
	TargetText   string       `json:"target_text"`
	TargetFrom   string       `json:"target_from"` // the quarter it was set for; "" the seed's
	QoQ          string       `json:"qoq"`
	YoY          string       `json:"yoy"`
	Status       string       `json:"status"`
	StatusReason string       `json:"status_reason"`
	Source       string       `json:"source"` // computed or entered
	SourceNote   string       `json:"source_note"`
	EnteredBy    string       `json:"entered_by,omitempty"`
	EnteredAt    time.Time    `json:"entered_at,omitzero"`
	Series       []BoardPoint `json:"series"`
}

// BoardPoint is one quarter of a metric's trend.
type BoardPoint struct {
	Period string   `json:"period"`
	Value  *float64 `json:"value"` // null: no figure
}

// BoardInsight is the leader's words, or cxroom's proposal when they wrote
// none.
type BoardInsight struct {
	Text     string   `json:"text"`
	Written  bool     `json:"written"` // false: Text is cxroom's proposal
	Proposed []string `json:"proposed"`
}

// BoardTheme is a VOC theme of the quarter.
type BoardTheme struct {
	Theme  string   `json:"theme"`
	Issues []string `json:"issues"`
	Votes  int      `json:"votes"`
	Text   string   `json:"text"`
}

// BoardActionRow is one strategic action.
type BoardActionRow struct {
	Initiative string `json:"initiative"`
	Impact     string `json:"impact"`
	Timeline   string `json:"timeline"`
	Owner      string `json:"owner"`
	OwnerRole  string `json:"owner_role"`
	Source     string `json:"source"`
}

// BoardResponse is executive response time (internal only).
type BoardResponse struct {
	Summary           string               `json:"summary"`
	MeanHoursToAssign float64              `json:"mean_hours_to_assign"`
	MeanDaysToResolve float64              `json:"mean_days_to_resolve"`
	Assigned          int                  `json:"assigned"`
	AssignedInTime    int                  `json:"assigned_in_time"`
	Resolved          int                  `json:"resolved"`
	ResolvedInTime    int                  `json:"resolved_in_time"`
	Rule              string               `json:"rule"`
	Escalations       []meeting.Escalation `json:"escalations"`
}

// ResponseJSON is executive response time as BoardDoc holds it.
func ResponseJSON(r meeting.ExecResponse) BoardResponse {
	return BoardResponse{Summary: r.Summary(), MeanHoursToAssign: r.MeanHoursToAssign, MeanDaysToResolve: r.MeanDaysToResolve,
		Assigned: r.Assigned, AssignedInTime: r.AssignedInTime, Resolved: r.Resolved, ResolvedInTime: r.ResolvedInTime,
		Rule: r.Rule, Escalations: nonNil(r.Escalations)}
}

// BoardMetricDef is one metric of the registry (`cxroom board metrics
// --json`).
type BoardMetricDef struct {
	Key         string  `json:"key"`
	Name        string  `json:"name"`
	Unit        string  `json:"unit"`
	Definition  string  `json:"definition"`
	SeedTarget  string  `json:"seed_target"`
	Target      float64 `json:"default_target"`
	LowerBetter bool    `json:"lower_is_better"`
	Frequency   string  `json:"frequency"`
	Accountable string  `json:"accountable"`
	OnBoard     bool    `json:"on_board"`
	Internal    bool    `json:"internal"`
	Source      string  `json:"source"` // entered or computed
}

// BoardMetricsRegistry lists the twelve metrics as the registry command
// shows them.
func BoardMetricsRegistry() []BoardMetricDef {
	var out []BoardMetricDef
	for _, m := range meeting.BoardMetrics() {
		src := "entered"
		if m.Computed {
			src = "computed"
		}
		out = append(out, BoardMetricDef{Key: m.Key, Name: m.Name, Unit: m.Unit, Definition: m.Definition, SeedTarget: m.SeedTarget,
			Target: m.Target, LowerBetter: m.Better == meeting.LowerIsBetter, Frequency: m.Frequency, Accountable: m.Accountable,
			OnBoard: m.OnBoard, Internal: m.Internal, Source: src})
	}
	return out
}

func ptr(has bool, v float64) *float64 {
	if !has {
		return nil
	}
	return &v
}

func boardRow(f meeting.BoardFigure) BoardMetricRow {
	r := BoardMetricRow{Key: f.Metric.Key, Name: f.Metric.Name, Unit: f.Metric.Unit, Definition: f.Metric.Definition,
		Frequency: f.Metric.Frequency, Accountable: f.Metric.Accountable,
		Current: ptr(f.Has, f.Value), PriorQuarter: ptr(f.HasPrior, f.Prior), YearAgo: ptr(f.HasYearAgo, f.YearAgo), Target: ptr(f.HasTarget, f.Target),
		CurrentText: f.ValueText(), PriorText: f.PriorText(), YearAgoText: f.YearAgoText(), TargetText: f.TargetText(),
		TargetFrom: f.TargetFrom.String(), QoQ: string(f.QoQ), YoY: string(f.YoY), Status: string(f.Status), StatusReason: f.Reason,
		Source: string(f.Source), SourceNote: f.Note, EnteredBy: f.EnteredBy, EnteredAt: f.EnteredAt, Series: []BoardPoint{}}
	for _, p := range f.Series {
		r.Series = append(r.Series, BoardPoint{Period: p.Period.String(), Value: ptr(p.Has, p.Value)})
	}
	return r
}

// BoardJSON renders the board report as one JSON object.
func BoardJSON(v *meeting.BoardView) ([]byte, error) {
	doc := BoardDoc{Title: BoardTitle(v), Period: v.Period.String(), PriorPeriod: v.Prior.String(), YearAgoPeriod: v.YearAgo.String(),
		From: v.From, To: v.To, InProgress: v.InProgress, Zone: v.Zone, Summary: v.Brief.Summary, Movements: nonNil(v.Movements),
		CoreMetrics: []BoardMetricRow{}, OtherMetrics: []BoardMetricRow{}, StatusRule: v.Rule,
		Themes: []BoardTheme{}, Actions: []BoardActionRow{}, Competitive: v.Brief.Competitive, Forward: v.Brief.Forward,
		EarlyWarnings: nonNil(earlyWarnings(v)), Decisions: v.Brief.Decisions, AtRisk: nonNil(v.AtRisk), ARRAtRisk: v.ARRAtRisk,
		Leadership: []ScoreRow{}}
	for _, f := range v.Figures {
		if f.Metric.OnBoard {
			doc.CoreMetrics = append(doc.CoreMetrics, boardRow(f))
		} else {
			doc.OtherMetrics = append(doc.OtherMetrics, boardRow(f))
		}
	}
	text, own := written(v.Brief.Working, v.Working)
	doc.Working = BoardInsight{Text: text, Written: own, Proposed: nonNil(v.Working)}
	text, own = written(v.Brief.Concerns, v.Concerns)
	doc.Concerns = BoardInsight{Text: text, Written: own, Proposed: nonNil(v.Concerns)}
	for _, t := range v.Themes {
		doc.Themes = append(doc.Themes, BoardTheme{Theme: t.Theme, Issues: nonNil(t.Issues), Votes: t.Votes, Text: themeLine(t)})
	}
	for _, a := range v.Actions {
		doc.Actions = append(doc.Actions, BoardActionRow(a))
	}
	doc.ExecResponse = ResponseJSON(v.Response)
	if l := v.Leadership; l != nil {
		doc.LeadershipPeriod = l.Period.String()
		for _, s := range l.Scores {
			doc.Leadership = append(doc.Leadership, scoreRow(s))
		}
	}
	return marshal(doc)
}

package report

import (
	"fmt"
	"strings"

	"cxroom/meeting"
)

// statusMark is the seed's traffic light.
func statusMark(st meeting.ScoreStatus) string {
	switch st {
	case meeting.ScoreGreen:
		return "🟢"
	case meeting.ScoreAmber:
		return "🟡"
	case meeting.ScoreRed:
		return "🔴"
	}
	return "n/a"
}

// ScoreActual formats a score's figure as the scorecard shows it:
// "88% (22 of 25)", "9.5 days", "7.2/10", "—".
func ScoreActual(s meeting.Score) string { return s.ActualText() }

// periodWord names a quarter's column: "Q4" (the year is in the heading),
// or "Period" for a range of days.
func periodWord(p meeting.Period) string {
	if p.IsZero() {
		return "Period"
	}
	return fmt.Sprintf("Q%d", p.Quarter)
}

// ScorecardHeading is the scorecard's one-line scope: the quarter, its
// days so far, the zone, and whose targets the figures meet.
func ScorecardHeading(v *meeting.ScorecardView) string {
	days := fmt.Sprintf("%s to %s", v.From, v.To)
	if v.InProgress {
		days += " so far"
	}
	if v.Period.IsZero() {
		return fmt.Sprintf("%s (time zone %s); targets of %s", days, v.Zone, v.Next.Label())
	}
	return fmt.Sprintf("%s, %s (time zone %s); targets of %s, compared with %s", v.Period.Label(), days, v.Zone, v.Next.Label(), v.Prior.Label())
}

// statusCell is the status with an override's reason next to it.
func statusCell(s meeting.Score) string {
	if s.Overridden {
		return fmt.Sprintf("%s %s (override)", statusMark(s.Status), mdText(overrideReason(s)))
	}
	return statusMark(s.Status)
}

// overrideReason is the facilitator's own words, without the rule's.
func overrideReason(s meeting.Score) string {
	if i := strings.LastIndex(s.StatusReason, " (set by "); i >= 0 {
		return s.StatusReason[:i]
	}
	return s.StatusReason
}

// ScorecardMarkdown renders the scorecard as the seed's "Balanced Scorecard
// Example": category, metric, the quarter's actual, the next quarter's
// target and the status; then the comparison with the prior quarter, the
// status rule, the ritual health indicators and how each figure was made.
func ScorecardMarkdown(v *meeting.ScorecardView) string {
	w := &mdWriter{}
	title := "CX Leadership Scorecard (Quarterly)"
	if !v.Period.IsZero() {
		title += ": " + v.Period.Label()
	}
	w.heading(2, mdText(title))
	w.line(mdText(ScorecardHeading(v)) + ".")
	w.blank()
	cur, next := periodWord(v.Period), fmt.Sprintf("Q%d", v.Next.Quarter)
	w.linef("| Category | Metric | %s Actual | %s Target | Status |", cur, next)
	w.line("|---|---|---|---|---|")
	for _, s := range v.Scores {
		w.linef("| %s | %s | %s | %s | %s |", mdText(s.Category), mdText(s.Name), mdText(s.ActualText()), mdText(s.TargetText()), statusCell(s))
	}
	w.blank()
	w.line("🟢 = On track | 🟡 = Needs attention | 🔴 = At risk | n/a = no figure yet")
	w.blank()
	w.line("**How a status is judged:** " + mdText(v.Rule))
	w.blank()

	if !v.Period.IsZero() {
		w.heading(3, mdText("Against "+v.Prior.Label()))
		w.linef("| Metric | %s Actual | %s Actual | Trend | Source |", periodWord(v.Prior), cur)
		w.line("|---|---|---|---|---|")
		for _, s := range v.Scores {
			w.linef("| %s | %s | %s | %s %s | %s |", mdText(s.Name), mdText(s.PriorText()), mdText(s.ActualText()), s.Trend.Arrow(), s.Trend, s.Source)
		}
		w.blank()
	}

	w.heading(3, "Ritual health (activity, not outcomes)")
	w.linef("| Indicator | %s Actual | Target | Status |", cur)
	w.line("|---|---|---|---|")
	for _, s := range v.Health {
		w.linef("| %s | %s | %s | %s |", mdText(s.Name), mdText(s.ActualText()), mdText(s.TargetText()), statusMark(s.Status))
	}
	w.blank()

	w.heading(3, "How each figure was computed")
	for _, s := range append(append([]meeting.Score{}, v.Scores...), v.Health...) {
		w.linef("- **%s** (%s; %s: %s): %s", mdText(s.Name), s.Source, statusMark(s.Status), mdText(s.StatusReason), mdText(s.Explanation))
		for _, r := range s.Drill {
			mark := ""
			if r.Flag {
				mark = "⚠ "
			}
			w.line("  - " + mark + mdText(r.Line()))
		}
	}
	w.blank()
	return w.String()
}

// ScorecardDoc is the document `cxroom scorecard --json` prints: the
// quarter, the rule, every metric and the ritual health indicators.
type ScorecardDoc struct {
	Period       string       `json:"period"` // 2026Q4; "" for a range of days
	From         meeting.Date `json:"from"`
	To           meeting.Date `json:"to"`
	InProgress   bool         `json:"in_progress"`
	Zone         string       `json:"zone"`
	PriorPeriod  string       `json:"prior_period"`
	TargetPeriod string       `json:"target_period"`
	StatusRule   string       `json:"status_rule"`
	Metrics      []ScoreRow   `json:"metrics"`
	RitualHealth []ScoreRow   `json:"ritual_health"`
}

// ScoreRow is one metric of ScorecardDoc.
type ScoreRow struct {
	Key          string             `json:"key"`
	Category     string             `json:"category"`
	Metric       string             `json:"metric"`
	Unit         string             `json:"unit"`
	Actual       *float64           `json:"actual,omitempty"`
	ActualText   string             `json:"actual_text"`
	Numerator    int                `json:"numerator"`
	Denominator  int                `json:"denominator"`
	Target       *float64           `json:"target,omitempty"`
	TargetText   string             `json:"target_text"`
	TargetSetFor string             `json:"target_set_for,omitempty"`
	TargetSetBy  string             `json:"target_set_by,omitempty"`
	Prior        *float64           `json:"prior,omitempty"`
	PriorText    string             `json:"prior_text"`
	Trend        string             `json:"trend"`
	Status       string             `json:"status"`
	StatusReason string             `json:"status_reason"`
	Overridden   bool               `json:"overridden"`
	Source       string             `json:"source"`
	SourceNote   string             `json:"source_note,omitempty"`
	EnteredBy    string             `json:"entered_by,omitempty"`
	Explanation  string             `json:"explanation"`
	Detail       []meeting.DrillRow `json:"detail"`
}

func scoreRow(s meeting.Score) ScoreRow {
	num := func(ok bool, v float64) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	r := ScoreRow{Key: s.Key, Category: s.Category, Metric: s.Name, Unit: s.Unit,
		Actual: num(s.HasValue, s.Value), ActualText: s.ActualText(), Numerator: s.Numerator, Denominator: s.Denominator,
		Target: num(s.HasTarget, s.Target), TargetText: s.TargetText(), TargetSetFor: s.TargetFrom.String(), TargetSetBy: s.TargetBy,
		Prior: num(s.HasPrior, s.Prior), PriorText: s.PriorText(), Trend: string(s.Trend),
		Status: string(s.Status), StatusReason: s.StatusReason, Overridden: s.Overridden,
		Source: string(s.Source), SourceNote: s.EnteredSource, EnteredBy: s.EnteredBy,
		Explanation: s.Explanation, Detail: nonNil(s.Drill)}
	return r
}

// ScorecardJSON renders a scorecard as ScorecardDoc.
func ScorecardJSON(v *meeting.ScorecardView) ([]byte, error) {
	doc := ScorecardDoc{Period: v.Period.String(), From: v.From, To: v.To, InProgress: v.InProgress, Zone: v.Zone,
		PriorPeriod: v.Prior.String(), TargetPeriod: v.Next.String(), StatusRule: v.Rule,
		Metrics: []ScoreRow{}, RitualHealth: []ScoreRow{}}
	for _, s := range v.Scores {
		doc.Metrics = append(doc.Metrics, scoreRow(s))
	}
	for _, s := range v.Health {
		doc.RitualHealth = append(doc.RitualHealth, scoreRow(s))
	}
	return marshal(doc)
}

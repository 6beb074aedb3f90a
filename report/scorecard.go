package report

import (
	"fmt"
	"strconv"

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

// ScoreActual formats a score's value as the scorecard shows it:
// "88% (7 of 8)", "9.5 days", "3".
func ScoreActual(s meeting.Score) string {
	if s.Status == meeting.ScoreNA {
		return "—"
	}
	v := strconv.FormatFloat(s.Value, 'f', -1, 64)
	switch s.Unit {
	case "%":
		if s.Numerator == 0 && s.Denominator > 0 && s.Key == meeting.ScorePromiseKeep {
			return fmt.Sprintf("%s%% (%d promises)", v, s.Denominator)
		}
		return fmt.Sprintf("%s%% (%d of %d)", v, s.Numerator, s.Denominator)
	case "days":
		return strconv.FormatFloat(s.Value, 'f', 1, 64) + " days"
	}
	return v
}

// ScorecardMarkdown renders scores as the seed's balanced scorecard: a table
// of category, metric, actual, target and status, then how each figure was
// computed.
func ScorecardMarkdown(sc []meeting.Score) string {
	w := &mdWriter{}
	w.heading(2, "CX Leadership Scorecard")
	w.line("| Category | Metric | Actual | Target | Status |")
	w.line("|---|---|---|---|---|")
	for _, s := range sc {
		w.linef("| %s | %s | %s | %s | %s |", mdText(s.Category), mdText(s.Name), mdText(ScoreActual(s)), mdText(s.Target), statusMark(s.Status))
	}
	w.blank()
	w.line("🟢 = On track | 🟡 = Needs attention | 🔴 = At risk | n/a = nothing to measure yet")
	w.blank()
	w.heading(3, "How each figure was computed")
	for _, s := range sc {
		w.linef("- **%s:** %s", mdText(s.Name), mdText(s.Explanation))
		for _, d := range s.Details {
			w.line("  - " + mdText(d))
		}
	}
	w.blank()
	return w.String()
}

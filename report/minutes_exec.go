package report

import (
	"fmt"
	"strings"

	"cxroom/meeting"
)

// The executive rituals' parts of the minutes: the quarter's board
// figures, the go/no-go points that came due (or were decided here) and
// the at-risk accounts reviewed.

func minutesBoard(w *mdWriter, b *meeting.Bundle) {
	w.heading(2, "Board metrics")
	if len(b.Board) == 0 {
		w.line("_No board figures for the quarter yet (`cxroom board enter`)._")
		w.blank()
		return
	}
	var p meeting.Period
	if len(b.Board[0].Series) > 0 {
		p = b.Board[0].Series[len(b.Board[0].Series)-1].Period
	}
	w.linef("The metrics that matter, %s so far:", p.Label())
	w.blank()
	w.line("| Metric | Current | Prior Quarter | Target | Status | Accountable |")
	w.line("|---|---|---|---|---|---|")
	for _, f := range b.Board {
		w.linef("| %s | %s | %s | %s | %s | %s |", mdText(f.Metric.Name), mdText(f.ValueText()), mdText(f.PriorText()),
			mdText(f.TargetText()), statusMark(f.Status), mdText(f.Metric.Accountable))
	}
	w.blank()
	w.line("**Executive response time** (internal only): " + mdText(b.Response.Summary()) + ".")
	w.blank()
}

func minutesCharters(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	w.heading(2, "Initiative go/no-go points")
	if len(b.Charters) == 0 {
		w.line("_No go/no-go point was due._")
		w.blank()
		return
	}
	for _, c := range b.Charters {
		sponsor := personName(team, c.Sponsor)
		if c.SponsorRole != "" {
			sponsor += " (" + c.SponsorRole + ")"
		}
		w.linef("- **%s** (%s), sponsor %s", mdText(c.Name), mdText(c.ID), mdText(sponsor))
		for _, g := range c.Gates {
			switch {
			case g.Decided() && g.MeetingID == b.Meeting.ID:
				s := fmt.Sprintf("%s point (%s): %s, decided here by %s", g.Point, g.Due, strings.ToUpper(string(g.Decision)), personName(team, g.DecidedBy))
				if g.Note != "" {
					s += ": " + g.Note
				}
				w.line("  - " + mdText(s))
			case !g.Decided() && !b.Meeting.Date.Before(g.Due) && c.Status == meeting.CharterActive:
				w.line("  - " + mdText(fmt.Sprintf("%s point (%s): due, not decided", g.Point, g.Due)))
			}
		}
	}
	w.blank()
}

func minutesAccounts(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	w.heading(2, "Top 10 at-risk accounts")
	if len(b.Accounts) == 0 {
		w.line("_No account is at risk._")
		w.blank()
		return
	}
	w.line("| Account | Health | ARR | Risk | Mitigation | Owner | Date |")
	w.line("|---|---|---|---|---|---|---|")
	for _, x := range b.Accounts {
		arr := "—"
		if x.ARR > 0 {
			arr = meeting.FormatMoney(x.ARR)
		}
		w.linef("| %s | %s | %s | %s | %s | %s | %s |", mdText(x.Account), x.Health, arr, mdText(x.Risk), mdOr(x.Mitigation),
			mdOr(personName(team, x.Owner)), mdOr(string(x.Due)))
	}
	w.blank()
}

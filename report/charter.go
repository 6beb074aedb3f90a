package report

import (
	"fmt"
	"strings"

	"cxroom/meeting"
)

// CharterMarkdown renders an initiative charter as the executive seed's
// "Template: Executive CX Initiative Charter", with each go/no-go point's
// date and decision. team (may be nil) names the sponsor.
func CharterMarkdown(c *meeting.Charter, team *meeting.Team) string {
	w := &mdWriter{}
	w.heading(1, mdText("Initiative: "+c.Name))
	w.linef("_%s, %s; chartered by %s on %s._", mdText(c.ID), c.Status, mdText(personName(team, c.CreatedBy)), meeting.DateOf(c.CreatedAt))
	w.blank()
	w.heading(2, "Executive Sponsor")
	sponsor := personName(team, c.Sponsor)
	if c.SponsorRole != "" {
		sponsor += " (" + c.SponsorRole + ")"
	}
	w.linef("**Name**: %s  ", mdText(sponsor))
	w.linef("**Commitment**: %s", mdOr(c.Commitment))
	w.blank()
	w.heading(2, "Business Objective")
	w.line(mdText(c.Objective))
	w.blank()
	w.heading(2, "Customer Outcomes")
	if len(c.Outcomes) == 0 {
		w.line("- " + notRecorded)
	}
	for _, o := range c.Outcomes {
		s := o.Outcome
		switch {
		case o.Metric != "" && o.Target != "":
			s += fmt.Sprintf(" (%s: %s)", o.Metric, o.Target)
		case o.Target != "":
			s += " (" + o.Target + ")"
		case o.Metric != "":
			s += " (" + o.Metric + ")"
		}
		w.line("- " + mdText(s))
	}
	w.blank()
	w.heading(2, "Investment")
	budget := notRecorded
	if c.Budget > 0 {
		budget = meeting.FormatMoney(c.Budget)
		if c.BudgetTimeframe != "" {
			budget += " over " + mdText(c.BudgetTimeframe)
		}
	}
	w.line("- **Budget**: " + budget)
	hc := notRecorded
	if c.Headcount > 0 {
		hc = strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", c.Headcount), "0"), ".") + " FTE"
	}
	w.line("- **Headcount**: " + hc)
	w.line("- **Opportunity Cost**: " + mdOr(c.OpportunityCost))
	w.blank()
	w.heading(2, "ROI Model")
	w.line("- **Retention Impact**: " + mdOr(c.ROI.RetentionImpact))
	w.line("- **Expansion Impact**: " + mdOr(c.ROI.ExpansionImpact))
	w.line("- **Efficiency Gain**: " + mdOr(c.ROI.EfficiencyGain))
	payback, npv := notRecorded, notRecorded
	if c.ROI.PaybackMonths > 0 {
		payback = fmt.Sprintf("%s months", strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", c.ROI.PaybackMonths), "0"), "."))
	}
	if c.ROI.NPV3Year != 0 {
		npv = meeting.FormatMoney(c.ROI.NPV3Year)
	}
	w.line("- **Payback Period**: " + payback)
	w.line("- **3-Year NPV**: " + npv)
	w.blank()
	w.heading(2, "Success Metrics")
	w.line("| Metric | Baseline | 6-Month Target | 12-Month Target |")
	w.line("|--------|----------|----------------|-----------------|")
	for _, m := range c.SuccessMetrics {
		w.linef("| %s | %s | %s | %s |", mdText(m.Metric), mdOr(m.Baseline), mdOr(m.Target6), mdOr(m.Target12))
	}
	w.blank()
	w.heading(2, "Governance")
	w.line("- **Steering Committee Review**: " + mdOr(c.SteeringReview))
	w.line("- **Board Update**: " + mdOr(c.BoardUpdate))
	var points []string
	for _, g := range c.Gates {
		s := fmt.Sprintf("%s (%s): ", g.Point, g.Due)
		if g.Decided() {
			s += fmt.Sprintf("%s on %s by %s", g.Decision, meeting.DateOf(g.DecidedAt), personName(team, g.DecidedBy))
			if g.Note != "" {
				s += ", " + g.Note
			}
		} else {
			s += "to decide"
		}
		points = append(points, s)
	}
	w.line("- **Go/No-Go Decision Points**: " + mdText(strings.Join(points, "; ")))
	w.blank()
	w.heading(2, "Risks & Mitigation")
	if len(c.Risks) == 0 {
		w.line(notRecorded)
	}
	for i, r := range c.Risks {
		w.linef("%d. %s → %s", i+1, mdText(r.Risk), mdOr(r.Mitigation))
	}
	w.blank()
	return w.String()
}

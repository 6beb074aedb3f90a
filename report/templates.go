package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"cxroom/meeting"
)

// ---- journey review (Template 1) ----

// journeySections names the four parts of the seed's journey review in
// template order, with words that identify the agenda segment of each.
var journeySections = [4]struct{ title, keyword string }{
	{"Journey Health", "health"},
	{"Customer Voice", "voice"},
	{"Improvement Pipeline", "pipeline"},
	{"Decisions & Commitments", "decision"},
}

// journeySegment finds the agenda segment of template part k by its title,
// else by position when the agenda has exactly the template's four parts.
func journeySegment(m *meeting.Meeting, k int) int {
	for i, s := range m.Agenda.Segments {
		if strings.Contains(strings.ToLower(s.Title), journeySections[k].keyword) {
			return i
		}
	}
	if len(m.Agenda.Segments) == 4 {
		return k
	}
	return -1
}

func journeyHeading(w *mdWriter, m *meeting.Meeting, k int) {
	h := fmt.Sprintf("%d. %s", k+1, journeySections[k].title)
	if i := journeySegment(m, k); i >= 0 && m.Agenda.Segments[i].Minutes > 0 {
		h += fmt.Sprintf(" (%d min)", m.Agenda.Segments[i].Minutes)
	}
	w.heading(3, h)
}

// templateMetricNames are Template 1's labels for the default metrics.
var templateMetricNames = map[string]string{
	"completion":   "Completion Rate",
	"effort":       "Customer Effort Score",
	"satisfaction": "Satisfaction Score",
	"impact":       "Business Impact",
	"activation":   "30-Day Activation Rate",
}

func metricLabel(m meeting.Metric) string {
	if n, ok := templateMetricNames[m.Key]; ok {
		return n
	}
	return mdText(orDefault(m.Name, m.Key))
}

// formatMetric writes a value the way the template does: "72%", "3.4".
func formatMetric(m meeting.Metric, v float64) string {
	if m.Unit == "%" {
		return strconv.FormatFloat(v, 'f', -1, 64) + "%"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") && math.Abs(v) < 1e6 {
		s += ".0"
	}
	if m.Unit != "" {
		s += " " + mdText(m.Unit)
	}
	return s
}

// metricTarget is the template's target form: "75%" for completion,
// "<3.0" when lower is better, "80%+" otherwise.
func metricTarget(m meeting.Metric) string {
	t := formatMetric(m, m.Target)
	switch {
	case m.LowerIsBetter:
		return "<" + t
	case m.Key == "completion":
		return t
	}
	return t + "+"
}

// journeyAsOf returns the journey as it stood at meeting m: readings up to
// this meeting's (or, if it recorded none, up to its date), so minutes
// rendered later still show this review's figures.
func journeyAsOf(j *meeting.Journey, m *meeting.Meeting) *meeting.Journey {
	c := j.Clone()
	cut := -1
	for i, r := range c.Readings {
		if r.MeetingID != "" && r.MeetingID == m.ID {
			cut = i
		}
	}
	if cut < 0 {
		for i, r := range c.Readings {
			if !m.Date.Before(r.Date) {
				cut = i
			}
		}
	}
	c.Readings = c.Readings[:cut+1]
	return c
}

func journeyReview(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m, j := b.Meeting, journeyAsOf(b.Journey, b.Meeting)
	w.heading(2, "Monthly Journey Review: "+mdText(j.Name))
	owner := "**Owner:** _no owner assigned_"
	if o := personName(team, j.Owner); o != "" {
		owner = "**Owner:** " + mdText(o)
	}
	w.fields("**Date:** "+mdOr(string(m.Date)), owner, "**Attendees:** "+attendeeList(m, team))
	w.blank()

	// 1. Journey health
	journeyHeading(w, m, 0)
	health := j.Health()
	w.line("- Key Metrics:")
	for _, h := range health {
		cur := notRecorded
		if h.HasValue {
			cur = formatMetric(h.Metric, h.Current)
		}
		w.linef("  - %s: %s (target: %s)", metricLabel(h.Metric), cur, metricTarget(h.Metric))
	}
	w.line("- Trends:")
	for _, h := range health {
		w.linef("  - %s: %s %s", metricLabel(h.Metric), h.Trend, h.Trend.Arrow())
	}
	w.line("- Benchmarks: vs prior period")
	for _, h := range health {
		switch {
		case !h.HasValue:
			w.linef("  - %s: %s", metricLabel(h.Metric), notRecorded)
		case !h.HasPrior:
			w.linef("  - %s: %s, no prior reading", metricLabel(h.Metric), formatMetric(h.Metric, h.Current))
		default:
			d := h.Current - h.Prior
			w.linef("  - %s: %s vs %s prior (%s)", metricLabel(h.Metric), formatMetric(h.Metric, h.Current),
				formatMetric(h.Metric, h.Prior), signed(d))
		}
	}
	w.blank()

	// 2. Customer voice
	journeyHeading(w, m, 1)
	if len(b.Stories) == 0 {
		w.line("- Stories: _none recorded_")
	}
	var themes, insights []string
	for n, s := range b.Stories {
		line := fmt.Sprintf("- Story %d: %s", n+1, quoted(s.Quote))
		if s.Context != "" {
			line += " — " + mdText(s.Context)
		}
		if s.Stage != "" {
			line += " (" + mdText(s.Stage) + ")"
		}
		w.line(line)
		if s.Theme != "" {
			themes = append(themes, s.Theme)
		}
		if s.Learning != "" {
			insights = append(insights, mdText(s.Learning))
		}
	}
	w.linef("- Themes from feedback: %s", mdOr(strings.Join(topThemes(themes, 3), ", ")))
	w.linef("- Key insights: %s", orDefault(strings.Join(insights, "; "), notRecorded))
	w.blank()

	// 3. Improvement pipeline: the journey's initiatives and experiments.
	journeyHeading(w, m, 2)
	pipelineSection(w, b, team)

	// 4. Decisions & commitments, filed by kind.
	journeyHeading(w, m, 3)
	groups := []struct {
		label string
		kind  meeting.DecisionKind
		line  func(d *meeting.Decision) string
	}{
		{"Approved", meeting.DecisionApproved, func(d *meeting.Decision) string {
			return fmt.Sprintf("%s — owner: %s, deadline: %s", mdText(decisionLabel(d)), mdOr(personName(team, d.Owner)), mdOr(string(d.Deadline)))
		}},
		{"Deferred", meeting.DecisionDeferred, func(d *meeting.Decision) string {
			return fmt.Sprintf("%s — why: %s", mdText(decisionLabel(d)), mdOr(d.Rationale))
		}},
		{"Blockers", meeting.DecisionBlocker, func(d *meeting.Decision) string {
			return fmt.Sprintf("%s — resolves: %s", mdText(decisionLabel(d)), mdOr(personName(team, d.Owner)))
		}},
	}
	for _, g := range groups {
		w.linef("- **%s:**", g.label)
		n := 0
		for _, d := range b.Decisions {
			if d.Kind == g.kind {
				w.linef("  - %s (%s)", g.line(d), mdText(d.ID))
				n++
			}
		}
		if g.kind == meeting.DecisionApproved {
			n += approvedExperiments(w, b, team)
		}
		if n == 0 {
			w.line("  - _none_")
		}
	}
	w.blank()

	w.heading(3, "Actions:")
	if len(b.Actions) == 0 {
		w.line("_No actions were raised._")
	}
	for _, a := range b.Actions {
		w.line(checkboxAction(a, team))
	}
	w.blank()
}

// checkboxAction is the templates' "- [ ] Action - Owner - Due date".
func checkboxAction(a *meeting.Action, team *meeting.Team) string {
	box := "[ ]"
	if a.Status == meeting.StatusDone {
		box = "[x]"
	}
	return fmt.Sprintf("- %s %s - %s - %s", box, mdText(a.Text), mdOr(personName(team, a.Owner)), mdOr(string(a.Due)))
}

// topThemes returns the n most frequent themes, ties in order of appearance.
func topThemes(themes []string, n int) []string {
	count := map[string]int{}
	var order []string
	for _, t := range themes {
		k := strings.ToLower(t)
		if count[k] == 0 {
			order = append(order, t)
		}
		count[k]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[strings.ToLower(b)] - count[strings.ToLower(a)] })
	if len(order) > n {
		order = order[:n]
	}
	return order
}

func signed(d float64) string {
	s := strconv.FormatFloat(math.Round(d*100)/100, 'f', -1, 64)
	if d > 0 {
		s = "+" + s
	}
	return s
}

// ---- GUIDE (Template 3) ----

// guideHeadings are Template 3's step headings.
var guideHeadings = [5]string{
	"G - Goal (Customer Goal)",
	"U - Understand (Current Experience)",
	"I - Impact (Consequences)",
	"D - Design (Solutions)",
	"E - Evidence (Success Criteria)",
}

func guideConversation(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	g := b.Guide
	w.heading(2, "Coaching Conversation: GUIDE Framework")
	who := "**Team Member:** " + mdOr(personName(team, strings.Join(g.Coachees, "")))
	if len(g.Coachees) > 1 {
		names := make([]string, len(g.Coachees))
		for i, c := range g.Coachees {
			names[i] = mdText(personName(team, c))
		}
		who = "**Team Members:** " + strings.Join(names, ", ")
	}
	w.fields(who, "**Topic:** "+mdOr(g.Topic), "**Date:** "+mdOr(string(g.Date)))
	w.blank()
	for i, step := range meeting.GuideSteps {
		w.heading(3, guideHeadings[i])
		w.linef("**Question:** \"%s\"", step.Question)
		w.blank()
		w.line("**Answer:**" + hardBreak)
		if g.Answers[i] == "" {
			w.line(notRecorded)
		} else {
			w.line(mdBlock(g.Answers[i]))
		}
		w.blank()
	}
	w.heading(3, "Next Steps")
	n := 0
	for _, a := range b.Actions {
		if (g.ID != "" && a.GuideID == g.ID) || slices.Contains(g.ActionIDs, a.ID) {
			w.line(checkboxAction(a, team))
			n++
		}
	}
	if n == 0 {
		w.line("_No next steps recorded._")
	}
	w.blank()
	if g.Notes != "" {
		w.heading(3, "Coaching Notes")
		w.line(mdBlock(g.Notes))
		w.blank()
	}
}

// ---- promise-proof audit ----

func promiseAudit(w *mdWriter, ps []*meeting.Promise, team *meeting.Team) {
	w.heading(2, "Promise-Proof Audit")
	if len(ps) == 0 {
		w.line("_No promises were audited._")
		w.blank()
		return
	}
	w.line("| Promise | Reality | Keep rate | Gap to the promise | Action |")
	w.line("|---|---|---|---|---|")
	sum, known := 0.0, 0
	for _, p := range ps {
		rate := "_unknown_"
		if p.KeepRate >= 0 {
			rate = strconv.FormatFloat(p.KeepRate, 'f', -1, 64) + "%"
			sum += p.KeepRate
			known++
		}
		promise := quoted(p.Promise)
		if p.Promised != nil {
			promise += " (" + mdText(p.Promised.String()) + ")"
		}
		reality := mdText(p.Reality)
		if p.Measured != nil {
			reality = strings.TrimPrefix(reality+"; measured "+mdText(p.Measured.String()), "; ")
		}
		// The gap is reality against the promise's own terms; the audit's
		// 90% target is the keep rate across all promises, below.
		gap := mdText(p.Gap)
		if g := p.GapToPromise(); g.Known {
			if gap == "" {
				gap = mdText(g.Text)
			} else {
				gap += " (" + mdText(g.Text) + ")"
			}
		}
		action := notRecorded
		if p.Action != "" {
			action = strings.ToUpper(string(p.Action[:1])) + string(p.Action[1:])
			if p.Owner != "" {
				action += " (" + mdText(personName(team, p.Owner)) + ")"
			}
		}
		w.linef("| %s | %s | %s | %s | %s |", promise, orDefault(reality, notRecorded), rate, orDefault(gap, "—"), action)
	}
	w.blank()
	if known == 0 {
		w.linef("**Promise-keep rate:** not measured (no promise has a keep rate yet; target: %s%%+ across all promises)", strconv.FormatFloat(meeting.PromiseTarget, 'f', -1, 64))
	} else {
		mean := math.Round(sum/float64(known)*10) / 10
		s := fmt.Sprintf("**Promise-keep rate:** %s%% across %d promise%s", strconv.FormatFloat(mean, 'f', -1, 64), known, plural(known))
		s += fmt.Sprintf(" (target: %s%%+ across all promises)", strconv.FormatFloat(meeting.PromiseTarget, 'f', -1, 64))
		if u := len(ps) - known; u > 0 {
			s += fmt.Sprintf("; %d not measured", u)
		}
		w.line(s)
	}
	w.blank()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ---- decisions (Template 2) ----

// decisionLabel is a decision's one-line name: its title, else its text.
func decisionLabel(d *meeting.Decision) string {
	return meeting.CleanLine(orDefault(d.Title, d.Decision), meeting.MaxLine)
}

// writeDecisionEntry renders one decision as the seed's "CX Decision Log
// Entry". Minutes and DecisionsMarkdown share it.
func writeDecisionEntry(w *mdWriter, d *meeting.Decision, team *meeting.Team) {
	w.heading(2, "CX Decision Log Entry")
	head := []string{"**Decision ID:** " + mdOr(d.ID), "**Date:** " + mdOr(string(d.Date)), "**Made by:** " + madeBy(d, team)}
	if d.Major {
		head = append(head, "**Major decision:** yes")
	}
	w.fields(head...)
	w.blank()
	w.heading(3, "Context")
	w.line(blockOr(d.Context))
	if d.CustomerStory != "" {
		w.blank()
		w.line("**Customer story:** " + mdText(d.CustomerStory))
	}
	w.blank()
	w.heading(3, "Options Considered")
	if len(d.Options) == 0 {
		w.line(notRecorded)
		w.blank()
	}
	for i, o := range d.Options {
		letter := string(rune('A' + i%26))
		marker := strconv.Itoa(i+1) + ". "
		pad := strings.Repeat(" ", len(marker))
		w.linef("%s**Option %s:** %s", marker, letter, mdOr(o.Description))
		w.linef("%s- Pros: %s", pad, mdOr(o.Pros))
		w.linef("%s- Cons: %s", pad, mdOr(o.Cons))
		w.linef("%s- Customer Impact: %s", pad, mdOr(o.CustomerImpact))
		w.blank()
	}
	w.heading(3, "Decision")
	w.line(blockOr(d.Decision))
	if d.Kind != "" {
		w.blank()
		s := "**Status:** " + string(d.Kind)
		if d.Owner != "" {
			s += " · **Owner:** " + mdText(personName(team, d.Owner))
		}
		if d.Deadline != "" {
			s += " · **Deadline:** " + string(d.Deadline)
		}
		w.line(s)
	}
	writeProof(w, d, team)
	w.blank()
	w.heading(3, "Rationale")
	w.line(blockOr(d.Rationale))
	w.blank()
	w.heading(3, "Expected Impact")
	w.linef("- **Customer:** %s", mdOr(d.Expected.Customer))
	w.linef("- **Business:** %s", mdOr(d.Expected.Business))
	w.linef("- **Metrics:** %s", mdOr(d.Expected.Metrics))
	w.blank()
	w.heading(3, "Review Date")
	w.line(mdOr(string(d.ReviewDate)))
	if r := d.Review; r != nil {
		w.blank()
		when := "on time"
		if !d.ReviewedOnTime() {
			when = "late"
		}
		if d.ReviewDate == "" {
			when = "with no review date set"
		}
		w.linef("**Reviewed:** %s by %s (%s) — expected impact %s", r.Date, mdText(personName(team, r.By)), when, verdictWords(r.Verdict))
		w.blank()
		w.line("**What actually happened:** " + mdText(r.Happened))
		if r.Learning != "" {
			w.blank()
			w.line("**Learning:** " + mdText(r.Learning))
		}
	}
	w.blank()
	w.heading(3, "Communication")
	if len(d.CommunicatedTo) == 0 {
		w.line("- [ ] Shared with " + notRecorded)
	}
	for _, c := range d.CommunicatedTo {
		w.line("- [ ] Shared with " + mdOr(personName(team, c)))
	}
	w.line("- [x] Published to the cxroom decision log")
	w.blank()
}

// ---- decisions: markdown and JSON ----

// DecisionsMarkdown renders decisions as the seed's decision-log entries
// (Template 2), the same entries the minutes hold; team (which may be nil)
// turns handles into names.
func DecisionsMarkdown(ds []*meeting.Decision, team *meeting.Team) string {
	w := &mdWriter{}
	w.heading(1, "CX Decision Log")
	if len(ds) == 0 {
		w.line("_No decisions recorded._")
	}
	for _, d := range ds {
		writeDecisionEntry(w, d, team)
	}
	return w.String()
}

// madeBy is the template's "Made by: [Name/Role]": the maker's name (from
// the team, else as recorded) and role.
func madeBy(d *meeting.Decision, team *meeting.Team) string {
	name := d.MakerName()
	if m, ok := team.Member(d.MadeBy); ok && m.Name != "" {
		name = m.Name
	}
	if d.MadeByRole == "" {
		return mdOr(name)
	}
	return mdOr(name) + " / " + mdText(d.MadeByRole)
}

func verdictWords(v meeting.Verdict) string {
	switch v {
	case meeting.VerdictMet:
		return "met"
	case meeting.VerdictPartly:
		return "partly met"
	}
	return "missed"
}

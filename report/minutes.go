package report

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cxroom/meeting"
)

// notRecorded stands in for an empty field, so that a gap in the record is
// visible in the minutes rather than silently left out.
const notRecorded = "_not recorded_"

// Minutes renders a meeting as markdown following the seed's templates: a
// header and the agenda with planned against actual minutes for every
// meeting; then, by ritual, the VOC triage's prioritised issues, prior
// actions reviewed and customer stories, the journey review (Template 1),
// the GUIDE conversation (Template 3) and the promise-proof audit; every
// decision as a decision-log entry (Template 2); and every action raised.
// team (which may be nil) turns handles into names. The bundle is rendered
// as given: a GUIDE session must already be filtered for the reader.
func Minutes(b *meeting.Bundle, team *meeting.Team, now time.Time) string {
	if b == nil || b.Meeting == nil {
		return ""
	}
	w := &mdWriter{}
	m := b.Meeting
	minutesHeader(w, b, team, now)
	minutesAgenda(w, m, now)

	if b.Journey != nil {
		journeyReview(w, b, team)
	}
	if agendaHas(m, meeting.KindIssues) || len(b.Issues) > 0 {
		minutesIssues(w, b, team)
	}
	if agendaHas(m, meeting.KindReview) || len(m.Reviews) > 0 {
		minutesReviews(w, b, team)
	}
	if b.Journey == nil && (agendaHas(m, meeting.KindStories) || len(b.Stories) > 0) {
		minutesStories(w, b.Stories, team)
	}
	if b.Guide != nil {
		guideConversation(w, b, team)
	}
	if agendaHas(m, meeting.KindPromises) || len(b.Promises) > 0 {
		promiseAudit(w, b.Promises, team)
	}
	for _, d := range b.Decisions {
		writeDecisionEntry(w, d, team)
	}
	if len(b.DueReview) > 0 {
		w.heading(2, "Decisions due for review")
		for _, d := range b.DueReview {
			w.linef("- %s: %s (review date %s)", mdText(d.ID), mdText(decisionLabel(d)), d.ReviewDate)
		}
		w.blank()
	}
	minutesActions(w, b.Actions, team, meeting.DateOf(now))
	return w.String()
}

// ---- header and agenda ----

func minutesHeader(w *mdWriter, b *meeting.Bundle, team *meeting.Team, now time.Time) {
	m := b.Meeting
	w.heading(1, mdText(orDefault(m.Title, m.Agenda.Title)))
	w.linef("**Date:** %s", mdOr(string(m.Date)))
	w.linef("**Facilitator:** %s", mdOr(personName(team, m.Facilitator)))
	w.linef("**Attendees:** %s", attendeeList(m, team))
	ritual := mdText(m.Agenda.Title)
	if m.Agenda.ID != "" {
		ritual += " (" + mdText(m.Agenda.ID) + ")"
	}
	w.linef("**Ritual:** %s", strings.TrimSpace(ritual))
	w.linef("**Duration:** %s", meetingDuration(m, now))
	w.linef("**State:** %s", meetingState(m))
	w.blank()
}

func meetingState(m *meeting.Meeting) string {
	switch {
	case !m.Timer.Started():
		return "not started"
	case m.Timer.Ended():
		return "ended"
	case m.Timer.Paused:
		return "in progress (paused)"
	}
	return "in progress"
}

func meetingDuration(m *meeting.Meeting, now time.Time) string {
	if !m.Timer.Started() {
		return fmt.Sprintf("not started (%d min planned)", roundMinutes(m.Timer.Timing(now).MeetingPlanned))
	}
	t := m.Timer.Timing(now)
	actual, planned := roundMinutes(t.MeetingElapsed), roundMinutes(t.MeetingPlanned)
	s := fmt.Sprintf("%d min (%d min planned", actual, planned)
	if actual > planned {
		s += fmt.Sprintf(", %d over", actual-planned)
	}
	s += ")"
	if !t.Ended {
		s += " so far"
	}
	return s
}

func attendeeList(m *meeting.Meeting, team *meeting.Team) string {
	if len(m.Attendees) == 0 {
		return "_none recorded_"
	}
	names := make([]string, 0, len(m.Attendees))
	for _, a := range m.Attendees {
		n := team.Display(a.Handle)
		if n == a.Handle && a.Name != "" {
			n = a.Name
		}
		names = append(names, mdText(n))
	}
	return strings.Join(names, ", ")
}

// personName is the display name for a handle or a free-text owner.
func personName(team *meeting.Team, h string) string {
	if h == "" {
		return ""
	}
	return team.Display(h)
}

// roundMinutes rounds to the nearest minute: what a person reads as "18 min".
func roundMinutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + 30*time.Second) / time.Minute)
}

func minutesAgenda(w *mdWriter, m *meeting.Meeting, now time.Time) {
	w.heading(2, "Agenda")
	if len(m.Agenda.Segments) == 0 {
		w.line("_The agenda has no segments._")
		w.blank()
		return
	}
	for i, s := range m.Agenda.Segments {
		w.linef("%d. %s — %s", i+1, mdText(s.Title), segmentTiming(m, i, now))
	}
	w.blank()
}

// segmentTiming is "15 min planned, 18 min (3 over)": the plan, any
// extension, the time spent and the overrun against the extended timebox.
func segmentTiming(m *meeting.Meeting, i int, now time.Time) string {
	t := &m.Timer
	planned := time.Duration(m.Agenda.Segments[i].Minutes) * time.Minute
	if i < len(t.Planned) {
		planned = t.Planned[i]
	}
	var extra time.Duration
	if i < len(t.Extra) {
		extra = t.Extra[i]
	}
	s := fmt.Sprintf("%d min planned", roundMinutes(planned))
	if extra > 0 {
		s += fmt.Sprintf(" + %d extended", roundMinutes(extra))
	}
	at := now
	if t.Ended() {
		at = t.EndedAt
	}
	elapsed := t.SegmentElapsed(i, at)
	reached := elapsed > 0 || (i < len(t.Entered) && !t.Entered[i].IsZero())
	current := t.Started() && !t.Ended() && i == t.Current
	if !reached && !current {
		return s + ", not reached"
	}
	actual, budget := roundMinutes(elapsed), roundMinutes(planned+extra)
	s += fmt.Sprintf(", %d min", actual)
	if current {
		s += " so far"
	}
	if actual > budget {
		s += fmt.Sprintf(" (%d over)", actual-budget)
	}
	if current {
		s += " (current)"
	}
	return s
}

func agendaHas(m *meeting.Meeting, k meeting.RecordKind) bool {
	for _, s := range m.Agenda.Segments {
		if s.Has(k) {
			return true
		}
	}
	return false
}

// segmentAt returns the segment the meeting was in at t: the one entered
// last at or before t (segments record only their first entry, so a record
// made after going back to an earlier segment is filed under the later
// one). -1 if none.
func segmentAt(m *meeting.Meeting, t time.Time) int {
	best, bestAt := -1, time.Time{}
	for i, e := range m.Timer.Entered {
		if e.IsZero() || e.After(t) {
			continue
		}
		if best < 0 || !e.Before(bestAt) {
			best, bestAt = i, e
		}
	}
	return best
}

// ---- VOC triage ----

func minutesIssues(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	w.heading(2, "Prioritized issues")
	if len(b.Issues) == 0 {
		w.line("_No issues were raised._")
		w.blank()
	}
	for n, i := range b.Issues {
		marker := strconv.Itoa(n+1) + ". "
		pad := strings.Repeat(" ", len(marker))
		var tags []string
		if i.Rank == 0 {
			tags = append(tags, "unranked")
		}
		if i.DeepDive {
			tags = append(tags, "deep-dived")
			if !i.Resolved && !i.Owned() {
				tags = append(tags, "**unowned**")
			}
		}
		if i.Resolved {
			tags = append(tags, "resolved")
		}
		head := marker + "**" + mdText(i.Title) + "**"
		if i.ID != "" {
			head += " (" + mdText(i.ID) + ")"
		}
		if len(tags) > 0 {
			head += " — " + strings.Join(tags, ", ")
		}
		w.line(head)
		w.linef("%s- Theme: %s; signal: %s", pad, mdOr(i.Theme), mdOr(string(i.Signal)))
		w.linef("%s- Evidence: story: %s; stat: %s", pad, quoted(i.Story), mdOr(i.Stat))
		w.linef("%s- Impact: %s", pad, mdOr(i.Impact))
		w.linef("%s- Root cause: %s", pad, mdOr(i.RootCause))
		w.linef("%s- Owner: %s", pad, mdOr(personName(team, i.Owner)))
		next := mdOr(i.NextStep)
		if len(i.ActionIDs) > 0 {
			next += " (" + mdText(strings.Join(i.ActionIDs, ", ")) + ")"
		}
		w.linef("%s- Next step: %s", pad, next)
		w.linef("%s- Votes: %d", pad, len(i.Votes))
	}
	w.blank()
	if un := b.Unowned(); len(un) > 0 {
		w.heading(3, "Unowned after deep-dive")
		w.line("Every deep-dived issue must leave with an owner and a next step; these did not:")
		w.blank()
		for _, i := range un {
			var missing []string
			if i.Owner == "" {
				missing = append(missing, "no owner")
			}
			if i.NextStep == "" && len(i.ActionIDs) == 0 {
				missing = append(missing, "no next step")
			}
			w.linef("- %s: %s — %s", mdOr(i.ID), mdText(i.Title), strings.Join(missing, ", "))
		}
		w.blank()
	}
}

func minutesReviews(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m := b.Meeting
	w.heading(2, "Prior actions reviewed")
	if len(b.Carried) == 0 {
		w.line("_No earlier actions were open._")
		w.blank()
		return
	}
	walked := 0
	w.line("| ID | Action | Owner | Outcome | Note |")
	w.line("|---|---|---|---|---|")
	for _, a := range b.Carried {
		outcome, note := "_not reviewed_", ""
		if r, ok := m.Reviewed(a.ID); ok {
			outcome, note = mdText(r.Outcome), mdText(r.Note)
			walked++
		}
		w.linef("| %s | %s | %s | %s | %s |", mdText(a.ID), mdText(a.Text), mdText(personName(team, a.Owner)), outcome, note)
	}
	w.blank()
	w.linef("%d of %d earlier actions reviewed.", walked, len(b.Carried))
	w.blank()
}

func minutesStories(w *mdWriter, stories []*meeting.Story, team *meeting.Team) {
	w.heading(2, "Customer stories")
	if len(stories) == 0 {
		w.line("_No story was shared._")
		w.blank()
		return
	}
	for n, s := range stories {
		h := fmt.Sprintf("Story %d", n+1)
		if s.ID != "" {
			h += " (" + mdText(s.ID) + ")"
		}
		w.heading(3, h)
		w.line("> " + mdText(s.Quote))
		w.blank()
		w.linef("- **Context:** %s", mdOr(s.Context))
		w.linef("- **Journey stage:** %s", mdOr(s.Stage))
		w.linef("- **Impact:** %s", mdOr(s.Impact))
		w.linef("- **Learning:** %s", mdOr(s.Learning))
		w.linef("- **Status:** %s", mdOr(s.Status))
		w.linef("- **Shared by:** %s", mdOr(personName(team, s.CreatedBy)))
		w.blank()
	}
}

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
	w.linef("**Date:** %s", mdOr(string(m.Date)))
	owner := personName(team, j.Owner)
	if owner == "" {
		w.line("**Owner:** _no owner assigned_")
	} else {
		w.linef("**Owner:** %s", mdText(owner))
	}
	w.linef("**Attendees:** %s", attendeeList(m, team))
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

	// 3. Improvement pipeline: what was recorded in that segment.
	journeyHeading(w, m, 2)
	pipe := journeySegment(m, 2)
	var inProgress []*meeting.Action
	var needs []string
	for _, a := range b.Actions {
		if pipe >= 0 && a.Segment == m.Agenda.Segments[pipe].Title {
			inProgress = append(inProgress, a)
			if a.Status == meeting.StatusBlocked || a.Status == meeting.StatusEscalated {
				needs = append(needs, fmt.Sprintf("%s: %s — %s", mdText(a.ID), a.Status, mdOr(a.LastChange().Note)))
			}
		}
	}
	var proposed []*meeting.Decision
	for _, d := range b.Decisions {
		if pipe >= 0 && segmentAt(m, d.CreatedAt) == pipe {
			proposed = append(proposed, d)
		}
	}
	w.line("- **In Progress:**")
	if len(inProgress) == 0 {
		w.line("  - _none recorded_")
	}
	for _, a := range inProgress {
		w.linef("  - %s: %s — %s, due %s, %s", mdText(a.ID), mdText(a.Text), mdOr(personName(team, a.Owner)), mdOr(string(a.Due)), a.Status)
	}
	w.line("- **Proposed:**")
	if len(proposed) == 0 {
		w.line("  - _none recorded_")
	}
	for _, d := range proposed {
		w.linef("  - %s: %s — expected impact: %s", mdText(d.ID), mdText(decisionLabel(d)), mdOr(d.Expected.Customer))
	}
	w.line("- **Resource Needs:**")
	if len(needs) == 0 {
		w.line("  - _none recorded_")
	}
	for _, n := range needs {
		w.line("  - " + n)
	}
	w.blank()

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
	w.linef("**Team Member:** %s", mdOr(personName(team, g.Coachee)))
	w.linef("**Topic:** %s", mdOr(g.Topic))
	w.linef("**Date:** %s", mdOr(string(g.Date)))
	w.blank()
	for i, step := range meeting.GuideSteps {
		w.heading(3, guideHeadings[i])
		w.linef("**Question:** \"%s\"", step.Question)
		w.blank()
		w.line("**Answer:**")
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
	w.line("| Promise | Reality | Keep rate | Gap | Action |")
	w.line("|---|---|---|---|---|")
	sum, known := 0.0, 0
	for _, p := range ps {
		rate := "_unknown_"
		if p.KeepRate >= 0 {
			rate = strconv.FormatFloat(p.KeepRate, 'f', -1, 64) + "%"
			sum += p.KeepRate
			known++
		}
		gap := mdText(p.Gap)
		if g := p.GapPoints(); !math.IsNaN(g) && g > 0 {
			pts := strconv.FormatFloat(math.Round(g*10)/10, 'f', -1, 64) + " pts below 90%"
			if gap == "" {
				gap = pts
			} else {
				gap += " (" + pts + ")"
			}
		}
		action := notRecorded
		if p.Action != "" {
			action = strings.ToUpper(string(p.Action[:1])) + string(p.Action[1:])
			if p.Owner != "" {
				action += " (" + mdText(personName(team, p.Owner)) + ")"
			}
		}
		w.linef("| %s | %s | %s | %s | %s |", quoted(p.Promise), mdOr(p.Reality), rate, orDefault(gap, "—"), action)
	}
	w.blank()
	if known == 0 {
		w.linef("**Promise-keep rate:** not measured (no promise has a keep rate yet; target: %s%%+)", strconv.FormatFloat(meeting.PromiseTarget, 'f', -1, 64))
	} else {
		mean := math.Round(sum/float64(known)*10) / 10
		s := fmt.Sprintf("**Promise-keep rate:** %s%% across %d promise", strconv.FormatFloat(mean, 'f', -1, 64), known)
		if known != 1 {
			s += "s"
		}
		s += fmt.Sprintf(" (target: %s%%+)", strconv.FormatFloat(meeting.PromiseTarget, 'f', -1, 64))
		if u := len(ps) - known; u > 0 {
			s += fmt.Sprintf("; %d not measured", u)
		}
		w.line(s)
	}
	w.blank()
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
	w.linef("**Decision ID:** %s", mdOr(d.ID))
	w.linef("**Date:** %s", mdOr(string(d.Date)))
	w.linef("**Made by:** %s", mdOr(personName(team, d.MadeBy)))
	w.blank()
	w.heading(3, "Context")
	w.line(blockOr(d.Context))
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

// ---- actions ----

func minutesActions(w *mdWriter, as []*meeting.Action, team *meeting.Team, today meeting.Date) {
	w.heading(2, "Actions")
	if len(as) == 0 {
		w.line("_No actions were raised._")
		w.blank()
		return
	}
	w.line("| ID | Action | Owner | Due | Status |")
	w.line("|---|---|---|---|---|")
	for _, a := range as {
		st := string(a.Status)
		if a.Overdue(today) {
			st += " (overdue)"
		}
		w.linef("| %s | %s | %s | %s | %s |", mdText(a.ID), mdText(a.Text), mdOr(personName(team, a.Owner)), mdOr(string(a.Due)), st)
	}
	w.blank()
}

// ---- markdown building and escaping ----

// mdWriter builds a markdown document line by line.
type mdWriter struct{ strings.Builder }

func (w *mdWriter) line(s string) {
	w.WriteString(s)
	w.WriteByte('\n')
}

func (w *mdWriter) linef(format string, args ...any) { w.line(fmt.Sprintf(format, args...)) }

// blank ends a block with one empty line (never two in a row).
func (w *mdWriter) blank() {
	s := w.String()
	if s == "" || strings.HasSuffix(s, "\n\n") {
		return
	}
	w.WriteByte('\n')
}

// heading writes an ATX heading; text must already be escaped.
func (w *mdWriter) heading(level int, text string) {
	w.blank()
	w.line(strings.Repeat("#", level) + " " + text)
	w.blank()
}

var (
	orderedMarker = regexp.MustCompile(`^[0-9]{1,9}[.)]([ \t]|$)`)
	dashesOnly    = regexp.MustCompile(`^[-\s]+$`)
	equalsOnly    = regexp.MustCompile(`^=+\s*$`)
	entityLike    = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// mdEscapeLine escapes one line of user text so that markdown reads it as
// plain text wherever it is placed: inline punctuation that would start
// emphasis, code, links, HTML or a table cell, a heading's closing #s, and
// at the start of the line what would open a list, quote, heading, fence,
// setext underline or thematic break. Leading and trailing blanks go (they
// would make code blocks and hard breaks). Punctuation that cannot form
// structure where it stands (a "-" in "-8 NPS", a "<" before a space) is
// left alone, so the raw file stays readable.
func mdEscapeLine(s string) string {
	s = strings.TrimRight(strings.TrimLeft(s, " \t"), " \t")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if s != "" {
		next := byte(' ')
		if len(s) > 1 {
			next = s[1]
		}
		switch {
		case s[0] == '-' && (next == ' ' || next == '\t' || len(s) == 1 || dashesOnly.MatchString(s)),
			s[0] == '+' && (next == ' ' || next == '\t' || len(s) == 1),
			s[0] == '=' && equalsOnly.MatchString(s),
			s[0] == '>', s[0] == '#':
			b.WriteByte('\\')
			b.WriteByte(s[0])
			s = s[1:]
		}
		if loc := orderedMarker.FindStringIndex(s); loc != nil && b.Len() == 0 {
			p := strings.IndexAny(s, ".)")
			b.WriteString(s[:p])
			b.WriteByte('\\')
			s = s[p:]
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '|', '~':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || strings.IndexByte("/!?", s[i+1]) >= 0) {
				b.WriteByte('\\')
			}
		case '#':
			if strings.Trim(s[i:], "# ") == "" { // could close an ATX heading
				b.WriteByte('\\')
			}
		case '&':
			if entityLike.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// mdText escapes user text for use within one line (line breaks become
// spaces).
func mdText(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return mdEscapeLine(s)
	}
	return mdEscapeLine(strings.Join(strings.Fields(s), " "))
}

// mdOr is mdText, or "_not recorded_" for an empty field.
func mdOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return mdText(s)
}

// mdBlock escapes multi-line user text as one or more paragraphs.
func mdBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdEscapeLine(l)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

func blockOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return mdBlock(s)
}

// quoted is user text in double quotes, or "_not recorded_".
func quoted(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return `"` + mdText(s) + `"`
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ---- JSON ----

// MinutesSegment is one agenda segment's timing in MinutesJSON.
type MinutesSegment struct {
	Index          int    `json:"index"` // 1-based
	Title          string `json:"title"`
	PlannedMinutes int    `json:"planned_minutes"`
	ExtraMinutes   int    `json:"extra_minutes"`
	ActualMinutes  int    `json:"actual_minutes"`
	OverMinutes    int    `json:"over_minutes"`
	Reached        bool   `json:"reached"`
}

// MinutesMeeting is the meeting part of MinutesJSON.
type MinutesMeeting struct {
	ID             string             `json:"id"`
	Title          string             `json:"title"`
	AgendaID       string             `json:"agenda_id"`
	AgendaTitle    string             `json:"agenda_title"`
	SeriesID       string             `json:"series_id,omitempty"`
	JourneyID      string             `json:"journey_id,omitempty"`
	GuideID        string             `json:"guide_id,omitempty"`
	Date           meeting.Date       `json:"date"`
	Facilitator    string             `json:"facilitator"`
	Attendees      []meeting.Attendee `json:"attendees"`
	State          string             `json:"state"` // not started, running, paused, ended
	StartedAt      time.Time          `json:"started_at,omitzero"`
	EndedAt        time.Time          `json:"ended_at,omitzero"`
	AsOf           time.Time          `json:"as_of,omitzero"` // the instant actual minutes are counted to
	PlannedMinutes int                `json:"planned_minutes"`
	ActualMinutes  int                `json:"actual_minutes"`
	Segments       []MinutesSegment   `json:"segments"`
}

// MinutesRecord is the document MinutesJSON writes. Lists are never null.
type MinutesRecord struct {
	Meeting   MinutesMeeting      `json:"meeting"`
	Actions   []*meeting.Action   `json:"actions"`
	Carried   []*meeting.Action   `json:"carried"`
	Reviews   []meeting.Review    `json:"reviews"`
	Issues    []*meeting.Issue    `json:"issues"`
	Decisions []*meeting.Decision `json:"decisions"`
	Stories   []*meeting.Story    `json:"stories"`
	Promises  []*meeting.Promise  `json:"promises"`
	Journey   *meeting.Journey    `json:"journey"`
	Guide     *meeting.Guide      `json:"guide"`
}

// MinutesJSON renders the meeting and its records as one JSON object. With
// no clock to read, the actual minutes of a meeting still running are
// counted up to the last stored timer event (the meeting's "as_of"); an
// ended meeting's are final.
func MinutesJSON(b *meeting.Bundle) ([]byte, error) {
	if b == nil || b.Meeting == nil {
		return nil, meeting.Errorf(meeting.EINVALID, "no meeting to render")
	}
	m := b.Meeting
	t := &m.Timer
	asOf := latestTimerEvent(t)
	mm := MinutesMeeting{
		ID: m.ID, Title: m.Title, AgendaID: m.Agenda.ID, AgendaTitle: m.Agenda.Title,
		SeriesID: m.SeriesID, JourneyID: m.JourneyID, GuideID: m.GuideID,
		Date: m.Date, Facilitator: m.Facilitator, Attendees: nonNil(m.Attendees),
		StartedAt: t.StartedAt, EndedAt: t.EndedAt, AsOf: asOf,
		Segments: []MinutesSegment{},
	}
	switch {
	case !t.Started():
		mm.State = "not started"
	default:
		mm.State = string(m.State())
	}
	for i, s := range m.Agenda.Segments {
		planned := time.Duration(s.Minutes) * time.Minute
		if i < len(t.Planned) {
			planned = t.Planned[i]
		}
		var extra time.Duration
		if i < len(t.Extra) {
			extra = t.Extra[i]
		}
		el := t.SegmentElapsed(i, asOf)
		seg := MinutesSegment{
			Index: i + 1, Title: s.Title,
			PlannedMinutes: roundMinutes(planned), ExtraMinutes: roundMinutes(extra),
			ActualMinutes: roundMinutes(el),
			Reached:       el > 0 || (i < len(t.Entered) && !t.Entered[i].IsZero()),
		}
		seg.OverMinutes = max(0, seg.ActualMinutes-roundMinutes(planned+extra))
		mm.PlannedMinutes += seg.PlannedMinutes
		mm.Segments = append(mm.Segments, seg)
		mm.ActualMinutes += roundMinutes(el)
	}
	doc := MinutesRecord{
		Meeting:   mm,
		Actions:   nonNil(b.Actions),
		Carried:   nonNil(b.Carried),
		Reviews:   nonNil(m.Reviews),
		Issues:    nonNil(b.Issues),
		Decisions: nonNil(b.Decisions),
		Stories:   nonNil(b.Stories),
		Promises:  nonNil(b.Promises),
		Journey:   b.Journey,
		Guide:     b.Guide,
	}
	return json.MarshalIndent(doc, "", "  ")
}

// latestTimerEvent is the last instant the stored timer accounts for.
func latestTimerEvent(t *meeting.Timer) time.Time {
	switch {
	case t.Ended():
		return t.EndedAt
	case t.Paused:
		return t.PausedAt
	case !t.RunningSince.IsZero():
		return t.RunningSince
	}
	return t.StartedAt
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

package report

import (
	"fmt"
	"strings"

	"cxroom/meeting"
)

// ---- journey review: the improvement pipeline (Template 1, part 3) ----

// pipelineSection writes the journey's initiatives in progress (status,
// expected impact), its proposed experiments (effort, impact, decision)
// and the resource needs both name.
func pipelineSection(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m := b.Meeting
	var inProgress, proposed, needs []string
	for _, x := range b.Initiatives {
		line := fmt.Sprintf("%s: %s — %s, expected impact: %s", mdText(x.ID), mdText(x.Title), x.Status, mdOr(x.ExpectedImpact))
		if x.Owner != "" {
			line += ", owner: " + mdText(personName(team, x.Owner))
		}
		if x.Note != "" {
			line += " (" + mdText(x.Note) + ")"
		}
		if x.MeetingID != m.ID {
			line += ", carried"
		}
		inProgress = append(inProgress, line)
		if x.Needs != "" && x.Status.Active() {
			needs = append(needs, fmt.Sprintf("%s: %s", mdText(x.ID), mdText(x.Needs)))
		}
	}
	for _, x := range b.Experiments {
		if x.Decision == meeting.ExperimentApproved && x.DecidedIn != m.ID {
			// approved at an earlier review: running, or its result is in
			line := fmt.Sprintf("%s: %s — experiment approved earlier, ", mdText(x.ID), mdText(x.Title))
			if x.Result == "" {
				line += "running"
			} else {
				line += "result: " + mdText(x.Result)
			}
			line += ", expected impact: " + levelOr(x.Impact)
			inProgress = append(inProgress, line)
		} else {
			line := fmt.Sprintf("%s: %s — effort: %s, impact: %s, decision: %s", mdText(x.ID), mdText(x.Title),
				levelOr(x.Effort), levelOr(x.Impact), experimentDecision(x, m))
			if x.Why != "" {
				line += " (" + mdText(x.Why) + ")"
			}
			if x.MeetingID != m.ID {
				line += ", carried"
			}
			proposed = append(proposed, line)
		}
		if x.Needs != "" && x.Open() {
			needs = append(needs, fmt.Sprintf("%s: %s", mdText(x.ID), mdText(x.Needs)))
		}
	}
	for _, part := range []struct {
		label string
		lines []string
	}{{"In Progress", inProgress}, {"Proposed", proposed}, {"Resource Needs", needs}} {
		w.linef("- **%s:**", part.label)
		if len(part.lines) == 0 {
			w.line("  - _none recorded_")
		}
		for _, l := range part.lines {
			w.line("  - " + l)
		}
	}
	w.blank()
}

func levelOr(l meeting.Level) string { return mdOr(string(l)) }

// experimentDecision is the decision on x as meeting m saw it.
func experimentDecision(x *meeting.Experiment, m *meeting.Meeting) string {
	switch {
	case x.Decision == meeting.ExperimentProposed:
		return "_not decided_"
	case x.DecidedIn == m.ID:
		return string(x.Decision) + " here"
	}
	return string(x.Decision)
}

// approvedExperiments lists, under "Approved", the experiments this
// review approved (Template 1's output: approved experiments). It returns
// how many.
func approvedExperiments(w *mdWriter, b *meeting.Bundle, team *meeting.Team) int {
	n := 0
	for _, x := range b.Experiments {
		if x.Decision == meeting.ExperimentApproved && x.DecidedIn == b.Meeting.ID {
			w.linef("  - Experiment: %s — owner: %s (%s)", mdText(x.Title), mdOr(personName(team, x.Owner)), mdText(x.ID))
			n++
		}
	}
	return n
}

// ---- QBR: every journey's health and the systemic issues ----

// allJourneysHealth is the QBR's "review all critical journey metrics": one
// row per journey with its latest value and trend of each metric as they
// stood on the meeting's day, and the worst-performing journey named.
func allJourneysHealth(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m := b.Meeting
	w.heading(2, "Journey Health: All Critical Journeys")
	var js []*meeting.Journey
	for _, j := range b.Journeys {
		if j.Critical {
			js = append(js, journeyAsOf(j, &meeting.Meeting{Date: m.Date}))
		}
	}
	if len(js) == 0 {
		w.line("_No critical journeys are registered._")
		w.blank()
		return
	}
	// the columns: every metric any journey has, in the order first seen
	var cols []meeting.Metric
	for _, j := range js {
		for _, mt := range j.Metrics {
			if !containsMetric(cols, mt.Key) {
				cols = append(cols, mt)
			}
		}
	}
	head := "| Journey | Owner |"
	rule := "|---|---|"
	for _, c := range cols {
		head += " " + metricLabel(c) + " |"
		rule += "---|"
	}
	w.line(head + " Off target | Last reviewed |")
	w.line(rule + "---|---|")
	for _, j := range js {
		row := "| " + mdText(j.Name) + " | " + orDefault(mdText(personName(team, j.Owner)), "_no owner_") + " |"
		health := j.Health()
		for _, c := range cols {
			cell := "—"
			for _, h := range health {
				if h.Metric.Key == c.Key && h.HasValue {
					cell = formatMetric(h.Metric, h.Current) + " " + h.Trend.Arrow()
					if !h.OnTarget {
						cell += " (target " + metricTarget(h.Metric) + ")"
					}
				}
			}
			row += " " + cell + " |"
		}
		st := j.Standing()
		row += fmt.Sprintf(" %d of %d | %s |", st.OffTarget, st.Measured, mdOr(string(j.LastReviewed)))
		w.line(row)
	}
	w.blank()
	if worst := meeting.WorstJourney(js); worst != nil {
		st := worst.Standing()
		w.linef("**Worst-performing:** %s (%d of %d metrics off target, %d declining)", mdText(worst.Name), st.OffTarget, st.Measured, st.Declining)
	} else {
		w.line("**Worst-performing:** _no journey has a reading yet_")
	}
	w.blank()
}

func containsMetric(ms []meeting.Metric, key string) bool {
	for _, m := range ms {
		if m.Key == key {
			return true
		}
	}
	return false
}

// systemicIssues is the QBR's record of systemic issues: the chain from
// the issue to its root cause, owner and roadmap item.
func systemicIssues(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m := b.Meeting
	w.heading(2, "Systemic Issues")
	if len(b.Systemic) == 0 {
		w.line("_No systemic issues were identified._")
		w.blank()
		return
	}
	w.line("| ID | Issue | Root cause | Owner | Roadmap item | Status |")
	w.line("|---|---|---|---|---|---|")
	untraced := 0
	for _, x := range b.Systemic {
		status := "open"
		if x.Resolved {
			status = "resolved"
		}
		if x.MeetingID != m.ID && x.MeetingID != "" {
			status += ", carried from " + mdText(x.MeetingID)
		}
		issue := mdText(x.Issue)
		if x.JourneyID != "" {
			issue += " (" + journeyName(b, x.JourneyID) + ")"
		}
		if !x.Resolved && !x.Traced() {
			untraced++
		}
		w.linef("| %s | %s | %s | %s | %s | %s |", mdText(x.ID), issue, mdOr(x.RootCause), mdOr(personName(team, x.Owner)), mdOr(x.Roadmap), status)
	}
	w.blank()
	if untraced > 0 {
		verb := "lack"
		if untraced == 1 {
			verb = "lacks"
		}
		w.linef("%d open systemic issue%s still %s a root cause, an owner or a roadmap item.", untraced, plural(untraced), verb)
		w.blank()
	}
}

func journeyName(b *meeting.Bundle, id string) string {
	for _, j := range b.Journeys {
		if j.ID == id {
			return mdText(j.Name)
		}
	}
	return mdText(strings.TrimSpace(id))
}

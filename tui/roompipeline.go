package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// The room's panes and forms for the QBR (every journey's health and the
// systemic issues it identifies), a journey review's improvement pipeline
// (initiatives and experiments) and the reviewed journey's targets.

// metricShort is a metric's column heading in the all-journeys table.
var metricShort = map[string]string{"completion": "COMPL", "effort": "CES", "satisfaction": "CSAT", "impact": "IMPACT", "activation": "ACTIV"}

func shortMetric(m meeting.Metric) string {
	if s, ok := metricShort[m.Key]; ok {
		return s
	}
	return strings.ToUpper(ansi.Truncate(journeyShort(m), 6, ""))
}

// journeysView is the QBR's "review all critical journey metrics": one row
// per critical journey, the worst-performing flagged, then the systemic
// issues identified (the selectable rows).
func (s *roomScreen) journeysView(w int) (string, []string, int) {
	st := s.st
	title := "Every critical journey · systemic issues (i add · enter edit)"
	var js []*meeting.Journey
	for _, j := range s.snap.Journeys {
		if j.Critical {
			js = append(js, j)
		}
	}
	var lines []string
	if len(js) == 0 {
		lines = append(lines, st.Subtle.Render("No critical journeys registered (J on the home screen)."))
	}
	var cols []meeting.Metric
	for _, j := range js {
		for _, m := range j.Metrics {
			if !containsKey(cols, m.Key) {
				cols = append(cols, m)
			}
		}
	}
	const colW = 7
	nameW := min(20, max(w-colW*len(cols)-16, 10))
	if len(js) > 0 {
		head := padRight("JOURNEY", nameW) + " "
		for _, c := range cols {
			head += padRight(shortMetric(c), colW)
		}
		lines = append(lines, ansi.Truncate(st.Section.Render(head+"OFF"), w, "…"))
	}
	worst := meeting.WorstJourney(js)
	for _, j := range js {
		name := ansi.Truncate(j.Name, nameW, "…")
		row := padRight(name, nameW) + " "
		health := j.Health()
		for _, c := range cols {
			cell := padRight("—", colW)
			for _, h := range health {
				if h.Metric.Key != c.Key || !h.HasValue {
					continue
				}
				cell = padRight(journeyValue(h.Metric, h.Current)+h.Trend.Arrow(), colW)
				if h.OnTarget {
					cell = st.OK.Render(cell)
				} else {
					cell = st.Warn.Render(cell)
				}
			}
			row += cell
		}
		sd := j.Standing()
		off := fmt.Sprintf("%d/%d", sd.OffTarget, sd.Measured)
		var flags string
		if j == worst {
			flags += st.Danger.Render(" ⚑ worst")
		}
		if j.Owner == "" {
			flags += st.Warn.Render(" ⚑ no owner")
		}
		if flags != "" {
			off = padRight(off, 4) + flags
		}
		row += off
		lines = append(lines, ansi.Truncate(row, w, "…"))
	}
	lines = append(lines, "", st.Section.Render("SYSTEMIC ISSUES — issue → root cause → owner → roadmap item"))
	sel := -1
	if len(s.snap.Systemic) == 0 {
		lines = append(lines, st.Subtle.Render("None yet. Press i to add one: what keeps going wrong across journeys."))
	}
	for i, x := range s.snap.Systemic {
		if i == s.sel {
			sel = len(lines)
		}
		mark := ""
		switch {
		case x.Resolved:
			mark = st.OK.Render("  ✓ resolved")
		case x.MeetingID != s.snap.Meeting.ID:
			mark = st.Subtle.Render("  carried from " + x.MeetingID)
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s%s", s.cursor(i), st.Accent.Render(x.ID), x.Issue, mark), w, "…"))
		if x.Traced() {
			lines = append(lines, ansi.Truncate("     "+st.Subtle.Render("root cause: ")+x.RootCause+st.Subtle.Render(" · owner: ")+x.Owner+
				st.Subtle.Render(" · roadmap: ")+x.Roadmap, w, "…"))
		} else if !x.Resolved {
			lines = append(lines, "     "+st.Warn.Render("⚑ needs a root cause, an owner and a roadmap item (enter)"))
		}
	}
	return title, lines, sel
}

func containsKey(ms []meeting.Metric, k string) bool {
	for _, m := range ms {
		if m.Key == k {
			return true
		}
	}
	return false
}

// pipelineView is the journey's improvement pipeline: its initiatives
// (status, expected impact) and experiments (effort, impact, decision),
// carried from its last review. Rows: initiatives, then experiments.
func (s *roomScreen) pipelineView(w int) (string, []string, int) {
	st := s.st
	title := "Improvement pipeline (I initiative · x experiment · enter update)"
	var lines []string
	sel, row := -1, 0
	lines = append(lines, st.Section.Render("IN PROGRESS — initiatives: status, expected impact"))
	if len(s.snap.Initiatives) == 0 {
		lines = append(lines, st.Subtle.Render("  None carried. Press I to add one."))
	}
	for _, x := range s.snap.Initiatives {
		if row == s.sel {
			sel = len(lines)
		}
		status := string(x.Status)
		if x.Note != "" {
			status += ": " + x.Note
		}
		switch x.Status {
		case meeting.InitiativeBlocked:
			status = st.Danger.Render(status)
		case meeting.InitiativeDone:
			status = st.OK.Render(status)
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s  %s", s.cursor(row), st.Accent.Render(x.ID), x.Title, status), w, "…"))
		meta := join2(labelled("impact", x.ExpectedImpact), labelled("needs", x.Needs))
		if x.MeetingID != s.snap.Meeting.ID {
			meta = join2(meta, "carried")
		}
		if meta != "" {
			lines = append(lines, ansi.Truncate("     "+st.Subtle.Render(meta), w, "…"))
		}
		row++
	}
	lines = append(lines, "", st.Section.Render("PROPOSED — experiments: effort, impact, decision"))
	if len(s.snap.Experiments) == 0 {
		lines = append(lines, st.Subtle.Render("  None proposed. Press x to add one."))
	}
	for _, x := range s.snap.Experiments {
		if row == s.sel {
			sel = len(lines)
		}
		dec := string(x.Decision)
		switch x.Decision {
		case meeting.ExperimentProposed:
			dec = st.Warn.Render("undecided")
		case meeting.ExperimentApproved:
			dec = st.OK.Render(dec)
			if x.Result != "" {
				dec += st.Subtle.Render(": " + x.Result)
			}
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s  %s", s.cursor(row), st.Accent.Render(x.ID), x.Title, dec), w, "…"))
		meta := fmt.Sprintf("effort %s · impact %s", orDash(string(x.Effort)), orDash(string(x.Impact)))
		meta = join2(meta, labelled("why", x.Why))
		if x.MeetingID != s.snap.Meeting.ID {
			meta = join2(meta, "carried")
		}
		lines = append(lines, ansi.Truncate("     "+st.Subtle.Render(meta), w, "…"))
		row++
	}
	return title, lines, sel
}

func labelled(label, v string) string {
	if v == "" {
		return ""
	}
	return label + ": " + v
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// selectedPipeline returns the selected initiative or experiment.
func (s *roomScreen) selectedPipeline() (*meeting.Initiative, *meeting.Experiment) {
	i := s.sel
	if i < len(s.snap.Initiatives) {
		return s.snap.Initiatives[i], nil
	}
	if i -= len(s.snap.Initiatives); i < len(s.snap.Experiments) {
		return nil, s.snap.Experiments[i]
	}
	return nil, nil
}

// ---- forms ----

func (s *roomScreen) systemicForm(x *meeting.Systemic) *form {
	r, a := s.room, s.d.Actor
	editing := x != nil
	title := "Systemic issue: issue → root cause → owner → roadmap item"
	if editing {
		title = fmt.Sprintf("%s: %s", x.ID, x.Issue)
	} else {
		x = &meeting.Systemic{}
	}
	var journeys []string
	for _, j := range s.snap.Journeys {
		journeys = append(journeys, j.ID)
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.SystemicInput{Issue: v["issue"], RootCause: v["root"], Owner: v["owner"], Roadmap: v["roadmap"], JourneyID: v["journey"]}
		if !editing {
			y, err := r.AddSystemic(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "identified systemic issue " + y.ID, nil
		}
		in.Resolved = v["resolved"]
		y, err := r.EditSystemic(ctx, a, x.ID, in)
		if err != nil {
			return "", err
		}
		return "updated " + y.ID, nil
	}))
	if editing {
		f.add("issue", "Issue", value(x.Issue))
	} else {
		f.add("issue", "Issue", required(), placeholder("what keeps going wrong across journeys"))
	}
	f.add("root", "Root cause", value(x.RootCause), placeholder("the backstage cause"))
	f.add("owner", "Owner", value(x.Owner), suggest(s.owners()))
	f.add("roadmap", "Roadmap item", value(x.Roadmap), placeholder("the roadmap item that fixes it"))
	f.add("journey", "Journey", value(x.JourneyID), suggest(journeys), placeholder("where it shows most, e.g. J2 (optional)"))
	if editing {
		res := "no"
		if x.Resolved {
			res = "yes"
		}
		f.add("resolved", "Resolved", choices("no", "yes"), chosen(res))
	}
	return f
}

func (s *roomScreen) initiativeForm(x *meeting.Initiative) *form {
	r, a := s.room, s.d.Actor
	editing := x != nil
	title := "Initiative in progress"
	if editing {
		title = fmt.Sprintf("%s: %s", x.ID, x.Title)
	} else {
		x = &meeting.Initiative{Status: meeting.InitiativeInProgress}
	}
	var statuses []string
	for _, st := range meeting.InitiativeStatuses {
		statuses = append(statuses, string(st))
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.InitiativeInput{Title: v["title"], Status: v["status"], ExpectedImpact: v["impact"], Needs: v["needs"], Owner: v["owner"], Note: v["note"]}
		if !editing {
			y, err := r.AddInitiative(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "added initiative " + y.ID, nil
		}
		y, err := r.EditInitiative(ctx, a, x.ID, in)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is %s", y.ID, y.Status), nil
	}))
	if editing {
		f.add("title", "Initiative", value(x.Title))
	} else {
		f.add("title", "Initiative", required(), placeholder("what is being done for this journey"))
	}
	f.add("status", "Status", choices(statuses...), chosen(string(x.Status)))
	f.add("impact", "Expected impact", value(x.ExpectedImpact), placeholder("e.g. completion +10 pts"))
	f.add("needs", "Resource needs", value(x.Needs), placeholder("budget, people, dependencies"))
	f.add("owner", "Owner", value(x.Owner), suggest(s.owners()))
	f.add("note", "Status note", value(x.Note))
	return f
}

func (s *roomScreen) experimentForm(x *meeting.Experiment) *form {
	r, a := s.room, s.d.Actor
	editing := x != nil
	title := "Proposed experiment or fix"
	if editing {
		title = fmt.Sprintf("%s: %s", x.ID, x.Title)
	} else {
		x = &meeting.Experiment{}
	}
	levels := []string{"—", string(meeting.LevelLow), string(meeting.LevelMedium), string(meeting.LevelHigh)}
	orNone := func(v string) string {
		if v == "—" || v == "undecided" {
			return ""
		}
		return v
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.ExperimentInput{Title: v["title"], Effort: orNone(v["effort"]), Impact: orNone(v["impact"]),
			Decision: orNone(v["decision"]), Why: v["why"], Needs: v["needs"], Owner: v["owner"], Result: v["result"]}
		if !editing {
			y, err := r.AddExperiment(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "proposed experiment " + y.ID, nil
		}
		if in.Decision == "" && x.Decision != meeting.ExperimentProposed {
			in.Decision = "proposed" // set back to undecided
		}
		y, err := r.EditExperiment(ctx, a, x.ID, in)
		if err != nil {
			return "", err
		}
		return "updated " + y.ID, nil
	}))
	if editing {
		f.add("title", "Experiment", value(x.Title))
	} else {
		f.add("title", "Experiment", required(), placeholder("the idea: what we would try"))
	}
	f.add("effort", "Effort", choices(levels...), chosen(orLevel(x.Effort)))
	f.add("impact", "Impact", choices(levels...), chosen(orLevel(x.Impact)))
	dec := string(x.Decision)
	if dec == "" {
		dec = "undecided"
	}
	f.add("decision", "Decision", choices("undecided", string(meeting.ExperimentApproved), string(meeting.ExperimentDeferred),
		string(meeting.ExperimentRejected)), chosen(dec))
	f.add("why", "Why", value(x.Why), placeholder("the decision's reason"))
	f.add("needs", "Resource needs", value(x.Needs), placeholder("budget, people, dependencies"))
	f.add("owner", "Owner", value(x.Owner), suggest(s.owners()))
	if editing {
		f.add("result", "Result", value(x.Result), placeholder("what it showed, once run"))
	}
	return f
}

func orLevel(l meeting.Level) string {
	if l == "" {
		return "—"
	}
	return string(l)
}

// targetsForm changes the reviewed journey's metric targets (the
// facilitator or the journey owner).
func (s *roomScreen) targetsForm() *form {
	r, a := s.room, s.d.Actor
	j := s.snap.Journey
	f := newForm(s.st, "Targets: "+j.Name, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		if err := r.SetTargets(ctx, a, v); err != nil {
			return "", err
		}
		return "saved " + j.Name + "'s targets", nil
	}))
	for _, m := range j.Metrics {
		f.add(m.Key, m.Name, value(journeyValue(m, m.Target)), placeholder(targetSign(m)+journeyValue(m, m.Target)))
	}
	return f
}

// enablePipelineKeys turns on the keys of the QBR's and the journey
// review's records: only in their segment, for those who write (the
// targets: the facilitator or the journey's owner, as the policy says).
func (s *roomScreen) enablePipelineKeys(kind meeting.RecordKind, write bool) {
	k := &s.keys
	k.Systemic.SetEnabled(write && kind == meeting.KindJourneys)
	pipe := write && kind == meeting.KindPipeline && s.snap.Journey != nil
	k.Initiative.SetEnabled(pipe)
	k.Experiment.SetEnabled(pipe)
	j := s.snap.Journey
	ra := s.d.Actor
	ra.Role = s.role()
	k.Targets.SetEnabled(kind == meeting.KindMetrics && j != nil &&
		meeting.Can(ra, meeting.OpJourneyTarget, meeting.Subject{JourneyOwner: j.Owner, ID: j.ID}))
}

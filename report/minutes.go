// Package report renders what cxroom's meetings produced for people and
// other tools: the minutes (markdown following the seed's templates, and
// JSON), the decision log, action exports (CSV, JSON, iCalendar), the series
// calendar and the leadership scorecard. It reads meeting's records and
// computes nothing the domain owns; meeting knows nothing of it.
package report

import (
	"fmt"
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
// meeting; then, by ritual, the QBR's health of every journey and its
// systemic issues, the VOC triage's prioritised issues (this meeting's
// deep-dive told from the issues carried, with their age), prior actions
// reviewed and customer stories, the journey review (Template 1, with its
// improvement pipeline),
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
	if agendaHas(m, meeting.KindJourneys) {
		allJourneysHealth(w, b, team)
	}
	if agendaHas(m, meeting.KindSystemic) || len(b.Systemic) > 0 {
		systemicIssues(w, b, team)
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
	if agendaHas(m, meeting.KindBoard) {
		minutesBoard(w, b)
	}
	if agendaHas(m, meeting.KindCharters) || len(b.Charters) > 0 {
		minutesCharters(w, b, team)
	}
	if agendaHas(m, meeting.KindAccounts) || len(b.Accounts) > 0 {
		minutesAccounts(w, b, team)
	}
	for _, d := range b.Decisions {
		writeDecisionEntry(w, d, team)
	}
	for _, p := range b.Proposals {
		writeProposal(w, p, team)
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
	ritual := mdText(m.Agenda.Title)
	if m.Agenda.ID != "" {
		ritual += " (" + mdText(m.Agenda.ID) + ")"
	}
	w.fields(
		"**Date:** "+mdOr(string(m.Date)),
		"**Facilitator:** "+mdOr(personName(team, m.Facilitator)),
		"**Attendees:** "+attendeeList(m, team),
		"**Ritual:** "+strings.TrimSpace(ritual),
		"**Duration:** "+meetingDuration(m, now),
		"**State:** "+meetingState(m))
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

// ---- VOC triage ----

func minutesIssues(w *mdWriter, b *meeting.Bundle, team *meeting.Team) {
	m := b.Meeting
	w.heading(2, "Prioritized issues")
	if len(b.Issues) == 0 {
		w.line("_No issues were raised._")
		w.blank()
	}
	issuesSummary(w, b)
	for n, i := range b.Issues {
		marker := strconv.Itoa(n+1) + ". "
		pad := strings.Repeat(" ", len(marker))
		age := b.AgeOf(i)
		var tags []string
		if i.Rank == 0 {
			tags = append(tags, "unranked")
		}
		switch {
		case i.DeepDivedIn(m.ID):
			tags = append(tags, "deep-dived this meeting")
			if !i.Resolved && !b.IssueOwned(i) {
				tags = append(tags, "**unowned**")
			}
		case i.DeepDive:
			tags = append(tags, "deep-dived in an earlier meeting")
		}
		if age.Carried {
			tags = append(tags, "carried")
		}
		if i.Resolved {
			tags = append(tags, "resolved")
		}
		if i.PastClock(m.CreatedAt) {
			tags = append(tags, fmt.Sprintf("**no action in %d days**", meeting.ResponseDays))
		}
		if i.ReopenOf != "" {
			tags = append(tags, "a reopen of "+mdText(i.ReopenOf))
		}
		if i.Reopens > 0 {
			tags = append(tags, fmt.Sprintf("came back %d×", i.Reopens))
		}
		head := marker + "**" + mdText(i.Title) + "**"
		if i.ID != "" {
			head += " (" + mdText(i.ID) + ")"
		}
		if len(tags) > 0 {
			head += " — " + strings.Join(tags, ", ")
		}
		w.line(head)
		w.linef("%s- On the list: %s", pad, issueAge(i, age))
		w.linef("%s- Theme: %s; signal: %s", pad, mdOr(i.Theme), mdOr(string(i.Signal)))
		w.linef("%s- Evidence: story: %s; stat: %s", pad, quoted(i.Story), mdOr(i.Stat))
		w.linef("%s- Impact: %s", pad, mdOr(i.Impact))
		w.linef("%s- Root cause: %s", pad, mdOr(i.RootCause))
		owner, next := issueOwnership(b, i, team)
		w.linef("%s- Owner: %s", pad, owner)
		w.linef("%s- Next step: %s", pad, next)
		w.linef("%s- Votes: %d", pad, len(i.Votes))
		if i.FixStat != "" || i.FixQuote != "" {
			w.linef("%s- The fix worked: stat: %s; customer: %s", pad, mdOr(i.FixStat), quoted(i.FixQuote))
		}
	}
	w.blank()
	if un := b.Unowned(); len(un) > 0 {
		w.heading(3, "Unowned after deep-dive")
		w.line("Every deep-dived issue must leave with an owner and a next step; these did not:")
		w.blank()
		for _, i := range un {
			missing := "no action with an owner and a due date"
			if len(i.ActionIDs) > 0 {
				missing = "its actions were dropped"
			}
			w.linef("- %s: %s — %s", mdOr(i.ID), mdText(i.Title), missing)
		}
		w.blank()
	}
}

// issuesSummary tells this meeting's deep-dive (the week's top N) from the
// issues carried from earlier meetings, before the ranked list.
func issuesSummary(w *mdWriter, b *meeting.Bundle) {
	if len(b.Issues) == 0 {
		return
	}
	top := 0
	for _, s := range b.Meeting.Agenda.Segments {
		top = max(top, s.Top)
	}
	var dived, carried []string
	for _, i := range b.DeepDived() {
		dived = append(dived, mdText(i.ID))
	}
	for _, i := range b.Issues {
		if age := b.AgeOf(i); age.Carried {
			carried = append(carried, fmt.Sprintf("%s (%s)", mdText(i.ID), openFor(age)))
		}
	}
	label := "**Deep-dived this meeting:**"
	if top > 0 {
		label = fmt.Sprintf("**Deep-dived this meeting (the top %d):**", top)
	}
	if top > 0 || len(dived) > 0 {
		w.line("- " + label + " " + orDefault(strings.Join(dived, ", "), "_none_"))
	}
	w.line("- **Carried from earlier meetings:** " + orDefault(strings.Join(carried, ", "), "_none_"))
	w.blank()
}

// issueAge is how long an issue has been on the list.
func issueAge(i *meeting.Issue, age meeting.IssueAge) string {
	if !age.Carried {
		return "raised this meeting"
	}
	s := "open " + openFor(age)
	if !i.CreatedAt.IsZero() {
		s += ", raised " + string(meeting.DateOf(i.CreatedAt))
		if i.MeetingID != "" {
			s += " in " + mdText(i.MeetingID)
		}
	}
	return s
}

// openFor is "14 days, 3 meetings".
func openFor(age meeting.IssueAge) string {
	days := "days"
	if age.Days == 1 {
		days = "day"
	}
	mtgs := "meetings"
	if age.Meetings == 1 {
		mtgs = "meeting"
	}
	return fmt.Sprintf("%d %s, %d %s", age.Days, days, age.Meetings, mtgs)
}

// issueOwnership is an issue's owner and next step: its linked actions as
// they are now (an older record's typed text, said so, when it has none).
func issueOwnership(b *meeting.Bundle, i *meeting.Issue, team *meeting.Team) (owner, next string) {
	acts := b.IssueActions(i)
	if len(acts) == 0 && len(i.ActionIDs) == 0 {
		if i.Owner == "" && i.NextStep == "" {
			return mdOr(""), mdOr("")
		}
		return mdOr(personName(team, i.Owner)), mdOr(i.NextStep) + " (typed, not an action)"
	}
	var owners, steps []string
	for _, a := range acts {
		o := personName(team, a.Owner)
		if a.External {
			o = a.OwnerLabel()
		}
		if !slices.Contains(owners, o) {
			owners = append(owners, o)
		}
		steps = append(steps, fmt.Sprintf("%s (%s, due %s, %s)", mdText(a.Text), mdText(a.ID), a.Due, a.Status))
	}
	for _, id := range i.ActionIDs {
		if b.Action(id) == nil {
			steps = append(steps, mdText(id))
		}
	}
	for k, o := range owners {
		owners[k] = mdText(o)
	}
	return mdOr(strings.Join(owners, ", ")), strings.Join(steps, "; ")
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
	noun := "earlier actions"
	if len(b.Carried) == 1 {
		noun = "earlier action"
	}
	w.linef("%d of %d %s reviewed.", walked, len(b.Carried), noun)
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

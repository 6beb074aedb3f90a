package report

import (
	"bytes"
	"encoding/json"
	"time"

	"cxroom/meeting"
)

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
	Proposals []*meeting.Proposal `json:"proposals"`
	Journey   *meeting.Journey    `json:"journey"`
	Guide     *meeting.Guide      `json:"guide"`
	// IssueAges says, per issue, whether this meeting's deep-dive took it
	// up and how long it has been on the list.
	IssueAges   []MinutesIssueAge     `json:"issue_ages"`
	Systemic    []*meeting.Systemic   `json:"systemic"`    // the QBR's systemic issues
	Journeys    []*meeting.Journey    `json:"journeys"`    // the QBR: every journey's health
	Initiatives []*meeting.Initiative `json:"initiatives"` // a journey review's pipeline
	Experiments []*meeting.Experiment `json:"experiments"`
	// The executive rituals: the quarter's board figures, the charters
	// with go/no-go points due or decided here, the at-risk accounts.
	BoardMetrics []BoardMetricRow   `json:"board_metrics"`
	Charters     []*meeting.Charter `json:"charters"`
	Accounts     []*meeting.Account `json:"accounts"`
}

// MinutesIssueAge is one issue's place in this meeting (MinutesJSON).
type MinutesIssueAge struct {
	IssueID      string `json:"issue_id"`
	DeepDived    bool   `json:"deep_dived_here"` // this meeting's deep-dive took it up
	Carried      bool   `json:"carried"`         // raised in an earlier meeting
	DaysOpen     int    `json:"days_open"`
	MeetingsOpen int    `json:"meetings_open"` // meetings of the series it has been open in, this one included
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
		Proposals: nonNil(b.Proposals),
		Journey:   b.Journey,
		Guide:     b.Guide,

		IssueAges:   []MinutesIssueAge{},
		Systemic:    nonNil(b.Systemic),
		Journeys:    nonNil(b.Journeys),
		Initiatives: nonNil(b.Initiatives),
		Experiments: nonNil(b.Experiments),

		BoardMetrics: []BoardMetricRow{},
		Charters:     nonNil(b.Charters),
		Accounts:     nonNil(b.Accounts),
	}
	for _, f := range b.Board {
		doc.BoardMetrics = append(doc.BoardMetrics, boardRow(f))
	}
	for _, i := range b.Issues {
		age := b.AgeOf(i)
		doc.IssueAges = append(doc.IssueAges, MinutesIssueAge{IssueID: i.ID, DeepDived: i.DeepDivedIn(m.ID),
			Carried: age.Carried, DaysOpen: age.Days, MeetingsOpen: age.Meetings})
	}
	return marshal(doc)
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

// ActionsJSON renders actions as a JSON array ("[]" when there are none).
func ActionsJSON(as []*meeting.Action) ([]byte, error) {
	out := make([]*meeting.Action, len(as))
	for i, a := range as {
		c := *a
		c.History = nonNil(a.History)
		out[i] = &c
	}
	return marshal(out)
}

// DecisionsJSON renders decisions as a JSON array ("[]" when there are none).
func DecisionsJSON(ds []*meeting.Decision) ([]byte, error) {
	return marshal(nonNil(ds))
}

// MeetingListing is the listing form of a meeting (cxroom meetings --json):
// the full record carries the agenda's prompts, which a listing does not
// need.
type MeetingListing struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	AgendaID    string             `json:"agenda_id"`
	SeriesID    string             `json:"series_id,omitempty"`
	JourneyID   string             `json:"journey_id,omitempty"`
	Date        meeting.Date       `json:"date"`
	State       meeting.State      `json:"state"`
	Facilitator string             `json:"facilitator"`
	Attendees   []meeting.Attendee `json:"attendees"`
	Segment     int                `json:"segment"` // 1-based, current or last
	Segments    int                `json:"segments"`
	StartedAt   time.Time          `json:"started_at"`
	EndedAt     time.Time          `json:"ended_at,omitzero"`
	ElapsedMin  int                `json:"elapsed_minutes"`
	PlannedMin  int                `json:"planned_minutes"`
}

func listing(m *meeting.Meeting, now time.Time) MeetingListing {
	t := m.Timer.Timing(now)
	return MeetingListing{
		ID: m.ID, Title: m.Title, AgendaID: m.Agenda.ID, SeriesID: m.SeriesID, JourneyID: m.JourneyID,
		Date: m.Date, State: m.State(), Facilitator: m.Facilitator, Attendees: nonNil(m.Attendees),
		Segment: t.Segment + 1, Segments: t.Segments, StartedAt: m.Timer.StartedAt, EndedAt: m.Timer.EndedAt,
		ElapsedMin: int(t.MeetingElapsed / time.Minute), PlannedMin: int(t.MeetingPlanned / time.Minute),
	}
}

// MeetingsJSON renders meetings as the listing `cxroom meetings --json`
// prints ("[]" when there are none); elapsed minutes are counted to now.
func MeetingsJSON(ms []*meeting.Meeting, now time.Time) ([]byte, error) {
	out := make([]MeetingListing, 0, len(ms))
	for _, m := range ms {
		out = append(out, listing(m, now))
	}
	return marshal(out)
}

// marshal is indented JSON without a trailing newline. Text stays as typed
// ("<", ">" and "&" are not escaped): the output is read by people and
// tools, never embedded in HTML.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

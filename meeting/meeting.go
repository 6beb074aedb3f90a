package meeting

import (
	"encoding/json"
	"slices"
	"time"
)

// Attendee is someone who joined a meeting.
type Attendee struct {
	Handle   string    `json:"handle"`
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	Guest    bool      `json:"guest,omitempty"`
	JoinedAt time.Time `json:"joined_at"`
}

// Review is the outcome of walking one earlier action in the "prior
// actions" segment: done, on track, blocked or escalated.
type Review struct {
	ActionID string    `json:"action_id"`
	Outcome  string    `json:"outcome"` // done, on-track, blocked, escalated, dropped
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// Meeting is one held (or running) ritual.
type Meeting struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Agenda      Agenda     `json:"agenda"` // as it was at start: the meeting never depends on files changing
	SeriesID    string     `json:"series_id,omitempty"`
	JourneyID   string     `json:"journey_id,omitempty"`
	GuideID     string     `json:"guide_id,omitempty"`
	Coachees    []string   `json:"coachees,omitempty"` // GUIDE: who is coached
	Topic       string     `json:"topic,omitempty"`
	Date        Date       `json:"date"`
	Facilitator string     `json:"facilitator"`
	Invited     []string   `json:"invited,omitempty"`
	Attendees   []Attendee `json:"attendees,omitempty"`
	Timer       Timer      `json:"timer"`
	Carried     []string   `json:"carried,omitempty"` // earlier actions to walk, fixed at start
	Reviews     []Review   `json:"reviews,omitempty"`
	Walk        int        `json:"walk"` // position in Carried
	Private     bool       `json:"private,omitempty"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	// Motion is the decision put to the room's vote, while it is open
	// (meeting/motion.go); SignOff the decision up for sign-off.
	Motion  *Motion `json:"motion,omitempty"`
	SignOff string  `json:"sign_off,omitempty"`
}

// Clone returns a deep copy.
func (m *Meeting) Clone() *Meeting {
	c := *m
	c.Agenda.Segments = slices.Clone(m.Agenda.Segments)
	c.Invited = slices.Clone(m.Invited)
	c.Coachees = slices.Clone(m.Coachees)
	c.Attendees = slices.Clone(m.Attendees)
	c.Timer = m.Timer.Clone()
	c.Carried = slices.Clone(m.Carried)
	c.Reviews = slices.Clone(m.Reviews)
	c.Motion = m.Motion.Clone()
	return &c
}

// UnmarshalJSON reads a meeting, moving the single "coachee" that GUIDE
// meetings stored before team coaching into Coachees.
func (m *Meeting) UnmarshalJSON(b []byte) error {
	type plain Meeting
	var aux struct {
		plain
		Coachee string `json:"coachee"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*m = Meeting(aux.plain)
	m.Coachees = withLegacy(m.Coachees, aux.Coachee)
	return nil
}

// Subject is the meeting as the policy table sees it: a private GUIDE
// session's facilitator coaches its coachees.
func (m *Meeting) Subject() Subject {
	s := Subject{Private: m.Private, ID: m.ID}
	if m.Private {
		s.Coach, s.Coachees = m.Facilitator, m.Coachees
	}
	return s
}

// VisibleTo reports whether a may see the meeting, its records and minutes:
// a private GUIDE session only its coach and coachees.
func (m *Meeting) VisibleTo(a Actor) bool { return Can(a, OpSeeMeeting, m.Subject()) }

// State is a meeting's lifecycle state.
type State string

const (
	StateRunning State = "running"
	StatePaused  State = "paused"
	StateEnded   State = "ended"
)

// State returns the meeting's state.
func (m *Meeting) State() State {
	switch {
	case m.Timer.Ended():
		return StateEnded
	case m.Timer.Paused:
		return StatePaused
	}
	return StateRunning
}

// Live reports whether the meeting is running or paused.
func (m *Meeting) Live() bool { return !m.Timer.Ended() }

// Segment returns the current segment.
func (m *Meeting) Segment() Segment {
	if m.Timer.Current < len(m.Agenda.Segments) {
		return m.Agenda.Segments[m.Timer.Current]
	}
	return Segment{}
}

// SegmentTitle returns segment i's title.
func (m *Meeting) SegmentTitle(i int) string {
	if i >= 0 && i < len(m.Agenda.Segments) {
		return m.Agenda.Segments[i].Title
	}
	return ""
}

// Join records an attendee the first time they join.
func (m *Meeting) Join(a Attendee) bool {
	for _, x := range m.Attendees {
		if x.Handle == a.Handle {
			return false
		}
	}
	m.Attendees = append(m.Attendees, a)
	return true
}

// Reviewed returns the latest review of action id in this meeting.
func (m *Meeting) Reviewed(id string) (Review, bool) {
	for i := len(m.Reviews) - 1; i >= 0; i-- {
		if m.Reviews[i].ActionID == id {
			return m.Reviews[i], true
		}
	}
	return Review{}, false
}

// NewMeeting creates a meeting of agenda a, not yet started.
func NewMeeting(a Agenda, facilitator string, now time.Time) *Meeting {
	return &Meeting{
		Title:       a.Title,
		Agenda:      a,
		Date:        DateOf(now),
		Facilitator: facilitator,
		Timer:       NewTimer(a.Planned()),
		CreatedBy:   facilitator,
		CreatedAt:   now,
	}
}

// MeetingFilter narrows a meeting query.
type MeetingFilter struct {
	SeriesID string
	AgendaID string
	Live     bool // running or paused only
	Ended    bool // ended only: a store passes over the live ones unread (a town hall's is big)
	Limit    int  // newest first; 0 is all
}

// Match reports whether m passes the filter (Limit aside).
func (f MeetingFilter) Match(m *Meeting) bool {
	switch {
	case f.SeriesID != "" && m.SeriesID != f.SeriesID:
		return false
	case f.AgendaID != "" && m.Agenda.ID != f.AgendaID:
		return false
	case f.Live && !m.Live(), f.Ended && m.Live():
		return false
	}
	return true
}

// Validate checks a meeting before it is stored: its agenda and clock agree,
// its lists are bounded and its text is clean.
func (m *Meeting) Validate() error {
	var c check
	c.id("meeting", 'M', m.ID)
	c.line("meeting title", m.Title, maxTitle, true)
	n := len(m.Agenda.Segments)
	switch {
	case c.err != nil:
	case n == 0:
		c.fail("a meeting needs an agenda with at least one segment")
	case n > MaxSegments:
		c.fail("a meeting's agenda has at most %d segments", MaxSegments)
	case len(m.Timer.Planned) != n || len(m.Timer.Elapsed) != n || len(m.Timer.Extra) != n || len(m.Timer.Entered) != n:
		c.fail("the meeting clock does not match its %d agenda segments", n)
	case m.Timer.Current < 0 || m.Timer.Current >= n:
		c.fail("the meeting is at segment %d of %d", m.Timer.Current+1, n)
	}
	for _, s := range m.Agenda.Segments {
		if c.err == nil && (s.Minutes < 0 || s.Top < 0) {
			c.fail("segment %q has a negative timebox or issue count", clip(s.Title))
		}
	}
	c.line("ritual", m.Agenda.ID, MaxName, false)
	c.ref("series", 'R', m.SeriesID)
	c.ref("journey", 'J', m.JourneyID)
	c.ref("GUIDE session", 'G', m.GuideID)
	c.count("coachees", len(m.Coachees), MaxCoachees)
	for _, h := range m.Coachees {
		c.line("coachee", h, MaxName, true)
	}
	c.line("topic", m.Topic, MaxLine, false)
	c.date("meeting date", m.Date, true)
	c.handle("facilitator", m.Facilitator, true)
	c.count("invited", len(m.Invited), MaxInvited)
	for _, h := range m.Invited {
		c.handle("invited", h, true)
	}
	c.count("attendees", len(m.Attendees), MaxAttendees)
	for _, a := range m.Attendees {
		c.handle("attendee", a.Handle, true)
		c.line("attendee name", a.Name, MaxName, false)
		c.role("attendee role", a.Role)
	}
	c.refs("earlier actions", 'A', m.Carried, MaxCarried)
	if c.err == nil && (m.Walk < 0 || m.Walk > len(m.Carried)) {
		c.fail("the review walk is at %d of %d earlier actions", m.Walk, len(m.Carried))
	}
	c.count("reviews", len(m.Reviews), MaxReviews)
	for _, r := range m.Reviews {
		c.ref("reviewed action", 'A', r.ActionID)
		switch r.Outcome {
		case OutcomeDone, OutcomeOnTrack, OutcomeBlocked, OutcomeEscalated, OutcomeDropped:
		default:
			c.fail("review outcome %q is not done, on-track, blocked, escalated or dropped", clip(r.Outcome))
		}
		c.line("review note", r.Note, MaxLine, false)
		c.handle("reviewed by", r.By, false)
	}
	c.handle("created by", m.CreatedBy, false)
	if m.Motion != nil {
		c.err = firstErr(c.err, m.Motion.Validate())
	}
	if c.err == nil && m.SignOff != "" {
		_, _, c.err = ParseDecisionID(m.SignOff)
	}
	return c.err
}

package meeting

import (
	"slices"
	"time"
)

// GuideStep is one step of the GUIDE coaching conversation (the seed's
// Tool 1 and Template 3).
type GuideStep struct {
	Letter, Name, Purpose, Question string
}

// GuideSteps are the five GUIDE steps with the seed's exact questions.
var GuideSteps = [5]GuideStep{
	{"G", "Goal", "Understand customer goal", "What is the customer trying to accomplish?"},
	{"U", "Understand", "Grasp current experience", "What's their experience today? Where's the friction?"},
	{"I", "Impact", "Assess consequences", "What happens when we don't meet their needs? What's the cost?"},
	{"D", "Design", "Develop solutions", "How might we make this effortless? What would delight them?"},
	{"E", "Evidence", "Define success", "How will we know it worked? What will customers tell us?"},
}

// Guide is a GUIDE coaching session. It is private to coach and coachee;
// Notes are the coach's alone.
type Guide struct {
	ID        string    `json:"id"`
	Coach     string    `json:"coach"`
	Coachee   string    `json:"coachee"`
	Topic     string    `json:"topic"`
	Date      Date      `json:"date"`
	Answers   [5]string `json:"answers"`
	ActionIDs []string  `json:"action_ids,omitempty"` // next steps
	Notes     string    `json:"notes,omitempty"`      // coach only
	MeetingID string    `json:"meeting_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy.
func (g *Guide) Clone() *Guide {
	c := *g
	c.ActionIDs = slices.Clone(g.ActionIDs)
	return &c
}

// NewGuide validates a new session.
func NewGuide(coach, coachee, topic string, now time.Time) (*Guide, error) {
	g := &Guide{Coach: coach, Date: DateOf(now), CreatedAt: now, UpdatedAt: now}
	var err error
	if g.Coachee, err = line("coachee", coachee, MaxName, true); err != nil {
		return nil, err
	}
	if g.Topic, err = line("topic", topic, MaxLine, true); err != nil {
		return nil, err
	}
	return g, nil
}

// SetAnswer stores the answer to step i (0..4).
func (g *Guide) SetAnswer(i int, answer string, now time.Time) error {
	if i < 0 || i >= len(g.Answers) {
		return Errorf(EINVALID, "GUIDE has five steps; step %d does not exist", i+1)
	}
	a, err := text(GuideSteps[i].Name+" answer", answer, MaxText, false)
	if err != nil {
		return err
	}
	g.Answers[i] = a
	g.UpdatedAt = now
	return nil
}

// SetNotes stores the coach's private notes.
func (g *Guide) SetNotes(notes string, now time.Time) error {
	n, err := text("coaching notes", notes, MaxNotes, false)
	if err != nil {
		return err
	}
	g.Notes = n
	g.UpdatedAt = now
	return nil
}

// VisibleTo returns the session as handle may see it: nil for anyone but the
// coach and coachee, and without the notes for the coachee.
func (g *Guide) VisibleTo(handle string) *Guide {
	switch {
	case g == nil:
		return nil
	case equalFold(handle, g.Coach):
		return g
	case equalFold(handle, g.Coachee):
		c := g.Clone()
		c.Notes = ""
		return c
	}
	return nil
}

// GuideFilter narrows a GUIDE query.
type GuideFilter struct {
	Coach   string
	Coachee string
}

// Match reports whether g passes the filter.
func (f GuideFilter) Match(g *Guide) bool {
	return (f.Coach == "" || equalFold(g.Coach, f.Coach)) && (f.Coachee == "" || equalFold(g.Coachee, f.Coachee))
}

// Validate checks a GUIDE session before it is stored.
func (g *Guide) Validate() error {
	var c check
	c.id("GUIDE session", 'G', g.ID)
	c.handle("coach", g.Coach, true)
	c.line("coachee", g.Coachee, MaxName, true)
	c.line("topic", g.Topic, MaxLine, true)
	c.date("session date", g.Date, false)
	for i, a := range g.Answers {
		c.multi(GuideSteps[i].Name+" answer", a, MaxText, false)
	}
	c.refs("next steps", 'A', g.ActionIDs, MaxLinks)
	c.multi("coaching notes", g.Notes, MaxNotes, false)
	c.ref("meeting", 'M', g.MeetingID)
	return c.err
}

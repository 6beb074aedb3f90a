package meeting

import (
	"encoding/json"
	"slices"
	"strings"
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

// MaxCoachees bounds the people coached in one GUIDE session (a whole team).
const MaxCoachees = 30

// Guide is a GUIDE coaching session with one team member or a whole team.
// It is private to the coach and the coachees: the answers are theirs to
// see; Notes are the coach's alone.
type Guide struct {
	ID        string    `json:"id"`
	Coach     string    `json:"coach"`
	Coachees  []string  `json:"coachees"`
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
	c.Coachees = slices.Clone(g.Coachees)
	return &c
}

// UnmarshalJSON reads a session, moving the single "coachee" that sessions
// stored before team coaching into Coachees: stored data needs no
// rewrite, and the next write stores the list.
func (g *Guide) UnmarshalJSON(b []byte) error {
	type plain Guide
	var aux struct {
		plain
		Coachee string `json:"coachee"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*g = Guide(aux.plain)
	g.Coachees = withLegacy(g.Coachees, aux.Coachee)
	return nil
}

// withLegacy adds a single legacy coachee to a list that lacks one.
func withLegacy(list []string, one string) []string {
	if one != "" && !slices.ContainsFunc(list, func(c string) bool { return equalFold(c, one) }) {
		return append([]string{one}, list...)
	}
	return list
}

// CleanCoachees validates who is coached: one or more people (handles, or
// names for someone outside the team), none of them the coach, each once.
func CleanCoachees(coach string, raw []string) ([]string, error) {
	var out []string
	for _, r := range raw {
		for _, one := range strings.Split(r, ",") {
			c, err := line("coachee", strings.TrimPrefix(strings.TrimSpace(one), "@"), MaxName, false)
			if err != nil {
				return nil, err
			}
			switch {
			case c == "":
				continue
			case equalFold(c, coach):
				return nil, Errorf(EINVALID, "a coach cannot coach themselves; pick another coachee")
			case slices.ContainsFunc(out, func(x string) bool { return equalFold(x, c) }):
				continue
			}
			out = append(out, c)
		}
	}
	switch {
	case len(out) == 0:
		return nil, Errorf(EINVALID, "pick at least one person to coach")
	case len(out) > MaxCoachees:
		return nil, Errorf(EINVALID, "a coaching session takes at most %d coachees", MaxCoachees)
	}
	return out, nil
}

// NewGuide validates a new session of coach with coachees.
func NewGuide(coach string, coachees []string, topic string, now time.Time) (*Guide, error) {
	g := &Guide{Coach: coach, Date: DateOf(now), CreatedAt: now, UpdatedAt: now}
	var err error
	if g.Coachees, err = CleanCoachees(coach, coachees); err != nil {
		return nil, err
	}
	if g.Topic, err = line("topic", topic, MaxLine, true); err != nil {
		return nil, err
	}
	return g, nil
}

// Subject is the session as the policy table sees it.
func (g *Guide) Subject() Subject {
	return Subject{Coach: g.Coach, Coachees: g.Coachees, Private: true, ID: g.ID}
}

// AndList joins names for a sentence: "ana", "ana and tom", "ana, tom
// and li".
func AndList(cs []string) string {
	switch n := len(cs); n {
	case 0:
		return ""
	case 1:
		return cs[0]
	default:
		return strings.Join(cs[:n-1], ", ") + " and " + cs[n-1]
	}
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

// VisibleTo returns the session as handle may see it: whole for the coach,
// without the notes for a coachee, nil for anyone else.
func (g *Guide) VisibleTo(handle string) *Guide {
	if g == nil {
		return nil
	}
	rel := g.Subject().RelationOf(handle)
	switch {
	case rel&RelCoach != 0:
		return g
	case rel&RelCoachee != 0:
		c := g.Clone()
		c.Notes = ""
		return c
	}
	return nil
}

// GuideFilter narrows a GUIDE query.
type GuideFilter struct {
	Coach    string
	Coachee  string   // sessions coaching this person
	Coachees []string // sessions coaching any of these people
}

// Match reports whether g passes the filter.
func (f GuideFilter) Match(g *Guide) bool {
	has := func(h string) bool {
		return slices.ContainsFunc(g.Coachees, func(c string) bool { return equalFold(c, h) })
	}
	return (f.Coach == "" || equalFold(g.Coach, f.Coach)) && (f.Coachee == "" || has(f.Coachee)) &&
		(len(f.Coachees) == 0 || slices.ContainsFunc(f.Coachees, has))
}

// Validate checks a GUIDE session before it is stored.
func (g *Guide) Validate() error {
	var c check
	c.id("GUIDE session", 'G', g.ID)
	c.handle("coach", g.Coach, true)
	c.count("coachees", len(g.Coachees), MaxCoachees)
	if c.err == nil && len(g.Coachees) == 0 {
		c.fail("a GUIDE session coaches at least one person")
	}
	for _, h := range g.Coachees {
		c.line("coachee", h, MaxName, true)
	}
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

package meeting

import (
	"context"
	"regexp"
	"time"
)

// Proposal is a pitch for a new initiative, following the seed's
// "Customer Story + Metric Hypothesis" template: every proposal tells a
// customer story (who, their goal, the current experience, the proposed
// one, a real example) and a testable metric hypothesis (which metric
// moves, by how much, within what timeframe), and says how it will be
// validated. The scorecard's outside-in thinking counts the proposals that
// include a customer story.
type Proposal struct {
	ID    string `json:"id"` // Q1, Q2, …
	Date  Date   `json:"date"`
	Title string `json:"title"` // the initiative's name
	// Customer story.
	Who      string `json:"who,omitempty"`      // customer segment
	Goal     string `json:"goal,omitempty"`     // what they are trying to accomplish
	Current  string `json:"current,omitempty"`  // current experience: pain points
	Proposed string `json:"proposed,omitempty"` // proposed experience: how this helps
	Example  string `json:"example,omitempty"`  // a real example, in a customer's words
	StoryID  string `json:"story_id,omitempty"` // a story of the library the pitch cites
	// Metric hypothesis.
	Metric    string `json:"metric,omitempty"`    // primary metric
	Change    string `json:"change,omitempty"`    // expected change: "35% → 65% (+30 points)"
	Timeframe string `json:"timeframe,omitempty"` // "within 30 days of launch"
	Secondary string `json:"secondary,omitempty"` // secondary impact
	// Validation plan.
	Validation string `json:"validation,omitempty"`

	ProposedBy string    `json:"proposed_by"`
	MeetingID  string    `json:"meeting_id,omitempty"`
	SeriesID   string    `json:"series_id,omitempty"`
	JourneyID  string    `json:"journey_id,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// HasCustomerStory reports whether the pitch tells a customer story: it
// cites a story of the library, gives a real example, or says whose goal
// meets which friction today.
func (p *Proposal) HasCustomerStory() bool {
	return p.StoryID != "" || p.Example != "" || p.Goal != "" && p.Current != ""
}

// HasHypothesis reports whether the pitch makes a testable prediction:
// which metric, by how much, within what timeframe.
func (p *Proposal) HasHypothesis() bool {
	return p.Metric != "" && p.Change != "" && p.Timeframe != ""
}

// ProposalInput is what a person types to pitch an initiative; strings
// are raw and untrusted.
type ProposalInput struct {
	Title, Who, Goal, Current, Proposed, Example, StoryID string
	Metric, Change, Timeframe, Secondary, Validation      string
	JourneyID                                             string
}

var storyRefRe = regexp.MustCompile(`^S[0-9]{1,18}$`)

// NewProposal validates input into a proposal made now by by.
func NewProposal(in ProposalInput, by string, now time.Time) (*Proposal, error) {
	p := &Proposal{Date: DateOf(now), ProposedBy: by, CreatedBy: by, CreatedAt: now}
	var err error
	for _, f := range []struct {
		dst      *string
		name     string
		raw      string
		max      int
		required bool
		multi    bool
	}{
		{&p.Title, "the initiative's name", in.Title, MaxLine, true, false},
		{&p.Who, "who (customer segment)", in.Who, MaxName, false, false},
		{&p.Goal, "goal", in.Goal, MaxLine, false, false},
		{&p.Current, "current experience", in.Current, MaxLine, false, false},
		{&p.Proposed, "proposed experience", in.Proposed, MaxLine, false, false},
		{&p.Example, "real example", in.Example, MaxText, false, true},
		{&p.Metric, "primary metric", in.Metric, MaxLine, false, false},
		{&p.Change, "expected change", in.Change, MaxLine, false, false},
		{&p.Timeframe, "timeframe", in.Timeframe, MaxLine, false, false},
		{&p.Secondary, "secondary impact", in.Secondary, MaxLine, false, false},
		{&p.Validation, "validation plan", in.Validation, MaxText, false, true},
	} {
		if f.multi {
			*f.dst, err = text(f.name, f.raw, f.max, f.required)
		} else {
			*f.dst, err = line(f.name, f.raw, f.max, f.required)
		}
		if err != nil {
			return nil, err
		}
	}
	if s := NormalizeID(CleanLine(in.StoryID, 20)); s != "" {
		if !storyRefRe.MatchString(s) {
			return nil, Errorf(EINVALID, "story %q is not a story id such as S12", clip(in.StoryID))
		}
		p.StoryID = s
	}
	if j := NormalizeID(CleanLine(in.JourneyID, 20)); j != "" {
		p.JourneyID = j
	}
	return p, p.Validate()
}

// Validate checks a proposal before it is stored.
func (p *Proposal) Validate() error {
	var c check
	c.id("proposal", 'Q', p.ID)
	c.date("proposal date", p.Date, true)
	c.line("the initiative's name", p.Title, MaxLine, true)
	c.line("who", p.Who, MaxName, false)
	c.line("goal", p.Goal, MaxLine, false)
	c.line("current experience", p.Current, MaxLine, false)
	c.line("proposed experience", p.Proposed, MaxLine, false)
	c.multi("real example", p.Example, MaxText, false)
	c.ref("cited story", 'S', p.StoryID)
	c.line("primary metric", p.Metric, MaxLine, false)
	c.line("expected change", p.Change, MaxLine, false)
	c.line("timeframe", p.Timeframe, MaxLine, false)
	c.line("secondary impact", p.Secondary, MaxLine, false)
	c.multi("validation plan", p.Validation, MaxText, false)
	c.handle("proposed by", p.ProposedBy, true)
	c.ref("meeting", 'M', p.MeetingID)
	c.ref("series", 'R', p.SeriesID)
	c.ref("journey", 'J', p.JourneyID)
	c.handle("created by", p.CreatedBy, false)
	return c.err
}

// ProposalFilter narrows a proposal query.
type ProposalFilter struct {
	MeetingID string
	JourneyID string
}

// Match reports whether p passes the filter.
func (f ProposalFilter) Match(p *Proposal) bool {
	return (f.MeetingID == "" || p.MeetingID == f.MeetingID) && (f.JourneyID == "" || p.JourneyID == f.JourneyID)
}

// ProposalStore keeps the proposals.
type ProposalStore interface {
	CreateProposal(ctx context.Context, p *Proposal) error
	UpdateProposal(ctx context.Context, id string, fn func(*Proposal) error) (*Proposal, error)
	Proposal(ctx context.Context, id string) (*Proposal, error)
	Proposals(ctx context.Context, f ProposalFilter) ([]*Proposal, error) // by id
}

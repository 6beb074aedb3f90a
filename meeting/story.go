package meeting

import (
	"strings"
	"time"
)

// Story is a story-library entry: the seed's quote, context, journey stage,
// impact, learning and status.
type Story struct {
	ID        string    `json:"id"`
	Quote     string    `json:"quote"`
	Context   string    `json:"context,omitempty"`
	Stage     string    `json:"stage,omitempty"` // journey stage, e.g. "Onboarding → Account setup"
	Theme     string    `json:"theme,omitempty"`
	Impact    string    `json:"impact,omitempty"`
	Learning  string    `json:"learning,omitempty"`
	Status    string    `json:"status,omitempty"` // fix progress
	JourneyID string    `json:"journey_id,omitempty"`
	MeetingID string    `json:"meeting_id,omitempty"`
	SeriesID  string    `json:"series_id,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// StoryInput is what a person types to share a story.
type StoryInput struct {
	Quote, Context, Stage, Theme, Impact, Learning, Status, JourneyID string
}

// NewStory validates input into a story.
func NewStory(in StoryInput, by string, now time.Time) (*Story, error) {
	s := &Story{CreatedBy: by, CreatedAt: now, JourneyID: CleanLine(in.JourneyID, MaxName)}
	var err error
	for _, f := range []struct {
		dst      *string
		name     string
		raw      string
		max      int
		required bool
	}{
		{&s.Quote, "the customer's quote", in.Quote, MaxText, true},
		{&s.Context, "context", in.Context, MaxLine, false},
		{&s.Stage, "journey stage", in.Stage, MaxName, false},
		{&s.Theme, "theme", in.Theme, MaxName, false},
		{&s.Impact, "impact", in.Impact, MaxLine, false},
		{&s.Learning, "learning", in.Learning, MaxLine, false},
		{&s.Status, "status", in.Status, MaxLine, false},
	} {
		if *f.dst, err = line(f.name, f.raw, f.max, f.required); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// StoryFilter narrows the story library.
type StoryFilter struct {
	Query     string // matched case-insensitively against every text field
	Stage     string // substring of the journey stage
	Theme     string
	JourneyID string
	MeetingID string
}

// Match reports whether s passes the filter.
func (f StoryFilter) Match(s *Story) bool {
	has := func(field, q string) bool {
		return q == "" || strings.Contains(strings.ToLower(field), strings.ToLower(strings.TrimSpace(q)))
	}
	all := strings.Join([]string{s.Quote, s.Context, s.Stage, s.Theme, s.Impact, s.Learning, s.Status}, "\n")
	return has(all, f.Query) && has(s.Stage, f.Stage) && has(s.Theme, f.Theme) &&
		(f.JourneyID == "" || s.JourneyID == f.JourneyID) && (f.MeetingID == "" || s.MeetingID == f.MeetingID)
}

// Validate checks a story before it is stored.
func (s *Story) Validate() error {
	var c check
	c.id("story", 'S', s.ID)
	c.line("the customer's quote", s.Quote, MaxText, true)
	c.line("context", s.Context, MaxLine, false)
	c.line("journey stage", s.Stage, MaxName, false)
	c.line("theme", s.Theme, MaxName, false)
	c.line("impact", s.Impact, MaxLine, false)
	c.line("learning", s.Learning, MaxLine, false)
	c.line("status", s.Status, MaxLine, false)
	c.line("journey", s.JourneyID, MaxName, false) // typed by people: a name or an id
	c.ref("meeting", 'M', s.MeetingID)
	c.ref("series", 'R', s.SeriesID)
	c.handle("created by", s.CreatedBy, false)
	return c.err
}

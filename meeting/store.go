package meeting

import "context"

// The store's interfaces, implemented by package store (Badger). Create
// methods assign the record's ID; Update methods read, apply fn and write in
// one transaction (retried on conflict), so two writers never lose each
// other's change; a failing fn writes nothing. Lookups of a missing record
// return an ENOTFOUND *Error. Every acknowledged write is synced to disk.

// ActionStore keeps actions.
type ActionStore interface {
	CreateAction(ctx context.Context, a *Action) error
	UpdateAction(ctx context.Context, id string, fn func(*Action) error) (*Action, error)
	Action(ctx context.Context, id string) (*Action, error)
	Actions(ctx context.Context, f ActionFilter) ([]*Action, error)
	// CountActions is len(Actions(ctx, f)), without building them.
	CountActions(ctx context.Context, f ActionFilter) (int, error)
}

// MeetingStore keeps meetings.
type MeetingStore interface {
	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, id string, fn func(*Meeting) error) (*Meeting, error)
	Meeting(ctx context.Context, id string) (*Meeting, error)
	Meetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error) // newest first
}

// DecisionStore keeps the decision log. CreateDecision allocates the id
// YYYY-MM-DD-NN from d.Date.
type DecisionStore interface {
	CreateDecision(ctx context.Context, d *Decision) error
	UpdateDecision(ctx context.Context, id string, fn func(*Decision) error) (*Decision, error)
	Decision(ctx context.Context, id string) (*Decision, error)
	Decisions(ctx context.Context, f DecisionFilter) ([]*Decision, error) // by id
}

// IssueStore keeps VOC issues.
type IssueStore interface {
	CreateIssue(ctx context.Context, i *Issue) error
	UpdateIssue(ctx context.Context, id string, fn func(*Issue) error) (*Issue, error)
	Issue(ctx context.Context, id string) (*Issue, error)
	Issues(ctx context.Context, f IssueFilter) ([]*Issue, error)
}

// StoryStore keeps the story library.
type StoryStore interface {
	CreateStory(ctx context.Context, s *Story) error
	UpdateStory(ctx context.Context, id string, fn func(*Story) error) (*Story, error)
	Stories(ctx context.Context, f StoryFilter) ([]*Story, error)
}

// JourneyStore keeps the journey registry.
type JourneyStore interface {
	CreateJourney(ctx context.Context, j *Journey) error
	UpdateJourney(ctx context.Context, id string, fn func(*Journey) error) (*Journey, error)
	Journey(ctx context.Context, id string) (*Journey, error)
	Journeys(ctx context.Context) ([]*Journey, error)
}

// GuideStore keeps GUIDE coaching sessions.
type GuideStore interface {
	CreateGuide(ctx context.Context, g *Guide) error
	UpdateGuide(ctx context.Context, id string, fn func(*Guide) error) (*Guide, error)
	Guide(ctx context.Context, id string) (*Guide, error)
	Guides(ctx context.Context, f GuideFilter) ([]*Guide, error)
}

// SeriesStore keeps recurring rituals.
type SeriesStore interface {
	CreateSeries(ctx context.Context, s *Series) error
	UpdateSeries(ctx context.Context, id string, fn func(*Series) error) (*Series, error)
	Series(ctx context.Context, id string) (*Series, error)
	SeriesList(ctx context.Context) ([]*Series, error)
}

// PromiseStore keeps promise-proof audit entries.
type PromiseStore interface {
	CreatePromise(ctx context.Context, p *Promise) error
	UpdatePromise(ctx context.Context, id string, fn func(*Promise) error) (*Promise, error)
	Promises(ctx context.Context, meetingID string) ([]*Promise, error) // "" for all
}

// Store is everything cxroom keeps.
type Store interface {
	ActionStore
	MeetingStore
	DecisionStore
	IssueStore
	StoryStore
	JourneyStore
	GuideStore
	SeriesStore
	PromiseStore
}

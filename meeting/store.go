package meeting

import "context"

// The store's interfaces, implemented by package store (Badger) and by
// internal/memstore (tests). Create methods assign the record's ID; Update
// methods read, apply fn and write in one transaction (retried on conflict),
// so two writers never lose each other's change; a failing fn writes
// nothing. Every write calls the record's Validate first and refuses an
// invalid record with an EINVALID *Error, writing nothing. Lookups of a
// missing record return an ENOTFOUND *Error. Records come back as fresh
// copies: changing one never changes what is stored. Every acknowledged
// write is synced to disk.

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
	Decisions(ctx context.Context, f DecisionFilter) ([]*Decision, error) // by id (newest first with f.Newest), paged by f.Offset/f.Limit
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
	Story(ctx context.Context, id string) (*Story, error)
	Stories(ctx context.Context, f StoryFilter) ([]*Story, error) // newest first
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
	Promise(ctx context.Context, id string) (*Promise, error)
	Promises(ctx context.Context, meetingID string) ([]*Promise, error) // "" for all, by id
}

// Tx is every record method, on one transaction: reads see the
// transaction's own writes, and nothing it writes is visible to anyone else
// until Atomically commits it. A Tx is valid only inside the fn it was given
// to and is not safe for concurrent use.
type Tx interface {
	ActionStore
	MeetingStore
	DecisionStore
	IssueStore
	StoryStore
	JourneyStore
	GuideStore
	SeriesStore
	PromiseStore
	GuestStore
	SystemicStore // meeting/systemic.go
	PipelineStore // meeting/pipeline.go
	ProposalStore
	ScoreSheetStore
	ShadowingStore
	LedgerStore     // meeting/ledger.go
	CharterStore    // meeting/charter.go
	AccountStore    // meeting/account.go
	BoardBriefStore // meeting/boardbrief.go
}

// Store is everything cxroom keeps. Its record methods (those of Tx) each
// run as a transaction of their own.
type Store interface {
	Tx
	// Atomically runs fn on one transaction and commits what it wrote, all
	// or nothing: an error from fn (returned as it is) or from the commit
	// leaves the store as it was. On a conflict with a concurrent writer
	// the transaction is run again, so fn may run more than once: it must
	// build its records afresh each time and leave no trace outside tx
	// (set results for after the commit, never shared state). Records
	// created through tx get their id when the call returns, but exist only
	// once Atomically has returned nil.
	Atomically(ctx context.Context, fn func(tx Tx) error) error
}

// Record is the constraint every stored record type meets: a pointer to it
// has Validate. A store's generic code takes its records through it, so a
// record type without Validate does not compile into a store.
type Record[T any] interface {
	*T
	Validate() error
}

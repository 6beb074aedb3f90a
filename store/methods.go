package store

import (
	"context"

	"cxroom/meeting"
)

// The one-shot record methods of meeting.Store: each is a transaction of its
// own (reads on a read-only one). The queries live on tx (tx.go).

// Actions.

func (db *DB) CreateAction(ctx context.Context, a *meeting.Action) error {
	return create(ctx, db, actions, a)
}

func (db *DB) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	return update(ctx, db, actions, id, fn)
}

func (db *DB) Action(ctx context.Context, id string) (*meeting.Action, error) {
	return get(ctx, db, actions, id)
}

func (db *DB) Actions(ctx context.Context, f meeting.ActionFilter) ([]*meeting.Action, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Action, error) { return t.Actions(ctx, f) })
}

// Meetings.

func (db *DB) CreateMeeting(ctx context.Context, m *meeting.Meeting) error {
	return create(ctx, db, meetings, m)
}

func (db *DB) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	return update(ctx, db, meetings, id, fn)
}

func (db *DB) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	return get(ctx, db, meetings, id)
}

func (db *DB) Meetings(ctx context.Context, f meeting.MeetingFilter) ([]*meeting.Meeting, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Meeting, error) { return t.Meetings(ctx, f) })
}

// Decisions.

func (db *DB) CreateDecision(ctx context.Context, d *meeting.Decision) error {
	return create(ctx, db, decisions, d)
}

func (db *DB) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	return update(ctx, db, decisions, id, fn)
}

func (db *DB) Decision(ctx context.Context, id string) (*meeting.Decision, error) {
	return get(ctx, db, decisions, id)
}

func (db *DB) Decisions(ctx context.Context, f meeting.DecisionFilter) ([]*meeting.Decision, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Decision, error) { return t.Decisions(ctx, f) })
}

// Issues.

func (db *DB) CreateIssue(ctx context.Context, i *meeting.Issue) error {
	return create(ctx, db, issues, i)
}

func (db *DB) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	return update(ctx, db, issues, id, fn)
}

func (db *DB) Issue(ctx context.Context, id string) (*meeting.Issue, error) {
	return get(ctx, db, issues, id)
}

func (db *DB) Issues(ctx context.Context, f meeting.IssueFilter) ([]*meeting.Issue, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Issue, error) { return t.Issues(ctx, f) })
}

// Stories.

func (db *DB) CreateStory(ctx context.Context, s *meeting.Story) error {
	return create(ctx, db, stories, s)
}

func (db *DB) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	return update(ctx, db, stories, id, fn)
}

func (db *DB) Story(ctx context.Context, id string) (*meeting.Story, error) {
	return get(ctx, db, stories, id)
}

func (db *DB) Stories(ctx context.Context, f meeting.StoryFilter) ([]*meeting.Story, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Story, error) { return t.Stories(ctx, f) })
}

// Journeys.

func (db *DB) CreateJourney(ctx context.Context, j *meeting.Journey) error {
	return create(ctx, db, journeys, j)
}

func (db *DB) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	return update(ctx, db, journeys, id, fn)
}

func (db *DB) Journey(ctx context.Context, id string) (*meeting.Journey, error) {
	return get(ctx, db, journeys, id)
}

func (db *DB) Journeys(ctx context.Context) ([]*meeting.Journey, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Journey, error) { return t.Journeys(ctx) })
}

// Guides.

func (db *DB) CreateGuide(ctx context.Context, g *meeting.Guide) error {
	return create(ctx, db, guides, g)
}

func (db *DB) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	return update(ctx, db, guides, id, fn)
}

func (db *DB) Guide(ctx context.Context, id string) (*meeting.Guide, error) {
	return get(ctx, db, guides, id)
}

func (db *DB) Guides(ctx context.Context, f meeting.GuideFilter) ([]*meeting.Guide, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Guide, error) { return t.Guides(ctx, f) })
}

// Series.

func (db *DB) CreateSeries(ctx context.Context, s *meeting.Series) error {
	return create(ctx, db, series, s)
}

func (db *DB) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	return update(ctx, db, series, id, fn)
}

func (db *DB) Series(ctx context.Context, id string) (*meeting.Series, error) {
	return get(ctx, db, series, id)
}

func (db *DB) SeriesList(ctx context.Context) ([]*meeting.Series, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Series, error) { return t.SeriesList(ctx) })
}

// Promises.

func (db *DB) CreatePromise(ctx context.Context, p *meeting.Promise) error {
	return create(ctx, db, promises, p)
}

func (db *DB) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	return update(ctx, db, promises, id, fn)
}

func (db *DB) Promise(ctx context.Context, id string) (*meeting.Promise, error) {
	return get(ctx, db, promises, id)
}

func (db *DB) Promises(ctx context.Context, meetingID string) ([]*meeting.Promise, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Promise, error) { return t.Promises(ctx, meetingID) })
}

// CountActions is len(Actions(ctx, f)), answered from index keys where it
// can (see tx.CountActions).
func (db *DB) CountActions(ctx context.Context, f meeting.ActionFilter) (int, error) {
	return read(ctx, db, func(t *tx) (int, error) { return t.CountActions(ctx, f) })
}

// Guest passes.

func (db *DB) CreateGuestPass(ctx context.Context, g *meeting.GuestPass) error {
	return create(ctx, db, guestPasses, g)
}

func (db *DB) GuestPass(ctx context.Context, handle string) (*meeting.GuestPass, error) {
	return get(ctx, db, guestPasses, handle)
}

func (db *DB) GuestPasses(ctx context.Context, fp string) ([]*meeting.GuestPass, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.GuestPass, error) { return t.GuestPasses(ctx, fp) })
}

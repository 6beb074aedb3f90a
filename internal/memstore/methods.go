package memstore

import (
	"context"

	"cxroom/meeting"
)

// The one-shot record methods of meeting.Store: writes are a transaction of
// their own, reads a consistent view. The queries live on tx (records.go).

func (s *Store) CreateAction(ctx context.Context, a *meeting.Action) error {
	return createOne(ctx, s, actions, a)
}

func (s *Store) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	return updateOne(ctx, s, actions, id, fn)
}

func (s *Store) Action(ctx context.Context, id string) (*meeting.Action, error) {
	return read(ctx, s, func(t *tx) (*meeting.Action, error) { return t.Action(ctx, id) })
}

func (s *Store) Actions(ctx context.Context, f meeting.ActionFilter) ([]*meeting.Action, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Action, error) { return t.Actions(ctx, f) })
}

func (s *Store) CreateMeeting(ctx context.Context, m *meeting.Meeting) error {
	return createOne(ctx, s, meetings, m)
}

func (s *Store) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	return updateOne(ctx, s, meetings, id, fn)
}

func (s *Store) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	return read(ctx, s, func(t *tx) (*meeting.Meeting, error) { return t.Meeting(ctx, id) })
}

func (s *Store) Meetings(ctx context.Context, f meeting.MeetingFilter) ([]*meeting.Meeting, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Meeting, error) { return t.Meetings(ctx, f) })
}

func (s *Store) CreateDecision(ctx context.Context, d *meeting.Decision) error {
	return createOne(ctx, s, decisions, d)
}

func (s *Store) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	return updateOne(ctx, s, decisions, id, fn)
}

func (s *Store) Decision(ctx context.Context, id string) (*meeting.Decision, error) {
	return read(ctx, s, func(t *tx) (*meeting.Decision, error) { return t.Decision(ctx, id) })
}

func (s *Store) Decisions(ctx context.Context, f meeting.DecisionFilter) ([]*meeting.Decision, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Decision, error) { return t.Decisions(ctx, f) })
}

func (s *Store) CreateIssue(ctx context.Context, i *meeting.Issue) error {
	return createOne(ctx, s, issues, i)
}

func (s *Store) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	return updateOne(ctx, s, issues, id, fn)
}

func (s *Store) Issue(ctx context.Context, id string) (*meeting.Issue, error) {
	return read(ctx, s, func(t *tx) (*meeting.Issue, error) { return t.Issue(ctx, id) })
}

func (s *Store) Issues(ctx context.Context, f meeting.IssueFilter) ([]*meeting.Issue, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Issue, error) { return t.Issues(ctx, f) })
}

func (s *Store) CreateStory(ctx context.Context, x *meeting.Story) error {
	return createOne(ctx, s, stories, x)
}

func (s *Store) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	return updateOne(ctx, s, stories, id, fn)
}

func (s *Store) Story(ctx context.Context, id string) (*meeting.Story, error) {
	return read(ctx, s, func(t *tx) (*meeting.Story, error) { return t.Story(ctx, id) })
}

func (s *Store) Stories(ctx context.Context, f meeting.StoryFilter) ([]*meeting.Story, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Story, error) { return t.Stories(ctx, f) })
}

func (s *Store) CreateJourney(ctx context.Context, j *meeting.Journey) error {
	return createOne(ctx, s, journeys, j)
}

func (s *Store) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	return updateOne(ctx, s, journeys, id, fn)
}

func (s *Store) Journey(ctx context.Context, id string) (*meeting.Journey, error) {
	return read(ctx, s, func(t *tx) (*meeting.Journey, error) { return t.Journey(ctx, id) })
}

func (s *Store) Journeys(ctx context.Context) ([]*meeting.Journey, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Journey, error) { return t.Journeys(ctx) })
}

func (s *Store) CreateGuide(ctx context.Context, g *meeting.Guide) error {
	return createOne(ctx, s, guides, g)
}

func (s *Store) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	return updateOne(ctx, s, guides, id, fn)
}

func (s *Store) Guide(ctx context.Context, id string) (*meeting.Guide, error) {
	return read(ctx, s, func(t *tx) (*meeting.Guide, error) { return t.Guide(ctx, id) })
}

func (s *Store) Guides(ctx context.Context, f meeting.GuideFilter) ([]*meeting.Guide, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Guide, error) { return t.Guides(ctx, f) })
}

func (s *Store) CreateSeries(ctx context.Context, x *meeting.Series) error {
	return createOne(ctx, s, series, x)
}

func (s *Store) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	return updateOne(ctx, s, series, id, fn)
}

func (s *Store) Series(ctx context.Context, id string) (*meeting.Series, error) {
	return read(ctx, s, func(t *tx) (*meeting.Series, error) { return t.Series(ctx, id) })
}

func (s *Store) SeriesList(ctx context.Context) ([]*meeting.Series, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Series, error) { return t.SeriesList(ctx) })
}

func (s *Store) CreatePromise(ctx context.Context, p *meeting.Promise) error {
	return createOne(ctx, s, promises, p)
}

func (s *Store) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	return updateOne(ctx, s, promises, id, fn)
}

func (s *Store) Promise(ctx context.Context, id string) (*meeting.Promise, error) {
	return read(ctx, s, func(t *tx) (*meeting.Promise, error) { return t.Promise(ctx, id) })
}

func (s *Store) Promises(ctx context.Context, meetingID string) ([]*meeting.Promise, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Promise, error) { return t.Promises(ctx, meetingID) })
}

// CountActions is len(Actions(ctx, f)) without its page.
func (s *Store) CountActions(ctx context.Context, f meeting.ActionFilter) (int, error) {
	return read(ctx, s, func(t *tx) (int, error) { return t.CountActions(ctx, f) })
}

// createOne is a create in a transaction of its own; a failed one leaves
// rec as it was.
func createOne[T any, P meeting.Record[T]](ctx context.Context, s *Store, k kind[T, P], rec *T) error {
	if rec == nil {
		return meeting.Errorf(meeting.EINVALID, "there is no %s to save", k.word)
	}
	var saved T
	err := s.run(ctx, func(t *tx) error {
		c := *rec
		if err := create(ctx, t, k, &c); err != nil {
			return err
		}
		saved = c
		return nil
	})
	if err != nil {
		return err
	}
	*rec = saved
	return nil
}

func updateOne[T any, P meeting.Record[T]](ctx context.Context, s *Store, k kind[T, P], id string, fn func(*T) error) (out *T, err error) {
	err = s.run(ctx, func(t *tx) (err error) {
		out, err = update(ctx, t, k, id, fn)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) CreateGuestPass(ctx context.Context, g *meeting.GuestPass) error {
	return createOne(ctx, s, guestPasses, g)
}

func (s *Store) GuestPass(ctx context.Context, handle string) (*meeting.GuestPass, error) {
	return read(ctx, s, func(t *tx) (*meeting.GuestPass, error) { return t.GuestPass(ctx, handle) })
}

func (s *Store) GuestPasses(ctx context.Context, fp string) ([]*meeting.GuestPass, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.GuestPass, error) { return t.GuestPasses(ctx, fp) })
}

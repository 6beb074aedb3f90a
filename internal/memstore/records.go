package memstore

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"cxroom/meeting"
)

var (
	actions = kind[meeting.Action, *meeting.Action]{name: "action", word: "action", prefix: "A",
		id: func(a *meeting.Action) *string { return &a.ID }}
	meetings = kind[meeting.Meeting, *meeting.Meeting]{name: "meeting", word: "meeting", prefix: "M",
		id: func(m *meeting.Meeting) *string { return &m.ID }}
	decisions = kind[meeting.Decision, *meeting.Decision]{name: "decision", word: "decision",
		id: func(d *meeting.Decision) *string { return &d.ID }, newID: decisionID, prepare: decisionDate}
	issues = kind[meeting.Issue, *meeting.Issue]{name: "issue", word: "issue", prefix: "I",
		id: func(i *meeting.Issue) *string { return &i.ID }}
	stories = kind[meeting.Story, *meeting.Story]{name: "story", word: "story", prefix: "S",
		id: func(s *meeting.Story) *string { return &s.ID }}
	journeys = kind[meeting.Journey, *meeting.Journey]{name: "journey", word: "journey", prefix: "J",
		id: func(j *meeting.Journey) *string { return &j.ID }}
	guides = kind[meeting.Guide, *meeting.Guide]{name: "guide", word: "GUIDE session", prefix: "G",
		id: func(g *meeting.Guide) *string { return &g.ID }}
	series = kind[meeting.Series, *meeting.Series]{name: "series", word: "series", prefix: "R",
		id: func(s *meeting.Series) *string { return &s.ID }}
	promises = kind[meeting.Promise, *meeting.Promise]{name: "promise", word: "promise", prefix: "P",
		id: func(p *meeting.Promise) *string { return &p.ID }}
	guestPasses = kind[meeting.GuestPass, *meeting.GuestPass]{name: "guest", word: "guest pass",
		id:    func(g *meeting.GuestPass) *string { return &g.ID },
		newID: func(_ *tx, g *meeting.GuestPass) (string, error) { return meeting.NormalizeID(g.Handle), nil }}
)

// decisionDate fills in a decision's day: the day it was created, else
// today.
func decisionDate(d *meeting.Decision) {
	if d.Date == "" {
		at := d.CreatedAt
		if at.IsZero() {
			at = time.Now()
		}
		d.Date = meeting.DateOf(at)
	}
}

// decisionID allocates YYYY-MM-DD-NN from the decision's day.
func decisionID(t *tx, d *meeting.Decision) (string, error) {
	if _, err := meeting.ParseDate(string(d.Date)); err != nil {
		return "", meeting.Errorf(meeting.EINVALID, "decision date: %s", meeting.ErrorMessage(err))
	}
	return meeting.DecisionID(d.Date, int(t.next("s/decision/"+string(d.Date)))), nil
}

func fold(s string) string { return strings.ToLower(strings.ToUpper(s)) }

// idNumber is id's trailing number (0 if none): meetings created at the
// same moment are ordered by it.
func idNumber(id string) uint64 {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	n, _ := strconv.ParseUint(id[i:], 10, 64)
	return n
}

func (t *tx) CreateAction(ctx context.Context, a *meeting.Action) error {
	return create(ctx, t, actions, a)
}

func (t *tx) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	return update(ctx, t, actions, id, fn)
}

func (t *tx) Action(ctx context.Context, id string) (*meeting.Action, error) {
	return get(ctx, t, actions, id)
}

// Actions lists the actions f matches, by due date, then id number: the
// page f asks for.
func (t *tx) Actions(ctx context.Context, f meeting.ActionFilter) ([]*meeting.Action, error) {
	f.MeetingID, f.SeriesID, f.IssueID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.IssueID)
	f.Owner = meeting.CleanOwner(f.Owner)
	as, err := list(ctx, t, actions, func(a *meeting.Action) bool {
		return f.Match(a) && (f.Owner == "" || fold(a.Owner) == fold(f.Owner))
	})
	meeting.SortActions(as)
	return meeting.PageActions(as, f), err
}

// CountActions is len(Actions(ctx, f)) without its page.
func (t *tx) CountActions(ctx context.Context, f meeting.ActionFilter) (int, error) {
	as, err := t.Actions(ctx, f.Unpaged())
	return len(as), err
}

func (t *tx) CreateMeeting(ctx context.Context, m *meeting.Meeting) error {
	return create(ctx, t, meetings, m)
}

func (t *tx) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	return update(ctx, t, meetings, id, fn)
}

func (t *tx) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	return get(ctx, t, meetings, id)
}

// Meetings lists the meetings f matches, newest first (by creation time to
// the nanosecond, then id number), at most f.Limit.
func (t *tx) Meetings(ctx context.Context, f meeting.MeetingFilter) ([]*meeting.Meeting, error) {
	f.SeriesID = meeting.NormalizeID(f.SeriesID)
	ms, err := list(ctx, t, meetings, f.Match)
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].CreatedAt.UTC(), ms[j].CreatedAt.UTC()
		if !a.Equal(b) {
			return a.After(b)
		}
		return idNumber(ms[i].ID) > idNumber(ms[j].ID)
	})
	if f.Limit > 0 && len(ms) > f.Limit {
		ms = ms[:f.Limit]
	}
	return ms, err
}

func (t *tx) CreateDecision(ctx context.Context, d *meeting.Decision) error {
	return create(ctx, t, decisions, d)
}

func (t *tx) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	return update(ctx, t, decisions, id, fn)
}

func (t *tx) Decision(ctx context.Context, id string) (*meeting.Decision, error) {
	return get(ctx, t, decisions, id)
}

// Decisions lists the decisions f matches, by id.
func (t *tx) Decisions(ctx context.Context, f meeting.DecisionFilter) ([]*meeting.Decision, error) {
	f.MeetingID, f.SeriesID, f.JourneyID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.JourneyID)
	ds, err := list(ctx, t, decisions, f.Match)
	sortBy(decisions, ds, none, f.Newest)
	return meeting.PageDecisions(ds, f), err
}

func (t *tx) CreateIssue(ctx context.Context, i *meeting.Issue) error {
	return create(ctx, t, issues, i)
}

func (t *tx) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	return update(ctx, t, issues, id, fn)
}

func (t *tx) Issue(ctx context.Context, id string) (*meeting.Issue, error) {
	return get(ctx, t, issues, id)
}

// Issues lists the issues f matches, ranked (meeting.SortIssues; ties in
// key order, as in the Badger store).
func (t *tx) Issues(ctx context.Context, f meeting.IssueFilter) ([]*meeting.Issue, error) {
	f.MeetingID, f.SeriesID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID)
	is, err := list(ctx, t, issues, f.Match)
	meeting.SortIssues(is)
	return is, err
}

func (t *tx) CreateStory(ctx context.Context, s *meeting.Story) error {
	return create(ctx, t, stories, s)
}

func (t *tx) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	return update(ctx, t, stories, id, fn)
}

func (t *tx) Story(ctx context.Context, id string) (*meeting.Story, error) {
	return get(ctx, t, stories, id)
}

// Stories lists the stories f matches, newest first.
func (t *tx) Stories(ctx context.Context, f meeting.StoryFilter) ([]*meeting.Story, error) {
	f.JourneyID = meeting.NormalizeID(f.JourneyID)
	ss, err := list(ctx, t, stories, f.Match)
	sortBy(stories, ss, func(a, b *meeting.Story) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return ss, err
}

func (t *tx) CreateJourney(ctx context.Context, j *meeting.Journey) error {
	return create(ctx, t, journeys, j)
}

func (t *tx) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	return update(ctx, t, journeys, id, fn)
}

func (t *tx) Journey(ctx context.Context, id string) (*meeting.Journey, error) {
	return get(ctx, t, journeys, id)
}

// Journeys lists every journey by name.
func (t *tx) Journeys(ctx context.Context) ([]*meeting.Journey, error) {
	js, err := list(ctx, t, journeys, all)
	sortBy(journeys, js, func(a, b *meeting.Journey) int { return strings.Compare(fold(a.Name), fold(b.Name)) }, false)
	return js, err
}

func (t *tx) CreateGuide(ctx context.Context, g *meeting.Guide) error {
	return create(ctx, t, guides, g)
}

func (t *tx) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	return update(ctx, t, guides, id, fn)
}

func (t *tx) Guide(ctx context.Context, id string) (*meeting.Guide, error) {
	return get(ctx, t, guides, id)
}

// Guides lists the GUIDE sessions f matches, newest first.
func (t *tx) Guides(ctx context.Context, f meeting.GuideFilter) ([]*meeting.Guide, error) {
	gs, err := list(ctx, t, guides, f.Match)
	sortBy(guides, gs, func(a, b *meeting.Guide) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return gs, err
}

func (t *tx) CreateSeries(ctx context.Context, s *meeting.Series) error {
	return create(ctx, t, series, s)
}

func (t *tx) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	return update(ctx, t, series, id, fn)
}

func (t *tx) Series(ctx context.Context, id string) (*meeting.Series, error) {
	return get(ctx, t, series, id)
}

// SeriesList lists every series by id.
func (t *tx) SeriesList(ctx context.Context) ([]*meeting.Series, error) {
	ss, err := list(ctx, t, series, all)
	sortBy(series, ss, none, false)
	return ss, err
}

func (t *tx) CreatePromise(ctx context.Context, p *meeting.Promise) error {
	return create(ctx, t, promises, p)
}

func (t *tx) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	return update(ctx, t, promises, id, fn)
}

func (t *tx) Promise(ctx context.Context, id string) (*meeting.Promise, error) {
	return get(ctx, t, promises, id)
}

// Promises lists the promises of a meeting ("" for all), by id.
func (t *tx) Promises(ctx context.Context, meetingID string) ([]*meeting.Promise, error) {
	meetingID = meeting.NormalizeID(meetingID)
	ps, err := list(ctx, t, promises, func(p *meeting.Promise) bool { return meetingID == "" || p.MeetingID == meetingID })
	sortBy(promises, ps, none, false)
	return ps, err
}

func (t *tx) CreateGuestPass(ctx context.Context, g *meeting.GuestPass) error {
	return create(ctx, t, guestPasses, g)
}

func (t *tx) GuestPass(ctx context.Context, handle string) (*meeting.GuestPass, error) {
	return get(ctx, t, guestPasses, handle)
}

// GuestPasses lists the passes of the key with fingerprint fp ("" for
// all), by handle.
func (t *tx) GuestPasses(ctx context.Context, fp string) ([]*meeting.GuestPass, error) {
	gs, err := list(ctx, t, guestPasses, func(g *meeting.GuestPass) bool { return fp == "" || g.Fingerprint == fp })
	sortBy(guestPasses, gs, none, false)
	return gs, err
}

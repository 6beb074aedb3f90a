package store

import (
	"context"
	"errors"
	"strings"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// tx is meeting.Tx on one Badger transaction: read-only inside View (the
// DB's reads), read-write inside Atomically.
type tx struct {
	db    *DB
	txn   *badger.Txn
	turns *turns   // nil: read-only
	over  bool     // the transaction has ended: the tx is no longer usable
	wrote []string // the kind of each record written, for the observer (observe.go)
}

var _ meeting.Tx = (*tx)(nil)

// errTxOver is what a tx used after its Atomically returned says.
var errTxOver = errors.New("store: the transaction is over; use a tx only inside its Atomically fn")

func (t *tx) check(ctx context.Context) error {
	if t.over {
		return errTxOver
	}
	return ctx.Err()
}

// turn takes the writers' turn on key for the rest of the transaction (see
// turns); read-only transactions take none.
func (t *tx) turn(ctx context.Context, key string) {
	if t.turns != nil {
		t.turns.take(ctx, key)
	}
}

// Atomically runs fn on one read-write transaction and commits it, retried
// on conflict (see meeting.Store).
func (db *DB) Atomically(ctx context.Context, fn func(tx meeting.Tx) error) error {
	return db.run(ctx, func(t *tx) error { return fn(t) })
}

// run is Atomically with the concrete tx. fn's error comes back as it is,
// never retried, nothing written. The turns of keys (those a one-shot write
// knows it will write) are taken before the transaction starts, so that
// writers of one key take turns instead of conflicting; fn takes the
// others as it goes, and holds them if it has to run again.
func (db *DB) run(ctx context.Context, fn func(t *tx) error, keys ...string) error {
	held := &turns{db: db}
	defer held.release()
	for _, k := range keys {
		held.take(ctx, k)
	}
	var last *tx // the attempt that committed
	err := db.update(ctx, func(txn *badger.Txn) error {
		t := &tx{db: db, txn: txn, turns: held}
		last = t
		defer func() { t.over = true }()
		if err := fn(t); err != nil {
			return fnError{err}
		}
		return nil
	})
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err == nil && last != nil {
		db.observe(last.wrote)
	}
	return wrap(err, "commit")
}

// read runs fn on a read-only transaction.
func read[R any](ctx context.Context, db *DB, fn func(t *tx) (R, error)) (R, error) {
	var out R
	if err := ctx.Err(); err != nil {
		return out, err
	}
	err := db.bdb.View(func(txn *badger.Txn) error {
		t := &tx{db: db, txn: txn}
		defer func() { t.over = true }()
		var err error
		out, err = fn(t)
		return err
	})
	return out, err
}

// turns are the writers' turns one transaction holds (see DB.turn). The
// first is waited for as a one-shot write waits; once a transaction holds
// one it only takes further turns that are free, so two transactions never
// wait on each other's turns. They are held across retries and released
// when Atomically returns.
type turns struct {
	db   *DB
	held uint32 // bit i: slot i
}

func (h *turns) take(ctx context.Context, key string) {
	i := h.db.slot(key)
	if h.held&(1<<i) != 0 {
		return
	}
	if h.held != 0 {
		select {
		case h.db.turns[i] <- struct{}{}:
			h.held |= 1 << i
		default:
		}
		return
	}
	if h.db.wait(ctx, i) {
		h.held |= 1 << i
	}
}

func (h *turns) release() {
	for i := range h.db.turns {
		if h.held&(1<<i) != 0 {
			<-h.db.turns[i]
		}
	}
	h.held = 0
}

// The record methods of a transaction.

func (t *tx) CreateAction(ctx context.Context, a *meeting.Action) error {
	return txCreate(ctx, t, actions, a)
}

func (t *tx) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	return txUpdate(ctx, t, actions, id, fn)
}

func (t *tx) Action(ctx context.Context, id string) (*meeting.Action, error) {
	return txGet(ctx, t, actions, id)
}

// Actions lists the actions f matches, by due date then id, through the
// narrowest index the filter allows: the page f asks for (actions_page.go).
func (t *tx) Actions(ctx context.Context, f meeting.ActionFilter) ([]*meeting.Action, error) {
	f.MeetingID, f.SeriesID, f.IssueID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.IssueID)
	f.Owner = meeting.CleanOwner(f.Owner)
	page := f.Page()
	f = f.Unpaged()
	s := actionScanFor(f)
	if s.ordered {
		as, err := t.pagedActions(ctx, s, f, page)
		return as, wrap(err, "list action records")
	}
	as, err := list(ctx, t, actions, scan{prefix: s.prefix}, f.Match)
	meeting.SortActions(as)
	return meeting.PageActions(as, meeting.ActionFilter{Offset: page.Offset, Limit: page.Limit}), err
}

func (t *tx) CreateMeeting(ctx context.Context, m *meeting.Meeting) error {
	return txCreate(ctx, t, meetings, m)
}

func (t *tx) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	return txUpdate(ctx, t, meetings, id, fn)
}

func (t *tx) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	return txGet(ctx, t, meetings, id)
}

// Meetings lists the meetings f matches, newest first, at most f.Limit.
func (t *tx) Meetings(ctx context.Context, f meeting.MeetingFilter) ([]*meeting.Meeting, error) {
	f.SeriesID = meeting.NormalizeID(f.SeriesID)
	s := scan{prefix: ix("m.all", ""), newest: true, limit: max(f.Limit, 0)}
	switch {
	case f.Live:
		s.prefix = ix("m.live", "")
	case f.SeriesID != "":
		s.prefix = ix("m.series", f.SeriesID, "")
	}
	if f.Ended && !f.Live {
		// the live meetings are passed over by id, unread: the record of
		// a room of hundreds lists everyone in it, and every lobby that
		// opens asks for the ended ones
		live, err := idsOf(ctx, t, meetings, ix("m.live", ""))
		if err != nil {
			return nil, err
		}
		s.skip = make(map[string]bool, len(live))
		for _, id := range live {
			s.skip[id] = true
		}
	}
	return list(ctx, t, meetings, s, f.Match)
}

func (t *tx) CreateDecision(ctx context.Context, d *meeting.Decision) error {
	return txCreate(ctx, t, decisions, d)
}

func (t *tx) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	return txUpdate(ctx, t, decisions, id, fn)
}

func (t *tx) Decision(ctx context.Context, id string) (*meeting.Decision, error) {
	return txGet(ctx, t, decisions, id)
}

// Decisions lists the decisions f matches, by id.
func (t *tx) Decisions(ctx context.Context, f meeting.DecisionFilter) ([]*meeting.Decision, error) {
	f.MeetingID, f.SeriesID, f.JourneyID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.JourneyID)
	var s scan
	switch {
	case f.MeetingID != "":
		s.prefix = ix("d.meeting", f.MeetingID, "")
	case f.SeriesID != "":
		s.prefix = ix("d.series", f.SeriesID, "")
	case f.JourneyID != "":
		s.prefix = ix("d.journey", f.JourneyID, "")
	}
	if f.Offset > 0 || f.Limit > 0 {
		// the index holds exactly the matches when it is the only condition
		conditions := 0
		for _, c := range []string{f.MeetingID, f.SeriesID, f.JourneyID, string(f.ReviewDueBy)} {
			if c != "" {
				conditions++
			}
		}
		exact := conditions == 0 || conditions == 1 && f.ReviewDueBy == ""
		ds, err := pageByID(ctx, t, decisions, s.prefix, f.Newest, exact, meeting.Page{Offset: f.Offset, Limit: f.Limit}, f.Match)
		return ds, wrap(err, "list decision records")
	}
	ds, err := list(ctx, t, decisions, s, f.Match)
	sortBy(decisions, ds, none, f.Newest)
	return ds, err
}

func (t *tx) CreateIssue(ctx context.Context, i *meeting.Issue) error {
	return txCreate(ctx, t, issues, i)
}

func (t *tx) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	return txUpdate(ctx, t, issues, id, fn)
}

func (t *tx) Issue(ctx context.Context, id string) (*meeting.Issue, error) {
	return txGet(ctx, t, issues, id)
}

// Issues lists the issues f matches, ranked (meeting.SortIssues).
func (t *tx) Issues(ctx context.Context, f meeting.IssueFilter) ([]*meeting.Issue, error) {
	f.MeetingID, f.SeriesID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID)
	var s scan
	switch {
	case f.MeetingID != "":
		s.prefix = ix("i.meeting", f.MeetingID, "")
	case f.SeriesID != "":
		s.prefix = ix("i.series", f.SeriesID, "")
	}
	is, err := list(ctx, t, issues, s, f.Match)
	meeting.SortIssues(is)
	return is, err
}

func (t *tx) CreateStory(ctx context.Context, s *meeting.Story) error {
	return txCreate(ctx, t, stories, s)
}

func (t *tx) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	return txUpdate(ctx, t, stories, id, fn)
}

func (t *tx) Story(ctx context.Context, id string) (*meeting.Story, error) {
	return txGet(ctx, t, stories, id)
}

// Stories lists the stories f matches, newest first.
func (t *tx) Stories(ctx context.Context, f meeting.StoryFilter) ([]*meeting.Story, error) {
	f.JourneyID = meeting.NormalizeID(f.JourneyID)
	ss, err := list(ctx, t, stories, scan{}, f.Match)
	sortBy(stories, ss, func(a, b *meeting.Story) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return ss, err
}

func (t *tx) CreateJourney(ctx context.Context, j *meeting.Journey) error {
	return txCreate(ctx, t, journeys, j)
}

func (t *tx) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	return txUpdate(ctx, t, journeys, id, fn)
}

func (t *tx) Journey(ctx context.Context, id string) (*meeting.Journey, error) {
	return txGet(ctx, t, journeys, id)
}

// Journeys lists every journey by name.
func (t *tx) Journeys(ctx context.Context) ([]*meeting.Journey, error) {
	js, err := list(ctx, t, journeys, scan{}, func(*meeting.Journey) bool { return true })
	sortBy(journeys, js, func(a, b *meeting.Journey) int { return strings.Compare(fold(a.Name), fold(b.Name)) }, false)
	return js, err
}

func (t *tx) CreateGuide(ctx context.Context, g *meeting.Guide) error {
	return txCreate(ctx, t, guides, g)
}

func (t *tx) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	return txUpdate(ctx, t, guides, id, fn)
}

func (t *tx) Guide(ctx context.Context, id string) (*meeting.Guide, error) {
	return txGet(ctx, t, guides, id)
}

// Guides lists the GUIDE sessions f matches, newest first.
func (t *tx) Guides(ctx context.Context, f meeting.GuideFilter) ([]*meeting.Guide, error) {
	gs, err := list(ctx, t, guides, scan{}, f.Match)
	sortBy(guides, gs, func(a, b *meeting.Guide) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return gs, err
}

func (t *tx) CreateSeries(ctx context.Context, s *meeting.Series) error {
	return txCreate(ctx, t, series, s)
}

func (t *tx) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	return txUpdate(ctx, t, series, id, fn)
}

func (t *tx) Series(ctx context.Context, id string) (*meeting.Series, error) {
	return txGet(ctx, t, series, id)
}

// SeriesList lists every series by id.
func (t *tx) SeriesList(ctx context.Context) ([]*meeting.Series, error) {
	ss, err := list(ctx, t, series, scan{}, func(*meeting.Series) bool { return true })
	sortBy(series, ss, none, false)
	return ss, err
}

func (t *tx) CreatePromise(ctx context.Context, p *meeting.Promise) error {
	return txCreate(ctx, t, promises, p)
}

func (t *tx) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	return txUpdate(ctx, t, promises, id, fn)
}

func (t *tx) Promise(ctx context.Context, id string) (*meeting.Promise, error) {
	return txGet(ctx, t, promises, id)
}

// Promises lists the promises of a meeting ("" for all), by id.
func (t *tx) Promises(ctx context.Context, meetingID string) ([]*meeting.Promise, error) {
	var s scan
	if meetingID = meeting.NormalizeID(meetingID); meetingID != "" {
		s.prefix = ix("p.meeting", meetingID, "")
	}
	ps, err := list(ctx, t, promises, s, func(p *meeting.Promise) bool { return meetingID == "" || p.MeetingID == meetingID })
	sortBy(promises, ps, none, false)
	return ps, err
}

func (t *tx) CreateGuestPass(ctx context.Context, g *meeting.GuestPass) error {
	return txCreate(ctx, t, guestPasses, g)
}

func (t *tx) GuestPass(ctx context.Context, handle string) (*meeting.GuestPass, error) {
	return txGet(ctx, t, guestPasses, handle)
}

// GuestPasses lists the passes of the key with fingerprint fp ("" for
// all), by handle.
func (t *tx) GuestPasses(ctx context.Context, fp string) ([]*meeting.GuestPass, error) {
	var s scan
	if fp != "" {
		s.prefix = ix("g.key", fp, "")
	}
	gs, err := list(ctx, t, guestPasses, s, func(g *meeting.GuestPass) bool { return fp == "" || g.Fingerprint == fp })
	sortBy(guestPasses, gs, none, false)
	return gs, err
}

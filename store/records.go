package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// kind describes one record type: where it lives, how its id is made and
// which index entries it has.
type kind[T any] struct {
	name   string // in keys: r/<name>/<id>, s/<name>
	word   string // in messages: "action A99 does not exist"
	prefix string // id prefix: A, I, …
	id     func(*T) *string
	index  func(*T) []string                             // index keys; nil: none
	newID  func(txn *badger.Txn, rec *T) (string, error) // nil: prefix + counter
}

var (
	actions = kind[meeting.Action]{name: "action", word: "action", prefix: "A",
		id: func(a *meeting.Action) *string { return &a.ID }, index: actionIndex}
	meetings = kind[meeting.Meeting]{name: "meeting", word: "meeting", prefix: "M",
		id: func(m *meeting.Meeting) *string { return &m.ID }, index: meetingIndex}
	decisions = kind[meeting.Decision]{name: "decision", word: "decision",
		id: func(d *meeting.Decision) *string { return &d.ID }, newID: decisionID,
		index: func(d *meeting.Decision) []string {
			return refs("d", d.ID, "meeting", d.MeetingID, "series", d.SeriesID, "journey", d.JourneyID)
		}}
	issues = kind[meeting.Issue]{name: "issue", word: "issue", prefix: "I",
		id: func(i *meeting.Issue) *string { return &i.ID },
		index: func(i *meeting.Issue) []string {
			return refs("i", i.ID, "meeting", i.MeetingID, "series", i.SeriesID)
		}}
	stories = kind[meeting.Story]{name: "story", word: "story", prefix: "S",
		id: func(s *meeting.Story) *string { return &s.ID }}
	journeys = kind[meeting.Journey]{name: "journey", word: "journey", prefix: "J",
		id: func(j *meeting.Journey) *string { return &j.ID }}
	guides = kind[meeting.Guide]{name: "guide", word: "GUIDE session", prefix: "G",
		id: func(g *meeting.Guide) *string { return &g.ID }}
	series = kind[meeting.Series]{name: "series", word: "series", prefix: "R",
		id: func(s *meeting.Series) *string { return &s.ID }}
	promises = kind[meeting.Promise]{name: "promise", word: "promise", prefix: "P",
		id:    func(p *meeting.Promise) *string { return &p.ID },
		index: func(p *meeting.Promise) []string { return refs("p", p.ID, "meeting", p.MeetingID) }}
)

func (k kind[T]) key(id string) []byte { return []byte("r/" + k.name + "/" + id) }

func (k kind[T]) indexOf(rec *T) []string {
	if k.index == nil {
		return nil
	}
	return k.index(rec)
}

// ix builds an index key: x/<name>/<parts joined by NUL>. With a trailing
// "" part it is the prefix of every entry whose fields are the parts.
func ix(name string, parts ...string) string {
	return "x/" + name + "/" + strings.Join(parts, "\x00")
}

// refs indexes the non-empty reference fields given as name, value pairs.
func refs(kind, id string, pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, ix(kind+"."+pairs[i], pairs[i+1], id))
		}
	}
	return out
}

// fold is the case-insensitive form of an owner in the owner index.
func fold(s string) string { return strings.ToLower(strings.ToUpper(s)) }

func actionIndex(a *meeting.Action) []string {
	x := []string{ix("a.owner", fold(a.Owner), a.ID), ix("a.status", string(a.Status), a.ID)}
	if a.Status.Active() {
		x = append(x, ix("a.due", string(a.Due), a.ID)) // active actions by due date
	}
	return append(x, refs("a", a.ID, "meeting", a.MeetingID, "series", a.SeriesID)...)
}

// meetingIndex orders meetings by creation time, then id number, so that a
// reverse scan lists them newest first.
func meetingIndex(m *meeting.Meeting) []string {
	at, seq := m.CreatedAt.UTC().Format("20060102150405.000000000"), seqOf(m.ID)
	x := []string{ix("m.all", at, seq, m.ID)}
	if m.Live() {
		x = append(x, ix("m.live", at, seq, m.ID))
	}
	if m.SeriesID != "" {
		x = append(x, ix("m.series", m.SeriesID, at, seq, m.ID))
	}
	return x
}

// seqOf is id's trailing number, zero-padded so that it sorts as text.
func seqOf(id string) string {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	return strings.Repeat("0", max(0, 20-len(id)+i)) + id[i:]
}

// decisionID allocates YYYY-MM-DD-NN from the decision's day (its Date,
// else the day it was created).
func decisionID(txn *badger.Txn, d *meeting.Decision) (string, error) {
	if d.Date == "" {
		at := d.CreatedAt
		if at.IsZero() {
			at = time.Now()
		}
		d.Date = meeting.DateOf(at)
	}
	if _, err := meeting.ParseDate(string(d.Date)); err != nil {
		return "", meeting.Errorf(meeting.EINVALID, "decision date: %s", meeting.ErrorMessage(err))
	}
	n, err := next(txn, "s/decision/"+string(d.Date))
	return meeting.DecisionID(d.Date, int(n)), err
}

func validate(rec any) error {
	if v, ok := rec.(interface{ Validate() error }); ok {
		return v.Validate()
	}
	return nil
}

// insert gives a copy of rec a new id and writes it with its index entries.
func insert[T any](txn *badger.Txn, k kind[T], rec *T) (T, error) {
	c := *rec
	if err := validate(&c); err != nil {
		return c, err
	}
	var id string
	var err error
	if k.newID != nil {
		id, err = k.newID(txn, &c)
	} else {
		var n uint64
		n, err = next(txn, "s/"+k.name)
		id = k.prefix + strconv.FormatUint(n, 10)
	}
	if err != nil {
		return c, err
	}
	*k.id(&c) = id
	if _, err := txn.Get(k.key(id)); !errors.Is(err, badger.ErrKeyNotFound) {
		return c, fmt.Errorf("allocate a %s id: %s already exists (%v)", k.word, id, err)
	}
	return c, put(txn, k, &c, nil)
}

// put writes rec and replaces index entries old with its current ones.
func put[T any](txn *badger.Txn, k kind[T], rec *T, old []string) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode %s: %w", k.word, err)
	}
	if err := txn.Set(k.key(*k.id(rec)), b); err != nil {
		return err
	}
	idx := k.indexOf(rec)
	for _, x := range old {
		if !slices.Contains(idx, x) {
			if err := txn.Delete([]byte(x)); err != nil {
				return err
			}
		}
	}
	for _, x := range idx {
		if !slices.Contains(old, x) {
			if err := txn.Set([]byte(x), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func create[T any](ctx context.Context, db *DB, k kind[T], rec *T) error {
	if rec == nil {
		return meeting.Errorf(meeting.EINVALID, "there is no %s to save", k.word)
	}
	defer db.turn(ctx, "s/"+k.name)()
	var saved T
	err := db.update(ctx, func(txn *badger.Txn) (err error) {
		saved, err = insert(txn, k, rec)
		return err
	})
	if err != nil {
		return wrap(err, "save %s", k.word)
	}
	*rec = saved
	return nil
}

// update reads record id, applies fn to a private copy, validates it and
// writes it back with its index entries, all in one transaction.
func update[T any](ctx context.Context, db *DB, k kind[T], id string, fn func(*T) error) (*T, error) {
	defer db.turn(ctx, string(k.key(meeting.NormalizeID(id))))()
	var out *T
	err := db.update(ctx, func(txn *badger.Txn) error {
		rec, err := load(txn, k, id)
		if err != nil {
			return err
		}
		stored, old := *k.id(rec), k.indexOf(rec)
		if err := fn(rec); err != nil {
			return fnError{err}
		}
		*k.id(rec) = stored // the id is not fn's to change
		if err := validate(rec); err != nil {
			return err
		}
		out = rec
		return put(txn, k, rec, old)
	})
	if err != nil {
		return nil, wrap(err, "update %s %s", k.word, meeting.CleanLine(id, 40))
	}
	return out, nil
}

func get[T any](ctx context.Context, db *DB, k kind[T], id string) (rec *T, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	err = db.bdb.View(func(txn *badger.Txn) error {
		rec, err = load(txn, k, id)
		return err
	})
	return rec, wrap(err, "read %s %s", k.word, meeting.CleanLine(id, 40))
}

// fnError carries an Update fn's error out of the transaction, unretried.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// wrap adds context to internal errors; meeting errors, the context's and
// an Update fn's (unwrapped) come back as they are.
func wrap(err error, format string, args ...any) error {
	var me *meeting.Error
	var fe fnError
	if errors.As(err, &fe) {
		return fe.err
	}
	if err == nil || errors.As(err, &me) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

func load[T any](txn *badger.Txn, k kind[T], id string) (*T, error) {
	nid := meeting.NormalizeID(id)
	if nid == "" {
		return nil, meeting.Errorf(meeting.EINVALID, "no %s id was given", k.word)
	}
	item, err := txn.Get(k.key(nid))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, meeting.Errorf(meeting.ENOTFOUND, "%s %s does not exist", k.word, meeting.CleanLine(nid, 40))
	}
	if err != nil {
		return nil, err
	}
	return decode(k, item)
}

func decode[T any](k kind[T], item *badger.Item) (*T, error) {
	rec := new(T)
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, rec) }); err != nil {
		return nil, fmt.Errorf("decode %s: %w", item.Key(), err)
	}
	return rec, nil
}

// scan says where list finds its candidates.
type scan struct {
	prefix string // index prefix; "" scans every record of the kind
	until  string // stop at the first key >= until (range scans)
	newest bool   // iterate backwards (the meeting indexes: newest first)
	limit  int    // stop after this many matches; 0 is all
}

// list returns the records the scan finds that match.
func list[T any](ctx context.Context, db *DB, k kind[T], s scan, match func(*T) bool) ([]*T, error) {
	var out []*T
	err := db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(s.prefix)
		if s.prefix == "" {
			opt.Prefix = k.key("")
		} else {
			opt.PrefetchValues = false
		}
		opt.Reverse = s.newest
		it := txn.NewIterator(opt)
		defer it.Close()
		var recs *badger.Iterator // index scans: seeks the records, cheaper than a Get each
		if s.prefix != "" {
			ro := badger.DefaultIteratorOptions
			ro.PrefetchValues, ro.Prefix = false, k.key("")
			recs = txn.NewIterator(ro)
			defer recs.Close()
		}
		start := opt.Prefix
		if s.newest {
			start = append(slices.Clip(start), 0xff)
		}
		n, until := 0, []byte(s.until)
		for it.Seek(start); it.Valid(); it.Next() {
			if n++; n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			item := it.Item()
			key := item.Key()
			if len(until) > 0 && bytes.Compare(key, until) >= 0 {
				break
			}
			if recs != nil {
				want := k.key(string(key[bytes.LastIndexByte(key, 0)+1:]))
				if recs.Seek(want); !recs.Valid() || !bytes.Equal(recs.Item().Key(), want) {
					db.log.Warningf("cxroom: index entry %q has no record", key)
					continue
				}
				item = recs.Item()
			}
			rec, err := decode(k, item)
			if err != nil {
				return err
			}
			if match(rec) {
				out = append(out, rec)
				if s.limit > 0 && len(out) >= s.limit {
					break
				}
			}
		}
		return ctx.Err()
	})
	return out, wrap(err, "list %s records", k.word)
}

// sortBy orders records by cmp, then by id number (descending if newest).
func sortBy[T any](k kind[T], xs []*T, cmp func(a, b *T) int, newest bool) {
	slices.SortStableFunc(xs, func(a, b *T) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		if newest {
			a, b = b, a
		}
		return meeting.CompareIDs(*k.id(a), *k.id(b))
	})
}

func none[T any](a, b *T) int { return 0 }

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

// Actions lists the actions f matches, by due date, through the narrowest
// index the filter allows.
func (db *DB) Actions(ctx context.Context, f meeting.ActionFilter) ([]*meeting.Action, error) {
	f.MeetingID, f.SeriesID, f.IssueID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.IssueID)
	f.Owner = meeting.CleanOwner(f.Owner)
	var s scan
	switch {
	case f.MeetingID != "":
		s.prefix = ix("a.meeting", f.MeetingID, "")
	case f.Owner != "":
		s.prefix = ix("a.owner", fold(f.Owner), "")
	case f.OverdueOn != "":
		s.prefix, s.until = ix("a.due", ""), ix("a.due", string(f.OverdueOn))
	case f.SeriesID != "":
		s.prefix = ix("a.series", f.SeriesID, "")
	case f.Status != "":
		s.prefix = ix("a.status", string(f.Status), "")
	case f.Active:
		s.prefix = ix("a.due", "")
	}
	as, err := list(ctx, db, actions, s, f.Match)
	meeting.SortActions(as)
	return as, err
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

// Meetings lists the meetings f matches, newest first, at most f.Limit.
func (db *DB) Meetings(ctx context.Context, f meeting.MeetingFilter) ([]*meeting.Meeting, error) {
	f.SeriesID = meeting.NormalizeID(f.SeriesID)
	s := scan{prefix: ix("m.all", ""), newest: true, limit: max(f.Limit, 0)}
	switch {
	case f.Live:
		s.prefix = ix("m.live", "")
	case f.SeriesID != "":
		s.prefix = ix("m.series", f.SeriesID, "")
	}
	return list(ctx, db, meetings, s, f.Match)
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

// Decisions lists the decisions f matches, by id.
func (db *DB) Decisions(ctx context.Context, f meeting.DecisionFilter) ([]*meeting.Decision, error) {
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
	ds, err := list(ctx, db, decisions, s, f.Match)
	sortBy(decisions, ds, none, false)
	return ds, err
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

// Issues lists the issues f matches, ranked (meeting.SortIssues).
func (db *DB) Issues(ctx context.Context, f meeting.IssueFilter) ([]*meeting.Issue, error) {
	f.MeetingID, f.SeriesID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID)
	var s scan
	switch {
	case f.MeetingID != "":
		s.prefix = ix("i.meeting", f.MeetingID, "")
	case f.SeriesID != "":
		s.prefix = ix("i.series", f.SeriesID, "")
	}
	is, err := list(ctx, db, issues, s, f.Match)
	meeting.SortIssues(is)
	return is, err
}

// Stories.

func (db *DB) CreateStory(ctx context.Context, s *meeting.Story) error {
	return create(ctx, db, stories, s)
}

func (db *DB) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	return update(ctx, db, stories, id, fn)
}

// Stories lists the stories f matches, newest first.
func (db *DB) Stories(ctx context.Context, f meeting.StoryFilter) ([]*meeting.Story, error) {
	f.JourneyID = meeting.NormalizeID(f.JourneyID)
	ss, err := list(ctx, db, stories, scan{}, f.Match)
	sortBy(stories, ss, func(a, b *meeting.Story) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return ss, err
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

// Journeys lists every journey by name.
func (db *DB) Journeys(ctx context.Context) ([]*meeting.Journey, error) {
	js, err := list(ctx, db, journeys, scan{}, func(*meeting.Journey) bool { return true })
	sortBy(journeys, js, func(a, b *meeting.Journey) int { return strings.Compare(fold(a.Name), fold(b.Name)) }, false)
	return js, err
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

// Guides lists the GUIDE sessions f matches, newest first.
func (db *DB) Guides(ctx context.Context, f meeting.GuideFilter) ([]*meeting.Guide, error) {
	gs, err := list(ctx, db, guides, scan{}, f.Match)
	sortBy(guides, gs, func(a, b *meeting.Guide) int { return b.CreatedAt.Compare(a.CreatedAt) }, true)
	return gs, err
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

// SeriesList lists every series by id.
func (db *DB) SeriesList(ctx context.Context) ([]*meeting.Series, error) {
	ss, err := list(ctx, db, series, scan{}, func(*meeting.Series) bool { return true })
	sortBy(series, ss, none, false)
	return ss, err
}

// Promises.

func (db *DB) CreatePromise(ctx context.Context, p *meeting.Promise) error {
	return create(ctx, db, promises, p)
}

func (db *DB) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	return update(ctx, db, promises, id, fn)
}

// Promises lists the promises of a meeting ("" for all), by id.
func (db *DB) Promises(ctx context.Context, meetingID string) ([]*meeting.Promise, error) {
	var s scan
	if meetingID = meeting.NormalizeID(meetingID); meetingID != "" {
		s.prefix = ix("p.meeting", meetingID, "")
	}
	ps, err := list(ctx, db, promises, s, func(p *meeting.Promise) bool { return meetingID == "" || p.MeetingID == meetingID })
	sortBy(promises, ps, none, false)
	return ps, err
}

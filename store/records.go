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
// which index entries it has. P is *T with Validate: a record type without
// it does not compile into the store, so every write validates.
type kind[T any, P meeting.Record[T]] struct {
	name    string // in keys: r/<name>/<id>, s/<name>
	word    string // in messages: "action A99 does not exist"
	prefix  string // id prefix: A, I, …
	id      func(*T) *string
	index   func(*T) []string                             // index keys; nil: none
	newID   func(txn *badger.Txn, rec *T) (string, error) // nil: prefix + counter
	prepare func(*T)                                      // defaults filled in before Validate; nil: none
	// keyed: a record read back takes the id of the key it is under, so a
	// value moved to another key shows as moved (the ledger).
	keyed bool
}

var (
	actions = kind[meeting.Action, *meeting.Action]{name: "action", word: "action", prefix: "A",
		id: func(a *meeting.Action) *string { return &a.ID }, index: actionIndex}
	meetings = kind[meeting.Meeting, *meeting.Meeting]{name: "meeting", word: "meeting", prefix: "M",
		id: func(m *meeting.Meeting) *string { return &m.ID }, index: meetingIndex}
	decisions = kind[meeting.Decision, *meeting.Decision]{name: "decision", word: "decision",
		id: func(d *meeting.Decision) *string { return &d.ID }, newID: decisionID, prepare: decisionDate,
		index: func(d *meeting.Decision) []string {
			return refs("d", d.ID, "meeting", d.MeetingID, "series", d.SeriesID, "journey", d.JourneyID)
		}}
	issues = kind[meeting.Issue, *meeting.Issue]{name: "issue", word: "issue", prefix: "I",
		id: func(i *meeting.Issue) *string { return &i.ID },
		index: func(i *meeting.Issue) []string {
			return refs("i", i.ID, "meeting", i.MeetingID, "series", i.SeriesID)
		}}
	stories = kind[meeting.Story, *meeting.Story]{name: "story", word: "story", prefix: "S",
		id: func(s *meeting.Story) *string { return &s.ID }}
	journeys = kind[meeting.Journey, *meeting.Journey]{name: "journey", word: "journey", prefix: "J",
		id: func(j *meeting.Journey) *string { return &j.ID }}
	guides = kind[meeting.Guide, *meeting.Guide]{name: "guide", word: "GUIDE session", prefix: "G",
		id: func(g *meeting.Guide) *string { return &g.ID }}
	series = kind[meeting.Series, *meeting.Series]{name: "series", word: "series", prefix: "R",
		id: func(s *meeting.Series) *string { return &s.ID }}
	promises = kind[meeting.Promise, *meeting.Promise]{name: "promise", word: "promise", prefix: "P",
		id:    func(p *meeting.Promise) *string { return &p.ID },
		index: func(p *meeting.Promise) []string { return refs("p", p.ID, "meeting", p.MeetingID) }}
	guestPasses = kind[meeting.GuestPass, *meeting.GuestPass]{name: "guest", word: "guest pass",
		id:    func(g *meeting.GuestPass) *string { return &g.ID },
		newID: func(_ *badger.Txn, g *meeting.GuestPass) (string, error) { return meeting.NormalizeID(g.Handle), nil },
		index: func(g *meeting.GuestPass) []string { return []string{ix("g.key", g.Fingerprint, g.ID)} }}
)

func (k kind[T, P]) key(id string) []byte { return []byte("r/" + k.name + "/" + id) }

func (k kind[T, P]) indexOf(rec *T) []string {
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

// actionIndex lists an action under its owner, its status and (active
// ones) its due date, and every action in one list: each of these in the
// actions' order (by due date, then id: meeting.SortActions), so a page
// of them is read from its keys alone (actions_page.go).
func actionIndex(a *meeting.Action) []string {
	o := actionOrder(a)
	x := []string{ix("a.owner", fold(a.Owner), o), ix("a.status", string(a.Status), o), ix("a.list", o)}
	if a.Status.Active() {
		x = append(x, ix("a.due", o)) // active actions by due date
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
func decisionID(txn *badger.Txn, d *meeting.Decision) (string, error) {
	if _, err := meeting.ParseDate(string(d.Date)); err != nil {
		return "", meeting.Errorf(meeting.EINVALID, "decision date: %s", meeting.ErrorMessage(err))
	}
	n, err := next(txn, "s/decision/"+string(d.Date))
	return meeting.DecisionID(d.Date, int(n)), err
}

// insert gives a copy of rec a new id and writes it with its index
// entries. The copy is validated before an id is allocated, so a refused
// record takes no id.
func insert[T any, P meeting.Record[T]](txn *badger.Txn, k kind[T, P], rec *T) (T, error) {
	c := *rec
	*k.id(&c) = ""
	if k.prepare != nil {
		k.prepare(&c)
	}
	if err := P(&c).Validate(); err != nil {
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
func put[T any, P meeting.Record[T]](txn *badger.Txn, k kind[T, P], rec *T, old []string) error {
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

// txCreate stores rec in t and gives it its id.
func txCreate[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], rec *T) error {
	if err := t.check(ctx); err != nil {
		return err
	}
	if rec == nil {
		return meeting.Errorf(meeting.EINVALID, "there is no %s to save", k.word)
	}
	t.turn(ctx, "s/"+k.name)
	saved, err := insert(t.txn, k, rec)
	if err != nil {
		return wrap(err, "save %s", k.word)
	}
	t.wrote = append(t.wrote, k.name)
	*rec = saved
	return nil
}

// txUpdate reads record id, applies fn to it, validates it and writes it
// back with its index entries. fn's error comes back as it is.
func txUpdate[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], id string, fn func(*T) error) (*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	t.turn(ctx, string(k.key(meeting.NormalizeID(id))))
	rec, err := load(t.txn, k, id)
	if err != nil {
		return nil, wrap(err, "update %s %s", k.word, meeting.CleanLine(id, 40))
	}
	stored, old := *k.id(rec), k.indexOf(rec)
	if err := fn(rec); err != nil {
		return nil, err
	}
	*k.id(rec) = stored // the id is not fn's to change
	if err := P(rec).Validate(); err != nil {
		return nil, err
	}
	if err := put(t.txn, k, rec, old); err != nil {
		return nil, wrap(err, "update %s %s", k.word, stored)
	}
	t.wrote = append(t.wrote, k.name)
	out := *rec // the caller's copy: fn may keep rec
	return &out, nil
}

func txGet[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], id string) (*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	rec, err := load(t.txn, k, id)
	return rec, wrap(err, "read %s %s", k.word, meeting.CleanLine(id, 40))
}

// create, update and get are the one-shot forms: each its own transaction.
// A failed create leaves rec as it was.
func create[T any, P meeting.Record[T]](ctx context.Context, db *DB, k kind[T, P], rec *T) error {
	if rec == nil {
		return meeting.Errorf(meeting.EINVALID, "there is no %s to save", k.word)
	}
	var saved T
	err := db.run(ctx, func(t *tx) error {
		c := *rec
		if err := txCreate(ctx, t, k, &c); err != nil {
			return err
		}
		saved = c
		return nil
	}, "s/"+k.name)
	if err != nil {
		return err
	}
	*rec = saved
	return nil
}

func update[T any, P meeting.Record[T]](ctx context.Context, db *DB, k kind[T, P], id string, fn func(*T) error) (out *T, err error) {
	err = db.run(ctx, func(t *tx) (err error) {
		out, err = txUpdate(ctx, t, k, id, fn)
		return err
	}, string(k.key(meeting.NormalizeID(id))))
	if err != nil {
		return nil, err
	}
	return out, nil
}

func get[T any, P meeting.Record[T]](ctx context.Context, db *DB, k kind[T, P], id string) (*T, error) {
	return read(ctx, db, func(t *tx) (*T, error) { return txGet(ctx, t, k, id) })
}

// fnError carries an Atomically fn's error out of the transaction,
// unretried.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// wrap adds context to internal errors; meeting errors, the context's and
// an Atomically fn's (unwrapped) come back as they are.
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

func load[T any, P meeting.Record[T]](txn *badger.Txn, k kind[T, P], id string) (*T, error) {
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

func decode[T any, P meeting.Record[T]](k kind[T, P], item *badger.Item) (*T, error) {
	rec := new(T)
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, rec) }); err != nil {
		return nil, fmt.Errorf("decode %s: %w", item.Key(), err)
	}
	if k.keyed {
		*k.id(rec) = strings.TrimPrefix(string(item.Key()), string(k.key("")))
	}
	return rec, nil
}

// scan says where list finds its candidates.
type scan struct {
	prefix string // index prefix; "" scans every record of the kind
	until  string // stop at the first key >= until (range scans)
	newest bool   // iterate backwards (the meeting indexes: newest first)
	limit  int    // stop after this many matches; 0 is all
	// skip holds record ids an index scan passes over without reading them
	skip map[string]bool
}

// list returns the records the scan finds that match.
func list[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], s scan, match func(*T) bool) ([]*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	out, err := scanRecords(ctx, t, k, s, match)
	return out, wrap(err, "list %s records", k.word)
}

func scanRecords[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], s scan, match func(*T) bool) ([]*T, error) {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte(s.prefix)
	if s.prefix == "" {
		opt.Prefix = k.key("")
	} else {
		opt.PrefetchValues = false
	}
	opt.Reverse = s.newest
	it := t.txn.NewIterator(opt)
	defer it.Close()
	var recs *badger.Iterator // index scans: seeks the records, cheaper than a Get each
	if s.prefix != "" {
		ro := badger.DefaultIteratorOptions
		ro.PrefetchValues, ro.Prefix = false, k.key("")
		recs = t.txn.NewIterator(ro)
		defer recs.Close()
	}
	start := opt.Prefix
	if s.newest {
		start = append(slices.Clip(start), 0xff)
	}
	var out []*T
	n, until := 0, []byte(s.until)
	for it.Seek(start); it.Valid(); it.Next() {
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		item := it.Item()
		key := item.Key()
		if len(until) > 0 && bytes.Compare(key, until) >= 0 {
			break
		}
		if recs != nil {
			id := key[bytes.LastIndexByte(key, 0)+1:]
			if s.skip[string(id)] {
				continue
			}
			want := k.key(string(id))
			if recs.Seek(want); !recs.Valid() || !bytes.Equal(recs.Item().Key(), want) {
				t.db.log.Warningf("cxroom: index entry %q has no record", key)
				continue
			}
			item = recs.Item()
		}
		rec, err := decode(k, item)
		if err != nil {
			return nil, err
		}
		if match(rec) {
			out = append(out, rec)
			if s.limit > 0 && len(out) >= s.limit {
				break
			}
		}
	}
	return out, ctx.Err()
}

// sortBy orders records by cmp, then by id number (descending if newest).
func sortBy[T any, P meeting.Record[T]](k kind[T, P], xs []*T, cmp func(a, b *T) int, newest bool) {
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

package store

import (
	"bytes"
	"context"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// CountActions returns how many actions f matches: len(Actions(ctx, f))
// without building them. A filter on one indexed field (none, Active,
// OverdueOn, Status, MeetingID or SeriesID) is answered from keys alone,
// never reading or decoding a record; any other filter (an owner, whose
// match is case-folded, an issue, a combination) decodes only the records
// its narrowest index yields, as Actions does.
//
// Index entries are written in the same transaction as their record, so
// counting them is exact; Actions would only differ on an entry left
// without its record, which no write produces.
func (t *tx) CountActions(ctx context.Context, f meeting.ActionFilter) (int, error) {
	if err := t.check(ctx); err != nil {
		return 0, err
	}
	f = f.Unpaged() // a count is of every match
	f.MeetingID, f.SeriesID, f.IssueID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID), meeting.NormalizeID(f.IssueID)
	f.Owner = meeting.CleanOwner(f.Owner)
	// Active is implied by OverdueOn, and decided by an exact Status.
	if f.OverdueOn != "" {
		f.Active = false
	}
	if f.Active && f.Status != "" {
		if !f.Status.Active() {
			return 0, ctx.Err()
		}
		f.Active = false
	}
	var (
		n   int
		err error
	)
	switch f {
	case meeting.ActionFilter{}:
		// every action has exactly one status entry, and those keys are
		// far smaller than the records' (whose values sit beside them)
		n, err = t.countKeys(ctx, ix("a.status", ""), "", false)
	case meeting.ActionFilter{Active: true}:
		n, err = t.countKeys(ctx, ix("a.due", ""), "", false)
	case meeting.ActionFilter{OverdueOn: f.OverdueOn}:
		// active actions due before that day; those with no due date are
		// never overdue, and their entries (an empty date) sort first
		n, err = t.countKeys(ctx, ix("a.due", ""), ix("a.due", string(f.OverdueOn)), true)
	case meeting.ActionFilter{Status: f.Status}:
		n, err = t.countKeys(ctx, ix("a.status", string(f.Status), ""), "", false)
	case meeting.ActionFilter{MeetingID: f.MeetingID}:
		n, err = t.countKeys(ctx, ix("a.meeting", f.MeetingID, ""), "", false)
	case meeting.ActionFilter{SeriesID: f.SeriesID}:
		n, err = t.countKeys(ctx, ix("a.series", f.SeriesID, ""), "", false)
	default:
		var as []*meeting.Action
		as, err = t.Actions(ctx, f)
		return len(as), err
	}
	return n, wrap(err, "count action records")
}

// countKeys counts the keys with prefix (and below until, if given)
// without reading their values. With dated, keys whose date part (between
// the prefix and the first NUL) is empty are skipped.
func (t *tx) countKeys(ctx context.Context, prefix, until string, dated bool) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues, opt.Prefix = false, []byte(prefix)
	it := t.txn.NewIterator(opt)
	defer it.Close()
	n, end, seen := 0, []byte(until), 0
	for it.Seek(opt.Prefix); it.Valid(); it.Next() {
		if seen++; seen%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		key := it.Item().Key()
		if len(end) > 0 && bytes.Compare(key, end) >= 0 {
			break
		}
		if dated && len(key) > len(prefix) && key[len(prefix)] == 0 {
			continue
		}
		n++
	}
	return n, ctx.Err()
}

package store

import (
	"bytes"
	"context"
	"strings"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// Actions in order, by the page.
//
// The action indexes a.list (every action), a.due (active ones), a.status
// and a.owner hold each action under the key parts of actionOrder: its due
// date, its id's prefix and zero-padded number, then its id, so their keys
// sort as meeting.SortActions sorts the actions. A page is then read by
// walking an index from the top: entries the filter is decided by (the
// index's own field and nothing else) are skipped by key, others decoded
// and matched, and the walk stops once the page is full. Years of actions
// cost a tracker's first screen a page of decodes, not all of them.

// actionOrder is the part of an action's index keys that orders it:
// due date, id prefix, id number (zero-padded), id, joined as ix joins.
func actionOrder(a *meeting.Action) string {
	pfx := strings.TrimRight(a.ID, "0123456789")
	return strings.Join([]string{string(a.Due), pfx, seqOf(a.ID), a.ID}, "\x00")
}

// actionScan says how to read a filter's actions.
type actionScan struct {
	prefix, until string // the index range
	ordered       bool   // the index lists the actions in their order
	exact         bool   // every entry passes the filter: nothing to decode to match
	dated         bool   // skip entries with no due date (never overdue)
}

// actionScanFor picks the narrowest index for f (its page aside).
func actionScanFor(f meeting.ActionFilter) actionScan {
	switch {
	case f.MeetingID != "":
		return actionScan{prefix: ix("a.meeting", f.MeetingID, "")}
	case f.Owner != "":
		// the index folds case one way, Match another: decode to match
		return actionScan{prefix: ix("a.owner", fold(f.Owner), ""), ordered: true}
	case f.OverdueOn != "":
		return actionScan{prefix: ix("a.due", ""), until: ix("a.due", string(f.OverdueOn)), ordered: true,
			dated: true, exact: f == meeting.ActionFilter{OverdueOn: f.OverdueOn}}
	case f.SeriesID != "":
		return actionScan{prefix: ix("a.series", f.SeriesID, "")}
	case f.Status != "":
		return actionScan{prefix: ix("a.status", string(f.Status), ""), ordered: true,
			exact: f == meeting.ActionFilter{Status: f.Status} || f == meeting.ActionFilter{Status: f.Status, Active: true} && f.Status.Active()}
	case f.Active:
		return actionScan{prefix: ix("a.due", ""), ordered: true, exact: f == meeting.ActionFilter{Active: true}}
	}
	return actionScan{prefix: ix("a.list", ""), ordered: true, exact: f == meeting.ActionFilter{}}
}

// pagedActions reads page of the actions f matches through s.
func (t *tx) pagedActions(ctx context.Context, s actionScan, f meeting.ActionFilter, page meeting.Page) ([]*meeting.Action, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues, opt.Prefix = false, []byte(s.prefix)
	it := t.txn.NewIterator(opt)
	defer it.Close()
	ro := badger.DefaultIteratorOptions
	ro.PrefetchValues, ro.Prefix = false, actions.key("")
	recs := t.txn.NewIterator(ro) // seeks the records, cheaper than a Get each
	defer recs.Close()
	var out []*meeting.Action
	skip, end, n := page.Offset, []byte(s.until), 0
	for it.Seek(opt.Prefix); it.Valid(); it.Next() {
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		key := it.Item().Key()
		if len(end) > 0 && bytes.Compare(key, end) >= 0 {
			break
		}
		if s.dated && len(key) > len(s.prefix) && key[len(s.prefix)] == 0 {
			continue
		}
		if s.exact && skip > 0 {
			skip--
			continue
		}
		want := actions.key(string(key[bytes.LastIndexByte(key, 0)+1:]))
		if recs.Seek(want); !recs.Valid() || !bytes.Equal(recs.Item().Key(), want) {
			t.db.log.Warningf("cxroom: index entry %q has no record", key)
			continue
		}
		a, err := decode(actions, recs.Item())
		if err != nil {
			return nil, err
		}
		if !s.exact {
			if !f.Match(a) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
		}
		out = append(out, a)
		if page.Limit > 0 && len(out) >= page.Limit {
			break
		}
	}
	return out, ctx.Err()
}

package store

import (
	"bytes"
	"context"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	"cxroom/meeting"
)

// idsOf lists the ids under prefix (an index prefix, or "" for every
// record of k) from the keys alone: no record is read or decoded.
func idsOf[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], prefix string) ([]string, error) {
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues, opt.Prefix = false, []byte(prefix)
	cut := func(key []byte) []byte { return key[bytes.LastIndexByte(key, 0)+1:] }
	if prefix == "" {
		opt.Prefix = k.key("")
		cut = func(key []byte) []byte { return key[len(opt.Prefix):] }
	}
	it := t.txn.NewIterator(opt)
	defer it.Close()
	var ids []string
	for it.Seek(opt.Prefix); it.Valid(); it.Next() {
		if len(ids)%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ids = append(ids, string(cut(it.Item().Key())))
	}
	return ids, nil
}

// pageByID is page p of the records under prefix that match, ordered by
// id (meeting.CompareIDs; newest first if newest). The order comes from
// the keys; only the records up to the end of the page are read, and when
// exact (every record under prefix matches) only the page's.
func pageByID[T any, P meeting.Record[T]](ctx context.Context, t *tx, k kind[T, P], prefix string, newest, exact bool, p meeting.Page, match func(*T) bool) ([]*T, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	ids, err := idsOf(ctx, t, k, prefix)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ids, meeting.CompareIDs)
	if newest {
		slices.Reverse(ids)
	}
	var out []*T
	skip := max(p.Offset, 0)
	if exact {
		ids, skip = ids[min(skip, len(ids)):], 0
	}
	for i, id := range ids {
		if i%256 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := load(t.txn, k, id)
		if err != nil {
			if meeting.ErrorCode(err) == meeting.ENOTFOUND {
				t.db.log.Warningf("cxroom: index entry for %q has no record", id)
				continue
			}
			return nil, err
		}
		if !match(rec) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, rec)
		if p.Limit > 0 && len(out) >= p.Limit {
			break
		}
	}
	return out, nil
}

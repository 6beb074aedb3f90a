package memstore

import (
	"context"
	"strconv"

	"cxroom/meeting"
)

// The ledger, kept as the Badger store keeps it: entry seq under
// r/ledger/L<seq>, the head's seq under s/ledger (read and written by every
// append, so two appends from the same head conflict).

const ledgerHeadKey = "s/ledger"

var ledgerEntries = kind[meeting.LedgerEntry, *meeting.LedgerEntry]{name: "ledger", word: "ledger entry",
	id: func(e *meeting.LedgerEntry) *string { return &e.ID },
	newID: func(t *tx, e *meeting.LedgerEntry) (string, error) {
		if n := t.next(ledgerHeadKey); n != e.Seq {
			return "", meeting.Errorf(meeting.ECONFLICT, "the ledger moved on (entry %d, not %d, comes next); try again", n, e.Seq)
		}
		return meeting.LedgerID(e.Seq), nil
	}}

func (s *Store) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	return createOne(ctx, s, ledgerEntries, e)
}

func (s *Store) LedgerHead(ctx context.Context) (*meeting.LedgerEntry, error) {
	return read(ctx, s, func(t *tx) (*meeting.LedgerEntry, error) { return t.LedgerHead(ctx) })
}

func (s *Store) Ledger(ctx context.Context, f meeting.LedgerFilter) ([]*meeting.LedgerEntry, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.LedgerEntry, error) { return t.Ledger(ctx, f) })
}

func (t *tx) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	return create(ctx, t, ledgerEntries, e)
}

func (t *tx) LedgerHead(ctx context.Context) (*meeting.LedgerEntry, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	v, _ := t.get(ledgerHeadKey)
	n, _ := strconv.ParseUint(string(v), 10, 64)
	if n == 0 {
		return nil, nil
	}
	return load(t, ledgerEntries, meeting.LedgerID(n))
}

func (t *tx) Ledger(ctx context.Context, f meeting.LedgerFilter) ([]*meeting.LedgerEntry, error) {
	es, err := list(ctx, t, ledgerEntries, f.Match)
	sortBy(ledgerEntries, es, none, false)
	return es, err
}

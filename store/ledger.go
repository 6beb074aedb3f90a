package store

import (
	"context"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// The ledger: r/ledger/L<seq> holds entry seq, s/ledger the head's seq,
// x/l.ref/<ref>\x00L<seq> an entry by the record it is about. Every append
// reads and writes s/ledger, so two transactions extending the chain from
// the same head conflict and one of them runs again.

const ledgerHeadKey = "s/ledger"

var ledgerEntries = kind[meeting.LedgerEntry, *meeting.LedgerEntry]{name: "ledger", word: "ledger entry", keyed: true,
	id: func(e *meeting.LedgerEntry) *string { return &e.ID },
	newID: func(txn *badger.Txn, e *meeting.LedgerEntry) (string, error) {
		n, err := next(txn, ledgerHeadKey)
		if err != nil {
			return "", err
		}
		if n != e.Seq {
			return "", meeting.Errorf(meeting.ECONFLICT, "the ledger moved on (entry %d, not %d, comes next); try again", n, e.Seq)
		}
		return meeting.LedgerID(n), nil
	},
	index: func(e *meeting.LedgerEntry) []string { return []string{ix("l.ref", e.Ref, e.ID)} }}

func (db *DB) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	return create(ctx, db, ledgerEntries, e)
}

func (db *DB) LedgerHead(ctx context.Context) (*meeting.LedgerEntry, error) {
	return read(ctx, db, func(t *tx) (*meeting.LedgerEntry, error) { return t.LedgerHead(ctx) })
}

func (db *DB) Ledger(ctx context.Context, f meeting.LedgerFilter) ([]*meeting.LedgerEntry, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.LedgerEntry, error) { return t.Ledger(ctx, f) })
}

func (t *tx) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	return txCreate(ctx, t, ledgerEntries, e)
}

// LedgerHead returns the entry s/ledger names (nil when the chain is empty).
func (t *tx) LedgerHead(ctx context.Context) (*meeting.LedgerEntry, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	t.turn(ctx, ledgerHeadKey)
	n, err := u64(t.txn, ledgerHeadKey)
	if err != nil {
		return nil, wrap(err, "read the ledger's head")
	}
	if n == 0 {
		return nil, nil
	}
	e, err := load(t.txn, ledgerEntries, meeting.LedgerID(n))
	return e, wrap(err, "read the ledger's head")
}

// Ledger lists the entries f matches, by seq.
func (t *tx) Ledger(ctx context.Context, f meeting.LedgerFilter) ([]*meeting.LedgerEntry, error) {
	var s scan
	if f.Ref != "" {
		s.prefix = ix("l.ref", f.Ref, "")
	}
	es, err := list(ctx, t, ledgerEntries, s, f.Match)
	sortBy(ledgerEntries, es, none, false)
	return es, err
}

package storetest

import (
	"context"

	"cxroom/meeting"
)

// Faulty's ledger appends count as writes.

func (f *Faulty) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.AppendLedger(ctx, e)
}

func (t faultyTx) AppendLedger(ctx context.Context, e *meeting.LedgerEntry) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.AppendLedger(ctx, e)
}

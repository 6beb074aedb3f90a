package storetest

import (
	"context"

	"cxroom/meeting"
)

// Faulty's writes of the executive layer's records.

func (f *Faulty) CreateCharter(ctx context.Context, x *meeting.Charter) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateCharter(ctx, x)
}

func (f *Faulty) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateCharter(ctx, id, fn)
}

func (t faultyTx) CreateCharter(ctx context.Context, x *meeting.Charter) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateCharter(ctx, x)
}

func (t faultyTx) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateCharter(ctx, id, fn)
}

func (f *Faulty) CreateAccount(ctx context.Context, x *meeting.Account) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateAccount(ctx, x)
}

func (f *Faulty) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateAccount(ctx, id, fn)
}

func (t faultyTx) CreateAccount(ctx context.Context, x *meeting.Account) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateAccount(ctx, x)
}

func (t faultyTx) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateAccount(ctx, id, fn)
}

func (f *Faulty) CreateBoardBrief(ctx context.Context, x *meeting.BoardBrief) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateBoardBrief(ctx, x)
}

func (f *Faulty) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateBoardBrief(ctx, id, fn)
}

func (t faultyTx) CreateBoardBrief(ctx context.Context, x *meeting.BoardBrief) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateBoardBrief(ctx, x)
}

func (t faultyTx) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateBoardBrief(ctx, id, fn)
}

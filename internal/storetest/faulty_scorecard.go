package storetest

import (
	"context"

	"cxroom/meeting"
)

// Faulty's writes of the scorecard's records.

func (f *Faulty) CreateProposal(ctx context.Context, x *meeting.Proposal) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateProposal(ctx, x)
}

func (f *Faulty) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateProposal(ctx, id, fn)
}

func (t faultyTx) CreateProposal(ctx context.Context, x *meeting.Proposal) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateProposal(ctx, x)
}

func (t faultyTx) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateProposal(ctx, id, fn)
}

func (f *Faulty) CreateScoreSheet(ctx context.Context, x *meeting.ScoreSheet) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateScoreSheet(ctx, x)
}

func (f *Faulty) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateScoreSheet(ctx, id, fn)
}

func (t faultyTx) CreateScoreSheet(ctx context.Context, x *meeting.ScoreSheet) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateScoreSheet(ctx, x)
}

func (t faultyTx) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateScoreSheet(ctx, id, fn)
}

func (f *Faulty) CreateShadowing(ctx context.Context, x *meeting.Shadowing) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateShadowing(ctx, x)
}

func (t faultyTx) CreateShadowing(ctx context.Context, x *meeting.Shadowing) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateShadowing(ctx, x)
}

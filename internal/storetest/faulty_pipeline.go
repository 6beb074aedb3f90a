package storetest

import (
	"context"

	"cxroom/meeting"
)

// The writes of the QBR's systemic issues and a journey's improvement
// pipeline, counted and failed like the others.

func (f *Faulty) CreateSystemic(ctx context.Context, x *meeting.Systemic) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateSystemic(ctx, x)
}

func (f *Faulty) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateSystemic(ctx, id, fn)
}

func (t faultyTx) CreateSystemic(ctx context.Context, x *meeting.Systemic) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateSystemic(ctx, x)
}

func (t faultyTx) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateSystemic(ctx, id, fn)
}

func (f *Faulty) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateInitiative(ctx, x)
}

func (f *Faulty) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateInitiative(ctx, id, fn)
}

func (t faultyTx) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateInitiative(ctx, x)
}

func (t faultyTx) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateInitiative(ctx, id, fn)
}

func (f *Faulty) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateExperiment(ctx, x)
}

func (f *Faulty) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateExperiment(ctx, id, fn)
}

func (t faultyTx) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateExperiment(ctx, x)
}

func (t faultyTx) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateExperiment(ctx, id, fn)
}

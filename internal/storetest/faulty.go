package storetest

import (
	"context"
	"errors"
	"sync"

	"cxroom/meeting"
)

// ErrInjected is the failure Faulty injects: an internal error, as a full
// disk or a closed database would give.
var ErrInjected = errors.New("storetest: injected write failure (disk full)")

// Faulty wraps a store and fails its n-th write: every Create* and Update*
// call counts, on the store and inside Atomically alike, and the failing
// one returns ErrInjected without writing. A transaction retried on
// conflict counts its writes again.
type Faulty struct {
	meeting.Store
	mu     sync.Mutex
	writes int
	failAt int
}

var _ meeting.Store = (*Faulty)(nil)

// NewFaulty wraps s; it fails nothing until FailAt is called.
func NewFaulty(s meeting.Store) *Faulty { return &Faulty{Store: s} }

// FailAt makes the n-th write from now on fail (0: none) and resets the
// count.
func (f *Faulty) FailAt(n int) {
	f.mu.Lock()
	f.writes, f.failAt = 0, n
	f.mu.Unlock()
}

// Writes returns the writes counted since the last FailAt.
func (f *Faulty) Writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// write counts a write and reports whether it must fail.
func (f *Faulty) write() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	if f.failAt > 0 && f.writes == f.failAt {
		return ErrInjected
	}
	return nil
}

// Atomically runs fn on the wrapped store's transaction, counting the
// writes made through it.
func (f *Faulty) Atomically(ctx context.Context, fn func(tx meeting.Tx) error) error {
	return f.Store.Atomically(ctx, func(tx meeting.Tx) error { return fn(faultyTx{tx, f}) })
}

// faultyTx counts (and fails) the writes of one transaction.
type faultyTx struct {
	meeting.Tx
	f *Faulty
}

func (f *Faulty) CreateAction(ctx context.Context, x *meeting.Action) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateAction(ctx, x)
}

func (f *Faulty) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateAction(ctx, id, fn)
}

func (t faultyTx) CreateAction(ctx context.Context, x *meeting.Action) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateAction(ctx, x)
}

func (t faultyTx) UpdateAction(ctx context.Context, id string, fn func(*meeting.Action) error) (*meeting.Action, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateAction(ctx, id, fn)
}

func (f *Faulty) CreateMeeting(ctx context.Context, x *meeting.Meeting) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateMeeting(ctx, x)
}

func (f *Faulty) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateMeeting(ctx, id, fn)
}

func (t faultyTx) CreateMeeting(ctx context.Context, x *meeting.Meeting) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateMeeting(ctx, x)
}

func (t faultyTx) UpdateMeeting(ctx context.Context, id string, fn func(*meeting.Meeting) error) (*meeting.Meeting, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateMeeting(ctx, id, fn)
}

func (f *Faulty) CreateDecision(ctx context.Context, x *meeting.Decision) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateDecision(ctx, x)
}

func (f *Faulty) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateDecision(ctx, id, fn)
}

func (t faultyTx) CreateDecision(ctx context.Context, x *meeting.Decision) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateDecision(ctx, x)
}

func (t faultyTx) UpdateDecision(ctx context.Context, id string, fn func(*meeting.Decision) error) (*meeting.Decision, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateDecision(ctx, id, fn)
}

func (f *Faulty) CreateIssue(ctx context.Context, x *meeting.Issue) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateIssue(ctx, x)
}

func (f *Faulty) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateIssue(ctx, id, fn)
}

func (t faultyTx) CreateIssue(ctx context.Context, x *meeting.Issue) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateIssue(ctx, x)
}

func (t faultyTx) UpdateIssue(ctx context.Context, id string, fn func(*meeting.Issue) error) (*meeting.Issue, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateIssue(ctx, id, fn)
}

func (f *Faulty) CreateStory(ctx context.Context, x *meeting.Story) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateStory(ctx, x)
}

func (f *Faulty) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateStory(ctx, id, fn)
}

func (t faultyTx) CreateStory(ctx context.Context, x *meeting.Story) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateStory(ctx, x)
}

func (t faultyTx) UpdateStory(ctx context.Context, id string, fn func(*meeting.Story) error) (*meeting.Story, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateStory(ctx, id, fn)
}

func (f *Faulty) CreateJourney(ctx context.Context, x *meeting.Journey) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateJourney(ctx, x)
}

func (f *Faulty) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateJourney(ctx, id, fn)
}

func (t faultyTx) CreateJourney(ctx context.Context, x *meeting.Journey) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateJourney(ctx, x)
}

func (t faultyTx) UpdateJourney(ctx context.Context, id string, fn func(*meeting.Journey) error) (*meeting.Journey, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateJourney(ctx, id, fn)
}

func (f *Faulty) CreateGuide(ctx context.Context, x *meeting.Guide) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateGuide(ctx, x)
}

func (f *Faulty) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateGuide(ctx, id, fn)
}

func (t faultyTx) CreateGuide(ctx context.Context, x *meeting.Guide) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateGuide(ctx, x)
}

func (t faultyTx) UpdateGuide(ctx context.Context, id string, fn func(*meeting.Guide) error) (*meeting.Guide, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateGuide(ctx, id, fn)
}

func (f *Faulty) CreateSeries(ctx context.Context, x *meeting.Series) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateSeries(ctx, x)
}

func (f *Faulty) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdateSeries(ctx, id, fn)
}

func (t faultyTx) CreateSeries(ctx context.Context, x *meeting.Series) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateSeries(ctx, x)
}

func (t faultyTx) UpdateSeries(ctx context.Context, id string, fn func(*meeting.Series) error) (*meeting.Series, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdateSeries(ctx, id, fn)
}

func (f *Faulty) CreatePromise(ctx context.Context, x *meeting.Promise) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreatePromise(ctx, x)
}

func (f *Faulty) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	if err := f.write(); err != nil {
		return nil, err
	}
	return f.Store.UpdatePromise(ctx, id, fn)
}

func (t faultyTx) CreatePromise(ctx context.Context, x *meeting.Promise) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreatePromise(ctx, x)
}

func (t faultyTx) UpdatePromise(ctx context.Context, id string, fn func(*meeting.Promise) error) (*meeting.Promise, error) {
	if err := t.f.write(); err != nil {
		return nil, err
	}
	return t.Tx.UpdatePromise(ctx, id, fn)
}

func (f *Faulty) CreateGuestPass(ctx context.Context, x *meeting.GuestPass) error {
	if err := f.write(); err != nil {
		return err
	}
	return f.Store.CreateGuestPass(ctx, x)
}

func (t faultyTx) CreateGuestPass(ctx context.Context, x *meeting.GuestPass) error {
	if err := t.f.write(); err != nil {
		return err
	}
	return t.Tx.CreateGuestPass(ctx, x)
}

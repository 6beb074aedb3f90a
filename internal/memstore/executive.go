package memstore

import (
	"context"
	"strings"

	"cxroom/meeting"
)

// The executive layer's records: initiative charters, at-risk accounts and
// the quarters' board briefs.

var (
	charters = kind[meeting.Charter, *meeting.Charter]{name: "charter", word: "charter", prefix: "K",
		id: func(c *meeting.Charter) *string { return &c.ID }}
	accounts = kind[meeting.Account, *meeting.Account]{name: "account", word: "account", prefix: "W",
		id: func(x *meeting.Account) *string { return &x.ID }}
	briefs = kind[meeting.BoardBrief, *meeting.BoardBrief]{name: "boardbrief", word: "board brief", prefix: "B",
		id: func(b *meeting.BoardBrief) *string { return &b.ID }}
)

func (s *Store) CreateCharter(ctx context.Context, c *meeting.Charter) error {
	return createOne(ctx, s, charters, c)
}

func (s *Store) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	return updateOne(ctx, s, charters, id, fn)
}

func (s *Store) Charter(ctx context.Context, id string) (*meeting.Charter, error) {
	return read(ctx, s, func(t *tx) (*meeting.Charter, error) { return t.Charter(ctx, id) })
}

func (s *Store) Charters(ctx context.Context, f meeting.CharterFilter) ([]*meeting.Charter, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Charter, error) { return t.Charters(ctx, f) })
}

func (s *Store) CreateAccount(ctx context.Context, x *meeting.Account) error {
	return createOne(ctx, s, accounts, x)
}

func (s *Store) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	return updateOne(ctx, s, accounts, id, fn)
}

func (s *Store) Account(ctx context.Context, id string) (*meeting.Account, error) {
	return read(ctx, s, func(t *tx) (*meeting.Account, error) { return t.Account(ctx, id) })
}

func (s *Store) Accounts(ctx context.Context, f meeting.AccountFilter) ([]*meeting.Account, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Account, error) { return t.Accounts(ctx, f) })
}

func (s *Store) CreateBoardBrief(ctx context.Context, b *meeting.BoardBrief) error {
	return createOne(ctx, s, briefs, b)
}

func (s *Store) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	return updateOne(ctx, s, briefs, id, fn)
}

func (s *Store) BoardBrief(ctx context.Context, id string) (*meeting.BoardBrief, error) {
	return read(ctx, s, func(t *tx) (*meeting.BoardBrief, error) { return t.BoardBrief(ctx, id) })
}

func (s *Store) BoardBriefs(ctx context.Context) ([]*meeting.BoardBrief, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.BoardBrief, error) { return t.BoardBriefs(ctx) })
}

func (t *tx) CreateCharter(ctx context.Context, c *meeting.Charter) error {
	return create(ctx, t, charters, c)
}

func (t *tx) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	return update(ctx, t, charters, id, fn)
}

func (t *tx) Charter(ctx context.Context, id string) (*meeting.Charter, error) {
	return get(ctx, t, charters, id)
}

// Charters lists the charters f matches, by id.
func (t *tx) Charters(ctx context.Context, f meeting.CharterFilter) ([]*meeting.Charter, error) {
	cs, err := list(ctx, t, charters, f.Match)
	sortBy(charters, cs, none, false)
	return cs, err
}

func (t *tx) CreateAccount(ctx context.Context, x *meeting.Account) error {
	return create(ctx, t, accounts, x)
}

func (t *tx) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	return update(ctx, t, accounts, id, fn)
}

func (t *tx) Account(ctx context.Context, id string) (*meeting.Account, error) {
	return get(ctx, t, accounts, id)
}

// Accounts lists the accounts f matches, by id.
func (t *tx) Accounts(ctx context.Context, f meeting.AccountFilter) ([]*meeting.Account, error) {
	xs, err := list(ctx, t, accounts, f.Match)
	sortBy(accounts, xs, none, false)
	return xs, err
}

func (t *tx) CreateBoardBrief(ctx context.Context, b *meeting.BoardBrief) error {
	return create(ctx, t, briefs, b)
}

func (t *tx) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	return update(ctx, t, briefs, id, fn)
}

func (t *tx) BoardBrief(ctx context.Context, id string) (*meeting.BoardBrief, error) {
	return get(ctx, t, briefs, id)
}

// BoardBriefs lists every brief by period.
func (t *tx) BoardBriefs(ctx context.Context) ([]*meeting.BoardBrief, error) {
	bs, err := list(ctx, t, briefs, all)
	sortBy(briefs, bs, func(a, b *meeting.BoardBrief) int { return strings.Compare(a.Period, b.Period) }, false)
	return bs, err
}

package store

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

// One-shot methods.

func (db *DB) CreateCharter(ctx context.Context, c *meeting.Charter) error {
	return create(ctx, db, charters, c)
}

func (db *DB) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	return update(ctx, db, charters, id, fn)
}

func (db *DB) Charter(ctx context.Context, id string) (*meeting.Charter, error) {
	return get(ctx, db, charters, id)
}

func (db *DB) Charters(ctx context.Context, f meeting.CharterFilter) ([]*meeting.Charter, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Charter, error) { return t.Charters(ctx, f) })
}

func (db *DB) CreateAccount(ctx context.Context, x *meeting.Account) error {
	return create(ctx, db, accounts, x)
}

func (db *DB) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	return update(ctx, db, accounts, id, fn)
}

func (db *DB) Account(ctx context.Context, id string) (*meeting.Account, error) {
	return get(ctx, db, accounts, id)
}

func (db *DB) Accounts(ctx context.Context, f meeting.AccountFilter) ([]*meeting.Account, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Account, error) { return t.Accounts(ctx, f) })
}

func (db *DB) CreateBoardBrief(ctx context.Context, b *meeting.BoardBrief) error {
	return create(ctx, db, briefs, b)
}

func (db *DB) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	return update(ctx, db, briefs, id, fn)
}

func (db *DB) BoardBrief(ctx context.Context, id string) (*meeting.BoardBrief, error) {
	return get(ctx, db, briefs, id)
}

func (db *DB) BoardBriefs(ctx context.Context) ([]*meeting.BoardBrief, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.BoardBrief, error) { return t.BoardBriefs(ctx) })
}

// Transaction methods.

func (t *tx) CreateCharter(ctx context.Context, c *meeting.Charter) error {
	return txCreate(ctx, t, charters, c)
}

func (t *tx) UpdateCharter(ctx context.Context, id string, fn func(*meeting.Charter) error) (*meeting.Charter, error) {
	return txUpdate(ctx, t, charters, id, fn)
}

func (t *tx) Charter(ctx context.Context, id string) (*meeting.Charter, error) {
	return txGet(ctx, t, charters, id)
}

// Charters lists the charters f matches, by id.
func (t *tx) Charters(ctx context.Context, f meeting.CharterFilter) ([]*meeting.Charter, error) {
	cs, err := list(ctx, t, charters, scan{}, f.Match)
	sortBy(charters, cs, none, false)
	return cs, err
}

func (t *tx) CreateAccount(ctx context.Context, x *meeting.Account) error {
	return txCreate(ctx, t, accounts, x)
}

func (t *tx) UpdateAccount(ctx context.Context, id string, fn func(*meeting.Account) error) (*meeting.Account, error) {
	return txUpdate(ctx, t, accounts, id, fn)
}

func (t *tx) Account(ctx context.Context, id string) (*meeting.Account, error) {
	return txGet(ctx, t, accounts, id)
}

// Accounts lists the accounts f matches, by id.
func (t *tx) Accounts(ctx context.Context, f meeting.AccountFilter) ([]*meeting.Account, error) {
	xs, err := list(ctx, t, accounts, scan{}, f.Match)
	sortBy(accounts, xs, none, false)
	return xs, err
}

func (t *tx) CreateBoardBrief(ctx context.Context, b *meeting.BoardBrief) error {
	return txCreate(ctx, t, briefs, b)
}

func (t *tx) UpdateBoardBrief(ctx context.Context, id string, fn func(*meeting.BoardBrief) error) (*meeting.BoardBrief, error) {
	return txUpdate(ctx, t, briefs, id, fn)
}

func (t *tx) BoardBrief(ctx context.Context, id string) (*meeting.BoardBrief, error) {
	return txGet(ctx, t, briefs, id)
}

// BoardBriefs lists every brief by period.
func (t *tx) BoardBriefs(ctx context.Context) ([]*meeting.BoardBrief, error) {
	bs, err := list(ctx, t, briefs, scan{}, func(*meeting.BoardBrief) bool { return true })
	sortBy(briefs, bs, func(a, b *meeting.BoardBrief) int { return strings.Compare(a.Period, b.Period) }, false)
	return bs, err
}

package store

import (
	"cmp"
	"context"
	"strings"

	"cxroom/meeting"
)

// The scorecard's records: proposals (pitches), the quarterly score sheets
// (entered figures, targets, status overrides) and the shadowing log.

var (
	proposals = kind[meeting.Proposal, *meeting.Proposal]{name: "proposal", word: "proposal", prefix: "Q",
		id:    func(p *meeting.Proposal) *string { return &p.ID },
		index: func(p *meeting.Proposal) []string { return refs("q", p.ID, "meeting", p.MeetingID) }}
	sheets = kind[meeting.ScoreSheet, *meeting.ScoreSheet]{name: "scoresheet", word: "scorecard sheet", prefix: "C",
		id: func(s *meeting.ScoreSheet) *string { return &s.ID }}
	shadowings = kind[meeting.Shadowing, *meeting.Shadowing]{name: "shadowing", word: "shadowing entry", prefix: "H",
		id: func(s *meeting.Shadowing) *string { return &s.ID }}
)

// One-shot methods.

func (db *DB) CreateProposal(ctx context.Context, p *meeting.Proposal) error {
	return create(ctx, db, proposals, p)
}

func (db *DB) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	return update(ctx, db, proposals, id, fn)
}

func (db *DB) Proposal(ctx context.Context, id string) (*meeting.Proposal, error) {
	return get(ctx, db, proposals, id)
}

func (db *DB) Proposals(ctx context.Context, f meeting.ProposalFilter) ([]*meeting.Proposal, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Proposal, error) { return t.Proposals(ctx, f) })
}

func (db *DB) CreateScoreSheet(ctx context.Context, s *meeting.ScoreSheet) error {
	return create(ctx, db, sheets, s)
}

func (db *DB) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	return update(ctx, db, sheets, id, fn)
}

func (db *DB) ScoreSheet(ctx context.Context, id string) (*meeting.ScoreSheet, error) {
	return get(ctx, db, sheets, id)
}

func (db *DB) ScoreSheets(ctx context.Context) ([]*meeting.ScoreSheet, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.ScoreSheet, error) { return t.ScoreSheets(ctx) })
}

func (db *DB) CreateShadowing(ctx context.Context, s *meeting.Shadowing) error {
	return create(ctx, db, shadowings, s)
}

func (db *DB) Shadowing(ctx context.Context, id string) (*meeting.Shadowing, error) {
	return get(ctx, db, shadowings, id)
}

func (db *DB) Shadowings(ctx context.Context, f meeting.ShadowingFilter) ([]*meeting.Shadowing, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Shadowing, error) { return t.Shadowings(ctx, f) })
}

// Transaction methods.

func (t *tx) CreateProposal(ctx context.Context, p *meeting.Proposal) error {
	return txCreate(ctx, t, proposals, p)
}

func (t *tx) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	return txUpdate(ctx, t, proposals, id, fn)
}

func (t *tx) Proposal(ctx context.Context, id string) (*meeting.Proposal, error) {
	return txGet(ctx, t, proposals, id)
}

// Proposals lists the proposals f matches, by id.
func (t *tx) Proposals(ctx context.Context, f meeting.ProposalFilter) ([]*meeting.Proposal, error) {
	f.MeetingID, f.JourneyID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.JourneyID)
	var s scan
	if f.MeetingID != "" {
		s.prefix = ix("q.meeting", f.MeetingID, "")
	}
	ps, err := list(ctx, t, proposals, s, f.Match)
	sortBy(proposals, ps, none, false)
	return ps, err
}

func (t *tx) CreateScoreSheet(ctx context.Context, s *meeting.ScoreSheet) error {
	return txCreate(ctx, t, sheets, s)
}

func (t *tx) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	return txUpdate(ctx, t, sheets, id, fn)
}

func (t *tx) ScoreSheet(ctx context.Context, id string) (*meeting.ScoreSheet, error) {
	return txGet(ctx, t, sheets, id)
}

// ScoreSheets lists every sheet by period.
func (t *tx) ScoreSheets(ctx context.Context) ([]*meeting.ScoreSheet, error) {
	ss, err := list(ctx, t, sheets, scan{}, func(*meeting.ScoreSheet) bool { return true })
	sortBy(sheets, ss, func(a, b *meeting.ScoreSheet) int { return strings.Compare(a.Period, b.Period) }, false)
	return ss, err
}

func (t *tx) CreateShadowing(ctx context.Context, s *meeting.Shadowing) error {
	return txCreate(ctx, t, shadowings, s)
}

func (t *tx) Shadowing(ctx context.Context, id string) (*meeting.Shadowing, error) {
	return txGet(ctx, t, shadowings, id)
}

// Shadowings lists the log entries f matches, by date, then id.
func (t *tx) Shadowings(ctx context.Context, f meeting.ShadowingFilter) ([]*meeting.Shadowing, error) {
	ss, err := list(ctx, t, shadowings, scan{}, f.Match)
	sortBy(shadowings, ss, func(a, b *meeting.Shadowing) int { return cmp.Compare(a.Date, b.Date) }, false)
	return ss, err
}

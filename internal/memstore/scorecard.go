package memstore

import (
	"cmp"
	"context"
	"strings"

	"cxroom/meeting"
)

// The scorecard's records: proposals, quarterly score sheets and the
// shadowing log.

var (
	proposals = kind[meeting.Proposal, *meeting.Proposal]{name: "proposal", word: "proposal", prefix: "Q",
		id: func(p *meeting.Proposal) *string { return &p.ID }}
	sheets = kind[meeting.ScoreSheet, *meeting.ScoreSheet]{name: "scoresheet", word: "scorecard sheet", prefix: "C",
		id: func(s *meeting.ScoreSheet) *string { return &s.ID }}
	shadowings = kind[meeting.Shadowing, *meeting.Shadowing]{name: "shadowing", word: "shadowing entry", prefix: "H",
		id: func(s *meeting.Shadowing) *string { return &s.ID }}
)

func (s *Store) CreateProposal(ctx context.Context, p *meeting.Proposal) error {
	return createOne(ctx, s, proposals, p)
}

func (s *Store) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	return updateOne(ctx, s, proposals, id, fn)
}

func (s *Store) Proposal(ctx context.Context, id string) (*meeting.Proposal, error) {
	return read(ctx, s, func(t *tx) (*meeting.Proposal, error) { return t.Proposal(ctx, id) })
}

func (s *Store) Proposals(ctx context.Context, f meeting.ProposalFilter) ([]*meeting.Proposal, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Proposal, error) { return t.Proposals(ctx, f) })
}

func (s *Store) CreateScoreSheet(ctx context.Context, x *meeting.ScoreSheet) error {
	return createOne(ctx, s, sheets, x)
}

func (s *Store) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	return updateOne(ctx, s, sheets, id, fn)
}

func (s *Store) ScoreSheet(ctx context.Context, id string) (*meeting.ScoreSheet, error) {
	return read(ctx, s, func(t *tx) (*meeting.ScoreSheet, error) { return t.ScoreSheet(ctx, id) })
}

func (s *Store) ScoreSheets(ctx context.Context) ([]*meeting.ScoreSheet, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.ScoreSheet, error) { return t.ScoreSheets(ctx) })
}

func (s *Store) CreateShadowing(ctx context.Context, x *meeting.Shadowing) error {
	return createOne(ctx, s, shadowings, x)
}

func (s *Store) Shadowing(ctx context.Context, id string) (*meeting.Shadowing, error) {
	return read(ctx, s, func(t *tx) (*meeting.Shadowing, error) { return t.Shadowing(ctx, id) })
}

func (s *Store) Shadowings(ctx context.Context, f meeting.ShadowingFilter) ([]*meeting.Shadowing, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Shadowing, error) { return t.Shadowings(ctx, f) })
}

func (t *tx) CreateProposal(ctx context.Context, p *meeting.Proposal) error {
	return create(ctx, t, proposals, p)
}

func (t *tx) UpdateProposal(ctx context.Context, id string, fn func(*meeting.Proposal) error) (*meeting.Proposal, error) {
	return update(ctx, t, proposals, id, fn)
}

func (t *tx) Proposal(ctx context.Context, id string) (*meeting.Proposal, error) {
	return get(ctx, t, proposals, id)
}

// Proposals lists the proposals f matches, by id.
func (t *tx) Proposals(ctx context.Context, f meeting.ProposalFilter) ([]*meeting.Proposal, error) {
	f.MeetingID, f.JourneyID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.JourneyID)
	ps, err := list(ctx, t, proposals, f.Match)
	sortBy(proposals, ps, none, false)
	return ps, err
}

func (t *tx) CreateScoreSheet(ctx context.Context, s *meeting.ScoreSheet) error {
	return create(ctx, t, sheets, s)
}

func (t *tx) UpdateScoreSheet(ctx context.Context, id string, fn func(*meeting.ScoreSheet) error) (*meeting.ScoreSheet, error) {
	return update(ctx, t, sheets, id, fn)
}

func (t *tx) ScoreSheet(ctx context.Context, id string) (*meeting.ScoreSheet, error) {
	return get(ctx, t, sheets, id)
}

// ScoreSheets lists every sheet by period.
func (t *tx) ScoreSheets(ctx context.Context) ([]*meeting.ScoreSheet, error) {
	ss, err := list(ctx, t, sheets, all)
	sortBy(sheets, ss, func(a, b *meeting.ScoreSheet) int { return strings.Compare(a.Period, b.Period) }, false)
	return ss, err
}

func (t *tx) CreateShadowing(ctx context.Context, s *meeting.Shadowing) error {
	return create(ctx, t, shadowings, s)
}

func (t *tx) Shadowing(ctx context.Context, id string) (*meeting.Shadowing, error) {
	return get(ctx, t, shadowings, id)
}

// Shadowings lists the log entries f matches, by date, then id.
func (t *tx) Shadowings(ctx context.Context, f meeting.ShadowingFilter) ([]*meeting.Shadowing, error) {
	ss, err := list(ctx, t, shadowings, f.Match)
	sortBy(shadowings, ss, func(a, b *meeting.Shadowing) int { return cmp.Compare(a.Date, b.Date) }, false)
	return ss, err
}

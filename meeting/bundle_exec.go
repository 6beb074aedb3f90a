package meeting

import (
	"context"
	"fmt"
	"slices"
)

// What the executive rituals review, loaded with their meeting: the
// quarter's board figures (a segment that produces board), the charters
// whose go/no-go points have come due by the meeting's day or were
// decided in it (charters: they come due here the way actions do), and
// the top 10 at-risk accounts (accounts). only names the one kind to
// (re)load; "" loads every kind the agenda has.
func loadExecutive(ctx context.Context, s Store, m *Meeting, b *Bundle, only RecordKind) error {
	has := func(k RecordKind) bool {
		return (only == "" || only == k) && m.Agenda.Has(k)
	}
	if has(KindBoard) {
		sheets, err := s.ScoreSheets(ctx)
		if err != nil {
			return fmt.Errorf("board figures: %w", err)
		}
		actions, err := s.Actions(ctx, ActionFilter{})
		if err != nil {
			return fmt.Errorf("escalations: %w", err)
		}
		p := PeriodOf(m.Date)
		if p.IsZero() {
			p = PeriodOf(DateOf(m.CreatedAt))
		}
		now := m.CreatedAt
		if m.Timer.EndedAt.After(now) {
			now = m.Timer.EndedAt
		}
		v := ComputeBoard(BoardInput{ScorecardInput: ScorecardInput{Today: DateOf(now), Now: now, Period: p, Sheets: sheets, Actions: actions}})
		b.Board, b.Response = v.Figures, v.Response
	}
	if has(KindCharters) {
		cs, err := s.Charters(ctx, CharterFilter{})
		if err != nil {
			return fmt.Errorf("charters: %w", err)
		}
		b.Charters, b.Chartered = nil, nil
		for _, c := range cs {
			if c.Status == CharterActive || c.DecidedIn(m.ID) {
				b.Chartered = append(b.Chartered, c)
			}
			if c.DecidedIn(m.ID) || len(c.DueGates(m.Date)) > 0 {
				b.Charters = append(b.Charters, c)
			}
		}
	}
	if has(KindAccounts) {
		xs, err := s.Accounts(ctx, AccountFilter{Status: AccountAtRisk})
		if err != nil {
			return fmt.Errorf("at-risk accounts: %w", err)
		}
		SortAtRisk(xs)
		b.Accounts = xs[:min(len(xs), TopAtRisk)]
	}
	return nil
}

// DecidedIn reports whether one of c's go/no-go points was decided in
// meeting id.
func (c *Charter) DecidedIn(id string) bool {
	return id != "" && slices.ContainsFunc(c.Gates, func(g Gate) bool { return g.MeetingID == id })
}

// Has reports whether a segment of the agenda produces k.
func (a Agenda) Has(k RecordKind) bool {
	return slices.ContainsFunc(a.Segments, func(sg Segment) bool { return sg.Has(k) })
}

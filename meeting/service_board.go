package meeting

import (
	"context"
	"fmt"
	"time"
)

// The executive layer between meetings: board figures and the board
// brief, the board report, initiative charters and at-risk accounts.
// Facilitators and executives write; everyone on the team reads; guests
// see none of it (meeting/policy.go).

// EnterBoardMetric records quarter p's figure for a board metric, with
// where it comes from. value "clear" removes it. Executive response time
// is computed and cannot be entered.
func (s *Service) EnterBoardMetric(ctx context.Context, a Actor, metric string, p Period, value, source string, loc *time.Location) (*ScoreEntry, BoardMetric, error) {
	if err := Check(a, OpEnterBoard, Subject{}); err != nil {
		return nil, BoardMetric{}, err
	}
	if err := s.pace(a); err != nil {
		return nil, BoardMetric{}, err
	}
	m, err := FindBoardMetric(metric)
	if err != nil {
		return nil, m, err
	}
	if m.Computed {
		return nil, m, Errorf(EINVALID, "%s is computed from cxroom's escalations; it cannot be entered", m.Name)
	}
	if err := s.notAfterCurrent(p, loc, "a figure"); err != nil {
		return nil, m, err
	}
	clear := isClear(value)
	var v float64
	if !clear {
		if v, err = m.ParseValue(value); err != nil {
			return nil, m, err
		}
		if source, err = line("source", source, MaxLine, false); err != nil {
			return nil, m, err
		}
		if source == "" {
			return nil, m, Errorf(EINVALID, "say where the figure for %s comes from (--source \"Q4 finance close\")", m.Name)
		}
	}
	now := s.Clock.Now()
	sh, err := s.editSheet(ctx, p, func(x *ScoreSheet) error {
		x.edit(m.Key, func(e *ScoreEntry) {
			if clear {
				e.Value, e.Source, e.EnteredBy, e.EnteredAt = nil, "", "", time.Time{}
				return
			}
			e.Value, e.Source, e.EnteredBy, e.EnteredAt = &v, source, a.Handle, now
		})
		return nil
	})
	if err != nil {
		return nil, m, s.public(err)
	}
	e, _ := sh.Entry(m.Key)
	last := fmt.Sprintf("%s cleared %s for %s", a.Name, m.Name, p.Label())
	if !clear {
		last = fmt.Sprintf("%s entered %s for %s: %s", a.Name, m.Name, p.Label(), m.FormatValue(v))
	}
	s.executiveChanged(KindBoard, last)
	return &e, m, nil
}

// SetBoardTarget sets a board metric's target from quarter p on; "default"
// goes back to the earlier quarters' or the seed's.
func (s *Service) SetBoardTarget(ctx context.Context, a Actor, metric string, p Period, value string, loc *time.Location) (*ScoreEntry, BoardMetric, error) {
	if err := Check(a, OpEnterBoard, Subject{}); err != nil {
		return nil, BoardMetric{}, err
	}
	if err := s.pace(a); err != nil {
		return nil, BoardMetric{}, err
	}
	m, err := FindBoardMetric(metric)
	if err != nil {
		return nil, m, err
	}
	if cur := s.CurrentPeriod(loc); (Period{Year: cur.Year + MaxTargetQuarters/4, Quarter: cur.Quarter}).Before(p) {
		return nil, m, Errorf(EINVALID, "%s is more than two years ahead; set targets up to %d quarters out", p, MaxTargetQuarters)
	}
	clear := isClear(value)
	var v float64
	if !clear {
		raw := value
		for _, op := range []string{"<=", ">=", "≤", "≥", "<", ">", "+"} {
			raw = trimPrefixSpace(raw, op)
		}
		if v, err = m.ParseValue(raw); err != nil {
			return nil, m, err
		}
	}
	now := s.Clock.Now()
	sh, err := s.editSheet(ctx, p, func(x *ScoreSheet) error {
		x.edit(m.Key, func(e *ScoreEntry) {
			if clear {
				e.Target, e.TargetBy, e.TargetAt = nil, "", time.Time{}
				return
			}
			e.Target, e.TargetBy, e.TargetAt = &v, a.Handle, now
		})
		return nil
	})
	if err != nil {
		return nil, m, s.public(err)
	}
	e, _ := sh.Entry(m.Key)
	s.executiveChanged(KindBoard, fmt.Sprintf("%s changed %s's target from %s", a.Name, m.Name, p.Label()))
	return &e, m, nil
}

// SetBrief writes one part of quarter p's board brief (BriefFields);
// "clear" empties it.
func (s *Service) SetBrief(ctx context.Context, a Actor, p Period, part, body string) (*BoardBrief, error) {
	if err := Check(a, OpEnterBoard, Subject{What: "write the board report"}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	part = lower(part)
	if (&BoardBrief{}).field(part) == nil {
		return nil, Errorf(EINVALID, "%q is not a part of the board report; write one of summary, working, concerns, competitive, forward, decisions", clip(part))
	}
	if isClear(body) {
		body = ""
	}
	t, err := text(part, body, MaxText, false)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var saved *BoardBrief
	err = s.store.Atomically(ctx, func(tx Tx) error {
		all, err := tx.BoardBriefs(ctx)
		if err != nil {
			return err
		}
		for _, b := range all {
			if b.Period == p.String() {
				saved, err = tx.UpdateBoardBrief(ctx, b.ID, func(x *BoardBrief) error {
					*x.field(part), x.UpdatedBy, x.UpdatedAt = t, a.Handle, now
					return nil
				})
				return err
			}
		}
		b := &BoardBrief{Period: p.String(), UpdatedBy: a.Handle, CreatedAt: now, UpdatedAt: now}
		*b.field(part) = t
		if err := tx.CreateBoardBrief(ctx, b); err != nil {
			return err
		}
		saved = b
		return nil
	})
	if err != nil {
		return nil, s.public(err)
	}
	return saved, nil
}

// BoardInput loads what a board report is computed from, as a may see it.
func (s *Service) BoardInput(ctx context.Context, a Actor, q ScorecardQuery) (BoardInput, error) {
	if err := Check(a, OpSeeExecutive, Subject{}); err != nil {
		return BoardInput{}, err
	}
	loc := s.ScorecardZone(q.Loc)
	now := s.Clock.Now().In(loc)
	if q.Period.IsZero() {
		q.Period = PeriodOf(DateOf(now))
	}
	in := BoardInput{}
	var err error
	if in.ScorecardInput, err = s.ScorecardInput(ctx, a, DateOf(now)); err != nil {
		return in, err
	}
	in.Now, in.Loc, in.Period = now, loc, q.Period
	if in.Charters, err = s.store.Charters(ctx, CharterFilter{}); err != nil {
		return in, s.public(err)
	}
	if in.Accounts, err = s.store.Accounts(ctx, AccountFilter{}); err != nil {
		return in, s.public(err)
	}
	if in.Briefs, err = s.store.BoardBriefs(ctx); err != nil {
		return in, s.public(err)
	}
	return in, nil
}

// BoardReport computes the board report of a quarter (zero: the current
// one).
func (s *Service) BoardReport(ctx context.Context, a Actor, q ScorecardQuery) (*BoardView, error) {
	in, err := s.BoardInput(ctx, a, q)
	if err != nil {
		return nil, err
	}
	return ComputeBoard(in), nil
}

// The executive layer's lists are bounded like every other: the active
// charters a steering committee walks, the accounts on the at-risk list.
const (
	MaxActiveCharters = 200
	MaxAtRisk         = 1000
)

// AddCharter charters an initiative.
func (s *Service) AddCharter(ctx context.Context, a Actor, in CharterInput) (*Charter, error) {
	if err := Check(a, OpEditCharter, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	c, err := NewCharter(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	err = s.store.Atomically(ctx, func(tx Tx) error {
		active, err := tx.Charters(ctx, CharterFilter{Status: CharterActive})
		if err != nil {
			return err
		}
		if len(active) >= MaxActiveCharters {
			return Errorf(EINVALID, "%d initiatives are chartered and active, the most cxroom keeps; complete or stop some first", MaxActiveCharters)
		}
		c.ID = "" // a retried transaction allocates the id again
		return tx.CreateCharter(ctx, c)
	})
	if err != nil {
		return nil, s.public(err)
	}
	s.executiveChanged(KindCharters, fmt.Sprintf("%s chartered %s: %s", a.Name, c.ID, c.Name))
	return c, nil
}

// Charters lists the charters f matches.
func (s *Service) Charters(ctx context.Context, a Actor, f CharterFilter) ([]*Charter, error) {
	if err := Check(a, OpSeeExecutive, Subject{}); err != nil {
		return nil, err
	}
	cs, err := s.store.Charters(ctx, f)
	return cs, s.public(err)
}

// Charter returns one charter.
func (s *Service) Charter(ctx context.Context, a Actor, id string) (*Charter, error) {
	if err := Check(a, OpSeeExecutive, Subject{}); err != nil {
		return nil, err
	}
	c, err := s.store.Charter(ctx, NormalizeID(id))
	return c, s.public(err)
}

// DecideGate records a go or no-go at one of a charter's points ("30d",
// "90d", "6m" or "next"); meetingID is the steering committee it was
// decided in, if any.
func (s *Service) DecideGate(ctx context.Context, a Actor, id, point, decision, note, meetingID string) (*Charter, *Gate, error) {
	if err := Check(a, OpEditCharter, Subject{}); err != nil {
		return nil, nil, err
	}
	d, err := ParseGateDecision(decision)
	if err != nil {
		return nil, nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, nil, err
	}
	var at int
	c, err := s.store.UpdateCharter(ctx, NormalizeID(id), func(c *Charter) error {
		i, err := c.FindGate(point)
		if err != nil {
			return err
		}
		if c.Gates[i].Decided() {
			return Errorf(EINVALID, "the %s point of %s was decided on %s (%s)", c.Gates[i].Point, c.ID,
				DateOf(c.Gates[i].DecidedAt), c.Gates[i].Decision)
		}
		at = i
		return c.Decide(i, d, note, a.Handle, NormalizeID(meetingID), s.Clock.Now())
	})
	if err != nil {
		return nil, nil, s.public(err)
	}
	g := &c.Gates[at]
	s.executiveChanged(KindCharters, fmt.Sprintf("%s: %s %s at the %s point", a.Name, c.ID, g.Decision, g.Point))
	return c, g, nil
}

// AddAccount puts an account on the at-risk list.
func (s *Service) AddAccount(ctx context.Context, a Actor, in AccountInput) (*Account, error) {
	if err := Check(a, OpEditAccount, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	x, err := NewAccount(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	err = s.store.Atomically(ctx, func(tx Tx) error {
		listed, err := tx.Accounts(ctx, AccountFilter{Status: AccountAtRisk})
		if err != nil {
			return err
		}
		if len(listed) >= MaxAtRisk {
			return Errorf(EINVALID, "%d accounts are on the at-risk list, the most cxroom keeps; mark some saved or churned first", MaxAtRisk)
		}
		x.ID = ""
		return tx.CreateAccount(ctx, x)
	})
	if err != nil {
		return nil, s.public(err)
	}
	s.executiveChanged(KindAccounts, fmt.Sprintf("%s put %s (%s) on the at-risk list", a.Name, x.Account, x.ID))
	return x, nil
}

// UpdateAccount changes an at-risk account: the fields of in that are set.
func (s *Service) UpdateAccount(ctx context.Context, a Actor, id string, in AccountInput) (*Account, error) {
	if err := Check(a, OpEditAccount, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	x, err := s.store.UpdateAccount(ctx, NormalizeID(id), func(x *Account) error { return x.Apply(in, s.Clock.Now()) })
	if err != nil {
		return nil, s.public(err)
	}
	s.executiveChanged(KindAccounts, fmt.Sprintf("%s updated at-risk account %s (%s)", a.Name, x.ID, x.Account))
	return x, nil
}

// Accounts lists the accounts f matches, as the top-10 review takes them.
func (s *Service) Accounts(ctx context.Context, a Actor, f AccountFilter) ([]*Account, error) {
	if err := Check(a, OpSeeExecutive, Subject{}); err != nil {
		return nil, err
	}
	xs, err := s.store.Accounts(ctx, f)
	if err != nil {
		return nil, s.public(err)
	}
	SortAtRisk(xs)
	return xs, nil
}

// Describe says what a gate now holds, for a command's reply.
func (g Gate) Describe(c *Charter) string {
	s := fmt.Sprintf("%s %s: %s point (%s) — %s", c.ID, c.Name, g.Point, g.Due, g.Decision)
	if g.Note != "" {
		s += ": " + g.Note
	}
	if c.Status == CharterStopped {
		s += "; the initiative is stopped"
	}
	return s
}

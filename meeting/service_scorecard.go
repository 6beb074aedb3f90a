package meeting

import (
	"context"
	"fmt"
	"time"
)

// ScorecardQuery says which scorecard to compute: a quarter (zero: the
// current one) with its days counted in a time zone (nil: the clock's).
type ScorecardQuery struct {
	Period Period
	Loc    *time.Location
}

// MaxTargetQuarters is how far ahead a target may be set.
const MaxTargetQuarters = 8

// ScorecardZone is the time zone quarters are counted in: loc, else the
// clock's.
func (s *Service) ScorecardZone(loc *time.Location) *time.Location {
	if loc != nil {
		return loc
	}
	return s.Clock.Now().Location()
}

// CurrentPeriod is the quarter today falls in, in zone loc (nil: the
// clock's).
func (s *Service) CurrentPeriod(loc *time.Location) Period {
	return PeriodOf(DateOf(s.Clock.Now().In(s.ScorecardZone(loc))))
}

// Scorecard computes the scorecard of a quarter. Everyone on the team may
// read it; what was born in a coaching session a is not in is left out.
func (s *Service) Scorecard(ctx context.Context, a Actor, q ScorecardQuery) (*ScorecardView, error) {
	loc := s.ScorecardZone(q.Loc)
	now := s.Clock.Now().In(loc)
	if q.Period.IsZero() {
		q.Period = PeriodOf(DateOf(now))
	}
	in, err := s.ScorecardInput(ctx, a, DateOf(now)) // as a may see it
	if err != nil {
		return nil, err
	}
	in.Now, in.Loc, in.Period = now, loc, q.Period
	return ComputeScorecard(in), nil
}

// editSheet changes quarter p's sheet through fn in one transaction,
// creating the sheet on first use.
func (s *Service) editSheet(ctx context.Context, p Period, fn func(*ScoreSheet) error) (*ScoreSheet, error) {
	var saved *ScoreSheet
	now := s.Clock.Now()
	err := s.store.Atomically(ctx, func(tx Tx) error {
		all, err := tx.ScoreSheets(ctx)
		if err != nil {
			return err
		}
		for _, sh := range all {
			if sh.Period == p.String() {
				saved, err = tx.UpdateScoreSheet(ctx, sh.ID, func(x *ScoreSheet) error {
					x.UpdatedAt = now
					return fn(x)
				})
				return err
			}
		}
		sh := &ScoreSheet{Period: p.String(), CreatedAt: now, UpdatedAt: now}
		if err := fn(sh); err != nil {
			return err
		}
		if len(sh.Entries) == 0 {
			saved = sh // nothing to keep: clearing what was never set
			return nil
		}
		if err := tx.CreateScoreSheet(ctx, sh); err != nil {
			return err
		}
		saved = sh
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// notAfterCurrent refuses a quarter that has not begun.
func (s *Service) notAfterCurrent(p Period, loc *time.Location, what string) error {
	if cur := s.CurrentPeriod(loc); cur.Before(p) {
		return Errorf(EINVALID, "%s has not begun; %s is for the current quarter (%s) or earlier ones", p, what, cur)
	}
	return nil
}

// isClear reports whether raw asks to remove a value.
func isClear(raw string) bool {
	switch lower(raw) {
	case "clear", "none", "default", "-":
		return true
	}
	return false
}

// EnterMetric records a figure for a metric cxroom does not compute (a
// survey result, retention, a business figure) for quarter p, with where
// it comes from (facilitators). For a metric cxroom computes, the figure
// stands only for quarters in which cxroom holds no records of its own
// (history from before it was used). value "clear" removes it.
func (s *Service) EnterMetric(ctx context.Context, a Actor, metric string, p Period, value, source string, loc *time.Location) (*ScoreEntry, error) {
	if err := Check(a, OpEnterMetric, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	d, err := FindMetric(metric)
	if err != nil {
		return nil, err
	}
	if err := s.notAfterCurrent(p, loc, "a figure"); err != nil {
		return nil, err
	}
	clear := isClear(value)
	var v float64
	if !clear {
		if v, err = d.ParseValue(value); err != nil {
			return nil, err
		}
		if source, err = line("source", source, MaxLine, false); err != nil {
			return nil, err
		}
		if source == "" {
			return nil, Errorf(EINVALID, "say where the figure for %s comes from (--source \"Q4 team survey, n=41\")", d.Name)
		}
	}
	now := s.Clock.Now()
	sh, err := s.editSheet(ctx, p, func(x *ScoreSheet) error {
		x.edit(d.Key, func(e *ScoreEntry) {
			if clear {
				e.Value, e.Source, e.EnteredBy, e.EnteredAt = nil, "", "", time.Time{}
				return
			}
			e.Value, e.Source, e.EnteredBy, e.EnteredAt = &v, source, a.Handle, now
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	e, _ := sh.Entry(d.Key)
	return &e, nil
}

// SetTarget sets a metric's target for quarter p (facilitators); it holds
// for later quarters until another is set. value "default" goes back to
// the target carried from earlier quarters, or the seed's.
func (s *Service) SetTarget(ctx context.Context, a Actor, metric string, p Period, value string, loc *time.Location) (*ScoreEntry, error) {
	if err := Check(a, OpEnterMetric, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	d, err := FindMetric(metric)
	if err != nil {
		return nil, err
	}
	if cur := s.CurrentPeriod(loc); (Period{Year: cur.Year + MaxTargetQuarters/4, Quarter: cur.Quarter}).Before(p) {
		return nil, Errorf(EINVALID, "%s is more than two years ahead; set targets up to %d quarters out", p, MaxTargetQuarters)
	}
	clear := isClear(value)
	var v float64
	if !clear {
		raw := value
		for _, op := range []string{"<=", ">=", "≤", "≥", "<", ">", "+"} {
			raw = trimPrefixSpace(raw, op)
		}
		if v, err = d.ParseValue(raw); err != nil {
			return nil, err
		}
	}
	now := s.Clock.Now()
	sh, err := s.editSheet(ctx, p, func(x *ScoreSheet) error {
		x.edit(d.Key, func(e *ScoreEntry) {
			if clear {
				e.Target, e.TargetBy, e.TargetAt = nil, "", time.Time{}
				return
			}
			e.Target, e.TargetBy, e.TargetAt = &v, a.Handle, now
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	e, _ := sh.Entry(d.Key)
	return &e, nil
}

// OverrideStatus replaces a metric's computed status for quarter p with a
// facilitator's judgement and a one-line reason, shown next to it. status
// "clear" goes back to the rule.
func (s *Service) OverrideStatus(ctx context.Context, a Actor, metric string, p Period, status, reason string, loc *time.Location) (*ScoreEntry, error) {
	if err := Check(a, OpEnterMetric, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	d, err := FindMetric(metric)
	if err != nil {
		return nil, err
	}
	if err := s.notAfterCurrent(p, loc, "a status"); err != nil {
		return nil, err
	}
	clear := isClear(status)
	var st ScoreStatus
	if !clear {
		if st, err = ParseScoreStatus(status); err != nil {
			return nil, err
		}
		if reason, err = line("reason", reason, MaxReason, false); err != nil {
			return nil, err
		}
		if reason == "" {
			return nil, Errorf(EINVALID, "an overridden status needs a one-line reason (--reason \"trend is right: 4 of 6 improving\")")
		}
	}
	now := s.Clock.Now()
	sh, err := s.editSheet(ctx, p, func(x *ScoreSheet) error {
		x.edit(d.Key, func(e *ScoreEntry) {
			if clear {
				e.Override, e.OverrideReason, e.OverrideBy, e.OverrideAt = "", "", "", time.Time{}
				return
			}
			e.Override, e.OverrideReason, e.OverrideBy, e.OverrideAt = st, reason, a.Handle, now
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	e, _ := sh.Entry(d.Key)
	return &e, nil
}

func trimPrefixSpace(s, p string) string {
	t := CleanLine(s, 40)
	if len(t) >= len(p) && t[:len(p)] == p {
		return t[len(p):]
	}
	return s
}

// Describe says what an entry now holds, for a command's reply.
func (e ScoreEntry) Describe(d MetricDef, p Period) string {
	switch {
	case e.Value != nil && e.Target != nil:
		return fmt.Sprintf("%s %s: %s entered (source: %s); target %s", d.Name, p, d.FormatValue(*e.Value), e.Source, d.FormatTarget(*e.Target))
	case e.Value != nil:
		return fmt.Sprintf("%s %s: %s entered (source: %s)", d.Name, p, d.FormatValue(*e.Value), e.Source)
	case e.Target != nil:
		return fmt.Sprintf("%s %s: target %s", d.Name, p, d.FormatTarget(*e.Target))
	}
	return fmt.Sprintf("%s %s: nothing entered", d.Name, p)
}

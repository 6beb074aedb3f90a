package demo

import (
	"fmt"
	"time"

	"cxroom/meeting"
)

// ---- the scorecard: the shadowing log, entered figures, targets ----

// planScorecard schedules what feeds the scorecard outside meetings: the
// shadowing log over three quarters, the figures a facilitator enters each
// quarter (and the history of computed metrics from before cxroom), a
// target for the next quarter and a status judged by hand.
func (g *gen) planScorecard() error {
	for _, p := range g.org.Shadowing {
		at := g.at(g.today.AddDays(-p.DaysAgo), 18, 0)
		g.schedule(at, func() error {
			a, err := g.actor(p.By)
			if err != nil {
				return err
			}
			if _, err := g.service().LogShadowing(g.ctx, a, meeting.ShadowingInput{Duration: p.Duration, Customer: p.Customer, Note: p.Note}); err != nil {
				return fmt.Errorf("demo shadowing by %s %d days ago: %w", p.By, p.DaysAgo, err)
			}
			return nil
		})
	}
	sc := g.org.Scorecard
	cur := meeting.PeriodOf(g.today)
	quarters := []meeting.Period{cur.Prev().Prev(), cur.Prev(), cur}
	for _, f := range sc.Figures {
		values := f.Values
		if f.History != nil {
			values = append(f.History[:len(f.History):len(f.History)], 0)
		}
		if len(values) != 3 {
			return fmt.Errorf("demo scorecard %s: want three quarters of values (or two of history)", f.Metric)
		}
		for i, v := range values {
			if f.History != nil && i == 2 {
				continue // this quarter: computed from the records
			}
			q, v, f := quarters[i], formatValue(v), f
			g.schedule(g.enterAt(q), func() error {
				a, err := g.actor(sc.EnteredBy)
				if err != nil {
					return err
				}
				if _, err := g.service().EnterMetric(g.ctx, a, f.Metric, q, v, f.Source, g.loc); err != nil {
					return fmt.Errorf("demo scorecard %s %s: %w", f.Metric, q, err)
				}
				return nil
			})
		}
	}
	late := g.now.Add(-24 * time.Hour)
	for _, t := range sc.Targets {
		g.schedule(late, func() error {
			a, err := g.actor(t.By)
			if err != nil {
				return err
			}
			_, err = g.service().SetTarget(g.ctx, a, t.Metric, cur.Next(), t.Value, g.loc)
			return err
		})
	}
	for _, o := range sc.Overrides {
		g.schedule(late, func() error {
			a, err := g.actor(o.By)
			if err != nil {
				return err
			}
			_, err = g.service().OverrideStatus(g.ctx, a, o.Metric, cur, o.Status, o.Reason, g.loc)
			return err
		})
	}
	return nil
}

// enterAt is when a quarter's figures are entered: three days after it
// ends, or, for the quarter still running, two days ago (within it).
func (g *gen) enterAt(q meeting.Period) time.Time {
	at := q.End(g.loc).Add(3*24*time.Hour + 10*time.Hour)
	start := q.Start(g.loc)
	if latest := g.now.Add(-2 * time.Hour); latest.Before(at) {
		at = latest
	}
	if at.Before(start) {
		at = start.Add(g.now.Sub(start) / 2)
	}
	return at
}

// reviewLater plans the review of decision d at its review date, if the
// demo has one for it and that day has come.
func (g *gen) reviewLater(d *meeting.Decision) {
	for _, r := range g.org.Reviewed {
		if r.Decision != d.Title || d.ReviewDate == "" {
			continue
		}
		at := g.at(d.ReviewDate.AddDays(r.DaysAfter), 11, 0)
		if !at.Before(g.now) {
			continue
		}
		id := d.ID
		g.schedule(at, func() error {
			a, err := g.actor(r.By)
			if err != nil {
				return err
			}
			if _, err := g.service().ReviewDecision(g.ctx, a, id, meeting.ReviewInput{Happened: r.Happened, Verdict: r.Verdict, Learning: r.Learning}); err != nil {
				return fmt.Errorf("demo review of %s: %w", id, err)
			}
			return nil
		})
	}
}

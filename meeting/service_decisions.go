package meeting

import "context"

// Decision returns one entry of the decision log, if a may see it (one
// made in a coaching session a is not in does not exist for a).
func (s *Service) Decision(ctx context.Context, a Actor, id string) (*Decision, error) {
	d, err := s.store.Decision(ctx, NormalizeID(id))
	if err != nil {
		return nil, s.public(err)
	}
	p, err := s.privacy(ctx, a)
	if err != nil {
		return nil, err
	}
	if p.meetings[d.MeetingID] {
		return nil, Errorf(ENOTFOUND, "decision %s does not exist", d.ID)
	}
	return d, nil
}

// AddDecision records a decision-log entry outside a meeting. Made by is
// the person recording it unless in names someone else.
func (s *Service) AddDecision(ctx context.Context, a Actor, in DecisionInput) (*Decision, error) {
	if err := Check(a, OpAddRecord, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	in.MadeByName = a.Name
	in.MadeBy = s.ownersFor(a).Maker(in.MadeBy)
	d, err := NewDecision(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var saved *Decision
	err = s.store.Atomically(ctx, func(tx Tx) error {
		c := *d
		saved = &c
		if err := tx.CreateDecision(ctx, saved); err != nil {
			return err
		}
		_, err := appendLedger(ctx, tx, s.ledgerSigner(), a, ledgerDecision(saved, "recorded", false), now)
		return err
	})
	if err != nil {
		return nil, s.public(err)
	}
	return saved, nil
}

// ReviewDecision records what a decision actually did against its expected
// impact (the decision's maker, or a facilitator). A decision is reviewed
// once.
func (s *Service) ReviewDecision(ctx context.Context, a Actor, id string, in ReviewInput) (*Decision, error) {
	cur, err := s.store.Decision(ctx, NormalizeID(id))
	if err != nil {
		return nil, err
	}
	if err := Check(a, OpReviewDecision, Subject{Maker: cur.MadeBy, ID: cur.ID}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	r, err := NewDecisionReview(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var saved *Decision
	err = s.store.Atomically(ctx, func(tx Tx) (err error) {
		if saved, err = tx.UpdateDecision(ctx, cur.ID, func(d *Decision) error {
			if d.Review != nil {
				return Errorf(ECONFLICT, "decision %s was already reviewed on %s by %s", d.ID, d.Review.Date, d.Review.By)
			}
			d.Review = r
			return nil
		}); err != nil {
			return err
		}
		sealed, err := sealedMeeting(ctx, tx, saved.MeetingID)
		if err != nil {
			return err
		}
		_, err = appendLedger(ctx, tx, s.ledgerSigner(), a, ledgerDecision(saved, "reviewed: "+string(r.Verdict), sealed), now)
		return err
	})
	if err != nil {
		return nil, s.public(err)
	}
	if s.Hub != nil {
		s.Hub.DecisionChanged(saved)
	}
	return saved, nil
}

// DecisionsDue lists the decisions whose review date has come and that are
// not reviewed yet, as of today.
func (s *Service) DecisionsDue(ctx context.Context, a Actor) ([]*Decision, error) {
	return s.Decisions(ctx, a, DecisionFilter{ReviewDueBy: s.Today()})
}

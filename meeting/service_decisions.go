package meeting

import "context"

// Decisions lists the decision log (everyone on the team may read it).
func (s *Service) Decisions(ctx context.Context, _ Actor, f DecisionFilter) ([]*Decision, error) {
	return s.Store.Decisions(ctx, f)
}

// Decision returns one entry of the decision log.
func (s *Service) Decision(ctx context.Context, _ Actor, id string) (*Decision, error) {
	return s.Store.Decision(ctx, NormalizeID(id))
}

// AddDecision records a decision-log entry outside a meeting. Made by is
// the person recording it unless in names someone else.
func (s *Service) AddDecision(ctx context.Context, a Actor, in DecisionInput) (*Decision, error) {
	if err := Check(a, OpAddRecord, Subject{}); err != nil {
		return nil, err
	}
	in.MadeByName = a.Name
	d, err := NewDecision(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if err := s.Store.CreateDecision(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// ReviewDecision records what a decision actually did against its expected
// impact (the decision's maker, or a facilitator). A decision is reviewed
// once.
func (s *Service) ReviewDecision(ctx context.Context, a Actor, id string, in ReviewInput) (*Decision, error) {
	cur, err := s.Store.Decision(ctx, NormalizeID(id))
	if err != nil {
		return nil, err
	}
	if err := Check(a, OpReviewDecision, Subject{Maker: cur.MadeBy, ID: cur.ID}); err != nil {
		return nil, err
	}
	r, err := NewDecisionReview(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	return s.Store.UpdateDecision(ctx, cur.ID, func(d *Decision) error {
		if d.Review != nil {
			return Errorf(ECONFLICT, "decision %s was already reviewed on %s by %s", d.ID, d.Review.Date, d.Review.By)
		}
		d.Review = r
		return nil
	})
}

// DecisionsDue lists the decisions whose review date has come and that are
// not reviewed yet, as of today.
func (s *Service) DecisionsDue(ctx context.Context, a Actor) ([]*Decision, error) {
	return s.Decisions(ctx, a, DecisionFilter{ReviewDueBy: s.Today()})
}

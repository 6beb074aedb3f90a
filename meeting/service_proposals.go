package meeting

import "context"

// AddProposal records a pitch outside a meeting (members and
// facilitators). A journey may be named by id or name.
func (s *Service) AddProposal(ctx context.Context, a Actor, in ProposalInput) (*Proposal, error) {
	if err := Check(a, OpAddRecord, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	if in.JourneyID != "" {
		j, err := s.FindJourney(ctx, in.JourneyID)
		if err != nil {
			return nil, err
		}
		in.JourneyID = j.ID
	}
	p, err := NewProposal(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if p.StoryID != "" {
		if _, err := s.store.Story(ctx, p.StoryID); err != nil {
			return nil, err
		}
	}
	if err := s.store.CreateProposal(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Proposals lists the proposals (everyone on the team may read them).
func (s *Service) Proposals(ctx context.Context, _ Actor, f ProposalFilter) ([]*Proposal, error) {
	return s.store.Proposals(ctx, f)
}

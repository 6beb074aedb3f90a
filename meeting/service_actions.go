package meeting

import "context"

// Actions lists the actions a may see that pass f (its own page fields
// aside), a page of them: the store reads that page from its indexes, so
// the first screen of a tracker over years of actions costs a page, not
// every action.
func (s *Service) Actions(ctx context.Context, a Actor, f ActionFilter, page Page) ([]*Action, error) {
	f = f.Unpaged()
	p, err := s.privacy(ctx, a)
	if err != nil {
		return nil, err
	}
	hidden := 0
	if p.any() {
		// only actions born in sessions a may not see are hidden: when
		// none of them passes f, the store's page is a's page
		if hidden, err = s.hiddenActions(ctx, p, f); err != nil {
			return nil, err
		}
	}
	if hidden == 0 {
		f.Offset, f.Limit = max(page.Offset, 0), max(page.Limit, 0)
		as, err := s.store.Actions(ctx, f)
		if err != nil {
			return nil, s.public(err)
		}
		return as, nil
	}
	return visiblePage(page, func(offset, limit int) ([]*Action, error) {
		f.Offset, f.Limit = offset, limit
		as, err := s.store.Actions(ctx, f)
		return as, s.public(err)
	}, p.hidesAction)
}

// hiddenActions counts the actions passing f that privacy p hides: those
// born in the private sessions' meetings (an action belongs to a session
// only through its meeting), as CountActions subtracts them.
func (s *Service) hiddenActions(ctx context.Context, p privacy, f ActionFilter) (int, error) {
	n := 0
	for mid := range p.meetings {
		if f.MeetingID != "" && f.MeetingID != mid {
			continue
		}
		g := f
		g.MeetingID = mid
		k, err := s.store.CountActions(ctx, g)
		if err != nil {
			return 0, s.public(err)
		}
		n += k
	}
	return n, nil
}

package meeting

import "context"

// LogShadowing adds time a spent with customers to the shadowing log (their
// own, members and facilitators). One person's entries for one day add up
// to at most MaxShadowPerDay.
func (s *Service) LogShadowing(ctx context.Context, a Actor, in ShadowingInput) (*Shadowing, error) {
	if err := Check(a, OpLogShadowing, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	x, err := NewShadowing(in, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	var saved *Shadowing
	err = s.store.Atomically(ctx, func(tx Tx) error {
		same, err := tx.Shadowings(ctx, ShadowingFilter{Handle: a.Handle, From: x.Date, To: x.Date})
		if err != nil {
			return err
		}
		total := x.Minutes
		for _, e := range same {
			total += e.Minutes
		}
		if total > MaxShadowPerDay {
			return Errorf(EINVALID, "that makes %s hours of shadowing on %s; at most %d hours a day", fmtNum(float64(total)/60), x.Date, MaxShadowPerDay/60)
		}
		c := *x
		if err := tx.CreateShadowing(ctx, &c); err != nil {
			return err
		}
		saved = &c
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Shadowings lists the shadowing log (everyone on the team may read it).
func (s *Service) Shadowings(ctx context.Context, _ Actor, f ShadowingFilter) ([]*Shadowing, error) {
	return s.store.Shadowings(ctx, f)
}

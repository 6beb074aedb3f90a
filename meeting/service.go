package meeting

import (
	"context"
	"strings"
)

// Service is what people do between meetings: the action tracker, the
// journey registry, the commands run from a shell or over SSH. Rules match
// the room's: observers change nothing; members update their own actions;
// facilitators any.
type Service struct {
	Store Store
	Clock Clock
	Hub   *Hub // optional: live rooms showing a changed action are told
	// Team is the team directory owners resolve against (nil: owners are
	// kept as typed).
	Team func() *Team
}

// Today returns the current calendar day.
func (s *Service) Today() Date { return DateOf(s.Clock.Now()) }

// AddAction records an action outside a meeting.
func (s *Service) AddAction(ctx context.Context, a Actor, text, owner, due string) (*Action, error) {
	if !a.Role.CanWrite() {
		return nil, Errorf(EFORBIDDEN, "observers watch only; you cannot add actions")
	}
	x, err := NewAction(text, owner, due, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if err := s.Owners().ResolveOwner(x); err != nil {
		return nil, err
	}
	if err := s.Store.CreateAction(ctx, x); err != nil {
		return nil, err
	}
	return x, nil
}

// SetActionStatus changes an action's status, recording who and why.
func (s *Service) SetActionStatus(ctx context.Context, a Actor, id string, st Status, note string) (*Action, error) {
	cur, err := s.Store.Action(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanUpdateAction(a.Role, a.Handle, cur) {
		if a.Role == RoleObserver {
			return nil, Errorf(EFORBIDDEN, "observers cannot change actions")
		}
		return nil, Errorf(EFORBIDDEN, "only %s or a facilitator can update %s", cur.Owner, cur.ID)
	}
	x, err := s.Store.UpdateAction(ctx, cur.ID, func(x *Action) error {
		return x.SetStatus(st, note, a.Handle, s.Clock.Now())
	})
	if err != nil {
		return nil, err
	}
	if s.Hub != nil {
		s.Hub.ActionChanged(x)
	}
	return x, nil
}

// AddJourney registers a critical journey (facilitators only).
func (s *Service) AddJourney(ctx context.Context, a Actor, name, owner string) (*Journey, error) {
	if a.Role != RoleFacilitator {
		return nil, Errorf(EFORBIDDEN, "only a facilitator can register journeys")
	}
	j, err := NewJourney(name, owner, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	// The name check and the create are one transaction: two facilitators
	// registering the same name at once both allocate a journey id, so one
	// of them is run again and finds the other's journey.
	var saved *Journey
	err = s.Store.Atomically(ctx, func(tx Tx) error {
		all, err := tx.Journeys(ctx)
		if err != nil {
			return err
		}
		for _, x := range all {
			if strings.EqualFold(x.Name, j.Name) {
				return Errorf(ECONFLICT, "journey %q already exists (%s)", x.Name, x.ID)
			}
		}
		saved = j.Clone()
		return tx.CreateJourney(ctx, saved)
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// FindJourney finds a journey by id or (case-insensitive) name.
func (s *Service) FindJourney(ctx context.Context, key string) (*Journey, error) {
	if j, err := s.Store.Journey(ctx, key); err == nil || !IsNotFound(err) {
		return j, err
	}
	all, err := s.Store.Journeys(ctx)
	if err != nil {
		return nil, err
	}
	for _, j := range all {
		if strings.EqualFold(j.Name, strings.TrimSpace(key)) {
			return j, nil
		}
	}
	return nil, Errorf(ENOTFOUND, "no journey is called %q", clip(key))
}

// Guides lists the GUIDE sessions a may see (as coach or coachee), with
// coaching notes only where a is the coach.
func (s *Service) Guides(ctx context.Context, a Actor, f GuideFilter) ([]*Guide, error) {
	all, err := s.Store.Guides(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []*Guide
	for _, g := range all {
		if v := g.VisibleTo(a.Handle); v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// Minutes loads a meeting's records as a may see them.
func (s *Service) Minutes(ctx context.Context, a Actor, id string) (*Bundle, error) {
	m, err := s.Store.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(m, a) {
		return nil, Errorf(ENOTFOUND, "meeting %s does not exist", clip(id))
	}
	return LoadBundle(ctx, s.Store, m.ID, a.Handle)
}

// Meetings lists the meetings a may see, newest first.
func (s *Service) Meetings(ctx context.Context, a Actor, f MeetingFilter) ([]*Meeting, error) {
	all, err := s.Store.Meetings(ctx, f)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, m := range all {
		if canSee(m, a) {
			out = append(out, m)
		}
	}
	return out, nil
}

package meeting

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
)

// Service is what people do between meetings: the action tracker, the
// journey registry, the decision log, the commands run from a shell or over
// SSH. It is the only way in: every use case is a method that takes the
// Actor, asks the policy table (Check) and reads or writes through the
// store it keeps to itself. What a person may not see (a private GUIDE
// session and everything born in it) is left out of every answer.
type Service struct {
	store Store
	Clock Clock
	Hub   *Hub // optional: live rooms showing a changed action are told
	log   *slog.Logger
	own   *Pacer // with no hub: how fast each person may write
	// Team is the team directory owners resolve against (nil: owners are
	// kept as typed).
	Team func() *Team
	sign HeadSigner
	// GuestLimit bounds the guest names kept (0: MaxGuests).
	GuestLimit int
}

// NewService returns the service over store. hub may be nil (no live
// rooms); log may be nil (internal failures are then not logged).
func NewService(store Store, clock Clock, hub *Hub, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{store: store, Clock: clock, Hub: hub, log: log, own: NewPacer(clock, DefaultWritesPerMinute, DefaultWriteBurst)}
}

// pace takes one write from a's budget: the hub's, shared with the rooms,
// so a person's pace is one whatever door they write through.
func (s *Service) pace(a Actor) error {
	if s.Hub != nil {
		return s.Hub.Pacer().Allow(a.Handle)
	}
	return s.own.Allow(a.Handle)
}

// Today returns the current calendar day.
func (s *Service) Today() Date { return DateOf(s.Clock.Now()) }

// public turns an internal failure into one sentence with a reference that
// is logged with the cause; errors meant for people pass unchanged.
func (s *Service) public(err error) error { return Public(s.log, err) }

// AddAction records an action outside a meeting.
func (s *Service) AddAction(ctx context.Context, a Actor, text, owner, due string) (*Action, error) {
	if err := Check(a, OpAddRecord, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	x, err := NewAction(text, owner, due, a.Handle, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if err := s.ownersFor(a).ResolveOwner(x); err != nil {
		return nil, err
	}
	if err := s.store.CreateAction(ctx, x); err != nil {
		return nil, s.public(err)
	}
	return x, nil
}

// ActionSubject is what the policy needs to know about an action. An owner
// outside the team is a name, never anyone's handle: nobody owns it.
func ActionSubject(x *Action) Subject {
	if x.External {
		return Subject{ID: x.ID, OwnerName: x.Owner}
	}
	return Subject{ID: x.ID, Owner: x.Owner}
}

// Action returns one action, if a may see it.
func (s *Service) Action(ctx context.Context, a Actor, id string) (*Action, error) {
	x, err := s.store.Action(ctx, NormalizeID(id))
	if err != nil {
		return nil, s.public(err)
	}
	p, err := s.privacy(ctx, a)
	if err != nil {
		return nil, err
	}
	if p.hidesAction(x) {
		return nil, Errorf(ENOTFOUND, "action %s does not exist", x.ID)
	}
	return x, nil
}

// SetActionStatus changes an action's status, recording who and why.
func (s *Service) SetActionStatus(ctx context.Context, a Actor, id string, st Status, note string) (*Action, error) {
	cur, err := s.Action(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := Check(a, OpUpdateAction, ActionSubject(cur)); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var x *Action
	err = s.store.Atomically(ctx, func(tx Tx) (err error) {
		if x, err = tx.UpdateAction(ctx, cur.ID, func(x *Action) error {
			return x.SetStatus(st, note, a.Handle, now)
		}); err != nil {
			return err
		}
		sealed, err := sealedMeeting(ctx, tx, x.MeetingID)
		if err != nil {
			return err
		}
		_, err = appendLedger(ctx, tx, s.ledgerSigner(), a, ledgerAction(x, sealed), now)
		return err
	})
	if err != nil {
		return nil, s.public(err)
	}
	if s.Hub != nil {
		s.Hub.ActionChanged(x)
	}
	return x, nil
}

// CountActions counts the actions a may see that pass f, from the store's
// indexes (the few born in sessions a may not see are subtracted).
func (s *Service) CountActions(ctx context.Context, a Actor, f ActionFilter) (int, error) {
	n, err := s.store.CountActions(ctx, f)
	if err != nil {
		return 0, s.public(err)
	}
	p, err := s.privacy(ctx, a)
	if err != nil || !p.any() {
		return n, err
	}
	for mid := range p.meetings {
		g := f
		if g.MeetingID != "" && g.MeetingID != mid {
			continue
		}
		g.MeetingID = mid
		hidden, err := s.store.CountActions(ctx, g)
		if err != nil {
			return 0, s.public(err)
		}
		n -= hidden
	}
	return max(n, 0), nil
}

// Journeys lists the journey registry (it is public to the team).
func (s *Service) Journeys(ctx context.Context) ([]*Journey, error) {
	js, err := s.store.Journeys(ctx)
	return js, s.public(err)
}

// AddJourney registers a critical journey.
func (s *Service) AddJourney(ctx context.Context, a Actor, name, owner string) (*Journey, error) {
	if err := Check(a, OpAddJourney, Subject{}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	j, err := NewJourney(name, owner, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	// The name check and the create are one transaction: two facilitators
	// registering the same name at once both allocate a journey id, so one
	// of them is run again and finds the other's journey.
	var saved *Journey
	err = s.store.Atomically(ctx, func(tx Tx) error {
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
		return nil, s.public(err)
	}
	return saved, nil
}

// SetJourneyOwner gives a journey an owner ("" for none).
func (s *Service) SetJourneyOwner(ctx context.Context, a Actor, id, owner string) (*Journey, error) {
	cur, err := s.FindJourney(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := Check(a, OpEditJourney, Subject{ID: cur.ID, JourneyOwner: cur.Owner}); err != nil {
		return nil, err
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	j, err := s.store.UpdateJourney(ctx, cur.ID, func(j *Journey) error {
		j.Owner = CleanOwner(owner)
		return nil
	})
	return j, s.public(err)
}

// FindJourney finds a journey by id or (case-insensitive) name.
func (s *Service) FindJourney(ctx context.Context, key string) (*Journey, error) {
	if j, err := s.store.Journey(ctx, key); err == nil || !IsNotFound(err) {
		return j, s.public(err)
	}
	all, err := s.store.Journeys(ctx)
	if err != nil {
		return nil, s.public(err)
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
	all, err := s.store.Guides(ctx, f)
	if err != nil {
		return nil, s.public(err)
	}
	var out []*Guide
	for _, g := range all {
		if v := g.VisibleTo(a.Handle); v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// Meeting returns one meeting, if a may see it.
func (s *Service) Meeting(ctx context.Context, a Actor, id string) (*Meeting, error) {
	m, err := s.store.Meeting(ctx, NormalizeID(id))
	if IsNotFound(err) {
		return nil, Errorf(ENOTFOUND, "meeting %s does not exist", clip(id))
	}
	if err != nil {
		return nil, s.public(err)
	}
	if err := Check(a, OpSeeMeeting, m.Subject()); err != nil {
		return nil, err
	}
	return m, nil
}

// Minutes loads a meeting's records as a may see them.
func (s *Service) Minutes(ctx context.Context, a Actor, id string) (*Bundle, error) {
	m, err := s.Meeting(ctx, a, id)
	if err != nil {
		return nil, err
	}
	b, err := LoadBundle(ctx, s.store, m.ID, a.Handle)
	return b, s.public(err)
}

// Meetings lists the meetings a may see, newest first.
func (s *Service) Meetings(ctx context.Context, a Actor, f MeetingFilter) ([]*Meeting, error) {
	all, err := s.store.Meetings(ctx, f)
	if err != nil {
		return nil, s.public(err)
	}
	out := all[:0]
	for _, m := range all {
		if Can(a, OpSeeMeeting, m.Subject()) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Decisions lists the decision log as a may see it.
func (s *Service) Decisions(ctx context.Context, a Actor, f DecisionFilter) ([]*Decision, error) {
	p, err := s.privacy(ctx, a)
	if err != nil {
		return nil, err
	}
	page := Page{Offset: max(f.Offset, 0), Limit: max(f.Limit, 0)}
	if len(p.meetings) == 0 {
		ds, err := s.store.Decisions(ctx, f)
		return ds, s.public(err)
	}
	return visiblePage(page, func(offset, limit int) ([]*Decision, error) {
		f.Offset, f.Limit = offset, limit
		ds, err := s.store.Decisions(ctx, f)
		return ds, s.public(err)
	}, func(d *Decision) bool { return p.meetings[d.MeetingID] })
}

// Stories searches the story library as a may see it.
func (s *Service) Stories(ctx context.Context, a Actor, f StoryFilter) ([]*Story, error) {
	all, err := s.store.Stories(ctx, f)
	if err != nil {
		return nil, s.public(err)
	}
	p, err := s.privacy(ctx, a)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(x *Story) bool { return p.meetings[x.MeetingID] }), nil
}

// SeriesList lists the recurring rituals.
func (s *Service) SeriesList(ctx context.Context) ([]*Series, error) {
	ss, err := s.store.SeriesList(ctx)
	return ss, s.public(err)
}

// AddSeries schedules a recurring ritual.
func (s *Service) AddSeries(ctx context.Context, a Actor, x *Series) error {
	if err := Check(a, OpAddSeries, Subject{}); err != nil {
		return err
	}
	if err := s.pace(a); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	return s.public(s.store.CreateSeries(ctx, x))
}

// ScorecardInput loads what the scorecard is computed from, as a may see it.
func (s *Service) ScorecardInput(ctx context.Context, a Actor, today Date) (ScorecardInput, error) {
	in, err := LoadScorecardInput(ctx, s.store, today)
	if err != nil {
		return in, s.public(err)
	}
	p, err := s.privacy(ctx, a)
	if err != nil || !p.any() {
		return in, err
	}
	in.Meetings = slices.DeleteFunc(in.Meetings, func(m *Meeting) bool { return p.meetings[m.ID] })
	in.Actions = slices.DeleteFunc(in.Actions, p.hidesAction)
	in.Decisions = slices.DeleteFunc(in.Decisions, func(d *Decision) bool { return p.meetings[d.MeetingID] })
	in.Issues = slices.DeleteFunc(in.Issues, func(i *Issue) bool { return p.meetings[i.MeetingID] })
	in.Promises = slices.DeleteFunc(in.Promises, func(x *Promise) bool { return p.meetings[x.MeetingID] })
	in.Stories = slices.DeleteFunc(in.Stories, func(x *Story) bool { return p.meetings[x.MeetingID] })
	in.Proposals = slices.DeleteFunc(in.Proposals, func(x *Proposal) bool { return p.meetings[x.MeetingID] })
	return in, nil
}

// privacy is what one person may not see: the private GUIDE sessions they
// neither coach nor are coached in, by meeting and session id. Everything
// born in such a session (actions, decisions, stories…) is left out of
// every list, count and export for them.
type privacy struct{ meetings, guides map[string]bool }

func (p privacy) any() bool { return len(p.meetings)+len(p.guides) > 0 }

func (p privacy) hidesAction(x *Action) bool {
	return p.meetings[x.MeetingID] || x.GuideID != "" && p.guides[x.GuideID]
}

func (s *Service) privacy(ctx context.Context, a Actor) (privacy, error) {
	gs, err := s.store.Guides(ctx, GuideFilter{})
	if err != nil {
		return privacy{}, s.public(err)
	}
	p := privacy{meetings: map[string]bool{}, guides: map[string]bool{}}
	for _, g := range gs {
		if !Can(a, OpSeeMeeting, g.Subject()) {
			p.guides[g.ID] = true
			if g.MeetingID != "" {
				p.meetings[g.MeetingID] = true
			}
		}
	}
	return p, nil
}

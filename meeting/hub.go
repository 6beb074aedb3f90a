package meeting

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Hub holds the live rooms of one process: the local TUI and every SSH
// session share them. It starts meetings, resumes the ones a restart
// interrupted, and tells lobby subscribers when rooms come, go or change.
type Hub struct {
	store Store
	clock Clock
	log   *slog.Logger
	pacer atomic.Pointer[Pacer] // how fast each person may write, in every room and the service
	// signals: how fast each person may raise a hand or show "typing…"
	signals atomic.Pointer[Pacer]
	sign    atomic.Pointer[HeadSigner]

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	rooms map[string]*Room
	lobby subs
	// lobbyTold coalesces lobby signals: at most one per lobbyGapFor.
	lobbyTold coalescer
	obs       Observer // nil: nobody (observer.go)
	// starting serialises Start so two facilitators cannot open the same
	// series twice.
	starting sync.Mutex
	// team is the team directory owners resolve against (SetTeam).
	team atomic.Pointer[func() *Team]
}

// NewHub returns a hub over store. log may be nil.
func NewHub(store Store, clock Clock, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{store: store, clock: clock, log: log, ctx: ctx, cancel: cancel, rooms: map[string]*Room{}}
	h.lobbyTold = coalescer{gap: func() time.Duration { return lobbyGapFor(h.lobby.len()) }, fire: func() { h.lobby.notify() }}
	h.SetPace(DefaultWritesPerMinute, DefaultWriteBurst)
	return h
}

// SetPace sets how fast each person may write (records, edits, votes,
// status changes) in the hub's rooms and through a service using the hub:
// perMinute a minute after a burst; perMinute < 0 allows everything.
// Raised hands and "typing…" get a budget of their own at the same pace.
func (h *Hub) SetPace(perMinute float64, burst int) {
	h.pacer.Store(NewPacer(h.clock, perMinute, burst))
	h.signals.Store(newSignalPacer(h.clock, perMinute, burst))
}

// Pacer returns the hub's pacer.
func (h *Hub) Pacer() *Pacer { return h.pacer.Load() }

// SetTeam gives the hub the team directory: who an action's owner can be
// (the team file, re-read when it changes). Without one, owners are kept as
// typed.
func (h *Hub) SetTeam(team func() *Team) { h.team.Store(&team) }

// Team returns the current team, or nil without a directory.
func (h *Hub) Team() *Team {
	if f := h.team.Load(); f != nil && *f != nil {
		return (*f)()
	}
	return nil
}

// Clock returns the hub's clock.
func (h *Hub) Clock() Clock { return h.clock }

// Resume reopens every meeting that was running or paused when the process
// last stopped: the clock picks up from the stored timestamps.
func (h *Hub) Resume(ctx context.Context) error {
	live, err := h.store.Meetings(ctx, MeetingFilter{Live: true})
	if err != nil {
		return fmt.Errorf("find meetings in progress: %w", err)
	}
	for _, m := range live {
		if _, err := h.open(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (h *Hub) open(ctx context.Context, m *Meeting) (*Room, error) {
	h.mu.Lock()
	if r := h.rooms[m.ID]; r != nil {
		h.mu.Unlock()
		return r, nil
	}
	h.mu.Unlock()
	b, err := loadBundle(ctx, h.store, m)
	if err != nil {
		return nil, err
	}
	guide := b.Guide
	h.mu.Lock()
	obs := h.obs
	h.mu.Unlock()
	r := newRoom(h.ctx, b, guide, h.store, h.clock, h.log, obs, h.lobbyChanged, h.Team)
	r.pacer = h.Pacer
	r.signals = h.signals.Load
	r.signer = h.LedgerSigner
	h.mu.Lock()
	h.rooms[m.ID] = r
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		<-r.Done()
		h.mu.Lock()
		delete(h.rooms, r.id)
		h.mu.Unlock()
		h.lobbyChanged()
	}()
	h.lobbyChanged()
	return r, nil
}

// Room returns the live room of meeting id, if a's allowed to see it.
func (h *Hub) Room(id string, a Actor) (*Room, error) {
	h.mu.Lock()
	r := h.rooms[NormalizeID(id)]
	h.mu.Unlock()
	if r == nil {
		return nil, Errorf(ENOTFOUND, "meeting %s is not in progress", clip(id))
	}
	if !canSee(r.Snapshot().Meeting, a) {
		return nil, Errorf(ENOTFOUND, "meeting %s is not in progress", clip(id))
	}
	return r, nil
}

// Rooms lists the live rooms a may see, oldest first. A room whose
// meeting has ended is not listed, though the hub forgets it a moment
// later.
func (h *Hub) Rooms(a Actor) []*Room {
	h.mu.Lock()
	out := make([]*Room, 0, len(h.rooms))
	for _, r := range h.rooms {
		if m := r.Snapshot().Meeting; m.Live() && canSee(m, a) {
			out = append(out, r)
		}
	}
	h.mu.Unlock()
	slices.SortFunc(out, func(a, b *Room) int {
		return a.Snapshot().Meeting.CreatedAt.Compare(b.Snapshot().Meeting.CreatedAt)
	})
	return out
}

// lobbyGap is the least time between two signals to the lobby's
// subscribers: while a room fills, its head count changes with every batch
// of joins, and every session still in the lobby redraws on each signal.
// With more than lobbyRedraws subscribers the gap grows with them, up to
// lobbyGapMax: a town hall's lobby of 500 redraws once a second while the
// room fills, not five times (each redraw is a frame of its own per
// person).
const (
	lobbyGap     = 200 * time.Millisecond
	lobbyGapMax  = time.Second
	lobbyRedraws = 100 // subscribers told per lobbyGap before the gap grows
)

// lobbyGapFor is the gap between two lobby signals with n subscribers.
func lobbyGapFor(n int) time.Duration {
	return min(max(lobbyGap, lobbyGap*time.Duration(n)/lobbyRedraws), lobbyGapMax)
}

// lobbyChanged tells the lobby something it shows changed: at once when it
// was told nothing for the gap (lobbyGapFor), else once at its end.
func (h *Hub) lobbyChanged() { h.lobbyTold.poke() }

// Subscribe returns a subscription to the list of rooms (the lobby).
func (h *Hub) Subscribe() *Sub { return h.lobby.add() }

// StartInput says which ritual to start and for what.
type StartInput struct {
	Agenda    Agenda
	SeriesID  string   // empty: the agenda's series (created on first use if the agenda has a cadence)
	JourneyID string   // journey review: the journey
	Coachees  []string // GUIDE: who is coached, one team member or a whole team
	Coachee   string   // GUIDE: one more coachee (kept for callers that coach one person)
	Topic     string   // GUIDE: about what
	Invited   []string // attendees picked at start
}

// CanStart reports whether a may start agenda ag: team facilitators start
// any ritual; members may start a GUIDE coaching session as its coach.
func CanStart(a Actor, ag Agenda) bool { return startCheck(a, ag) == nil }

func startCheck(a Actor, ag Agenda) error {
	if _, coachee := ag.Needs(); coachee && Can(a, OpStartGuide, Subject{}) {
		return nil
	}
	return Check(a, OpStart, Subject{What: "start " + ag.Title})
}

// Start creates a meeting, starts its clock and opens its room. The earlier
// meetings' open actions of the same series become the review walk. The
// meeting and what it needs (a GUIDE session, a new series) are written in
// one transaction: a failure leaves nothing behind.
func (h *Hub) Start(ctx context.Context, a Actor, in StartInput) (*Room, error) {
	if err := startCheck(a, in.Agenda); err != nil {
		return nil, err
	}
	if len(in.Agenda.Segments) == 0 {
		return nil, Errorf(EINVALID, "ritual %s has no segments", in.Agenda.ID)
	}
	h.starting.Lock()
	defer h.starting.Unlock()
	now := h.clock.Now()
	base := NewMeeting(in.Agenda, a.Handle, now)
	for _, inv := range in.Invited {
		if c := CleanOwner(inv); c != "" && !slices.Contains(base.Invited, c) {
			base.Invited = append(base.Invited, c)
		}
	}
	if err := base.Timer.Start(now); err != nil {
		return nil, err
	}
	needJourney, needCoachee := in.Agenda.Needs()
	var guide *Guide
	switch {
	case needCoachee:
		g, err := NewGuide(a.Handle, withLegacy(in.Coachees, in.Coachee), in.Topic, now)
		if err != nil {
			return nil, err
		}
		for _, c := range g.Coachees {
			if !slices.Contains(base.Invited, c) {
				base.Invited = append(base.Invited, c)
			}
		}
		guide = g
	case needJourney:
		if in.JourneyID == "" {
			return nil, Errorf(EINVALID, "pick the journey to review")
		}
	}
	var m *Meeting
	err := h.store.Atomically(ctx, func(tx Tx) error {
		m = base.Clone()
		if guide != nil {
			g := guide.Clone()
			if err := tx.CreateGuide(ctx, g); err != nil {
				return err
			}
			m.GuideID, m.Coachees, m.Topic, m.Private = g.ID, slices.Clone(g.Coachees), g.Topic, true
			m.Title = fmt.Sprintf("%s — %s with %s", in.Agenda.Title, g.Topic, AndList(g.Coachees))
		}
		if needJourney && !needCoachee {
			j, err := tx.Journey(ctx, in.JourneyID)
			if err != nil {
				return err
			}
			m.JourneyID = j.ID
			m.Title = fmt.Sprintf("%s — %s", in.Agenda.Title, j.Name)
		}
		if !needCoachee {
			if err := h.joinSeries(ctx, tx, m, in, a, now); err != nil {
				return err
			}
		}
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		if m.GuideID != "" {
			if _, err := tx.UpdateGuide(ctx, m.GuideID, func(g *Guide) error { g.MeetingID = m.ID; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, userError(h.log, "", err)
	}
	h.log.Info("meeting started", "meeting", m.ID, "agenda", m.Agenda.ID, "by", a.Handle)
	return h.open(ctx, m)
}

// joinSeries puts the new meeting m in its series (see seriesFor) and
// gives it the series' open actions to walk.
func (h *Hub) joinSeries(ctx context.Context, tx Tx, m *Meeting, in StartInput, a Actor, now time.Time) error {
	s, err := h.seriesFor(ctx, tx, in, a, now)
	if err != nil || s == nil {
		return err
	}
	m.SeriesID = s.ID
	for _, r := range h.Rooms(a) {
		// A room that has just ended is still listed until its loop stops.
		if cur := r.Snapshot().Meeting; cur.SeriesID == s.ID && cur.Live() {
			return Errorf(ECONFLICT, "%s (%s) is already in progress; join it instead", cur.Title, r.id)
		}
	}
	carried, err := tx.Actions(ctx, ActionFilter{SeriesID: s.ID, Active: true})
	if err != nil {
		return fmt.Errorf("find the series' open actions: %w", err)
	}
	for _, x := range carried {
		m.Carried = append(m.Carried, x.ID)
	}
	return nil
}

// seriesFor returns the series the new meeting belongs to: the one asked
// for, else the agenda's first series, else none: an ad-hoc meeting starts
// no series of its own (Service.StartSeries, offered at the end of a first
// meeting, does, in its facilitator's time zone).
func (h *Hub) seriesFor(ctx context.Context, tx Tx, in StartInput, _ Actor, _ time.Time) (*Series, error) {
	if in.SeriesID != "" {
		s, err := tx.Series(ctx, in.SeriesID)
		if err != nil {
			return nil, err
		}
		if s.AgendaID != in.Agenda.ID {
			return nil, Errorf(EINVALID, "series %s runs %s, not %s", s.ID, s.AgendaID, in.Agenda.ID)
		}
		return s, nil
	}
	return agendaSeries(ctx, tx, in.Agenda.ID, in.JourneyID)
}

// agendaSeries is the first series of agenda id (and journey, when both
// name one), or nil.
func agendaSeries(ctx context.Context, tx Tx, agendaID, journeyID string) (*Series, error) {
	all, err := tx.SeriesList(ctx)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	for _, s := range all {
		if s.AgendaID == agendaID && (journeyID == "" || s.JourneyID == "" || s.JourneyID == journeyID) {
			return s, nil
		}
	}
	return nil, nil
}

// ActionChanged tells the rooms showing action x that it changed outside
// them (the tracker, an SSH command).
func (h *Hub) ActionChanged(x *Action) {
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		if r.Snapshot().Action(x.ID) != nil {
			r.refreshAction(x)
		}
	}
}

// DecisionChanged tells the rooms showing decision d that it changed
// outside them (a signature sent over SSH).
func (h *Hub) DecisionChanged(d *Decision) {
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		if r.Snapshot().Decision(d.ID) != nil {
			r.refreshDecision(d)
		}
	}
}

// Close stops every room (their meetings stay live in the store and resume
// on the next start) and waits for them.
func (h *Hub) Close() {
	h.cancel()
	h.wg.Wait()
}

package meeting

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Actor is who does something: identity and team role, resolved at the edge
// (an SSH key matched against the team, or the local user), never by what a
// client claims.
type Actor struct {
	Handle string `json:"handle"`
	Name   string `json:"name"`
	Role   Role   `json:"role"`
	Guest  bool   `json:"guest,omitempty"`
}

// Presence is one person in a room.
type Presence struct {
	Actor
	Sessions int // open sessions (one person may join from two terminals)
	Typing   bool
	Hand     bool
	Since    time.Time
}

// Snapshot is a room's state at one version. It is immutable: records are
// shared between snapshots and never modified after publication; a change
// makes new records and a new Snapshot. Readers need no lock.
type Snapshot struct {
	Bundle
	Version uint64
	People  []Presence
	Last    string // the latest thing that happened, one line
	guide   *Guide // unfiltered; reach it through GuideFor
}

// GuideFor returns the GUIDE session as handle may see it.
func (s *Snapshot) GuideFor(handle string) *Guide { return s.guide.VisibleTo(handle) }

// BundleFor returns the snapshot's records as handle may see them.
func (s *Snapshot) BundleFor(handle string) *Bundle {
	b := s.Bundle
	b.Guide = s.GuideFor(handle)
	return &b
}

// RoleOf returns what a may do in this room: the meeting's facilitator
// facilitates; a team facilitator who is not running this meeting takes
// part as a member; guests are members; observers watch.
func (s *Snapshot) RoleOf(a Actor) Role { return roomRole(s.Meeting, a) }

func roomRole(m *Meeting, a Actor) Role {
	switch {
	case equalFold(a.Handle, m.Facilitator):
		return RoleFacilitator
	case a.Role == RoleObserver:
		return RoleObserver
	}
	return RoleMember
}

// Present reports whether handle is in the room.
func (s *Snapshot) Present(handle string) bool {
	for _, p := range s.People {
		if equalFold(p.Handle, handle) {
			return true
		}
	}
	return false
}

// WalkAction returns the carried action the review is on, or nil.
func (s *Snapshot) WalkAction() *Action {
	if w := s.Meeting.Walk; w >= 0 && w < len(s.Carried) {
		return s.Carried[w]
	}
	return nil
}

// CanSee reports whether a may see this meeting: a private GUIDE session is
// visible only to its coach and coachee.
func canSee(m *Meeting, a Actor) bool {
	return !m.Private || equalFold(a.Handle, m.Facilitator) || equalFold(a.Handle, m.Coachee)
}

// Sub is a subscription to a room's (or the hub's) changes. C delivers "something
// changed" at most once per pending change: a subscriber that falls behind
// gets one signal and reads the latest snapshot, so a stalled reader costs
// the publisher nothing.
type Sub struct {
	c      chan struct{}
	done   chan struct{}
	once   sync.Once
	cancel func()
}

func newSub(cancel func(*Sub)) *Sub {
	s := &Sub{c: make(chan struct{}, 1), done: make(chan struct{})}
	s.cancel = func() { cancel(s) }
	return s
}

// C returns the channel that receives a value after each change.
func (s *Sub) C() <-chan struct{} { return s.c }

// Done is closed when the subscription is closed, so a waiting reader can
// stop.
func (s *Sub) Done() <-chan struct{} { return s.done }

// Close ends the subscription.
func (s *Sub) Close() {
	s.once.Do(func() {
		s.cancel()
		close(s.done)
	})
}

func (s *Sub) signal() {
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// subs is a set of subscriptions, safe for concurrent use.
type subs struct {
	mu  sync.Mutex
	set map[*Sub]struct{}
}

func (ss *subs) add() *Sub {
	s := newSub(func(s *Sub) {
		ss.mu.Lock()
		delete(ss.set, s)
		ss.mu.Unlock()
	})
	ss.mu.Lock()
	if ss.set == nil {
		ss.set = map[*Sub]struct{}{}
	}
	ss.set[s] = struct{}{}
	ss.mu.Unlock()
	return s
}

func (ss *subs) notify() {
	ss.mu.Lock()
	for s := range ss.set {
		s.signal()
	}
	ss.mu.Unlock()
}

func (ss *subs) len() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.set)
}

// Room is one live meeting shared by everyone in it. A single goroutine
// owns its state and applies commands from all participants in order: it
// validates, stores (a command succeeds only once the store acknowledged a
// synced write), updates the state, publishes a new Snapshot and signals
// every subscriber without blocking.
type Room struct {
	id    string
	store Store
	clock Clock
	log   *slog.Logger
	cmds  chan func()
	done  chan struct{} // closed when the loop stops (meeting ended or hub closed)
	snap  atomic.Pointer[Snapshot]
	subs  subs
	// lobby is told when something the lobby shows changes.
	lobby func()

	// Owned by the loop goroutine.
	st       *Snapshot // working copy of the latest state
	people   map[string]*Presence
	lobbyHit bool
}

// errNoChange tells exec the command changed nothing worth publishing.
var errNoChange = errors.New("no change")

func newRoom(ctx context.Context, b *Bundle, guide *Guide, store Store, clock Clock, log *slog.Logger, lobby func()) *Room {
	r := &Room{
		id:     b.Meeting.ID,
		store:  store,
		clock:  clock,
		log:    log,
		cmds:   make(chan func()),
		done:   make(chan struct{}),
		lobby:  lobby,
		people: map[string]*Presence{},
		st:     &Snapshot{Bundle: *b, guide: guide},
	}
	r.st.Guide = nil // only through GuideFor
	r.publishLocked("")
	go r.loop(ctx)
	return r
}

// ID returns the meeting id.
func (r *Room) ID() string { return r.id }

// Snapshot returns the latest state. Never nil.
func (r *Room) Snapshot() *Snapshot { return r.snap.Load() }

// Subscribe returns a subscription to the room's changes. Close it when done.
func (r *Room) Subscribe() *Sub { return r.subs.add() }

// Subscribers returns the number of open subscriptions (for tests and
// figures).
func (r *Room) Subscribers() int { return r.subs.len() }

// Done is closed when the room stops taking commands.
func (r *Room) Done() <-chan struct{} { return r.done }

func (r *Room) loop(ctx context.Context) {
	defer close(r.done)
	for {
		select {
		case <-ctx.Done():
			return
		case f := <-r.cmds:
			f()
			if r.st.Meeting.Timer.Ended() {
				return
			}
		}
	}
}

// exec runs fn on the room goroutine and waits for its result. fn mutates
// r.st in place only through fresh copies of records; on success the
// state is published.
func (r *Room) exec(ctx context.Context, fn func() (string, error)) error {
	errc := make(chan error, 1)
	f := func() {
		defer func() {
			if p := recover(); p != nil {
				r.log.Error("room command panicked", "meeting", r.id, "panic", p, "stack", string(debug.Stack()))
				errc <- Errorf(EINTERNAL, "something went wrong in the room; nothing was saved")
			}
		}()
		last, err := fn()
		switch {
		case errors.Is(err, errNoChange):
			errc <- nil
		case err != nil:
			errc <- userError(r.log, r.id, err)
		default:
			r.publishLocked(last)
			errc <- nil
		}
	}
	select {
	case r.cmds <- f:
	case <-r.done:
		return Errorf(ECONFLICT, "the meeting has ended")
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once taken, a command runs to completion (the loop finishes what it
	// took even when closing): wait for its result, so a caller never
	// mistakes an applied command for a failed one.
	return <-errc
}

// publishLocked (on the loop goroutine) stores a new snapshot and signals.
// The published snapshot gets its own slices, so later in-place edits of the
// working copy never show through it.
func (r *Room) publishLocked(last string) {
	r.st.Version++
	if last != "" {
		r.st.Last = last
	}
	people := make([]Presence, 0, len(r.people))
	for _, p := range r.people {
		people = append(people, *p)
	}
	slices.SortFunc(people, func(a, b Presence) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return compareStrings(a.Handle, b.Handle)
	})
	r.st.People = people
	pub := *r.st
	pub.Actions = slices.Clone(pub.Actions)
	pub.Carried = slices.Clone(pub.Carried)
	pub.Issues = slices.Clone(pub.Issues)
	pub.Decisions = slices.Clone(pub.Decisions)
	pub.DueReview = slices.Clone(pub.DueReview)
	pub.Stories = slices.Clone(pub.Stories)
	pub.Promises = slices.Clone(pub.Promises)
	r.snap.Store(&pub)
	r.subs.notify()
	if r.lobbyHit && r.lobby != nil {
		r.lobbyHit = false
		r.lobby()
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (r *Room) now() time.Time { return r.clock.Now() }

func (r *Room) role(a Actor) Role { return roomRole(r.st.Meeting, a) }

func (r *Room) mustFacilitate(a Actor, what string) error {
	if r.role(a) != RoleFacilitator {
		return Errorf(EFORBIDDEN, "only the facilitator can %s", what)
	}
	return nil
}

func (r *Room) mustWrite(a Actor, what string) error {
	if !r.role(a).CanWrite() {
		return Errorf(EFORBIDDEN, "observers watch only; you cannot %s", what)
	}
	if r.people[a.Handle] == nil {
		return Errorf(EFORBIDDEN, "join the room before you %s", what)
	}
	return nil
}

// errUnsaved is what a person sees when a command failed inside: the store
// refused or failed the write (a full disk, a closed database).
const errUnsaved = "that could not be saved, so nothing changed; try again"

// userError turns an internal failure into one sentence for the person and
// logs the cause; errors meant for people (and the context's) come back as
// they are.
func userError(log *slog.Logger, meetingID string, err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	log.Error("command failed", "meeting", meetingID, "err", err)
	return &Error{Code: EINTERNAL, Message: errUnsaved, Err: err}
}

// commit runs fn as one store transaction, so a command that writes several
// records writes all of them or none. fn runs on the loop goroutine (it may
// read r.st) and may run more than once: it writes only through tx and sets
// results that the command applies to r.st once commit returned nil.
func (r *Room) commit(fn func(tx Tx) error) error {
	return r.store.Atomically(context.Background(), fn)
}

// saveMeeting writes the meeting through fn and replaces the working copy.
func (r *Room) saveMeeting(fn func(*Meeting) error) error {
	m, err := r.store.UpdateMeeting(context.Background(), r.id, fn)
	if err != nil {
		return err
	}
	r.st.Meeting = m
	return nil
}

// Join adds a session of a to the room. Call the returned leave function
// exactly once when the session ends.
func (r *Room) Join(ctx context.Context, a Actor) (leave func(), err error) {
	err = r.exec(ctx, func() (string, error) {
		if !canSee(r.st.Meeting, a) {
			return "", Errorf(EFORBIDDEN, "this is a private coaching session")
		}
		p := r.people[a.Handle]
		if p != nil {
			p.Sessions++
			return "", nil
		}
		now := r.now()
		att := Attendee{Handle: a.Handle, Name: a.Name, Role: a.Role, Guest: a.Guest, JoinedAt: now}
		if !slices.ContainsFunc(r.st.Meeting.Attendees, func(x Attendee) bool { return x.Handle == a.Handle }) {
			if err := r.saveMeeting(func(m *Meeting) error { m.Join(att); return nil }); err != nil {
				return "", err
			}
		}
		r.people[a.Handle] = &Presence{Actor: a, Sessions: 1, Since: now}
		r.lobbyHit = true
		return a.Name + " joined", nil
	})
	if err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { r.leave(a) }) }, nil
}

func (r *Room) leave(a Actor) {
	_ = r.exec(context.Background(), func() (string, error) {
		p := r.people[a.Handle]
		if p == nil {
			return "", errNoChange
		}
		if p.Sessions--; p.Sessions > 0 {
			// The session that left may have been the one typing (a
			// connection dropped with a form open never says it stopped):
			// stale "typing…" is worse than a briefly missing one.
			if !p.Typing {
				return "", errNoChange
			}
			p.Typing = false
			return "", nil
		}
		delete(r.people, a.Handle)
		r.lobbyHit = true
		return a.Name + " left", nil
	})
}

// SetTyping shows or hides "typing…" next to a's name.
func (r *Room) SetTyping(ctx context.Context, a Actor, typing bool) error {
	return r.exec(ctx, func() (string, error) {
		p := r.people[a.Handle]
		if p == nil || p.Typing == typing || !r.role(a).CanWrite() {
			return "", errNoChange
		}
		p.Typing = typing
		return "", nil
	})
}

// RaiseHand raises or lowers a's hand.
func (r *Room) RaiseHand(ctx context.Context, a Actor, up bool) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "raise a hand"); err != nil {
			return "", err
		}
		p := r.people[a.Handle]
		if p.Hand == up {
			return "", errNoChange
		}
		p.Hand = up
		if up {
			return a.Name + " raised a hand", nil
		}
		return a.Name + " lowered their hand", nil
	})
}

// timerOp applies a facilitator's clock operation. Entering a deep-dive
// segment also marks its issues, in the same transaction.
func (r *Room) timerOp(ctx context.Context, a Actor, what string, op func(t *Timer, now time.Time) error, last func(m *Meeting) string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, what); err != nil {
			return "", err
		}
		now := r.now()
		var m *Meeting
		var dived []*Issue
		err := r.commit(func(tx Tx) (err error) {
			dived = nil
			if m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error { return op(&m.Timer, now) }); err != nil {
				return err
			}
			if m.Timer.Current != r.st.Meeting.Timer.Current {
				dived, err = r.enterSegment(tx, m, now)
			}
			return err
		})
		if err != nil {
			return "", err
		}
		r.st.Meeting = m
		for _, u := range dived {
			r.replaceIssue(u)
		}
		r.lobbyHit = true
		return last(m), nil
	})
}

// enterSegment writes what entering m's current segment implies: a
// deep-dive segment (Top > 0) marks the top ranked unresolved issues as
// deep-dived. It returns the issues it changed.
func (r *Room) enterSegment(tx Tx, m *Meeting, now time.Time) ([]*Issue, error) {
	seg := m.Segment()
	if seg.Top <= 0 {
		return nil, nil
	}
	var out []*Issue
	n := 0
	for _, is := range r.st.Issues {
		if is.Resolved {
			continue
		}
		if n++; n > seg.Top {
			break
		}
		if is.DeepDive {
			continue
		}
		u, err := tx.UpdateIssue(context.Background(), is.ID, func(i *Issue) error {
			i.DeepDive, i.UpdatedAt = true, now
			return nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func segLine(m *Meeting) string {
	return fmt.Sprintf("segment %d/%d: %s", m.Timer.Current+1, len(m.Agenda.Segments), m.Segment().Title)
}

// Next moves to the next segment.
func (r *Room) Next(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "move to the next segment", (*Timer).Next, segLine)
}

// Prev moves to the previous segment.
func (r *Room) Prev(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "move to the previous segment", (*Timer).Prev, segLine)
}

// Goto moves to segment i (0-based).
func (r *Room) Goto(ctx context.Context, a Actor, i int) error {
	return r.timerOp(ctx, a, "change the segment", func(t *Timer, now time.Time) error { return t.Goto(i, now) }, segLine)
}

// Pause stops the meeting clock.
func (r *Room) Pause(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "pause the meeting", (*Timer).Pause, func(*Meeting) string { return "paused" })
}

// Resume restarts the meeting clock.
func (r *Room) Resume(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "resume the meeting", (*Timer).Resume, func(*Meeting) string { return "resumed" })
}

// TogglePause pauses a running meeting or resumes a paused one.
func (r *Room) TogglePause(ctx context.Context, a Actor) error {
	if r.Snapshot().Meeting.Timer.Paused {
		return r.Resume(ctx, a)
	}
	return r.Pause(ctx, a)
}

// Extend adds d to the current segment.
func (r *Room) Extend(ctx context.Context, a Actor, d time.Duration) error {
	return r.timerOp(ctx, a, "extend the segment",
		func(t *Timer, now time.Time) error { return t.Extend(d, now) },
		func(m *Meeting) string {
			return fmt.Sprintf("%s extended by %d min", m.Segment().Title, CeilMinutes(d))
		})
}

// End ends the meeting and returns the deep-dived issues left without an
// owner or next step (empty when the ritual was kept). A journey review
// marks its journey reviewed.
func (r *Room) End(ctx context.Context, a Actor) (unowned []*Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, "end the meeting"); err != nil {
			return "", err
		}
		now := r.now()
		var j *Journey
		var m *Meeting
		err := r.commit(func(tx Tx) (err error) {
			j = nil
			if cur := r.st.Journey; cur != nil {
				if j, err = tx.UpdateJourney(context.Background(), cur.ID, func(j *Journey) error {
					j.touch(r.st.Meeting.Date)
					return nil
				}); err != nil {
					return err
				}
			}
			m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error { return m.Timer.End(now) })
			return err
		})
		if err != nil {
			return "", err
		}
		if j != nil {
			r.st.Journey = j
		}
		r.st.Meeting = m
		r.lobbyHit = true
		unowned = r.st.Unowned()
		return "the meeting ended", nil
	})
	return unowned, err
}

// HandOver gives the facilitator role to handle, who must be in the room and
// not an observer.
func (r *Room) HandOver(ctx context.Context, a Actor, handle string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, "hand over facilitation"); err != nil {
			return "", err
		}
		p := r.people[handle]
		switch {
		case p == nil:
			return "", Errorf(EINVALID, "%s is not in the room", clip(handle))
		case p.Role == RoleObserver:
			return "", Errorf(EINVALID, "%s is an observer and cannot facilitate", p.Name)
		case equalFold(handle, r.st.Meeting.Facilitator):
			return "", errNoChange
		}
		if err := r.saveMeeting(func(m *Meeting) error { m.Facilitator = p.Handle; return nil }); err != nil {
			return "", err
		}
		return p.Name + " is now facilitating", nil
	})
}

// Claim lets a team facilitator take over a room whose facilitator has
// left (a dropped connection must not strand the meeting).
func (r *Room) Claim(ctx context.Context, a Actor) error {
	return r.exec(ctx, func() (string, error) {
		switch {
		case a.Role != RoleFacilitator:
			return "", Errorf(EFORBIDDEN, "only a team facilitator can take over the meeting")
		case r.people[a.Handle] == nil:
			return "", Errorf(EFORBIDDEN, "join the room first")
		case equalFold(a.Handle, r.st.Meeting.Facilitator):
			return "", errNoChange
		case r.people[r.st.Meeting.Facilitator] != nil:
			return "", Errorf(ECONFLICT, "%s is facilitating and still here; ask them to hand over", r.st.Meeting.Facilitator)
		}
		if err := r.saveMeeting(func(m *Meeting) error { m.Facilitator = a.Handle; return nil }); err != nil {
			return "", err
		}
		return a.Name + " took over facilitation", nil
	})
}

// ActionInput is what a person types to add an action in a room.
type ActionInput struct {
	Text, Owner, Due string
	IssueID          string // the VOC issue it is the next step for
}

// AddAction records an action from the current segment. Linked to an issue,
// it gives the issue its owner and next step if it had none; in a GUIDE
// session it becomes one of the session's next steps. The action and what
// links to it are written together, or nothing is.
func (r *Room) AddAction(ctx context.Context, a Actor, in ActionInput) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "add actions"); err != nil {
			return "", err
		}
		m := r.st.Meeting
		now := r.now()
		x, err := NewAction(in.Text, in.Owner, in.Due, a.Handle, now)
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID, x.Segment, x.GuideID = m.ID, m.SeriesID, m.Segment().Title, m.GuideID
		var issue *Issue
		if in.IssueID != "" {
			if issue = r.st.Issue(in.IssueID); issue == nil {
				return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(in.IssueID))
			}
			x.IssueID = issue.ID
		}
		var (
			saved  *Action
			linked *Issue
			guide  *Guide
		)
		err = r.commit(func(tx Tx) (err error) {
			c := *x
			saved, linked, guide = &c, nil, nil
			if err := tx.CreateAction(context.Background(), saved); err != nil {
				return err
			}
			if issue != nil {
				if linked, err = tx.UpdateIssue(context.Background(), issue.ID, func(i *Issue) error {
					i.ActionIDs = append(i.ActionIDs, saved.ID)
					if i.Owner == "" {
						i.Owner = saved.Owner
					}
					if i.NextStep == "" {
						i.NextStep = saved.Text
					}
					if i.FirstActionAt.IsZero() {
						i.FirstActionAt = now
					}
					i.UpdatedAt = now
					return nil
				}); err != nil {
					return err
				}
			}
			if m.GuideID != "" {
				guide, err = tx.UpdateGuide(context.Background(), m.GuideID, func(g *Guide) error {
					g.ActionIDs = append(g.ActionIDs, saved.ID)
					return nil
				})
			}
			return err
		})
		if err != nil {
			return "", err
		}
		r.st.Actions = append(r.st.Actions, saved)
		if linked != nil {
			r.replaceIssue(linked)
		}
		if guide != nil {
			r.st.guide = guide
		}
		act = saved
		return fmt.Sprintf("%s added %s: %s (%s, due %s)", a.Name, saved.ID, saved.Text, saved.Owner, saved.Due), nil
	})
	return act, err
}

func (r *Room) replaceAction(x *Action) bool {
	hit := false
	for _, list := range []*[]*Action{&r.st.Actions, &r.st.Carried} {
		for i, y := range *list {
			if y.ID == x.ID {
				(*list)[i] = x
				hit = true
			}
		}
	}
	return hit
}

func (r *Room) replaceIssue(x *Issue) {
	for i, y := range r.st.Issues {
		if y.ID == x.ID {
			r.st.Issues[i] = x
		}
	}
	SortIssues(r.st.Issues)
}

// CanUpdateAction reports whether someone with room or team role role and
// handle may change act's status: facilitators any, members their own.
func CanUpdateAction(role Role, handle string, act *Action) bool {
	return role == RoleFacilitator || role == RoleMember && equalFold(act.Owner, handle)
}

// SetActionStatus changes an action's status (facilitator: any action;
// member: their own).
func (r *Room) SetActionStatus(ctx context.Context, a Actor, id string, st Status, note string) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		cur, err := r.statusTarget(a, id)
		if err != nil {
			return "", err
		}
		now := r.now()
		x, err := r.store.UpdateAction(context.Background(), cur.ID, func(x *Action) error {
			return x.SetStatus(st, note, a.Handle, now)
		})
		if err != nil {
			return "", err
		}
		r.replaceAction(x)
		act = x
		return fmt.Sprintf("%s set %s to %s", a.Name, x.ID, x.Status), nil
	})
	return act, err
}

// statusTarget returns the room's action id if a may change its status.
func (r *Room) statusTarget(a Actor, id string) (*Action, error) {
	cur := r.st.Action(id)
	if cur == nil {
		return nil, Errorf(ENOTFOUND, "action %s is not in this meeting", clip(id))
	}
	if !CanUpdateAction(r.role(a), a.Handle, cur) {
		return nil, Errorf(EFORBIDDEN, "only %s or the facilitator can update %s", cur.Owner, cur.ID)
	}
	return cur, nil
}

// Review outcomes for the walk of earlier actions.
const (
	OutcomeDone      = "done"
	OutcomeOnTrack   = "on-track"
	OutcomeBlocked   = "blocked"
	OutcomeEscalated = "escalated"
	OutcomeDropped   = "dropped"
)

// Review records the outcome of walking one earlier action (done, on-track,
// blocked with what unblocks it, escalated with to whom), stores the status
// change in the action's history and moves the walk to the next action.
func (r *Room) Review(ctx context.Context, a Actor, id, outcome, note string) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		var st Status
		switch outcome {
		case OutcomeDone:
			st = StatusDone
		case OutcomeOnTrack:
			st = StatusOpen
			if note == "" {
				note = "on track"
			}
		case OutcomeBlocked:
			st = StatusBlocked
		case OutcomeEscalated:
			st = StatusEscalated
		case OutcomeDropped:
			st = StatusDropped
		default:
			return "", Errorf(EINVALID, "review outcome %q is not done, on-track, blocked, escalated or dropped", clip(outcome))
		}
		if !slices.Contains(r.st.Meeting.Carried, NormalizeID(id)) {
			return "", Errorf(ENOTFOUND, "action %s is not one of the earlier actions under review", clip(id))
		}
		cur, err := r.statusTarget(a, id)
		if err != nil {
			return "", err
		}
		now := r.now()
		var x *Action
		var m *Meeting
		err = r.commit(func(tx Tx) (err error) {
			if x, err = tx.UpdateAction(context.Background(), cur.ID, func(x *Action) error {
				return x.SetStatus(st, note, a.Handle, now)
			}); err != nil {
				return err
			}
			rev := Review{ActionID: x.ID, Outcome: outcome, Note: x.LastChange().Note, By: a.Handle, At: now}
			m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error {
				m.Reviews = append(m.Reviews, rev)
				if i := slices.Index(m.Carried, x.ID); i == m.Walk && m.Walk < len(m.Carried) {
					m.Walk++
				}
				return nil
			})
			return err
		})
		if err != nil {
			return "", err
		}
		r.replaceAction(x)
		r.st.Meeting = m
		act = x
		return fmt.Sprintf("%s: %s — %s", x.ID, outcome, x.Text), nil
	})
	return act, err
}

// WalkTo moves the review walk to position i of the carried actions.
func (r *Room) WalkTo(ctx context.Context, a Actor, i int) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, "move through the earlier actions"); err != nil {
			return "", err
		}
		if i < 0 || i > len(r.st.Meeting.Carried) {
			return "", errNoChange
		}
		return "", r.saveMeeting(func(m *Meeting) error { m.Walk = i; return nil })
	})
}

// AddIssue raises a VOC issue; it joins the bottom of the ranking.
func (r *Room) AddIssue(ctx context.Context, a Actor, in IssueInput) (is *Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "raise issues"); err != nil {
			return "", err
		}
		x, err := NewIssue(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = r.id, r.st.Meeting.SeriesID
		for _, y := range r.st.Issues {
			x.Rank = max(x.Rank, y.Rank)
		}
		x.Rank++
		if err := r.store.CreateIssue(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Issues = append(r.st.Issues, x)
		SortIssues(r.st.Issues)
		is = x
		return fmt.Sprintf("%s raised %s: %s", a.Name, x.ID, x.Title), nil
	})
	return is, err
}

// EditIssue fills in or changes an issue's fields (evidence, impact, root
// cause, owner, next step); empty fields are left as they are.
func (r *Room) EditIssue(ctx context.Context, a Actor, id string, in IssueInput) (is *Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "edit issues"); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		x, err := r.store.UpdateIssue(context.Background(), cur.ID, func(i *Issue) error { return i.Edit(in, r.now()) })
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		is = x
		return fmt.Sprintf("%s updated %s", a.Name, x.ID), nil
	})
	return is, err
}

// MoveIssue moves an issue up (delta < 0) or down the ranking.
func (r *Room) MoveIssue(ctx context.Context, a Actor, id string, delta int) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, "rank issues"); err != nil {
			return "", err
		}
		list := slices.Clone(r.st.Issues)
		from := slices.IndexFunc(list, func(i *Issue) bool { return i.ID == NormalizeID(id) })
		if from < 0 {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		to := min(max(from+delta, 0), len(list)-1)
		if to == from {
			return "", errNoChange
		}
		x := list[from]
		list = slices.Delete(list, from, from+1)
		list = slices.Insert(list, to, x)
		now := r.now()
		var ranked []*Issue
		err := r.commit(func(tx Tx) error {
			ranked = slices.Clone(list)
			for k, is := range ranked {
				if is.Rank == k+1 {
					continue
				}
				u, err := tx.UpdateIssue(context.Background(), is.ID, func(i *Issue) error {
					i.Rank, i.UpdatedAt = k+1, now
					return nil
				})
				if err != nil {
					return err
				}
				ranked[k] = u
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		r.st.Issues = ranked
		return fmt.Sprintf("%s moved to #%d", x.Title, to+1), nil
	})
}

// Vote toggles a's dot-vote on an issue.
func (r *Room) Vote(ctx context.Context, a Actor, id string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "vote"); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		x, err := r.store.UpdateIssue(context.Background(), cur.ID, func(i *Issue) error {
			if k := slices.Index(i.Votes, a.Handle); k >= 0 {
				i.Votes = slices.Delete(i.Votes, k, k+1)
			} else {
				i.Votes = append(i.Votes, a.Handle)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		return "", nil
	})
}

// ResolveIssue marks an issue resolved (it stops being carried).
func (r *Room) ResolveIssue(ctx context.Context, a Actor, id string, resolved bool) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.mustFacilitate(a, "resolve issues"); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		x, err := r.store.UpdateIssue(context.Background(), cur.ID, func(i *Issue) error {
			i.Resolved, i.UpdatedAt = resolved, r.now()
			return nil
		})
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		return fmt.Sprintf("%s resolved: %s", x.ID, x.Title), nil
	})
}

// AddDecision records a decision-log entry.
func (r *Room) AddDecision(ctx context.Context, a Actor, in DecisionInput) (dec *Decision, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "record decisions"); err != nil {
			return "", err
		}
		x, err := NewDecision(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		m := r.st.Meeting
		x.MeetingID, x.SeriesID, x.JourneyID = m.ID, m.SeriesID, m.JourneyID
		if err := r.store.CreateDecision(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Decisions = append(r.st.Decisions, x)
		dec = x
		return fmt.Sprintf("%s recorded decision %s: %s", a.Name, x.ID, x.Title), nil
	})
	return dec, err
}

// AddStory adds a customer story to the meeting and the story library.
func (r *Room) AddStory(ctx context.Context, a Actor, in StoryInput) (st *Story, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "share stories"); err != nil {
			return "", err
		}
		if in.JourneyID == "" {
			in.JourneyID = r.st.Meeting.JourneyID
		}
		x, err := NewStory(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = r.id, r.st.Meeting.SeriesID
		if err := r.store.CreateStory(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Stories = append(r.st.Stories, x)
		st = x
		return fmt.Sprintf("%s shared a story: “%s”", a.Name, CleanLine(x.Quote, 60)), nil
	})
	return st, err
}

// AddPromise adds a promise to the audit.
func (r *Room) AddPromise(ctx context.Context, a Actor, in PromiseInput) (p *Promise, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "add promises"); err != nil {
			return "", err
		}
		x, err := NewPromise(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID = r.id
		if err := r.store.CreatePromise(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Promises = append(r.st.Promises, x)
		p = x
		return fmt.Sprintf("%s added promise %s: %s", a.Name, x.ID, x.Promise), nil
	})
	return p, err
}

// EditPromise fills in the audit of a promise: evidence, reality, keep rate,
// gap, verdict, owner. Empty fields are left as they are.
func (r *Room) EditPromise(ctx context.Context, a Actor, id string, in PromiseInput) (p *Promise, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.mustWrite(a, "audit promises"); err != nil {
			return "", err
		}
		k := slices.IndexFunc(r.st.Promises, func(p *Promise) bool { return p.ID == NormalizeID(id) })
		if k < 0 {
			return "", Errorf(ENOTFOUND, "promise %s is not in this audit", clip(id))
		}
		cur := r.st.Promises[k]
		merged := PromiseInput{Promise: cur.Promise, Source: cur.Source, Evidence: cur.Evidence, Reality: cur.Reality, Gap: cur.Gap, Action: string(cur.Action), Owner: cur.Owner}
		if cur.KeepRate >= 0 {
			merged.KeepRate = fmt.Sprint(cur.KeepRate)
		}
		overlay(&merged.Promise, in.Promise)
		overlay(&merged.Source, in.Source)
		overlay(&merged.Evidence, in.Evidence)
		overlay(&merged.Reality, in.Reality)
		overlay(&merged.KeepRate, in.KeepRate)
		overlay(&merged.Gap, in.Gap)
		overlay(&merged.Action, in.Action)
		overlay(&merged.Owner, in.Owner)
		np, err := NewPromise(merged, cur.CreatedBy, cur.CreatedAt)
		if err != nil {
			return "", err
		}
		x, err := r.store.UpdatePromise(context.Background(), cur.ID, func(p *Promise) error {
			id, mid := p.ID, p.MeetingID
			*p = *np
			p.ID, p.MeetingID = id, mid
			return nil
		})
		if err != nil {
			return "", err
		}
		r.st.Promises[k] = x
		p = x
		return fmt.Sprintf("%s updated promise %s", a.Name, x.ID), nil
	})
	return p, err
}

func overlay(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// RecordMetrics records this review's journey-health values (facilitator
// or the journey's owner). values maps metric keys to what was typed;
// empty values are skipped.
func (r *Room) RecordMetrics(ctx context.Context, a Actor, values map[string]string) error {
	return r.exec(ctx, func() (string, error) {
		j := r.st.Journey
		if j == nil {
			return "", Errorf(EINVALID, "this meeting reviews no journey")
		}
		if r.role(a) != RoleFacilitator && !equalFold(a.Handle, j.Owner) {
			return "", Errorf(EFORBIDDEN, "only the facilitator or %s (the journey owner) can record its metrics", j.Owner)
		}
		read := Reading{Date: r.st.Meeting.Date, MeetingID: r.id, Values: map[string]float64{}}
		for _, m := range j.Metrics {
			raw, ok := values[m.Key]
			if !ok || CleanLine(raw, 20) == "" {
				continue
			}
			v, err := ParseMetricValue(m, raw)
			if err != nil {
				return "", err
			}
			read.Values[m.Key] = v
		}
		if len(read.Values) == 0 {
			return "", Errorf(EINVALID, "enter at least one metric value")
		}
		u, err := r.store.UpdateJourney(context.Background(), j.ID, func(j *Journey) error { j.Record(read); return nil })
		if err != nil {
			return "", err
		}
		r.st.Journey = u
		return fmt.Sprintf("%s recorded %s's metrics", a.Name, u.Name), nil
	})
}

func (r *Room) updateGuide(fn func(*Guide) error) error {
	if r.st.guide == nil {
		return Errorf(EINVALID, "this meeting is not a GUIDE session")
	}
	g, err := r.store.UpdateGuide(context.Background(), r.st.guide.ID, fn)
	if err != nil {
		return err
	}
	r.st.guide = g
	return nil
}

// GuideAnswer stores the answer to GUIDE step i (coach or coachee).
func (r *Room) GuideAnswer(ctx context.Context, a Actor, i int, answer string) error {
	return r.exec(ctx, func() (string, error) {
		g := r.st.guide
		if g == nil {
			return "", Errorf(EINVALID, "this meeting is not a GUIDE session")
		}
		if !equalFold(a.Handle, g.Coach) && !equalFold(a.Handle, g.Coachee) {
			return "", Errorf(EFORBIDDEN, "only the coach and the coachee can answer")
		}
		if err := r.updateGuide(func(g *Guide) error { return g.SetAnswer(i, answer, r.now()) }); err != nil {
			return "", err
		}
		return "", nil
	})
}

// GuideNotes stores the coach's private notes.
func (r *Room) GuideNotes(ctx context.Context, a Actor, notes string) error {
	return r.exec(ctx, func() (string, error) {
		g := r.st.guide
		if g == nil {
			return "", Errorf(EINVALID, "this meeting is not a GUIDE session")
		}
		if !equalFold(a.Handle, g.Coach) {
			return "", Errorf(EFORBIDDEN, "coaching notes are the coach's alone")
		}
		return "", r.updateGuide(func(g *Guide) error { return g.SetNotes(notes, r.now()) })
	})
}

// refreshAction replaces an action changed outside the room (the tracker,
// an SSH command) so every screen shows its new status.
func (r *Room) refreshAction(x *Action) {
	_ = r.exec(context.Background(), func() (string, error) {
		if !r.replaceAction(x) {
			return "", errNoChange
		}
		return fmt.Sprintf("%s is now %s", x.ID, x.Status), nil
	})
}

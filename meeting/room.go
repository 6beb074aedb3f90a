package meeting

// Long on purpose: the Room's one goroutine — its loop, presence batching, commands and snapshots — is one state machine; split, its invariants would span files.

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
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
	// Key is the SHA256 fingerprint of the SSH key the person signed in
	// with ("" on the server's own machine): the ledger records it.
	Key string `json:"-"`
	// Executive: a member marked executive in the team file (the
	// executive layer's writers, meeting/policy.go).
	Executive bool `json:"executive,omitempty"`
}

// Presence is one person in a room.
type Presence struct {
	Actor
	Sessions int // open sessions (one person may join from two terminals)
	Typing   bool
	Hand     bool
	HandAt   time.Time // when the hand went up (zero while it is down): the queue's order
	Since    time.Time
}

// Snapshot is a room's state at one version. It is immutable: records are
// shared between snapshots and never modified after publication; a change
// makes new records and a new Snapshot. Readers need no lock.
type Snapshot struct {
	Bundle
	Version uint64
	People  []*Presence // in the order a room shows them (comparePresence); never modified
	Last    string      // the latest thing that happened, one line
	guide   *Guide      // unfiltered; reach it through GuideFor
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

// HandUp reports whether handle's hand is up (raised hands lead People: the
// search stops at the first hand down).
func (s *Snapshot) HandUp(handle string) bool {
	for _, p := range s.People {
		if !p.Hand {
			return false
		}
		if p.Handle == handle {
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

// canSee reports whether a may see this meeting (a private GUIDE session:
// its coach and coachees only).
func canSee(m *Meeting, a Actor) bool { return m.VisibleTo(a) }

// Can reports whether a may do op on s in this room, with a's room role:
// what a screen asks to decide which keys to offer.
func (s *Snapshot) Can(a Actor, op Op, subj Subject) bool {
	a.Role = s.RoleOf(a)
	return Can(a, op, subj)
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
	at     atomic.Int64                // when the oldest change not taken was signalled (see ChangedAt); 0: none
	stop   atomic.Pointer[func() bool] // undoes CloseWith
	drew   atomic.Uint64               // what the subscriber last drew (Drew): version<<drewBits | named+1; 0: unknown
}

// drewBits holds the count in a Sub's drew: more than any room's people.
const drewBits = 24

// Drew tells the room that the subscriber has drawn the snapshot of
// version, on which it names the first named of People (in their order)
// and nobody else. Until it draws again, "typing…" of anyone after the
// first one it counts is a change it cannot show: the room does not wake it
// for that (in a town hall, most screens name a few people; each form opened
// somewhere used to wake every screen in the room to draw the same frame).
func (s *Sub) Drew(version uint64, named int) {
	if named < 0 || named >= 1<<drewBits-1 || version >= 1<<(64-drewBits) {
		s.drew.Store(0)
		return
	}
	s.drew.Store(version<<drewBits | uint64(named+1))
}

// Drawn returns what Drew last said (ok false: nothing, or unknown).
func (s *Sub) Drawn() (version uint64, named int, ok bool) {
	d := s.drew.Load()
	if d == 0 {
		return 0, 0, false
	}
	return d >> drewBits, int(d&(1<<drewBits-1)) - 1, true
}

// mayPass reports whether the change to version, "typing…" of the person
// at index at in People, is one the subscriber cannot show: it drew the
// snapshot just before, without naming them or the one counted first (whose
// name, a "typing…" shorter, may fit). It then counts as having drawn
// version too, so a run of such changes passes it by.
func (s *Sub) mayPass(version uint64, at int) bool {
	d := s.drew.Load()
	if d == 0 || d>>drewBits != version-1 || at <= int(d&(1<<drewBits-1))-1 {
		return false
	}
	// a Drew in between wins: then the change is signalled
	return s.drew.CompareAndSwap(d, version<<drewBits|d&(1<<drewBits-1))
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
		if stop := s.stop.Load(); stop != nil {
			(*stop)()
		}
	})
}

// CloseWith closes the subscription when ctx ends, if it is not closed
// before; no goroutine waits for it.
func (s *Sub) CloseWith(ctx context.Context) {
	stop := context.AfterFunc(ctx, s.Close)
	s.stop.Store(&stop)
	select {
	case <-s.done: // closed meanwhile: Close may have missed stop
		stop()
	default:
	}
}

// signal says something changed at now (see sinceEpoch), without
// blocking: a signal still pending covers this change too, and keeps the
// older time.
func (s *Sub) signal(now int64) {
	s.at.CompareAndSwap(0, now)
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

// notify signals every subscription and returns how many there were.
func (ss *subs) notify() int {
	now := sinceEpoch()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for s := range ss.set {
		s.signal(now)
	}
	return len(ss.set)
}

// notifyTyping signals the subscriptions that can show a change to version
// that is only "typing…" of the person at index at in People (see
// Sub.Drew), and returns how many it signalled.
func (ss *subs) notifyTyping(version uint64, at int) int {
	now := sinceEpoch()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	n := 0
	for s := range ss.set {
		if !s.mayPass(version, at) {
			s.signal(now)
			n++
		}
	}
	return n
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
	// pacer bounds how fast each person writes (nil: no bound).
	pacer func() *Pacer
	// signals bounds how fast each person raises a hand or shows "typing…"
	// (nil: no bound).
	signals func() *Pacer
	// signer signs the ledger's heads (nil: unsigned).
	signer func() HeadSigner
	obs    Observer // nil: nobody
	// team is the team directory (nil result: none).
	team func() *Team
	// ownersKept is the owner directory last made (Room.directory)
	ownersKept atomic.Pointer[keptDirectory]

	// Joins and leaves wait here for the loop, which applies them in
	// batches (see flushPresence).
	pmu     sync.Mutex
	pending []presenceReq
	pclosed bool          // the loop stopped: no more requests
	pwake   chan struct{} // capacity 1: pending is not empty

	// Owned by the loop goroutine.
	st     *Snapshot            // working copy of the latest state
	people map[string]*Presence // never modified once in a snapshot: see edit
	// peopleMoved: someone joined, left or was edited since the last
	// publish (the published slice of people is reused until then)
	peopleMoved bool
	lobbyHit    bool
	kept        map[string]*kept // drafts and raised hands of people who left (room_drafts.go)
	keptSeq     uint64
	lastPres    time.Time // when presence was last applied
	writer      string    // who the running command writes for (see exec)
	typist      string    // the change to publish is only this person's "typing…" (SetTyping)
}

// errNoChange tells exec the command changed nothing worth publishing.
var errNoChange = errors.New("no change")

// ErrUnchanged is in the chain of an edit refused because it would leave
// its record as it was: nothing was written, and nobody was told of a
// change. Its sentence says so ("nothing to save: I22 is as it was").
var ErrUnchanged = errors.New("unchanged")

// errUnchangedRecord is ErrUnchanged about record id, for a person.
func errUnchangedRecord(id string) error {
	return &Error{Code: EINVALID, Err: ErrUnchanged, Message: "nothing to save: " + id + " is as it was"}
}

// checkChanges returns edit's error, or ErrUnchanged (about id) when edit
// leaves a copy of cur as it was but for the time stamp it sets (stamp;
// nil: a record without one): an edit that changes nothing is not
// written, for it would tell every screen in the room of an update that
// did not happen.
func checkChanges[T any](cur *T, id string, edit func(*T) error, stamp func(*T) *time.Time) error {
	c := *cur
	if err := edit(&c); err != nil {
		return err
	}
	if stamp != nil {
		*stamp(&c) = *stamp(cur)
	}
	if reflect.DeepEqual(&c, cur) {
		return errUnchangedRecord(id)
	}
	return nil
}

func newRoom(ctx context.Context, b *Bundle, guide *Guide, store Store, clock Clock, log *slog.Logger, obs Observer, lobby func(), team func() *Team) *Room {
	r := &Room{
		id:     b.Meeting.ID,
		store:  store,
		clock:  clock,
		log:    log,
		obs:    obs,
		cmds:   make(chan func()),
		done:   make(chan struct{}),
		pwake:  make(chan struct{}, 1),
		lobby:  lobby,
		team:   team,
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
	defer r.closePresence()
	var due *time.Timer // a presence batch waits for presenceGap
	defer func() {
		if due != nil {
			due.Stop()
		}
	}()
	var dueC <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case f := <-r.cmds:
			f()
			if r.st.Meeting.Timer.Ended() {
				return
			}
		case <-r.pwake:
			if dueC != nil {
				continue // the batch already waits for its turn
			}
			if wait := presenceGap - time.Since(r.lastPres); wait > 0 && len(r.people) >= batchFrom {
				due = time.NewTimer(wait)
				dueC = due.C
				continue
			}
			r.flushPresence()
		case <-dueC:
			due, dueC = nil, nil
			r.flushPresence()
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
		r.writer, r.typist = "", ""
		last, err := fn()
		switch {
		case errors.Is(err, errNoChange):
			errc <- nil
		case err != nil:
			errc <- userError(r.log, r.id, err)
		default:
			// A form closes once what it submits is stored, and its
			// "typing…" with it: shown in the same change, not in one
			// more right behind it (which every screen would draw again).
			if p := r.people[r.writer]; p != nil && p.Typing {
				r.edit(p).Typing = false
			}
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

// edit returns a copy of p to change in place of p, which a published
// snapshot may hold: records in a snapshot never change (screens read them
// without a lock).
func (r *Room) edit(p *Presence) *Presence {
	np := *p
	r.people[p.Handle], r.peopleMoved = &np, true
	return &np
}

// comparePresence orders a room's people as it shows them: raised hands
// first, in the order they went up (the queue the facilitator calls from),
// then everyone else in the order they arrived. In a room of hundreds only
// the first few names fit on a line: a hand raised by the two-hundredth to
// arrive is still among them.
func comparePresence(a, b *Presence) int {
	switch {
	case a.Hand != b.Hand:
		if a.Hand {
			return -1
		}
		return 1
	case a.Hand:
		if c := a.HandAt.Compare(b.HandAt); c != 0 {
			return c
		}
	}
	if c := a.Since.Compare(b.Since); c != 0 {
		return c
	}
	return compareStrings(a.Handle, b.Handle)
}

// publishLocked (on the loop goroutine) stores a new snapshot and signals.
// The published snapshot gets its own slices, so later in-place edits of the
// working copy never show through it.
func (r *Room) publishLocked(last string) {
	r.st.Version++
	if last != "" {
		r.st.Last = last
	}
	people := r.st.People
	if r.peopleMoved || people == nil {
		// a new slice of the same records, but for those edited since
		// (Room.edit): the last snapshot's stays as it was
		people = make([]*Presence, 0, len(r.people))
		for _, p := range r.people {
			people = append(people, p)
		}
		slices.SortFunc(people, comparePresence)
		r.st.People, r.peopleMoved = people, false
	}
	pub := *r.st
	pub.Actions = slices.Clone(pub.Actions)
	pub.Carried = slices.Clone(pub.Carried)
	pub.Linked = slices.Clone(pub.Linked)
	pub.Issues = slices.Clone(pub.Issues)
	pub.Decisions = slices.Clone(pub.Decisions)
	pub.DueReview = slices.Clone(pub.DueReview)
	pub.Stories = slices.Clone(pub.Stories)
	pub.Promises = slices.Clone(pub.Promises)
	pub.Systemic = slices.Clone(pub.Systemic)
	pub.Journeys = slices.Clone(pub.Journeys)
	pub.Initiatives = slices.Clone(pub.Initiatives)
	pub.Experiments = slices.Clone(pub.Experiments)
	r.snap.Store(&pub)
	at := -1
	if r.typist != "" {
		at = slices.IndexFunc(people, func(p *Presence) bool { return p.Handle == r.typist })
		r.typist = ""
	}
	var n int
	if at >= 0 {
		n = r.subs.notifyTyping(pub.Version, at)
	} else {
		n = r.subs.notify()
	}
	if r.obs != nil {
		r.obs.Broadcast(n)
	}
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

// check asks the policy table whether a, with their room role, may do op
// here; what names the request in a refusal ("rank issues").
func (r *Room) check(a Actor, op Op, what string, s Subject) error {
	if !policy[op].signal {
		r.writer = a.Handle
	}
	a.Role = r.role(a)
	s.What = what
	return Check(a, op, s)
}

// checkIn is check for what needs a seat in the room: a must have joined.
func (r *Room) checkIn(a Actor, op Op, what string) error {
	if err := r.check(a, op, what, Subject{}); err != nil {
		return err
	}
	if !r.here(a.Handle) {
		return Errorf(EFORBIDDEN, "join the room before you %s", what)
	}
	if policy[op].signal {
		return nil // paced where it goes up (signal)
	}
	return r.pace(a)
}

// pace takes one write from a's budget.
func (r *Room) pace(a Actor) error {
	if r.pacer == nil {
		return nil
	}
	return r.pacer().Allow(a.Handle)
}

// signal takes one raised hand or "typing…" from a's budget for them.
// Lowering and closing are never paced: nothing is left showing.
func (r *Room) signal(a Actor, what signalKind) error {
	if r.signals == nil {
		return nil
	}
	return r.signals().Allow(a.Handle + string(what))
}

// signalKind says which of a person's two signal budgets a signal uses:
// forms opened do not use up their hand, nor raised hands their forms.
type signalKind string

const (
	signalHand   signalKind = ""
	signalTyping signalKind = "\x00typing" // no handle holds a NUL
)

// userError turns an internal failure into one sentence for the person
// (with a reference) and logs the cause with the meeting; errors meant for
// people come back as they are.
func userError(log *slog.Logger, meetingID string, err error) error {
	if log != nil && meetingID != "" {
		log = log.With("meeting", meetingID)
	}
	return Public(log, err)
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
//
// Joins and leaves are applied in batches, at most one per presenceGap (the
// first at once): the new attendees are recorded in one store write and the
// room publishes once per batch, so a room filling with hundreds of people
// costs each of them a few redraws, not one per arrival. Join returns once
// its batch is applied: a joined person is in the next snapshot.
func (r *Room) Join(ctx context.Context, a Actor) (leave func(), err error) {
	if err := r.presence(ctx, a, true); err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { _ = r.presence(context.Background(), a, false) }) }, nil
}

// presenceGap is the least time between two batches of joins and leaves,
// once the room holds batchFrom people: a publish then costs a redraw on
// that many screens. A smaller room applies each join and leave at once.
const (
	presenceGap = 100 * time.Millisecond
	batchFrom   = 25
)

// presenceReq is a join or a leave waiting for its batch.
type presenceReq struct {
	a     Actor
	join  bool
	at    time.Time  // when it was asked (the meeting clock): a joiner's "since"
	reply chan error // capacity 1
}

// presence queues a join or leave and waits for its batch. Once queued, a
// request is applied (or refused because the meeting ended) whatever ctx
// does, as a taken command is (see exec).
func (r *Room) presence(ctx context.Context, a Actor, join bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q := presenceReq{a: a, join: join, at: r.now(), reply: make(chan error, 1)}
	r.pmu.Lock()
	if r.pclosed {
		r.pmu.Unlock()
		return Errorf(ECONFLICT, "the meeting has ended")
	}
	r.pending = append(r.pending, q)
	r.pmu.Unlock()
	select {
	case r.pwake <- struct{}{}:
	default:
	}
	return <-q.reply
}

// here (on the loop goroutine) reports whether handle is in the room. A
// join of theirs still waiting for its batch is applied now, with its
// batch: someone who opened the room and at once adds a record must not be
// told to join first.
func (r *Room) here(handle string) bool {
	if r.people[handle] != nil {
		return true
	}
	r.pmu.Lock()
	waiting := slices.ContainsFunc(r.pending, func(q presenceReq) bool { return q.join && q.a.Handle == handle })
	r.pmu.Unlock()
	if waiting {
		r.flushPresence()
	}
	return r.people[handle] != nil
}

// closePresence (on the loop goroutine, as it stops) refuses the requests
// still waiting and any to come.
func (r *Room) closePresence() {
	r.pmu.Lock()
	reqs := r.pending
	r.pending, r.pclosed = nil, true
	r.pmu.Unlock()
	for _, q := range reqs {
		q.reply <- Errorf(ECONFLICT, "the meeting has ended")
	}
}

// flushPresence (on the loop goroutine) applies the waiting joins and
// leaves in order: the new attendees in one store write, then one publish.
func (r *Room) flushPresence() {
	r.pmu.Lock()
	reqs := r.pending
	r.pending = nil
	r.pmu.Unlock()
	if len(reqs) == 0 {
		return
	}
	r.lastPres = time.Now()
	errs := make([]error, len(reqs))
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("room presence panicked", "meeting", r.id, "panic", p, "stack", string(debug.Stack()))
			for i := range errs {
				errs[i] = Errorf(EINTERNAL, "something went wrong in the room; nothing was saved")
			}
		}
		for i, q := range reqs {
			q.reply <- errs[i]
		}
	}()
	// the attendees to record: whoever joins for the first time
	var add []Attendee
	isAttendee := func(h string) bool {
		return slices.ContainsFunc(r.st.Meeting.Attendees, func(x Attendee) bool { return x.Handle == h }) ||
			slices.ContainsFunc(add, func(x Attendee) bool { return x.Handle == h })
	}
	for i, q := range reqs {
		switch {
		case !q.join:
		case !canSee(r.st.Meeting, q.a):
			errs[i] = Errorf(EFORBIDDEN, "this is a private coaching session")
		case r.people[q.a.Handle] == nil && !isAttendee(q.a.Handle):
			add = append(add, Attendee{Handle: q.a.Handle, Name: q.a.Name, Role: q.a.Role, Guest: q.a.Guest, JoinedAt: q.at})
		}
	}
	var werr error
	if len(add) > 0 {
		werr = r.saveMeeting(func(m *Meeting) error {
			for _, at := range add {
				m.Join(at)
			}
			return nil
		})
		if werr != nil {
			werr = userError(r.log, r.id, werr)
		}
	}
	changed, last := false, ""
	for i, q := range reqs {
		if errs[i] != nil {
			continue
		}
		h := q.a.Handle
		p := r.people[h]
		switch {
		case q.join && p != nil:
			r.edit(p).Sessions++
			changed = true
		case q.join:
			if werr != nil && slices.ContainsFunc(add, func(x Attendee) bool { return x.Handle == h }) {
				errs[i] = werr
				continue
			}
			np := &Presence{Actor: q.a, Sessions: 1, Since: q.at}
			if k := r.kept[h]; k != nil && !k.handAt.IsZero() {
				// the hand they had up when they dropped, in its place in the queue
				np.Hand, np.HandAt, k.handAt = true, k.handAt, time.Time{}
				r.forget(h)
			}
			r.people[h], r.peopleMoved = np, true
			r.lobbyHit, changed, last = true, true, q.a.Name+" joined"
		case p == nil:
		case p.Sessions > 1:
			// The session that left may have been the one typing (a
			// connection dropped with a form open never says it stopped):
			// stale "typing…" is worse than a briefly missing one.
			p = r.edit(p)
			p.Sessions--
			if p.Typing {
				p.Typing, changed = false, true
			}
		default:
			if p.Hand {
				r.keep(h).handAt = p.HandAt // up again if they come back
			}
			delete(r.people, h)
			r.peopleMoved = true
			r.lobbyHit, changed, last = true, true, q.a.Name+" left"
		}
	}
	if changed {
		r.publishLocked(last)
	}
}

// SetTyping shows or hides "typing…" next to a's name.
func (r *Room) SetTyping(ctx context.Context, a Actor, typing bool) error {
	return r.exec(ctx, func() (string, error) {
		if typing {
			r.here(a.Handle) // a form opened as its author enters shows
		}
		p := r.people[a.Handle]
		if p == nil || p.Typing == typing || r.check(a, OpRaiseHand, "type", Subject{}) != nil ||
			typing && r.signal(a, signalTyping) != nil {
			return "", errNoChange
		}
		r.edit(p).Typing = typing
		r.typist = p.Handle
		return "", nil
	})
}

// RaiseHand raises or lowers a's hand.
func (r *Room) RaiseHand(ctx context.Context, a Actor, up bool) error {
	return r.hand(ctx, a, func(bool) bool { return up })
}

// ToggleHand raises a's hand if it is down and lowers it if it is up, as
// the room has it when it takes the command: a screen's own copy may be a
// few presses behind (h h typed in one go raise and lower it).
func (r *Room) ToggleHand(ctx context.Context, a Actor) error {
	return r.hand(ctx, a, func(up bool) bool { return !up })
}

func (r *Room) hand(ctx context.Context, a Actor, to func(up bool) bool) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpRaiseHand, "raise a hand"); err != nil {
			return "", err
		}
		p := r.people[a.Handle]
		up := to(p.Hand)
		if p.Hand == up {
			return "", errNoChange
		}
		if up {
			if err := r.signal(a, signalHand); err != nil {
				return "", err
			}
		}
		p = r.edit(p)
		p.Hand, p.HandAt = up, time.Time{}
		if up {
			p.HandAt = r.now()
			return a.Name + " raised their hand", nil
		}
		return a.Name + " lowered their hand", nil
	})
}

// HandOver gives the facilitator role to handle, who must be in the room and
// not an observer.
func (r *Room) HandOver(ctx context.Context, a Actor, handle string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpHandOver, "hand over facilitation", Subject{}); err != nil {
			return "", err
		}
		p := r.people[handle]
		switch {
		case p == nil:
			return "", Errorf(EINVALID, "%s is not in the room", clip(handle))
		case !Can(p.Actor, OpFacilitate, Subject{}):
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
		if err := Check(a, OpClaim, Subject{}); err != nil { // the team role: whoever runs meetings
			return "", err
		}
		switch {
		case !r.here(a.Handle):
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

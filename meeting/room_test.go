package meeting_test

// Long on purpose: the live room's behaviour end to end (joins, roles, clock, records) on one fake clock.

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

var (
	maria = meeting.Actor{Handle: "maria", Name: "Maria Lopez", Role: meeting.RoleFacilitator}
	ana   = meeting.Actor{Handle: "ana", Name: "Ana", Role: meeting.RoleMember}
	tom   = meeting.Actor{Handle: "tom", Name: "Tom", Role: meeting.RoleMember}
	obs   = meeting.Actor{Handle: "olga", Name: "Olga", Role: meeting.RoleObserver}
	lead  = meeting.Actor{Handle: "li", Name: "Li", Role: meeting.RoleFacilitator}
)

// Tuesday 24 Nov 2026, 09:00.
var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

type env struct {
	ctx   context.Context
	db    meeting.Store
	clock *meeting.FakeClock
	hub   *meeting.Hub
	svc   *meeting.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvOn(t, memstore.New())
}

// newEnvOn is newEnv over db (a wrapped store, for fault injection).
func newEnvOn(t *testing.T, db meeting.Store) *env {
	t.Helper()
	e := &env{ctx: context.Background(), db: db, clock: meeting.NewFakeClock(t0)}
	e.hub = meeting.NewHub(db, e.clock, nil)
	e.svc = meeting.NewService(db, e.clock, e.hub, nil)
	t.Cleanup(e.hub.Close)
	return e
}

func agenda(t *testing.T, id string) meeting.Agenda {
	t.Helper()
	for _, a := range agendas.Builtin() {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no agenda %s", id)
	return meeting.Agenda{}
}

func (e *env) start(t *testing.T, in meeting.StartInput) *meeting.Room {
	t.Helper()
	r, err := e.hub.Start(e.ctx, maria, in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func join(t *testing.T, r *meeting.Room, as ...meeting.Actor) {
	t.Helper()
	for _, a := range as {
		leave, err := r.Join(context.Background(), a)
		if err != nil {
			t.Fatalf("%s joins: %v", a.Handle, err)
		}
		t.Cleanup(leave)
	}
}

func code(err error) meeting.Code {
	if err == nil {
		return ""
	}
	return meeting.ErrorCode(err)
}

func TestRoomRolesAreEnforcedInTheRoom(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana, obs)
	ctx := e.ctx
	fresh := meeting.Actor{Handle: "nobody", Name: "Nobody", Role: meeting.RoleMember}
	cases := []struct {
		name string
		err  error
		want meeting.Code
	}{
		{"member next", r.Next(ctx, ana), meeting.EFORBIDDEN},
		{"member pause", r.Pause(ctx, ana), meeting.EFORBIDDEN},
		{"member extend", r.Extend(ctx, ana, 5*time.Minute), meeting.EFORBIDDEN},
		{"observer raises hand", r.RaiseHand(ctx, obs, true), meeting.EFORBIDDEN},
		{"team facilitator who is not running it", r.Next(ctx, lead), meeting.EFORBIDDEN},
	}
	_, err := r.AddAction(ctx, obs, meeting.ActionInput{Text: "x", Owner: "maria", Due: "fri"})
	cases = append(cases, struct {
		name string
		err  error
		want meeting.Code
	}{"observer adds action", err, meeting.EFORBIDDEN})
	_, err = r.AddIssue(ctx, obs, meeting.IssueInput{Title: "x"})
	cases = append(cases, struct {
		name string
		err  error
		want meeting.Code
	}{"observer raises issue", err, meeting.EFORBIDDEN})
	_, err = r.AddAction(ctx, fresh, meeting.ActionInput{Text: "x", Owner: "maria", Due: "fri"})
	cases = append(cases, struct {
		name string
		err  error
		want meeting.Code
	}{"not joined", err, meeting.EFORBIDDEN})
	_, err = r.End(ctx, ana)
	cases = append(cases, struct {
		name string
		err  error
		want meeting.Code
	}{"member ends", err, meeting.EFORBIDDEN})
	for _, c := range cases {
		if got := code(c.err); got != c.want {
			t.Errorf("%s: code %q (%v), want %q", c.name, got, c.err, c.want)
		}
	}
	// nothing was written by the refused commands
	as, _ := e.db.Actions(ctx, meeting.ActionFilter{})
	is, _ := e.db.Issues(ctx, meeting.IssueFilter{})
	if len(as) != 0 || len(is) != 0 {
		t.Fatalf("refused commands wrote %d actions, %d issues", len(as), len(is))
	}
	if r.Snapshot().Meeting.Timer.Current != 0 {
		t.Fatal("a member moved the segment")
	}
	// the facilitator can; a member adds
	if err := r.Next(ctx, maria); err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddAction(ctx, ana, meeting.ActionInput{Text: "Call Acme", Owner: "ana", Due: "fri"}); err != nil {
		t.Fatal(err)
	}
}

func TestRoomHandOverAndClaim(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, obs)
	leaveAna, err := r.Join(e.ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.HandOver(e.ctx, maria, "olga"); code(err) != meeting.EINVALID {
		t.Fatalf("hand over to an observer: %v", err)
	}
	if err := r.HandOver(e.ctx, maria, "nobody"); code(err) != meeting.EINVALID {
		t.Fatalf("hand over to someone absent: %v", err)
	}
	if err := r.HandOver(e.ctx, maria, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := r.Next(e.ctx, ana); err != nil {
		t.Fatalf("ana facilitates now: %v", err)
	}
	if err := r.Next(e.ctx, maria); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("maria handed over but still navigates: %v", err)
	}
	// li, a team facilitator, may take over only once ana has gone
	join(t, r, lead)
	if err := r.Claim(e.ctx, lead); code(err) != meeting.ECONFLICT {
		t.Fatalf("claim while the facilitator is here: %v", err)
	}
	if err := r.Claim(e.ctx, tom); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("a member claims: %v", err)
	}
	leaveAna()
	if err := r.Claim(e.ctx, lead); err != nil {
		t.Fatalf("claim after the facilitator left: %v", err)
	}
	if got := r.Snapshot().Meeting.Facilitator; got != "li" {
		t.Fatalf("facilitator %q", got)
	}
	stored, _ := e.db.Meeting(e.ctx, r.ID())
	if stored.Facilitator != "li" {
		t.Fatal("hand-over not stored")
	}
}

func TestRoomActionAppearsOnlyAfterStoreAndSignalsSubscribers(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana)
	sub := r.Subscribe()
	defer sub.Close()
	v0 := r.Snapshot().Version
	x, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Fix \x1b]52;c;aGVsbG8=\a the\x1b[2J error\r copy", Owner: "@maria", Due: "fri"})
	if err != nil {
		t.Fatal(err)
	}
	if x.Text != "Fix the error copy" || x.Owner != "maria" || x.Due != "2026-11-27" {
		t.Fatalf("stored %+v", x)
	}
	got, err := e.db.Action(e.ctx, x.ID)
	if err != nil || got.Text != x.Text {
		t.Fatalf("not stored: %v %+v", err, got)
	}
	select {
	case <-sub.C():
	default:
		t.Fatal("subscriber not signalled")
	}
	s := r.Snapshot()
	if s.Version <= v0 || len(s.Actions) != 1 || s.Actions[0].ID != x.ID {
		t.Fatalf("snapshot v%d actions %v", s.Version, s.Actions)
	}
	if x.Segment != "Review VOC dashboard: themes, spikes, sentiment shifts" || x.MeetingID != s.Meeting.ID || x.SeriesID != s.Meeting.SeriesID {
		t.Fatalf("action provenance: %+v", x)
	}
	// a bad value is refused and nothing is stored
	if _, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "y", Owner: "ana", Due: "someday"}); code(err) != meeting.EINVALID {
		t.Fatalf("bad due: %v", err)
	}
	if as, _ := e.db.Actions(e.ctx, meeting.ActionFilter{}); len(as) != 1 {
		t.Fatalf("%d actions stored", len(as))
	}
}

func TestStalledSubscriberCostsNothing(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(-1, 0) // 50 issues at once: a script's pace
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana)
	stalled := r.Subscribe() // never read
	defer stalled.Close()
	live := r.Subscribe()
	defer live.Close()
	for i := range 50 {
		if _, err := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: fmt.Sprintf("issue %d", i)}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-live.C():
		case <-time.After(5 * time.Second):
			t.Fatal("live subscriber not signalled")
		}
	}
	// the stalled one holds at most one pending signal
	n := 0
	for {
		select {
		case <-stalled.C():
			n++
			continue
		default:
		}
		break
	}
	if n != 1 {
		t.Fatalf("stalled subscriber had %d pending signals, want 1 (coalesced)", n)
	}
	if got := len(r.Snapshot().Issues); got != 50 {
		t.Fatalf("%d issues", got)
	}
}

func TestConcurrentAddsAreStoredOnceInOneOrder(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	const n = 50
	people := make([]meeting.Actor, n)
	for i := range people {
		people[i] = meeting.Actor{Handle: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("P%d", i), Role: meeting.RoleMember}
	}
	leaveAll(t, joinAll(t, r, people)) // a crowd arrives at once, as people do
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for _, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := r.AddAction(context.Background(), p, meeting.ActionInput{Text: "from " + p.Handle, Owner: p.Handle, Due: "+1w"})
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := r.Snapshot()
	if len(s.Actions) != n {
		t.Fatalf("%d actions in the room", len(s.Actions))
	}
	stored, _ := e.db.Actions(e.ctx, meeting.ActionFilter{MeetingID: s.Meeting.ID})
	if len(stored) != n {
		t.Fatalf("%d stored", len(stored))
	}
	seen := map[string]bool{}
	for i, a := range s.Actions {
		if seen[a.Text] {
			t.Fatalf("%q stored twice", a.Text)
		}
		seen[a.Text] = true
		// one order: ids increase in the order the room applied them
		if i > 0 && meeting.CompareIDs(s.Actions[i-1].ID, a.ID) >= 0 {
			t.Fatalf("room order %s then %s", s.Actions[i-1].ID, a.ID)
		}
	}
}

func TestVOCTriageFlow(t *testing.T) {
	e := newEnv(t)
	voc := agenda(t, "voc-triage")
	// last week's meeting leaves open work
	r1 := e.start(t, meeting.StartInput{Agenda: voc})
	join(t, r1, maria, ana, tom)
	a1, _ := r1.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Fix billing copy", Owner: "ana", Due: "+1w"})
	a2, _ := r1.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Call Acme", Owner: "tom", Due: "+1w"})
	a3, _ := r1.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Already done", Owner: "tom", Due: "+1w"})
	if _, err := r1.SetActionStatus(e.ctx, tom, a3.ID, meeting.StatusDone, ""); err != nil {
		t.Fatal(err)
	}
	old, _ := r1.AddIssue(e.ctx, ana, meeting.IssueInput{Title: "Unresolved from last week"})
	if _, err := r1.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	// the first meeting was ad hoc: its facilitator makes it a series
	if _, err := e.svc.StartSeries(e.ctx, maria, r1.ID(), time.UTC); err != nil {
		t.Fatal(err)
	}
	// an action outside any series is not carried
	if _, err := e.svc.AddAction(e.ctx, maria, "Outside", "maria", "fri"); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(7 * 24 * time.Hour)
	r := e.start(t, meeting.StartInput{Agenda: voc})
	join(t, r, maria, ana, tom)
	s := r.Snapshot()
	if got := ids(s.Carried); !slices.Equal(got, []string{a1.ID, a2.ID}) {
		t.Fatalf("carried %v, want %s %s", got, a1.ID, a2.ID)
	}
	if s.Issue(old.ID) == nil {
		t.Fatal("unresolved issue not carried")
	}
	// raise and rank
	i1, _ := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: "Billing errors", Story: "I almost gave up", Stat: "12%"})
	i2, _ := r.AddIssue(e.ctx, tom, meeting.IssueInput{Title: "Slow replies"})
	i3, _ := r.AddIssue(e.ctx, tom, meeting.IssueInput{Title: "Checkout confusing"})
	if err := r.MoveIssue(e.ctx, maria, i3.ID, -3); err != nil {
		t.Fatal(err)
	}
	if got := issueIDs(r.Snapshot().Issues); got[0] != i3.ID {
		t.Fatalf("rank after move: %v", got)
	}
	if err := r.MoveIssue(e.ctx, ana, i1.ID, -1); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("member ranks: %v", err)
	}
	// deep-dive marks the top 3
	if err := r.Next(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	s = r.Snapshot()
	var deep []string
	for _, i := range s.Issues {
		if i.DeepDive {
			deep = append(deep, i.ID)
		}
	}
	if len(deep) != 3 || deep[0] != i3.ID {
		t.Fatalf("deep-dived %v", deep)
	}
	// one gets an owner through a linked action; others stay unowned
	x, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Rewrite checkout copy", Owner: "ana", Due: "+1w", IssueID: i3.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Snapshot().Issue(i3.ID)
	linked := r.Snapshot().IssueActions(got)
	if !slices.Contains(got.ActionIDs, x.ID) || !got.Owned() || len(linked) != 1 || linked[0].Owner != "ana" || linked[0].Text != x.Text {
		t.Fatalf("linked issue %+v", got)
	}
	// walk the prior actions
	if err := r.Next(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	if w := r.Snapshot().WalkAction(); w == nil || w.ID != a1.ID {
		t.Fatalf("walk starts at %v", w)
	}
	if _, err := r.Review(e.ctx, maria, a1.ID, meeting.OutcomeBlocked, ""); code(err) != meeting.EINVALID {
		t.Fatalf("blocked without what unblocks it: %v", err)
	}
	if _, err := r.Review(e.ctx, tom, a1.ID, meeting.OutcomeDone, ""); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("tom reviews ana's action: %v", err)
	}
	if _, err := r.Review(e.ctx, maria, a1.ID, meeting.OutcomeBlocked, "legal sign-off"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Review(e.ctx, tom, a2.ID, meeting.OutcomeEscalated, "to the COO"); err != nil {
		t.Fatal(err)
	}
	s = r.Snapshot()
	if s.Meeting.Walk != 2 || s.WalkAction() != nil {
		t.Fatalf("walk at %d", s.Meeting.Walk)
	}
	b1, _ := e.db.Action(e.ctx, a1.ID)
	if b1.Status != meeting.StatusBlocked || b1.LastChange().Note != "legal sign-off" || b1.LastChange().By != "maria" {
		t.Fatalf("history not stored: %+v", b1.History)
	}
	// ending lists the deep-dived issues still unowned: the top 3 were i3,
	// last week's issue and i1; i3 got its owner
	_ = i2
	unowned, err := r.End(e.ctx, maria)
	if err != nil {
		t.Fatal(err)
	}
	if got := issueIDs(unowned); !slices.Equal(sorted(got), sorted([]string{old.ID, i1.ID})) {
		t.Fatalf("unowned at end: %v", got)
	}
	if _, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "late", Owner: "ana", Due: "fri"}); code(err) != meeting.ECONFLICT {
		t.Fatalf("after end: %v", err)
	}
	if len(e.hub.Rooms(maria)) != 0 {
		// the hub drops ended rooms asynchronously; wait for it
		deadline := time.Now().Add(2 * time.Second)
		for len(e.hub.Rooms(maria)) != 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := len(e.hub.Rooms(maria)); n != 0 {
			t.Fatalf("%d rooms still live", n)
		}
	}
}

func TestResumeAfterRestartKeepsSegmentAndTime(t *testing.T) {
	clock := meeting.NewFakeClock(t0)
	db := memstore.New() // the store outlives the process; Badger's durability is store's to test
	hub := meeting.NewHub(db, clock, nil)
	r, err := hub.Start(context.Background(), maria, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	join(t, r, maria)
	clock.Advance(16 * time.Minute) // one minute over the first segment
	if err := r.Next(context.Background(), maria); err != nil {
		t.Fatal(err)
	}
	clock.Advance(4 * time.Minute)
	want := r.Snapshot().Meeting.Timer.Timing(clock.Now())
	id := r.ID()
	hub.Close()

	clock.Advance(30 * time.Second) // the restart takes a moment: the clock keeps running
	hub = meeting.NewHub(db, clock, nil)
	defer hub.Close()
	if err := hub.Resume(context.Background()); err != nil {
		t.Fatal(err)
	}
	r2, err := hub.Room(id, maria)
	if err != nil {
		t.Fatal(err)
	}
	got := r2.Snapshot().Meeting.Timer.Timing(clock.Now())
	if got.Segment != 1 || got.SegElapsed != want.SegElapsed+30*time.Second || got.GiveUp != time.Minute {
		t.Fatalf("resumed at segment %d, %v elapsed, give up %v; want segment 1, %v, 1m", got.Segment, got.SegElapsed, got.GiveUp, want.SegElapsed+30*time.Second)
	}
}

func TestGuidePrivacy(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "Checkout friction"})
	if _, err := r.Join(e.ctx, tom); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("a third person joins a GUIDE session: %v", err)
	}
	if got := len(e.hub.Rooms(tom)); got != 0 {
		t.Fatalf("tom sees %d rooms", got)
	}
	if _, err := e.hub.Room(r.ID(), tom); code(err) != meeting.ENOTFOUND {
		t.Fatalf("tom finds the room: %v", err)
	}
	join(t, r, maria, ana)
	if err := r.GuideAnswer(e.ctx, ana, 0, "Pay in under a minute"); err != nil {
		t.Fatal(err)
	}
	if err := r.GuideNotes(e.ctx, ana, "sneaky"); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("coachee writes notes: %v", err)
	}
	if err := r.GuideNotes(e.ctx, maria, "Strong on goals; work on evidence"); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	if g := s.GuideFor("maria"); g == nil || g.Notes == "" || g.Answers[0] != "Pay in under a minute" {
		t.Fatalf("coach view %+v", g)
	}
	if g := s.GuideFor("ana"); g == nil || g.Notes != "" || g.Answers[0] == "" {
		t.Fatalf("coachee view %+v", g)
	}
	if g := s.GuideFor("tom"); g != nil {
		t.Fatal("tom sees the session")
	}
	if s.Bundle.Guide != nil {
		t.Fatal("the unfiltered session leaks through the snapshot's bundle")
	}
	// the minutes too
	if _, err := e.svc.Minutes(e.ctx, tom, r.ID()); code(err) != meeting.ENOTFOUND {
		t.Fatalf("tom reads the minutes: %v", err)
	}
	b, err := e.svc.Minutes(e.ctx, ana, r.ID())
	if err != nil || b.Guide == nil || b.Guide.Notes != "" {
		t.Fatalf("coachee minutes: %v %+v", err, b)
	}
}

func TestJourneyReviewRecordsMetrics(t *testing.T) {
	e := newEnv(t)
	j, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.hub.Start(e.ctx, maria, meeting.StartInput{Agenda: agenda(t, "journey-review")}); code(err) != meeting.EINVALID {
		t.Fatalf("journey review without a journey: %v", err)
	}
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "journey-review"), JourneyID: j.ID})
	join(t, r, maria, ana, tom)
	if err := r.RecordMetrics(e.ctx, tom, map[string]string{"completion": "70"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("tom (not owner) records: %v", err)
	}
	if err := r.RecordMetrics(e.ctx, ana, map[string]string{"completion": "140%"}); code(err) != meeting.EINVALID {
		t.Fatalf("bad percentage: %v", err)
	}
	if err := r.RecordMetrics(e.ctx, ana, map[string]string{"completion": "72%", "effort": "3.4"}); err != nil {
		t.Fatal(err)
	}
	got := r.Snapshot().Journey
	if v := got.Series("completion"); !slices.Equal(v, []float64{72}) || got.LastReviewed != meeting.DateOf(t0) {
		t.Fatalf("journey %+v", got)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	stored, _ := e.db.Journey(e.ctx, j.ID)
	if stored.LastReviewed != meeting.DateOf(t0) {
		t.Fatalf("last reviewed %q", stored.LastReviewed)
	}
}

func TestOnlyOneLiveMeetingPerSeries(t *testing.T) {
	e := newEnv(t)
	weeklySeries(t, e, "voc-triage")
	e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	if _, err := e.hub.Start(e.ctx, lead, meeting.StartInput{Agenda: agenda(t, "voc-triage")}); code(err) != meeting.ECONFLICT {
		t.Fatalf("second VOC triage: %v", err)
	}
	if _, err := e.hub.Start(e.ctx, ana, meeting.StartInput{Agenda: agenda(t, "qbr")}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("member starts a QBR: %v", err)
	}
}

func TestServiceActionRulesAndRoomRefresh(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana)
	x, _ := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Call Acme", Owner: "ana", Due: "fri"})
	if _, err := e.svc.SetActionStatus(e.ctx, tom, x.ID, meeting.StatusDone, ""); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("tom updates ana's action: %v", err)
	}
	if _, err := e.svc.SetActionStatus(e.ctx, obs, x.ID, meeting.StatusDone, ""); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("observer updates: %v", err)
	}
	if _, err := e.svc.AddAction(e.ctx, obs, "x", "ana", "fri"); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("observer adds: %v", err)
	}
	if _, err := e.svc.SetActionStatus(e.ctx, ana, x.ID, meeting.StatusDone, ""); err != nil {
		t.Fatal(err)
	}
	if got := r.Snapshot().Action(x.ID); got.Status != meeting.StatusDone {
		t.Fatalf("room shows %s after an outside update", got.Status)
	}
}

func ids(as []*meeting.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func issueIDs(is []*meeting.Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.ID)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

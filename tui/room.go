package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// roomScreen is the live room: the clock, the segment's prompt, its
// records, who is here, and the forms to add what the room commits to.
// Everything shown comes from the room's latest snapshot; a record appears
// only after the room stored it.
type roomScreen struct {
	d      *Deps
	st     *Styles
	room   *meeting.Room
	snap   *meeting.Snapshot
	keys   roomKeys
	sub    *meeting.Sub
	visit  context.Context // ends when we leave the room or the session ends
	leave  context.CancelFunc
	line   inLine       // the room commands, in the order their keys were pressed
	typing typingWanted // the "typing…" wanted, and whether a command waits to show it

	sel     int // selected row of the segment's list
	segSeen int // segment the selection belongs to
	form    *form
	formFor string // what the form edits, for typing presence
	ask     *question
	notice  string
	err     string
	slow    slowed // the latest refusal to go faster, until its wait is over
	joined  bool
	wait    roomWait // for the next change or clock tick
	barW    int
	history []*meeting.Guide // GUIDE: past sessions with this coachee, when shown
	showHis bool
	width   int
	clock   clockCache

	// refusals are the keys the segment offers that the policy refuses
	// this person, with what to ask the policy for the sentence that says
	// why: as refusedAs, on refusedOn[refusal.sub] (enableKeys).
	refusals  []refusal
	refusedAs meeting.Actor
	refusedOn [3]meeting.Subject
	box       *draftBox // the open form, for the room to keep if we drop
	// noticeSeg is the segment the notice was written in
	noticeSeg int
	// selSeg is the segment the selection (sel) belongs to
	selSeg int
	// keysFor is the snapshot the keys were last enabled for, keySigCache
	// their signature (enableKeys)
	keysFor     *meeting.Snapshot
	keySigCache string
	// prompt is the prompt pane's text for the segment promptSeg (the
	// agenda is fixed once a meeting starts: the text changes with the
	// segment, not with every change in the room)
	prompt    string
	promptSeg int // the segment index + 1; 0: none yet
}

// question is a y/n confirmation.
type question struct {
	text string
	yes  func() tea.Cmd
}

type (
	joinedMsg struct{ err error }
	// doneMsg is the result of a room command.
	doneMsg struct {
		err    error
		notice string
	}
	// waitedMsg: the wait a refusal to go faster asked for may be over
	waitedMsg struct{}
	endedMsg  struct {
		unowned []*meeting.Issue
		err     error
	}
	historyMsg struct {
		gs  []*meeting.Guide
		err error
	}
)

func newRoomScreen(d *Deps, st *Styles, r *meeting.Room) *roomScreen {
	visit, cancel := context.WithCancel(d.Ctx)
	s := &roomScreen{d: d, st: st, room: r, snap: r.Snapshot(), keys: newRoomKeys(), visit: visit, leave: cancel, segSeen: -1, box: &draftBox{}}
	sub := r.Subscribe()
	s.sub = sub
	// the subscription ends with the visit, however the visit ends (a
	// dropped connection never reaches close)
	sub.CloseWith(visit)
	return s
}

func (s *roomScreen) init() tea.Cmd {
	if s.joined {
		// back from a screen above: the room may have moved on meanwhile
		// (its change went to that screen), so it is taken as a change
		sub := s.sub
		return func() tea.Msg { return changedMsg{sub: sub} }
	}
	r, a, visit, box := s.room, s.d.Actor, s.visit, s.box
	join := func() tea.Msg {
		leave, err := r.Join(visit, a)
		if err != nil {
			return joinedMsg{err}
		}
		// Presence ends with the visit: leaving the screen, quitting or a
		// dropped connection all cancel it.
		// A form still open then is kept by the room until we rejoin.
		context.AfterFunc(visit, func() {
			keepDraft(r, a, box)
			leave()
		})
		return joinedMsg{}
	}
	return tea.Batch(s.line.cmd(visit, join), s.next())
}

func (s *roomScreen) close() {
	s.wait.stop()
	s.sub.Close()
	s.leave()
}

func (s *roomScreen) capturing() bool { return s.form != nil || s.ask != nil }
func (s *roomScreen) live() bool      { return s.snap.Meeting.Live() }

func (s *roomScreen) role() meeting.Role { return s.snap.RoleOf(s.d.Actor) }

// roomActor is the viewer as the room sees them: with their room role (the
// meeting's facilitator facilitates; a team facilitator who is not running
// it takes part).
func (s *roomScreen) roomActor() meeting.Actor {
	a := s.d.Actor
	a.Role = s.role()
	return a
}

// can asks the policy table whether the viewer may do op on sub here.
func (s *roomScreen) can(op meeting.Op, sub meeting.Subject) bool {
	return meeting.Can(s.roomActor(), op, sub)
}

// next waits for the room's next change or the clock's next redraw.
func (s *roomScreen) next() tea.Cmd {
	t := s.snap.Meeting.Timer.Timing(s.d.now())
	return s.wait.next(s.visit, s.sub, nextTick(t, s.barW))
}

// inLine keeps a screen's room commands in the order their keys were
// pressed. Bubble Tea runs each command on a goroutine of its own, so → → ←
// typed in one go could reach the room as ← → →, and a form opened and
// closed at once could leave its writer "typing…". Each command made through
// it starts when the one made before it has finished (or the visit ends).
// It is used on the UI goroutine only, and every command it makes must be
// returned to Bubble Tea: one never run would hold up the rest of the visit.
type inLine struct {
	last    chan struct{}
	pending atomic.Int32 // commands made and not finished
}

// maxInLine is how many room commands one screen may have waiting: a
// paste of keys into the room costs a goroutine each while it waits.
const maxInLine = 64

func (l *inLine) cmd(ctx context.Context, f func() tea.Msg) tea.Cmd {
	prev, done := l.last, make(chan struct{})
	l.last = done
	l.pending.Add(1)
	return func() tea.Msg {
		defer l.pending.Add(-1)
		defer close(done)
		if prev != nil {
			select {
			case <-prev:
			case <-ctx.Done():
			}
		}
		return f()
	}
}

// refresh takes the room's latest snapshot, and what follows from it: the
// minutes once the meeting ended, a notice and a selection that belong to
// the segment they were made in.
func (s *roomScreen) refresh() screen {
	s.snap = s.room.Snapshot()
	if !s.snap.Meeting.Live() {
		return newMinutesScreen(s.d, s.st, s.snap.Meeting.ID)
	}
	if seg := s.snap.Meeting.Timer.Current; seg != s.noticeSeg {
		// a notice belongs to the segment it was written in: the room
		// moved on, so does the line
		s.notice, s.noticeSeg = "", seg
	}
	if seg := s.snap.Meeting.Timer.Current; seg != s.selSeg {
		// each segment's list starts at its first row
		s.sel, s.selSeg = 0, seg
	}
	s.sel = min(s.sel, max(s.rows()-1, 0)) // a list can shrink under the selection
	return s
}

// slowed is the latest refusal to go faster a screen shows and when its
// wait is over. One tick at a time waits for that (a paste of keys meets
// thousands of refusals: a tick each was a goroutine each).
type slowed struct {
	said    string
	until   time.Time
	ticking bool
}

// tick waits for the end of the latest wait, unless a tick already does or
// it is over (nil).
func (w *slowed) tick() tea.Cmd {
	left := time.Until(w.until)
	if w.ticking || left <= 0 {
		return nil
	}
	w.ticking = true
	return tea.Tick(left, func(time.Time) tea.Msg { return waitedMsg{} })
}

// tooFast is the screen's sentence for a key past a full line of commands.
const tooFast = "Wait and try again: keys are arriving faster than the room can take them"

// run executes a room command off the UI goroutine, after the ones before
// it; its result comes back as a doneMsg. Past maxInLine waiting, the key
// is refused on the screen and nothing is sent.
func (s *roomScreen) run(notice string, f func(ctx context.Context) error) tea.Cmd {
	if s.line.pending.Load() >= maxInLine {
		s.err, s.notice = tooFast, ""
		return nil
	}
	ctx := s.visit
	return s.line.cmd(ctx, func() tea.Msg {
		if err := f(ctx); err != nil {
			return doneMsg{err: err}
		}
		return doneMsg{notice: notice}
	})
}

// submitForm turns a room call into a form submission whose result closes
// the form or shows its error. An edit saved as it opened closes the form
// too, saying there was nothing to save (meeting.ErrUnchanged).
func (s *roomScreen) submitForm(f func(ctx context.Context, v map[string]string) (string, error)) func(map[string]string) tea.Cmd {
	ctx := s.visit
	return func(v map[string]string) tea.Cmd {
		return s.line.cmd(ctx, func() tea.Msg {
			notice, err := f(ctx, v)
			if errors.Is(err, meeting.ErrUnchanged) {
				notice, err = meeting.ErrorMessage(err), nil
			}
			return formDoneMsg{err: err, notice: notice}
		})
	}
}

func (s *roomScreen) openForm(f *form, what string) tea.Cmd {
	s.form, s.formFor = f, what
	s.err = ""
	defer s.mirror()
	return tea.Batch(f.init(), s.setTyping(true))
}

func (s *roomScreen) closeForm() tea.Cmd {
	s.form, s.formFor = nil, ""
	s.box.set(nil)
	return s.setTyping(false)
}

// typingWanted is the "typing…" a screen wants shown, and whether a command
// to show it waits in line: forms opened and closed faster than the room
// takes them make one command, which shows what is wanted when it runs.
type typingWanted struct{ on, queued atomic.Bool }

// setTyping asks the room to show (or stop showing) the viewer typing, in
// line with the screen's other commands.
func (s *roomScreen) setTyping(on bool) tea.Cmd {
	t := &s.typing
	t.on.Store(on)
	if t.queued.Swap(true) {
		return nil // the one waiting shows what is wanted when it runs
	}
	r, a := s.room, s.d.Actor
	return s.line.cmd(s.visit, func() tea.Msg {
		t.queued.Store(false) // before reading: a later wish queues again
		_ = r.SetTyping(context.Background(), a, t.on.Load())
		return nil
	})
}

func (s *roomScreen) help() help.KeyMap {
	if s.form != nil {
		return s.form.keys
	}
	s.enableKeys()
	return roomHelp{s}
}

// roomHelp is the room's keys for the help line: a pointer, so that the
// keys are not copied on every frame.
type roomHelp struct{ s *roomScreen }

func (h roomHelp) ShortHelp() []key.Binding  { return h.s.keys.ShortHelp() }
func (h roomHelp) FullHelp() [][]key.Binding { return h.s.keys.FullHelp() }

// appendShortHelpSig is ShortHelp's part of the help line's signature
// (Model.helpView), read from the keys in place.
func (h roomHelp) appendShortHelpSig(sig []byte) []byte {
	for _, b := range h.s.keys.short() {
		sig = appendHelpSig(sig, b)
	}
	return sig
}

func (s *roomScreen) isCoach() bool {
	g := s.snap.GuideFor(s.d.Actor.Handle)
	return g != nil && strings.EqualFold(g.Coach, s.d.Actor.Handle)
}

// primaryKind is what a segment is mostly about, which decides its pane.
func primaryKind(seg meeting.Segment) meeting.RecordKind {
	for _, k := range []meeting.RecordKind{meeting.KindGuide, meeting.KindNotes, meeting.KindReview, meeting.KindMetrics,
		meeting.KindJourneys, meeting.KindPipeline, meeting.KindBoard, meeting.KindCharters, meeting.KindAccounts, meeting.KindPromises, meeting.KindIssues, meeting.KindStories, meeting.KindDecisions, meeting.KindActions} {
		if seg.Has(k) {
			return k
		}
	}
	return meeting.KindActions
}

func (s *roomScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case changedMsg:
		if msg.sub != s.sub {
			return s, nil
		}
		if next := s.refresh(); next != s {
			return next, nil
		}
		if msg.wait != 0 && msg.wait != s.wait.gen {
			return s, nil // a stale wait's: the pending one waits on
		}
		return s, s.next()
	case tea.WindowSizeMsg:
		// A change that is only "typing…" of someone this screen counted
		// passed it by (meeting.Sub.Drew): wider, it may name them, so it
		// draws the room as it is now, not the snapshot before.
		if s.joined && s.room.Snapshot().Version != s.snap.Version {
			if next := s.refresh(); next != s {
				return next, nil
			}
		}
	case joinedMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			if meeting.ErrorCode(msg.err) == meeting.EFORBIDDEN || meeting.ErrorCode(msg.err) == meeting.ECONFLICT {
				return s, pop
			}
			return s, nil
		}
		s.joined = true
		return s, s.takeDraft()
	case draftMsg:
		return s, s.restore(msg.d)
	case tickMsg:
		if msg.gen != s.wait.gen {
			return s, nil // an older wait's: the pending one ticks
		}
		return s, s.next()
	case doneMsg:
		if msg.err != nil {
			s.err, s.notice = errorSentence(msg.err), ""
			if wait := meeting.RetryAfter(msg.err); wait > 0 {
				// "wait 1 s and try again" goes once the wait is over: the
				// line is the room's events' too
				s.slow.said, s.slow.until = s.err, time.Now().Add(wait)
				return s, s.slow.tick()
			}
		} else if msg.notice != "" {
			s.err, s.notice, s.noticeSeg = "", msg.notice, s.snap.Meeting.Timer.Current
		}
		return s, nil
	case waitedMsg:
		s.slow.ticking = false
		if cmd := s.slow.tick(); cmd != nil {
			return s, cmd // a later refusal's wait is not over yet
		}
		if s.err == s.slow.said { // nothing else said since
			s.err = ""
		}
		return s, nil
	case formDoneMsg:
		if s.form == nil {
			return s, nil
		}
		if msg.err != nil {
			s.form.update(msg)
			return s, nil
		}
		s.notice, s.err, s.noticeSeg = msg.notice, "", s.snap.Meeting.Timer.Current
		return s, s.closeForm()
	case endedMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		return newMinutesScreen(s.d, s.st, s.snap.Meeting.ID), nil
	case historyMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.history, s.showHis = msg.gs, true
		return s, nil
	case tea.KeyPressMsg:
		if s.ask != nil {
			q := s.ask
			s.ask = nil
			if msg.String() == "y" || msg.String() == "Y" {
				return s, q.yes()
			}
			return s, nil
		}
		if s.form != nil {
			out, cmd := s.form.update(msg)
			if out == formCancelled {
				return s, s.closeForm()
			}
			s.mirror()
			return s, cmd
		}
		if s.showHis {
			s.showHis = false
			return s, nil
		}
		return s.key(msg)
	}
	if s.form != nil {
		_, cmd := s.form.update(msg)
		s.mirror()
		return s, cmd
	}
	return s, nil
}

// rows returns how many selectable rows the current pane has.
func (s *roomScreen) rows() int {
	switch kind := primaryKind(s.snap.Meeting.Segment()); kind {
	case meeting.KindBoard, meeting.KindCharters, meeting.KindAccounts:
		return s.execRows(kind)
	case meeting.KindIssues:
		return len(s.snap.Issues)
	case meeting.KindReview:
		return len(s.snap.Carried)
	case meeting.KindPromises:
		return len(s.snap.Promises)
	case meeting.KindJourneys:
		return len(s.snap.Systemic)
	case meeting.KindPipeline:
		return len(s.snap.Initiatives) + len(s.snap.Experiments)
	case meeting.KindStories:
		return len(s.snap.Stories)
	case meeting.KindDecisions:
		return len(s.snap.Decisions) + len(s.segmentActions())
	case meeting.KindActions:
		return len(s.segmentActions())
	}
	return 0
}

// segmentActions are the actions raised in the current segment.
func (s *roomScreen) segmentActions() []*meeting.Action {
	title := s.snap.Meeting.Segment().Title
	var out []*meeting.Action
	for _, a := range s.snap.Actions {
		if a.Segment == title {
			out = append(out, a)
		}
	}
	return out
}

func (s *roomScreen) selectedIssue() *meeting.Issue {
	if primaryKind(s.snap.Meeting.Segment()) == meeting.KindIssues && s.sel < len(s.snap.Issues) {
		return s.snap.Issues[s.sel]
	}
	return nil
}

func (s *roomScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	s.enableKeys()
	k := s.keys
	r, a := s.room, s.d.Actor
	seg := s.snap.Meeting.Segment()
	kind := primaryKind(seg)
	s.notice = ""
	s.err = ""
	on := func(b key.Binding) bool { return b.Enabled() && key.Matches(msg, b) }
	if cmd, ok := s.proofKey(msg); ok {
		return s, cmd
	}
	switch {
	case key.Matches(msg, k.Leave):
		return s, pop
	case key.Matches(msg, k.Minutes):
		return s, push(newMinutesScreen(s.d, s.st, s.snap.Meeting.ID))
	// the walk of earlier actions first: its letters shadow others
	case on(k.Done):
		return s, s.review(meeting.OutcomeDone, "")
	case on(k.OnTrack):
		return s, s.openForm(s.onTrackForm(), "review:"+meeting.OutcomeOnTrack)
	case on(k.Blocked):
		return s, s.openForm(s.reviewForm(meeting.OutcomeBlocked, "What would unblock it?"), "review:"+meeting.OutcomeBlocked)
	case on(k.Escalated):
		return s, s.openForm(s.reviewForm(meeting.OutcomeEscalated, "Escalated to whom?"), "review:"+meeting.OutcomeEscalated)
	case on(k.WalkPrev):
		return s, s.run("", func(ctx context.Context) error { return r.WalkBy(ctx, a, -1) })
	case on(k.WalkNext):
		return s, s.run("", func(ctx context.Context) error { return r.WalkBy(ctx, a, +1) })
	case on(k.Next):
		return s, s.run("", func(ctx context.Context) error { return r.Next(ctx, a) })
	case on(k.Prev):
		return s, s.run("", func(ctx context.Context) error { return r.Prev(ctx, a) })
	case on(k.Pause):
		return s, s.run("", func(ctx context.Context) error { return r.TogglePause(ctx, a) })
	case on(k.Extend):
		return s, s.run("extended by 5 min", func(ctx context.Context) error { return r.Extend(ctx, a, 5*time.Minute) })
	case on(k.End):
		s.ask = s.endQuestion()
		return s, nil
	case on(k.Up):
		s.sel = max(s.sel-1, 0)
	case on(k.Down):
		s.sel = min(s.sel+1, max(s.rows()-1, 0))
	case on(k.MoveUp), on(k.MoveDown):
		if is := s.selectedIssue(); is != nil {
			d := -1
			if key.Matches(msg, k.MoveDown) {
				d = 1
			}
			s.sel = min(max(s.sel+d, 0), max(s.rows()-1, 0))
			return s, s.run("", func(ctx context.Context) error { return r.MoveIssue(ctx, a, is.ID, d) })
		}
	case on(k.Vote):
		if is := s.selectedIssue(); is != nil {
			return s, s.run("", func(ctx context.Context) error { return r.Vote(ctx, a, is.ID) })
		}
	case on(k.Resolve):
		if is := s.selectedIssue(); is != nil {
			return s, s.run("", func(ctx context.Context) error { return r.ResolveIssue(ctx, a, is.ID, !is.Resolved) })
		}
	case on(k.Hand):
		return s, s.run("", func(ctx context.Context) error { return r.ToggleHand(ctx, a) })
	case on(k.HandOver):
		return s, s.openForm(s.handOverForm(), "hand over")
	case key.Matches(msg, k.HandOver) && meeting.Can(a, meeting.OpClaim, meeting.Subject{}):
		// no notice: the room's own line says who facilitates, and stays true
		return s, s.run("", func(ctx context.Context) error { return r.Claim(ctx, a) })
	case on(k.Action):
		return s, s.openForm(s.actionForm(), "action")
	case on(k.Decision):
		return s, s.openForm(s.decisionForm(), "decision")
	case on(k.Promise):
		return s, s.openForm(s.promiseForm(nil), "promise")
	case on(k.Proposal):
		return s, s.openForm(s.proposalForm(), "proposal")
	case on(k.Scorecard):
		return s, push(newScorecardScreen(s.d, s.st))
	case on(k.Issue):
		return s, s.openForm(s.issueForm(nil), "issue")
	case on(k.Story):
		return s, s.openForm(s.storyForm(), "story")
	case on(k.Metrics):
		return s, s.openForm(s.metricsForm(), "metrics")
	case on(k.Targets):
		return s, s.openForm(s.targetsForm(), "targets")
	case on(k.Systemic):
		return s, s.openForm(s.systemicForm(nil), "systemic issue")
	case on(k.Initiative):
		return s, s.openForm(s.initiativeForm(nil), "initiative")
	case on(k.Experiment):
		return s, s.openForm(s.experimentForm(nil), "experiment")
	case on(k.Answer):
		return s, s.openForm(s.answerForm(seg), "answer")
	case on(k.Notes):
		return s, s.openForm(s.notesForm(), "notes")
	case on(k.History):
		return s, s.loadHistory()
	case on(k.Figure):
		return s, s.enterFigure()
	case on(k.Gate):
		return s, s.enterGate()
	case on(k.Status):
		return s, s.enter(kind)
	default:
		if err := s.refused(msg.String()); err != nil {
			s.err = errorSentence(err)
		}
	}
	return s, nil
}

// enter acts on the selected row.
func (s *roomScreen) enter(kind meeting.RecordKind) tea.Cmd {
	switch kind {
	case meeting.KindIssues:
		if is := s.selectedIssue(); is != nil {
			return s.openForm(s.issueForm(is), "issue")
		}
	case meeting.KindPromises:
		if s.sel < len(s.snap.Promises) {
			return s.openForm(s.promiseForm(s.snap.Promises[s.sel]), "promise")
		}
	case meeting.KindJourneys:
		if s.sel < len(s.snap.Systemic) {
			return s.openForm(s.systemicForm(s.snap.Systemic[s.sel]), "systemic issue")
		}
	case meeting.KindPipeline:
		switch in, ex := s.selectedPipeline(); {
		case in != nil:
			return s.openForm(s.initiativeForm(in), "initiative")
		case ex != nil:
			return s.openForm(s.experimentForm(ex), "experiment")
		}
	case meeting.KindActions, meeting.KindDecisions:
		acts := s.segmentActions()
		i := s.sel
		if kind == meeting.KindDecisions {
			i -= len(s.snap.Decisions)
		}
		if i >= 0 && i < len(acts) {
			// say who may, before a form is filled in for nothing
			if err := meeting.Check(s.roomActor(), meeting.OpUpdateAction, actionSubject(acts[i], s.d.team())); err != nil {
				s.err = errorSentence(err)
				return nil
			}
			return s.openForm(s.statusForm(acts[i]), "status")
		}
	}
	return nil
}

func (s *roomScreen) review(outcome, note string) tea.Cmd {
	x := s.snap.WalkAction()
	if x == nil {
		return nil
	}
	r, a := s.room, s.d.Actor
	return s.run(fmt.Sprintf("%s: %s", x.ID, outcome), func(ctx context.Context) error {
		_, err := r.Review(ctx, a, x.ID, outcome, note)
		return err
	})
}

func (s *roomScreen) endQuestion() *question {
	r, a := s.room, s.d.Actor
	text := "End the meeting for everyone? y/n"
	if un := s.snap.Unowned(); len(un) > 0 {
		var ids []string
		for _, i := range un {
			ids = append(ids, i.ID+" "+i.Title)
		}
		have := "still have"
		if len(un) == 1 {
			have = "still has"
		}
		text = fmt.Sprintf("%s %s no owner or next step: %s. End anyway? y/n", count(len(un), "deep-dived issue"), have, strings.Join(ids, "; "))
	}
	return &question{text: text, yes: func() tea.Cmd {
		ctx := s.visit
		return s.line.cmd(ctx, func() tea.Msg {
			un, err := r.End(ctx, a)
			return endedMsg{unowned: un, err: err}
		})
	}}
}

func (s *roomScreen) loadHistory() tea.Cmd {
	d := s.d
	coachees := s.snap.Meeting.Coachees
	return func() tea.Msg {
		gs, err := d.Svc.Guides(d.Ctx, d.Actor, meeting.GuideFilter{Coachees: coachees})
		return historyMsg{gs, err}
	}
}

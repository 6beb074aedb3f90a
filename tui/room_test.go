package tui

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"cxroom/meeting"
)

func TestGoldenHome(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.AddAction(context.Background(), actor("maria"), "Call the top 5 detractors", "maria", "2026-11-23"); err == nil {
		t.Fatal("a past due date was accepted")
	}
	if _, err := w.svc.AddAction(context.Background(), actor("maria"), "Call the top 5 detractors", "maria", "fri"); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 110, 30)
	golden.RequireEqual(t, s.expect("START A RITUAL", "Weekly VOC triage", "YOUR ACTIONS", "A1 Call the top 5 detractors"))
}

func TestGoldenTooSmall(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 50, 12)
	out := s.expect("Terminal too small")
	// a resize storm, including zero and tiny sizes, never panics and
	// always fits the window
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {10, 5}, {59, 15}, {60, 16}, {200, 60}, {61, 17}, {3, 80}, {120, 40}} {
		s.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		v := s.screen()
		if sz[1] > 0 && strings.Count(v, "\n")+1 != sz[1] {
			t.Fatalf("%dx%d: %d lines", sz[0], sz[1], strings.Count(v, "\n")+1)
		}
	}
	golden.RequireEqual(t, out)
}

// vocMeeting starts a VOC triage as maria with last week's actions to walk.
func vocMeeting(t *testing.T, w *world) (*harness, *meeting.Room, []*meeting.Action) {
	t.Helper()
	ctx := context.Background()
	voc := w.agenda("voc-triage")
	last, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: voc})
	if err != nil {
		t.Fatal(err)
	}
	leave, _ := last.Join(ctx, actor("maria"))
	var carried []*meeting.Action
	for _, in := range []meeting.ActionInput{
		{Text: "Fix the billing error message", Owner: "ana", Due: "+3d"},
		{Text: "Call Acme about the outage", Owner: "tom", Due: "+5d"},
	} {
		a, err := last.AddAction(ctx, actor("maria"), in)
		if err != nil {
			t.Fatal(err)
		}
		carried = append(carried, a)
	}
	if _, err := last.End(ctx, actor("maria")); err != nil {
		t.Fatal(err)
	}
	leave()
	// the first meeting was ad hoc: maria makes it a weekly series
	if _, err := w.svc.StartSeries(ctx, actor("maria"), last.ID(), time.UTC); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(7 * 24 * time.Hour)
	s := w.session("maria", 120, 36)
	s.startRitual(0) // Weekly VOC triage
	s.expect("Start: Weekly VOC triage", "WHO IS INVITED?", "[x] Ana Silva", "[ ] Olga Ivanova")
	s.keys("enter")
	s.expect("Segment 1/4", "Review VOC dashboard")
	return s, s.room(), carried
}

func TestVOCTriageInTheTUI(t *testing.T) {
	w := newWorld(t)
	s, r, carried := vocMeeting(t, w)

	// raise three issues: title, theme, signal (→ spike), story, stat
	s.keys("i")
	s.expect("New VOC issue", "Issue", "Theme", "Signal")
	s.typeText("Billing address update fails")
	s.keys("tab")
	s.typeText("billing")
	s.keys("tab", "right", "tab")
	s.typeText("I almost gave up")
	s.keys("tab")
	s.typeText("12% of customers")
	s.keys("enter")
	s.expect("1. I1 Billing address update fails", "billing · spike", "raised I1")
	for _, title := range []string{"Slow support replies", "Checkout is confusing"} {
		s.keys("i")
		s.typeText(title)
		s.keys("ctrl+s")
	}
	s.expect("2. I2 Slow support replies", "3. I3 Checkout is confusing")
	// rank: move the third issue to the top
	s.keys("down", "down", "K", "K")
	out := s.expect("1. I3 Checkout is confusing", "2. I1 Billing")
	goldenStep(t, "ranked", out)

	// deep-dive: the top 3 are marked and flagged until owned
	s.keys("n")
	out = s.expect("Segment 2/4", "Deep-dive: top 3", "⚑ needs an owner and a next step")
	if n := strings.Count(out, "⚑ needs an owner"); n != 3 {
		t.Fatalf("%d flagged issues, want 3:\n%s", n, out)
	}
	s.keys("up", "up", "up") // the top issue, I3
	s.keys("a")
	s.expect("Next step for I3: Checkout is confusing")
	s.typeText("Rewrite the checkout copy")
	s.keys("tab")
	s.typeText("an")
	s.keys("tab") // completes "ana" from the team
	s.keys("tab")
	s.typeText("fri")
	s.expect("→ Fri 4 Dec 2026")
	s.keys("enter")
	out = s.expect("next: A3 Rewrite the checkout copy — ana, due 2026-12-04, open")
	if n := strings.Count(out, "⚑ needs an owner"); n != 2 {
		t.Fatalf("%d flagged after assigning one, want 2:\n%s", n, out)
	}
	goldenStep(t, "deep-dive", out)

	// prior actions: walk both, one at a time
	s.keys("n")
	s.expect("Segment 3/4", "Prior actions — 0 of 2 walked", "▶ "+carried[0].ID)
	s.keys("d")
	s.expect("Prior actions — 1 of 2 walked", "▶ "+carried[1].ID)
	s.keys("b")
	s.expect("Blocked " + carried[1].ID)
	s.typeText("waiting on legal")
	s.keys("enter")
	out = s.expect("Prior actions — 2 of 2 walked", "All earlier actions walked.", "blocked: waiting on legal")
	goldenStep(t, "walked", out)
	got, _ := w.db.Action(context.Background(), carried[1].ID)
	if got.Status != meeting.StatusBlocked || got.LastChange().Note != "waiting on legal" {
		t.Fatalf("walk not stored: %+v", got)
	}
	got, _ = w.db.Action(context.Background(), carried[0].ID)
	if got.Status != meeting.StatusDone {
		t.Fatalf("done not stored: %s", got.Status)
	}

	// a story, then a decision
	s.keys("n")
	s.keys("s")
	s.typeText("Your error message told me nothing")
	s.keys("tab")
	s.typeText("First-time user connecting a bank")
	s.keys("ctrl+s")
	s.expect("“Your error message told me nothing”", "saved story S1")
	s.keys("d")
	s.typeText("Ship the new error copy before fixing the form")
	s.keys("ctrl+s")
	s.expect("recorded decision 2026-12-01-01")

	// ending asks first, naming the issues still unowned
	s.keys("e")
	s.expect("2 deep-dived issues still have no owner", "anyway? y/n")
	s.keys("y")
	out = s.expect("Minutes", "Still unowned after the deep-dive: I1, I2")
	if r.Snapshot().Meeting.Live() {
		t.Fatal("meeting still live")
	}
	s.keys("w")
	s.expect("written to " + w.dir)
	_ = out
}

// goldenStep compares one step of a flow with testdata/<test>/<name>.golden.
func goldenStep(t *testing.T, name, out string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { golden.RequireEqual(t, out) })
}

func TestGoldenMinutes(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	leave, _ := r.Join(ctx, actor("maria"))
	defer leave()
	is, _ := r.AddIssue(ctx, actor("maria"), meeting.IssueInput{Title: "Billing errors", Theme: "billing", Story: "I almost gave up", Stat: "12%"})
	w.clock.Advance(16 * time.Minute)
	_ = r.Next(ctx, actor("maria"))
	_, _ = r.AddAction(ctx, actor("maria"), meeting.ActionInput{Text: "Fix the error copy", Owner: "ana", Due: "fri", IssueID: is.ID})
	w.clock.Advance(20 * time.Minute)
	_, _ = r.End(ctx, actor("maria"))
	s := w.session("maria", 100, 40)
	s.d.MinutesDir = "/srv/cxroom/minutes" // shown, not written: a stable golden
	s.send(pushMsg{newMinutesScreen(s.d, s.m.st, r.ID())})
	out := s.expect("Minutes", "Weekly VOC triage", "Billing errors", "Fix the error copy")
	golden.RequireEqual(t, out)
}

func TestGoldenRituals(t *testing.T) {
	for _, id := range []string{"journey-review", "guide-coaching", "promise-audit", "qbr"} {
		t.Run(id, func(t *testing.T) {
			w := newWorld(t)
			ctx := context.Background()
			in := meeting.StartInput{Agenda: w.agenda(id)}
			switch id {
			case "journey-review":
				j, err := w.svc.AddJourney(ctx, actor("maria"), "Onboarding", "ana")
				if err != nil {
					t.Fatal(err)
				}
				in.JourneyID = j.ID
				_, _ = w.db.UpdateJourney(ctx, j.ID, func(j *meeting.Journey) error {
					j.Record(meeting.Reading{Date: "2026-09-15", Values: map[string]float64{"completion": 61, "effort": 4.1, "satisfaction": 70, "impact": 85}})
					j.Record(meeting.Reading{Date: "2026-10-15", Values: map[string]float64{"completion": 66, "effort": 3.6, "satisfaction": 74, "impact": 84}})
					return nil
				})
			case "guide-coaching":
				in.Coachee, in.Topic = "ana", "Checkout friction"
			}
			r, err := w.hub.Start(ctx, actor("maria"), in)
			if err != nil {
				t.Fatal(err)
			}
			s := w.session("maria", 120, 34)
			s.keys("enter") // the live room is first in the lobby
			s.expect(r.Snapshot().Meeting.Title, "Segment 1/")
			switch id {
			case "journey-review":
				s.expect("Journey health — Onboarding", "Completion rate", "66%", "↑ improving")
				s.keys("m")
				s.typeText("72")
				s.keys("tab")
				s.typeText("3.2")
				s.keys("ctrl+s")
				s.expect("72%", "This period's values are recorded.")
			case "guide-coaching":
				s.expect("G — Goal", "“What is the customer trying to accomplish?”")
				s.keys("enter")
				s.typeText("Pay an invoice in under a minute")
				s.keys("ctrl+s")
				s.expect("Pay an invoice in under a minute", "answer saved")
			case "promise-audit":
				s.keys("i")
				s.typeText("24/7 support")
				s.keys("ctrl+s")
				s.keys("enter")
				s.keys("tab", "tab", "tab", "tab")
				s.typeText("85")
				s.keys("ctrl+s")
				s.expect("24/7 support", "85%", "Promise-keep rate: 85%")
			case "qbr":
				s.keys("s")
				s.typeText("We finally got a straight answer")
				s.keys("ctrl+s")
				s.expect("“We finally got a straight answer”")
			}
			golden.RequireEqual(t, s.screen())
		})
	}
}

func TestGuideIsPrivateAndNotesAreTheCoachs(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("guide-coaching"), Coachee: "ana", Topic: "Checkout friction"})
	if err != nil {
		t.Fatal(err)
	}
	coach := w.session("maria", 120, 34)
	coach.keys("enter")
	coachee := w.session("ana", 120, 34)
	coachee.expect("GUIDE coaching conversation — Checkout friction with ana")
	coachee.keys("enter")
	tom := w.session("tom", 120, 34)
	tom.refuse("Checkout friction")
	// go to the notes segment (the last) and write private notes
	for range 6 {
		coach.keys("n")
	}
	coach.expect("Coaching notes — private to the coach")
	coach.keys("enter")
	coach.typeText("Strong on goals; practise evidence")
	coach.keys("ctrl+s")
	coach.expect("Strong on goals; practise evidence")
	out := coachee.expect("Coaching notes — private to the coach", "Coaching notes are the coach's alone.")
	if strings.Contains(out, "practise evidence") {
		t.Fatal("the coachee sees the coach's notes")
	}
	// H shows past sessions with the coachee
	coach.keys("H")
	coach.expect("Past GUIDE sessions with ana", "Checkout friction")
	_ = r
}

func TestMemberCannotFacilitateAndObserverCannotAdd(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 120, 34)
	ana.keys("enter")
	out := ana.expect("Segment 1/4", "Here (1): Ana Silva")
	if strings.Contains(out, "next segment") {
		t.Fatalf("a member's help offers the facilitator's keys:\n%s", out)
	}
	ana.keys("n", "p", "e")
	if got := r.Snapshot().Meeting.Timer; got.Current != 0 || got.Paused || got.Ended() {
		t.Fatal("a member's keys moved the meeting")
	}
	olga := w.session("olga", 120, 34)
	olga.keys("enter")
	olga.expect("You are observing", "Olga Ivanova (observer)")
	olga.keys("i")
	olga.refuse("New VOC issue")
	// the room refuses even when the keys are bypassed
	if _, err := r.AddIssue(ctx, actor("olga"), meeting.IssueInput{Title: "x"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Fatalf("observer add: %v", err)
	}
	// a member's issue appears on the observer's screen
	ana.keys("i")
	ana.expect("Ana Silva typing…")
	olga.expect("Ana Silva typing…")
	ana.typeText("Refunds take too long")
	ana.keys("ctrl+s")
	olga.expect("I1 Refunds take too long")
	olga.refuse("typing…")
}

func TestStoreErrorKeepsTypedText(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	s.keys("a")
	s.typeText("Call Acme")
	s.keys("tab")
	s.typeText("tom")
	s.keys("tab")
	s.typeText("someday")
	s.expect(`due date "someday" is not a date`)
	s.keys("enter")
	out := s.expect(`Due date "someday" is not a date`, "Call Acme", "tom")
	_ = out
	// the store fails: one sentence shows and the text stays
	w.db.FailAt(1)
	s.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	s.typeText("fri")
	s.keys("enter")
	out = s.expect("Call Acme", "fri", "Nothing was saved (ref ")
	if strings.Contains(out, "injected") {
		t.Fatalf("the store's own error is shown:\n%s", out)
	}
	if strings.Contains(out, "A1 Call Acme") {
		t.Fatal("an unsaved action is shown as saved")
	}
}

func TestResumeAfterReopenShowsTheSameSegmentAndTime(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	w.clock.Advance(14 * time.Minute)
	s.keys("n")
	w.clock.Advance(23 * time.Minute) // 3 over the 20-minute deep-dive
	// the first segment finished a minute early, which offsets one of the three
	s.expect("Segment 2/4", "3 min over", "later segments must give up 2 min")
	s.keys("q")
	s.expect("The meeting keeps running and can be resumed. Quit now? y/n")
	s.keys("y")

	// a new process: the hub reloads live meetings from the store
	w.hub.Close()
	w.clock.Advance(2 * time.Minute)
	w.hub = meeting.NewHub(w.db, w.clock, nil)
	w.hub.SetTeam(func() *meeting.Team { return harnessTeam })
	w.svc.Hub = w.hub
	if err := w.hub.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	s2 := w.session("maria", 120, 34)
	s2.expect("IN PROGRESS", r.Snapshot().Meeting.Title)
	s2.keys("enter")
	s2.expect("Segment 2/4", "5 min over", "later segments must give up 4 min")
}

func TestPauseExtendAndClockDisplay(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	s.expect("15 min left", "Meeting: 60 of 60 min left · on time")
	w.clock.Advance(13*time.Minute + 30*time.Second)
	s.send(tickMsg{gen: s.m.top().(*roomScreen).wait.gen})
	s.expect("1:30 left")
	s.keys("+")
	s.expect("7 min left (+5)", "later segments must give up 5 min")
	s.keys("p")
	s.expect("PAUSED")
	w.clock.Advance(10 * time.Minute)
	s.keys("p")
	s.expect("7 min left (+5)")
}

func TestTickScheduleFollowsTheDisplay(t *testing.T) {
	cases := []struct {
		name string
		t    meeting.Timing
		bar  int
		want time.Duration
	}{
		{"minutes", meeting.Timing{Started: true, SegBudget: 15 * time.Minute, SegElapsed: 30 * time.Second, SegRemaining: 14*time.Minute + 30*time.Second, MeetingRemaining: 59*time.Minute + 30*time.Second}, 0, 30 * time.Second},
		{"warning ticks each second", meeting.Timing{Started: true, Warning: true, SegBudget: 15 * time.Minute, SegRemaining: 90*time.Second + 250*time.Millisecond, MeetingRemaining: 10 * time.Minute}, 0, 250 * time.Millisecond},
		{"bar cell", meeting.Timing{Started: true, SegBudget: 10 * time.Minute, SegElapsed: 5 * time.Second, SegRemaining: 10*time.Minute - 5*time.Second, MeetingRemaining: 40*time.Minute - 5*time.Second}, 60, 5 * time.Second},
		{"paused", meeting.Timing{Started: true, Paused: true}, 60, 0},
		{"ended", meeting.Timing{Started: true, Ended: true}, 60, 0},
	}
	for _, c := range cases {
		got := nextTick(c.t, c.bar)
		want := c.want
		if want > 0 {
			want = max(want, 50*time.Millisecond) + 20*time.Millisecond
		}
		if got != want {
			t.Errorf("%s: next tick in %v, want %v", c.name, got, want)
		}
	}
}

func TestFormEscapeAsksBeforeDiscarding(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter", "a")
	s.typeText("Half-typed action")
	s.keys("esc")
	s.expect("press esc again to discard", "Half-typed action")
	s.keys("esc")
	s.refuse("Half-typed action", "New action")
}

func TestDecisionsDueForReviewComeBack(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	voc := w.agenda("voc-triage")
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: voc})
	if err != nil {
		t.Fatal(err)
	}
	leave, _ := r.Join(ctx, actor("maria"))
	if _, err := r.AddDecision(ctx, actor("maria"), meeting.DecisionInput{Decision: "Pause the loyalty email", Rationale: "Complaints doubled", ReviewDate: "+7d"}); err != nil {
		t.Fatal(err)
	}
	_, _ = r.End(ctx, actor("maria"))
	leave()
	if _, err := w.svc.StartSeries(ctx, actor("maria"), r.ID(), time.UTC); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(7 * 24 * time.Hour)
	s := w.session("maria", 120, 36)
	s.startRitual(0)
	s.keys("enter", "n", "n")
	s.expect("Segment 3/4", "DECISIONS DUE FOR REVIEW (1)", "Pause the loyalty email", "review 2026-12-01")
}

// A room session waits for the room's next change and the clock's next
// tick with one goroutine, however many changes it takes: in a room of
// hundreds each parked goroutine is a stack per person (a wait for each,
// batched, held three).
func TestRoomSessionWaitsWithOneGoroutine(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	base := runtime.NumGoroutine()
	sessions := make([]*harness, n)
	for i := range sessions {
		sessions[i] = w.session([]string{"ana", "tom"}[i%2], 120, 34)
		sessions[i].keys("enter")
		sessions[i].expect("Segment 1/4")
	}
	settled := func() int {
		for _, s := range sessions {
			s.settle()
		}
		return runtime.NumGoroutine()
	}
	inRoom := settled()
	for i := range 10 {
		if err := r.SetTyping(ctx, actor("maria"), i%2 == 0); err != nil {
			t.Fatal(err)
		}
	}
	after := settled()
	for _, s := range sessions {
		s.expect("Segment 1/4") // the clock runs: a tick is pending for each
	}
	if per := float64(inRoom-base) / n; per > 1.2 {
		t.Errorf("each room session holds %.1f goroutines waiting (want 1: the change or the tick)", per)
	}
	if after > inRoom+2 {
		t.Errorf("goroutines grew from %d to %d over 10 changes", inRoom, after)
	}
}

package meeting

import (
	"encoding/json"
	"testing"
	"time"
)

const mn = time.Minute

// t0 is when every timer test's meeting starts: Tuesday 09:00 UTC.
var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// vocPlan is the weekly VOC triage: 15 + 20 + 15 + 10 = 60 minutes.
var vocPlan = []time.Duration{15 * mn, 20 * mn, 15 * mn, 10 * mn}

// fig is the part of Timing a step asserts. Segments, MeetingPlanned and
// Started are checked by the runner for every step.
type fig struct {
	Seg         int
	El, Bud     time.Duration // segment elapsed, budget
	Rem, Over   time.Duration // segment remaining, overrun
	Warn        bool
	MEl         time.Duration // meeting elapsed
	MRem, MOver time.Duration // meeting remaining, overrun
	GiveUp      time.Duration
	Paused      bool
	Ended       bool
}

func figOf(s Timing) fig {
	return fig{
		Seg: s.Segment, El: s.SegElapsed, Bud: s.SegBudget, Rem: s.SegRemaining, Over: s.SegOverrun,
		Warn: s.Warning, MEl: s.MeetingElapsed, MRem: s.MeetingRemaining, MOver: s.MeetingOverrun,
		GiveUp: s.GiveUp, Paused: s.Paused, Ended: s.Ended,
	}
}

// tstep is one step of a timer scenario: move the clock by adv, apply op
// (which may fail with code), then, if want is set, compare the figures.
type tstep struct {
	adv  time.Duration
	op   string // start next prev goto pause resume extend end, or "" to only look
	arg  int    // goto: segment index
	ext  time.Duration
	code Code // expected error code; "" for success
	want *fig
}

func applyOp(tm *Timer, s tstep, now time.Time) error {
	switch s.op {
	case "":
		return nil
	case "start":
		return tm.Start(now)
	case "next":
		return tm.Next(now)
	case "prev":
		return tm.Prev(now)
	case "goto":
		return tm.Goto(s.arg, now)
	case "pause":
		return tm.Pause(now)
	case "resume":
		return tm.Resume(now)
	case "extend":
		return tm.Extend(s.ext, now)
	case "end":
		return tm.End(now)
	}
	panic("unknown op " + s.op)
}

func runSteps(t *testing.T, tm *Timer, clk *FakeClock, steps []tstep) {
	t.Helper()
	for i, s := range steps {
		clk.Advance(s.adv)
		now := clk.Now()
		before := tm.Clone()
		err := applyOp(tm, s, now)
		switch {
		case s.code == "" && err != nil:
			t.Fatalf("step %d (+%v %s): unexpected error %v", i, s.adv, s.op, err)
		case s.code != "" && err == nil:
			t.Fatalf("step %d (+%v %s): succeeded, want %s error", i, s.adv, s.op, s.code)
		case s.code != "" && ErrorCode(err) != s.code:
			t.Fatalf("step %d (+%v %s): error code %s (%v), want %s", i, s.adv, s.op, ErrorCode(err), err, s.code)
		}
		if err != nil {
			// A refused operation changes nothing.
			if got, want := tm.Timing(now), before.Timing(now); got != want {
				t.Fatalf("step %d (%s) failed but changed the timer:\n got %+v\nwant %+v", i, s.op, got, want)
			}
			if ErrorMessage(err) == "" {
				t.Fatalf("step %d (%s): error without a message", i, s.op)
			}
		}
		got := tm.Timing(now)
		if got.Segments != len(tm.Planned) {
			t.Fatalf("step %d: Segments = %d, want %d", i, got.Segments, len(tm.Planned))
		}
		var planned time.Duration
		for _, p := range tm.Planned {
			planned += p
		}
		if got.MeetingPlanned != planned {
			t.Fatalf("step %d: MeetingPlanned = %v, want %v", i, got.MeetingPlanned, planned)
		}
		if got.Started != tm.Started() {
			t.Fatalf("step %d: Started = %v", i, got.Started)
		}
		if s.want != nil {
			if g := figOf(got); g != *s.want {
				t.Fatalf("step %d (+%v %s):\n got %+v\nwant %+v", i, s.adv, s.op, g, *s.want)
			}
		}
	}
}

func TestTimerScenarios(t *testing.T) {
	tests := []struct {
		name  string
		plan  []time.Duration
		steps []tstep
	}{
		{
			name: "on time with warning window",
			steps: []tstep{
				{op: "start", want: &fig{Seg: 0, Bud: 15 * mn, Rem: 15 * mn, MRem: 60 * mn}},
				{adv: 5 * mn, want: &fig{Seg: 0, El: 5 * mn, Bud: 15 * mn, Rem: 10 * mn, MEl: 5 * mn, MRem: 55 * mn}},
				// 2m01s left: no warning yet.
				{adv: 7*mn + 59*time.Second, want: &fig{Seg: 0, El: 12*mn + 59*time.Second, Bud: 15 * mn, Rem: 2*mn + time.Second,
					MEl: 12*mn + 59*time.Second, MRem: 47*mn + time.Second}},
				// exactly 2 minutes left: warning.
				{adv: time.Second, want: &fig{Seg: 0, El: 13 * mn, Bud: 15 * mn, Rem: 2 * mn, Warn: true, MEl: 13 * mn, MRem: 47 * mn}},
				{adv: 1*mn + 59*time.Second, want: &fig{Seg: 0, El: 14*mn + 59*time.Second, Bud: 15 * mn, Rem: time.Second, Warn: true,
					MEl: 14*mn + 59*time.Second, MRem: 45*mn + time.Second}},
				// at the budget: neither warning nor overrun.
				{adv: time.Second, want: &fig{Seg: 0, El: 15 * mn, Bud: 15 * mn, MEl: 15 * mn, MRem: 45 * mn}},
				{op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 15 * mn, MRem: 45 * mn}},
				{adv: 20 * mn, op: "next", want: &fig{Seg: 2, Bud: 15 * mn, Rem: 15 * mn, MEl: 35 * mn, MRem: 25 * mn}},
				{adv: 15 * mn, op: "next", want: &fig{Seg: 3, Bud: 10 * mn, Rem: 10 * mn, MEl: 50 * mn, MRem: 10 * mn}},
				{adv: 9 * mn, want: &fig{Seg: 3, El: 9 * mn, Bud: 10 * mn, Rem: 1 * mn, Warn: true, MEl: 59 * mn, MRem: 1 * mn}},
				{adv: 1 * mn, op: "end", want: &fig{Seg: 3, El: 10 * mn, Bud: 10 * mn, MEl: 60 * mn, Ended: true}},
			},
		},
		{
			name: "current segment overrunning by 3 minutes",
			steps: []tstep{
				{op: "start"},
				{adv: 18 * mn, want: &fig{Seg: 0, El: 18 * mn, Bud: 15 * mn, Over: 3 * mn, MEl: 18 * mn, MRem: 42 * mn, GiveUp: 3 * mn}},
				{op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 18 * mn, MRem: 42 * mn, GiveUp: 3 * mn}},
				// the overrun of a finished segment stays owed while later ones run to plan
				{adv: 10 * mn, want: &fig{Seg: 1, El: 10 * mn, Bud: 20 * mn, Rem: 10 * mn, MEl: 28 * mn, MRem: 32 * mn, GiveUp: 3 * mn}},
			},
		},
		{
			name: "extension counts before the overrun",
			steps: []tstep{
				{op: "start"},
				{adv: 5 * mn, op: "extend", ext: 5 * mn, want: &fig{Seg: 0, El: 5 * mn, Bud: 20 * mn, Rem: 15 * mn, MEl: 5 * mn, MRem: 55 * mn, GiveUp: 5 * mn}},
				// the warning follows the extended budget: 15 minutes in, 5 left
				{adv: 10 * mn, want: &fig{Seg: 0, El: 15 * mn, Bud: 20 * mn, Rem: 5 * mn, MEl: 15 * mn, MRem: 45 * mn, GiveUp: 5 * mn}},
				{adv: 3 * mn, want: &fig{Seg: 0, El: 18 * mn, Bud: 20 * mn, Rem: 2 * mn, Warn: true, MEl: 18 * mn, MRem: 42 * mn, GiveUp: 5 * mn}},
				{adv: 4 * mn, want: &fig{Seg: 0, El: 22 * mn, Bud: 20 * mn, Over: 2 * mn, MEl: 22 * mn, MRem: 38 * mn, GiveUp: 7 * mn}},
				// a second extension adds up
				{op: "extend", ext: 3 * mn, want: &fig{Seg: 0, El: 22 * mn, Bud: 23 * mn, Rem: 1 * mn, Warn: true, MEl: 22 * mn, MRem: 38 * mn, GiveUp: 8 * mn}},
				// the extension belongs to segment 0 only
				{op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 22 * mn, MRem: 38 * mn, GiveUp: 7 * mn}},
				{op: "prev", want: &fig{Seg: 0, El: 22 * mn, Bud: 23 * mn, Rem: 1 * mn, Warn: true, MEl: 22 * mn, MRem: 38 * mn, GiveUp: 8 * mn}},
			},
		},
		{
			name: "finishing early offsets a later overrun",
			steps: []tstep{
				{op: "start"},
				{adv: 10 * mn, op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 10 * mn, MRem: 50 * mn}},
				{adv: 23 * mn, want: &fig{Seg: 1, El: 23 * mn, Bud: 20 * mn, Over: 3 * mn, MEl: 33 * mn, MRem: 27 * mn}},
				{adv: 5 * mn, want: &fig{Seg: 1, El: 28 * mn, Bud: 20 * mn, Over: 8 * mn, MEl: 38 * mn, MRem: 22 * mn, GiveUp: 3 * mn}},
				{op: "next", want: &fig{Seg: 2, Bud: 15 * mn, Rem: 15 * mn, MEl: 38 * mn, MRem: 22 * mn, GiveUp: 3 * mn}},
				// finishing segment 2 two minutes early pays back two of the three
				{adv: 13 * mn, op: "next", want: &fig{Seg: 3, Bud: 10 * mn, Rem: 10 * mn, MEl: 51 * mn, MRem: 9 * mn, GiveUp: 1 * mn}},
			},
		},
		{
			name: "going back keeps each segment's time",
			steps: []tstep{
				{op: "start"},
				{adv: 18 * mn, op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 18 * mn, MRem: 42 * mn, GiveUp: 3 * mn}},
				{adv: 5 * mn, op: "prev", want: &fig{Seg: 0, El: 18 * mn, Bud: 15 * mn, Over: 3 * mn, MEl: 23 * mn, MRem: 37 * mn, GiveUp: 3 * mn}},
				{adv: 2 * mn, want: &fig{Seg: 0, El: 20 * mn, Bud: 15 * mn, Over: 5 * mn, MEl: 25 * mn, MRem: 35 * mn, GiveUp: 5 * mn}},
				{op: "next", want: &fig{Seg: 1, El: 5 * mn, Bud: 20 * mn, Rem: 15 * mn, MEl: 25 * mn, MRem: 35 * mn, GiveUp: 5 * mn}},
				{adv: 1 * mn, want: &fig{Seg: 1, El: 6 * mn, Bud: 20 * mn, Rem: 14 * mn, MEl: 26 * mn, MRem: 34 * mn, GiveUp: 5 * mn}},
				// jumping over segment 2 saves its 15 minutes
				{op: "goto", arg: 3, want: &fig{Seg: 3, Bud: 10 * mn, Rem: 10 * mn, MEl: 26 * mn, MRem: 34 * mn}},
				{adv: 4 * mn, op: "goto", arg: 2, want: &fig{Seg: 2, Bud: 15 * mn, Rem: 15 * mn, MEl: 30 * mn, MRem: 30 * mn}},
				{adv: 6 * mn, op: "goto", arg: 3, want: &fig{Seg: 3, El: 4 * mn, Bud: 10 * mn, Rem: 6 * mn, MEl: 36 * mn, MRem: 24 * mn}},
				// goto the current segment is harmless
				{adv: 1 * mn, op: "goto", arg: 3, want: &fig{Seg: 3, El: 5 * mn, Bud: 10 * mn, Rem: 5 * mn, MEl: 37 * mn, MRem: 23 * mn}},
			},
		},
		{
			name: "an extension of a later segment still counts after going back",
			steps: []tstep{
				{op: "start"},
				{adv: 15 * mn, op: "next"},
				{op: "extend", ext: 5 * mn, want: &fig{Seg: 1, Bud: 25 * mn, Rem: 25 * mn, MEl: 15 * mn, MRem: 45 * mn, GiveUp: 5 * mn}},
				{op: "prev", want: &fig{Seg: 0, El: 15 * mn, Bud: 15 * mn, MEl: 15 * mn, MRem: 45 * mn, GiveUp: 5 * mn}},
				{op: "next", want: &fig{Seg: 1, Bud: 25 * mn, Rem: 25 * mn, MEl: 15 * mn, MRem: 45 * mn, GiveUp: 5 * mn}},
			},
		},
		{
			name: "pause and resume",
			steps: []tstep{
				{op: "start"},
				{adv: 5 * mn, op: "pause", want: &fig{Seg: 0, El: 5 * mn, Bud: 15 * mn, Rem: 10 * mn, MEl: 5 * mn, MRem: 55 * mn, Paused: true}},
				// paused time is not counted
				{adv: 30 * mn, want: &fig{Seg: 0, El: 5 * mn, Bud: 15 * mn, Rem: 10 * mn, MEl: 5 * mn, MRem: 55 * mn, Paused: true}},
				{op: "pause", code: ECONFLICT},
				{op: "resume", want: &fig{Seg: 0, El: 5 * mn, Bud: 15 * mn, Rem: 10 * mn, MEl: 5 * mn, MRem: 55 * mn}},
				{op: "resume", code: ECONFLICT},
				// resume continues the same segment
				{adv: 3 * mn, want: &fig{Seg: 0, El: 8 * mn, Bud: 15 * mn, Rem: 7 * mn, MEl: 8 * mn, MRem: 52 * mn}},
				// moving while paused: nothing counts until resume, then the new segment runs
				{op: "pause"},
				{adv: 2 * mn, op: "next", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 8 * mn, MRem: 52 * mn, Paused: true}},
				{adv: 2 * mn, op: "resume", want: &fig{Seg: 1, Bud: 20 * mn, Rem: 20 * mn, MEl: 8 * mn, MRem: 52 * mn}},
				{adv: 1 * mn, want: &fig{Seg: 1, El: 1 * mn, Bud: 20 * mn, Rem: 19 * mn, MEl: 9 * mn, MRem: 51 * mn}},
				// extending while paused works
				{op: "pause"},
				// (segment 0 finished 7 minutes early, so the 2 minutes cost nothing)
				{op: "extend", ext: 2 * mn, want: &fig{Seg: 1, El: 1 * mn, Bud: 22 * mn, Rem: 21 * mn, MEl: 9 * mn, MRem: 51 * mn, Paused: true}},
				{op: "extend", ext: 6 * mn, want: &fig{Seg: 1, El: 1 * mn, Bud: 28 * mn, Rem: 27 * mn, MEl: 9 * mn, MRem: 51 * mn, GiveUp: 1 * mn, Paused: true}},
				// ending while paused does not count the pause
				{adv: 10 * mn, op: "end", want: &fig{Seg: 1, El: 1 * mn, Bud: 28 * mn, Rem: 27 * mn, MEl: 9 * mn, MRem: 51 * mn, Paused: true, Ended: true}},
			},
		},
		{
			name: "end freezes the figures",
			steps: []tstep{
				{op: "start"},
				{adv: 10 * mn, op: "next"},
				{adv: 25 * mn, op: "end", want: &fig{Seg: 1, El: 25 * mn, Bud: 20 * mn, Over: 5 * mn, MEl: 35 * mn, MRem: 25 * mn, Ended: true}},
				{adv: 3 * time.Hour, want: &fig{Seg: 1, El: 25 * mn, Bud: 20 * mn, Over: 5 * mn, MEl: 35 * mn, MRem: 25 * mn, Ended: true}},
				{op: "next", code: ECONFLICT},
				{op: "prev", code: ECONFLICT},
				{op: "goto", arg: 0, code: ECONFLICT},
				{op: "pause", code: ECONFLICT},
				{op: "resume", code: ECONFLICT},
				{op: "extend", ext: 5 * mn, code: ECONFLICT},
				{op: "end", code: ECONFLICT},
				{op: "start", code: ECONFLICT},
				{want: &fig{Seg: 1, El: 25 * mn, Bud: 20 * mn, Over: 5 * mn, MEl: 35 * mn, MRem: 25 * mn, Ended: true}},
			},
		},
		{
			name: "meeting overrun",
			steps: []tstep{
				{op: "start"},
				{adv: 20 * mn, op: "next"},
				{adv: 25 * mn, op: "next"},
				{adv: 15 * mn, op: "next", want: &fig{Seg: 3, Bud: 10 * mn, Rem: 10 * mn, MEl: 60 * mn, GiveUp: 10 * mn}},
				{adv: 12 * mn, want: &fig{Seg: 3, El: 12 * mn, Bud: 10 * mn, Over: 2 * mn, MEl: 72 * mn, MOver: 12 * mn, GiveUp: 12 * mn}},
				{op: "end", want: &fig{Seg: 3, El: 12 * mn, Bud: 10 * mn, Over: 2 * mn, MEl: 72 * mn, MOver: 12 * mn, Ended: true}},
			},
		},
		{
			name: "errors at the edges",
			steps: []tstep{
				{op: "next", code: ECONFLICT},
				{op: "prev", code: ECONFLICT},
				{op: "goto", arg: 1, code: ECONFLICT},
				{op: "pause", code: ECONFLICT},
				{op: "resume", code: ECONFLICT},
				{op: "extend", ext: 5 * mn, code: ECONFLICT},
				{op: "end", code: ECONFLICT},
				{adv: 10 * mn, want: &fig{Seg: 0, Bud: 15 * mn, Rem: 15 * mn, MRem: 60 * mn}},
				{op: "start"},
				{op: "start", code: ECONFLICT},
				{op: "prev", code: ECONFLICT},
				{op: "goto", arg: -1, code: EINVALID},
				{op: "goto", arg: 4, code: EINVALID},
				{op: "extend", ext: 0, code: EINVALID},
				{op: "extend", ext: -5 * mn, code: EINVALID},
				{op: "extend", ext: 2*time.Hour + time.Second, code: EINVALID},
				{op: "extend", ext: 2 * time.Hour, want: &fig{Seg: 0, Bud: 135 * mn, Rem: 135 * mn, MRem: 60 * mn, GiveUp: 120 * mn}},
				{op: "goto", arg: 3},
				{op: "next", code: ECONFLICT},
				{adv: 1 * mn, op: "next", code: ECONFLICT, want: &fig{Seg: 3, El: 1 * mn, Bud: 10 * mn, Rem: 9 * mn, MEl: 1 * mn, MRem: 59 * mn}},
			},
		},
		{
			name: "single segment",
			plan: []time.Duration{30 * mn},
			steps: []tstep{
				{op: "start"},
				{op: "next", code: ECONFLICT},
				{op: "prev", code: ECONFLICT},
				{adv: 29 * mn, want: &fig{Seg: 0, El: 29 * mn, Bud: 30 * mn, Rem: 1 * mn, Warn: true, MEl: 29 * mn, MRem: 1 * mn}},
				{adv: 2 * mn, want: &fig{Seg: 0, El: 31 * mn, Bud: 30 * mn, Over: 1 * mn, MEl: 31 * mn, MOver: 1 * mn, GiveUp: 1 * mn}},
			},
		},
		{
			name: "empty agenda",
			plan: []time.Duration{},
			steps: []tstep{
				{op: "start", code: EINVALID},
				{op: "next", code: EINVALID},
				{op: "end", code: EINVALID},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := tc.plan
			if plan == nil {
				plan = vocPlan
			}
			tm := NewTimer(plan)
			runSteps(t, &tm, NewFakeClock(t0), tc.steps)
		})
	}
}

func TestTimerNotStarted(t *testing.T) {
	tm := NewTimer(vocPlan)
	if tm.Started() || tm.Ended() {
		t.Fatalf("new timer: Started=%v Ended=%v", tm.Started(), tm.Ended())
	}
	s := tm.Timing(t0.Add(time.Hour))
	want := Timing{Segments: 4, SegBudget: 15 * mn, SegRemaining: 15 * mn, MeetingPlanned: 60 * mn, MeetingRemaining: 60 * mn, AgendaLeft: 60 * mn}
	if s != want {
		t.Fatalf("Timing before start:\n got %+v\nwant %+v", s, want)
	}
}

func TestTimerNewTimerCopiesPlan(t *testing.T) {
	plan := []time.Duration{10 * mn, 20 * mn}
	tm := NewTimer(plan)
	plan[0] = time.Hour
	if tm.Budget(0) != 10*mn {
		t.Fatalf("NewTimer shares the caller's slice: Budget(0) = %v", tm.Budget(0))
	}
	if tm.Budget(-1) != 0 || tm.Budget(2) != 0 || tm.SegmentElapsed(-1, t0) != 0 || tm.SegmentElapsed(2, t0) != 0 {
		t.Fatal("out-of-range segment figures are not zero")
	}
}

func TestTimerCloneIsDeep(t *testing.T) {
	tm := NewTimer(vocPlan)
	if err := tm.Start(t0); err != nil {
		t.Fatal(err)
	}
	c := tm.Clone()
	if err := c.Extend(5*mn, t0); err != nil {
		t.Fatal(err)
	}
	if err := c.Next(t0.Add(3 * mn)); err != nil {
		t.Fatal(err)
	}
	if tm.Budget(0) != 15*mn || tm.Elapsed[0] != 0 || !tm.Entered[1].IsZero() || tm.Current != 0 {
		t.Fatalf("changing a clone changed the original: %+v", tm)
	}
}

func TestTimerSegmentElapsedPerSegment(t *testing.T) {
	clk := NewFakeClock(t0)
	tm := NewTimer(vocPlan)
	steps := []struct {
		adv time.Duration
		op  func(time.Time) error
	}{
		{0, tm.Start},
		{4 * mn, tm.Next},
		{7 * mn, tm.Next},
		{2 * mn, tm.Prev},
		{1 * mn, tm.Prev},
		{3 * mn, func(now time.Time) error { return tm.Goto(3, now) }},
		{5 * mn, nil},
	}
	for i, s := range steps {
		clk.Advance(s.adv)
		if s.op != nil {
			if err := s.op(clk.Now()); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
	}
	now := clk.Now()
	want := []time.Duration{7 * mn, 8 * mn, 2 * mn, 5 * mn}
	for i, w := range want {
		if got := tm.SegmentElapsed(i, now); got != w {
			t.Errorf("segment %d elapsed %v, want %v", i, got, w)
		}
	}
	wantEntered := []time.Time{t0, t0.Add(4 * mn), t0.Add(11 * mn), t0.Add(17 * mn)}
	for i, w := range wantEntered {
		if !tm.Entered[i].Equal(w) {
			t.Errorf("segment %d first entered %v, want %v (first entry is kept)", i, tm.Entered[i], w)
		}
	}
}

// A restart reads the Timer back from JSON: every figure must come out the
// same, now and later, and the clock must carry on from where it stood.
func TestTimerResumeAfterReopen(t *testing.T) {
	build := []tstep{
		{op: "start"},
		{adv: 12 * mn, op: "next"},
		{adv: 3 * mn, op: "extend", ext: 4 * mn},
		{adv: 2 * mn, op: "pause"},
		{adv: 9 * mn, op: "resume"},
		{adv: 6 * mn, op: "prev"},
		{adv: 1 * mn, op: "next"},
		{adv: 30 * time.Second},
	}
	for _, pausedAtSave := range []bool{false, true} {
		name := "running"
		if pausedAtSave {
			name = "paused"
		}
		t.Run(name, func(t *testing.T) {
			clk := NewFakeClock(t0)
			orig := NewTimer(vocPlan)
			runSteps(t, &orig, clk, build)
			if pausedAtSave {
				if err := orig.Pause(clk.Now()); err != nil {
					t.Fatal(err)
				}
			}
			data, err := json.Marshal(orig)
			if err != nil {
				t.Fatal(err)
			}
			var back Timer
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			for _, later := range []time.Duration{0, 1 * mn, 7*mn + 13*time.Second, 3 * time.Hour} {
				now := clk.Now().Add(later)
				if got, want := back.Timing(now), orig.Timing(now); got != want {
					t.Fatalf("+%v after reopen:\n got %+v\nwant %+v", later, got, want)
				}
			}
			// and both carry on identically
			type op func(*Timer, time.Time) error
			rest := []struct {
				adv time.Duration
				op  op
			}{
				{2 * mn, func(tm *Timer, now time.Time) error {
					if tm.Paused {
						return tm.Resume(now)
					}
					return nil
				}},
				{4 * mn, (*Timer).Next},
				{5 * mn, func(tm *Timer, now time.Time) error { return tm.Extend(mn, now) }},
				{3 * mn, (*Timer).End},
			}
			now := clk.Now()
			for i, s := range rest {
				now = now.Add(s.adv)
				e1, e2 := s.op(&orig, now), s.op(&back, now)
				if e1 != nil || e2 != nil {
					t.Fatalf("step %d: %v / %v", i, e1, e2)
				}
				if got, want := back.Timing(now), orig.Timing(now); got != want {
					t.Fatalf("step %d after reopen:\n got %+v\nwant %+v", i, got, want)
				}
			}
			// spot-check concrete figures so the comparison is not vacuous
			final := back.Timing(now)
			if !final.Ended || final.Segment != 2 || final.SegElapsed != 8*mn || final.SegBudget != 16*mn {
				t.Fatalf("final figures %+v", final)
			}
		})
	}
}

func TestTimerReopenedInsideMeeting(t *testing.T) {
	a := Agenda{ID: "voc", Title: "Weekly VOC triage", Segments: []Segment{
		{Title: "VOC dashboard", Minutes: 15}, {Title: "Deep-dive", Minutes: 20}, {Title: "Prior actions", Minutes: 15}, {Title: "Story", Minutes: 10},
	}}
	m := NewMeeting(a, "ana", t0)
	if err := m.Timer.Start(t0); err != nil {
		t.Fatal(err)
	}
	if err := m.Timer.Next(t0.Add(17 * mn)); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Meeting
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(25 * mn)
	got := back.Timer.Timing(now)
	if got != m.Timer.Timing(now) {
		t.Fatalf("meeting timer after reopen:\n got %+v\nwant %+v", got, m.Timer.Timing(now))
	}
	if got.Segment != 1 || got.SegElapsed != 8*mn || got.GiveUp != 2*mn || back.Segment().Title != "Deep-dive" || back.State() != StateRunning {
		t.Fatalf("reopened meeting: %+v, segment %q, state %s", got, back.Segment().Title, back.State())
	}
}

func TestTimerCeilMinutes(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int
	}{
		{-time.Hour, 0},
		{-time.Nanosecond, 0},
		{0, 0},
		{time.Nanosecond, 1},
		{59 * time.Second, 1},
		{time.Minute, 1},
		{time.Minute + time.Nanosecond, 2},
		{90 * time.Second, 2},
		{2*time.Minute - time.Nanosecond, 2},
		{60 * time.Minute, 60},
		{3 * time.Hour, 180},
	}
	for _, tc := range tests {
		if got := CeilMinutes(tc.d); got != tc.want {
			t.Errorf("CeilMinutes(%v) = %d, want %d", tc.d, got, tc.want)
		}
	}
}

func TestTimerFakeClock(t *testing.T) {
	c := NewFakeClock(t0)
	c.Advance(90 * time.Second)
	if !c.Now().Equal(t0.Add(90 * time.Second)) {
		t.Fatalf("Advance: %v", c.Now())
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatalf("Set: %v", c.Now())
	}
	var _ Clock = c
	var _ Clock = SystemClock{}
}

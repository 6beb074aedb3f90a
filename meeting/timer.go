package meeting

import (
	"slices"
	"time"
)

// Timer is the meeting clock, kept as stored timestamps and accumulated
// durations so that every figure is derived from (Timer, now): quitting and
// reopening, or restarting the server, resumes the same segment with the
// right time. The zero Timer has not started.
type Timer struct {
	StartedAt    time.Time       `json:"started_at,omitzero"`
	EndedAt      time.Time       `json:"ended_at,omitzero"`
	Current      int             `json:"current"`
	Paused       bool            `json:"paused,omitempty"`
	PausedAt     time.Time       `json:"paused_at,omitzero"`
	RunningSince time.Time       `json:"running_since,omitzero"` // start of the current run of Current
	Planned      []time.Duration `json:"planned"`
	Elapsed      []time.Duration `json:"elapsed"` // per segment, excluding the current run
	Extra        []time.Duration `json:"extra"`   // extensions per segment
	Entered      []time.Time     `json:"entered"` // first entry per segment
}

// NewTimer returns a timer for segments with the given timeboxes.
func NewTimer(planned []time.Duration) Timer {
	n := len(planned)
	return Timer{
		Planned: slices.Clone(planned),
		Elapsed: make([]time.Duration, n),
		Extra:   make([]time.Duration, n),
		Entered: make([]time.Time, n),
	}
}

// Clone returns a deep copy.
func (t Timer) Clone() Timer {
	t.Planned = slices.Clone(t.Planned)
	t.Elapsed = slices.Clone(t.Elapsed)
	t.Extra = slices.Clone(t.Extra)
	t.Entered = slices.Clone(t.Entered)
	return t
}

// Started reports whether the meeting has started.
func (t *Timer) Started() bool { return !t.StartedAt.IsZero() }

// Ended reports whether the meeting has ended.
func (t *Timer) Ended() bool { return !t.EndedAt.IsZero() }

func (t *Timer) running() bool { return t.Started() && !t.Ended() && !t.Paused }

func (t *Timer) check() error {
	switch {
	case len(t.Planned) == 0:
		return Errorf(EINVALID, "the agenda has no segments")
	case !t.Started():
		return Errorf(ECONFLICT, "the meeting has not started")
	case t.Ended():
		return Errorf(ECONFLICT, "the meeting has ended")
	}
	return nil
}

// fold adds the current run to the current segment's elapsed time.
func (t *Timer) fold(now time.Time) {
	if t.running() && !t.RunningSince.IsZero() {
		if d := now.Sub(t.RunningSince); d > 0 {
			t.Elapsed[t.Current] += d
		}
		t.RunningSince = now
	}
}

// Start starts the meeting at its first segment.
func (t *Timer) Start(now time.Time) error {
	if len(t.Planned) == 0 {
		return Errorf(EINVALID, "the agenda has no segments")
	}
	if t.Started() {
		return Errorf(ECONFLICT, "the meeting has already started")
	}
	t.StartedAt, t.RunningSince, t.Current = now, now, 0
	t.Entered[0] = now
	return nil
}

// Goto moves to segment i (0-based).
func (t *Timer) Goto(i int, now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if i < 0 || i >= len(t.Planned) {
		return Errorf(EINVALID, "there is no segment %d", i+1)
	}
	t.fold(now)
	t.Current = i
	if t.Entered[i].IsZero() {
		t.Entered[i] = now
	}
	if !t.Paused {
		t.RunningSince = now
	}
	return nil
}

// Next moves to the next segment.
func (t *Timer) Next(now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if t.Current+1 >= len(t.Planned) {
		return Errorf(ECONFLICT, "this is the last segment; end the meeting instead")
	}
	return t.Goto(t.Current+1, now)
}

// Prev moves to the previous segment.
func (t *Timer) Prev(now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if t.Current == 0 {
		return Errorf(ECONFLICT, "this is the first segment")
	}
	return t.Goto(t.Current-1, now)
}

// Pause stops the clock.
func (t *Timer) Pause(now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if t.Paused {
		return Errorf(ECONFLICT, "the meeting is already paused")
	}
	t.fold(now)
	t.Paused, t.PausedAt, t.RunningSince = true, now, time.Time{}
	return nil
}

// Resume restarts the clock after a pause.
func (t *Timer) Resume(now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if !t.Paused {
		return Errorf(ECONFLICT, "the meeting is not paused")
	}
	t.Paused, t.PausedAt, t.RunningSince = false, time.Time{}, now
	return nil
}

// Extend adds d to the current segment's timebox. The meeting's planned end
// does not move: later segments give up the time unless the room finishes
// early.
func (t *Timer) Extend(d time.Duration, now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	if d <= 0 || d > 2*time.Hour {
		return Errorf(EINVALID, "an extension must be between 1 and 120 minutes")
	}
	t.Extra[t.Current] += d
	return nil
}

// End ends the meeting.
func (t *Timer) End(now time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	t.fold(now)
	t.EndedAt, t.RunningSince = now, time.Time{}
	return nil
}

// SegmentElapsed returns the time spent in segment i up to now.
func (t *Timer) SegmentElapsed(i int, now time.Time) time.Duration {
	if i < 0 || i >= len(t.Elapsed) {
		return 0
	}
	e := t.Elapsed[i]
	if i == t.Current && t.running() && !t.RunningSince.IsZero() && now.After(t.RunningSince) {
		e += now.Sub(t.RunningSince)
	}
	return e
}

// Budget returns segment i's timebox including extensions.
func (t *Timer) Budget(i int) time.Duration {
	if i < 0 || i >= len(t.Planned) {
		return 0
	}
	return t.Planned[i] + t.Extra[i]
}

// WarnWithin is how close to the end of a segment the warning shows.
const WarnWithin = 2 * time.Minute

// Timing is everything the room shows about time, at one instant.
type Timing struct {
	Segment          int           // current segment (0-based)
	Segments         int           // number of segments
	SegElapsed       time.Duration // time spent in this segment
	SegBudget        time.Duration // its timebox with extensions
	SegRemaining     time.Duration // budget − elapsed, never negative
	SegOverrun       time.Duration // elapsed − budget, never negative
	Warning          bool          // within WarnWithin of the segment's end
	MeetingElapsed   time.Duration // clock time in segments (pauses excluded)
	MeetingPlanned   time.Duration // the agenda's total
	MeetingRemaining time.Duration // planned − elapsed, never negative
	MeetingOverrun   time.Duration
	GiveUp           time.Duration // what the remaining segments must give up to end on time
	// AgendaLeft is what the rest of the agenda still needs: the current
	// segment's remaining time and the later segments' timeboxes (time
	// saved earlier is not left: the meeting may end early).
	AgendaLeft time.Duration
	// Early is how much sooner than planned the meeting will end if the
	// later segments take their timeboxes (0 when it runs late).
	Early   time.Duration
	Last    bool // the current segment is the agenda's last
	Paused  bool
	Started bool
	Ended   bool
}

// Timing computes the clock's figures at now.
func (t *Timer) Timing(now time.Time) Timing {
	s := Timing{Segment: t.Current, Segments: len(t.Planned), Paused: t.Paused, Started: t.Started(), Ended: t.Ended()}
	if t.Ended() {
		now = t.EndedAt
	}
	for i, p := range t.Planned {
		s.MeetingPlanned += p
		s.MeetingElapsed += t.SegmentElapsed(i, now)
	}
	s.SegElapsed = t.SegmentElapsed(t.Current, now)
	s.SegBudget = t.Budget(t.Current)
	if d := s.SegBudget - s.SegElapsed; d > 0 {
		s.SegRemaining = d
	} else {
		s.SegOverrun = -d
	}
	s.Warning = s.Started && !s.Ended && s.SegRemaining > 0 && s.SegRemaining <= WarnWithin
	if d := s.MeetingPlanned - s.MeetingElapsed; d > 0 {
		s.MeetingRemaining = d
	} else {
		s.MeetingOverrun = -d
	}
	// Projected length: what has been spent in earlier and later segments
	// (time already spent counts in full), the current segment at least its
	// budget, later segments at least theirs (an extension granted to a later
	// segment still stands after going back).
	var projected time.Duration
	for i := range t.Planned {
		e := t.SegmentElapsed(i, now)
		switch {
		case s.Ended:
			projected += e
		case i == t.Current:
			projected += max(e, s.SegBudget)
		case i < t.Current:
			projected += e
		default:
			projected += max(e, t.Budget(i))
		}
	}
	if d := projected - s.MeetingPlanned; d > 0 && !s.Ended {
		s.GiveUp = d
	} else if !s.Ended {
		s.Early = -d
	}
	s.Last = t.Current == len(t.Planned)-1
	if !s.Ended {
		s.AgendaLeft = s.SegRemaining
		for i := t.Current + 1; i < len(t.Planned); i++ {
			s.AgendaLeft += max(0, t.Budget(i)-t.SegmentElapsed(i, now))
		}
	}
	return s
}

// ClockMinutes is the one rounding rule for every minute figure on the clock:
// a started minute counts (59 s left is "1 min left", 62 s over is "2 min
// over"), so two figures about the same stretch of time always agree.
func ClockMinutes(d time.Duration) int { return CeilMinutes(d) }

// CeilMinutes rounds a duration up to whole minutes (what people read).
func CeilMinutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Minute - time.Nanosecond) / time.Minute)
}

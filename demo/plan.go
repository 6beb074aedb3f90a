package demo

import (
	"container/heap"
	"fmt"
	"slices"
	"strconv"
	"time"

	"cxroom/meeting"
)

// ---- what happens when ----

// event is something a person does at an instant.
type event struct {
	at  time.Time
	seq int // ties run in the order they were planned
	run func() error
}

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *eventQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// schedule plans run at at; an event may plan more.
func (g *gen) schedule(at time.Time, run func() error) {
	g.seq++
	heap.Push(&g.queue, event{at: at, seq: g.seq, run: run})
}

// drain runs the events in time order, moving the clock to each: it only
// ever moves forward, and every event is in the past.
func (g *gen) drain() error {
	for g.queue.Len() > 0 {
		e := heap.Pop(&g.queue).(event)
		if !e.at.Before(g.now) {
			return fmt.Errorf("demo event at %s is not in the past", e.at.Format(time.RFC3339))
		}
		if e.at.Before(g.clock.Now()) {
			return fmt.Errorf("demo event at %s comes after one at %s", e.at.Format(time.RFC3339), g.clock.Now().Format(time.RFC3339))
		}
		g.clock.Set(e.at)
		if err := e.run(); err != nil {
			return err
		}
	}
	return nil
}

// ---- days ----

// at is day d at hh:mm in the clock's zone.
func (g *gen) at(d meeting.Date, hh, mm int) time.Time {
	y, m, day := d.Time(time.UTC).Date()
	return time.Date(y, m, day, hh, mm, 0, 0, g.loc)
}

// atClock is day d at "HH:MM".
func (g *gen) atClock(d meeting.Date, hhmm string) (time.Time, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return time.Time{}, fmt.Errorf("demo: time %q is not HH:MM", hhmm)
	}
	return g.at(d, t.Hour(), t.Minute()), nil
}

func weekday(d meeting.Date) time.Weekday { return d.Time(time.UTC).Weekday() }

// lastWeekday is the latest day before today that is a wd.
func (g *gen) lastWeekday(wd time.Weekday) meeting.Date {
	d := g.today.AddDays(-1)
	for weekday(d) != wd {
		d = d.AddDays(-1)
	}
	return d
}

// firstThursdays returns the first Thursdays of the last n months, before
// today, oldest first.
func (g *gen) firstThursdays(n int) []meeting.Date {
	t := g.today.Time(time.UTC)
	var out []meeting.Date
	for m := 0; len(out) < n; m-- {
		d := meeting.DateOf(time.Date(t.Year(), t.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC))
		for weekday(d) != time.Thursday {
			d = d.AddDays(1)
		}
		if d.Before(g.today) {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out
}

func monthsBefore(d meeting.Date, n int) meeting.Date {
	return meeting.DateOf(d.Time(time.UTC).AddDate(0, -n, 0))
}

func minutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

// ---- a meeting ----

// session is one meeting held through a room: opened at start, each
// segment taking the minutes spent on it, then ended. Steps happen at a
// minute into a segment.
type session struct {
	g     *gen
	in    meeting.StartInput
	fac   string
	start time.Time
	spent []int
	hub   *meeting.Hub
	room  *meeting.Room
}

// entered is when segment i begins: the segments run back to back.
func (s *session) entered(i int) time.Time {
	t := s.start
	for _, n := range s.spent[:i] {
		t = t.Add(time.Duration(n) * time.Minute)
	}
	return t
}

// hold plans a meeting of the given ritual: the facilitator starts it and
// people join in the first half minute; the facilitator moves on as each
// segment's minutes are spent (extend adds minutes to a segment three
// minutes before its end) and ends it. The caller plans what happens in it
// with do.
func (g *gen) hold(in meeting.StartInput, fac string, people []string, start time.Time, spent []int, extend map[int]int) (*session, error) {
	if len(spent) != len(in.Agenda.Segments) {
		return nil, fmt.Errorf("demo meeting %s: %d segment times for %d segments", in.Agenda.ID, len(spent), len(in.Agenda.Segments))
	}
	in.Invited = slices.Clone(people)
	s := &session{g: g, in: in, fac: fac, start: start, spent: spent}
	g.schedule(start, s.open)
	for i, h := range people {
		g.schedule(start.Add(time.Duration(5*i)*time.Second), func() error { return s.join(h) })
	}
	for i := range spent {
		if x := extend[i]; x > 0 {
			s.do(i, float64(spent[i]-3), func(a meeting.Actor) error {
				return s.room.Extend(g.ctx, a, time.Duration(x)*time.Minute)
			})
		}
		if i < len(spent)-1 {
			g.schedule(s.entered(i+1), func() error { return s.as(s.fac, func(a meeting.Actor) error { return s.room.Next(g.ctx, a) }) })
		} else {
			g.schedule(s.entered(i+1), s.end)
		}
	}
	return s, nil
}

func (s *session) open() error {
	g := s.g
	a, err := g.actor(s.fac)
	if err != nil {
		return err
	}
	g.live = meeting.NewHub(g.store, g.clock, nil)
	g.live.SetLedgerSigner(g.sign)
	s.hub, g.open = g.live, s
	if s.room, err = s.hub.Start(g.ctx, a, s.in); err != nil {
		return fmt.Errorf("demo: start %s on %s: %w", s.in.Agenda.ID, meeting.DateOf(s.start), err)
	}
	g.sum.Meetings++
	if s.in.Coachee != "" {
		g.sum.Guides++
	}
	return nil
}

func (s *session) join(h string) error {
	a, err := s.g.actor(h)
	if err != nil {
		return err
	}
	_, err = s.room.Join(s.g.ctx, a) // the meeting's end closes every session
	return err
}

func (s *session) end() error {
	a, err := s.g.actor(s.fac)
	if err != nil {
		return err
	}
	if _, err := s.room.End(s.g.ctx, a); err != nil {
		return err
	}
	s.hub.Close()
	s.g.live, s.g.open = nil, nil
	return nil
}

// as runs fn as the member with handle h.
func (s *session) as(h string, fn func(meeting.Actor) error) error {
	a, err := s.g.actor(h)
	if err != nil {
		return err
	}
	if err := fn(a); err != nil {
		return fmt.Errorf("demo meeting %s (%s) on %s: %w", s.room.ID(), s.in.Agenda.ID, meeting.DateOf(s.start), err)
	}
	return nil
}

// do plans fn, done by the facilitator, min minutes into segment seg.
func (s *session) do(seg int, min float64, fn func(meeting.Actor) error) {
	s.doAs(s.fac, seg, min, fn)
}

// doAs plans fn, done by h, min minutes into segment seg.
func (s *session) doAs(h string, seg int, min float64, fn func(meeting.Actor) error) {
	s.g.schedule(s.entered(seg).Add(minutes(min)), func() error { return s.as(h, fn) })
}

// addAction plans an action raised by the facilitator, as the next step of
// the issue with key issue (if not empty).
func (s *session) addAction(seg int, min float64, p actionData, issue string) {
	s.do(seg, min, func(a meeting.Actor) error {
		g := s.g
		in := meeting.ActionInput{Text: p.Text, Owner: p.Owner, Due: string(g.due(p, g.clock.Now()))}
		if issue != "" {
			id, ok := g.issues[issue]
			if !ok {
				return fmt.Errorf("issue %s is not raised yet", issue)
			}
			in.IssueID = id
		}
		x, err := s.room.AddAction(g.ctx, a, in)
		if err != nil {
			return fmt.Errorf("action %s: %w", p.Key, err)
		}
		g.raised(p.Key, x)
		return nil
	})
}

// addStory plans a story shared by its teller.
func (s *session) addStory(seg int, min float64, p storyData) {
	s.doAs(p.By, seg, min, func(a meeting.Actor) error {
		if _, err := s.room.AddStory(s.g.ctx, a, p.input()); err != nil {
			return fmt.Errorf("story by %s: %w", p.By, err)
		}
		s.g.sum.Stories++
		return nil
	})
}

// addDecision plans a decision recorded by the facilitator.
func (s *session) addDecision(seg int, min float64, d decisionData) {
	s.do(seg, min, func(a meeting.Actor) error {
		x, err := s.room.AddDecision(s.g.ctx, a, d.input())
		if err != nil {
			return fmt.Errorf("decision %q: %w", d.Title, err)
		}
		s.g.sum.Decisions++
		s.g.reviewLater(x)
		return nil
	})
}

// segment is the index of the agenda's segment with id.
func segment(ag meeting.Agenda, id string) (int, error) {
	i := slices.IndexFunc(ag.Segments, func(s meeting.Segment) bool { return s.ID == id })
	if i < 0 {
		return 0, fmt.Errorf("demo: ritual %s has no segment %q", ag.ID, id)
	}
	return i, nil
}

// formatValue is a metric value as someone types it.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// addProposal plans a pitch made by its author.
func (s *session) addProposal(seg int, min float64, p proposalData) {
	s.doAs(p.By, seg, min, func(a meeting.Actor) error {
		if _, err := s.room.AddProposal(s.g.ctx, a, p.input()); err != nil {
			return fmt.Errorf("proposal %q: %w", p.Title, err)
		}
		return nil
	})
}

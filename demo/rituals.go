package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"cxroom/meeting"
)

// ---- the weekly VOC triage ----

// planTriage plans the weekly triages on the Tuesdays before today, the
// latest yesterday or earlier.
func (g *gen) planTriage() error {
	last := g.lastWeekday(time.Tuesday)
	weeks := g.org.Triage
	total := len(weeks) // occurrences, the missed ones included
	for _, w := range weeks {
		if w.AfterMissedWeek {
			total++
		}
	}
	occ := 0
	for _, w := range weeks {
		if w.AfterMissedWeek {
			occ++
		}
		day := last.AddDays(-7 * (total - 1 - occ))
		occ++
		if err := g.triage(day, w); err != nil {
			return err
		}
		if err := g.later(day, w.Later); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) triage(day meeting.Date, w weekData) error {
	series := g.org.Series.Triage
	people := []string{w.Facilitator}
	for _, h := range series.Attendees {
		if h != w.Facilitator && h != w.Absent {
			people = append(people, h)
		}
	}
	if w.Decision != nil { // the executive sponsor drops in when a decision is due
		for _, m := range g.team.Members {
			if m.Role == meeting.RoleObserver {
				people = append(people, m.Handle)
			}
		}
	}
	start, err := g.atClock(day, series.Time)
	if err != nil {
		return err
	}
	s, err := g.hold(meeting.StartInput{Agenda: g.rituals[series.Agenda], SeriesID: g.voc.ID}, w.Facilitator, people, start,
		w.Spent, map[int]int{1: w.ExtendDeepDive})
	if err != nil {
		return err
	}
	if len(w.Spent) != 4 {
		return fmt.Errorf("demo triage on %s: want four segment times", day)
	}

	// 1. the dashboard: this week's issues, dot-voted by the people there,
	// then the list is ranked so that the deep-dives come first.
	var voters []string
	for _, h := range people[1:] {
		if m, _ := g.team.Member(h); meeting.Can(meeting.Actor{Handle: m.Handle, Role: m.Role}, meeting.OpAddRecord, meeting.Subject{}) {
			voters = append(voters, h)
		}
	}
	for n, p := range w.Issues {
		s.doAs(p.By, 0, 1+3*float64(n), func(a meeting.Actor) error {
			in := meeting.IssueInput{Title: p.Title, Theme: p.Theme, Signal: p.Signal, Story: p.Story, Stat: p.Stat, Impact: p.Impact, RootCause: p.RootCause}
			is, err := s.room.AddIssue(g.ctx, a, in)
			if err != nil {
				return fmt.Errorf("issue %s: %w", p.Key, err)
			}
			g.issues[p.Key] = is.ID
			g.sum.Issues++
			return nil
		})
		for v := 0; v < len(voters) && v < 4-n%3; v++ {
			s.doAs(voters[(v+n)%len(voters)], 0, 1+3*float64(n)+float64(v+1)/6, func(a meeting.Actor) error {
				return s.room.Vote(g.ctx, a, g.issues[p.Key])
			})
		}
	}
	s.do(0, float64(w.Spent[0]-1), func(a meeting.Actor) error { return s.rank(a, w) })

	// 2. the deep-dive (entering it marks the top three): every top issue
	// leaves with an owner and a next step.
	n := 0
	for _, p := range w.Issues {
		if p.NextStep != nil {
			s.addAction(1, 2+6*float64(n), *p.NextStep, p.Key)
			n++
		}
	}
	for _, l := range w.DeepDiveAgain {
		s.addAction(1, 2+6*float64(n), l.NextStep, l.Issue)
		n++
	}
	if w.Decision != nil {
		s.addDecision(1, float64(w.Spent[1]-2), *w.Decision)
	}

	// 3. the walk of earlier actions: done, on track, blocked, escalated.
	s.do(2, 1, func(meeting.Actor) error { return s.walk(w) })
	for k, p := range w.RaisedInWalk {
		s.addAction(2, float64(w.Spent[2]-3+k), p, "")
	}
	s.do(2, float64(w.Spent[2]-1), func(a meeting.Actor) error {
		for _, k := range w.Resolve {
			in := meeting.IssueInput{FixStat: w.Evidence[k]}
			if strings.HasPrefix(in.FixStat, "“") {
				in.FixStat, in.FixQuote = "", in.FixStat
			}
			if _, err := s.room.EditIssue(g.ctx, a, g.issues[k], in); err != nil {
				return fmt.Errorf("evidence for %s: %w", k, err)
			}
			if err := s.room.ResolveIssue(g.ctx, a, g.issues[k], true); err != nil {
				return fmt.Errorf("resolve %s: %w", k, err)
			}
		}
		return nil
	})

	// 4. one customer story that matters.
	s.addStory(3, 2, w.Story)
	return nil
}

// rank orders the room's issues: this week's deep-dives, the earlier issues
// deep-dived again, the earlier ones as they were, then this week's others.
func (s *session) rank(a meeting.Actor, w weekData) error {
	g := s.g
	var order []string // issue ids, top first
	for _, p := range w.Issues {
		if p.NextStep != nil {
			order = append(order, g.issues[p.Key])
		}
	}
	for _, l := range w.DeepDiveAgain {
		order = append(order, g.issues[l.Issue])
	}
	thisWeek := map[string]bool{}
	for _, p := range w.Issues {
		thisWeek[g.issues[p.Key]] = true
	}
	for _, is := range s.room.Snapshot().Issues {
		if !thisWeek[is.ID] && !slices.Contains(order, is.ID) {
			order = append(order, is.ID)
		}
	}
	for _, p := range w.Issues {
		if p.NextStep == nil {
			order = append(order, g.issues[p.Key])
		}
	}
	for to, id := range order {
		from := slices.IndexFunc(s.room.Snapshot().Issues, func(i *meeting.Issue) bool { return i.ID == id })
		if from < 0 {
			return fmt.Errorf("issue %s is not in the room", id)
		}
		if err := s.room.MoveIssue(g.ctx, a, id, to-from); err != nil {
			return fmt.Errorf("rank %s: %w", id, err)
		}
	}
	return nil
}

// walk plans the review of every action carried in, a minute apart: the
// outcome the week's data gives, else what its status says.
func (s *session) walk(w weekData) error {
	g := s.g
	carried := s.room.Snapshot().Carried
	keys := make([]string, 0, len(w.Walk))
	for k := range w.Walk {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.ContainsFunc(carried, func(a *meeting.Action) bool { return a.ID == g.acts[k] }) {
			return fmt.Errorf("action %s is not among the actions carried in", k)
		}
	}
	for k, x := range carried {
		s.do(2, 1+float64(k), func(a meeting.Actor) error {
			cur := s.room.Snapshot().Action(x.ID)
			o, ok := w.Walk[g.keyOf[x.ID]]
			if !ok {
				switch cur.Status {
				case meeting.StatusBlocked:
					o = outcomeData{meeting.OutcomeBlocked, cur.LastChange().Note}
				case meeting.StatusEscalated:
					o = outcomeData{meeting.OutcomeEscalated, cur.LastChange().Note}
				default:
					o = outcomeData{meeting.OutcomeOnTrack, ""}
				}
			}
			if _, err := s.room.Review(g.ctx, a, x.ID, o.Outcome, o.Note); err != nil {
				return fmt.Errorf("review %s: %w", x.ID, err)
			}
			return nil
		})
	}
	return nil
}

// ---- the monthly journey review ----

func (g *gen) planReviews() error {
	days := g.firstThursdays(len(g.org.Reviews))
	for i, r := range g.org.Reviews {
		if err := g.review(days[i], r); err != nil {
			return err
		}
		if err := g.later(days[i], r.Later); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) review(day meeting.Date, r reviewData) error {
	series := g.org.Series.Review
	ag := g.rituals[series.Agenda]
	j := g.journeys[r.Journey]
	if j == nil {
		return fmt.Errorf("demo review: no journey %q", r.Journey)
	}
	var data journeyData
	for _, p := range g.org.Journeys {
		if p.Key == r.Journey {
			data = p
		}
	}
	start, err := g.atClock(day, series.Time)
	if err != nil {
		return err
	}
	s, err := g.hold(meeting.StartInput{Agenda: ag, SeriesID: g.rev.ID, JourneyID: j.ID}, series.Facilitator, r.People, start, r.Spent, nil)
	if err != nil {
		return err
	}
	health, err := segment(ag, "journey-health")
	if err != nil {
		return err
	}
	voice, err := segment(ag, "customer-voice")
	if err != nil {
		return err
	}
	pipeline, err := segment(ag, "improvement-pipeline")
	if err != nil {
		return err
	}
	latest := data.Readings.values(len(data.Readings.Completion) - 1)
	s.do(health, 5, func(a meeting.Actor) error {
		typed := map[string]string{}
		for k, v := range latest {
			typed[k] = formatValue(v)
		}
		return s.room.RecordMetrics(g.ctx, a, typed)
	})
	for i, st := range r.Stories {
		s.addStory(voice, 4+7*float64(i), st)
	}
	for i, a := range r.Actions {
		s.addAction(pipeline, 6+8*float64(i), a, "")
	}
	for i, p := range r.Proposals {
		s.addProposal(pipeline, 10+8*float64(i), p)
	}
	for i, d := range r.Decisions {
		seg, err := segment(ag, d.In)
		if err != nil {
			return err
		}
		s.addDecision(seg, 3+5*float64(i), d)
	}
	return nil
}

// ---- GUIDE coaching ----

// guideTime is when the coaching conversations start, on Wednesdays.
const guideTime = "15:00"

func (g *gen) planGuides() error {
	ag := g.rituals["guide-coaching"]
	next, err := segment(ag, "next-steps")
	if err != nil {
		return err
	}
	notes, err := segment(ag, "coaching-notes")
	if err != nil {
		return err
	}
	wed := g.lastWeekday(time.Wednesday)
	for _, p := range g.org.Guides {
		day := wed.AddDays(-7 * p.WeeksAgo)
		start, err := g.atClock(day, guideTime)
		if err != nil {
			return err
		}
		s, err := g.hold(meeting.StartInput{Agenda: ag, Coachee: p.Coachee, Topic: p.Topic}, p.Coach, []string{p.Coach, p.Coachee}, start, p.Spent, nil)
		if err != nil {
			return err
		}
		for i, ans := range p.Answers {
			seg := slices.IndexFunc(ag.Segments, func(x meeting.Segment) bool { return x.GuideStep() == i })
			if seg < 0 {
				return fmt.Errorf("demo: ritual %s has no GUIDE step %d", ag.ID, i+1)
			}
			s.do(seg, 2, func(a meeting.Actor) error { return s.room.GuideAnswer(g.ctx, a, i, ans) })
		}
		for i, a := range p.Actions {
			s.addAction(next, 1+float64(i), a, "")
		}
		s.do(notes, 1, func(a meeting.Actor) error { return s.room.GuideNotes(g.ctx, a, p.Notes) })
		if err := g.later(day, p.Later); err != nil {
			return err
		}
	}
	return nil
}

// ---- the promise-proof audit ----

func (g *gen) planAudit() error {
	series, p := g.org.Series.Audit, g.org.Audit
	ag := g.rituals[series.Agenda]
	measure, err := segment(ag, "measure-reality")
	if err != nil {
		return err
	}
	planning, err := segment(ag, "action-planning")
	if err != nil {
		return err
	}
	day := g.audit.Start
	start, err := g.atClock(day, series.Time)
	if err != nil {
		return err
	}
	s, err := g.hold(meeting.StartInput{Agenda: ag, SeriesID: g.audit.ID}, series.Facilitator, p.People, start, p.Spent, nil)
	if err != nil {
		return err
	}
	for i, pr := range p.Promises {
		s.doAs(pr.By, measure, 5+12*float64(i), func(a meeting.Actor) error {
			if _, err := s.room.AddPromise(g.ctx, a, pr.input()); err != nil {
				return fmt.Errorf("promise %q: %w", pr.Promise, err)
			}
			g.sum.Promises++
			return nil
		})
	}
	for i, a := range p.Actions {
		s.addAction(planning, 4+6*float64(i), a, "")
	}
	return g.later(day, p.Later)
}

package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// DemoSummary says what Demo wrote.
type DemoSummary struct {
	// Team is the sample team (no SSH keys): written as the team file when
	// there is none yet.
	Team *Team
	// The series' ids: the weekly VOC triage, the monthly journey review and
	// the quarterly promise-proof audit.
	VOCSeries, ReviewSeries, AuditSeries string

	Series, Journeys, Meetings, Actions, Decisions, Issues, Stories, Guides, Promises int

	ByStatus map[Status]int // actions per status
	Overdue  int            // active actions due before today
}

// Demo writes a realistic sample organisation through s so that a new user
// sees every screen populated at once: a team of seven, five journeys with
// six monthly readings each (one without an owner, one not reviewed for 90+
// days), a weekly VOC triage series with eight ended meetings (ranked
// issues, deep-dives with owners, actions in every status, reviews of
// earlier actions, a story a week, decisions), two monthly journey reviews,
// two GUIDE coaching sessions and a promise-proof audit.
//
// Every timestamp is computed back from clock.Now() (about eight weeks of
// history); the same clock gives the same data. Meetings are written
// already ended: nothing is left live.
//
// rituals looks up the agendas by id (agendas.Set.Get): the demo's meetings
// run the rituals as shipped, prompts included.
func Demo(ctx context.Context, s Store, clock Clock, rituals func(id string) (Agenda, bool)) (DemoSummary, error) {
	g := newDemoGen(ctx, s, clock.Now())
	g.rituals = rituals
	if err := g.run(); err != nil {
		return DemoSummary{}, fmt.Errorf("write the demo data: %w", err)
	}
	return g.sum, nil
}

// DemoTeam is the sample team: two facilitators, four members, one observer.
func DemoTeam() *Team {
	return &Team{Members: []Member{
		{Name: "Maria Alvarez", Handle: "maria", Role: RoleFacilitator},
		{Name: "Tom Becker", Handle: "tom", Role: RoleFacilitator},
		{Name: "Ana Costa", Handle: "ana", Role: RoleMember},
		{Name: "Priya Raman", Handle: "priya", Role: RoleMember},
		{Name: "Li Wei", Handle: "li", Role: RoleMember},
		{Name: "Sam Okafor", Handle: "sam", Role: RoleMember},
		{Name: "Jo Lindqvist", Handle: "jo", Role: RoleObserver},
	}}
}

// ---- the generator ----

type demoGen struct {
	rituals func(id string) (Agenda, bool)
	ags     map[string]Agenda // the rituals the demo runs, by id
	ctx     context.Context
	s       Store
	now     time.Time
	loc     *time.Location
	today   Date
	team    *Team
	sum     DemoSummary

	voc, rev, audit *Series
	journeys        map[string]*Journey
	acts            map[string]*Action // by the plan's key
	keyOf           map[string]string  // action id → key
	issues          map[string]*Issue  // by key
	issueKeys       []string           // in creation order
	events          []demoEvent
}

type demoEvent struct {
	at  time.Time
	run func() error
}

func newDemoGen(ctx context.Context, s Store, now time.Time) *demoGen {
	return &demoGen{
		ctx: ctx, s: s, now: now, loc: now.Location(), today: DateOf(now), team: DemoTeam(),
		journeys: map[string]*Journey{}, acts: map[string]*Action{}, keyOf: map[string]string{}, issues: map[string]*Issue{},
		sum: DemoSummary{ByStatus: map[Status]int{}},
	}
}

// at is day d at hh:mm in the clock's zone.
func (g *demoGen) at(d Date, hh, mm int) time.Time {
	y, m, day := d.Time(time.UTC).Date()
	return time.Date(y, m, day, hh, mm, 0, 0, g.loc)
}

func demoWeekday(d Date) time.Weekday { return d.Time(time.UTC).Weekday() }

// lastWeekday is the latest day before today that is a wd.
func (g *demoGen) lastWeekday(wd time.Weekday) Date {
	d := g.today.AddDays(-1)
	for demoWeekday(d) != wd {
		d = d.AddDays(-1)
	}
	return d
}

// firstThursdays returns the first Thursdays of the last n months, before
// today, oldest first.
func (g *demoGen) firstThursdays(n int) []Date {
	t := g.today.Time(time.UTC)
	var out []Date
	for m := 0; len(out) < n; m-- {
		first := time.Date(t.Year(), t.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		if d := DateOf(nthWeekday(first, 1, time.Thursday)); d.Before(g.today) {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out
}

func demoMonthsBefore(d Date, n int) Date { return DateOf(d.Time(time.UTC).AddDate(0, -n, 0)) }

func demoMinutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

func (g *demoGen) schedule(at time.Time, run func() error) {
	g.events = append(g.events, demoEvent{at, run})
}

func (g *demoGen) run() error {
	if err := g.createJourneys(); err != nil {
		return err
	}
	if err := g.createSeries(); err != nil {
		return err
	}
	g.ags = map[string]Agenda{}
	for _, id := range []string{"voc-triage", "journey-review", "guide-coaching", "promise-audit"} {
		a, err := g.agenda(id)
		if err != nil {
			return err
		}
		g.ags[id] = a
	}
	g.planVOC()
	g.planReviews()
	g.planGuides()
	g.planAudit()
	g.schedule(g.at(g.today.AddDays(-3), 11, 20), func() error {
		_, err := g.addAction(nil, 0, demoAct{key: "outside", text: "Share the CX scorecard with the board before the QBR", owner: "maria", dueIn: 10}, "maria", g.at(g.today.AddDays(-3), 11, 20))
		return err
	})
	slices.SortStableFunc(g.events, func(a, b demoEvent) int { return a.at.Compare(b.at) })
	for _, e := range g.events {
		if !e.at.Before(g.now) {
			return fmt.Errorf("demo event at %s is not in the past", e.at.Format(time.RFC3339))
		}
		if err := e.run(); err != nil {
			return err
		}
	}
	all, err := g.s.Actions(g.ctx, ActionFilter{})
	if err != nil {
		return err
	}
	for _, a := range all {
		g.sum.ByStatus[a.Status]++
		if a.Overdue(g.today) {
			g.sum.Overdue++
		}
	}
	g.sum.Team = g.team
	return nil
}

// ---- journeys ----

type demoJourney struct {
	key, name, owner string
	last             Date // the latest reading
	atReview         bool // the latest reading is recorded in a journey review
	// completion %, effort (CES), satisfaction %, business impact %: six
	// monthly readings, oldest first.
	values [4][6]float64
}

func (g *demoGen) journeyPlans() []demoJourney {
	rev := g.firstThursdays(2)
	return []demoJourney{
		{key: "onboarding", name: "Onboarding", owner: "ana", last: rev[1], atReview: true, values: [4][6]float64{
			{58, 61, 63, 66, 70, 73}, {4.2, 4.0, 3.9, 3.6, 3.4, 3.1}, {70, 72, 71, 75, 77, 79}, {86, 86, 87, 88, 88, 89}}},
		{key: "checkout", name: "Checkout & payment", owner: "priya", last: rev[0], atReview: true, values: [4][6]float64{
			{84, 83, 82, 79, 77, 74}, {2.5, 2.6, 2.6, 2.9, 3.1, 3.3}, {85, 84, 83, 81, 79, 76}, {92, 92, 91, 91, 90, 90}}},
		{key: "support", name: "Support & issue resolution", owner: "sam", last: g.today.AddDays(-75), values: [4][6]float64{
			{68, 70, 71, 73, 74, 76}, {3.6, 3.5, 3.5, 3.3, 3.2, 3.1}, {74, 75, 77, 78, 80, 82}, {88, 89, 89, 90, 90, 91}}},
		{key: "billing", name: "Billing & renewals", owner: "", last: g.today.AddDays(-52), values: [4][6]float64{
			{71, 70, 72, 71, 72, 74}, {3.4, 3.5, 3.4, 3.5, 3.4, 3.4}, {72, 70, 71, 69, 68, 71}, {87, 87, 86, 87, 86, 86}}},
		{key: "returns", name: "Returns & refunds", owner: "tom", last: g.today.AddDays(-118), values: [4][6]float64{
			{80, 81, 80, 82, 81, 82}, {3.0, 2.9, 3.1, 3.0, 3.2, 3.3}, {78, 79, 77, 78, 76, 75}, {89, 89, 88, 88, 88, 87}}},
	}
}

func demoValues(v [4][6]float64, i int) map[string]float64 {
	keys := [4]string{"completion", "effort", "satisfaction", "impact"}
	out := make(map[string]float64, 4)
	for k, key := range keys {
		out[key] = v[k][i]
	}
	return out
}

func (g *demoGen) createJourneys() error {
	for _, p := range g.journeyPlans() {
		first := demoMonthsBefore(p.last, 5)
		j, err := NewJourney(p.name, p.owner, g.at(first, 9, 0).Add(-24*time.Hour))
		if err != nil {
			return err
		}
		n := 6
		if p.atReview {
			n = 5 // the sixth is recorded in the review meeting
		}
		for i := range n {
			j.Record(Reading{Date: demoMonthsBefore(p.last, 5-i), Values: demoValues(p.values, i)})
		}
		if err := g.s.CreateJourney(g.ctx, j); err != nil {
			return err
		}
		g.journeys[p.key] = j
		g.sum.Journeys++
	}
	return nil
}

// ---- series ----

func (g *demoGen) createSeries() error {
	voc := g.lastWeekday(time.Tuesday).AddDays(-8 * 7)
	rev := g.firstThursdays(2)[0]
	audit := g.lastWeekday(time.Monday).AddDays(-35)
	zone := ""
	if n := g.loc.String(); n != "Local" && n != "UTC" {
		zone = n
	}
	for _, sp := range []struct {
		dst *(*Series)
		s   Series
	}{
		{&g.voc, Series{Title: "Weekly VOC triage", AgendaID: "voc-triage", Cadence: CadenceWeekly, Start: voc, Time: "09:00", Minutes: 60,
			Facilitator: "maria", Attendees: []string{"maria", "ana", "priya", "li", "sam", "tom"}}},
		{&g.rev, Series{Title: "Monthly journey review", AgendaID: "journey-review", Cadence: CadenceMonthly, Start: rev, Time: "14:00", Minutes: 90,
			Facilitator: "maria", Attendees: []string{"maria", "jo"}}},
		{&g.audit, Series{Title: "Quarterly promise-proof audit", AgendaID: "promise-audit", Cadence: CadenceQuarterly, Start: audit, Time: "10:00", Minutes: 120,
			Facilitator: "maria", Attendees: []string{"maria", "tom", "priya", "sam", "ana", "jo"}}},
	} {
		s := sp.s
		s.Timezone = zone
		s.CreatedAt = g.at(s.Start.AddDays(-7), 16, 0)
		if err := g.s.CreateSeries(g.ctx, &s); err != nil {
			return err
		}
		*sp.dst = &s
		g.sum.Series++
	}
	g.sum.VOCSeries, g.sum.ReviewSeries, g.sum.AuditSeries = g.voc.ID, g.rev.ID, g.audit.ID
	return nil
}

// ---- meetings ----

// demoPlan is one meeting to hold: who, when, and how long each segment
// really took.
type demoPlan struct {
	agenda  Agenda
	series  *Series
	title   string
	start   time.Time
	fac     string
	people  []string // attendees, facilitator first
	spent   []int    // minutes per segment
	extend  map[int]int
	journey *Journey
	guide   *Guide
}

// hold writes an ended meeting whose clock ran through every segment as
// planned; the series' open actions are carried into it as Hub.Start would.
func (g *demoGen) hold(p demoPlan) (*Meeting, error) {
	if len(p.spent) != len(p.agenda.Segments) {
		return nil, fmt.Errorf("demo meeting %s: %d segment times for %d segments", p.agenda.ID, len(p.spent), len(p.agenda.Segments))
	}
	m := NewMeeting(p.agenda, p.fac, p.start)
	if p.title != "" {
		m.Title = p.title
	}
	if p.series != nil {
		m.SeriesID = p.series.ID
		carried, err := g.s.Actions(g.ctx, ActionFilter{SeriesID: p.series.ID, Active: true})
		if err != nil {
			return nil, err
		}
		for _, a := range carried {
			m.Carried = append(m.Carried, a.ID)
		}
	}
	if p.journey != nil {
		m.JourneyID = p.journey.ID
	}
	if p.guide != nil {
		m.GuideID, m.Coachee, m.Topic, m.Private = p.guide.ID, p.guide.Coachee, p.guide.Topic, true
	}
	for i, h := range p.people {
		mem, _ := g.team.Member(h)
		m.Invited = append(m.Invited, h)
		m.Join(Attendee{Handle: h, Name: mem.Name, Role: mem.Role, JoinedAt: p.start.Add(time.Duration(20*i-60) * time.Second)})
	}
	if err := m.Timer.Start(p.start); err != nil {
		return nil, err
	}
	t := p.start
	for i, n := range p.spent {
		if x := p.extend[i]; x > 0 {
			if err := m.Timer.Extend(time.Duration(x)*time.Minute, t.Add(demoMinutes(float64(n)-3))); err != nil {
				return nil, err
			}
		}
		t = t.Add(time.Duration(n) * time.Minute)
		var err error
		if i < len(p.spent)-1 {
			err = m.Timer.Next(t)
		} else {
			err = m.Timer.End(t)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := g.s.CreateMeeting(g.ctx, m); err != nil {
		return nil, err
	}
	g.sum.Meetings++
	return m, nil
}

// demoSegAt is mins minutes into segment i of m.
func demoSegAt(m *Meeting, i int, mins float64) time.Time {
	return m.Timer.Entered[i].Add(demoMinutes(mins))
}

type demoAct struct {
	key, text, owner string
	due              int    // days after it is raised, or
	dueIn            int    // days from today
	issue            string // the issue key it is the next step for
}

// addAction raises an action in segment seg of m (nil: outside any meeting).
func (g *demoGen) addAction(m *Meeting, seg int, p demoAct, by string, at time.Time) (*Action, error) {
	due := DateOf(at).AddDays(p.due)
	if p.due == 0 {
		due = g.today.AddDays(p.dueIn)
	}
	a, err := NewAction(p.text, p.owner, string(due), by, at)
	if err != nil {
		return nil, fmt.Errorf("demo action %s: %w", p.key, err)
	}
	if m != nil {
		a.MeetingID, a.SeriesID, a.GuideID, a.Segment = m.ID, m.SeriesID, m.GuideID, m.SegmentTitle(seg)
	}
	if p.issue != "" {
		a.IssueID = g.issues[p.issue].ID
	}
	if err := g.s.CreateAction(g.ctx, a); err != nil {
		return nil, err
	}
	g.acts[p.key], g.keyOf[a.ID] = a, p.key
	g.sum.Actions++
	if p.issue != "" {
		is, err := g.s.UpdateIssue(g.ctx, a.IssueID, func(i *Issue) error {
			i.ActionIDs = append(i.ActionIDs, a.ID)
			if i.Owner == "" {
				i.Owner = a.Owner
			}
			if i.NextStep == "" {
				i.NextStep = a.Text
			}
			if i.FirstActionAt.IsZero() {
				i.FirstActionAt = at
			}
			i.UpdatedAt = at
			return nil
		})
		if err != nil {
			return nil, err
		}
		g.issues[p.issue] = is
	}
	return a, nil
}

func (g *demoGen) setStatus(key string, st Status, note, by string, at time.Time) (*Action, error) {
	a := g.acts[key]
	if a == nil {
		return nil, fmt.Errorf("demo action %s is not raised yet", key)
	}
	x, err := g.s.UpdateAction(g.ctx, a.ID, func(x *Action) error { return x.SetStatus(st, note, by, at) })
	if err != nil {
		return nil, fmt.Errorf("demo action %s: %w", key, err)
	}
	g.acts[key] = x
	return x, nil
}

// change schedules a status change made between meetings (the tracker).
func (g *demoGen) change(key string, st Status, note, by string, at time.Time) {
	g.schedule(at, func() error {
		_, err := g.setStatus(key, st, note, by, at)
		return err
	})
}

func (g *demoGen) addDecision(m *Meeting, in DecisionInput, by string, at time.Time) error {
	d, err := NewDecision(in, by, at)
	if err != nil {
		return fmt.Errorf("demo decision %q: %w", in.Title, err)
	}
	d.MeetingID, d.SeriesID, d.JourneyID = m.ID, m.SeriesID, m.JourneyID
	if err := g.s.CreateDecision(g.ctx, d); err != nil {
		return err
	}
	g.sum.Decisions++
	return nil
}

type demoStory struct {
	by string
	in StoryInput
}

func (g *demoGen) addStory(m *Meeting, p demoStory, at time.Time) error {
	if p.in.JourneyID == "" {
		p.in.JourneyID = m.JourneyID
	}
	x, err := NewStory(p.in, p.by, at)
	if err != nil {
		return fmt.Errorf("demo story: %w", err)
	}
	x.MeetingID, x.SeriesID = m.ID, m.SeriesID
	if err := g.s.CreateStory(g.ctx, x); err != nil {
		return err
	}
	g.sum.Stories++
	return nil
}

// ---- the weekly VOC triage ----

type demoIssue struct {
	key, title, theme, signal, story, stat, impact, cause, by string
	act                                                       *demoAct // the deep-dive's next step; nil: not deep-dived
}

type demoOutcome struct{ outcome, note string }

type demoWeek struct {
	fac      string
	absent   string
	spent    [4]int
	extend   int
	issues   []demoIssue
	late     map[string]demoAct // earlier issues deep-dived again, with their next step
	reviews  map[string]demoOutcome
	extra    []demoAct // raised while walking the earlier actions
	resolve  []string
	decision *DecisionInput
	story    demoStory
}

func (g *demoGen) planVOC() {
	ag := g.ags["voc-triage"]
	last := g.lastWeekday(time.Tuesday)
	weeks := demoWeeks()
	occ := 0
	for i := range weeks {
		if occ == 3 {
			occ++ // six weeks ago the triage did not happen (a public holiday)
		}
		day := last.AddDays(-7 * (8 - occ))
		occ++
		w := weeks[i]
		g.schedule(g.at(day, 9, 0), func() error { return g.vocMeeting(ag, day, w) })
	}
	// changes made in the tracker between meetings
	o := func(k int) Date { return last.AddDays(-7 * (8 - k)) }
	g.change("vat", StatusDone, "template updated; invoices re-sent", "li", g.at(o(0).AddDays(2), 16, 10))
	g.change("safari", StatusOpen, "sandbox access granted", "li", g.at(o(1).AddDays(6), 11, 5))
	g.change("promo", StatusDone, "rolled back in release 4.18.2", "li", g.at(o(4).AddDays(1), 10, 40))
}

func (g *demoGen) vocMeeting(ag Agenda, day Date, w demoWeek) error {
	people := []string{w.fac}
	for _, h := range []string{"maria", "ana", "priya", "li", "sam", "tom"} {
		if h != w.fac && h != w.absent {
			people = append(people, h)
		}
	}
	if w.decision != nil {
		people = append(people, "jo") // the executive sponsor drops in when a decision is due
	}
	plan := demoPlan{agenda: ag, series: g.voc, start: g.at(day, 9, 0), fac: w.fac, people: people, spent: w.spent[:]}
	if w.extend > 0 {
		plan.extend = map[int]int{1: w.extend}
	}
	m, err := g.hold(plan)
	if err != nil {
		return err
	}
	carried := slices.Clone(m.Carried)
	for _, k := range demoSortedKeys(w.reviews) {
		if a := g.acts[k]; a == nil || !slices.Contains(carried, a.ID) {
			return fmt.Errorf("demo triage of %s: action %s is not among the actions carried in", day, k)
		}
	}

	// 1. the dashboard: this week's issues join the series' unresolved ones,
	// and the list is ranked so that the deep-dives come first.
	var open []*Issue
	for _, k := range g.issueKeys {
		if is := g.issues[k]; is.SeriesID == g.voc.ID && !is.Resolved {
			open = append(open, is)
		}
	}
	SortIssues(open)
	var order []string // keys in rank order
	for _, p := range w.issues {
		if p.act != nil {
			order = append(order, p.key)
		}
	}
	order = append(order, demoSortedKeys(w.late)...)
	for _, is := range open {
		if k := g.issueKey(is.ID); !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for _, p := range w.issues {
		if p.act == nil {
			order = append(order, p.key)
		}
	}
	voters := people[1:]
	for n, p := range w.issues {
		in := IssueInput{Title: p.title, Theme: p.theme, Signal: p.signal, Story: p.story, Stat: p.stat, Impact: p.impact, RootCause: p.cause}
		at := demoSegAt(m, 0, 1+3*float64(n))
		is, err := NewIssue(in, p.by, at)
		if err != nil {
			return fmt.Errorf("demo issue %s: %w", p.key, err)
		}
		is.MeetingID, is.SeriesID = m.ID, m.SeriesID
		is.Rank = slices.Index(order, p.key) + 1
		is.DeepDive = is.Rank <= 3
		for v := 0; v < len(voters) && v < 4-n%3; v++ {
			is.Votes = append(is.Votes, voters[(v+n)%len(voters)])
		}
		if err := g.s.CreateIssue(g.ctx, is); err != nil {
			return err
		}
		g.issues[p.key] = is
		g.issueKeys = append(g.issueKeys, p.key)
		g.sum.Issues++
	}
	rankAt := demoSegAt(m, 0, float64(w.spent[0])-1)
	for _, is := range open {
		k := g.issueKey(is.ID)
		rank := slices.Index(order, k) + 1
		deep := is.DeepDive || rank <= 3
		if rank == is.Rank && deep == is.DeepDive {
			continue
		}
		u, err := g.s.UpdateIssue(g.ctx, is.ID, func(i *Issue) error {
			i.Rank, i.DeepDive, i.UpdatedAt = rank, deep, rankAt
			return nil
		})
		if err != nil {
			return err
		}
		g.issues[k] = u
	}

	// 2. the deep-dive: every top issue leaves with an owner and a next step.
	n := 0
	for _, p := range w.issues {
		if p.act == nil {
			continue
		}
		a := *p.act
		a.issue = p.key
		if _, err := g.addAction(m, 1, a, w.fac, demoSegAt(m, 1, 2+6*float64(n))); err != nil {
			return err
		}
		n++
	}
	for _, k := range demoSortedKeys(w.late) {
		a := w.late[k]
		a.issue = k
		if _, err := g.addAction(m, 1, a, w.fac, demoSegAt(m, 1, 2+6*float64(n))); err != nil {
			return err
		}
		n++
	}
	if w.decision != nil {
		if err := g.addDecision(m, *w.decision, w.fac, demoSegAt(m, 1, float64(w.spent[1])-2)); err != nil {
			return err
		}
	}

	// 3. the walk of earlier actions: done, on track, blocked, escalated.
	var reviews []Review
	for k, id := range carried {
		key := g.keyOf[id]
		cur := g.acts[key]
		o, ok := w.reviews[key]
		if !ok {
			switch cur.Status {
			case StatusBlocked:
				o = demoOutcome{OutcomeBlocked, cur.LastChange().Note}
			case StatusEscalated:
				o = demoOutcome{OutcomeEscalated, cur.LastChange().Note}
			default:
				o = demoOutcome{OutcomeOnTrack, ""}
			}
		}
		st, note := demoReviewStatus(o)
		at := demoSegAt(m, 2, 1+float64(k))
		x, err := g.setStatus(key, st, note, w.fac, at)
		if err != nil {
			return err
		}
		reviews = append(reviews, Review{ActionID: id, Outcome: o.outcome, Note: x.LastChange().Note, By: w.fac, At: at})
	}
	for k, p := range w.extra {
		if _, err := g.addAction(m, 2, p, w.fac, demoSegAt(m, 2, float64(w.spent[2])-3+float64(k))); err != nil {
			return err
		}
	}
	for _, k := range w.resolve {
		at := demoSegAt(m, 2, float64(w.spent[2])-1)
		u, err := g.s.UpdateIssue(g.ctx, g.issues[k].ID, func(i *Issue) error {
			i.Resolved, i.UpdatedAt = true, at
			return nil
		})
		if err != nil {
			return err
		}
		g.issues[k] = u
	}
	if len(reviews) > 0 {
		if _, err := g.s.UpdateMeeting(g.ctx, m.ID, func(x *Meeting) error {
			x.Reviews, x.Walk = reviews, len(x.Carried)
			return nil
		}); err != nil {
			return err
		}
	}

	// 4. one customer story that matters.
	return g.addStory(m, w.story, demoSegAt(m, 3, 2))
}

// demoReviewStatus maps a review outcome to the action's new status and note,
// as Room.Review does.
func demoReviewStatus(o demoOutcome) (Status, string) {
	switch o.outcome {
	case OutcomeDone:
		return StatusDone, o.note
	case OutcomeBlocked:
		return StatusBlocked, o.note
	case OutcomeEscalated:
		return StatusEscalated, o.note
	case OutcomeDropped:
		return StatusDropped, o.note
	}
	if o.note == "" {
		return StatusOpen, "on track"
	}
	return StatusOpen, o.note
}

func (g *demoGen) issueKey(id string) string {
	for k, is := range g.issues {
		if is.ID == id {
			return k
		}
	}
	return ""
}

func demoSortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func demoDue(key, owner string, due int, text string) *demoAct {
	return &demoAct{key: key, text: text, owner: owner, due: due}
}

func demoDueIn(key, owner string, dueIn int, text string) *demoAct {
	return &demoAct{key: key, text: text, owner: owner, dueIn: dueIn}
}

// demoWeeks is eight weeks of triage, oldest first.
func demoWeeks() []demoWeek {
	return []demoWeek{
		{ // week 1
			fac: "maria", spent: [4]int{17, 24, 12, 8}, extend: 5,
			issues: []demoIssue{
				{key: "bankerr", title: "Bank connection fails with a generic error", theme: "Onboarding", signal: "spike", by: "sam",
					story: "“I almost gave up. Your error message told me nothing.”", stat: "23% abandon at the bank step",
					impact: "About $2M a year in lost sign-ups", cause: "Error messages lack actionable guidance",
					act: demoDue("bankerr", "ana", 14, "Rewrite the bank-connection error messages with a next step for each")},
				{key: "vat", title: "Invoice PDFs are missing the VAT number", theme: "Billing", signal: "new-theme", by: "priya",
					stat: "41 tickets in 7 days", impact: "EU customers cannot reclaim VAT", cause: "Invoice template change in release 4.17",
					act: demoDue("vat", "li", 7, "Add the VAT number back to the invoice template")},
				{key: "safari", title: "Checkout times out on mobile Safari", theme: "Checkout", signal: "spike", by: "li",
					stat: "Mobile conversion down 6 points week over week", impact: "Lost orders on a third of mobile traffic",
					cause: "Payment iframe waits for a script Safari blocks",
					act:   demoDue("safari", "li", 10, "Reproduce and fix the checkout timeout on mobile Safari")},
				{key: "refund", title: "Refund status is unclear after a return", theme: "Returns", signal: "sentiment-shift", by: "tom",
					stat: "Sentiment on refund tickets fell from neutral to negative"},
			},
			story: demoStory{"sam", StoryInput{Quote: "I almost gave up. Your error message told me nothing.",
				Context: "First-time user, trying to connect a bank account", Stage: "Onboarding → Account setup", Theme: "Onboarding",
				Impact: "23% abandon at this step; estimated $2M annual revenue loss", Learning: "Error messages lack actionable guidance",
				Status: "Fixed: new messages shipped; abandonment down to 8%"}},
		},
		{ // week 2
			fac: "maria", absent: "tom", spent: [4]int{14, 22, 16, 9},
			issues: []demoIssue{
				{key: "reset", title: "Password-reset emails land in spam", theme: "Support", signal: "spike", by: "sam",
					stat: "Reset tickets up 2.3×", impact: "Customers locked out before payroll runs", cause: "Reset mail shares the marketing domain",
					act: demoDue("reset", "li", 7, "Move password-reset emails to the transactional mail domain")},
				{key: "renewal", title: "Annual renewal reminder arrives after the charge", theme: "Billing", signal: "sentiment-shift", by: "priya",
					story: "“You charged me first and told me afterwards.”", stat: "Renewal complaints doubled in a month",
					impact: "Refund requests and chargebacks at renewal", cause: "Reminder job runs on the charge date, not before it",
					act: demoDue("renewal", "priya", 21, "Send renewal reminders 14 days before the charge")},
				{key: "chatq", title: "Support chat queue over 20 minutes at peak", theme: "Support", signal: "spike", by: "sam",
					stat: "Evening wait time 22 minutes (target 5)", impact: "Abandoned chats turn into phone calls",
					cause: "Evening shift lost two agents in October",
					act:   demoDue("chat", "sam", 7, "Add two agents to the evening chat shift")},
			},
			reviews: map[string]demoOutcome{
				"safari": {OutcomeBlocked, "waiting for sandbox access from the payment provider"},
			},
			resolve: []string{"vat"},
			decision: &DecisionInput{
				Title:   "Bank-connection errors before the dashboard redesign",
				Context: "Bank-connection failures cost about 23% of new sign-ups at the bank step; the dashboard redesign is half staffed.",
				Options: []Option{
					{Description: "Fix the bank-connection errors first", Pros: "Stops the biggest onboarding leak; small team",
						Cons: "Dashboard redesign slips four weeks", CustomerImpact: "New customers get through setup"},
					{Description: "Keep the redesign on schedule", Pros: "Marketing launch date holds", Cons: "Abandonment continues",
						CustomerImpact: "Existing customers get a nicer dashboard; new ones still drop out"},
				},
				Decision:       "Move two engineers from the dashboard redesign to the bank-connection errors until abandonment is under 10%.",
				Rationale:      "Losing a quarter of new customers at one step outweighs a cosmetic improvement for existing ones.",
				Customer:       "Fewer failed setups",
				Business:       "About $2M annual revenue protected",
				Metrics:        "Bank-step abandonment under 10%; onboarding CES under 3.5",
				ReviewDate:     "+42d",
				CommunicatedTo: "product team, support leads, marketing",
			},
			story: demoStory{"ana", StoryInput{Quote: "I reset my password three times and never got the email.",
				Context: "Returning customer locked out an hour before a payroll run", Stage: "Onboarding → First login", Theme: "Support",
				Impact: "Reset tickets up 2.3×; 14 escalations to managers", Learning: "Transactional mail must not share the marketing domain",
				Status: "Fixed: reset emails moved to the transactional domain"}},
		},
		{ // week 3
			fac: "maria", spent: [4]int{15, 21, 14, 10},
			issues: []demoIssue{
				{key: "receipts", title: "Customers cannot find where to download receipts", theme: "Billing", signal: "new-theme", by: "priya",
					stat: "9% of billing tickets ask for a receipt", impact: "Avoidable contacts at quarter end",
					cause: "Receipts live under Settings → Documents",
					act:   demoDue("receipts", "priya", 14, "Add a Receipts link to the account menu")},
				{key: "eta", title: "Delivery estimate changes after purchase", theme: "Delivery", signal: "sentiment-shift", by: "tom",
					stat: "1 in 12 orders sees a later date after paying", impact: "Where-is-my-order contacts",
					act: demoDue("eta", "tom", 10, "Audit the carrier ETA feed for stale estimates")},
				{key: "widget", title: "Chat widget hides the send button on small phones", theme: "Support", signal: "spike", by: "sam",
					stat: "Chat starts from phones down 30%", cause: "Layout breaks under 375 pixels",
					act: demoDue("widget", "li", 7, "Fix the chat widget layout on screens under 375 pixels")},
			},
			reviews: map[string]demoOutcome{
				"bankerr": {OutcomeDone, ""},
				"reset":   {OutcomeDone, ""},
				"chat":    {OutcomeDone, ""},
			},
			resolve: []string{"bankerr", "reset", "chatq"},
			story: demoStory{"priya", StoryInput{Quote: "Where do I even find last month's receipt?",
				Context: "Small-business owner preparing quarterly taxes", Stage: "Billing → Invoices", Theme: "Billing",
				Impact: "9% of billing tickets are 'where is my receipt'", Learning: "Self-service beats a faster reply",
				Status: "Fixed: Receipts link in the account menu"}},
		},
		{ // week 4 (the week before was missed)
			fac: "maria", spent: [4]int{16, 23, 15, 8},
			issues: []demoIssue{
				{key: "2fa", title: "Two-factor codes arrive late for EU customers", theme: "Onboarding", signal: "spike", by: "ana",
					stat: "Median SMS delay 4 minutes in the EU", impact: "Sign-in abandonment up 5 points in the EU",
					cause: "EU numbers routed through one overloaded provider",
					act:   demoDue("2fa", "li", 14, "Switch SMS routing for EU numbers to the second provider")},
				{key: "labels", title: "Return labels fail to print", theme: "Returns", signal: "spike", by: "tom",
					story: "“The label printer says invalid format and the store closes at six.”", stat: "Return contacts up 18%",
					impact: "Refunds delayed; returns window complaints", cause: "PDF labels are A4 only",
					act: demoDue("labels", "tom", 21, "Offer QR-code return labels as an alternative to printing")},
				{key: "promo", title: "Promo codes rejected at checkout", theme: "Checkout", signal: "spike", by: "priya",
					stat: "312 failed promo attempts in a day", impact: "Campaign revenue at risk",
					cause: "Validation change in release 4.18",
					act:   demoDue("promo", "li", 3, "Roll back the promo-code validation change")},
			},
			reviews: map[string]demoOutcome{
				"safari":  {OutcomeDone, ""},
				"widget":  {OutcomeDone, ""},
				"renewal": {OutcomeEscalated, "to tom: needs finance sign-off on the billing-system change"},
			},
			extra:    []demoAct{{key: "finance", text: "Get finance sign-off on the renewal-reminder change", owner: "tom", due: 14}},
			resolve:  []string{"safari", "widget"},
			decision: &DecisionInput{Decision: "Pause the loyalty-points email campaign until renewal reminders go out on time."},
			story: demoStory{"tom", StoryInput{Quote: "The label printer says 'invalid format' and the store closes at six.",
				Context: "Customer returning a gift before the 30-day window closes", Stage: "Returns → Label printing", Theme: "Returns",
				Impact: "Return-related contacts up 18%; refunds delayed", Learning: "Customers without printers need another way",
				Status: "In progress: QR-code labels in pilot"}},
		},
		{ // week 5: maria is away, tom facilitates
			fac: "tom", absent: "maria", spent: [4]int{13, 20, 17, 10},
			issues: []demoIssue{
				{key: "android", title: "App crashes when uploading receipts on Android", theme: "Mobile app", signal: "spike", by: "li",
					stat: "App rating from 4.4 to 4.1 in a week", impact: "Field staff cannot file expenses",
					cause: "Image library regression on Android 11 and older",
					act:   demoDue("android", "li", 5, "Ship a hotfix for the Android receipt-upload crash")},
				{key: "proration", title: "Customers confused by plan-change proration", theme: "Billing", signal: "new-theme", by: "sam",
					stat: "Billing calls 11 minutes longer than average", impact: "Downgrades after surprise bills",
					act: demoDue("proration", "ana", 28, "Write a proration explainer for the plan-change page")},
				{key: "welcome", title: "Welcome email links to a missing page", theme: "Onboarding", signal: "new-theme", by: "ana",
					stat: "1,900 clicks on a 404 in a week", cause: "Help-centre move left old links",
					act: demoDue("welcome", "ana", 7, "Fix the welcome-email link and add a link check to the release checklist")},
			},
			reviews: map[string]demoOutcome{
				"receipts": {OutcomeDone, ""},
				"eta":      {OutcomeDropped, "carrier is replaced in January; not worth fixing"},
				"2fa":      {OutcomeBlocked, "waiting for the vendor contract (legal review)"},
			},
			resolve: []string{"receipts", "eta", "promo"},
			story: demoStory{"li", StoryInput{Quote: "I had the code in my hand and your app crashed. Twice.",
				Context: "Field technician uploading expense receipts on Android", Stage: "Mobile app → Receipt upload", Theme: "Mobile app",
				Impact: "App rating dropped from 4.4 to 4.1 in a week", Learning: "Regression tests missed older Android versions",
				Status: "Fixed: hotfix 5.2.1"}},
		},
		{ // week 6
			fac: "maria", spent: [4]int{15, 26, 14, 7},
			issues: []demoIssue{
				{key: "search", title: "Search finds nothing for product codes", theme: "Search", signal: "new-theme", by: "priya",
					stat: "14% of searches are product codes; 80% of them return nothing", impact: "Repeat buyers call to reorder",
					act: demoDue("search", "li", 21, "Index product codes in site search")},
				{key: "holdq", title: "Long hold times for billing questions", theme: "Support", signal: "sentiment-shift", by: "sam",
					stat: "Billing hold time 9 minutes, others 3", impact: "Billing callers churn 2× more",
					act: demoDue("holdq", "sam", 14, "Route billing calls to a dedicated queue")},
			},
			late: map[string]demoAct{
				"refund": {key: "refund", text: "Email customers at each step of their refund", owner: "tom", due: 21},
			},
			reviews: map[string]demoOutcome{
				"android": {OutcomeDone, ""},
				"welcome": {OutcomeDone, ""},
				"finance": {OutcomeDone, ""},
				"2fa":     {OutcomeBlocked, "legal review still open; tom is chasing"},
			},
			resolve: []string{"android", "welcome"},
			decision: &DecisionInput{
				Title:          "Proactive credits for checkout outages",
				Context:        "Two checkout outages this quarter; customers found out from failed payments.",
				Decision:       "Credit affected customers automatically when checkout is down for more than 30 minutes, and tell them before they ask.",
				Rationale:      "An apology that arrives first costs less than the tickets and churn of one that arrives late.",
				Customer:       "No need to ask for compensation",
				Business:       "Credits capped at $5 per customer",
				Metrics:        "Outage-week CSAT within 3 points of normal",
				ReviewDate:     "+60d",
				CommunicatedTo: "support, finance, checkout squad",
			},
			story: demoStory{"sam", StoryInput{Quote: "I waited 40 minutes to ask why my bill went up.",
				Context: "Long-time customer after a plan change", Stage: "Billing → Renewal", Theme: "Billing",
				Impact: "Billing calls average 11 minutes longer than others", Learning: "Proration is invisible until the bill arrives",
				Status: "In progress: dedicated billing queue and explainer"}},
		},
		{ // week 7
			fac: "maria", absent: "li", spent: [4]int{14, 20, 15, 9},
			issues: []demoIssue{
				{key: "checklist", title: "New admins ignore the onboarding checklist", theme: "Onboarding", signal: "sentiment-shift", by: "ana",
					stat: "Workspaces with one user churn 3× more in month one", impact: "Seats never activated",
					act: demoDue("checklist", "ana", 14, "Test an in-app checklist nudge with 10% of new admins")},
				{key: "prepaid", title: "Prepaid cards declined at checkout", theme: "Checkout", signal: "spike", by: "priya",
					stat: "Prepaid decline rate 21% (cards overall 4%)", impact: "Gift-season buyers cannot pay",
					act: demoDue("prepaid", "priya", 14, "Ask the payment provider for decline reason codes on prepaid cards")},
				{key: "csv", title: "CSV export breaks accented names", theme: "Reports", signal: "new-theme", by: "li",
					stat: "37 tickets from French and Spanish customers", cause: "Export is written as Latin-1",
					act: demoDue("csv", "li", 14, "Export CSV as UTF-8 so accented names survive")},
			},
			reviews: map[string]demoOutcome{
				"proration": {OutcomeBlocked, "waiting for billing to confirm the proration rules"},
			},
			story: demoStory{"ana", StoryInput{Quote: "Nobody told me I had to invite my team first.",
				Context: "New admin setting up a workspace for 30 people", Stage: "Onboarding → Account setup", Theme: "Onboarding",
				Impact: "Workspaces with one user churn 3× more in month one", Learning: "The checklist is where admins don't look",
				Status: "Experiment: in-app nudge for 10% of new admins"}},
		},
		{ // week 8: last week
			fac: "maria", spent: [4]int{15, 22, 18, 10},
			issues: []demoIssue{
				{key: "dupnotify", title: "Delivery notifications are sent twice", theme: "Delivery", signal: "spike", by: "tom",
					stat: "600 where-is-my-order contacts a week", impact: "Customers think they ordered twice",
					act: demoDueIn("dupnotify", "li", 14, "Deduplicate shipping-notification events in the platform")},
				{key: "deposit", title: "Cancelled orders still charged a deposit", theme: "Billing", signal: "spike", by: "priya",
					stat: "118 cases in two weeks", impact: "Chargebacks and angry reviews",
					act: demoDueIn("deposit", "priya", 10, "Refund deposits on cancelled orders automatically")},
				{key: "sidebar", title: "Agents cannot see the customer's plan", theme: "Support", signal: "new-theme", by: "sam",
					stat: "Handle time +90 seconds on billing chats", impact: "Slower answers, more transfers",
					act: demoDueIn("sidebar", "sam", 21, "Show the plan and renewal date in the agent sidebar")},
				{key: "invmail", title: "Customers ask for invoices by email", theme: "Billing", signal: "new-theme", by: "priya",
					stat: "25 requests this week"},
			},
			reviews: map[string]demoOutcome{
				"holdq":     {OutcomeDone, ""},
				"csv":       {OutcomeDone, ""},
				"proration": {OutcomeOnTrack, "rules confirmed by finance"},
				"search":    {OutcomeBlocked, "search vendor upgrade needed first (ticket SR-2231)"},
				"refund":    {OutcomeEscalated, "to jo: needs a change on the returns platform roadmap"},
				"prepaid":   {OutcomeEscalated, "to tom: the provider's account manager is not answering"},
				"labels":    {OutcomeOnTrack, "pilot running in two stores"},
			},
			resolve: []string{"holdq", "csv"},
			decision: &DecisionInput{
				Title:          "One Help entry point",
				Context:        "Customers reach help through five different links; 30% of chats start with 'where do I…'.",
				Decision:       "Adopt a single Help entry point in the app and on the website; retire the other four links.",
				Rationale:      "One door is easier to find and lets us measure what customers look for.",
				Customer:       "Help is always in the same place",
				Business:       "Fewer misrouted contacts",
				Metrics:        "'Where do I' chats down 25%",
				ReviewDate:     "+90d",
				CommunicatedTo: "product, support, web team",
			},
			story: demoStory{"priya", StoryInput{Quote: "Why did I get two 'your parcel is on its way' texts? Is it two parcels?",
				Context: "Customer expecting a single delivery", Stage: "Delivery → Notifications", Theme: "Delivery",
				Impact:   "Duplicate texts drive 600 'where is my order' contacts a week",
				Learning: "Event deduplication belongs in the platform, not in each sender", Status: "Not started"}},
		},
	}
}

// ---- the monthly journey review ----

type demoDecision struct {
	seg int
	in  DecisionInput
}

type demoReview struct {
	journey   string
	people    []string
	spent     [4]int
	stories   []demoStory
	decisions []demoDecision
	actions   []demoAct // raised in the pipeline segment
}

func (g *demoGen) planReviews() {
	ag := g.ags["journey-review"]
	days := g.firstThursdays(2)
	for i, r := range g.demoReviews() {
		day := days[i]
		g.schedule(g.at(day, 14, 0), func() error { return g.reviewMeeting(ag, day, r) })
	}
	r := days[0]
	g.change("inline", StatusDone, "shipped behind a flag; 100% rollout", "priya", g.at(r.AddDays(26), 15, 30))
	g.change("fraud", StatusBlocked, "waiting for the fraud vendor's rule export", "tom", g.at(r.AddDays(5), 10, 0))
	g.change("fraud", StatusOpen, "rule export received", "tom", g.at(r.AddDays(14), 9, 30))
	g.change("fraud", StatusDone, "new rules live; first-time declines down to 1.1%", "tom", g.at(r.AddDays(20), 17, 0))
}

func (g *demoGen) reviewMeeting(ag Agenda, day Date, r demoReview) error {
	j := g.journeys[r.journey]
	plan := demoPlan{agenda: ag, series: g.rev, title: ag.Title + " — " + j.Name, start: g.at(day, 14, 0), fac: "maria",
		people: r.people, spent: r.spent[:], journey: j}
	m, err := g.hold(plan)
	if err != nil {
		return err
	}
	var values map[string]float64
	for _, p := range g.journeyPlans() {
		if p.key == r.journey {
			values = demoValues(p.values, 5)
		}
	}
	u, err := g.s.UpdateJourney(g.ctx, j.ID, func(j *Journey) error {
		j.Record(Reading{Date: m.Date, MeetingID: m.ID, Values: values})
		return nil
	})
	if err != nil {
		return err
	}
	g.journeys[r.journey] = u
	for i, s := range r.stories {
		if err := g.addStory(m, s, demoSegAt(m, 1, 4+7*float64(i))); err != nil {
			return err
		}
	}
	for i, a := range r.actions {
		if _, err := g.addAction(m, 2, a, "maria", demoSegAt(m, 2, 6+8*float64(i))); err != nil {
			return err
		}
	}
	for i, d := range r.decisions {
		if err := g.addDecision(m, d.in, "maria", demoSegAt(m, d.seg, 3+5*float64(i))); err != nil {
			return err
		}
	}
	return nil
}

func (g *demoGen) demoReviews() []demoReview {
	return []demoReview{
		{
			journey: "checkout", people: []string{"maria", "priya", "tom", "li", "jo"}, spent: [4]int{22, 18, 34, 19},
			stories: []demoStory{
				{"priya", StoryInput{Quote: "The card form cleared everything when I got one digit wrong.",
					Context: "Mobile shopper paying with a new card", Stage: "Checkout → Payment", Theme: "Checkout",
					Impact: "Payment-step abandonment up from 9% to 14%", Learning: "Validation must keep what was typed",
					Status: "In progress: inline validation"}},
				{"tom", StoryInput{Quote: "I couldn't use my gift card and my credit card together.",
					Context: "Customer buying a birthday present with a gift card", Stage: "Checkout → Payment", Theme: "Checkout",
					Impact: "4% of orders try to split the payment", Learning: "Split payment is table stakes in gifting season",
					Status: "Deferred to Q1 planning"}},
			},
			actions: []demoAct{
				{key: "inline", text: "Ship inline card validation that keeps what was typed", owner: "priya", due: 30},
				{key: "fraud", text: "Tune the fraud rules for first-time cards with the payments team", owner: "tom", due: 21},
				{key: "onepage", text: "A/B test a one-page checkout on mobile", owner: "li", dueIn: 20},
			},
			decisions: []demoDecision{
				{2, DecisionInput{Title: "Inline card validation", Kind: "approved", Owner: "priya", Deadline: "+30d",
					Context:   "Payment-step abandonment rose from 9% to 14% since the card form redesign.",
					Decision:  "Approve inline card validation that keeps what the customer typed.",
					Rationale: "The redesign clears the form on any error; most abandonments follow a single typo.",
					Customer:  "A typo costs a second, not the whole form", Business: "Recover about a third of payment-step abandonment",
					Metrics: "Payment-step abandonment back under 10%", ReviewDate: "+60d", CommunicatedTo: "checkout squad, support"}},
				{3, DecisionInput{Title: "Split payment deferred to Q1", Kind: "deferred",
					Context:   "4% of orders try to combine a gift card with a card.",
					Decision:  "Defer split payment (gift card plus card) to Q1 planning.",
					Rationale: "It needs the new payment provider contract; nothing can ship before it is signed.",
					Customer:  "Gift-card holders still pay in two orders", Metrics: "Split-payment attempts",
					ReviewDate: "+75d", CommunicatedTo: "checkout squad"}},
				{3, DecisionInput{Title: "Fraud rules decline good first-time cards", Kind: "blocker", Owner: "tom",
					Context:   "3% of first-time cards are declined by the fraud rules; most are genuine.",
					Decision:  "Blocker: the fraud rules must be tuned before the checkout changes can show their effect; tom resolves it with the payments team.",
					Rationale: "Without it, checkout completion stays down whatever we ship.",
					Metrics:   "First-time card declines under 1.5%", ReviewDate: "+30d", CommunicatedTo: "payments team"}},
			},
		},
		{
			journey: "onboarding", people: []string{"maria", "ana", "priya", "sam", "jo"}, spent: [4]int{19, 21, 28, 20},
			stories: []demoStory{
				{"ana", StoryInput{Quote: "Setup took me 12 minutes, not 5.",
					Context: "Trial user comparing three tools in one afternoon", Stage: "Onboarding → Account setup", Theme: "Onboarding",
					Impact: "Median setup time 12 minutes against a 5-minute promise", Learning: "Our promise and our product disagree",
					Status: "Fix: streamline the onboarding flow (promise audit)"}},
				{"sam", StoryInput{Quote: "The sample data made it click for me.",
					Context: "Marketing lead exploring reports on day one", Stage: "Onboarding → First value", Theme: "Onboarding",
					Impact: "Trials with sample data convert 1.6× better", Learning: "Show value before asking for setup work",
					Status: "Approved: sample data in every trial"}},
			},
			actions: []demoAct{
				{key: "sample", text: "Add sample data to every new trial workspace", owner: "ana", dueIn: 14},
				{key: "setuptime", text: "Measure setup time per step for two weeks", owner: "li", dueIn: 7},
			},
			decisions: []demoDecision{
				{3, DecisionInput{Title: "Sample data in trial workspaces", Kind: "approved", Owner: "ana", Deadline: "+21d",
					Context:   "Trials with sample data converted 1.6× better in last quarter's test.",
					Decision:  "Approve sample data in every new trial workspace.",
					Rationale: "Customers see value before doing any setup work; the test showed it.",
					Customer:  "See real reports on day one", Business: "1.6× trial conversion in the test group",
					Metrics: "Trial-to-paid conversion; time to first report", ReviewDate: "+60d", CommunicatedTo: "growth team, sales"}},
				{3, DecisionInput{Title: "Onboarding email rewrite deferred", Kind: "deferred",
					Context:    "The onboarding emails are old, but the checklist nudge experiment is running.",
					Decision:   "Defer the onboarding email rewrite until the checklist experiment reports.",
					Rationale:  "Changing both at once would hide which one worked.",
					ReviewDate: "+45d", CommunicatedTo: "growth team"}},
			},
		},
	}
}

// ---- GUIDE coaching ----

type demoGuide struct {
	day     Date
	topic   string
	spent   [7]int
	answers [5]string
	notes   string
	actions []demoAct
	done    map[string]int // key → days after the session it was done
}

func (g *demoGen) planGuides() {
	ag := g.ags["guide-coaching"]
	wed := g.lastWeekday(time.Wednesday)
	for _, p := range []demoGuide{
		{day: wed.AddDays(-14), topic: "Bank-connection drop-off in onboarding", spent: [7]int{5, 6, 5, 6, 4, 4, 3},
			answers: [5]string{
				"Connect their bank so the first invoice goes out on day one.",
				"They hit a generic error at the bank step and 23% give up. Support calls it a bank problem; product calls it an edge case.",
				"Lost trials (about $2M a year), a bad first impression, and support tickets we pay for twice.",
				"Say what went wrong and what to do next; let them skip the bank step and come back to it.",
				"Abandonment under 10%, bank-connection tickets halved, and customers telling us it just worked.",
			},
			notes: "Went well: Ana framed the goal from the customer's side straight away.\n" +
				"Work on: quantify the impact before proposing solutions.\n" +
				"Development area: presenting trade-offs to the executive team.",
			actions: []demoAct{
				{key: "dropoff", text: "Pull bank-step drop-off by bank for the last 90 days", owner: "ana", due: 5},
				{key: "shadow", text: "Shadow two support calls about bank connections", owner: "ana", due: 10},
			},
			done: map[string]int{"dropoff": 3, "shadow": 8},
		},
		{day: wed, topic: "Making the case for sample data in trials", spent: [7]int{4, 5, 6, 4, 5, 4, 2},
			answers: [5]string{
				"See what the product does for them before investing an afternoon in setup.",
				"Empty dashboards until setup is done; most trials never get that far.",
				"Trials expire before anyone sees a report; sales calls start from zero.",
				"Ship realistic sample data and a one-click switch to their own.",
				"Trial-to-paid conversion up, and trial users quoting a report in their first sales call.",
			},
			notes: "Went well: used the journey review's evidence, not opinions.\n" +
				"Work on: name the owner for each next step in the room.\n" +
				"Development area: story-telling with one customer, not averages.",
			actions: []demoAct{
				{key: "brief", text: "Draft a one-page story brief for the executive sponsor", owner: "ana", dueIn: 5},
			},
		},
	} {
		g.schedule(g.at(p.day, 15, 0), func() error { return g.guideMeeting(ag, p) })
		for k, days := range p.done {
			g.change(k, StatusDone, "", "ana", g.at(p.day.AddDays(days), 12, 15))
		}
	}
}

func (g *demoGen) guideMeeting(ag Agenda, p demoGuide) error {
	start := g.at(p.day, 15, 0)
	gd, err := NewGuide("maria", "ana", p.topic, start)
	if err != nil {
		return err
	}
	if err := g.s.CreateGuide(g.ctx, gd); err != nil {
		return err
	}
	g.sum.Guides++
	m, err := g.hold(demoPlan{agenda: ag, title: fmt.Sprintf("%s — %s with %s", ag.Title, gd.Topic, gd.Coachee), start: start,
		fac: "maria", people: []string{"maria", "ana"}, spent: p.spent[:], guide: gd})
	if err != nil {
		return err
	}
	var ids []string
	for i, a := range p.actions {
		x, err := g.addAction(m, 5, a, "maria", demoSegAt(m, 5, 1+float64(i)))
		if err != nil {
			return err
		}
		ids = append(ids, x.ID)
	}
	_, err = g.s.UpdateGuide(g.ctx, gd.ID, func(x *Guide) error {
		for i, ans := range p.answers {
			if err := x.SetAnswer(i, ans, demoSegAt(m, i, 2)); err != nil {
				return err
			}
		}
		x.ActionIDs, x.MeetingID = ids, m.ID
		return x.SetNotes(p.notes, demoSegAt(m, 6, 1))
	})
	return err
}

// ---- the promise-proof audit ----

func (g *demoGen) planAudit() {
	ag := g.ags["promise-audit"]
	day := g.audit.Start
	g.schedule(g.at(day, 10, 0), func() error { return g.auditMeeting(ag, day) })
	g.change("supportpromise", StatusDone, "new wording live on the website", "sam", g.at(day.AddDays(15), 11, 0))
	g.change("personal", StatusDone, "claim removed from pricing and ads", "priya", g.at(day.AddDays(6), 16, 45))
}

func (g *demoGen) auditMeeting(ag Agenda, day Date) error {
	m, err := g.hold(demoPlan{agenda: ag, series: g.audit, start: g.at(day, 10, 0), fac: "maria",
		people: []string{"maria", "tom", "priya", "sam", "ana", "jo"}, spent: []int{35, 58, 31}})
	if err != nil {
		return err
	}
	for i, in := range []struct {
		by string
		in PromiseInput
	}{
		{"sam", PromiseInput{Promise: "24/7 support", Source: "marketing", Evidence: "Chat and phone logs for the quarter",
			Reality: "Available 24/7 but the average first response takes 3 hours", KeepRate: "78",
			Gap: "Response time not specified", Action: "revise", Owner: "sam"}},
		{"ana", PromiseInput{Promise: "Easy setup in 5 minutes", Source: "product", Evidence: "Onboarding funnel timings",
			Reality: "Median setup time is 12 minutes", KeepRate: "35", Gap: "140% over the promise", Action: "fix", Owner: "ana"}},
		{"priya", PromiseInput{Promise: "Personalised recommendations", Source: "marketing", Evidence: "Recommendation logs",
			Reality: "The same recommendations are shown to all users", KeepRate: "5", Gap: "Promise not delivered",
			Action: "retire", Owner: "priya"}},
		{"tom", PromiseInput{Promise: "Free shipping over $50", Source: "service", Evidence: "Order and carrier data",
			Reality: "Delivered 99.8% of the time", KeepRate: "99.8", Gap: "Minor gap", Action: "keep", Owner: "tom"}},
	} {
		p, err := NewPromise(in.in, in.by, demoSegAt(m, 1, 5+12*float64(i)))
		if err != nil {
			return fmt.Errorf("demo promise: %w", err)
		}
		p.MeetingID = m.ID
		if err := g.s.CreatePromise(g.ctx, p); err != nil {
			return err
		}
		g.sum.Promises++
	}
	for i, a := range []demoAct{
		{key: "supportpromise", text: "Change the support promise to '24/7 with a first reply within 1 hour'", owner: "sam", due: 21},
		{key: "personal", text: "Remove the personalised-recommendations claim from the pricing page", owner: "priya", due: 14},
		{key: "setup5", text: "Cut the median setup time to 5 minutes", owner: "ana", dueIn: 40},
	} {
		if _, err := g.addAction(m, 2, a, "maria", demoSegAt(m, 2, 4+6*float64(i))); err != nil {
			return err
		}
	}
	return nil
}

// ---- the rituals ----
//
// Package agendas (which imports this one) ships the rituals as files; a
// meeting keeps a copy of its agenda, so the demo carries the same segments
// (ids, titles, timeboxes, outputs, what they produce) without the prompts.
// A test checks them against the shipped files.

// agenda returns the shipped ritual id.
func (g *demoGen) agenda(id string) (Agenda, error) {
	if g.rituals != nil {
		if a, ok := g.rituals(id); ok {
			return a, nil
		}
	}
	return Agenda{}, Errorf(EINVALID, "the demo needs the %s ritual, which is not loaded", id)
}

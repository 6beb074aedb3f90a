// Package demo writes a realistic sample organisation so that a new user sees
// every screen populated at once. The organisation's data is embedded YAML
// (demo.yaml); the meetings are held through the real meeting.Hub and
// meeting.Room, and the changes between meetings go through meeting.Service,
// all on a fake clock moved from one event to the next. The rules (ranking
// and deep-dives, linking an action to its issue, the walk of earlier
// actions, what a new meeting carries in, who may change what) are the
// rooms' own: the demo only says who did what, and when.
package demo

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"cxroom/meeting"
)

// Summary says what Run wrote.
type Summary struct {
	// Team is the sample team (no SSH keys): written as the team file when
	// there is none yet.
	Team *meeting.Team
	// The series' ids: the weekly VOC triage, the monthly journey review and
	// the quarterly promise-proof audit.
	VOCSeries, ReviewSeries, AuditSeries string

	Series, Journeys, Meetings, Actions, Decisions, Issues, Stories, Guides, Promises int

	ByStatus map[meeting.Status]int // actions per status
	Overdue  int                    // active actions due before today
}

// org is the embedded organisation, parsed once.
var org = sync.OnceValues(loadOrg)

// Team is the sample team: two facilitators, four members, one observer.
func Team() *meeting.Team {
	o, err := org()
	if err != nil {
		panic(err) // the embedded file is checked by the package's tests
	}
	return &meeting.Team{Members: slices.Clone(o.Team)}
}

// Run writes the sample organisation through s: a team of seven, five
// journeys with six monthly readings each (one without an owner, one not
// reviewed for 90+ days), a weekly VOC triage series with eight ended
// meetings (ranked issues, deep-dives with owners, actions in every status,
// reviews of earlier actions, a story a week, decisions), two monthly
// journey reviews, two GUIDE coaching sessions and a promise-proof audit.
//
// Every timestamp is counted back from clock.Now() (about eight weeks of
// history); the same instant gives the same data. Meetings end before now:
// nothing is left live. rituals looks up the agendas by id
// (agendas.Set.Get): the meetings run the rituals as shipped.
func Run(ctx context.Context, s meeting.Store, clock meeting.Clock, rituals func(id string) (meeting.Agenda, bool)) (Summary, error) {
	return RunSigned(ctx, s, clock, rituals, nil)
}

// RunSigned is Run with the ledger's heads signed by sign (the data
// folder's host key), as the server signs them.
func RunSigned(ctx context.Context, s meeting.Store, clock meeting.Clock, rituals func(id string) (meeting.Agenda, bool), sign meeting.HeadSigner) (Summary, error) {
	o, err := org()
	if err != nil {
		return Summary{}, err
	}
	g := newGen(ctx, s, o, clock.Now())
	g.sign = sign
	if err := g.run(rituals); err != nil {
		return Summary{}, fmt.Errorf("write the demo data: %w", err)
	}
	return g.sum, nil
}

// gen holds one run: the fake clock, the queue of what happens when, and
// the ids the data's keys stand for.
type gen struct {
	sign  meeting.HeadSigner // the ledger's heads (nil: unsigned)
	ctx   context.Context
	store meeting.Store
	org   *orgData
	clock *meeting.FakeClock
	now   time.Time // every event happens before it
	loc   *time.Location
	today meeting.Date
	team  *meeting.Team
	sum   Summary

	rituals         map[string]meeting.Agenda
	voc, rev, audit *meeting.Series
	journeys        map[string]*meeting.Journey // by key
	acts            map[string]string           // action key → id
	keyOf           map[string]string           // action id → key
	issues          map[string]string           // issue key → id
	charters        map[string]string           // charter key → id
	live            *meeting.Hub                // the hub of the meeting in progress, if any
	open            *session                    // the meeting in progress, if any
	queue           eventQueue
	seq             int // events planned so far
}

func newGen(ctx context.Context, s meeting.Store, o *orgData, now time.Time) *gen {
	return &gen{
		ctx: ctx, store: s, org: o, clock: meeting.NewFakeClock(time.Time{}), now: now, loc: now.Location(),
		today: meeting.DateOf(now), team: &meeting.Team{Members: slices.Clone(o.Team)},
		sum:      Summary{ByStatus: map[meeting.Status]int{}},
		journeys: map[string]*meeting.Journey{}, acts: map[string]string{}, keyOf: map[string]string{}, issues: map[string]string{},
	}
}

func (g *gen) run(rituals func(id string) (meeting.Agenda, bool)) error {
	g.rituals = map[string]meeting.Agenda{}
	for _, id := range []string{"voc-triage", "journey-review", "guide-coaching", "promise-audit", "steering-committee"} {
		a, ok := meeting.Agenda{}, false
		if rituals != nil {
			a, ok = rituals(id)
		}
		if !ok {
			return meeting.Errorf(meeting.EINVALID, "the demo needs the %s ritual, which is not loaded", id)
		}
		g.rituals[id] = a
	}
	if err := g.importJourneys(); err != nil {
		return err
	}
	if err := g.importSeries(); err != nil {
		return err
	}
	for _, plan := range []func() error{g.planTriage, g.planReviews, g.planGuides, g.planAudit, g.planOutside, g.planScorecard, g.planExecutive} {
		if err := plan(); err != nil {
			return err
		}
	}
	if err := g.drain(); err != nil {
		g.abandon()
		return err
	}
	if g.live != nil {
		g.abandon()
		return fmt.Errorf("a demo meeting was left in progress")
	}
	return g.summarise()
}

// abandon ends the meeting in progress after a failed step, so that no
// half-held demo meeting is left live in the store to be resumed.
func (g *gen) abandon() {
	s := g.open
	if s == nil {
		return
	}
	if a, err := g.actor(s.fac); err == nil && s.room != nil {
		_, _ = s.room.End(context.Background(), a)
	}
	s.hub.Close()
	g.live, g.open = nil, nil
}

// summarise counts the actions the demo wrote by status, and the overdue.
func (g *gen) summarise() error {
	all, err := g.store.Actions(g.ctx, meeting.ActionFilter{})
	if err != nil {
		return err
	}
	for _, a := range all {
		if _, ours := g.keyOf[a.ID]; !ours {
			continue
		}
		g.sum.ByStatus[a.Status]++
		if a.Overdue(g.today) {
			g.sum.Overdue++
		}
	}
	g.sum.Team = g.team
	return nil
}

// actor is a team member acting.
func (g *gen) actor(handle string) (meeting.Actor, error) {
	m, ok := g.team.Member(handle)
	if !ok {
		return meeting.Actor{}, fmt.Errorf("demo: %q is not on the team", handle)
	}
	return m.Actor(), nil
}

// service is what people use between meetings; a room in progress hears of
// the changes it shows.
func (g *gen) service() *meeting.Service {
	svc := meeting.NewService(g.store, g.clock, g.live, nil)
	svc.SetLedgerSigner(g.sign)
	return svc
}

// ---- journeys and series: the organisation as it stood ----

// importJourneys registers the journeys with their history: the readings
// before the demo's meetings are data, entered as they were measured. A
// journey reviewed in the demo gets its latest reading in that review.
func (g *gen) importJourneys() error {
	reviewDays := g.firstThursdays(len(g.org.Reviews))
	for _, p := range g.org.Journeys {
		n := len(p.Readings.Completion)
		if n != 6 || len(p.Readings.Effort) != n || len(p.Readings.Satisfaction) != n || len(p.Readings.Impact) != n ||
			len(p.Readings.Activation) != 0 && len(p.Readings.Activation) != n {
			return fmt.Errorf("demo journey %s: want six readings of each metric", p.Key)
		}
		var latest meeting.Date
		if p.LatestDaysAgo > 0 {
			latest = g.today.AddDays(-p.LatestDaysAgo)
		} else {
			k := slices.IndexFunc(g.org.Reviews, func(r reviewData) bool { return r.Journey == p.Key })
			if k < 0 {
				return fmt.Errorf("demo journey %s: no latest_days_ago and no review", p.Key)
			}
			latest, n = reviewDays[k], n-1 // the sixth is recorded in the review
		}
		first := monthsBefore(latest, 5)
		j, err := meeting.NewJourney(p.Name, p.Owner, g.at(first, 9, 0).Add(-24*time.Hour))
		if err != nil {
			return fmt.Errorf("demo journey %s: %w", p.Key, err)
		}
		for i := range n {
			j.Record(meeting.Reading{Date: monthsBefore(latest, 5-i), Values: p.Readings.values(i)})
		}
		if err := g.store.CreateJourney(g.ctx, j); err != nil {
			return err
		}
		g.journeys[p.Key] = j
		g.sum.Journeys++
	}
	return nil
}

// importSeries schedules the three rituals, a week before each first
// meeting.
func (g *gen) importSeries() error {
	zone := ""
	if n := g.loc.String(); n != "Local" && n != "UTC" {
		zone = n
	}
	for _, sp := range []struct {
		dst   **meeting.Series
		data  seriesData
		start meeting.Date
	}{
		{&g.voc, g.org.Series.Triage, g.lastWeekday(time.Tuesday).AddDays(-8 * 7)},
		{&g.rev, g.org.Series.Review, g.firstThursdays(len(g.org.Reviews))[0]},
		{&g.audit, g.org.Series.Audit, g.lastWeekday(time.Monday).AddDays(-35)},
	} {
		d := sp.data
		cad, err := meeting.ParseCadence(d.Cadence)
		if err != nil {
			return err
		}
		s := &meeting.Series{Title: d.Title, AgendaID: d.Agenda, Cadence: cad, Start: sp.start, Time: d.Time, Minutes: d.Minutes,
			Timezone: zone, Facilitator: d.Facilitator, Attendees: slices.Clone(d.Attendees), CreatedAt: g.at(sp.start.AddDays(-7), 16, 0)}
		if err := s.Validate(); err != nil {
			return fmt.Errorf("demo series %s: %w", d.Title, err)
		}
		if err := g.store.CreateSeries(g.ctx, s); err != nil {
			return err
		}
		*sp.dst = s
		g.sum.Series++
	}
	g.sum.VOCSeries, g.sum.ReviewSeries, g.sum.AuditSeries = g.voc.ID, g.rev.ID, g.audit.ID
	return nil
}

// ---- between meetings ----

// later schedules status changes made in the tracker after day.
func (g *gen) later(day meeting.Date, cs []changeData) error {
	for _, c := range cs {
		at, err := g.atClock(day.AddDays(c.Days), c.At)
		if err != nil {
			return err
		}
		g.schedule(at, func() error {
			a, err := g.actor(c.By)
			if err != nil {
				return err
			}
			id, ok := g.acts[c.Action]
			if !ok {
				return fmt.Errorf("demo: action %s is not raised yet", c.Action)
			}
			if _, err := g.service().SetActionStatus(g.ctx, a, id, meeting.Status(c.Status), c.Note); err != nil {
				return fmt.Errorf("demo: %s sets %s to %s: %w", c.By, c.Action, c.Status, err)
			}
			return nil
		})
	}
	return nil
}

// planOutside schedules the actions raised in the tracker, outside meetings.
func (g *gen) planOutside() error {
	for _, p := range g.org.Outside {
		at, err := g.atClock(g.today.AddDays(-p.DaysAgo), p.At)
		if err != nil {
			return err
		}
		g.schedule(at, func() error {
			a, err := g.actor(p.By)
			if err != nil {
				return err
			}
			x, err := g.service().AddAction(g.ctx, a, p.Text, p.Owner, string(g.due(p.actionData, at)))
			if err != nil {
				return fmt.Errorf("demo action %s: %w", p.Key, err)
			}
			g.raised(p.Key, x)
			return nil
		})
	}
	return nil
}

// due is an action's due date: days after it is raised, or from today.
func (g *gen) due(a actionData, raised time.Time) meeting.Date {
	if a.Due != 0 {
		return meeting.DateOf(raised).AddDays(a.Due)
	}
	return g.today.AddDays(a.DueIn)
}

// raised notes an action the demo wrote under its key.
func (g *gen) raised(key string, x *meeting.Action) {
	g.acts[key], g.keyOf[x.ID] = x.ID, key
	g.sum.Actions++
}

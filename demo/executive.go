package demo

import (
	"fmt"
	"slices"
	"time"

	"cxroom/meeting"
)

// ---- the executive layer ----

// executiveData is the executive layer of the organisation: the board
// metrics over three quarters, the charters, the at-risk accounts, the
// steering committee held this month and the quarter's board brief.
type executiveData struct {
	EnteredBy string `yaml:"entered_by"`
	Figures   []struct {
		Metric string    `yaml:"metric"`
		Values []float64 `yaml:"values,flow"` // two quarters ago, last quarter, this quarter; 0: not measured
		Source string    `yaml:"source"`
	} `yaml:"figures"`
	Targets []struct {
		Metric string `yaml:"metric"`
		Value  string `yaml:"value"`
		By     string `yaml:"by"`
	} `yaml:"targets"`
	Charters []charterData `yaml:"charters"`
	Accounts []struct {
		meeting.AccountInput `yaml:",inline"`
		By                   string `yaml:"by"`
		DaysAgo              int    `yaml:"days_ago"`
	} `yaml:"accounts"`
	Steering steeringData      `yaml:"steering"`
	Brief    map[string]string `yaml:"brief"` // part → text, for this quarter
	BriefBy  string            `yaml:"brief_by"`
}

type charterData struct {
	Key          string   `yaml:"key"`
	By           string   `yaml:"by"`
	StartDaysAgo int      `yaml:"start_days_ago"`
	Name         string   `yaml:"name"`
	Sponsor      string   `yaml:"sponsor"`
	Role         string   `yaml:"role"`
	Commitment   string   `yaml:"commitment"`
	Objective    string   `yaml:"objective"`
	Outcomes     []string `yaml:"outcomes"`
	Budget       string   `yaml:"budget"`
	Over         string   `yaml:"over"`
	Headcount    string   `yaml:"headcount"`
	Opportunity  string   `yaml:"opportunity_cost"`
	Retention    string   `yaml:"retention"`
	Expansion    string   `yaml:"expansion"`
	Efficiency   string   `yaml:"efficiency"`
	Payback      string   `yaml:"payback"`
	NPV          string   `yaml:"npv"`
	Metrics      []string `yaml:"metrics"`
	Risks        []string `yaml:"risks"`
	// Decided are go/no-go points decided outside a meeting, a day after
	// they came due.
	Decided []gateData `yaml:"decided"`
}

type gateData struct {
	Charter  string `yaml:"charter,omitempty"`
	Point    string `yaml:"point"`
	Decision string `yaml:"decision"`
	Note     string `yaml:"note"`
	By       string `yaml:"by"`
}

// steeringData is the monthly steering committee held DaysAgo.
type steeringData struct {
	DaysAgo     int          `yaml:"days_ago"`
	Time        string       `yaml:"time"`
	Facilitator string       `yaml:"facilitator"`
	Attendees   []string     `yaml:"attendees,flow"`
	Spent       []int        `yaml:"spent,flow"`
	Figures     []figureData `yaml:"figures"` // entered in the metrics review
	Gates       []gateData   `yaml:"gates"`   // decided in the go/no-go segment
	Actions     []struct {
		actionData `yaml:",inline"`
		In         string `yaml:"in"`
	} `yaml:"actions"`
	Decisions []struct {
		decisionData `yaml:",inline"`
	} `yaml:"decisions"`
	// Escalations are actions raised in the escalations segment and
	// escalated there, then taken by an executive and resolved later.
	Escalations []escalationData `yaml:"escalations"`
}

type escalationData struct {
	Action      actionData `yaml:"action"`
	To          string     `yaml:"to"` // the escalation's note
	TakenBy     string     `yaml:"taken_by"`
	TakenHours  float64    `yaml:"taken_hours"` // after the escalation
	TakenNote   string     `yaml:"taken_note"`
	ResolvedBy  string     `yaml:"resolved_by"`
	ResolvedDay float64    `yaml:"resolved_days"` // after the escalation
	Resolved    string     `yaml:"resolved_note"`
}

type figureData struct {
	Metric string `yaml:"metric"`
	Value  string `yaml:"value"`
	Source string `yaml:"source"`
	By     string `yaml:"by"`
}

// planExecutive schedules the executive layer: the quarters' board
// figures and targets, the charters (their earlier go/no-go points decided
// a day after they came due), the at-risk accounts, the steering committee
// and the board brief.
func (g *gen) planExecutive() error {
	x := g.org.Executive
	cur := meeting.PeriodOf(g.today)
	quarters := []meeting.Period{cur.Prev().Prev(), cur.Prev(), cur}
	for _, f := range x.Figures {
		if len(f.Values) != 3 {
			return fmt.Errorf("demo board metric %s: want three quarters of values", f.Metric)
		}
		for i, v := range f.Values {
			if v == 0 {
				continue
			}
			q, v, f := quarters[i], formatValue(v), f
			g.schedule(g.enterAt(q).Add(time.Hour), func() error {
				a, err := g.actor(x.EnteredBy)
				if err != nil {
					return err
				}
				if _, _, err := g.service().EnterBoardMetric(g.ctx, a, f.Metric, q, v, f.Source, g.loc); err != nil {
					return fmt.Errorf("demo board metric %s %s: %w", f.Metric, q, err)
				}
				return nil
			})
		}
	}
	for _, t := range x.Targets {
		g.schedule(g.enterAt(quarters[0]).Add(2*time.Hour), func() error {
			a, err := g.actor(t.By)
			if err != nil {
				return err
			}
			_, _, err = g.service().SetBoardTarget(g.ctx, a, t.Metric, quarters[0], t.Value, g.loc)
			return err
		})
	}
	g.charters = map[string]string{}
	for _, c := range x.Charters {
		start := g.today.AddDays(-c.StartDaysAgo)
		g.schedule(g.at(start.AddDays(-7), 16, 30), func() error { return g.charter(c, start) })
		for _, d := range c.Decided {
			due, err := gateDue(start, d.Point)
			if err != nil {
				return err
			}
			g.schedule(g.at(due.AddDays(1), 10, 0), func() error { return g.decideGate(c.Key, d, "") })
		}
	}
	for _, ac := range x.Accounts {
		g.schedule(g.at(g.today.AddDays(-ac.DaysAgo), 17, 0), func() error {
			a, err := g.actor(ac.By)
			if err != nil {
				return err
			}
			in := ac.AccountInput
			if in.Due != "" && in.Due[0] == '+' { // days from today, as the data says it
				var n int
				if _, err := fmt.Sscanf(in.Due, "+%d", &n); err == nil {
					in.Due = string(g.today.AddDays(n))
				}
			}
			if _, err := g.service().AddAccount(g.ctx, a, in); err != nil {
				return fmt.Errorf("demo account %s: %w", in.Account, err)
			}
			return nil
		})
	}
	if err := g.steering(); err != nil {
		return err
	}
	for _, part := range meeting.BriefFields {
		text, ok := x.Brief[part]
		if !ok {
			continue
		}
		g.schedule(g.now.Add(-3*time.Hour), func() error {
			a, err := g.actor(x.BriefBy)
			if err != nil {
				return err
			}
			_, err = g.service().SetBrief(g.ctx, a, cur, part, text)
			return err
		})
	}
	return nil
}

// gateDue is the day a charter started on start reaches point.
func gateDue(start meeting.Date, point string) (meeting.Date, error) {
	c := &meeting.Charter{Gates: meeting.GatesFrom(start)}
	i, err := c.FindGate(point)
	if err != nil {
		return "", err
	}
	return c.Gates[i].Due, nil
}

func (g *gen) charter(c charterData, start meeting.Date) error {
	a, err := g.actor(c.By)
	if err != nil {
		return err
	}
	x, err := g.service().AddCharter(g.ctx, a, meeting.CharterInput{Name: c.Name, Sponsor: c.Sponsor, SponsorRole: c.Role,
		Commitment: c.Commitment, Objective: c.Objective, Outcomes: c.Outcomes, SuccessMetrics: c.Metrics, Risks: c.Risks,
		Budget: c.Budget, BudgetTimeframe: c.Over, Headcount: c.Headcount, OpportunityCost: c.Opportunity,
		RetentionImpact: c.Retention, ExpansionImpact: c.Expansion, EfficiencyGain: c.Efficiency, Payback: c.Payback, NPV: c.NPV,
		Start: string(start)})
	if err != nil {
		return fmt.Errorf("demo charter %s: %w", c.Key, err)
	}
	g.charters[c.Key] = x.ID
	return nil
}

func (g *gen) decideGate(key string, d gateData, meetingID string) error {
	a, err := g.actor(d.By)
	if err != nil {
		return err
	}
	id, ok := g.charters[key]
	if !ok {
		return fmt.Errorf("demo: charter %s is not chartered yet", key)
	}
	if _, _, err := g.service().DecideGate(g.ctx, a, id, d.Point, d.Decision, d.Note, meetingID); err != nil {
		return fmt.Errorf("demo go/no-go %s %s: %w", key, d.Point, err)
	}
	return nil
}

// steering plans the monthly CX steering committee: figures entered in
// the metrics review, go/no-go points decided, escalations walked, an
// investment decision with its decision rights.
func (g *gen) steering() error {
	st := g.org.Executive.Steering
	day := g.today.AddDays(-st.DaysAgo)
	start, err := g.atClock(day, st.Time)
	if err != nil {
		return err
	}
	ag := g.rituals["steering-committee"]
	cad, err := meeting.ParseCadence(ag.Cadence)
	if err != nil {
		return err
	}
	zone := ""
	if n := g.loc.String(); n != "Local" && n != "UTC" {
		zone = n
	}
	series := &meeting.Series{Title: ag.Title, AgendaID: ag.ID, Cadence: cad, Start: day, Time: st.Time, Minutes: ag.Minutes,
		Timezone: zone, Facilitator: st.Facilitator, Attendees: slices.Clone(st.Attendees), CreatedAt: g.at(day.AddDays(-14), 16, 0)}
	if err := series.Validate(); err != nil {
		return fmt.Errorf("demo steering series: %w", err)
	}
	if err := g.store.CreateSeries(g.ctx, series); err != nil {
		return err
	}
	g.sum.Series++
	s, err := g.hold(meeting.StartInput{Agenda: ag, SeriesID: series.ID}, st.Facilitator, st.Attendees, start, st.Spent, nil)
	if err != nil {
		return err
	}
	for n, f := range st.Figures {
		s.doAs(f.By, 0, 3+2*float64(n), func(a meeting.Actor) error {
			_, _, err := g.service().EnterBoardMetric(g.ctx, a, f.Metric, meeting.PeriodOf(day), f.Value, f.Source, g.loc)
			return err
		})
	}
	for n, d := range st.Gates {
		s.doAs(d.By, 1, 5+8*float64(n), func(meeting.Actor) error { return g.decideGate(d.Charter, d, s.room.ID()) })
	}
	for _, p := range st.Actions {
		i, err := segment(ag, p.In)
		if err != nil {
			return err
		}
		s.addAction(i, float64(st.Spent[i])-4, p.actionData, "")
	}
	esc, err := segment(ag, "escalations")
	if err != nil {
		return err
	}
	for n, x := range st.Escalations {
		at := 2 + 4*float64(n)
		s.addAction(esc, at, x.Action, "")
		escalated := s.entered(esc).Add(minutes(at + 1))
		g.schedule(escalated, func() error { return g.setStatus(st.Facilitator, x.Action.Key, meeting.StatusEscalated, x.To) })
		g.schedule(escalated.Add(time.Duration(x.TakenHours*float64(time.Hour))), func() error {
			return g.setStatus(x.TakenBy, x.Action.Key, meeting.StatusEscalated, x.TakenNote)
		})
		g.schedule(escalated.Add(time.Duration(x.ResolvedDay*24*float64(time.Hour))), func() error {
			return g.setStatus(x.ResolvedBy, x.Action.Key, meeting.StatusDone, x.Resolved)
		})
	}
	for _, d := range st.Decisions {
		i, err := segment(ag, d.In)
		if err != nil {
			return err
		}
		s.addDecision(i, float64(st.Spent[i])-3, d.decisionData)
	}
	return nil
}

// setStatus changes the status of the action with key as h.
func (g *gen) setStatus(h, key string, st meeting.Status, note string) error {
	a, err := g.actor(h)
	if err != nil {
		return err
	}
	id, ok := g.acts[key]
	if !ok {
		return fmt.Errorf("demo: action %s is not raised", key)
	}
	if _, err := g.service().SetActionStatus(g.ctx, a, id, st, note); err != nil {
		return fmt.Errorf("demo: %s %s: %w", key, st, err)
	}
	return nil
}

package meeting

import (
	"fmt"
	"testing"
	"time"
)

// benchInput is three years of a busy team's records: weekly triages and
// monthly reviews, 6,000 actions (a third blocked once), 3,000 issues,
// 600 decisions, 40 journeys with monthly readings and 12 audits. It
// uses only the fields the scorecard has always taken.
func benchInput() ScorecardInput {
	in := ScorecardInput{Today: "2026-11-30", Since: "2026-09-01"}
	in.Series = []*Series{
		{ID: "R1", Title: "Weekly VOC triage", AgendaID: "voc-triage", Cadence: CadenceWeekly, Start: "2023-12-05", Time: "09:00", Minutes: 60},
		{ID: "R2", Title: "Monthly journey review", AgendaID: "journey-review", Cadence: CadenceMonthly, Start: "2023-12-07", Time: "14:00", Minutes: 90},
	}
	start := Date("2023-12-01").Time(time.UTC)
	for i := range 156 {
		d := DateOf(start.AddDate(0, 0, 4+7*i))
		in.Meetings = append(in.Meetings, &Meeting{ID: fmt.Sprintf("M%d", i+1), SeriesID: "R1", Date: d, Agenda: Agenda{ID: "voc-triage"}})
	}
	for i := range 36 {
		d := DateOf(start.AddDate(0, i, 6))
		in.Meetings = append(in.Meetings, &Meeting{ID: fmt.Sprintf("M%d", 200+i), SeriesID: "R2", Date: d, Agenda: Agenda{ID: "journey-review"}})
	}
	for i := range 6000 {
		at := start.Add(time.Duration(i) * 4 * time.Hour)
		a := &Action{ID: fmt.Sprintf("A%d", i+1), Text: "a", Owner: fmt.Sprintf("p%d", i%20), Due: DateOf(at.AddDate(0, 0, 14)), Status: StatusDone,
			History: []Change{{At: at, To: StatusOpen}}}
		if i%3 == 0 {
			a.History = append(a.History, Change{At: at.Add(24 * time.Hour), From: StatusOpen, To: StatusBlocked},
				Change{At: at.Add(96 * time.Hour), From: StatusBlocked, To: StatusOpen})
		}
		a.History = append(a.History, Change{At: at.Add(200 * time.Hour), From: StatusOpen, To: StatusDone})
		in.Actions = append(in.Actions, a)
	}
	for i := range 3000 {
		at := start.Add(time.Duration(i) * 8 * time.Hour)
		in.Issues = append(in.Issues, &Issue{ID: fmt.Sprintf("I%d", i+1), Title: "i", CreatedAt: at, FirstActionAt: at.Add(72 * time.Hour)})
	}
	for i := range 600 {
		d := DateOf(start.AddDate(0, 0, i*2))
		in.Decisions = append(in.Decisions, &Decision{ID: DecisionID(d, 1), Date: d, Decision: "d", Rationale: "r", ReviewDate: d.AddDays(30)})
	}
	for i := range 40 {
		j := &Journey{ID: fmt.Sprintf("J%d", i+1), Name: fmt.Sprintf("j%d", i), Owner: "o", Critical: true, Metrics: DefaultMetrics()}
		for m := range 36 {
			j.Readings = append(j.Readings, Reading{Date: DateOf(start.AddDate(0, m, 6)), Values: map[string]float64{"completion": float64(60 + (m*7+i)%20), "effort": 3}})
		}
		in.Journeys = append(in.Journeys, j)
	}
	for a := range 12 {
		for p := range 5 {
			in.Promises = append(in.Promises, &Promise{ID: fmt.Sprintf("P%d", a*5+p+1), Promise: "p", MeetingID: fmt.Sprintf("M%d", 300+a), KeepRate: 80, CreatedAt: start.AddDate(0, 3*a, 1)})
		}
	}
	return in
}

func BenchmarkScorecard(b *testing.B) {
	in := benchInput()
	b.ResetTimer()
	for b.Loop() {
		if sc := Scorecard(in); len(sc) == 0 {
			b.Fatal("no scores")
		}
	}
}

// BenchmarkScorecardQuarter is the quarterly view: every figure for the
// quarter and for the prior one, with the ritual health indicators.
func BenchmarkScorecardQuarter(b *testing.B) {
	in := benchInput()
	in.Period, in.Now, in.Loc = Period{2026, 4}, Date("2026-11-30").Time(time.UTC).Add(10*time.Hour), time.UTC
	b.ResetTimer()
	for b.Loop() {
		if v := ComputeScorecard(in); len(v.Scores) != 20 {
			b.Fatal("not the twenty metrics")
		}
	}
}

package report

import (
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

func mnQBRAgenda() meeting.Agenda {
	return meeting.Agenda{ID: "qbr", Title: "Outside-in QBR", Minutes: 180, Segments: []meeting.Segment{
		{Title: "Customer Voice", Minutes: 45, Produces: []meeting.RecordKind{meeting.KindStories}},
		{Title: "Journey Health", Minutes: 45, Produces: []meeting.RecordKind{meeting.KindJourneys, meeting.KindSystemic}},
		{Title: "Impact & Tradeoffs", Minutes: 60, Produces: []meeting.RecordKind{meeting.KindDecisions}},
		{Title: "Forward Commitments", Minutes: 30, Produces: []meeting.RecordKind{meeting.KindActions}},
	}}
}

// mnQBRBundle: three journeys (one without readings, one with a reading
// after the QBR that must not show), two systemic issues identified here
// and one carried from the last QBR.
func mnQBRBundle(t *testing.T) *meeting.Bundle {
	m := &meeting.Meeting{ID: "M30", Title: "Outside-in QBR", Agenda: mnQBRAgenda(), SeriesID: "R4", Date: "2026-11-24",
		Facilitator: "maria", Attendees: mnAttendees()[:2], CreatedBy: "maria", CreatedAt: mnT0}
	mnRun(t, m, []int{45, 90, 150}, nil, 180)
	onboarding := &meeting.Journey{ID: "J1", Name: "Onboarding", Owner: "maria", Critical: true, Metrics: meeting.DefaultMetrics(),
		LastReviewed: "2026-11-03", Readings: []meeting.Reading{
			{Date: "2026-10-06", Values: map[string]float64{"completion": 66, "effort": 3.6, "satisfaction": 74, "impact": 88}},
			{Date: "2026-11-03", Values: map[string]float64{"completion": 72, "effort": 3.2, "satisfaction": 78, "impact": 89, "activation": 62}},
			{Date: "2026-12-01", Values: map[string]float64{"completion": 99}},
		}}
	checkout := &meeting.Journey{ID: "J2", Name: "Checkout & payment", Owner: "sam", Critical: true, Metrics: meeting.DefaultMetrics(),
		LastReviewed: "2026-10-01", Readings: []meeting.Reading{
			{Date: "2026-09-01", Values: map[string]float64{"completion": 82, "effort": 2.6, "satisfaction": 83, "impact": 91}},
			{Date: "2026-10-01", Values: map[string]float64{"completion": 74, "effort": 3.3, "satisfaction": 76, "impact": 90}},
		}}
	billing := &meeting.Journey{ID: "J3", Name: "Billing & renewals", Critical: true, Metrics: meeting.DefaultMetrics()}
	return &meeting.Bundle{
		Meeting:  m,
		Journeys: []*meeting.Journey{onboarding, checkout, billing},
		Systemic: []*meeting.Systemic{
			{ID: "Y1", Issue: "Handoffs between teams lose the customer's context", RootCause: "three ticketing systems", Owner: "sam",
				Roadmap: "One case record (Q2)", MeetingID: "M22", SeriesID: "R4"},
			{ID: "Y4", Issue: "Promises made in sales are unknown to support", RootCause: "no shared promise register", Owner: "maria",
				Roadmap: "Promise register in the CRM", JourneyID: "J2", MeetingID: "M30", SeriesID: "R4"},
			{ID: "Y5", Issue: "Pricing pages contradict invoices", MeetingID: "M30", SeriesID: "R4"},
		},
	}
}

func TestMinutesQBR(t *testing.T) {
	out := Minutes(mnQBRBundle(t), mnTeam(), mnAt(181))
	mdMustLines(t, out,
		"## Journey Health: All Critical Journeys",
		"| Journey | Owner | Completion Rate | Customer Effort Score | Satisfaction Score | Business Impact | 30-Day Activation Rate | Off target | Last reviewed |",
		"| Onboarding | Maria Lopez | 72% ↑ (target 75%) | 3.2 ↑ (target <3.0) | 78% ↑ (target 80%+) | 89% → (target 90%+) | 62% · | 4 of 5 | 2026-11-03 |",
		"| Checkout & payment | Sam Chen | 74% ↓ (target 75%) | 3.3 ↓ (target <3.0) | 76% ↓ (target 80%+) | 90% → | — | 3 of 4 | 2026-10-01 |",
		"| Billing & renewals | _no owner_ | — | — | — | — | — | 0 of 0 | _not recorded_ |",
		"**Worst-performing:** Checkout & payment (3 of 4 metrics off target, 3 declining)",
		"## Systemic Issues",
		"| ID | Issue | Root cause | Owner | Roadmap item | Status |",
		"| Y1 | Handoffs between teams lose the customer's context | three ticketing systems | Sam Chen | One case record (Q2) | open, carried from M22 |",
		"| Y4 | Promises made in sales are unknown to support (Checkout & payment) | no shared promise register | Maria Lopez | Promise register in the CRM | open |",
		"| Y5 | Pricing pages contradict invoices | _not recorded_ | _not recorded_ | _not recorded_ | open |",
		"1 open systemic issue still lacks a root cause, an owner or a roadmap item.",
	)
	if strings.Contains(out, "99%") {
		t.Error("a reading after the QBR leaked into its minutes")
	}
	if strings.Contains(out, "Prioritized issues") || strings.Contains(out, "Votes") {
		t.Error("the QBR's minutes list VOC issues")
	}
	got := mdOutline(t, out)
	want := []mdHeading{mdH(1, "Outside-in QBR"), mdH(2, "Agenda"), mdH(2, "Journey Health: All Critical Journeys"),
		mdH(2, "Systemic Issues"), mdH(2, "Customer stories"), mdH(2, "Actions")}
	if !slices.Equal(got, want) {
		t.Errorf("outline %v, want %v", got, want)
	}
	mnGolden(t, "minutes_qbr.golden", out)
}

// The worst-performing journey has the most metrics off target or
// declining: checkout (3 off target, 3 declining) before onboarding (4 off
// target, all improving), until onboarding falls too.
func TestWorstJourney(t *testing.T) {
	b := mnQBRBundle(t)
	js := b.Journeys
	js[0].Readings = js[0].Readings[:2] // as the QBR saw it
	if w := meeting.WorstJourney(js); w == nil || w.ID != "J2" {
		t.Fatalf("worst %v", w)
	}
	js[0].Readings = append(js[0].Readings, meeting.Reading{Date: "2026-11-20",
		Values: map[string]float64{"completion": 60, "effort": 3.9, "satisfaction": 70, "impact": 80, "activation": 50}})
	if w := meeting.WorstJourney(js); w == nil || w.ID != "J1" {
		t.Fatalf("worst after onboarding fell: %v", w)
	}
	if meeting.WorstJourney([]*meeting.Journey{js[2]}) != nil {
		t.Fatal("a journey without readings is not the worst")
	}
}

// A GUIDE session with a whole team names every team member; the notes
// stay the coach's.
func TestMinutesGuideTeam(t *testing.T) {
	b := mnGuideBundle(t)
	b.Guide.Coachees = []string{"sam", "priya", "maria2"}
	b.Meeting.Coachees = b.Guide.Coachees
	out := Minutes(b, mnTeam(), mnAt(40))
	mdMustLines(t, out, "**Team Members:** Sam Chen, priya, maria2", "### Coaching Notes")
	b.Guide = b.Guide.VisibleTo("priya")
	out = Minutes(b, mnTeam(), mnAt(40))
	if b.Guide == nil || strings.Contains(out, "Coaching Notes") || !strings.Contains(out, "**Team Members:** Sam Chen, priya, maria2") {
		t.Errorf("a coachee's minutes of a team session:\n%s", out)
	}
}

package demo_test

import (
	"context"
	"strings"
	"testing"

	"cxroom/demo"
	"cxroom/meeting"
	"cxroom/report"
)

// The demo organisation's executive layer: three quarters of board
// metrics, two charters (one at a go/no-go point), a steering committee
// meeting and a board report that reads as a real one.
func TestDemoExecutiveLayer(t *testing.T) {
	db, _ := demoStore(t, demoNow)
	ctx := context.Background()
	svc := meeting.NewService(db, meeting.NewFakeClock(demoNow), nil, nil)
	jo := meeting.Actor{Handle: "jo", Name: "Jo Lindqvist", Role: meeting.RoleObserver} // the board's sponsor reads it
	v, err := svc.BoardReport(ctx, jo, meeting.ScorecardQuery{})
	if err != nil {
		t.Fatal(err)
	}
	quarters := 0
	for _, f := range v.OnBoard() {
		if !f.Has || !f.HasPrior {
			t.Errorf("%s: no figure for this quarter or the last", f.Metric.Name)
		}
		n := 0
		for _, p := range f.Series {
			if p.Has {
				n++
			}
		}
		quarters = max(quarters, n)
	}
	if quarters != 3 {
		t.Errorf("board metrics over %d quarters, want 3", quarters)
	}
	if f, _ := v.Figure(meeting.BoardExecResponse); len(v.Response.Escalations) == 0 || f.Source != meeting.SourceComputed {
		t.Errorf("executive response time from the demo's escalations: %+v", v.Response)
	}
	cs, err := svc.Charters(ctx, jo, meeting.CharterFilter{})
	if err != nil || len(cs) != 2 {
		t.Fatalf("charters: %d %v", len(cs), err)
	}
	due, _ := svc.Charters(ctx, jo, meeting.CharterFilter{DueBy: meeting.DateOf(demoNow)})
	if len(due) != 1 || due[0].Name != "Onboarding automation" || due[0].DueGates(meeting.DateOf(demoNow))[0].Point != "90 days" {
		t.Errorf("the charter at its go/no-go point: %+v", due)
	}
	ms, err := db.Meetings(ctx, meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var steering *meeting.Meeting
	for _, m := range ms {
		if m.Agenda.ID == "steering-committee" {
			steering = m
		}
	}
	if steering == nil || !steering.Timer.Ended() {
		t.Fatalf("no ended steering committee")
	}
	b, err := svc.Minutes(ctx, jo, steering.ID)
	if err != nil {
		t.Fatal(err)
	}
	minutes := report.Minutes(b, nil, demoNow)
	for _, want := range []string{"## Board metrics", "## Initiative go/no-go points", "30 days point", "GO, decided here by dana",
		"Ask the board to approve $1.2M", "Assign an executive sponsor to every red account"} {
		if !strings.Contains(minutes, want) {
			t.Errorf("the steering committee's minutes lack %q:\n%s", want, minutes)
		}
	}
	md := report.BoardMarkdown(v, demo.Team())
	for _, want := range []string{"Customer experience improved for the third quarter running", "| Net revenue retention | 112% | 108% | — | 115% |",
		"Onboarding automation - ", "Dana Ortiz (COO) (charter K1)", "Proactive support - ", "**Customer Themes**: ", "above the peer median", "Approve $1.2M",
		"4 accounts on the at-risk list ($2.75M ARR at risk)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the board report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "_not written yet_") || strings.Contains(md, "_no VOC issue with a theme") {
		t.Errorf("the demo's board report has empty parts:\n%s", md)
	}
}

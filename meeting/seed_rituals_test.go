package meeting_test

import (
	"slices"
	"testing"
	"time"

	"cxroom/meeting"
)

// Regressions of issue 13 ("Wrong today" 5, 6, 7, 9), written against the
// API that existed before the fix, so they show the old behaviour failing.

// Item 5: last week's deep-dived issues are carried, not this week's top 3:
// ending this week's triage asks only about the issues its own deep-dive
// took up.
func TestCarriedIssuesAreNotThisWeeksDeepDive(t *testing.T) {
	e := newEnv(t)
	voc := agenda(t, "voc-triage")
	r1 := e.start(t, meeting.StartInput{Agenda: voc})
	join(t, r1, maria, ana)
	var last []string
	for _, title := range []string{"Refund delays", "Login loops", "Invoice PDF blank"} {
		is, err := r1.AddIssue(e.ctx, ana, meeting.IssueInput{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		last = append(last, is.ID)
	}
	if err := r1.Next(e.ctx, maria); err != nil { // the deep-dive takes up all three
		t.Fatal(err)
	}
	if _, err := r1.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(7 * 24 * time.Hour)
	r := e.start(t, meeting.StartInput{Agenda: voc})
	join(t, r, maria, ana)
	var now []string
	for _, title := range []string{"Checkout timeouts", "Coupon rejected", "Address form resets"} {
		is, err := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		now = append(now, is.ID)
	}
	for _, id := range slices.Backward(now) { // this week's issues to the top of the ranking
		if err := r.MoveIssue(e.ctx, maria, id, -10); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Next(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	unowned, err := r.End(e.ctx, maria)
	if err != nil {
		t.Fatal(err)
	}
	if got := sorted(issueIDs(unowned)); !slices.Equal(got, sorted(now)) {
		t.Fatalf("unowned after this week's deep-dive: %v; want this week's top 3 %v, not last week's %v", got, now, last)
	}
}

// Item 7: a GUIDE session coaches a whole team. Every coachee joins and
// answers; the notes stay the coach's; nobody else gets in.
func TestGuideCoachesATeam(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana, tom", Topic: "Refund friction"})
	join(t, r, maria, ana, tom)
	if _, err := r.Join(e.ctx, lead); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("someone not coached joins: %v", err)
	}
	if err := r.GuideAnswer(e.ctx, tom, 0, "Get the money back without calling"); err != nil {
		t.Fatalf("the second coachee answers: %v", err)
	}
	if err := r.GuideNotes(e.ctx, tom, "sneaky"); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("a coachee writes notes: %v", err)
	}
	if err := r.GuideNotes(e.ctx, maria, "Tom leads with the customer"); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	for _, h := range []string{"ana", "tom"} {
		g := s.GuideFor(h)
		if g == nil || g.Notes != "" || g.Answers[0] != "Get the money back without calling" {
			t.Fatalf("%s's view: %+v", h, g)
		}
		b, err := e.svc.Minutes(e.ctx, meeting.Actor{Handle: h, Role: meeting.RoleMember}, r.ID())
		if err != nil || b.Guide == nil || b.Guide.Notes != "" {
			t.Fatalf("%s's minutes: %v", h, err)
		}
		gs, err := e.svc.Guides(e.ctx, meeting.Actor{Handle: h, Role: meeting.RoleMember}, meeting.GuideFilter{Coachee: h})
		if err != nil || len(gs) != 1 || gs[0].Notes != "" {
			t.Fatalf("%s's GUIDE history: %v, %v", h, gs, err)
		}
	}
	if g := s.GuideFor("maria"); g == nil || g.Notes == "" {
		t.Fatal("the coach lost the notes")
	}
	if len(e.hub.Rooms(lead)) != 0 {
		t.Fatal("the session is listed for someone not coached")
	}
	if _, err := e.svc.Minutes(e.ctx, lead, r.ID()); code(err) != meeting.ENOTFOUND {
		t.Fatalf("someone not coached reads the minutes: %v", err)
	}
}

// Item 6: the QBR's journey-health segment reviews every journey and
// identifies systemic issues; it does not raise VOC issues.
func TestQBRJourneyHealthRaisesNoVOCIssues(t *testing.T) {
	qbr := agenda(t, "qbr")
	var seg meeting.Segment
	for _, s := range qbr.Segments {
		if s.ID == "journey-health" {
			seg = s
		}
	}
	if seg.Has(meeting.KindIssues) {
		t.Errorf("the QBR's journey health produces VOC issues: %v", seg.Produces)
	}
	if !seg.Has(meeting.RecordKind("systemic")) || !seg.Has(meeting.RecordKind("journeys")) {
		t.Errorf("the QBR's journey health produces %v; want systemic issues and every journey's health", seg.Produces)
	}
	if j, c := qbr.Needs(); j || c {
		t.Error("the QBR must not ask for one journey or a coachee")
	}
}

// Item 9: the journey review's pipeline has records of its own, and the
// seed's targets (completion 75%, CES < 3.0, activation 60%) are the
// defaults.
func TestJourneyPipelineAndSeedTargets(t *testing.T) {
	jr := agenda(t, "journey-review")
	found := false
	for _, s := range jr.Segments {
		if s.ID == "improvement-pipeline" {
			found = s.Has(meeting.RecordKind("pipeline"))
		}
	}
	if !found {
		t.Error("the improvement pipeline segment produces no pipeline records")
	}
	want := map[float64]bool{75: false, 3.0: false, 60: false}
	for _, m := range meeting.DefaultMetrics() {
		if _, ok := want[m.Target]; ok && (m.Target != 3.0 || m.LowerIsBetter) {
			want[m.Target] = true
		}
	}
	for v, ok := range want {
		if !ok {
			t.Errorf("no default metric has the seed's target %v", v)
		}
	}
}

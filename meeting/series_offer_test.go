package meeting_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones, whatever the machine has

	"cxroom/meeting"
)

// Issue 11.15: an ad-hoc meeting starts no series; at its end its
// facilitator is offered one, at its weekday and time in their own time
// zone, and accepting it carries the first meeting's open work into the
// next.
func TestAnAdHocMeetingStartsASeriesOnlyWhenAsked(t *testing.T) {
	e := newEnv(t)
	voc := agenda(t, "voc-triage")
	r := e.start(t, meeting.StartInput{Agenda: voc})
	join(t, r, maria)
	a1, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix billing copy", Owner: "ana", Due: "+1w"})
	if err != nil {
		t.Fatal(err)
	}
	is, _ := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Refunds take weeks"})
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	if all, _ := e.db.SeriesList(e.ctx); len(all) != 0 || r.Snapshot().Meeting.SeriesID != "" {
		t.Fatalf("an ad-hoc meeting created series %+v", all)
	}

	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if offer, err := e.svc.OfferSeries(e.ctx, ana, r.ID(), tokyo); err != nil || offer != nil {
		t.Fatalf("a member is offered a series: %+v %v", offer, err)
	}
	offer, err := e.svc.OfferSeries(e.ctx, maria, r.ID(), tokyo)
	if err != nil || offer == nil {
		t.Fatalf("no offer: %v", err)
	}
	// 09:00 UTC on Tuesday 24 Nov is 18:00 in Tokyo
	if got := offer.Schedule(); got != "weekly on Tuesdays at 18:00 (Asia/Tokyo)" {
		t.Fatalf("offered %q", got)
	}
	s, err := e.svc.StartSeries(e.ctx, maria, r.ID(), tokyo)
	if err != nil || s.ID == "" || s.Timezone != "Asia/Tokyo" || s.Time != "18:00" || s.Start != "2026-11-24" {
		t.Fatalf("series %+v %v", s, err)
	}
	if again, _ := e.svc.OfferSeries(e.ctx, maria, r.ID(), tokyo); again != nil {
		t.Fatal("offered a second series")
	}
	// the next meeting of the ritual is in the series and carries the first's open work
	e.clock.Advance(7 * 24 * time.Hour)
	next := e.start(t, meeting.StartInput{Agenda: voc})
	snap := next.Snapshot()
	if snap.Meeting.SeriesID != s.ID || len(snap.Carried) != 1 || snap.Carried[0].ID != a1.ID || snap.Issue(is.ID) == nil {
		t.Fatalf("next meeting: series %q, carried %v", snap.Meeting.SeriesID, snap.Carried)
	}
}

// A zone without a name (the process's Local) is kept by its offset.
func TestSeriesFromAnUnnamedZone(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	s, err := e.svc.StartSeries(e.ctx, maria, r.ID(), time.FixedZone("Local", 3600))
	if err != nil || s.Timezone != "Etc/GMT-1" || s.Time != "10:00" {
		t.Fatalf("series %+v %v", s, err)
	}
}

package storetest

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// The scorecard's records under the contract: proposals, quarterly score
// sheets and the shadowing log round-trip, take their ids, list in order,
// and an invalid one is refused with nothing written.
func scorecardRecords(t *testing.T, db meeting.Store) {
	p, err := meeting.NewProposal(meeting.ProposalInput{Title: "Guided onboarding", Who: "New admins", Goal: "Import contacts",
		Current: "Cannot find the import", Metric: "Import completion", Change: "35% → 65%", Timeframe: "30 days"}, "ann", now)
	must(t, err)
	p.MeetingID = "M2"
	trip[meeting.Proposal]{"proposal", "Q", p, func(p *meeting.Proposal) *string { return &p.ID },
		db.CreateProposal, db.Proposal, db.UpdateProposal,
		func(c context.Context) ([]*meeting.Proposal, error) { return db.Proposals(c, meeting.ProposalFilter{}) },
		func(p *meeting.Proposal) { p.Validation = "A/B test with 20% of new users" }}.run(t)
	v, tg := 7.2, 8.0
	sh := &meeting.ScoreSheet{Period: "2026Q4", Entries: []meeting.ScoreEntry{
		{Metric: meeting.ScoreCustomerFluency, Value: &v, Source: "Q4 survey (n=41)", EnteredBy: "ann", EnteredAt: now},
		{Metric: meeting.ScoreBlockerResolution, Target: &tg, TargetBy: "ann", TargetAt: now},
	}, CreatedAt: now, UpdatedAt: now}
	trip[meeting.ScoreSheet]{"scorecard sheet", "C", sh, func(s *meeting.ScoreSheet) *string { return &s.ID },
		db.CreateScoreSheet, db.ScoreSheet, db.UpdateScoreSheet, db.ScoreSheets,
		func(s *meeting.ScoreSheet) {
			s.Entries[0].Override, s.Entries[0].OverrideReason, s.Entries[0].OverrideBy = meeting.ScoreGreen, "survey moved late", "ann"
		}}.run(t)

	// sheets list by period whatever the order they were made in
	for _, per := range []string{"2027Q1", "2026Q2"} {
		must(t, db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: per, Entries: []meeting.ScoreEntry{{Metric: meeting.ScoreRoadmapAlignment, Target: &tg}}}))
	}
	all, err := db.ScoreSheets(bg)
	must(t, err)
	if got := idsOf(all, func(s *meeting.ScoreSheet) string { return s.Period }); got != "2026Q2,2026Q4,2027Q1" {
		t.Fatalf("sheets by period: %s", got)
	}

	// the shadowing log: ids H1…, by date then id, filtered by person and days
	for _, in := range []struct{ who, dur, day string }{{"ann", "2h", "2026-11-20"}, {"bob", "90m", "2026-10-02"}, {"ann", "1h", "2026-10-02"}} {
		x, err := meeting.NewShadowing(meeting.ShadowingInput{Duration: in.dur, Date: in.day, Customer: "ACME"}, in.who, now)
		must(t, err)
		must(t, db.CreateShadowing(bg, x))
	}
	sid := func(s *meeting.Shadowing) string { return s.ID }
	log, err := db.Shadowings(bg, meeting.ShadowingFilter{})
	must(t, err)
	anns, err := db.Shadowings(bg, meeting.ShadowingFilter{Handle: "ANN", From: "2026-10-01", To: "2026-10-31"})
	must(t, err)
	if got := idsOf(log, sid) + " " + idsOf(anns, sid); got != "H2,H3,H1 H3" {
		t.Fatalf("shadowing log: %s", got)
	}
	x, err := db.Shadowing(bg, "h1")
	must(t, err)
	if x.Minutes != 120 || x.Handle != "ann" {
		t.Fatalf("H1 = %+v", x)
	}

	// refused: nothing written
	bad := 101.0
	for what, err := range map[string]error{
		"proposal without a name":  db.CreateProposal(bg, &meeting.Proposal{Date: "2026-11-23", ProposedBy: "ann"}),
		"sheet with a bad period":  db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: "2026Q5"}),
		"sheet value out of range": db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: "2026Q3", Entries: []meeting.ScoreEntry{{Metric: meeting.ScoreRoadmapAlignment, Value: &bad, Source: "x"}}}),
		"entered without a source": db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: "2026Q3", Entries: []meeting.ScoreEntry{{Metric: meeting.ScoreRoadmapAlignment, Value: &tg}}}),
		"override without reason":  db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: "2026Q3", Entries: []meeting.ScoreEntry{{Metric: meeting.ScoreRoadmapAlignment, Override: meeting.ScoreRed}}}),
		"unknown metric":           db.CreateScoreSheet(bg, &meeting.ScoreSheet{Period: "2026Q3", Entries: []meeting.ScoreEntry{{Metric: "happiness", Target: &tg}}}),
		"five minutes shadowing":   db.CreateShadowing(bg, &meeting.Shadowing{Handle: "ann", Date: "2026-11-20", Minutes: 5}),
	} {
		wantCode(t, err, meeting.EINVALID, "")
		_ = what
	}
	all, err = db.ScoreSheets(bg)
	must(t, err)
	log, err2 := db.Shadowings(bg, meeting.ShadowingFilter{})
	must(t, err2)
	ps, err3 := db.Proposals(bg, meeting.ProposalFilter{})
	must(t, err3)
	if len(all) != 3 || len(log) != 3 || len(ps) != 1 {
		t.Fatalf("a refused record was written: %d sheets, %d log entries, %d proposals", len(all), len(log), len(ps))
	}
	byMeeting, err := db.Proposals(bg, meeting.ProposalFilter{MeetingID: "m2"})
	must(t, err)
	if len(byMeeting) != 1 {
		t.Fatalf("proposals of M2: %d", len(byMeeting))
	}
}

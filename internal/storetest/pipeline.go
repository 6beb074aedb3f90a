package storetest

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// pipelineRecords: the QBR's systemic issues and a journey's initiatives
// and experiments round-trip, are refused when invalid, and their filters
// find what they name (through the indexes, in the Badger store).
func pipelineRecords(t *testing.T, db meeting.Store) {
	sy, err := meeting.NewSystemic(meeting.SystemicInput{Issue: "Handoffs lose context", RootCause: "three ticket systems",
		Owner: "ann", Roadmap: "One case record (Q2)"}, "ann", now)
	must(t, err)
	in, err := meeting.NewInitiative("J1", meeting.InitiativeInput{Title: "Guided setup", ExpectedImpact: "completion +10 pts"}, "ann", now)
	must(t, err)
	ex, err := meeting.NewExperiment("J1", meeting.ExperimentInput{Title: "Skip the tour", Effort: "low", Impact: "high"}, "ann", now)
	must(t, err)
	trip[meeting.Systemic]{"systemic issue", "Y", sy, func(s *meeting.Systemic) *string { return &s.ID },
		db.CreateSystemic, db.Systemic, db.UpdateSystemic,
		func(c context.Context) ([]*meeting.Systemic, error) { return db.Systemics(c, meeting.SystemicFilter{}) },
		func(s *meeting.Systemic) { s.Resolved = true }}.run(t)
	trip[meeting.Initiative]{"initiative", "N", in, func(x *meeting.Initiative) *string { return &x.ID },
		db.CreateInitiative, db.Initiative, db.UpdateInitiative,
		func(c context.Context) ([]*meeting.Initiative, error) {
			return db.Initiatives(c, meeting.PipelineFilter{})
		},
		func(x *meeting.Initiative) { x.Status = meeting.InitiativeDone }}.run(t)
	trip[meeting.Experiment]{"experiment", "X", ex, func(x *meeting.Experiment) *string { return &x.ID },
		db.CreateExperiment, db.Experiment, db.UpdateExperiment,
		func(c context.Context) ([]*meeting.Experiment, error) {
			return db.Experiments(c, meeting.PipelineFilter{})
		},
		func(x *meeting.Experiment) { x.Decision = meeting.ExperimentApproved }}.run(t)

	before := Dump(t, db)
	refused := func(what string, err error) {
		t.Helper()
		if meeting.ErrorCode(err) != meeting.EINVALID {
			t.Fatalf("%s: %v, want EINVALID", what, err)
		}
	}
	refused("systemic", db.CreateSystemic(bg, &meeting.Systemic{}))
	refused("initiative without a journey", db.CreateInitiative(bg, &meeting.Initiative{Title: "x", Status: meeting.InitiativePlanned}))
	refused("initiative status", db.CreateInitiative(bg, &meeting.Initiative{JourneyID: "J1", Title: "x", Status: "maybe"}))
	refused("experiment effort", db.CreateExperiment(bg, &meeting.Experiment{JourneyID: "J1", Title: "x", Effort: "huge"}))
	_, err = db.UpdateExperiment(bg, "X1", func(x *meeting.Experiment) error { x.Decision = "perhaps"; return nil })
	refused("update experiment", err)
	if got := Dump(t, db); got != before {
		t.Fatalf("refused records were written:\n%s", got)
	}

	for _, s := range []meeting.Systemic{
		{Issue: "a", MeetingID: "M1", SeriesID: "R1"},
		{Issue: "b", MeetingID: "M2", SeriesID: "R1", Resolved: true},
		{Issue: "c", MeetingID: "M3", SeriesID: "R2"},
	} {
		must(t, db.CreateSystemic(bg, &s))
	}
	sid := func(s *meeting.Systemic) string { return s.ID }
	for _, c := range []struct {
		f    meeting.SystemicFilter
		want string
	}{
		{meeting.SystemicFilter{SeriesID: "r1"}, "Y2,Y3"},
		{meeting.SystemicFilter{SeriesID: "R1", Unresolved: true}, "Y2"},
		{meeting.SystemicFilter{MeetingID: "m3"}, "Y4"},
		{meeting.SystemicFilter{Unresolved: true}, "Y2,Y4"},
	} {
		ss, err := db.Systemics(bg, c.f)
		must(t, err)
		if got := idsOf(ss, sid); got != c.want {
			t.Fatalf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	for _, j := range []string{"J2", "J1", "J2"} {
		must(t, db.CreateInitiative(bg, &meeting.Initiative{JourneyID: j, Title: "i", Status: meeting.InitiativePlanned, MeetingID: "M4"}))
		must(t, db.CreateExperiment(bg, &meeting.Experiment{JourneyID: j, Title: "e"}))
	}
	ins, err := db.Initiatives(bg, meeting.PipelineFilter{JourneyID: "j2"})
	must(t, err)
	if got := idsOf(ins, func(x *meeting.Initiative) string { return x.ID }); got != "N2,N4" {
		t.Fatalf("initiatives of J2: %s", got)
	}
	ins, err = db.Initiatives(bg, meeting.PipelineFilter{JourneyID: "J1", MeetingID: "M4"})
	must(t, err)
	if got := idsOf(ins, func(x *meeting.Initiative) string { return x.ID }); got != "N3" {
		t.Fatalf("initiatives of J1 from M4: %s", got)
	}
	exs, err := db.Experiments(bg, meeting.PipelineFilter{JourneyID: "J1"})
	must(t, err)
	if got := idsOf(exs, func(x *meeting.Experiment) string { return x.ID }); got != "X1,X3" {
		t.Fatalf("experiments of J1: %s", got)
	}
}

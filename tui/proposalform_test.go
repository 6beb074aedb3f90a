package tui

import (
	"context"
	"strings"
	"testing"

	"cxroom/meeting"
)

// A proposal is pitched from the room's improvement pipeline with the
// seed's template, and its form fits the smallest screen.
func TestProposalFormInTheRoom(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	j, err := w.svc.AddJourney(ctx, actor("maria"), "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("journey-review"), JourneyID: j.ID})
	if err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 60, 16)
	s.keys("enter") // join from the lobby
	if s.room() != r {
		t.Fatal("joined another room")
	}
	s.keys("n", "n") // Improvement Pipeline
	s.expect("Improvement Pipeline")
	s.keys("P")
	rs := s.m.top().(*roomScreen)
	if rs.form == nil || !strings.Contains(rs.form.title, "customer story + metric hypothesis") {
		t.Fatalf("no proposal form: %v", rs.form)
	}
	values := map[string]string{"title": "Guided onboarding", "who": "New users", "goal": "import contacts", "current": "cannot find the import",
		"metric": "import completion", "change": "35% → 65%", "timeframe": "30 days"}
	for i := range rs.form.fields {
		out := s.screen()
		fl := rs.form.fields[rs.form.focused]
		for _, word := range strings.Fields(fl.label) {
			if !strings.Contains(out, word) {
				t.Fatalf("field %d (%q): the label word %q is not on screen:\n%s", i, fl.label, word, out)
			}
		}
		if lines := strings.Count(out, "\n") + 1; lines != 16 {
			t.Fatalf("%d lines", lines)
		}
		if v, ok := values[fl.key]; ok {
			s.typeText(v)
		}
		s.keys("tab")
	}
	s.keys("ctrl+s")
	s.expect("pitched Q1: Guided onboarding")
	ps, err := w.db.Proposals(ctx, meeting.ProposalFilter{MeetingID: r.ID()})
	if err != nil || len(ps) != 1 || !ps[0].HasCustomerStory() || !ps[0].HasHypothesis() || ps[0].JourneyID != j.ID {
		t.Fatalf("stored %+v %v", ps, err)
	}
	// an observer is not offered the key
	o := w.session("olga", 100, 30)
	o.keys("enter")
	o.keys("P")
	if ors := o.m.top().(*roomScreen); ors.form != nil {
		t.Error("an observer opened the proposal form")
	}
}

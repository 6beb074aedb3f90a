package tui

import (
	"context"
	"fmt"

	"cxroom/meeting"
)

// proposalForm pitches an initiative in the room with the seed's template:
// the customer story, the metric hypothesis and the validation plan.
func (s *roomScreen) proposalForm() *form {
	r, a := s.room, s.d.Actor
	f := newForm(s.st, "Proposal: customer story + metric hypothesis", s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		x, err := r.AddProposal(ctx, a, meeting.ProposalInput{Title: v["title"], Who: v["who"], Goal: v["goal"], Current: v["current"],
			Proposed: v["proposed"], Example: v["example"], StoryID: v["story"], Metric: v["metric"], Change: v["change"],
			Timeframe: v["timeframe"], Secondary: v["secondary"], Validation: v["validation"]})
		if err != nil {
			return "", err
		}
		if !x.HasCustomerStory() {
			return fmt.Sprintf("pitched %s without a customer story: who, their goal and today's friction are missing", x.ID), nil
		}
		return "pitched " + x.ID + ": " + x.Title, nil
	}))
	f.add("title", "Initiative", required(), placeholder("its name"))
	f.add("who", "Who", placeholder("customer segment"))
	f.add("goal", "Goal", placeholder("what they are trying to accomplish"))
	f.add("current", "Current", placeholder("current experience: the pain points today"))
	f.add("proposed", "Proposed", placeholder("proposed experience: how this helps"))
	f.add("example", "Real example", multiline(3), placeholder("“Sarah, a new user, wants to import her contacts but…”"))
	f.add("story", "Library story", placeholder("or cite one: S12"))
	f.add("metric", "Primary metric", placeholder("what metric will move"))
	f.add("change", "Expected change", placeholder("35% → 65% (+30 points)"))
	f.add("timeframe", "Timeframe", placeholder("within 30 days of launch"))
	f.add("secondary", "Secondary impact")
	f.add("validation", "Validation plan", multiline(3), placeholder("A/B test with 20% of new users; measure at 1, 2 and 4 weeks"))
	return f
}

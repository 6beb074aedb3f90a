package report

import (
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

// A pitch renders as the seed's proposal template; one without a customer
// story says so.
func TestProposalMarkdown(t *testing.T) {
	team := &meeting.Team{Members: []meeting.Member{{Name: "Ana Costa", Handle: "ana"}}}
	ps := []*meeting.Proposal{
		{ID: "Q1", Date: "2026-11-05", Title: "Guided onboarding", Who: "New users", Goal: "Import their contacts",
			Current: "Cannot find the import; give up after 10 minutes", Proposed: "Import in step 2 with an explanation",
			Example: "Sarah searched help docs for 10 minutes before giving up.", Metric: "Contact import completion rate",
			Change: "35% → 65% (+30 points)", Timeframe: "Within 30 days of launch", Secondary: "10-point increase in first-week activation",
			Validation: "A/B test with 20% of new users\nMeasure at 1 week, 2 weeks and 30 days", ProposedBy: "ana"},
		{ID: "Q2", Date: "2026-11-06", Title: "Dark mode", ProposedBy: "tom"},
	}
	md := ProposalsMarkdown(ps, team)
	mdMustLines(t, md,
		"**Proposal ID:** Q1 · **Date:** 2026-11-05 · **Proposed by:** Ana Costa",
		"**Who:** New users",
		"**Current Experience:** Cannot find the import; give up after 10 minutes",
		`"Sarah searched help docs for 10 minutes before giving up."`,
		"- **Expected Change:** 35% → 65% (+30 points)",
		"- **Timeframe:** Within 30 days of launch",
		"A/B test with 20% of new users",
		"_No customer story: the pitch does not say whose goal meets which friction today._",
	)
	want := []mdHeading{mdH(1, "Proposals")}
	for _, p := range ps {
		want = append(want, mdH(2, "Proposal: "+p.Title), mdH(3, "Customer Story"), mdH(3, "Metric Hypothesis"), mdH(3, "Validation Plan"))
	}
	if got := mdOutline(t, md); !slices.Equal(got, want) {
		t.Errorf("outline %v", got)
	}
}

// The decision entry says who made it with their role, whether it is major,
// the customer story, and how its review went.
func TestDecisionEntryMakerRoleAndReview(t *testing.T) {
	d := mnDecision()
	d.MadeByRole, d.Major, d.CustomerStory = "Head of CX", true, "S4"
	d.Review = &meeting.DecisionReview{Date: "2026-12-16", By: "maria", Happened: "Failures fell to 0.4%", Verdict: meeting.VerdictMet, Learning: "pause first, patch second"}
	team := &meeting.Team{Members: []meeting.Member{{Name: "Maria Lopez", Handle: "maria"}}}
	md := DecisionsMarkdown([]*meeting.Decision{d}, team)
	mdMustLines(t, md,
		"**Made by:** Maria Lopez / Head of CX",
		"**Major decision:** yes",
		"**Customer story:** S4",
		"**Reviewed:** 2026-12-16 by Maria Lopez (on time) — expected impact met",
		"**What actually happened:** Failures fell to 0.4%",
		"**Learning:** pause first, patch second",
	)
	// someone outside the team, as recorded
	d.MadeBy, d.MadeByName, d.MadeByRole = "Exec team", "", "CEO + CFO"
	if md := DecisionsMarkdown([]*meeting.Decision{d}, team); !strings.Contains(md, "**Made by:** Exec team / CEO + CFO") {
		t.Errorf("maker outside the team:\n%s", md)
	}
}

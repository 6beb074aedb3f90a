package report

import (
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

// scScores is what meeting.Scorecard computes on its own test fixture:
// rendering is tested on given figures, not on their computation.
func scScores() []meeting.Score {
	return []meeting.Score{
		{Key: "ritual_consistency", Category: "Adoption", Name: "Ritual consistency", Value: 81.8, Unit: "%", Target: "95%", Status: "amber", Numerator: 9, Denominator: 11, Explanation: "Meetings held against occurrences scheduled by each series from 2026-09-01 (or the series' start) to 2026-11-30; a meeting counts for an occurrence if held that day or up to 3 days later, one meeting per occurrence.", Details: []string{"Weekly VOC triage: 6 of 8 held (missed 2026-11-10, 2026-11-17)", "Monthly journey review: 3 of 3 held"}},
		{Key: "decision_documentation", Category: "Adoption", Name: "Decision documentation", Value: 60, Unit: "%", Target: "100%", Status: "red", Numerator: 3, Denominator: 5, Explanation: "Decisions dated 2026-09-01 to 2026-11-30 with both a rationale and a review date, of all decisions in the period.", Details: []string{"2026-10-13-01: no rationale", "2026-11-24-02: no review date"}},
		{Key: "journey_ownership", Category: "Adoption", Name: "Journey ownership", Value: 66.7, Unit: "%", Target: "100%", Status: "red", Numerator: 2, Denominator: 3, Explanation: "Critical journeys with an accountable owner, of all critical journeys (journeys not marked critical do not count).", Details: []string{"no owner: Billing"}},
		{Key: "blocker_resolution", Category: "Capability", Name: "Blocker resolution time", Value: 7.8, Unit: "days", Target: "< 7 days", Status: "amber", Numerator: 0, Denominator: 3, Explanation: "Average days from an action being marked blocked to its next change of status, over the 3 blocker(s) resolved 2026-09-01 to 2026-11-30; 1 still blocked are listed, not averaged.", Details: []string{"still blocked: A4 (maria) for 10 days"}},
		{Key: "voc_actioned_30d", Category: "Outcome", Name: "VOC issues actioned within 30 days", Value: 60, Unit: "%", Target: "80%", Status: "amber", Numerator: 3, Denominator: 5, Explanation: "VOC issues raised 2026-09-01 to 2026-11-30 whose first action came within 30 days, of those already actioned or at least 30 days old; 1 issue(s) younger than 30 days without an action yet are not counted.", Details: []string{"I2: first action after 40 days", "I3: no action after 60 days"}},
		{Key: "action_closure", Category: "Outcome", Name: "Action closure", Value: 62.5, Unit: "%", Target: "80%", Status: "amber", Numerator: 5, Denominator: 8, Explanation: "Actions due 2026-09-01 to 2026-11-30 that are done, of all due in the period except the 1 dropped.", Details: []string{"maria: 2 overdue (A4, A9)", "sam: 1 overdue (A5)"}},
		{Key: "overdue_actions", Category: "Outcome", Name: "Overdue actions", Value: 4, Unit: "", Target: "0", Status: "red", Numerator: 4, Denominator: 5, Explanation: "Open, blocked or escalated actions due before 2026-11-30, whenever raised (4 of 5 active actions); done and dropped ones do not count.", Details: []string{"maria: 2 overdue (A4, A9)", "Ext Agency: 1 overdue (A12)", "sam: 1 overdue (A5)"}},
		{Key: "journeys_improving", Category: "Outcome", Name: "Journeys improving", Value: 66.7, Unit: "%", Target: "75%", Status: "amber", Numerator: 2, Denominator: 3, Explanation: "Journeys whose latest review has more metrics improving than declining, of the journeys with at least two reviews (a journey reviewed once has no trend yet and does not count).", Details: []string{"Onboarding: improving (2 metrics up, 1 down)", "Billing: not improving (1 metrics up, 2 down)", "Marketing site: improving (1 metrics up, 0 down)"}},
		{Key: "promise_keep", Category: "Outcome", Name: "Promise-keep rate", Value: 93.3, Unit: "%", Target: "90%", Status: "green", Numerator: 0, Denominator: 3, Explanation: "Mean keep rate of the 3 promise(s) with a measured rate in the latest audit (audit M21); 1 without a rate and earlier audits do not count.", Details: []string{"promise P3: 95%", "promise P4: 85%", "promise P5: 99.8%"}},
	}
}

func TestScorecardMarkdown(t *testing.T) {
	sc := scScores()
	md := ScorecardMarkdown(sc)
	mdMustLines(t, md,
		"| Category | Metric | Actual | Target | Status |",
		"| Adoption | Ritual consistency | 81.8% (9 of 11) | 95% | 🟡 |",
		"| Adoption | Decision documentation | 60% (3 of 5) | 100% | 🔴 |",
		"| Adoption | Journey ownership | 66.7% (2 of 3) | 100% | 🔴 |",
		"| Capability | Blocker resolution time | 7.8 days | < 7 days | 🟡 |",
		"| Outcome | VOC issues actioned within 30 days | 60% (3 of 5) | 80% | 🟡 |",
		"| Outcome | Action closure | 62.5% (5 of 8) | 80% | 🟡 |",
		"| Outcome | Overdue actions | 4 | 0 | 🔴 |",
		"| Outcome | Journeys improving | 66.7% (2 of 3) | 75% | 🟡 |",
		"| Outcome | Promise-keep rate | 93.3% (3 promises) | 90% | 🟢 |",
		"  - maria: 2 overdue (A4, A9)",
	)
	tb := mdTables(t, md)
	if len(tb) != 1 || len(tb[0]) != 10 {
		t.Fatalf("want one table of header + 9 rows: %v", tb)
	}
	for i, s := range sc {
		if row := tb[0][i+1]; len(row) != 5 || row[1] != s.Name {
			t.Errorf("row %d = %q", i+1, row)
		}
	}
	if got := mdOutline(t, md); !slices.Equal(got, []mdHeading{mdH(2, "CX Leadership Scorecard"), mdH(3, "How each figure was computed")}) {
		t.Errorf("outline %v", got)
	}
}

func TestScorecardMarkdownNothingCounted(t *testing.T) {
	md := ScorecardMarkdown(meeting.Scorecard(meeting.ScorecardInput{Today: "2026-11-30"}))
	if !strings.Contains(md, "| Adoption | Ritual consistency | — | 95% | n/a |") {
		t.Errorf("n/a row missing:\n%s", md)
	}
}

package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// ---- tests ----

func TestMinutesVOCTriage(t *testing.T) {
	b := mnVocBundle(t)
	out := Minutes(b, mnTeam(), mnAt(70))
	mdMustLines(t, out,
		"# Weekly VOC triage",
		"**Date:** 2026-11-24",
		"**Facilitator:** Maria Lopez",
		"**Attendees:** Maria Lopez, Sam Chen, Priya K",
		"**Ritual:** Weekly VOC triage (voc-triage)",
		"**Duration:** 63 min (60 min planned, 3 over)",
		"**State:** ended",
		"1. Review the VOC dashboard — 15 min planned, 18 min (3 over)",
		"2. Deep-dive the top 3 issues — 20 min planned + 5 extended, 22 min",
		"3. Review prior actions — 15 min planned, 15 min",
		"4. Share a customer story — 10 min planned, 8 min",
		"- **Deep-dived this meeting (the top 3):** I1, I2, I3",
		"- **Carried from earlier meetings:** I3 (14 days, 3 meetings), I5 (7 days, 2 meetings)",
		`1. **Checkout fails on Safari \| iOS 17** (I1) — deep-dived this meeting`,
		"   - On the list: raised this meeting",
		`   - Evidence: story: "I tried three times and gave up"; stat: 12% of iOS checkouts fail`,
		"   - Owner: Sam Chen",
		"   - Next step: Patch Safari checkout; add =SUM(1) test (A21, due 2026-12-01, open)",
		"   - Votes: 3",
		`2. **\# Refund emails confuse customers** (I2) — deep-dived this meeting, **unowned**`,
		"   - Owner: _not recorded_",
		`3. **Onboarding \*drop-off\* at step 3** (I3) — deep-dived this meeting, **unowned**, carried`,
		"   - On the list: open 14 days, 3 meetings, raised 2026-11-10 in M3",
		"4. **Invoice PDF is blank** (I5) — deep-dived in an earlier meeting, carried",
		"   - On the list: open 7 days, 2 meetings, raised 2026-11-17 in M5",
		"5. **Dark mode request** (I4) — unranked",
		"### Unowned after deep-dive",
		`- I2: \# Refund emails confuse customers — no action with an owner and a due date`,
		"| A11 | Publish the refund FAQ | Sam Chen | done |  |",
		"| A12 | Fix the address form, step 2 | Maria Lopez | blocked | waiting on legal review |",
		"| A13 | Call the top 5 detractors | Ext Agency | _not reviewed_ |  |",
		"2 of 3 earlier actions reviewed.",
		"> I almost gave up. Your error message told me nothing.",
		"- **Journey stage:** Onboarding → Account setup",
		"**Decision ID:** 2026-11-24-01",
		"**Made by:** Maria Lopez",
		"1. **Option A:** Pause the banner",
		"   - Customer Impact: Checkout works again",
		"2. **Option B:** Patch in place",
		"- **Business:** Recover ≈ $40k/week",
		"- [ ] Shared with Support",
		"- [ ] Shared with Sales",
		"| A21 | Patch Safari checkout; add =SUM(1) test | Sam Chen | 2026-12-01 | open |",
		"| A22 | Draft refund email copy | Maria Lopez | 2026-11-28 | done |",
	)
	want := []mdHeading{
		mdH(1, "Weekly VOC triage"), mdH(2, "Agenda"), mdH(2, "Prioritized issues"), mdH(3, "Unowned after deep-dive"),
		mdH(2, "Prior actions reviewed"), mdH(2, "Customer stories"), mdH(3, "Story 1 (S4)"),
	}
	want = append(want, mdTemplate2...)
	want = append(want, mdH(2, "Actions"))
	if got := mdOutline(t, out); !slices.Equal(got, want) {
		t.Errorf("outline\n got %v\nwant %v", got, want)
	}
	// User text with markdown punctuation reads back as typed, and the
	// pipe in an issue title does not add a table column.
	tb := mdTables(t, out)
	if len(tb) != 2 {
		t.Fatalf("want 2 tables (reviews, actions), got %d", len(tb))
	}
	for _, table := range tb {
		for _, row := range table {
			if len(row) != 5 {
				t.Errorf("row %q has %d cells, want 5", row, len(row))
			}
		}
	}
	if got := tb[1][1][1]; got != "Patch Safari checkout; add =SUM(1) test" {
		t.Errorf("action cell reads back %q", got)
	}
	src := []byte(out)
	var items []string
	_ = ast.Walk(mdParse(t, out), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if s, ok := n.(*ast.Emphasis); ok && entering && s.Level == 2 {
			items = append(items, mdPlain(s, src))
		}
		return ast.WalkContinue, nil
	})
	for _, want := range []string{"Checkout fails on Safari | iOS 17", "# Refund emails confuse customers", "Onboarding *drop-off* at step 3", "Deep-dived this meeting (the top 3):"} {
		if !slices.Contains(items, want) {
			t.Errorf("issue title %q does not read back; strong texts: %q", want, items)
		}
	}
	mnGolden(t, "minutes_voc.golden", out)
}

func TestMinutesRunningMeeting(t *testing.T) {
	b := mnVocBundle(t)
	mnRun(t, b.Meeting, []int{18}, nil, 0) // in the deep-dive since minute 18
	out := Minutes(b, nil, mnAt(45))
	mdMustLines(t, out,
		"**State:** in progress",
		"**Duration:** 45 min (60 min planned) so far",
		"1. Review the VOC dashboard — 15 min planned, 18 min (3 over)",
		"2. Deep-dive the top 3 issues — 20 min planned, 27 min so far (7 over) (current)",
		"3. Review prior actions — 15 min planned, not reached",
		"**Facilitator:** maria", // no team: handles
	)
}

func TestMinutesJourneyReview(t *testing.T) {
	b := mnJourneyBundle(t)
	out := Minutes(b, mnTeam(), mnAt(95))
	mdMustLines(t, out,
		"## Monthly Journey Review: Onboarding",
		"**Date:** 2026-11-24",
		"**Owner:** Maria Lopez",
		"**Attendees:** Maria Lopez, Sam Chen",
		"### 1. Journey Health (20 min)",
		"- Key Metrics:",
		"  - Completion Rate: 72% (target: 75%)",
		"  - Customer Effort Score: 3.4 (target: <3.0)",
		"  - Satisfaction Score: 78.5% (target: 80%+)",
		"  - Business Impact: 89% (target: 90%+)",
		"- Trends:",
		"  - Completion Rate: improving ↑",
		"  - Customer Effort Score: improving ↑",
		"  - Satisfaction Score: stable →",
		"  - Business Impact: declining ↓",
		"- Benchmarks: vs prior period",
		"  - Completion Rate: 72% vs 68% prior (+4)",
		"  - Customer Effort Score: 3.4 vs 3.6 prior (-0.2)",
		"### 2. Customer Voice (20 min)",
		`- Story 1: "Setup took me an hour" — Small business owner (Onboarding → Setup)`,
		`- Story 2: "I never got the verification email"`,
		"- Themes from feedback: Setup time, Email",
		"- Key insights: Setup wizard has too many steps; Verification email lands in spam",
		"### 3. Improvement Pipeline (30 min)",
		"- **In Progress:**",
		"  - N1: Guided setup wizard — in-progress, expected impact: completion +10 pts, owner: Sam Chen, carried",
		"  - N2: Verification email via a second provider — done, expected impact: 9% fewer stuck sign-ups (shipped 2026-11-20), carried",
		"  - X1: Skip the product tour — experiment approved earlier, running, expected impact: medium",
		"- **Proposed:**",
		"  - X2: 3-step setup wizard prototype — effort: medium, impact: high, decision: approved here",
		"  - X3: Live chat during setup — effort: high, impact: medium, decision: deferred here (wait for the wizard's results)",
		"  - X4: SMS verification — effort: _not recorded_, impact: low, decision: _not decided_, carried",
		"- **Resource Needs:**",
		"  - N1: two designers for a sprint",
		"  - X3: two support agents",
		"### 4. Decisions & Commitments (20 min)",
		"- **Approved:**",
		"  - Fund email deliverability work — owner: Sam Chen, deadline: 2027-01-15 (2026-11-24-03)",
		"  - Experiment: 3-step setup wizard prototype — owner: Sam Chen (X2)",
		"- **Deferred:**",
		"  - Localised onboarding — why: English covers 92% of signups (2026-11-24-04)",
		"- **Blockers:**",
		"  - SSO for small teams — resolves: Maria Lopez (2026-11-24-05)",
		"### Actions:",
		"- [ ] Run an A/B test of the setup wizard - Sam Chen - 2026-12-15",
		"- [x] Publish the onboarding roadmap - Maria Lopez - 2026-11-30",
	)
	if strings.Contains(out, "90%") && strings.Contains(out, "Completion Rate: 90%") {
		t.Error("a reading from a later meeting leaked into the minutes")
	}
	// The blocker decision has no rationale or review date: the gap shows.
	if !strings.Contains(out, "### Rationale\n\n_not recorded_\n\n### Expected Impact") {
		t.Error("an empty rationale is not shown as _not recorded_")
	}
	got := mdOutline(t, out)
	template1 := []mdHeading{mdH(2, "Monthly Journey Review: Onboarding"), mdH(3, "1. Journey Health (20 min)"),
		mdH(3, "2. Customer Voice (20 min)"), mdH(3, "3. Improvement Pipeline (30 min)"), mdH(3, "4. Decisions & Commitments (20 min)"),
		mdH(3, "Actions:")}
	if !mdHasRun(got, template1) {
		t.Errorf("outline %v lacks Template 1 %v", got, template1)
	}
	n := 0
	for _, x := range got {
		if x == mdTemplate2[0] {
			n++
		}
	}
	if n != 4 || !mdHasRun(got, mdTemplate2) {
		t.Errorf("want 4 Template 2 entries, outline %v", got)
	}
	mnGolden(t, "minutes_journey.golden", out)
}

func TestMinutesJourneyNoOwnerNoReadings(t *testing.T) {
	b := mnJourneyBundle(t)
	b.Journey.Owner = ""
	b.Journey.Readings = nil
	out := Minutes(b, nil, mnAt(95))
	mdMustLines(t, out,
		"**Owner:** _no owner assigned_",
		"  - Completion Rate: _not recorded_ (target: 75%)",
		"  - Completion Rate: no data ·",
	)
}

var mdTemplate3 = []mdHeading{mdH(2, "Coaching Conversation: GUIDE Framework"),
	mdH(3, "G - Goal (Customer Goal)"), mdH(3, "U - Understand (Current Experience)"), mdH(3, "I - Impact (Consequences)"),
	mdH(3, "D - Design (Solutions)"), mdH(3, "E - Evidence (Success Criteria)"), mdH(3, "Next Steps")}

func TestMinutesGuideCoach(t *testing.T) {
	out := Minutes(mnGuideBundle(t), mnTeam(), mnAt(40))
	mdMustLines(t, out,
		"## Coaching Conversation: GUIDE Framework",
		"**Team Member:** Sam Chen",
		"**Topic:** Refund friction",
		"**Date:** 2026-11-24",
		"### G - Goal (Customer Goal)",
		`**Question:** "What is the customer trying to accomplish?"`,
		"**Answer:**",
		"Get their money back without calling us.",
		`**Question:** "What's their experience today? Where's the friction?"`,
		`\- No status updates`,
		`**Question:** "What happens when we don't meet their needs? What's the cost?"`,
		`**Question:** "How might we make this effortless? What would delight them?"`,
		`**Question:** "How will we know it worked? What will customers tell us?"`,
		"### Next Steps",
		"- [ ] Map the refund journey with support - Sam Chen - 2026-12-05",
		"### Coaching Notes",
		"Work on: quantifying impact before proposing fixes.",
	)
	if !strings.Contains(out, "### I - Impact (Consequences)\n\n**Question:** \"What happens when we don't meet their needs? What's the cost?\"\n\n**Answer:**  \n_not recorded_\n") {
		t.Error("the unanswered Impact step is not shown as _not recorded_")
	}
	got := mdOutline(t, out)
	if !mdHasRun(got, append(slices.Clone(mdTemplate3), mdH(3, "Coaching Notes"))) {
		t.Errorf("outline %v lacks Template 3 with notes", got)
	}
	// The answer's "- " lines stay part of the answer, not a list.
	doc := mdParse(t, out)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.ListItem); ok && entering && strings.Contains(mdPlain(l, []byte(out)), "No status updates") {
			t.Error("an answer line became a list item")
		}
		return ast.WalkContinue, nil
	})
	mnGolden(t, "minutes_guide_coach.golden", out)
}

func TestMinutesGuideCoachee(t *testing.T) {
	out := Minutes(mnGuideBundleCoachee(t), mnTeam(), mnAt(40))
	if strings.Contains(out, "Coaching Notes") || strings.Contains(out, "quantifying impact") {
		t.Error("the coachee's minutes show the coach's notes")
	}
	got := mdOutline(t, out)
	if !mdHasRun(got, mdTemplate3) {
		t.Errorf("outline %v lacks Template 3", got)
	}
	if i := slices.Index(got, mdH(3, "Next Steps")); i < 0 || i+1 >= len(got) || got[i+1] != mdH(2, "Actions") {
		t.Errorf("Next Steps should be followed by the Actions section, outline %v", got)
	}
	mnGolden(t, "minutes_guide_coachee.golden", out)
}

func TestMinutesPromiseAudit(t *testing.T) {
	out := Minutes(mnPromiseBundle(t), mnTeam(), mnAt(100))
	mdMustLines(t, out,
		"## Promise-Proof Audit",
		"| Promise | Reality | Keep rate | Gap to the promise | Action |",
		`| "24/7 support" | Support available 24/7 but avg response 3 hrs | 95% | Response time not specified (broken 5% of the time) | Revise (Sam Chen) |`,
		`| "Easy setup in 5 min" (≤ 5 min) | Median setup time; measured 12 min | 40% | Setup takes more than twice as long (12 min against ≤ 5 min promised: 140% over the promise) | Fix (Maria Lopez) |`,
		`| "Personalized recommendations" | Same recs shown to all users | 0% | Promise not delivered (broken 100% of the time) | Retire |`,
		`| "Free shipping over $50" | Delivered 99.8% of time | 99.8% | Minor gap (broken 0.2% of the time) | Keep |`,
		`| "30-day returns" | _not recorded_ | _unknown_ | — | _not recorded_ |`,
		"**Promise-keep rate:** 58.7% across 4 promises (target: 90%+ across all promises); 1 not measured",
		"3. Action planning — 30 min planned, 10 min so far (current)",
		"**State:** in progress",
	)
	tb := mdTables(t, out)
	if len(tb) != 1 || len(tb[0]) != 6 {
		t.Fatalf("want one table of header + 5 promises, got %v", tb)
	}
	if got, want := mdOutline(t, out), []mdHeading{mdH(1, "Quarterly promise-proof audit"), mdH(2, "Agenda"), mdH(2, "Promise-Proof Audit"), mdH(2, "Actions")}; !slices.Equal(got, want) {
		t.Errorf("outline %v, want %v", got, want)
	}
	mnGolden(t, "minutes_promises.golden", out)
}

func TestMinutesEscapesStructure(t *testing.T) {
	for _, in := range []string{
		"# heading", "## x #", "- list", "+ list", "* list", "1. ordered", "2) ordered", "> quote", "---", "===", "***",
		"- - -", "-", "+", "=", "1.", "`code`", "<b>html</b>", "a <b>bold</b>", "<http://auto.link>", "[link](http://x)",
		"![img](x)", "a | b", "_em_", "**strong**", "~~strike~~", "&amp; entity", "&#35; numeric", "back\\slash",
		"    indented code", "```", "~~~", "<!-- comment -->", "trailing backslash\\", "title #", "Issue #42", "C#",
		"-8 NPS", "81.8% done", "< 7 days", "2026. A year", "x_y_z", "[^1]: footnote", "| a | b |", ":smile:",
	} {
		for _, prefix := range []string{"Title\n\n", "Title\n"} { // own paragraph; continuing one
			src := prefix + mdEscapeLine(in) + "\n"
			doc := mdParse(t, src)
			p := doc.FirstChild()
			if prefix == "Title\n\n" {
				p = p.NextSibling()
			}
			want := strings.TrimSpace(in)
			if prefix == "Title\n" {
				want = "Title\n" + want
			}
			if p == nil || p.Kind() != ast.KindParagraph || p.NextSibling() != nil {
				t.Errorf("%q after %q: escaped %q is not one paragraph", in, prefix, mdEscapeLine(in))
				continue
			}
			if got := mdPlain(p, []byte(src)); got != want {
				t.Errorf("%q: reads back as %q (escaped %q)", in, got, mdEscapeLine(in))
			}
		}
	}
	// Readable where nothing could form structure.
	for _, in := range []string{"-8 NPS", "81.8% done", "< 7 days", "Issue #42", "C# guide", "R&D", "2026-11-24"} {
		if got := mdEscapeLine(in); got != in {
			t.Errorf("%q escaped needlessly as %q", in, got)
		}
	}
	// In a table cell, a pipe stays inside the cell.
	cell := mdText("a | b")
	tb := mdTables(t, "| x | y |\n|---|---|\n| "+cell+" | z |\n")
	if len(tb) != 1 || len(tb[0][1]) != 2 || tb[0][1][0] != "a | b" {
		t.Errorf("table with escaped pipe: %v", tb)
	}
}

func TestMinutesJSON(t *testing.T) {
	b := mnVocBundle(t)
	data, err := MinutesJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"meeting", "actions", "carried", "reviews", "issues", "decisions", "stories", "promises", "journey", "guide"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if string(raw["promises"]) != "[]" {
		t.Errorf("empty promises: %s, want []", raw["promises"])
	}
	var doc MinutesRecord
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	mm := doc.Meeting
	if mm.ID != "M7" || mm.AgendaID != "voc-triage" || mm.Date != "2026-11-24" || mm.Facilitator != "maria" || mm.State != "ended" {
		t.Errorf("meeting header: %+v", mm)
	}
	if len(mm.Attendees) != 3 || mm.PlannedMinutes != 60 || mm.ActualMinutes != 63 {
		t.Errorf("attendees %d, planned %d, actual %d", len(mm.Attendees), mm.PlannedMinutes, mm.ActualMinutes)
	}
	wantSeg := []MinutesSegment{
		{1, "Review the VOC dashboard", 15, 0, 18, 3, true},
		{2, "Deep-dive the top 3 issues", 20, 5, 22, 0, true},
		{3, "Review prior actions", 15, 0, 15, 0, true},
		{4, "Share a customer story", 10, 0, 8, 0, true},
	}
	if !slices.Equal(mm.Segments, wantSeg) {
		t.Errorf("segments\n got %+v\nwant %+v", mm.Segments, wantSeg)
	}
	if len(doc.Actions) != 2 || doc.Actions[0].ID != "A21" || len(doc.Carried) != 3 || len(doc.Reviews) != 2 ||
		len(doc.Issues) != 5 || doc.Issues[0].Title != b.Issues[0].Title || len(doc.Decisions) != 1 ||
		doc.Decisions[0].Options[1].Cons != "Two weeks of failures" || len(doc.Stories) != 1 || doc.Journey != nil || doc.Guide != nil {
		t.Errorf("records did not round-trip: %s", data)
	}
	// snake_case keys only
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if k != strings.ToLower(k) || strings.Contains(k, "-") {
					t.Errorf("key %q is not snake_case", k)
				}
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var generic any
	_ = json.Unmarshal(data, &generic)
	walk(generic)

	// A coachee's minutes carry no notes.
	data, err = MinutesJSON(mnGuideBundleCoachee(t))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("quantifying")) || bytes.Contains(data, []byte(`"notes"`)) {
		t.Error("the coachee's JSON minutes carry the coach's notes")
	}
	if _, err := MinutesJSON(nil); err == nil {
		t.Error("MinutesJSON(nil) should fail")
	}
}

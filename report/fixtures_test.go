package report

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"cxroom/meeting"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// ---- fixtures ----

var mnT0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func mnAt(min int) time.Time { return mnT0.Add(time.Duration(min) * time.Minute) }

func mnTeam() *meeting.Team {
	return &meeting.Team{Members: []meeting.Member{
		{Name: "Maria Lopez", Handle: "maria", Role: meeting.RoleFacilitator},
		{Name: "Sam Chen", Handle: "sam", Role: meeting.RoleMember},
	}}
}

func mnAttendees() []meeting.Attendee {
	return []meeting.Attendee{
		{Handle: "maria", Name: "Maria Lopez", Role: meeting.RoleFacilitator, JoinedAt: mnT0},
		{Handle: "sam", Name: "Sam Chen", Role: meeting.RoleMember, JoinedAt: mnT0},
		{Handle: "priya", Name: "Priya K", Role: meeting.RoleMember, Guest: true, JoinedAt: mnAt(2)},
	}
}

// mnRun starts the meeting's timer at mnT0 and moves through the segments
// at the given minutes; extend adds minutes to a segment while in it; end
// ends the meeting at that minute (0: still running).
func mnRun(t *testing.T, m *meeting.Meeting, moves []int, extend map[int]int, end int) {
	t.Helper()
	m.Timer = meeting.NewTimer(m.Agenda.Planned())
	if err := m.Timer.Start(mnT0); err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= len(moves); i++ {
		if x := extend[i]; x > 0 {
			if err := m.Timer.Extend(time.Duration(x)*time.Minute, mnAt(1)); err != nil {
				t.Fatal(err)
			}
		}
		if i < len(moves) {
			if err := m.Timer.Next(mnAt(moves[i])); err != nil {
				t.Fatal(err)
			}
		}
	}
	if end > 0 {
		if err := m.Timer.End(mnAt(end)); err != nil {
			t.Fatal(err)
		}
	}
}

func mnVocAgenda() meeting.Agenda {
	return meeting.Agenda{ID: "voc-triage", Title: "Weekly VOC triage", Minutes: 60, Cadence: "weekly", Segments: []meeting.Segment{
		{ID: "dashboard", Title: "Review the VOC dashboard", Minutes: 15, Produces: []meeting.RecordKind{meeting.KindIssues}},
		{ID: "deep-dive", Title: "Deep-dive the top 3 issues", Minutes: 20, Produces: []meeting.RecordKind{meeting.KindIssues, meeting.KindActions}, Top: 3},
		{ID: "prior", Title: "Review prior actions", Minutes: 15, Produces: []meeting.RecordKind{meeting.KindReview, meeting.KindActions}},
		{ID: "story", Title: "Share a customer story", Minutes: 10, Produces: []meeting.RecordKind{meeting.KindStories, meeting.KindDecisions}},
	}}
}

// mnVocBundle: segments took 18 (3 over), 22 (of 20 + 5 extended), 15 and
// 8 minutes; five issues: I1, I2 raised and deep-dived here (I2 without
// an owner), I3 carried from two weeks ago and deep-dived again, I5 carried
// from last week (deep-dived then), I4 raised here and unranked; three
// carried actions, two reviewed; one story; one decision.
func mnVocBundle(t *testing.T) *meeting.Bundle {
	m := &meeting.Meeting{ID: "M7", Title: "Weekly VOC triage", Agenda: mnVocAgenda(), SeriesID: "S1", Date: "2026-11-24",
		Facilitator: "maria", Attendees: mnAttendees(), CreatedBy: "maria", CreatedAt: mnT0,
		Carried: []string{"A11", "A12", "A13"}}
	mnRun(t, m, []int{18, 40, 55}, map[int]int{1: 5}, 63)
	m.Reviews = []meeting.Review{
		{ActionID: "A11", Outcome: meeting.OutcomeDone, By: "maria", At: mnAt(42)},
		{ActionID: "A12", Outcome: meeting.OutcomeBlocked, Note: "waiting on legal review", By: "maria", At: mnAt(45)},
	}
	carried := []*meeting.Action{
		{ID: "A11", Text: "Publish the refund FAQ", Owner: "sam", Due: "2026-11-20", Status: meeting.StatusDone},
		{ID: "A12", Text: "Fix the address form, step 2", Owner: "maria", Due: "2026-11-21", Status: meeting.StatusBlocked},
		{ID: "A13", Text: "Call the top 5 detractors", Owner: "Ext Agency", Due: "2026-11-30", Status: meeting.StatusOpen},
	}
	issues := []*meeting.Issue{
		{ID: "I1", Title: "Checkout fails on Safari | iOS 17", Theme: "Payments", Signal: meeting.SignalSpike,
			Story: "I tried three times and gave up", Stat: "12% of iOS checkouts fail", Impact: "≈ $40k/week lost",
			RootCause: "Payment iframe blocked by ITP", Rank: 1, Votes: []string{"maria", "sam", "priya"},
			Owner: "sam", NextStep: "Patch the Safari checkout", ActionIDs: []string{"A21"}, DeepDive: true, DeepDives: []string{"M7"},
			MeetingID: "M7", CreatedAt: mnAt(3)},
		{ID: "I2", Title: "# Refund emails confuse customers", Theme: "Billing", Signal: meeting.SignalSentiment,
			Stat: "NPS -8 among refunders", Rank: 2, Votes: []string{"sam"}, DeepDive: true, DeepDives: []string{"M7"},
			MeetingID: "M7", CreatedAt: mnAt(5)},
		// carried from two weeks ago, deep-dived then and again this week
		{ID: "I3", Title: "Onboarding *drop-off* at step 3", Theme: "Onboarding", Signal: meeting.SignalNewTheme, Rank: 3,
			Owner: "priya", NextStep: "Interview 5 churned users", DeepDive: true, DeepDives: []string{"M3", "M7"},
			MeetingID: "M3", CreatedAt: mnT0.AddDate(0, 0, -14)},
		// carried from last week, deep-dived then (stored before deep-dives
		// were kept per meeting), not this week
		{ID: "I5", Title: "Invoice PDF is blank", Theme: "Billing", Rank: 4, Owner: "sam", NextStep: "Reproduce on Windows",
			DeepDive: true, MeetingID: "M5", CreatedAt: mnT0.AddDate(0, 0, -7)},
		{ID: "I4", Title: "Dark mode request", Signal: meeting.SignalNewTheme, Votes: []string{"priya"}, MeetingID: "M7", CreatedAt: mnAt(7)},
	}
	return &meeting.Bundle{
		Meeting: m,
		Actions: []*meeting.Action{
			{ID: "A21", Text: "Patch Safari checkout; add =SUM(1) test", Owner: "sam", Due: "2026-12-01", Status: meeting.StatusOpen,
				MeetingID: "M7", Segment: "Deep-dive the top 3 issues", IssueID: "I1", CreatedBy: "maria", CreatedAt: mnAt(25)},
			{ID: "A22", Text: "Draft refund email copy", Owner: "maria", Due: "2026-11-28", Status: meeting.StatusDone,
				MeetingID: "M7", Segment: "Deep-dive the top 3 issues", CreatedBy: "maria", CreatedAt: mnAt(30)},
		},
		Carried: carried,
		Issues:  issues,
		Opened:  map[string]int{"I3": 3, "I5": 2},
		Stories: []*meeting.Story{{ID: "S4", Quote: "I almost gave up. Your error message told me nothing.",
			Context: "First-time user, connecting a bank account", Stage: "Onboarding → Account setup",
			Impact: "23% abandon at this step", Learning: "Error messages lack actionable guidance",
			Status: "Fix planned for Q1", CreatedBy: "sam", CreatedAt: mnAt(57)}},
		Decisions: []*meeting.Decision{mnDecision()},
	}
}

func mnDecision() *meeting.Decision {
	return &meeting.Decision{
		ID: "2026-11-24-01", Date: "2026-11-24", Title: "Pause the Safari upsell banner", MadeBy: "maria",
		Context: "Safari checkout failures spiked after the banner launch.",
		Options: []meeting.Option{
			{Description: "Pause the banner", Pros: "Immediate relief", Cons: "Lose upsell revenue", CustomerImpact: "Checkout works again"},
			{Description: "Patch in place", Pros: "Keeps revenue", Cons: "Two weeks of failures", CustomerImpact: "Failures continue"},
		},
		Decision:       "Pause the banner on Safari until the patch ships.",
		Rationale:      "12% failure rate outweighs the banner's revenue.",
		Expected:       meeting.Impact{Customer: "Checkout completes", Business: "Recover ≈ $40k/week", Metrics: "iOS checkout failure rate"},
		ReviewDate:     "2026-12-15",
		CommunicatedTo: []string{"Support", "Sales"},
		MeetingID:      "M7", CreatedBy: "maria", CreatedAt: mnAt(59),
	}
}

func mnJourneyAgenda() meeting.Agenda {
	return meeting.Agenda{ID: "journey-review", Title: "Monthly journey review", Minutes: 90, Segments: []meeting.Segment{
		{Title: "Journey health", Minutes: 20, Produces: []meeting.RecordKind{meeting.KindMetrics}},
		{Title: "Customer voice", Minutes: 20, Produces: []meeting.RecordKind{meeting.KindStories}},
		{Title: "Improvement pipeline", Minutes: 30, Produces: []meeting.RecordKind{meeting.KindActions, meeting.KindDecisions}},
		{Title: "Decisions & commitments", Minutes: 20, Produces: []meeting.RecordKind{meeting.KindDecisions, meeting.KindActions}},
	}}
}

// mnJourneyBundle: Onboarding reviewed in M9 (its second reading); a third
// reading from a later meeting must not show. Its pipeline: two initiatives
// carried from M5 (one finished here), an experiment approved in M5 still
// running, two decided here (approved, deferred) and one still undecided.
func mnJourneyBundle(t *testing.T) *meeting.Bundle {
	m := &meeting.Meeting{ID: "M9", Title: "Monthly journey review — Onboarding", Agenda: mnJourneyAgenda(), JourneyID: "J1",
		Date: "2026-11-24", Facilitator: "maria", Attendees: mnAttendees()[:2], CreatedBy: "maria", CreatedAt: mnT0}
	mnRun(t, m, []int{20, 40, 70}, nil, 90)
	j := &meeting.Journey{ID: "J1", Name: "Onboarding", Owner: "maria", Critical: true, Metrics: meeting.DefaultMetrics(), Readings: []meeting.Reading{
		{Date: "2026-10-27", MeetingID: "M5", Values: map[string]float64{"completion": 68, "effort": 3.6, "satisfaction": 78, "impact": 91}},
		{Date: "2026-11-24", MeetingID: "M9", Values: map[string]float64{"completion": 72, "effort": 3.4, "satisfaction": 78.5, "impact": 89}},
		{Date: "2026-12-22", MeetingID: "M12", Values: map[string]float64{"completion": 90, "effort": 2, "satisfaction": 95, "impact": 99}},
	}}
	a30 := &meeting.Action{ID: "A30", Text: "Run an A/B test of the setup wizard", Owner: "sam", Due: "2026-12-15", Status: meeting.StatusBlocked,
		Segment: "Improvement pipeline", MeetingID: "M9", CreatedAt: mnAt(45),
		History: []meeting.Change{{At: mnAt(45), By: "maria", To: meeting.StatusOpen, Note: "created"},
			{At: mnAt(50), By: "sam", From: meeting.StatusOpen, To: meeting.StatusBlocked, Note: "needs design capacity"}}}
	a31 := &meeting.Action{ID: "A31", Text: "Publish the onboarding roadmap", Owner: "maria", Due: "2026-11-30", Status: meeting.StatusDone,
		Segment: "Decisions & commitments", MeetingID: "M9", CreatedAt: mnAt(75)}
	return &meeting.Bundle{
		Meeting: m,
		Journey: j,
		Stories: []*meeting.Story{
			{ID: "S8", Quote: "Setup took me an hour", Context: "Small business owner", Stage: "Onboarding → Setup", Theme: "Setup time", Learning: "Setup wizard has too many steps"},
			{ID: "S9", Quote: "I never got the verification email", Theme: "Email", Learning: "Verification email lands in spam"},
			{ID: "S10", Quote: "Support walked me through it in 5 minutes", Theme: "Setup time"},
		},
		Actions: []*meeting.Action{a30, a31},
		Initiatives: []*meeting.Initiative{
			{ID: "N1", JourneyID: "J1", Title: "Guided setup wizard", Status: meeting.InitiativeInProgress, ExpectedImpact: "completion +10 pts",
				Owner: "sam", Needs: "two designers for a sprint", MeetingID: "M5", UpdatedIn: "M9"},
			{ID: "N2", JourneyID: "J1", Title: "Verification email via a second provider", Status: meeting.InitiativeDone,
				ExpectedImpact: "9% fewer stuck sign-ups", Note: "shipped 2026-11-20", MeetingID: "M5", UpdatedIn: "M9"},
		},
		Experiments: []*meeting.Experiment{
			{ID: "X1", JourneyID: "J1", Title: "Skip the product tour", Impact: meeting.LevelMedium, Decision: meeting.ExperimentApproved,
				MeetingID: "M5", DecidedIn: "M5"},
			{ID: "X2", JourneyID: "J1", Title: "3-step setup wizard prototype", Effort: meeting.LevelMedium, Impact: meeting.LevelHigh,
				Decision: meeting.ExperimentApproved, Owner: "sam", MeetingID: "M9", DecidedIn: "M9"},
			{ID: "X3", JourneyID: "J1", Title: "Live chat during setup", Effort: meeting.LevelHigh, Impact: meeting.LevelMedium,
				Decision: meeting.ExperimentDeferred, Why: "wait for the wizard's results", Needs: "two support agents", MeetingID: "M9", DecidedIn: "M9"},
			{ID: "X4", JourneyID: "J1", Title: "SMS verification", Impact: meeting.LevelLow, MeetingID: "M5"},
		},
		Decisions: []*meeting.Decision{
			{ID: "2026-11-24-02", Date: "2026-11-24", Title: "Test a 3-step setup wizard", MadeBy: "maria",
				Decision: "Prototype a 3-step wizard", Expected: meeting.Impact{Customer: "Setup in under 10 minutes"}, CreatedAt: mnAt(55)},
			{ID: "2026-11-24-03", Date: "2026-11-24", Title: "Fund email deliverability work", MadeBy: "maria", Kind: meeting.DecisionApproved,
				Decision: "Fund deliverability work", Rationale: "Verification emails in spam block 9% of signups", ReviewDate: "2027-02-24",
				Owner: "sam", Deadline: "2027-01-15", CreatedAt: mnAt(75)},
			{ID: "2026-11-24-04", Date: "2026-11-24", Title: "Localised onboarding", MadeBy: "maria", Kind: meeting.DecisionDeferred,
				Decision: "Defer localised onboarding", Rationale: "English covers 92% of signups", CreatedAt: mnAt(80)},
			{ID: "2026-11-24-05", Date: "2026-11-24", Title: "SSO for small teams", MadeBy: "sam", Kind: meeting.DecisionBlocker,
				Decision: "SSO for small teams needs pricing sign-off", Owner: "maria", CreatedAt: mnAt(85)},
		},
	}
}

func mnGuideAgenda() meeting.Agenda {
	a := meeting.Agenda{ID: "guide", Title: "GUIDE coaching conversation", Minutes: 30}
	for _, s := range meeting.GuideSteps {
		a.Segments = append(a.Segments, meeting.Segment{Title: s.Name, Minutes: 4, Step: s.Letter, Produces: []meeting.RecordKind{meeting.KindGuide}})
	}
	a.Segments = append(a.Segments,
		meeting.Segment{Title: "Next steps", Minutes: 5, Produces: []meeting.RecordKind{meeting.KindActions}},
		meeting.Segment{Title: "Coaching notes", Minutes: 5, Produces: []meeting.RecordKind{meeting.KindNotes}})
	return a
}

// mnGuideBundle is the coach's view (with notes); mnGuideBundleCoachee the
// coachee's, filtered by Guide.VisibleTo.
func mnGuideBundle(t *testing.T) *meeting.Bundle {
	m := &meeting.Meeting{ID: "M15", Title: "GUIDE coaching conversation — Refund friction with sam", Agenda: mnGuideAgenda(),
		GuideID: "G3", Coachees: []string{"sam"}, Topic: "Refund friction", Date: "2026-11-24", Facilitator: "maria", Private: true,
		Attendees: mnAttendees()[:2], CreatedBy: "maria", CreatedAt: mnT0}
	mnRun(t, m, []int{4, 8, 12, 16, 20, 25}, nil, 31)
	g := &meeting.Guide{ID: "G3", Coach: "maria", Coachees: []string{"sam"}, Topic: "Refund friction", Date: "2026-11-24", MeetingID: "M15",
		Answers: [5]string{
			"Get their money back without calling us.",
			"They fill a form, then wait.\n- No status updates\n- Two emails that contradict each other",
			"",
			"Show refund status in the app.",
			"Fewer \"where is my refund\" tickets; customers say it was easy.",
		},
		ActionIDs: []string{"A40"},
		Notes:     "Sam framed the problem from the customer's side.\n\nWork on: quantifying impact before proposing fixes.",
	}
	return &meeting.Bundle{
		Meeting: m,
		Guide:   g,
		Actions: []*meeting.Action{{ID: "A40", Text: "Map the refund journey with support", Owner: "sam", Due: "2026-12-05",
			Status: meeting.StatusOpen, GuideID: "G3", MeetingID: "M15", CreatedAt: mnAt(22)}},
	}
}

func mnGuideBundleCoachee(t *testing.T) *meeting.Bundle {
	b := mnGuideBundle(t)
	b.Guide = b.Guide.VisibleTo("sam")
	return b
}

func mnPromiseAgenda() meeting.Agenda {
	return meeting.Agenda{ID: "promise-audit", Title: "Quarterly promise-proof audit", Minutes: 120, Segments: []meeting.Segment{
		{Title: "List all promises", Minutes: 30, Produces: []meeting.RecordKind{meeting.KindPromises}},
		{Title: "Measure reality", Minutes: 60, Produces: []meeting.RecordKind{meeting.KindPromises}},
		{Title: "Action planning", Minutes: 30, Produces: []meeting.RecordKind{meeting.KindPromises, meeting.KindActions}},
	}}
}

// mnPromiseBundle is the seed's "Example Audit Results" with keep rates,
// plus a promise not yet measured. Known rates 95, 40, 0, 99.8: mean 58.7.
// "Easy setup in 5 min" states its terms (≤ 5 min) and reality measures
// 12 min: the seed's "140% over promise".
func mnPromiseBundle(t *testing.T) *meeting.Bundle {
	m := &meeting.Meeting{ID: "M20", Title: "Quarterly promise-proof audit", Agenda: mnPromiseAgenda(), Date: "2026-11-24",
		Facilitator: "maria", Attendees: mnAttendees()[:2], CreatedBy: "maria", CreatedAt: mnT0}
	mnRun(t, m, []int{30, 90}, nil, 0) // still running, in the last segment
	return &meeting.Bundle{Meeting: m, Promises: []*meeting.Promise{
		{ID: "P1", Promise: "24/7 support", Reality: "Support available 24/7 but avg response 3 hrs", KeepRate: 95, Gap: "Response time not specified", Action: meeting.PromiseRevise, Owner: "sam"},
		{ID: "P2", Promise: "Easy setup in 5 min", Reality: "Median setup time", KeepRate: 40, Gap: "Setup takes more than twice as long",
			Promised: &meeting.Quantity{Value: 5, Unit: "min", Bound: meeting.AtMost}, Measured: &meeting.Quantity{Value: 12, Unit: "min"},
			Action: meeting.PromiseFix, Owner: "maria"},
		{ID: "P3", Promise: "Personalized recommendations", Reality: "Same recs shown to all users", KeepRate: 0, Gap: "Promise not delivered", Action: meeting.PromiseRetire},
		{ID: "P4", Promise: "Free shipping over $50", Reality: "Delivered 99.8% of time", KeepRate: 99.8, Gap: "Minor gap", Action: meeting.PromiseKeep},
		{ID: "P5", Promise: "30-day returns", KeepRate: -1},
	}}
}

// ---- markdown parsing helpers (goldmark, test only) ----

func mdParse(t *testing.T, src string) ast.Node {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	return md.Parser().Parse(gmtext.NewReader([]byte(src)))
}

// plain is a node's text as rendered: escapes resolved, soft breaks as
// newlines.
func mdPlain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(x.Value(src)))
			if x.SoftLineBreak() || x.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(x.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

type mdHeading struct {
	Level int
	Text  string
}

func mdOutline(t *testing.T, src string) []mdHeading {
	t.Helper()
	doc := mdParse(t, src)
	var out []mdHeading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			out = append(out, mdHeading{h.Level, mdPlain(h, []byte(src))})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// tables returns every GFM table as rows of cell texts (header first).
func mdTables(t *testing.T, src string) [][][]string {
	t.Helper()
	doc := mdParse(t, src)
	var out [][][]string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		tb, ok := n.(*extast.Table)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		var rows [][]string
		for r := tb.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, mdPlain(c, []byte(src)))
			}
			rows = append(rows, cells)
		}
		out = append(out, rows)
		return ast.WalkSkipChildren, nil
	})
	return out
}

// hasRun reports whether want appears in got as a contiguous run.
func mdHasRun(got, want []mdHeading) bool {
	for i := 0; i+len(want) <= len(got); i++ {
		if slices.Equal(got[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func mdH(level int, text string) mdHeading { return mdHeading{level, text} }

// mdTemplate2 is the seed's decision-log entry outline.
var mdTemplate2 = []mdHeading{mdH(2, "CX Decision Log Entry"), mdH(3, "Context"), mdH(3, "Options Considered"), mdH(3, "Decision"),
	mdH(3, "Rationale"), mdH(3, "Expected Impact"), mdH(3, "Review Date"), mdH(3, "Communication")}

func mdMustLines(t *testing.T, out string, lines ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		have[strings.TrimSuffix(l, "  ")] = true // a hard break is not content
	}
	for _, l := range lines {
		if !have[l] {
			t.Errorf("missing line %q", l)
		}
	}
}

func mnGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report/ -run Minutes -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (rerun with -update if the change is intended)\n--- got ---\n%s", name, got)
	}
}

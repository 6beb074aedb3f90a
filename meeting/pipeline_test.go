package meeting_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

func TestSystemicIssuesInTheQBR(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"Onboarding", "Checkout"} {
		if _, err := e.svc.AddJourney(e.ctx, maria, n, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	qbr := agenda(t, "qbr")
	qs := weeklySeries(t, e, "qbr") // the QBR's series carries what is unresolved
	r := e.start(t, meeting.StartInput{Agenda: qbr, SeriesID: qs.ID})
	join(t, r, maria, ana, obs)
	if got := len(r.Snapshot().Journeys); got != 2 {
		t.Fatalf("the QBR shows %d journeys, want every one", got)
	}
	if _, err := r.AddSystemic(e.ctx, obs, meeting.SystemicInput{Issue: "x"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("an observer adds a systemic issue: %v", err)
	}
	if _, err := r.AddSystemic(e.ctx, tom, meeting.SystemicInput{Issue: "x"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("someone not in the room adds one: %v", err)
	}
	if _, err := r.AddSystemic(e.ctx, ana, meeting.SystemicInput{Issue: "x", JourneyID: "J9"}); code(err) != meeting.ENOTFOUND {
		t.Fatalf("a journey not under review: %v", err)
	}
	y1, err := r.AddSystemic(e.ctx, ana, meeting.SystemicInput{Issue: "Handoffs lose context", JourneyID: "j2"})
	if err != nil {
		t.Fatal(err)
	}
	if y1.ID != "Y1" || y1.JourneyID != "J2" || y1.Traced() {
		t.Fatalf("systemic issue %+v", y1)
	}
	y1, err = r.EditSystemic(e.ctx, ana, "y1", meeting.SystemicInput{RootCause: "three ticket systems", Owner: "@tom", Roadmap: "One case record"})
	if err != nil || !y1.Traced() || y1.Owner != "tom" || y1.Issue != "Handoffs lose context" {
		t.Fatalf("edit: %+v %v", y1, err)
	}
	y2, _ := r.AddSystemic(e.ctx, maria, meeting.SystemicInput{Issue: "Pricing pages contradict invoices"})
	if _, err := r.EditSystemic(e.ctx, maria, y2.ID, meeting.SystemicInput{Resolved: "maybe"}); code(err) != meeting.EINVALID {
		t.Fatalf("resolved maybe: %v", err)
	}
	if _, err := r.EditSystemic(e.ctx, maria, y2.ID, meeting.SystemicInput{Resolved: "yes"}); err != nil {
		t.Fatal(err)
	}
	// not VOC issues: nothing to vote on, nothing in the VOC response rate
	if is, _ := e.db.Issues(e.ctx, meeting.IssueFilter{}); len(is) != 0 {
		t.Fatalf("%d VOC issues", len(is))
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	// the next QBR carries what is unresolved
	e.clock.Advance(91 * 24 * time.Hour)
	r2 := e.start(t, meeting.StartInput{Agenda: qbr, SeriesID: qs.ID})
	s := r2.Snapshot()
	if len(s.Systemic) != 1 || s.Systemic[0].ID != "Y1" {
		t.Fatalf("carried systemic issues %v", s.Systemic)
	}
	join(t, r2, maria)
	if _, err := r2.EditSystemic(e.ctx, maria, "Y1", meeting.SystemicInput{Resolved: "yes"}); err != nil {
		t.Fatalf("resolve a carried systemic issue: %v", err)
	}
	b, err := e.svc.Minutes(e.ctx, maria, r.ID())
	if err != nil || len(b.Systemic) != 2 || len(b.Journeys) != 2 {
		t.Fatalf("the first QBR's records: %v %v", b, err)
	}
}

// pipelineReview starts a journey review of Onboarding (owned by ana).
func pipelineReview(t *testing.T, e *env) (meeting.StartInput, *meeting.Room) {
	t.Helper()
	j, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	in := meeting.StartInput{Agenda: agenda(t, "journey-review"), JourneyID: j.ID}
	r := e.start(t, in)
	join(t, r, maria, ana, tom, obs)
	return in, r
}

func TestPipelineIsCarriedToTheJourneysNextReview(t *testing.T) {
	e := newEnv(t)
	in, r := pipelineReview(t, e)
	add := func(x meeting.InitiativeInput) *meeting.Initiative {
		t.Helper()
		y, err := r.AddInitiative(e.ctx, tom, x)
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	going := add(meeting.InitiativeInput{Title: "Guided setup", ExpectedImpact: "completion +10 pts"})
	done := add(meeting.InitiativeInput{Title: "Second email provider", Status: "done"})
	if _, err := r.AddInitiative(e.ctx, obs, meeting.InitiativeInput{Title: "x"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("an observer adds: %v", err)
	}
	propose := func(x meeting.ExperimentInput) *meeting.Experiment {
		t.Helper()
		y, err := r.AddExperiment(e.ctx, tom, x)
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	open := propose(meeting.ExperimentInput{Title: "Skip the tour", Effort: "low", Impact: "h"})
	rejected := propose(meeting.ExperimentInput{Title: "Gamify setup"})
	running := propose(meeting.ExperimentInput{Title: "3-step wizard"})
	finished := propose(meeting.ExperimentInput{Title: "Progress bar"})
	// deciding is the facilitator's or the journey owner's
	if _, err := r.EditExperiment(e.ctx, tom, rejected.ID, meeting.ExperimentInput{Decision: "reject"}); code(err) != meeting.EFORBIDDEN ||
		!strings.Contains(meeting.ErrorMessage(err), "ana (the journey owner)") {
		t.Fatalf("a member decides: %v", err)
	}
	if _, err := r.AddExperiment(e.ctx, tom, meeting.ExperimentInput{Title: "x", Decision: "approved"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("a member proposes and approves: %v", err)
	}
	if _, err := r.EditExperiment(e.ctx, ana, rejected.ID, meeting.ExperimentInput{Decision: "reject", Why: "no evidence"}); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*meeting.Experiment{running, finished} {
		if _, err := r.EditExperiment(e.ctx, maria, x.ID, meeting.ExperimentInput{Decision: "approved", Owner: "tom"}); err != nil {
			t.Fatal(err)
		}
	}
	// the result is anyone's to record; it does not change the decision
	y, err := r.EditExperiment(e.ctx, tom, finished.ID, meeting.ExperimentInput{Result: "no change in completion"})
	if err != nil || y.Decision != meeting.ExperimentApproved || y.DecidedIn != r.ID() {
		t.Fatalf("result: %+v %v", y, err)
	}
	if _, err := r.EditExperiment(e.ctx, tom, open.ID, meeting.ExperimentInput{Effort: "huge"}); code(err) != meeting.EINVALID {
		t.Fatalf("effort huge: %v", err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}

	// another journey's review has nothing of it
	other, _ := e.svc.AddJourney(e.ctx, maria, "Billing", "")
	ro := e.start(t, meeting.StartInput{Agenda: in.Agenda, JourneyID: other.ID})
	if s := ro.Snapshot(); len(s.Initiatives)+len(s.Experiments) != 0 {
		t.Fatalf("another journey's pipeline: %v %v", s.Initiatives, s.Experiments)
	}
	join(t, ro, maria)
	if _, err := ro.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(30 * 24 * time.Hour)
	r2 := e.start(t, in)
	s := r2.Snapshot()
	ids := func(xs ...string) []string { return xs }
	var gotIn, gotEx []string
	for _, x := range s.Initiatives {
		gotIn = append(gotIn, x.ID)
	}
	for _, x := range s.Experiments {
		gotEx = append(gotEx, x.ID)
	}
	if !slices.Equal(gotIn, ids(going.ID)) || !slices.Equal(gotEx, ids(open.ID, running.ID)) {
		t.Fatalf("carried: initiatives %v (want %s, not the done %s), experiments %v (want %s %s)",
			gotIn, going.ID, done.ID, gotEx, open.ID, running.ID)
	}
	// the first review's minutes still hold everything it touched
	b, err := e.svc.Minutes(e.ctx, maria, r.ID())
	if err != nil || len(b.Initiatives) != 2 || len(b.Experiments) != 4 {
		t.Fatalf("first review's pipeline: %d initiatives, %d experiments, %v", len(b.Initiatives), len(b.Experiments), err)
	}
	join(t, r2, maria)
	if u, err := r2.EditInitiative(e.ctx, maria, going.ID, meeting.InitiativeInput{Status: "done", Note: "shipped"}); err != nil || u.UpdatedIn != r2.ID() {
		t.Fatalf("update a carried initiative: %+v %v", u, err)
	}
	if _, err := r2.EditInitiative(e.ctx, maria, done.ID, meeting.InitiativeInput{Status: "planned"}); code(err) != meeting.ENOTFOUND {
		t.Fatalf("an initiative not carried: %v", err)
	}
}

func TestJourneyTargetsPerJourney(t *testing.T) {
	e := newEnv(t)
	j, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range j.Metrics {
		want := map[string]float64{"completion": 75, "effort": 3.0, "activation": 60}
		if v, ok := want[m.Key]; ok && m.Target != v {
			t.Errorf("default target of %s: %v, want the seed's %v", m.Key, m.Target, v)
		}
	}
	// the owner (a member) and a facilitator may; another member may not
	if _, _, err := e.svc.SetJourneyTarget(e.ctx, tom, "onboarding", "completion", "80%"); code(err) != meeting.EFORBIDDEN ||
		meeting.ErrorMessage(err) != "only a facilitator or ana (the journey owner) can change the journey's targets" {
		t.Fatalf("another member: %v", err)
	}
	if _, _, err := e.svc.SetJourneyTarget(e.ctx, obs, j.ID, "completion", "80%"); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("an observer: %v", err)
	}
	u, m, err := e.svc.SetJourneyTarget(e.ctx, ana, "Onboarding", "Customer effort (CES)", "< 2.8")
	if err != nil || m.Key != "effort" || m.Target != 2.8 || !m.LowerIsBetter {
		t.Fatalf("owner sets CES: %+v %v", m, err)
	}
	if c, _ := u.Metric("completion"); c.Target != 75 {
		t.Fatalf("another target changed: %+v", c)
	}
	if _, m, err = e.svc.SetJourneyTarget(e.ctx, maria, j.ID, "activation", "65%+"); err != nil || m.Target != 65 {
		t.Fatalf("facilitator sets activation: %+v %v", m, err)
	}
	for _, c := range []struct{ metric, value, frag string }{
		{"nps", "40", `Onboarding has no metric "nps"; its metrics are completion, effort, satisfaction, impact and activation`},
		{"completion", "120%", "not a percentage between 0 and 100"},
		{"completion", "lots", "is not a number"},
		{"effort", "<", "give a target, e.g. < 3.0"},
	} {
		_, _, err := e.svc.SetJourneyTarget(e.ctx, maria, j.ID, c.metric, c.value)
		if err == nil || !strings.Contains(meeting.ErrorMessage(err), c.frag) {
			t.Errorf("%s %q: %v, want %q", c.metric, c.value, err, c.frag)
		}
	}
	stored, _ := e.db.Journey(e.ctx, j.ID)
	if e2, _ := stored.Metric("effort"); e2.Target != 2.8 {
		t.Fatalf("stored effort target %v", e2.Target)
	}

	// in the journey's review: the owner may, another member may not, all
	// typed targets change or none
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "journey-review"), JourneyID: j.ID})
	join(t, r, maria, ana, tom)
	if err := r.SetTargets(e.ctx, tom, map[string]string{"completion": "70"}); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("a member: %v", err)
	}
	if err := r.SetTargets(e.ctx, ana, map[string]string{"completion": "70", "effort": "x"}); code(err) != meeting.EINVALID {
		t.Fatalf("one bad target: %v", err)
	}
	if c, _ := r.Snapshot().Journey.Metric("completion"); c.Target != 75 {
		t.Fatal("a refused form changed a target")
	}
	if err := r.SetTargets(e.ctx, ana, map[string]string{"completion": "70", "satisfaction": ""}); err != nil {
		t.Fatal(err)
	}
	if c, _ := r.Snapshot().Journey.Metric("completion"); c.Target != 70 {
		t.Fatalf("completion target %v", c.Target)
	}
}

func TestIssueAgeAcrossTheSeries(t *testing.T) {
	e := newEnv(t)
	voc := agenda(t, "voc-triage")
	vs := weeklySeries(t, e, "voc-triage")
	week := func(title string) (*meeting.Room, *meeting.Issue) {
		t.Helper()
		r := e.start(t, meeting.StartInput{Agenda: voc, SeriesID: vs.ID})
		join(t, r, maria)
		is, err := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		return r, is
	}
	r1, i1 := week("Refund delays")
	_, _ = r1.End(e.ctx, maria)
	e.clock.Advance(7 * 24 * time.Hour)
	r2, i2 := week("Login loops")
	_, _ = r2.End(e.ctx, maria)
	e.clock.Advance(7 * 24 * time.Hour)
	r3, i3 := week("Checkout timeouts")
	if err := r3.Next(e.ctx, maria); err != nil { // deep-dive: all three are in the top 3
		t.Fatal(err)
	}
	s := r3.Snapshot()
	for _, c := range []struct {
		is   *meeting.Issue
		want meeting.IssueAge
	}{
		{i1, meeting.IssueAge{Carried: true, Days: 14, Meetings: 3}},
		{i2, meeting.IssueAge{Carried: true, Days: 7, Meetings: 2}},
		{i3, meeting.IssueAge{Meetings: 1}},
	} {
		if got := s.AgeOf(s.Issue(c.is.ID)); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.is.Title, got, c.want)
		}
	}
	if got := len(s.DeepDived()); got != 3 {
		t.Fatalf("deep-dived this meeting: %d", got)
	}
	stored, _ := e.db.Issue(e.ctx, i1.ID)
	if !slices.Equal(stored.DeepDives, []string{r3.ID()}) {
		t.Fatalf("deep-dives of %s: %v", i1.ID, stored.DeepDives)
	}
}

// Sessions and meetings stored with one "coachee" read as a list of one.
func TestGuideReadsTheSingleCoacheeItStoredBefore(t *testing.T) {
	var g meeting.Guide
	if err := json.Unmarshal([]byte(`{"id":"G1","coach":"maria","coachee":"ana","topic":"t","answers":["","","","",""]}`), &g); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Coachees, []string{"ana"}) || g.Validate() != nil {
		t.Fatalf("legacy session: %+v %v", g.Coachees, g.Validate())
	}
	out, _ := json.Marshal(&g)
	if strings.Contains(string(out), `"coachee"`) || !strings.Contains(string(out), `"coachees":["ana"]`) {
		t.Fatalf("written back as %s", out)
	}
	var m meeting.Meeting
	if err := json.Unmarshal([]byte(`{"id":"M1","private":true,"facilitator":"maria","coachee":"ana"}`), &m); err != nil {
		t.Fatal(err)
	}
	if !m.VisibleTo(ana) || m.VisibleTo(tom) || !m.VisibleTo(maria) {
		t.Fatalf("legacy meeting visibility: coachees %v", m.Coachees)
	}
}

// A stranger repeating "add" fills a review's pipeline and a QBR's
// systemic issues only up to their bounds.
func TestPipelineAndSystemicAreBounded(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(-1, 0) // 200 records at once: the bounds, not the pace (TestPipelineEditsArePaced)
	_, r := pipelineReview(t, e)
	for i := range meeting.MaxPipeline {
		var err error
		if i%2 == 0 {
			_, err = r.AddInitiative(e.ctx, tom, meeting.InitiativeInput{Title: "i"})
		} else {
			_, err = r.AddExperiment(e.ctx, tom, meeting.ExperimentInput{Title: "e"})
		}
		if err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	if _, err := r.AddExperiment(e.ctx, tom, meeting.ExperimentInput{Title: "one more"}); code(err) != meeting.EINVALID {
		t.Fatalf("past the bound: %v", err)
	}
	q := e.start(t, meeting.StartInput{Agenda: agenda(t, "qbr")})
	join(t, q, tom)
	for i := range meeting.MaxSystemic {
		if _, err := q.AddSystemic(e.ctx, tom, meeting.SystemicInput{Issue: "s"}); err != nil {
			t.Fatalf("systemic %d: %v", i, err)
		}
	}
	if _, err := q.AddSystemic(e.ctx, tom, meeting.SystemicInput{Issue: "one more"}); code(err) != meeting.EINVALID {
		t.Fatalf("past the bound: %v", err)
	}
}

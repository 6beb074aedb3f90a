package meeting_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

var (
	eve  = meeting.Actor{Handle: "eve", Name: "Eve Chen", Role: meeting.RoleMember, Executive: true}
	mo   = meeting.Actor{Handle: "mo", Name: "Mo", Role: meeting.RoleMember}
	xobs = meeting.Actor{Handle: "xan", Name: "Xan", Role: meeting.RoleObserver, Executive: true}
	gus  = meeting.Actor{Handle: "gus", Name: "gus", Role: meeting.RoleMember, Guest: true}
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// escalated builds an action whose history is the given changes.
func escalated(id string, changes ...meeting.Change) *meeting.Action {
	a := &meeting.Action{ID: id, Text: "Fix " + id, Owner: "sam", Due: "2026-12-01", Status: meeting.StatusOpen,
		History: []meeting.Change{{At: changes[0].At.Add(-time.Hour), By: "maria", To: meeting.StatusOpen, Note: "created"}}}
	for _, c := range changes {
		if c.From == "" {
			c.From = a.Status
		}
		a.History = append(a.History, c)
		a.Status = c.To
	}
	return a
}

// The hand-computed fixture. In Q4 2026, measured on 24 Nov 09:00 UTC:
//
//	A1 escalated 5 Oct 09:00, checked in 21:00 (12 h), done 8 Oct 09:00 (3 days)
//	A2 escalated 12 Oct 10:00, back to open 14 Oct 10:00 (48 h), done 20 Oct 10:00 (8 days)
//	A3 escalated 2 Nov 08:00, done 3 Nov 02:00 (18 h to assign and to resolve: 0.75 days)
//	A4 escalated 20 Nov 12:00, nothing since (93 h unassigned; 3.9 days open)
//	A5 escalated 30 Sep (Q3: not counted); A6 never escalated.
//
// Assigned: 3, mean (12 + 48 + 18) / 3 = 26 h, 2 within 24 h.
// Resolved: 3, mean (3 + 8 + 0.75) / 3 = 3.92 → 3.9 days, 2 within 5 days.
func responseFixture() []*meeting.Action {
	esc := func(s, note string) meeting.Change {
		return meeting.Change{At: at(s), By: "maria", To: meeting.StatusEscalated, Note: note}
	}
	return []*meeting.Action{
		escalated("A1", esc("2026-10-05 09:00", "to the CRO"),
			meeting.Change{At: at("2026-10-05 21:00"), By: "cro", From: meeting.StatusEscalated, To: meeting.StatusEscalated, Note: "taken; Sam owns it"},
			meeting.Change{At: at("2026-10-08 09:00"), By: "sam", To: meeting.StatusDone}),
		escalated("A2", esc("2026-10-12 10:00", "to the COO"),
			meeting.Change{At: at("2026-10-14 10:00"), By: "coo", To: meeting.StatusOpen, Note: "back to Sam with budget"},
			meeting.Change{At: at("2026-10-20 10:00"), By: "sam", To: meeting.StatusDone}),
		escalated("A3", esc("2026-11-02 08:00", "to the CFO"),
			meeting.Change{At: at("2026-11-03 02:00"), By: "cfo", To: meeting.StatusDropped, Note: "refund approved instead"}),
		escalated("A4", esc("2026-11-20 12:00", "to the CEO")),
		escalated("A5", esc("2026-09-30 12:00", "to the CEO"), meeting.Change{At: at("2026-10-01 12:00"), By: "ceo", To: meeting.StatusDone}),
		escalated("A6", meeting.Change{At: at("2026-10-06 12:00"), By: "sam", To: meeting.StatusBlocked, Note: "waiting on legal"},
			meeting.Change{At: at("2026-10-07 12:00"), By: "sam", To: meeting.StatusDone}),
	}
}

func TestExecutiveResponseTimeHandComputed(t *testing.T) {
	r := meeting.ComputeExecResponse(responseFixture(), "2026-10-01", "2026-12-31", at("2026-11-24 09:00"), time.UTC)
	var ids []string
	for _, e := range r.Escalations {
		ids = append(ids, e.ActionID)
	}
	if got := strings.Join(ids, ","); got != "A1,A2,A3,A4" {
		t.Fatalf("escalations counted: %s", got)
	}
	if r.Assigned != 3 || r.AssignedInTime != 2 || r.MeanHoursToAssign != 26 {
		t.Errorf("assigned %d (%d in time), mean %v h; want 3 (2), 26 h", r.Assigned, r.AssignedInTime, r.MeanHoursToAssign)
	}
	if r.Resolved != 3 || r.ResolvedInTime != 2 || r.MeanDaysToResolve != 3.9 {
		t.Errorf("resolved %d (%d in time), mean %v days; want 3 (2), 3.9 days", r.Resolved, r.ResolvedInTime, r.MeanDaysToResolve)
	}
	e := r.Escalations
	if e[0].HoursToAssign() != 12 || e[0].DaysToResolve() != 3 || e[0].AssignedBy != "cro" || e[0].To != "to the CRO" || e[0].LateAssign || e[0].LateResolve {
		t.Errorf("A1: %+v", e[0])
	}
	if e[1].HoursToAssign() != 48 || e[1].DaysToResolve() != 8 || !e[1].LateAssign || !e[1].LateResolve {
		t.Errorf("A2: %+v", e[1])
	}
	if e[2].HoursToAssign() != 18 || e[2].DaysToResolve() != 0.75 || e[2].Resolution != meeting.StatusDropped {
		t.Errorf("A3: %+v", e[2])
	}
	if !e[3].AssignedAt.IsZero() || !e[3].ResolvedAt.IsZero() || !e[3].LateAssign || e[3].LateResolve {
		t.Errorf("A4 (open 93 h): %+v", e[3])
	}
	want := "4 escalations: assigned in 26 h on average (2 of 3 within 24 h), resolved in 3.9 days (2 of 3 within 5 days), 1 still open"
	if got := r.Summary(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	// Measured earlier, what had not happened yet does not count.
	early := meeting.ComputeExecResponse(responseFixture(), "2026-10-01", "2026-12-31", at("2026-10-06 09:00"), time.UTC)
	if len(early.Escalations) != 1 || early.Assigned != 1 || early.Resolved != 0 {
		t.Errorf("on 6 Oct: %+v", early)
	}
}

// Executive response time on the board: the days to resolve against < 5
// days, amber while escalations take 24 hours or more to assign.
func TestExecutiveResponseOnTheBoard(t *testing.T) {
	in := meeting.BoardInput{ScorecardInput: meeting.ScorecardInput{Today: "2026-11-24", Now: at("2026-11-24 09:00"),
		Period: q(2026, 4), Actions: responseFixture()}}
	v := meeting.ComputeBoard(in)
	f, ok := v.Figure(meeting.BoardExecResponse)
	if !ok || !f.Has || f.Value != 3.9 || f.Source != meeting.SourceComputed || f.Status != meeting.ScoreAmber ||
		!strings.Contains(f.Reason, "26 h") || f.Metric.OnBoard || !f.Metric.Internal {
		t.Errorf("figure: %+v", f)
	}
	if f.ValueText() != "3.9 days" || f.TargetText() != "< 5 days" {
		t.Errorf("texts %q %q", f.ValueText(), f.TargetText())
	}
	if len(v.Response.Escalations) != 4 {
		t.Errorf("the quarter's escalations: %d", len(v.Response.Escalations))
	}
	// the open escalation is a strategic action with whom it went to
	var found bool
	for _, a := range v.Actions {
		if a.Source == "escalation A4" && a.Owner == "sam" && a.OwnerRole == "escalated to the CEO" {
			found = true
		}
	}
	if !found {
		t.Errorf("open escalation missing from the strategic actions: %+v", v.Actions)
	}
}

func TestBoardMetricsRegistry(t *testing.T) {
	ms := meeting.BoardMetrics()
	if len(ms) != 12 {
		t.Fatalf("%d board metrics, the seed has 12", len(ms))
	}
	onBoard := 0
	for _, m := range ms {
		if m.Definition == "" || m.Frequency == "" || m.Accountable == "" || m.SeedTarget == "" || !m.HasTarget {
			t.Errorf("%s: definition, frequency, accountability and target are all wanted: %+v", m.Key, m)
		}
		if m.OnBoard {
			onBoard++
		}
	}
	if onBoard < 6 || onBoard > 8 {
		t.Errorf("%d metrics on the one-page scorecard; the seed says 6-8", onBoard)
	}
	for typed, key := range map[string]string{"NRR": meeting.BoardNRR, "Net revenue retention": meeting.BoardNRR, "csat": meeting.BoardSupportCSAT,
		"time-to-value": meeting.BoardTimeToValue, "CES": meeting.BoardCES, "health": meeting.BoardHealthGreen} {
		if m, err := meeting.FindBoardMetric(typed); err != nil || m.Key != key {
			t.Errorf("FindBoardMetric(%q) = %s, %v", typed, m.Key, err)
		}
	}
	csat, _ := meeting.FindBoardMetric("csat")
	if v, err := csat.ParseValue("4.6/5"); err != nil || v != 4.6 || csat.FormatValue(v) != "4.6/5" {
		t.Errorf("csat 4.6/5: %v %v", v, err)
	}
	eff, _ := meeting.FindBoardMetric("cx_investment_efficiency")
	if v, err := eff.ParseValue("$6.5 per $1"); err != nil || v != 6.5 || eff.FormatValue(v) != "$6.5 per $1" {
		t.Errorf("efficiency: %v %v", v, err)
	}
	if _, err := csat.ParseValue("6"); err == nil {
		t.Error("a CSAT of 6/5 was accepted")
	}
}

// Figures entered per quarter come back with the prior quarter, the year
// ago, the target and both trends; the policy decides who writes.
func TestBoardFiguresAndRoles(t *testing.T) {
	e := newEnv(t) // Tuesday 24 Nov 2026: 2026Q4
	for _, x := range []struct {
		p     meeting.Period
		value string
	}{{q(2025, 4), "104"}, {q(2026, 3), "108%"}, {q(2026, 4), "112"}} {
		if _, _, err := e.svc.EnterBoardMetric(e.ctx, eve, "nrr", x.p, x.value, "finance close", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := e.svc.SetBoardTarget(e.ctx, maria, "nrr", q(2026, 4), "115", nil); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.BoardReport(e.ctx, obs, meeting.ScorecardQuery{}) // observers read it
	if err != nil {
		t.Fatal(err)
	}
	f, _ := v.Figure(meeting.BoardNRR)
	if !f.Has || f.Value != 112 || f.Prior != 108 || f.YearAgo != 104 || f.Target != 115 || f.TargetBy != "maria" ||
		f.QoQ != meeting.TrendImproving || f.YoY != meeting.TrendImproving || f.Status != meeting.ScoreAmber || f.EnteredBy != "eve" {
		t.Errorf("NRR: %+v", f)
	}
	var series []string
	for _, p := range f.Series {
		s := p.Period.String() + "="
		if p.Has {
			s += strings.TrimSuffix(strings.TrimSuffix(f.Metric.FormatValue(p.Value), "%"), "")
		}
		series = append(series, s)
	}
	if got := strings.Join(series, " "); got != "2025Q4=104 2026Q1= 2026Q2= 2026Q3=108 2026Q4=112" || !f.Trended() {
		t.Errorf("series %s", got)
	}
	if len(v.Movements) != 1 || !strings.Contains(v.Movements[0], "Net revenue retention up from 108% to 112% since Q3 2026") {
		t.Errorf("movements %q", v.Movements)
	}
	// who may
	for who, a := range map[string]meeting.Actor{"a member": mo, "an executive observer": xobs, "a guest": gus} {
		if _, _, err := e.svc.EnterBoardMetric(e.ctx, a, "nrr", q(2026, 4), "1", "x", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
			t.Errorf("%s entered a board figure: %v", who, err)
		}
	}
	if _, err := e.svc.BoardReport(e.ctx, gus, meeting.ScorecardQuery{}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a guest read the board report: %v", err)
	}
	if _, _, err := e.svc.EnterBoardMetric(e.ctx, maria, "executive_response_time", q(2026, 4), "2", "x", nil); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a computed figure was entered: %v", err)
	}
	if _, _, err := e.svc.EnterBoardMetric(e.ctx, maria, "nrr", q(2027, 1), "120", "x", nil); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a future quarter's figure was entered: %v", err)
	}
	// board entries stay off the leadership scorecard
	sc, err := e.svc.Scorecard(e.ctx, maria, meeting.ScorecardQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sc.Score(meeting.BoardNRR); ok {
		t.Error("a board metric shows on the leadership scorecard")
	}
}

func TestBriefParts(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.SetBrief(e.ctx, eve, q(2026, 4), "summary", "CX health improved: NRR up 4 points."); err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.SetBrief(e.ctx, maria, q(2026, 4), "Competitive", "Ahead of peers on NPS (Gartner peer insights).")
	if err != nil {
		t.Fatal(err)
	}
	if b.Summary != "CX health improved: NRR up 4 points." || b.Competitive == "" || b.UpdatedBy != "maria" || b.ID != "B1" {
		t.Errorf("brief %+v", b)
	}
	if _, err := e.svc.SetBrief(e.ctx, maria, q(2026, 4), "gossip", "x"); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("unknown part: %v", err)
	}
	if _, err := e.svc.SetBrief(e.ctx, mo, q(2026, 4), "summary", "x"); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member wrote the brief: %v", err)
	}
	v, err := e.svc.BoardReport(e.ctx, mo, meeting.ScorecardQuery{})
	if err != nil || v.Brief.Summary != "CX health improved: NRR up 4 points." {
		t.Errorf("brief on the report: %+v %v", v.Brief, err)
	}
}

func TestCharterGates(t *testing.T) {
	e := newEnv(t)
	in := meeting.CharterInput{Name: "Onboarding automation", Sponsor: "cfo", Objective: "Cut time-to-value", Start: "2026-10-01",
		Outcomes: []string{"Faster go-live; metric: TTV; target: 54 days"}, Budget: "$5M", NPV: "12.5m",
		SuccessMetrics: []string{"TTV; baseline: 90 days; 6m: 70 days; 12m: 54 days"}, Risks: []string{"Backlog → a squad"}}
	if _, err := e.svc.AddCharter(e.ctx, mo, in); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member chartered an initiative: %v", err)
	}
	c, err := e.svc.AddCharter(e.ctx, eve, in)
	if err != nil {
		t.Fatal(err)
	}
	var due []string
	for _, g := range c.Gates {
		due = append(due, g.Point+" "+string(g.Due))
	}
	if got := strings.Join(due, ", "); got != "30 days 2026-10-31, 90 days 2026-12-30, 6 months 2027-04-01" {
		t.Errorf("gates %s", got)
	}
	if c.Budget != 5e6 || c.ROI.NPV3Year != 12.5e6 || meeting.FormatMoney(c.Budget) != "$5M" || c.Outcomes[0].Target != "54 days" ||
		c.SuccessMetrics[0].Target12 != "54 days" || c.Risks[0].Mitigation != "a squad" {
		t.Errorf("charter %+v", c)
	}
	// the 30-day point is due on 24 Nov; the 90-day one not yet
	if g := c.DueGates("2026-11-24"); len(g) != 1 || g[0].Point != "30 days" {
		t.Errorf("due gates %+v", g)
	}
	if _, _, err := e.svc.DecideGate(e.ctx, maria, c.ID, "30d", "no-go", "", ""); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a no-go without a note: %v", err)
	}
	c, g, err := e.svc.DecideGate(e.ctx, maria, c.ID, "next", "go", "on plan: TTV 82 days", "M3")
	if err != nil || g.Point != "30 days" || g.Decision != meeting.GateGo || g.MeetingID != "M3" || c.Status != meeting.CharterActive {
		t.Fatalf("go: %+v %+v %v", c, g, err)
	}
	if _, _, err := e.svc.DecideGate(e.ctx, maria, c.ID, "30 days", "go", "", ""); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("a point decided twice: %v", err)
	}
	c, _, err = e.svc.DecideGate(e.ctx, eve, c.ID, "90d", "stop", "adoption flat; budget to support staffing", "")
	if err != nil || c.Status != meeting.CharterStopped {
		t.Fatalf("no-go: %+v %v", c, err)
	}
	if len(c.DueGates("2027-12-01")) != 0 {
		t.Error("a stopped charter still has points due")
	}
	if _, err := meeting.NewCharter(meeting.CharterInput{Name: "X", Objective: "Y"}, "ann", t0); err == nil {
		t.Error("a charter without a sponsor was accepted")
	}
	if _, err := meeting.NewCharter(meeting.CharterInput{Name: "X", Sponsor: "cfo", Objective: "Y", Budget: "lots"}, "ann", t0); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Errorf("budget lots: %v", err)
	}
}

func TestAtRiskAccounts(t *testing.T) {
	e := newEnv(t)
	add := func(a meeting.Actor, in meeting.AccountInput) (*meeting.Account, error) {
		return e.svc.AddAccount(e.ctx, a, in)
	}
	if _, err := add(mo, meeting.AccountInput{Account: "Globex", Health: "red", Risk: "x"}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("a member listed an account: %v", err)
	}
	for _, in := range []meeting.AccountInput{
		{Account: "Initech", Health: "yellow", ARR: "$2M", Risk: "Budget review"},
		{Account: "Globex", Health: "red", ARR: "$800k", Risk: "Sponsor left", Mitigation: "CEO call", Owner: "maria", Due: "+1w"},
		{Account: "Umbrella", Health: "red", ARR: "1.5m", Risk: "Outages"},
	} {
		if _, err := add(eve, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.UpdateAccount(e.ctx, maria, "w1", meeting.AccountInput{Status: "saved"}); err != nil {
		t.Fatal(err)
	}
	xs, err := e.svc.Accounts(e.ctx, obs, meeting.AccountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, x := range xs {
		order = append(order, x.Account)
	}
	if got := strings.Join(order, ","); got != "Umbrella,Globex,Initech" { // red by ARR, then the saved one
		t.Errorf("order %s", got)
	}
	if xs[1].Due != "2026-12-01" || xs[1].Owner != "maria" {
		t.Errorf("Globex %+v", xs[1])
	}
	for name, in := range map[string]meeting.AccountInput{
		"no health": {Account: "A", Risk: "r"}, "no risk": {Account: "A", Health: "red"},
		"bad health": {Account: "A", Health: "purple", Risk: "r"}, "bad arr": {Account: "A", Health: "red", Risk: "r", ARR: "-5"},
	} {
		if _, err := add(maria, in); meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A charter's go/no-go point comes due in the steering committee the way
// an action does: listed from its date until it is decided, with the
// quarter's board figures and executive response time beside it.
func TestSteeringCommitteeBringsDueGoNoGoPoints(t *testing.T) {
	e := newEnv(t) // 24 Nov 2026
	due, err := e.svc.AddCharter(e.ctx, eve, meeting.CharterInput{Name: "Onboarding automation", Sponsor: "eve", Objective: "Cut TTV", Start: "2026-10-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddCharter(e.ctx, eve, meeting.CharterInput{Name: "Proactive support", Sponsor: "eve", Objective: "Call first", Start: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.EnterBoardMetric(e.ctx, eve, "nrr", q(2026, 4), "112", "finance", nil); err != nil {
		t.Fatal(err)
	}
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "steering-committee")})
	b := r.Snapshot().Bundle
	if len(b.Charters) != 1 || b.Charters[0].ID != due.ID {
		t.Fatalf("charters due in the steering committee: %+v", b.Charters)
	}
	if len(b.Board) != 12 || !b.Board[0].Has || b.Board[0].Value != 112 {
		t.Errorf("board figures: %+v", b.Board)
	}
	m := r.Snapshot().Meeting
	if _, _, err := e.svc.DecideGate(e.ctx, maria, due.ID, "30d", "go", "on plan", m.ID); err != nil {
		t.Fatal(err)
	}
	bb, err := e.svc.Minutes(e.ctx, maria, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(bb.Charters) != 1 || bb.Charters[0].Gates[0].MeetingID != m.ID {
		t.Errorf("the point decided here: %+v", bb.Charters)
	}
}

// TestExecutiveListsAreBounded: the active charters and the at-risk list
// are bounded like every other list; past the bound an addition is
// refused in one sentence and writes nothing, and closing one (a charter
// stopped, an account saved) makes room again.
func TestExecutiveListsAreBounded(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(-1, 0) // the bounds, not the pace
	for i := range meeting.MaxActiveCharters {
		if _, err := e.svc.AddCharter(e.ctx, eve, meeting.CharterInput{Name: fmt.Sprint("Initiative ", i), Sponsor: "eve", Objective: "Cut TTV", Start: "2026-10-01"}); err != nil {
			t.Fatal(err)
		}
	}
	over := meeting.CharterInput{Name: "One too many", Sponsor: "eve", Objective: "Cut TTV", Start: "2026-10-01"}
	if _, err := e.svc.AddCharter(e.ctx, eve, over); meeting.ErrorCode(err) != meeting.EINVALID || !strings.Contains(meeting.ErrorMessage(err), "200 initiatives") {
		t.Fatalf("charter %d: %v", meeting.MaxActiveCharters+1, err)
	}
	if cs, _ := e.svc.Charters(e.ctx, eve, meeting.CharterFilter{}); len(cs) != meeting.MaxActiveCharters {
		t.Fatalf("%d charters stored", len(cs))
	}
	if _, _, err := e.svc.DecideGate(e.ctx, eve, "K1", "30d", "no-go", "budget moves", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddCharter(e.ctx, eve, over); err != nil {
		t.Fatalf("after a no-go: %v", err)
	}

	for i := range meeting.MaxAtRisk - 1 { // straight into the store: the bound is what is tested
		x, err := meeting.NewAccount(meeting.AccountInput{Account: fmt.Sprint("Account ", i), Health: "red", Risk: "x"}, "eve", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.CreateAccount(e.ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.AddAccount(e.ctx, eve, meeting.AccountInput{Account: "The last one", Health: "red", Risk: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddAccount(e.ctx, eve, meeting.AccountInput{Account: "One too many", Health: "red", Risk: "x"}); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Fatalf("account %d: %v", meeting.MaxAtRisk+1, err)
	}
	if _, err := e.svc.UpdateAccount(e.ctx, eve, "W1", meeting.AccountInput{Status: "saved"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddAccount(e.ctx, eve, meeting.AccountInput{Account: "One too many", Health: "red", Risk: "x"}); err != nil {
		t.Fatalf("after one was saved: %v", err)
	}
}

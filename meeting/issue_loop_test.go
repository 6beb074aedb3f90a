package meeting_test

import (
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

const day = 24 * time.Hour

// The 30-day response clock, on a fake clock: days left while young, the
// day of the first action, overdue once 30 days pass without one (or when
// the first came later).
func TestVOCResponseClock(t *testing.T) {
	raised := t0
	cases := []struct {
		name    string
		first   time.Duration // 0: no action
		at      time.Duration
		want    string
		overdue bool
	}{
		{"new", 0, 0, "0d old · 30d to act", false},
		{"12 days, no action", 0, 12 * day, "12d old · 18d to act", false},
		{"29 days", 0, 29*day + 23*time.Hour, "29d old · 1d to act", false},
		{"30 days without an action", 0, 30 * day, "30d old · no action in 30 days", true},
		{"actioned on day 3", 3 * day, 40 * day, "actioned in 3d", false},
		{"actioned on day 35", 35 * day, 40 * day, "actioned late, after 35d", true},
	}
	for _, c := range cases {
		i := &meeting.Issue{ID: "I1", Title: "x", CreatedAt: raised}
		if c.first > 0 {
			i.FirstActionAt = raised.Add(c.first)
		}
		got := i.Response(raised.Add(c.at))
		if got.String() != c.want || got.Overdue != c.overdue {
			t.Errorf("%s: %q overdue=%v, want %q overdue=%v", c.name, got, got.Overdue, c.want, c.overdue)
		}
		if past := i.PastClock(raised.Add(c.at)); past != (c.overdue && c.first == 0) {
			t.Errorf("%s: past the clock = %v", c.name, past)
		}
	}
}

// An issue is resolved only with a root cause, an owned action and the
// evidence that the fix worked; each refusal says what is missing and
// writes nothing. Resolving writes its ledger entry; reopening by hand
// counts a reopen.
func TestVOCResolveNeedsRootCauseActionAndEvidence(t *testing.T) {
	e, _ := newSignedEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, ana)
	is, err := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: "Refund status unclear", Theme: "Returns"})
	if err != nil {
		t.Fatal(err)
	}
	try := func(want string) {
		t.Helper()
		err := r.ResolveIssue(e.ctx, maria, is.ID, true)
		if code(err) != meeting.EINVALID || meeting.ErrorMessage(err) != is.ID+" cannot be resolved yet: it needs "+want {
			t.Fatalf("resolve: %v, want it to need %s", err, want)
		}
		if x := r.Snapshot().Issue(is.ID); x.Resolved {
			t.Fatal("a refused resolve resolved it")
		}
	}
	try("a root cause, an owned action and evidence that the fix worked (a stat after the fix or a customer's words)")
	if _, err := r.EditIssue(e.ctx, ana, is.ID, meeting.IssueInput{RootCause: "Refund emails are not sent"}); err != nil {
		t.Fatal(err)
	}
	try("an owned action and evidence that the fix worked (a stat after the fix or a customer's words)")
	if _, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Send refund emails", Owner: "tom", Due: "fri", IssueID: is.ID}); err != nil {
		t.Fatal(err)
	}
	try("evidence that the fix worked (a stat after the fix or a customer's words)")
	if _, err := r.EditIssue(e.ctx, ana, is.ID, meeting.IssueInput{FixQuote: "I got my refund email the same day."}); err != nil {
		t.Fatal(err)
	}
	before := len(ledger(t, e))
	e.clock.Advance(2 * time.Hour)
	if err := r.ResolveIssue(e.ctx, maria, is.ID, true); err != nil {
		t.Fatal(err)
	}
	x := r.Snapshot().Issue(is.ID)
	if !x.Resolved || !x.ResolvedAt.Equal(t0.Add(2*time.Hour)) || x.ResolvedBy != "maria" {
		t.Fatalf("resolved: %+v", x)
	}
	es := ledger(t, e)
	if len(es) != before+1 || es[len(es)-1].Kind != meeting.LedgerIssue || es[len(es)-1].Event != "resolved" {
		t.Fatalf("ledger after resolving: %d entries, last %+v", len(es), es[len(es)-1])
	}
	if err := r.ResolveIssue(e.ctx, ana, is.ID, false); code(err) != meeting.EFORBIDDEN {
		t.Errorf("a member reopened: %v", err)
	}
	if err := r.ResolveIssue(e.ctx, maria, is.ID, false); err != nil {
		t.Fatal(err)
	}
	if x := r.Snapshot().Issue(is.ID); x.Resolved || x.Reopens != 1 || !x.ResolvedAt.IsZero() {
		t.Fatalf("reopened by hand: %+v", x)
	}
	if rep := verify(t, e); !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems)
	}
}

// An issue raised again with the theme of one resolved less than 90 days
// ago is linked to it and counted as its reopen; after 90 days it is a new
// issue. Issues past the 30-day clock are flagged in the next triage.
func TestVOCReopensAndTheNextTriage(t *testing.T) {
	e, _ := newSignedEnv(t)
	vs := weeklySeries(t, e, "voc-triage") // the series carries open issues into the next triage
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage"), SeriesID: vs.ID})
	join(t, r, maria)
	orig, err := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Invoices miss the VAT number", Theme: "Billing", RootCause: "template change",
		FixStat: "VAT tickets 41 → 0"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix the template", Owner: "li", Due: "fri", IssueID: orig.ID}); err != nil {
		t.Fatal(err)
	}
	quiet, err := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Slow chat at peak", Theme: "Support"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ResolveIssue(e.ctx, maria, orig.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}

	// 40 days on, the next triage: the same theme comes back
	e.clock.Advance(40 * day)
	r2 := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage"), SeriesID: vs.ID})
	join(t, r2, maria)
	back, err := r2.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Credit notes miss the VAT number", Theme: "billing"})
	if err != nil {
		t.Fatal(err)
	}
	if back.ReopenOf != orig.ID || !strings.Contains(r2.Snapshot().Last, orig.ID+" came back") {
		t.Errorf("raised again: reopen of %q, %q", back.ReopenOf, r2.Snapshot().Last)
	}
	o, err := e.db.Issue(e.ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Reopens != 1 || !o.Resolved {
		t.Errorf("the original: %d reopens, resolved %v", o.Reopens, o.Resolved)
	}
	// the unactioned issue from the last triage is past its clock here
	snap := r2.Snapshot()
	carried := snap.Issue(quiet.ID)
	if carried == nil || !carried.PastClock(e.clock.Now()) || carried.Response(e.clock.Now()).String() != "40d old · no action in 30 days" {
		t.Fatalf("the carried issue: %+v", carried)
	}
	if snap.Issue(back.ID).PastClock(e.clock.Now()) {
		t.Error("a new issue is past its clock")
	}

	// 100 days after the resolution: a new issue, not a reopen
	e.clock.Advance(60 * day)
	fresh, err := r2.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Billing portal slow", Theme: "Billing"})
	if err != nil {
		t.Fatal(err)
	}
	if fresh.ReopenOf != "" {
		t.Errorf("a resolution 100 days old linked %s as its reopen", fresh.ID)
	}
	if rep := verify(t, e); !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems)
	}
}

// The scorecard's VOC response rate counts by each issue's own clock: an
// issue first actioned after 30 days is late, one without an action after
// 30 days is flagged, a young one waits; a reopen says so in the drill-down.
func TestVOCResponseRateUsesTheClock(t *testing.T) {
	now := t0.Add(60 * day)
	mk := func(id string, raised, first time.Duration) *meeting.Issue {
		i := &meeting.Issue{ID: id, Title: id, CreatedAt: t0.Add(raised)}
		if first >= 0 {
			i.FirstActionAt = t0.Add(raised + first)
		}
		return i
	}
	on, late, none, young := mk("I1", 0, 3*day), mk("I2", 0, 35*day), mk("I3", 0, -1), mk("I4", 50*day, -1)
	young.ReopenOf = "I1"
	in := meeting.ScorecardInput{Today: meeting.DateOf(now), Now: now, Loc: time.UTC, Since: meeting.DateOf(t0),
		Issues: []*meeting.Issue{on, late, none, young}}
	v := meeting.ComputeScorecard(in)
	s, ok := v.Score(meeting.ScoreVOCResponseRate)
	if !ok {
		t.Fatal("no VOC response rate")
	}
	if !s.HasValue || s.Value < 33.3 || s.Value > 33.4 {
		t.Errorf("rate %v (%v), want 1 of 3", s.Value, s.HasValue)
	}
	notes := map[string]meeting.DrillRow{}
	for _, r := range s.Drill {
		notes[r.ID] = r
	}
	for id, want := range map[string]string{
		"I1": "first action after 3 days", "I2": "first action after 35 days", "I3": "no action after 60 days",
		"I4": "10 days old, no action yet; not counted until 30 days; a reopen of I1",
	} {
		if notes[id].Note != want {
			t.Errorf("%s: %q, want %q", id, notes[id].Note, want)
		}
	}
	if !notes["I2"].Flag || !notes["I3"].Flag || notes["I1"].Flag {
		t.Errorf("flags: %+v", notes)
	}
}

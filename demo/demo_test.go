package demo_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"cxroom/agendas"
	"cxroom/demo"
	"cxroom/internal/memstore"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// demoNow is a Wednesday morning: the weekly triage was yesterday.
var demoNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

func demoStore(t *testing.T, now time.Time) (meeting.Store, demo.Summary) {
	t.Helper()
	db := memstore.New()
	sum, err := demo.Run(context.Background(), db, meeting.NewFakeClock(now), shipped)
	if err != nil {
		t.Fatalf("Demo: %v", err)
	}
	return db, sum
}

// demoRecords is everything in the store.
type demoRecords struct {
	Series    []*meeting.Series
	Meetings  []*meeting.Meeting
	Actions   []*meeting.Action
	Decisions []*meeting.Decision
	Issues    []*meeting.Issue
	Stories   []*meeting.Story
	Journeys  []*meeting.Journey
	Guides    []*meeting.Guide
	Promises  []*meeting.Promise
}

func readAll(t *testing.T, s meeting.Store) demoRecords {
	t.Helper()
	ctx := context.Background()
	var r demoRecords
	var err error
	check := func(what string, err error) {
		if err != nil {
			t.Fatalf("list %s: %v", what, err)
		}
	}
	r.Series, err = s.SeriesList(ctx)
	check("series", err)
	r.Meetings, err = s.Meetings(ctx, meeting.MeetingFilter{})
	check("meetings", err)
	r.Actions, err = s.Actions(ctx, meeting.ActionFilter{})
	check("actions", err)
	r.Decisions, err = s.Decisions(ctx, meeting.DecisionFilter{})
	check("decisions", err)
	r.Issues, err = s.Issues(ctx, meeting.IssueFilter{})
	check("issues", err)
	r.Stories, err = s.Stories(ctx, meeting.StoryFilter{})
	check("stories", err)
	r.Journeys, err = s.Journeys(ctx)
	check("journeys", err)
	r.Guides, err = s.Guides(ctx, meeting.GuideFilter{})
	check("guides", err)
	r.Promises, err = s.Promises(ctx, "")
	check("promises", err)
	return r
}

func TestDemoCreatesWhatItSays(t *testing.T) {
	db, sum := demoStore(t, demoNow)
	r := readAll(t, db)
	today := meeting.DateOf(demoNow)

	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"series", len(r.Series), sum.Series},
		{"meetings", len(r.Meetings), sum.Meetings},
		{"actions", len(r.Actions), sum.Actions},
		{"decisions", len(r.Decisions), sum.Decisions},
		{"issues", len(r.Issues), sum.Issues},
		{"stories", len(r.Stories), sum.Stories},
		{"journeys", len(r.Journeys), sum.Journeys},
		{"GUIDE sessions", len(r.Guides), sum.Guides},
		{"promises", len(r.Promises), sum.Promises},
		// what the issue asks for
		{"journeys (asked)", len(r.Journeys), 5},
		{"GUIDE sessions (asked)", len(r.Guides), 2},
		{"promises (asked)", len(r.Promises), 4},
		{"series (asked)", len(r.Series), 4}, // the steering committee too
	} {
		if c.got != c.want {
			t.Errorf("%s: store has %d, want %d", c.what, c.got, c.want)
		}
	}

	// the team: 8 people, 2 facilitators, 5 members (one an executive), 1 observer, no keys
	if sum.Team == nil || len(sum.Team.Members) != 8 {
		t.Fatalf("team = %+v, want 8 members", sum.Team)
	}
	roles := map[meeting.Role]int{}
	for _, m := range sum.Team.Members {
		roles[m.Role]++
		if len(m.Keys) != 0 {
			t.Errorf("%s has SSH keys in the demo team", m.Handle)
		}
	}
	if roles[meeting.RoleFacilitator] != 2 || roles[meeting.RoleMember] != 5 || roles[meeting.RoleObserver] != 1 {
		t.Errorf("roles = %v, want 2 facilitators, 5 members, 1 observer", roles)
	}
	if m, _ := sum.Team.Member("dana"); !m.Executive {
		t.Error("the COO is not an executive")
	}
	data, err := teamfile.Marshal(sum.Team)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := teamfile.Parse("team.yaml", data); err != nil {
		t.Errorf("the demo team does not parse back: %v", err)
	}

	// meetings: none live, all in the past, eight ended VOC triages on Tuesdays at 09:00
	live, err := db.Meetings(context.Background(), meeting.MeetingFilter{Live: true})
	if err != nil || len(live) != 0 {
		t.Errorf("live meetings = %d (%v), want none", len(live), err)
	}
	voc := 0
	for _, m := range r.Meetings {
		if m.Live() || m.State() != meeting.StateEnded {
			t.Errorf("%s is %s, want ended", m.ID, m.State())
		}
		if !m.Timer.EndedAt.Before(demoNow) || m.Timer.StartedAt.Before(demoNow.AddDate(0, 0, -80)) {
			t.Errorf("%s ran %s–%s, want within the last 80 days", m.ID, m.Timer.StartedAt, m.Timer.EndedAt)
		}
		if m.Timer.Timing(demoNow).MeetingElapsed < 25*time.Minute {
			t.Errorf("%s: elapsed %s, want a real meeting's length", m.ID, m.Timer.Timing(demoNow).MeetingElapsed)
		}
		for i := range m.Agenda.Segments {
			if m.Timer.Entered[i].IsZero() {
				t.Errorf("%s: segment %d never entered", m.ID, i+1)
			}
		}
		if m.SeriesID == sum.VOCSeries {
			voc++
			if m.Timer.StartedAt.Weekday() != time.Tuesday || m.Timer.StartedAt.Hour() != 9 {
				t.Errorf("%s started %s, want a Tuesday at 09:00", m.ID, m.Timer.StartedAt)
			}
		}
	}
	if voc != 8 {
		t.Errorf("VOC triage meetings = %d, want 8", voc)
	}

	// actions: every status, some overdue, a blocked one says what unblocks it
	statuses := map[meeting.Status]int{}
	overdue, blockedWithNote := 0, 0
	for _, a := range r.Actions {
		statuses[a.Status]++
		if a.Overdue(today) {
			overdue++
		}
		if a.Status == meeting.StatusBlocked && a.LastChange().To == meeting.StatusBlocked && a.LastChange().Note != "" {
			blockedWithNote++
		}
		if a.CreatedAt.After(demoNow) || a.UpdatedAt.After(demoNow) {
			t.Errorf("%s was written in the future", a.ID)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
	}
	for _, st := range meeting.Statuses {
		if statuses[st] == 0 {
			t.Errorf("no action is %s (statuses %v)", st, statuses)
		}
		if statuses[st] != sum.ByStatus[st] {
			t.Errorf("summary says %d %s, store has %d", sum.ByStatus[st], st, statuses[st])
		}
	}
	if overdue == 0 || overdue != sum.Overdue {
		t.Errorf("overdue = %d, summary %d; want at least one and the same", overdue, sum.Overdue)
	}
	if blockedWithNote == 0 {
		t.Error("no blocked action says what would unblock it")
	}

	// journeys: six readings each, one without an owner, one critical journey overdue for review
	noOwner, stale := 0, 0
	for _, j := range r.Journeys {
		if len(j.Readings) != 6 {
			t.Errorf("%s has %d readings, want 6", j.Name, len(j.Readings))
		}
		if j.Owner == "" {
			noOwner++
		}
		if j.ReviewOverdue(today) {
			stale++
		}
	}
	if noOwner != 1 || stale != 1 {
		t.Errorf("journeys without owner = %d, overdue for review = %d; want 1 and 1", noOwner, stale)
	}
	if sug := meeting.SuggestJourney(r.Journeys); sug == nil || !sug.ReviewOverdue(today) {
		t.Errorf("suggested journey %v is not the one overdue for review", sug)
	}

	// decisions: documented ones, an undocumented one, one whose review has come, and journey-review kinds
	var documented, undocumented, due int
	kinds := map[meeting.DecisionKind]int{}
	for _, d := range r.Decisions {
		if d.Documented() {
			documented++
		} else {
			undocumented++
		}
		if d.ReviewDue(today) {
			due++
		}
		kinds[d.Kind]++
	}
	if documented == 0 || undocumented != 1 || due == 0 {
		t.Errorf("decisions: %d documented, %d undocumented, %d due for review; want some, 1, some", documented, undocumented, due)
	}
	for _, k := range []meeting.DecisionKind{meeting.DecisionApproved, meeting.DecisionDeferred, meeting.DecisionBlocker} {
		if kinds[k] == 0 {
			t.Errorf("no %s decision", k)
		}
	}

	// GUIDE: maria coaches ana, five answers, private notes, next steps
	for _, g := range r.Guides {
		if g.Coach != "maria" || !slices.Equal(g.Coachees, []string{"ana"}) || g.MeetingID == "" || g.Notes == "" || len(g.ActionIDs) == 0 {
			t.Errorf("GUIDE %s: %+v", g.ID, g)
		}
		for i, a := range g.Answers {
			if a == "" {
				t.Errorf("GUIDE %s: step %s unanswered", g.ID, meeting.GuideSteps[i].Name)
			}
		}
	}

	// the promise audit: the seed's four verdicts, each with a keep rate
	verdicts := map[meeting.PromiseAction]bool{}
	for _, p := range r.Promises {
		verdicts[p.Action] = true
		if p.KeepRate < 0 {
			t.Errorf("promise %s has no keep rate", p.ID)
		}
	}
	if len(verdicts) != 4 {
		t.Errorf("promise verdicts = %v, want fix, revise, retire and keep", verdicts)
	}

	// one story a week at least, each with the seed's six fields
	if len(r.Stories) < 8 {
		t.Errorf("stories = %d, want at least one per triage", len(r.Stories))
	}
	for _, s := range r.Stories {
		if s.Quote == "" || s.Context == "" || s.Stage == "" || s.Impact == "" || s.Learning == "" || s.Status == "" || s.MeetingID == "" {
			t.Errorf("story %s lacks a field: %+v", s.ID, s)
		}
	}

	// the scorecard has a figure for every metric in each of the last
	// three quarters, and the trend column moves
	svc := meeting.NewService(db, meeting.NewFakeClock(demoNow), nil, nil)
	cur := meeting.PeriodOf(today)
	moving := 0
	for _, q := range []meeting.Period{cur.Prev().Prev(), cur.Prev(), cur} {
		v, err := svc.Scorecard(context.Background(), meeting.Actor{Handle: "jo", Role: meeting.RoleObserver}, meeting.ScorecardQuery{Period: q})
		if err != nil {
			t.Fatal(err)
		}
		rows := v.Scores // the seed's twenty; ritual health is the current quarter's activity
		if q == cur {
			rows = append(rows, v.Health...)
		}
		for _, s := range rows {
			if !s.HasValue || s.Status == meeting.ScoreNA && s.HasTarget {
				t.Errorf("%s: %s has no figure (%s): %s", q, s.Name, s.Status, s.Explanation)
			}
			if q == cur && s.Trend != meeting.TrendStable && s.Trend != meeting.TrendUnknown {
				moving++
			}
		}
		if q == cur {
			for _, s := range v.Scores {
				if !s.HasPrior {
					t.Errorf("%s: %s has no prior figure", q, s.Name)
				}
			}
			if s, _ := v.Score(meeting.ScoreCustomerRetention); !s.Overridden || s.Status != meeting.ScoreGreen {
				t.Errorf("the demo's override: %+v", s)
			}
			if s, _ := v.Score(meeting.ScoreBlockerResolution); s.Target != 5 || s.TargetBy != "tom" {
				t.Errorf("the demo's target: %v by %q", s.Target, s.TargetBy)
			}
			if s, _ := v.Score(meeting.ScoreReviewsOnTime); s.Numerator < 1 {
				t.Errorf("no decision reviewed on time: %+v", s.Lines())
			}
		}
	}
	if moving < 10 {
		t.Errorf("only %d figures moved since the prior quarter", moving)
	}
	ps, err := db.Proposals(context.Background(), meeting.ProposalFilter{})
	if err != nil || len(ps) != 3 {
		t.Errorf("proposals: %d, %v", len(ps), err)
	}
}

// The demo's meetings keep a copy of their agenda: it must be the ritual as
// shipped, prompts aside.
// shipped looks up the rituals as shipped.
func shipped(id string) (meeting.Agenda, bool) {
	set, _ := agendas.Load("")
	return set.Get(id)
}

func TestDemoAgendasMatchTheShippedRituals(t *testing.T) {
	db, _ := demoStore(t, demoNow)
	set, errs := agendas.Load("")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, m := range readAll(t, db).Meetings {
		want, ok := set.Get(m.Agenda.ID)
		if !ok {
			t.Errorf("%s: ritual %q is not shipped", m.ID, m.Agenda.ID)
			continue
		}
		got := m.Agenda
		if got.Title != want.Title || got.Minutes != want.Minutes || got.Cadence != want.Cadence || len(got.Segments) != len(want.Segments) {
			t.Errorf("%s: agenda %s differs from the shipped one", m.ID, got.ID)
			continue
		}
		for i, s := range got.Segments {
			w := want.Segments[i]
			if s.ID != w.ID || s.Title != w.Title || s.Minutes != w.Minutes || s.Output != w.Output ||
				!slices.Equal(s.Produces, w.Produces) || s.Top != w.Top || s.Step != w.Step {
				t.Errorf("%s: segment %d is %+v, shipped %+v", got.ID, i+1, s, w)
			}
		}
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	a, _ := demoStore(t, demoNow)
	b, _ := demoStore(t, demoNow)
	ja, _ := json.Marshal(readAll(t, a))
	jb, _ := json.Marshal(readAll(t, b))
	if string(ja) != string(jb) {
		t.Error("two runs with the same clock wrote different data")
	}
}

// Whatever the day, the demo holds: a week of clocks, in a zone that is not UTC.
func TestDemoAnyDay(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	for d := range 7 {
		now := time.Date(2027, 3, 1+d, 8, 5, 0, 0, loc)
		t.Run(now.Weekday().String(), func(t *testing.T) {
			db, sum := demoStore(t, now)
			r := readAll(t, db)
			today := meeting.DateOf(now)
			if sum.Overdue != 3 {
				t.Errorf("overdue = %d, want 3", sum.Overdue)
			}
			stale := 0
			for _, j := range r.Journeys {
				if j.ReviewOverdue(today) {
					stale++
				}
			}
			if stale != 1 || len(r.Meetings) != sum.Meetings {
				t.Errorf("%d journeys overdue for review, %d meetings", stale, len(r.Meetings))
			}
		})
	}
}

// Starting the next VOC triage carries exactly the series' open, blocked and
// escalated actions, and its unresolved issues; nothing else.
func TestDemoCarryOver(t *testing.T) {
	db, sum := demoStore(t, demoNow)
	r := readAll(t, db)
	ctx := context.Background()

	var want []string
	var doneInSeries, otherSeries, noSeries int
	for _, a := range r.Actions {
		switch {
		case a.SeriesID == sum.VOCSeries && a.Status.Active():
			want = append(want, a.ID)
		case a.SeriesID == sum.VOCSeries:
			doneInSeries++
		case a.SeriesID != "" && a.Status.Active():
			otherSeries++
		case a.SeriesID == "" && a.Status.Active():
			noSeries++
		}
	}
	if doneInSeries == 0 || otherSeries == 0 || noSeries == 0 {
		t.Fatalf("the fixture cannot tell: %d done/dropped in the series, %d active elsewhere, %d active outside any series",
			doneInSeries, otherSeries, noSeries)
	}
	var wantIssues []string
	resolved := 0
	for _, i := range r.Issues {
		switch {
		case i.SeriesID == sum.VOCSeries && !i.Resolved:
			wantIssues = append(wantIssues, i.ID)
		case i.SeriesID == sum.VOCSeries:
			resolved++
		}
	}
	if resolved == 0 || len(wantIssues) == 0 {
		t.Fatalf("the fixture cannot tell: %d resolved, %d unresolved issues", resolved, len(wantIssues))
	}

	set, _ := agendas.Load("")
	ag, ok := set.Get("voc-triage")
	if !ok {
		t.Fatal("no voc-triage ritual")
	}
	clock := meeting.NewFakeClock(demoNow)
	hub := meeting.NewHub(db, clock, nil)
	defer hub.Close()
	maria := meeting.Actor{Handle: "maria", Name: "Maria Alvarez", Role: meeting.RoleFacilitator}
	room, err := hub.Start(ctx, maria, meeting.StartInput{Agenda: ag, SeriesID: sum.VOCSeries})
	if err != nil {
		t.Fatal(err)
	}
	snap := room.Snapshot()
	if snap.Meeting.SeriesID != sum.VOCSeries {
		t.Fatalf("started in series %q, want %s", snap.Meeting.SeriesID, sum.VOCSeries)
	}
	var got []string
	for _, a := range snap.Carried {
		got = append(got, a.ID)
		if !a.Status.Active() || a.SeriesID != sum.VOCSeries {
			t.Errorf("carried %s (%s, series %q)", a.ID, a.Status, a.SeriesID)
		}
	}
	sortIDs(want)
	sortIDs(got)
	if !slices.Equal(got, want) || !slices.Equal(got, sortIDs(slices.Clone(snap.Meeting.Carried))) {
		t.Errorf("carried %v (meeting %v), want exactly %v", got, snap.Meeting.Carried, want)
	}
	var gotIssues []string
	for _, i := range snap.Issues {
		gotIssues = append(gotIssues, i.ID)
	}
	sortIDs(wantIssues)
	sortIDs(gotIssues)
	if !slices.Equal(gotIssues, wantIssues) {
		t.Errorf("issues %v, want exactly the unresolved %v", gotIssues, wantIssues)
	}
	if len(snap.DueReview) == 0 {
		t.Error("no decision of the series is due for review, though one's review date has come")
	}
	for _, d := range snap.DueReview {
		if d.SeriesID != sum.VOCSeries || !d.ReviewDue(meeting.DateOf(demoNow)) {
			t.Errorf("due for review: %s (series %s, review %s)", d.ID, d.SeriesID, d.ReviewDate)
		}
	}
}

func sortIDs(ids []string) []string {
	slices.SortFunc(ids, meeting.CompareIDs)
	return ids
}

func TestDemoTeamHandles(t *testing.T) {
	var hs []string
	for _, m := range demo.Team().Members {
		hs = append(hs, m.Handle)
	}
	if got := strings.Join(hs, ","); got != "maria,tom,ana,priya,li,sam,jo,dana" {
		t.Errorf("handles = %s", got)
	}
}

// The demo says who did what; the rooms and the service decide whether they
// may. Data that breaks a rule fails the run instead of being written.
func TestDemoObeysTheRoomsRules(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(o *demo.Org)
		want string
	}{
		{"an absent member raises an issue", func(o *demo.Org) {
			w := &o.Triage[6] // li is away that week
			w.Issues[2].By = w.Absent
		}, "join the room"},
		{"a member changes someone else's action", func(o *demo.Org) {
			o.Triage[0].Later[0].By = "ana" // the action is li's
		}, "only li or a facilitator"},
		{"the observer adds a promise", func(o *demo.Org) {
			o.Audit.Promises[0].By = "jo"
		}, "observers watch only"},
		{"a coach coaches themselves", func(o *demo.Org) {
			o.Guides[0].Coachee = o.Guides[0].Coach
		}, "cannot coach themselves"},
		{"an action walked that was never carried in", func(o *demo.Org) {
			o.Triage[1].Walk["reset"] = demo.Outcome{Outcome: meeting.OutcomeDone} // raised that same week
		}, "not among the actions carried in"},
		{"a status change planned before its action is raised", func(o *demo.Org) {
			o.Triage[0].Later[0].Action = "finance" // raised in week 4
		}, "not raised yet"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := memstore.New()
			err := demo.RunOrg(context.Background(), db, demoNow, shipped, c.edit)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("run: %v, want an error saying %q", err, c.want)
			}
		})
	}
}

// A step that fails mid-meeting leaves no meeting live to be resumed.
func TestDemoFailureLeavesNothingLive(t *testing.T) {
	db := memstore.New()
	err := demo.RunOrg(context.Background(), db, demoNow, shipped, func(o *demo.Org) {
		o.Triage[2].Story.By = "nobody" // not on the team: the story step fails mid-meeting
	})
	if err == nil || !strings.Contains(err.Error(), "not on the team") {
		t.Fatalf("run: %v", err)
	}
	live, err := db.Meetings(context.Background(), meeting.MeetingFilter{Live: true})
	if err != nil || len(live) != 0 {
		t.Fatalf("live meetings after a failed run: %d (%v)", len(live), err)
	}
}

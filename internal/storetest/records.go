package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

// trip is a create → get → update → list round trip of one kind.
type trip[T any] struct {
	word   string // in messages
	prefix string // id prefix ("" for decisions)
	rec    *T
	id     func(*T) *string
	create func(context.Context, *T) error
	get    func(context.Context, string) (*T, error)
	update func(context.Context, string, func(*T) error) (*T, error)
	list   func(context.Context) ([]*T, error)
	change func(*T)
}

func (c trip[T]) run(t *testing.T) {
	t.Run(c.word, func(t *testing.T) {
		in := jsonOf(t, c.rec)
		must(t, c.create(bg, c.rec))
		id := *c.id(c.rec)
		if !strings.HasPrefix(id, c.prefix) || id == "" {
			t.Fatalf("id %q", id)
		}
		var back T
		must(t, json.Unmarshal([]byte(in), &back))
		*c.id(&back) = id
		got, err := c.get(bg, strings.ToLower(id))
		must(t, err)
		if jsonOf(t, got) != jsonOf(t, &back) {
			t.Fatalf("get:\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, &back))
		}
		_, err = c.get(bg, c.prefix+"999")
		wantCode(t, err, meeting.ENOTFOUND, c.word+" "+c.prefix+"999 does not exist")
		_, err = c.get(bg, " ")
		wantCode(t, err, meeting.EINVALID, "no "+c.word+" id was given")
		got, err = c.update(bg, " "+strings.ToLower(id), func(r *T) error { c.change(r); return nil })
		must(t, err)
		c.change(&back)
		if jsonOf(t, got) != jsonOf(t, &back) {
			t.Fatalf("update:\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, &back))
		}
		_, err = c.update(bg, c.prefix+"999", func(*T) error { return nil })
		wantCode(t, err, meeting.ENOTFOUND, "does not exist")
		all, err := c.list(bg)
		must(t, err)
		if len(all) != 1 || jsonOf(t, all[0]) != jsonOf(t, &back) {
			t.Fatalf("list: %s", jsonOf(t, all))
		}
	})
}

func roundTrips(t *testing.T, db meeting.Store) {
	j, _ := meeting.NewJourney("Onboarding", "ann", now)
	j.Record(meeting.Reading{Date: "2026-11-20", Values: map[string]float64{"completion": 71}})
	g, _ := meeting.NewGuide("coach", "ann", "Churn in onboarding", now)
	s, _ := meeting.NewStory(meeting.StoryInput{Quote: "I gave up on setup", Stage: "Onboarding"}, "ann", now)
	i, _ := meeting.NewIssue(meeting.IssueInput{Title: "Setup abandonment", Signal: "spike"}, "ann", now)
	p, _ := meeting.NewPromise(meeting.PromiseInput{Promise: "24/7 support", KeepRate: "82"}, "ann", now)
	d, _ := meeting.NewDecision(meeting.DecisionInput{Decision: "Ship guided setup", Rationale: "fewer drop-offs"}, "ann", now)
	m := meeting.NewMeeting(Agenda, "ann", now)
	trip[meeting.Action]{"action", "A", Action("Call the top 5 churned customers", "bob", "2026-11-30"),
		func(a *meeting.Action) *string { return &a.ID }, db.CreateAction, db.Action, db.UpdateAction,
		func(c context.Context) ([]*meeting.Action, error) { return db.Actions(c, meeting.ActionFilter{}) },
		func(a *meeting.Action) { _ = a.SetStatus(meeting.StatusDone, "", "bob", now) }}.run(t)
	trip[meeting.Meeting]{"meeting", "M", m, func(m *meeting.Meeting) *string { return &m.ID },
		db.CreateMeeting, db.Meeting, db.UpdateMeeting,
		func(c context.Context) ([]*meeting.Meeting, error) { return db.Meetings(c, meeting.MeetingFilter{}) },
		func(m *meeting.Meeting) { _ = m.Timer.Start(now) }}.run(t)
	trip[meeting.Decision]{"decision", "", d, func(d *meeting.Decision) *string { return &d.ID },
		db.CreateDecision, db.Decision, db.UpdateDecision,
		func(c context.Context) ([]*meeting.Decision, error) { return db.Decisions(c, meeting.DecisionFilter{}) },
		func(d *meeting.Decision) { d.ReviewDate = "2027-01-10" }}.run(t)
	trip[meeting.Issue]{"issue", "I", i, func(i *meeting.Issue) *string { return &i.ID },
		db.CreateIssue, db.Issue, db.UpdateIssue,
		func(c context.Context) ([]*meeting.Issue, error) { return db.Issues(c, meeting.IssueFilter{}) },
		func(i *meeting.Issue) { i.Votes = append(i.Votes, "bob") }}.run(t)
	trip[meeting.Story]{"story", "S", s, func(s *meeting.Story) *string { return &s.ID },
		db.CreateStory, db.Story, db.UpdateStory,
		func(c context.Context) ([]*meeting.Story, error) { return db.Stories(c, meeting.StoryFilter{}) },
		func(s *meeting.Story) { s.Learning = "make setup resumable" }}.run(t)
	trip[meeting.Journey]{"journey", "J", j, func(j *meeting.Journey) *string { return &j.ID },
		db.CreateJourney, db.Journey, db.UpdateJourney, db.Journeys,
		func(j *meeting.Journey) { j.Owner = "cara" }}.run(t)
	trip[meeting.Guide]{"GUIDE session", "G", g, func(g *meeting.Guide) *string { return &g.ID },
		db.CreateGuide, db.Guide, db.UpdateGuide,
		func(c context.Context) ([]*meeting.Guide, error) { return db.Guides(c, meeting.GuideFilter{}) },
		func(g *meeting.Guide) { _ = g.SetAnswer(0, "finish setup in one sitting", now) }}.run(t)
	trip[meeting.Series]{"series", "R", Series("Weekly VOC triage"), func(s *meeting.Series) *string { return &s.ID },
		db.CreateSeries, db.Series, db.UpdateSeries, db.SeriesList,
		func(s *meeting.Series) { s.Time = "10:30" }}.run(t)
	trip[meeting.Promise]{"promise", "P", p, func(p *meeting.Promise) *string { return &p.ID },
		db.CreatePromise, db.Promise, db.UpdatePromise,
		func(c context.Context) ([]*meeting.Promise, error) { return db.Promises(c, "") },
		func(p *meeting.Promise) { p.Action = meeting.PromiseFix }}.run(t)
}

func ids(t *testing.T, db meeting.Store) {
	for n := 1; n <= 3; n++ {
		a := Action(fmt.Sprintf("action %d", n), "bob", "2026-11-30")
		must(t, db.CreateAction(bg, a))
		if want := fmt.Sprintf("A%d", n); a.ID != want {
			t.Fatalf("id %s, want %s", a.ID, want)
		}
	}
	for _, in := range []string{"a2", " A2 ", "a02"} {
		a, err := db.Action(bg, in)
		if in == "a02" {
			wantCode(t, err, meeting.ENOTFOUND, "action A02 does not exist")
			continue
		}
		if err != nil || a.ID != "A2" || a.Text != "action 2" {
			t.Fatalf("%q: %v %v", in, a, err)
		}
	}
	_, err := db.Action(bg, "")
	wantCode(t, err, meeting.EINVALID, "no action id")
	_, err = db.Action(bg, "\x1b[31mA9")
	wantCode(t, err, meeting.ENOTFOUND, "does not exist")
	if strings.Contains(meeting.ErrorMessage(err), "\x1b") {
		t.Fatalf("escape echoed: %q", meeting.ErrorMessage(err))
	}
	// Each kind counts on its own.
	i := &meeting.Issue{Title: "first issue"}
	must(t, db.CreateIssue(bg, i))
	if i.ID != "I1" {
		t.Fatalf("first issue is %s", i.ID)
	}

	for _, c := range []struct {
		date meeting.Date
		at   time.Time
		want string
	}{
		{"2026-11-23", now, "2026-11-23-01"},
		{"2026-11-23", now, "2026-11-23-02"},
		{"2026-11-24", now, "2026-11-24-01"},
		{"", now.AddDate(0, 0, 2), "2026-11-25-01"},
		{"2026-11-23", now, "2026-11-23-03"},
	} {
		d := &meeting.Decision{Date: c.date, Decision: "x", CreatedAt: c.at}
		must(t, db.CreateDecision(bg, d))
		if d.ID != c.want || d.Date == "" {
			t.Fatalf("decision id %s (date %s), want %s", d.ID, d.Date, c.want)
		}
	}
	err = db.CreateDecision(bg, &meeting.Decision{Date: "2026-13-40", Decision: "x"})
	wantCode(t, err, meeting.EINVALID, "decision date")
	ds, err := db.Decisions(bg, meeting.DecisionFilter{})
	must(t, err)
	if got := idsOf(ds, func(d *meeting.Decision) string { return d.ID }); got != "2026-11-23-01,2026-11-23-02,2026-11-23-03,2026-11-24-01,2026-11-25-01" {
		t.Fatalf("decisions by id: %s", got)
	}
	// A record that fails validation takes no id.
	err = db.CreateAction(bg, Action("", "bob", "2026-11-30"))
	wantCode(t, err, meeting.EINVALID, "action text is required")
	a := Action("next", "bob", "2026-11-30")
	a.ID = "A77" // ignored: the store allocates
	must(t, db.CreateAction(bg, a))
	if a.ID != "A4" {
		t.Fatalf("id after a refused create: %s", a.ID)
	}
	// Ten and more sort by number.
	for range 8 {
		must(t, db.CreateAction(bg, Action("more", "bob", "2026-11-30")))
	}
	as, err := db.Actions(bg, meeting.ActionFilter{})
	must(t, err)
	if got := idsOf(as, actionID); got != "A1,A2,A3,A4,A5,A6,A7,A8,A9,A10,A11,A12" {
		t.Fatalf("actions: %s", got)
	}
}

func idsOf[T any](xs []*T, id func(*T) string) string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return strings.Join(out, ",")
}

func actionID(a *meeting.Action) string   { return a.ID }
func meetingID(m *meeting.Meeting) string { return m.ID }
func issueID(i *meeting.Issue) string     { return i.ID }

func actionFilters(t *testing.T, db meeting.Store) {
	mk := func(text, owner string, due meeting.Date, mid, sid, iid string) {
		a := Action(text, owner, due)
		a.MeetingID, a.SeriesID, a.IssueID = mid, sid, iid
		must(t, db.CreateAction(bg, a))
	}
	mk("a1", "Bob", "2026-11-20", "M1", "R1", "I1")
	mk("a2", "alice", "2026-11-30", "M1", "R1", "")
	mk("a3", "bob", "2026-11-10", "M2", "R2", "I1")
	mk("a4", "Ünal", "2026-11-22", "", "", "")
	_, err := db.UpdateAction(bg, "A3", func(a *meeting.Action) error {
		return a.SetStatus(meeting.StatusDone, "", "bob", now)
	})
	must(t, err)
	today := meeting.Date("2026-11-23")
	check := func(f meeting.ActionFilter, want string) {
		t.Helper()
		as, err := db.Actions(bg, f)
		must(t, err)
		if got := idsOf(as, actionID); got != want {
			t.Fatalf("%+v: got %q, want %q", f, got, want)
		}
		n, err := db.CountActions(bg, f)
		must(t, err)
		if n != len(as) {
			t.Fatalf("%+v: count %d, listed %d", f, n, len(as))
		}
	}
	check(meeting.ActionFilter{Owner: "BOB"}, "A3,A1")
	check(meeting.ActionFilter{Owner: "@bob"}, "A3,A1")
	check(meeting.ActionFilter{Owner: "ünal"}, "A4")
	check(meeting.ActionFilter{OverdueOn: today}, "A1,A4")
	check(meeting.ActionFilter{OverdueOn: today, Owner: "bob"}, "A1")
	check(meeting.ActionFilter{Status: meeting.StatusDone}, "A3")
	check(meeting.ActionFilter{Active: true}, "A1,A4,A2")
	check(meeting.ActionFilter{MeetingID: "m1"}, "A1,A2")
	check(meeting.ActionFilter{SeriesID: "R1", Owner: "alice"}, "A2")
	check(meeting.ActionFilter{IssueID: "i1"}, "A3,A1")
	check(meeting.ActionFilter{}, "A3,A1,A4,A2")

	_, err = db.UpdateAction(bg, "A1", func(a *meeting.Action) error {
		a.Owner, a.MeetingID, a.SeriesID = "alice", "M2", ""
		return a.SetStatus(meeting.StatusBlocked, "waiting on legal", "bob", now)
	})
	must(t, err)
	_, err = db.UpdateAction(bg, "A4", func(a *meeting.Action) error {
		return a.SetStatus(meeting.StatusDropped, "", "bob", now)
	})
	must(t, err)
	check(meeting.ActionFilter{Owner: "bob"}, "A3")
	check(meeting.ActionFilter{Owner: "alice"}, "A1,A2")
	check(meeting.ActionFilter{OverdueOn: today}, "A1")
	check(meeting.ActionFilter{Status: meeting.StatusOpen}, "A2")
	check(meeting.ActionFilter{Status: meeting.StatusBlocked}, "A1")
	check(meeting.ActionFilter{Active: true}, "A1,A2")
	check(meeting.ActionFilter{Active: true, Status: meeting.StatusDone}, "")
	check(meeting.ActionFilter{MeetingID: "M1"}, "A2")
	check(meeting.ActionFilter{MeetingID: "M2"}, "A3,A1")
	check(meeting.ActionFilter{SeriesID: "R1"}, "A2")
}

// countActions checks CountActions against Actions over every filter shape.
func countActions(t *testing.T, db meeting.Store) {
	owners := []string{"bob", "Alice", "cara"}
	for i := range 30 {
		a := Action(fmt.Sprint("action ", i), owners[i%3], meeting.Date("2026-11-01").AddDays(i))
		a.MeetingID, a.SeriesID = fmt.Sprint("M", i%4+1), fmt.Sprint("R", i%2+1)
		must(t, db.CreateAction(bg, a))
		if st := meeting.Statuses[i%len(meeting.Statuses)]; st != meeting.StatusOpen {
			_, err := db.UpdateAction(bg, a.ID, func(a *meeting.Action) error { return a.SetStatus(st, "because", "bob", now) })
			must(t, err)
		}
	}
	for _, f := range []meeting.ActionFilter{
		{}, {Active: true}, {OverdueOn: "2026-11-20"}, {Status: meeting.StatusBlocked}, {MeetingID: "m2"},
		{SeriesID: "R1"}, {Owner: "alice"}, {Owner: "ALICE", Active: true}, {Active: true, Status: meeting.StatusDone},
		{Active: true, Status: meeting.StatusEscalated}, {OverdueOn: "2026-11-20", Active: true}, {MeetingID: "M9"},
	} {
		as, err := db.Actions(bg, f)
		must(t, err)
		n, err := db.CountActions(bg, f)
		must(t, err)
		want := 0
		all, _ := db.Actions(bg, meeting.ActionFilter{})
		for _, a := range all {
			g := f
			g.MeetingID, g.SeriesID, g.Owner = meeting.NormalizeID(g.MeetingID), meeting.NormalizeID(g.SeriesID), meeting.CleanOwner(g.Owner)
			if g.Match(a) {
				want++
			}
		}
		if n != want || len(as) != want {
			t.Fatalf("%+v: count %d, listed %d, want %d", f, n, len(as), want)
		}
	}
}

func meetingOrder(t *testing.T, db meeting.Store) {
	mk := func(sid string, at time.Time, ended bool) {
		must(t, db.CreateMeeting(bg, Meeting(sid, at, ended)))
	}
	mk("R1", now, true)                    // M1
	mk("R2", now.Add(time.Hour), false)    // M2
	mk("R1", now.Add(2*time.Hour), false)  // M3
	mk("R1", now.Add(2*time.Hour), true)   // M4: same time as M3
	mk("R1", now.Add(-time.Hour), true)    // M5: older than all
	mk("R3", now.Add(-time.Minute), false) // M6
	check := func(f meeting.MeetingFilter, want string) {
		t.Helper()
		ms, err := db.Meetings(bg, f)
		must(t, err)
		if got := idsOf(ms, meetingID); got != want {
			t.Fatalf("%+v: got %q, want %q", f, got, want)
		}
	}
	check(meeting.MeetingFilter{}, "M4,M3,M2,M1,M6,M5")
	check(meeting.MeetingFilter{Limit: 2}, "M4,M3")
	check(meeting.MeetingFilter{SeriesID: "r1"}, "M4,M3,M1,M5")
	check(meeting.MeetingFilter{SeriesID: "R1", Limit: 3}, "M4,M3,M1")
	check(meeting.MeetingFilter{Live: true}, "M3,M2,M6")
	check(meeting.MeetingFilter{Live: true, SeriesID: "R1"}, "M3")
	check(meeting.MeetingFilter{AgendaID: "voc-triage", Limit: 1}, "M4")
	check(meeting.MeetingFilter{AgendaID: "other"}, "")
	_, err := db.UpdateMeeting(bg, "M3", func(m *meeting.Meeting) error { return m.Timer.End(now.Add(3 * time.Hour)) })
	must(t, err)
	_, err = db.UpdateMeeting(bg, "M6", func(m *meeting.Meeting) error { m.SeriesID = "R1"; return nil })
	must(t, err)
	check(meeting.MeetingFilter{Live: true}, "M2,M6")
	check(meeting.MeetingFilter{SeriesID: "R1"}, "M4,M3,M1,M6,M5")
	check(meeting.MeetingFilter{SeriesID: "R3"}, "")

	// Ties on CreatedAt order by id number, not text (M12 before M9).
	for range 7 {
		mk("R9", now.Add(5*time.Hour), true)
	}
	check(meeting.MeetingFilter{SeriesID: "R9", Limit: 4}, "M13,M12,M11,M10")
	// Creation times compare as instants, whatever their zone.
	m := Meeting("R8", now.Add(6*time.Hour).In(time.FixedZone("X", 5*3600)), true)
	must(t, db.CreateMeeting(bg, m))
	check(meeting.MeetingFilter{Limit: 2}, "M14,M13")
}

func referenceFilters(t *testing.T, db meeting.Store) {
	for n, ref := range []string{"M1", "M2", "M1"} {
		d := decision("2026-11-23", "d")
		d.MeetingID, d.SeriesID, d.JourneyID = ref, "R1", fmt.Sprintf("J%d", n)
		d.ReviewDate = meeting.Date("2026-12-01").AddDays(n * 10)
		must(t, db.CreateDecision(bg, d))
		must(t, db.CreateIssue(bg, &meeting.Issue{Title: "i", MeetingID: ref, SeriesID: "R1", Rank: 3 - n, Resolved: n == 1}))
		must(t, db.CreatePromise(bg, &meeting.Promise{Promise: "p", MeetingID: ref, KeepRate: -1}))
	}
	ds, err := db.Decisions(bg, meeting.DecisionFilter{MeetingID: "M1"})
	must(t, err)
	is, err2 := db.Issues(bg, meeting.IssueFilter{MeetingID: "m1"})
	must(t, err2)
	ps, err3 := db.Promises(bg, "m1")
	must(t, err3)
	dj, err4 := db.Decisions(bg, meeting.DecisionFilter{JourneyID: "j1"})
	must(t, err4)
	did := func(d *meeting.Decision) string { return d.ID }
	pid := func(p *meeting.Promise) string { return p.ID }
	got := idsOf(ds, did) + " " + idsOf(is, issueID) + " " + idsOf(ps, pid) + " " + idsOf(dj, did)
	if want := "2026-11-23-01,2026-11-23-03 I3,I1 P1,P3 2026-11-23-02"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	due, err := db.Decisions(bg, meeting.DecisionFilter{SeriesID: "r1", ReviewDueBy: "2026-12-11"})
	must(t, err)
	if got := idsOf(due, did); got != "2026-11-23-01,2026-11-23-02" {
		t.Fatalf("due for review: %s", got)
	}
	open, err := db.Issues(bg, meeting.IssueFilter{SeriesID: "R1", Unresolved: true})
	must(t, err)
	if got := idsOf(open, issueID); got != "I3,I1" {
		t.Fatalf("unresolved: %s", got)
	}
	_, err = db.UpdateIssue(bg, "I1", func(i *meeting.Issue) error { i.MeetingID, i.SeriesID = "M2", ""; return nil })
	must(t, err)
	is, err = db.Issues(bg, meeting.IssueFilter{SeriesID: "R1"})
	must(t, err)
	if got := idsOf(is, issueID); got != "I3,I2" {
		t.Fatalf("issues of R1 after a move: %s", got)
	}
	all, err := db.Promises(bg, "")
	must(t, err)
	if got := idsOf(all, pid); got != "P1,P2,P3" {
		t.Fatalf("all promises: %s", got)
	}

	// Ranked first (by rank), then by votes, then oldest first; ties in id
	// order as text.
	for k, in := range []struct {
		rank, votes int
		at          time.Duration
	}{{0, 0, 0}, {0, 2, time.Hour}, {0, 0, -time.Hour}, {2, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}} {
		i := &meeting.Issue{Title: fmt.Sprint("ranked ", k), MeetingID: "M7", Rank: in.rank, CreatedAt: now.Add(in.at)}
		for v := range in.votes {
			i.Votes = append(i.Votes, fmt.Sprint("voter", v))
		}
		must(t, db.CreateIssue(bg, i))
	}
	ranked, err := db.Issues(bg, meeting.IssueFilter{MeetingID: "M7"})
	must(t, err)
	if got := idsOf(ranked, issueID); got != "I7,I5,I6,I10,I11,I4,I8,I9" {
		t.Fatalf("ranking: %s", got)
	}
}

func libraryFilters(t *testing.T, db meeting.Store) {
	for k, in := range []meeting.StoryInput{
		{Quote: "I gave up on setup", Stage: "Onboarding → Account setup", Theme: "setup", JourneyID: "J1"},
		{Quote: "Support was quick", Stage: "Support", Theme: "speed"},
		{Quote: "Setup took an hour", Stage: "Onboarding", Theme: "Setup", JourneyID: "J2"},
	} {
		s, err := meeting.NewStory(in, "ann", now.Add(time.Duration(k%2)*time.Hour))
		must(t, err)
		s.MeetingID = fmt.Sprint("M", k%2+1)
		must(t, db.CreateStory(bg, s))
	}
	sid := func(s *meeting.Story) string { return s.ID }
	for _, c := range []struct {
		f    meeting.StoryFilter
		want string
	}{
		{meeting.StoryFilter{}, "S2,S3,S1"},
		{meeting.StoryFilter{Query: "SETUP"}, "S3,S1"},
		{meeting.StoryFilter{Stage: "onboarding"}, "S3,S1"},
		{meeting.StoryFilter{Theme: "setup"}, "S3,S1"},
		{meeting.StoryFilter{JourneyID: "j2"}, "S3"},
		{meeting.StoryFilter{MeetingID: "M1"}, "S3,S1"},
		{meeting.StoryFilter{Query: "nothing like it"}, ""},
	} {
		ss, err := db.Stories(bg, c.f)
		must(t, err)
		if got := idsOf(ss, sid); got != c.want {
			t.Fatalf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	for k, p := range [][2]string{{"coach", "ann"}, {"lee", "ann"}, {"coach", "bob"}} {
		g, err := meeting.NewGuide(p[0], p[1], "topic", now.Add(time.Duration(k%2)*time.Hour))
		must(t, err)
		must(t, db.CreateGuide(bg, g))
	}
	gid := func(g *meeting.Guide) string { return g.ID }
	for _, c := range []struct {
		f    meeting.GuideFilter
		want string
	}{
		{meeting.GuideFilter{}, "G2,G3,G1"},
		{meeting.GuideFilter{Coach: "COACH"}, "G3,G1"},
		{meeting.GuideFilter{Coachee: "ann"}, "G2,G1"},
		{meeting.GuideFilter{Coach: "coach", Coachee: "bob"}, "G3"},
	} {
		gs, err := db.Guides(bg, c.f)
		must(t, err)
		if got := idsOf(gs, gid); got != c.want {
			t.Fatalf("%+v: %s, want %s", c.f, got, c.want)
		}
	}
	for _, n := range []string{"onboarding", "Billing", "Checkout", "billing"} {
		j, err := meeting.NewJourney(n, "", now)
		must(t, err)
		must(t, db.CreateJourney(bg, j))
	}
	js, err := db.Journeys(bg)
	must(t, err)
	if got := idsOf(js, func(j *meeting.Journey) string { return j.ID }); got != "J2,J4,J3,J1" {
		t.Fatalf("journeys by name: %s", got)
	}
	for k := range 11 {
		must(t, db.CreateSeries(bg, Series(fmt.Sprint("series ", k))))
	}
	ss, err := db.SeriesList(bg)
	must(t, err)
	if got := idsOf(ss, func(s *meeting.Series) string { return s.ID }); got != "R1,R2,R3,R4,R5,R6,R7,R8,R9,R10,R11" {
		t.Fatalf("series by id: %s", got)
	}
}

// validateRefuses: every kind's Validate runs on create and on update; a
// refused record is not written and takes no id.
func validateRefuses(t *testing.T, db meeting.Store) {
	const bad = "bad \x1b[31mtext"
	good := func(err error) {
		t.Helper()
		must(t, err)
	}
	refused := func(what string, err error) {
		t.Helper()
		if meeting.ErrorCode(err) != meeting.EINVALID {
			t.Fatalf("%s: %v (%s), want EINVALID", what, err, meeting.ErrorCode(err))
		}
	}
	before := Dump(t, db)
	a := Action(bad, "bob", "2026-11-30")
	refused("action", db.CreateAction(bg, a))
	if a.ID != "" {
		t.Fatalf("a refused action got id %s", a.ID)
	}
	m := Meeting("", now, false)
	m.Agenda.Segments = nil
	refused("meeting", db.CreateMeeting(bg, m))
	refused("decision", db.CreateDecision(bg, decision("2026-11-23", "")))
	refused("issue", db.CreateIssue(bg, &meeting.Issue{Title: bad}))
	refused("story", db.CreateStory(bg, &meeting.Story{Quote: ""}))
	refused("journey", db.CreateJourney(bg, &meeting.Journey{Name: strings.Repeat("j", meeting.MaxName+1)}))
	refused("guide", db.CreateGuide(bg, &meeting.Guide{Coach: "ann", Coachee: "bob"}))
	refused("series", db.CreateSeries(bg, &meeting.Series{Title: "no cadence", AgendaID: "voc-triage", Start: "2026-11-03", Time: "09:00", Minutes: 60}))
	refused("promise", db.CreatePromise(bg, &meeting.Promise{Promise: "p", KeepRate: 101}))
	if got := Dump(t, db); got != before {
		t.Fatalf("refused records were written:\n%s", got)
	}

	a = Action("fine", "bob", "2026-11-30")
	good(db.CreateAction(bg, a))
	if a.ID != "A1" {
		t.Fatalf("first valid action after refusals is %s", a.ID)
	}
	good(db.CreateMeeting(bg, Meeting("", now, false)))
	good(db.CreateDecision(bg, decision("2026-11-23", "fine")))
	good(db.CreateIssue(bg, &meeting.Issue{Title: "fine"}))
	good(db.CreateStory(bg, &meeting.Story{Quote: "fine"}))
	good(db.CreateJourney(bg, &meeting.Journey{Name: "fine"}))
	good(db.CreateGuide(bg, &meeting.Guide{Coach: "ann", Coachee: "bob", Topic: "fine"}))
	good(db.CreateSeries(bg, Series("fine")))
	good(db.CreatePromise(bg, &meeting.Promise{Promise: "fine", KeepRate: -1}))
	before = Dump(t, db)
	_, err := db.UpdateAction(bg, "A1", func(a *meeting.Action) error { a.Owner = ""; return nil })
	refused("update action", err)
	_, err = db.UpdateMeeting(bg, "M1", func(m *meeting.Meeting) error { m.Walk = 3; return nil })
	refused("update meeting", err)
	_, err = db.UpdateDecision(bg, "2026-11-23-01", func(d *meeting.Decision) error { d.Kind = "maybe"; return nil })
	refused("update decision", err)
	_, err = db.UpdateIssue(bg, "I1", func(i *meeting.Issue) error { i.Rank = -1; return nil })
	refused("update issue", err)
	_, err = db.UpdateStory(bg, "S1", func(s *meeting.Story) error { s.Context = bad; return nil })
	refused("update story", err)
	_, err = db.UpdateJourney(bg, "J1", func(j *meeting.Journey) error { j.LastReviewed = "2026-02-30"; return nil })
	refused("update journey", err)
	_, err = db.UpdateGuide(bg, "G1", func(g *meeting.Guide) error { g.ActionIDs = []string{"nope"}; return nil })
	refused("update guide", err)
	_, err = db.UpdateSeries(bg, "R1", func(s *meeting.Series) error { s.Minutes = 0; return nil })
	refused("update series", err)
	_, err = db.UpdatePromise(bg, "P1", func(p *meeting.Promise) error { p.Action = "ignore"; return nil })
	refused("update promise", err)
	if got := Dump(t, db); got != before {
		t.Fatalf("refused updates were written:\n%s\nwant\n%s", got, before)
	}
}

func updateFailureWritesNothing(t *testing.T, db meeting.Store) {
	a := Action("keep me", "bob", "2026-11-30")
	must(t, db.CreateAction(bg, a))
	before := jsonOf(t, a)
	nope := errors.New("nope")
	got, err := db.UpdateAction(bg, "A1", func(a *meeting.Action) error {
		a.Text, a.Owner = "changed", "eve"
		return nope
	})
	if err != nope || got != nil {
		t.Fatalf("fn error came back as %v (%v)", err, got)
	}
	_, err = db.UpdateAction(bg, "A1", func(a *meeting.Action) error { a.ID = "A7"; a.Text = "renamed"; return nil })
	must(t, err)
	after, err := db.Action(bg, "A1")
	must(t, err)
	if after.Text != "renamed" {
		t.Fatalf("update did not land: %s", jsonOf(t, after))
	}
	after.Text = "keep me"
	if jsonOf(t, after) != before {
		t.Fatalf("failed updates wrote something:\n%s\n%s", jsonOf(t, after), before)
	}
	if _, err := db.Action(bg, "A7"); !meeting.IsNotFound(err) {
		t.Fatalf("fn changed the id: %v", err)
	}
	as, _ := db.Actions(bg, meeting.ActionFilter{Owner: "eve"})
	if len(as) != 0 {
		t.Fatal("a failed update is visible through a filter")
	}
}

// copies: what a caller holds is never what is stored.
func copies(t *testing.T, db meeting.Store) {
	a := Action("original", "bob", "2026-11-30")
	must(t, db.CreateAction(bg, a))
	a.Text, a.History[0].Note = "changed after create", "changed"
	got, err := db.Action(bg, "A1")
	must(t, err)
	got.Text, got.History[0].Note = "changed after get", "changed"
	var kept *meeting.Action
	upd, err := db.UpdateAction(bg, "A1", func(x *meeting.Action) error { kept = x; return nil })
	must(t, err)
	kept.Text, upd.History[0].Note = "changed after update", "changed"
	as, err := db.Actions(bg, meeting.ActionFilter{})
	must(t, err)
	as[0].History[0].Note = "changed"
	var inTx *meeting.Action
	must(t, db.Atomically(bg, func(tx meeting.Tx) (err error) {
		inTx, err = tx.Action(bg, "A1")
		return err
	}))
	inTx.Text = "changed after a transaction"
	final, err := db.Action(bg, "A1")
	must(t, err)
	if final.Text != "original" || final.History[0].Note != "created" {
		t.Fatalf("a caller's copy changed the stored record: %s", jsonOf(t, final))
	}
}

func concurrentUpdates(t *testing.T, db meeting.Store) {
	must(t, db.CreateAction(bg, Action("contended", "bob", "2026-11-30")))
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := db.UpdateAction(bg, "A1", func(a *meeting.Action) error {
				a.History = append(a.History, meeting.Change{At: now, By: "bob", From: a.Status, To: a.Status, Note: fmt.Sprint("check-in ", i)})
				return nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	a, err := db.Action(bg, "A1")
	must(t, err)
	var notes []string
	for _, c := range a.History[1:] {
		notes = append(notes, c.Note)
	}
	slices.Sort(notes)
	if len(notes) != n || len(slices.Compact(notes)) != n {
		t.Fatalf("%d of %d updates landed: %v", len(notes), n, notes)
	}
}

func concurrentCreates(t *testing.T, db meeting.Store) {
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 10 {
				if err := db.CreateAction(bg, Action("x", "bob", "2026-11-30")); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	as, err := db.Actions(bg, meeting.ActionFilter{})
	must(t, err)
	if len(as) != 100 || as[99].ID != "A100" {
		t.Fatalf("%d actions, last %s", len(as), as[len(as)-1].ID)
	}
}

func canceledContext(t *testing.T, db meeting.Store) {
	must(t, db.CreateAction(bg, Action("x", "bob", "2026-11-30")))
	c, cancel := context.WithCancel(bg)
	cancel()
	if err := db.CreateAction(c, Action("y", "bob", "2026-11-30")); !errors.Is(err, context.Canceled) {
		t.Fatalf("create: %v", err)
	}
	if _, err := db.UpdateAction(c, "A1", func(*meeting.Action) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("update: %v", err)
	}
	if _, err := db.Actions(c, meeting.ActionFilter{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("list: %v", err)
	}
	if _, err := db.Action(c, "A1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("get: %v", err)
	}
	ran := false
	if err := db.Atomically(c, func(meeting.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("atomically: %v (ran %v)", err, ran)
	}
}

// nestedCalls: an Update fn that calls the store does not deadlock.
func nestedCalls(t *testing.T, db meeting.Store) {
	must(t, db.CreateIssue(bg, &meeting.Issue{Title: "setup abandonment"}))
	i, err := db.UpdateIssue(bg, "I1", func(i *meeting.Issue) error {
		a := Action("fix setup", "bob", "2026-11-30")
		if err := db.CreateAction(bg, a); err != nil {
			return err
		}
		i.ActionIDs = append(i.ActionIDs, a.ID)
		return nil
	})
	must(t, err)
	if len(i.ActionIDs) != 1 {
		t.Fatal(i.ActionIDs)
	}
}

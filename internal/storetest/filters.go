package storetest

import (
	"fmt"
	"testing"
	"time"

	"cxroom/meeting"
)

// The contract's queries: every filter and ordering of the listings.

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
	check(meeting.MeetingFilter{Ended: true}, "M4,M1,M5")
	check(meeting.MeetingFilter{Ended: true, Limit: 2}, "M4,M1")
	check(meeting.MeetingFilter{Ended: true, SeriesID: "R1"}, "M4,M1,M5")
	check(meeting.MeetingFilter{Ended: true, SeriesID: "R3"}, "")
	check(meeting.MeetingFilter{AgendaID: "voc-triage", Limit: 1}, "M4")
	check(meeting.MeetingFilter{AgendaID: "other"}, "")
	_, err := db.UpdateMeeting(bg, "M3", func(m *meeting.Meeting) error { return m.Timer.End(now.Add(3 * time.Hour)) })
	must(t, err)
	_, err = db.UpdateMeeting(bg, "M6", func(m *meeting.Meeting) error { m.SeriesID = "R1"; return nil })
	must(t, err)
	check(meeting.MeetingFilter{Live: true}, "M2,M6")
	check(meeting.MeetingFilter{Ended: true, Limit: 2}, "M4,M3") // M3 ended since
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
	for k, p := range [][2]string{{"coach", "ann"}, {"lee", "ann,cy"}, {"coach", "bob"}} {
		g, err := meeting.NewGuide(p[0], []string{p[1]}, "topic", now.Add(time.Duration(k%2)*time.Hour))
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
		{meeting.GuideFilter{Coachee: "CY"}, "G2"},
		{meeting.GuideFilter{Coachees: []string{"nobody", "bob", "cy"}}, "G2,G3"},
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

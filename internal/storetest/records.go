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
	g, _ := meeting.NewGuide("coach", []string{"ann", "bob"}, "Churn in onboarding", now)
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
	refused("guide", db.CreateGuide(bg, &meeting.Guide{Coach: "ann", Coachees: []string{"bob"}}))
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
	good(db.CreateGuide(bg, &meeting.Guide{Coach: "ann", Coachees: []string{"bob"}, Topic: "fine"}))
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

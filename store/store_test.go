package store

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

	badger "github.com/dgraph-io/badger/v4"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

// openT opens a store in dir ("" = in memory), closed when the test ends.
func openT(t testing.TB, dir string) *DB {
	t.Helper()
	db, err := Open(dir, Options{InMemory: dir == ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

func action(text, owner string, due meeting.Date) *meeting.Action {
	return &meeting.Action{Text: text, Owner: owner, Due: due, Status: meeting.StatusOpen, CreatedBy: "ann",
		CreatedAt: now, UpdatedAt: now, History: []meeting.Change{{At: now, By: "ann", To: meeting.StatusOpen, Note: "created"}}}
}

func newSeries(title string) *meeting.Series {
	return &meeting.Series{Title: title, AgendaID: "voc-triage", Cadence: meeting.CadenceWeekly,
		Start: "2026-11-03", Time: "09:00", Minutes: 60, CreatedAt: now}
}

func ids[T any](k kind[T], xs []*T) string {
	var out []string
	for _, x := range xs {
		out = append(out, *k.id(x))
	}
	return strings.Join(out, ",")
}

func wantCode(t *testing.T, err error, code meeting.Code, contains string) {
	t.Helper()
	if meeting.ErrorCode(err) != code || !strings.Contains(meeting.ErrorMessage(err), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, meeting.ErrorCode(err), code, contains)
	}
}

// trip is a create → get → update → list round trip of one kind.
type trip[T any] struct {
	k      kind[T]
	rec    *T
	create func(context.Context, *T) error
	get    func(context.Context, string) (*T, error) // nil: the kind has no getter
	update func(context.Context, string, func(*T) error) (*T, error)
	list   func(context.Context) ([]*T, error)
	change func(*T)
}

func (c trip[T]) run(t *testing.T) {
	t.Run(c.k.name, func(t *testing.T) {
		in := jsonOf(t, c.rec)
		must(t, c.create(ctx, c.rec))
		id := *c.k.id(c.rec)
		if !strings.HasPrefix(id, c.k.prefix) || id == "" {
			t.Fatalf("id %q", id)
		}
		var back T
		must(t, json.Unmarshal([]byte(in), &back))
		*c.k.id(&back) = id
		if c.get != nil {
			got, err := c.get(ctx, strings.ToLower(id))
			must(t, err)
			if jsonOf(t, got) != jsonOf(t, &back) {
				t.Fatalf("get:\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, &back))
			}
			_, err = c.get(ctx, c.k.prefix+"999")
			wantCode(t, err, meeting.ENOTFOUND, c.k.word+" "+c.k.prefix+"999 does not exist")
		}
		got, err := c.update(ctx, " "+strings.ToLower(id), func(r *T) error { c.change(r); return nil })
		must(t, err)
		c.change(&back)
		if jsonOf(t, got) != jsonOf(t, &back) {
			t.Fatalf("update:\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, &back))
		}
		_, err = c.update(ctx, c.k.prefix+"999", func(*T) error { return nil })
		wantCode(t, err, meeting.ENOTFOUND, "does not exist")
		all, err := c.list(ctx)
		must(t, err)
		if len(all) != 1 || jsonOf(t, all[0]) != jsonOf(t, &back) {
			t.Fatalf("list: %s", jsonOf(t, all))
		}
	})
}

func TestRoundTrips(t *testing.T) {
	db := openT(t, "")
	j, _ := meeting.NewJourney("Onboarding", "ann", now)
	j.Record(meeting.Reading{Date: "2026-11-20", Values: map[string]float64{"completion": 71}})
	g, _ := meeting.NewGuide("coach", "ann", "Churn in onboarding", now)
	s, _ := meeting.NewStory(meeting.StoryInput{Quote: "I gave up on setup", Stage: "Onboarding"}, "ann", now)
	i, _ := meeting.NewIssue(meeting.IssueInput{Title: "Setup abandonment", Signal: "spike"}, "ann", now)
	p, _ := meeting.NewPromise(meeting.PromiseInput{Promise: "24/7 support", KeepRate: "82"}, "ann", now)
	d, _ := meeting.NewDecision(meeting.DecisionInput{Decision: "Ship guided setup", Rationale: "fewer drop-offs"}, "ann", now)
	m := meeting.NewMeeting(meeting.Agenda{ID: "voc-triage", Title: "VOC triage",
		Segments: []meeting.Segment{{ID: "review", Title: "Review", Minutes: 15}}}, "ann", now)
	trip[meeting.Action]{actions, action("Call the top 5 churned customers", "bob", "2026-11-30"),
		db.CreateAction, db.Action, db.UpdateAction,
		func(c context.Context) ([]*meeting.Action, error) { return db.Actions(c, meeting.ActionFilter{}) },
		func(a *meeting.Action) { _ = a.SetStatus(meeting.StatusDone, "", "bob", now) }}.run(t)
	trip[meeting.Meeting]{meetings, m, db.CreateMeeting, db.Meeting, db.UpdateMeeting,
		func(c context.Context) ([]*meeting.Meeting, error) { return db.Meetings(c, meeting.MeetingFilter{}) },
		func(m *meeting.Meeting) { _ = m.Timer.Start(now) }}.run(t)
	trip[meeting.Decision]{decisions, d, db.CreateDecision, db.Decision, db.UpdateDecision,
		func(c context.Context) ([]*meeting.Decision, error) { return db.Decisions(c, meeting.DecisionFilter{}) },
		func(d *meeting.Decision) { d.ReviewDate = "2027-01-10" }}.run(t)
	trip[meeting.Issue]{issues, i, db.CreateIssue, db.Issue, db.UpdateIssue,
		func(c context.Context) ([]*meeting.Issue, error) { return db.Issues(c, meeting.IssueFilter{}) },
		func(i *meeting.Issue) { i.Votes = append(i.Votes, "bob") }}.run(t)
	trip[meeting.Story]{stories, s, db.CreateStory, nil, db.UpdateStory,
		func(c context.Context) ([]*meeting.Story, error) { return db.Stories(c, meeting.StoryFilter{}) },
		func(s *meeting.Story) { s.Learning = "make setup resumable" }}.run(t)
	trip[meeting.Journey]{journeys, j, db.CreateJourney, db.Journey, db.UpdateJourney, db.Journeys,
		func(j *meeting.Journey) { j.Owner = "cara" }}.run(t)
	trip[meeting.Guide]{guides, g, db.CreateGuide, db.Guide, db.UpdateGuide,
		func(c context.Context) ([]*meeting.Guide, error) { return db.Guides(c, meeting.GuideFilter{}) },
		func(g *meeting.Guide) { _ = g.SetAnswer(0, "finish setup in one sitting", now) }}.run(t)
	trip[meeting.Series]{series, newSeries("Weekly VOC triage"), db.CreateSeries, db.Series, db.UpdateSeries, db.SeriesList,
		func(s *meeting.Series) { s.Time = "10:30" }}.run(t)
	trip[meeting.Promise]{promises, p, db.CreatePromise, nil, db.UpdatePromise,
		func(c context.Context) ([]*meeting.Promise, error) { return db.Promises(c, "") },
		func(p *meeting.Promise) { p.Action = meeting.PromiseFix }}.run(t)
	checkIndexes(t, db)
}

func TestIDs(t *testing.T) {
	db := openT(t, "")
	for n := 1; n <= 3; n++ {
		a := action(fmt.Sprintf("action %d", n), "bob", "2026-11-30")
		must(t, db.CreateAction(ctx, a))
		if want := fmt.Sprintf("A%d", n); a.ID != want {
			t.Fatalf("id %s, want %s", a.ID, want)
		}
	}
	for _, in := range []string{"a2", " A2 ", "a02"} {
		a, err := db.Action(ctx, in)
		if in == "a02" {
			wantCode(t, err, meeting.ENOTFOUND, "action A02 does not exist")
			continue
		}
		if err != nil || a.ID != "A2" || a.Text != "action 2" {
			t.Fatalf("%q: %v %v", in, a, err)
		}
	}
	_, err := db.Action(ctx, "")
	wantCode(t, err, meeting.EINVALID, "no action id")
	_, err = db.Action(ctx, "\x1b[31mA9")
	wantCode(t, err, meeting.ENOTFOUND, "does not exist")
	if strings.Contains(meeting.ErrorMessage(err), "\x1b") {
		t.Fatalf("escape echoed: %q", meeting.ErrorMessage(err))
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
		must(t, db.CreateDecision(ctx, d))
		if d.ID != c.want || d.Date == "" {
			t.Fatalf("decision id %s (date %s), want %s", d.ID, d.Date, c.want)
		}
	}
	err = db.CreateDecision(ctx, &meeting.Decision{Date: "2026-13-40", Decision: "x"})
	wantCode(t, err, meeting.EINVALID, "decision date")
	ds, err := db.Decisions(ctx, meeting.DecisionFilter{})
	must(t, err)
	if got := ids(decisions, ds); got != "2026-11-23-01,2026-11-23-02,2026-11-23-03,2026-11-24-01,2026-11-25-01" {
		t.Fatalf("decisions by id: %s", got)
	}
	// A record that fails validation takes no id.
	err = db.CreateAction(ctx, action("", "bob", "2026-11-30"))
	wantCode(t, err, meeting.EINVALID, "action text is required")
	a := action("next", "bob", "2026-11-30")
	must(t, db.CreateAction(ctx, a))
	if a.ID != "A4" {
		t.Fatalf("id after a refused create: %s", a.ID)
	}
}

func TestActionIndexes(t *testing.T) {
	db := openT(t, "")
	mk := func(text, owner string, due meeting.Date, mid, sid string) {
		a := action(text, owner, due)
		a.MeetingID, a.SeriesID = mid, sid
		must(t, db.CreateAction(ctx, a))
	}
	mk("a1", "Bob", "2026-11-20", "M1", "R1")
	mk("a2", "alice", "2026-11-30", "M1", "R1")
	mk("a3", "bob", "2026-11-10", "M2", "R2")
	mk("a4", "Ünal", "2026-11-22", "", "")
	_, err := db.UpdateAction(ctx, "A3", func(a *meeting.Action) error {
		return a.SetStatus(meeting.StatusDone, "", "bob", now)
	})
	must(t, err)
	today := meeting.Date("2026-11-23")
	check := func(f meeting.ActionFilter, want string) {
		t.Helper()
		as, err := db.Actions(ctx, f)
		must(t, err)
		if got := ids(actions, as); got != want {
			t.Fatalf("%+v: got %q, want %q", f, got, want)
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
	check(meeting.ActionFilter{}, "A3,A1,A4,A2")

	_, err = db.UpdateAction(ctx, "A1", func(a *meeting.Action) error {
		a.Owner, a.MeetingID, a.SeriesID = "alice", "M2", ""
		return a.SetStatus(meeting.StatusBlocked, "waiting on legal", "bob", now)
	})
	must(t, err)
	_, err = db.UpdateAction(ctx, "A4", func(a *meeting.Action) error {
		return a.SetStatus(meeting.StatusDropped, "", "bob", now)
	})
	must(t, err)
	check(meeting.ActionFilter{Owner: "bob"}, "A3")
	check(meeting.ActionFilter{Owner: "alice"}, "A1,A2")
	check(meeting.ActionFilter{OverdueOn: today}, "A1")
	check(meeting.ActionFilter{Status: meeting.StatusOpen}, "A2")
	check(meeting.ActionFilter{Status: meeting.StatusBlocked}, "A1")
	check(meeting.ActionFilter{Active: true}, "A1,A2")
	check(meeting.ActionFilter{MeetingID: "M1"}, "A2")
	check(meeting.ActionFilter{MeetingID: "M2"}, "A3,A1")
	check(meeting.ActionFilter{SeriesID: "R1"}, "A2")
	checkIndexes(t, db)
}

func TestMeetingIndexes(t *testing.T) {
	db := openT(t, "")
	mk := func(sid string, at time.Time, ended bool) {
		m := &meeting.Meeting{Title: "m", SeriesID: sid, CreatedAt: at, Timer: meeting.Timer{StartedAt: at}}
		if ended {
			m.Timer.EndedAt = at.Add(time.Hour)
		}
		must(t, db.CreateMeeting(ctx, m))
	}
	mk("R1", now, true)                    // M1
	mk("R2", now.Add(time.Hour), false)    // M2
	mk("R1", now.Add(2*time.Hour), false)  // M3
	mk("R1", now.Add(2*time.Hour), true)   // M4: same time as M3
	mk("R1", now.Add(-time.Hour), true)    // M5: older than all
	mk("R3", now.Add(-time.Minute), false) // M6
	check := func(f meeting.MeetingFilter, want string) {
		t.Helper()
		ms, err := db.Meetings(ctx, f)
		must(t, err)
		if got := ids(meetings, ms); got != want {
			t.Fatalf("%+v: got %q, want %q", f, got, want)
		}
	}
	check(meeting.MeetingFilter{}, "M4,M3,M2,M1,M6,M5")
	check(meeting.MeetingFilter{Limit: 2}, "M4,M3")
	check(meeting.MeetingFilter{SeriesID: "r1"}, "M4,M3,M1,M5")
	check(meeting.MeetingFilter{SeriesID: "R1", Limit: 3}, "M4,M3,M1")
	check(meeting.MeetingFilter{Live: true}, "M3,M2,M6")
	check(meeting.MeetingFilter{Live: true, SeriesID: "R1"}, "M3")
	_, err := db.UpdateMeeting(ctx, "M3", func(m *meeting.Meeting) error { m.Timer.EndedAt = now; return nil })
	must(t, err)
	_, err = db.UpdateMeeting(ctx, "M6", func(m *meeting.Meeting) error { m.SeriesID = "R1"; return nil })
	must(t, err)
	check(meeting.MeetingFilter{Live: true}, "M2,M6")
	check(meeting.MeetingFilter{SeriesID: "R1"}, "M4,M3,M1,M6,M5")
	check(meeting.MeetingFilter{SeriesID: "R3"}, "")

	// Ties on CreatedAt order by id number, not text (M12 before M9).
	for range 7 {
		mk("R9", now.Add(5*time.Hour), true)
	}
	check(meeting.MeetingFilter{SeriesID: "R9", Limit: 4}, "M13,M12,M11,M10")
	checkIndexes(t, db)
}

func TestReferenceIndexes(t *testing.T) {
	db := openT(t, "")
	for n, ref := range []string{"M1", "M2", "M1"} {
		d := &meeting.Decision{Date: "2026-11-23", Decision: "d", MeetingID: ref, SeriesID: "R1", JourneyID: fmt.Sprintf("J%d", n)}
		must(t, db.CreateDecision(ctx, d))
		must(t, db.CreateIssue(ctx, &meeting.Issue{Title: "i", MeetingID: ref, SeriesID: "R1", Rank: 3 - n}))
		must(t, db.CreatePromise(ctx, &meeting.Promise{Promise: "p", MeetingID: ref}))
	}
	ds, err := db.Decisions(ctx, meeting.DecisionFilter{MeetingID: "M1"})
	must(t, err)
	is, err2 := db.Issues(ctx, meeting.IssueFilter{MeetingID: "m1"})
	must(t, err2)
	ps, err3 := db.Promises(ctx, "M1")
	must(t, err3)
	dj, err4 := db.Decisions(ctx, meeting.DecisionFilter{JourneyID: "J1"})
	must(t, err4)
	got := ids(decisions, ds) + " " + ids(issues, is) + " " + ids(promises, ps) + " " + ids(decisions, dj)
	if want := "2026-11-23-01,2026-11-23-03 I3,I1 P1,P3 2026-11-23-02"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	_, err = db.UpdateIssue(ctx, "I1", func(i *meeting.Issue) error { i.MeetingID, i.SeriesID = "M2", ""; return nil })
	must(t, err)
	is, err = db.Issues(ctx, meeting.IssueFilter{SeriesID: "R1"})
	must(t, err)
	if got := ids(issues, is); got != "I3,I2" {
		t.Fatalf("issues of R1 after a move: %s", got)
	}
	checkIndexes(t, db)
}

func TestUpdateFailureWritesNothing(t *testing.T) {
	db := openT(t, "")
	a := action("keep me", "bob", "2026-11-30")
	must(t, db.CreateAction(ctx, a))
	before := jsonOf(t, a)
	nope := errors.New("nope")
	got, err := db.UpdateAction(ctx, "A1", func(a *meeting.Action) error {
		a.Text, a.Owner = "changed", "eve"
		return nope
	})
	if err != nope || got != nil {
		t.Fatalf("fn error came back as %v (%v)", err, got)
	}
	_, err = db.UpdateAction(ctx, "A1", func(a *meeting.Action) error { a.Owner = ""; return nil })
	wantCode(t, err, meeting.EINVALID, "owner")
	_, err = db.UpdateAction(ctx, "A1", func(a *meeting.Action) error { a.ID = "A7"; a.Text = "renamed"; return nil })
	must(t, err)
	after, err := db.Action(ctx, "A1")
	must(t, err)
	if after.Text != "renamed" {
		t.Fatalf("update did not land: %s", jsonOf(t, after))
	}
	after.Text = "keep me"
	if jsonOf(t, after) != before {
		t.Fatalf("failed updates wrote something:\n%s\n%s", jsonOf(t, after), before)
	}
	if _, err := db.Action(ctx, "A7"); !meeting.IsNotFound(err) {
		t.Fatalf("fn changed the id: %v", err)
	}
	as, _ := db.Actions(ctx, meeting.ActionFilter{Owner: "eve"})
	if len(as) != 0 {
		t.Fatal("index entry written by a failed update")
	}
	checkIndexes(t, db)
}

func TestConcurrentUpdates(t *testing.T) {
	db := openT(t, t.TempDir())
	must(t, db.CreateAction(ctx, action("contended", "bob", "2026-11-30")))
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := db.UpdateAction(ctx, "A1", func(a *meeting.Action) error {
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
	a, err := db.Action(ctx, "A1")
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

func TestConcurrentCreates(t *testing.T) {
	db := openT(t, "")
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 10 {
				if err := db.CreateAction(ctx, action("x", "bob", "2026-11-30")); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	as, err := db.Actions(ctx, meeting.ActionFilter{})
	must(t, err)
	if len(as) != 100 || as[99].ID != "A100" {
		t.Fatalf("%d actions, last %s", len(as), as[len(as)-1].ID)
	}
}

func TestCanceledContext(t *testing.T) {
	db := openT(t, "")
	must(t, db.CreateAction(ctx, action("x", "bob", "2026-11-30")))
	c, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.CreateAction(c, action("y", "bob", "2026-11-30")); !errors.Is(err, context.Canceled) {
		t.Fatalf("create: %v", err)
	}
	if _, err := db.Actions(c, meeting.ActionFilter{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("list: %v", err)
	}
	if _, err := db.Action(c, "A1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("get: %v", err)
	}
}

// checkIndexes asserts that the index entries are exactly those the
// records call for: none missing, none stale.
func checkIndexes(t *testing.T, db *DB) {
	t.Helper()
	want := map[string]bool{}
	expect(t, db, actions, want)
	expect(t, db, meetings, want)
	expect(t, db, decisions, want)
	expect(t, db, issues, want)
	expect(t, db, promises, want)
	got := map[string]bool{}
	must(t, db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte("x/")
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			got[string(it.Item().Key())] = true
		}
		return nil
	}))
	for k := range want {
		if !got[k] {
			t.Errorf("missing index entry %q", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("stale index entry %q", k)
		}
	}
}

func expect[T any](t *testing.T, db *DB, k kind[T], want map[string]bool) {
	recs, err := list(ctx, db, k, scan{}, func(*T) bool { return true })
	must(t, err)
	for _, r := range recs {
		for _, x := range k.indexOf(r) {
			want[x] = true
		}
	}
}

// TestConflictRetry makes a transaction lose to a concurrent commit: it is
// run again and lands; one that always loses ends with ECONFLICT.
func TestConflictRetry(t *testing.T) {
	db := openT(t, "")
	key := []byte("s/test")
	bump := func(txn *badger.Txn) error {
		n, err := u64(txn, "s/test")
		if err != nil {
			return err
		}
		return setU64(txn, "s/test", n+1)
	}
	attempts := 0
	must(t, db.update(ctx, func(txn *badger.Txn) error {
		if _, err := txn.Get(key); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if attempts++; attempts == 1 {
			must(t, db.bdb.Update(bump)) // someone else, between our read and our commit
		}
		return bump(txn)
	}))
	var n uint64
	must(t, db.bdb.View(func(txn *badger.Txn) (err error) { n, err = u64(txn, "s/test"); return err }))
	if attempts != 2 || n != 2 {
		t.Fatalf("attempts %d, counter %d", attempts, n)
	}
	attempts = 0
	err := db.update(ctx, func(txn *badger.Txn) error {
		attempts++
		if _, err := txn.Get(key); err != nil {
			return err
		}
		must(t, db.bdb.Update(bump))
		return bump(txn)
	})
	wantCode(t, err, meeting.ECONFLICT, "try again")
	if attempts != maxAttempt {
		t.Fatalf("%d attempts", attempts)
	}
}

// TestDanglingIndexEntry: an index entry without its record is skipped
// (and logged), not an error that hides every other record.
func TestDanglingIndexEntry(t *testing.T) {
	db := openT(t, "")
	must(t, db.CreateAction(ctx, action("real", "bob", "2026-11-30")))
	must(t, db.bdb.Update(func(txn *badger.Txn) error { return txn.Set([]byte(ix("a.owner", "bob", "A9")), nil) }))
	as, err := db.Actions(ctx, meeting.ActionFilter{Owner: "bob"})
	must(t, err)
	if ids(actions, as) != "A1" {
		t.Fatalf("got %s", ids(actions, as))
	}
}

// TestNestedCalls: an Update fn that calls the store, or a writer whose
// turn is held, waits a moment at most; it never deadlocks.
func TestNestedCalls(t *testing.T) {
	db := openT(t, "")
	must(t, db.CreateIssue(ctx, &meeting.Issue{Title: "setup abandonment"}))
	i, err := db.UpdateIssue(ctx, "I1", func(i *meeting.Issue) error {
		a := action("fix setup", "bob", "2026-11-30")
		if err := db.CreateAction(ctx, a); err != nil {
			return err
		}
		i.ActionIDs = append(i.ActionIDs, a.ID)
		return nil
	})
	must(t, err)
	if len(i.ActionIDs) != 1 {
		t.Fatal(i.ActionIDs)
	}
	release := db.turn(ctx, "s/action") // held, as by a stuck writer
	start := time.Now()
	must(t, db.CreateAction(ctx, action("still possible", "bob", "2026-11-30")))
	release()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a held turn blocked a writer for %v", d)
	}
}

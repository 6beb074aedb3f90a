package store

import (
	"os"
	"testing"
	"time"

	"cxroom/meeting"
)

// BenchmarkCreateAction is one synced CreateAction at a time.
func BenchmarkCreateAction(b *testing.B) {
	db := openT(b, b.TempDir())
	for b.Loop() {
		must(b, db.CreateAction(ctx, action("benchmark", "bob", "2026-11-30")))
	}
}

// BenchmarkCreateActionParallel shows Badger batching concurrent commits
// into one sync.
func BenchmarkCreateActionParallel(b *testing.B) {
	db := openT(b, b.TempDir())
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			must(b, db.CreateAction(ctx, action("benchmark", "bob", "2026-11-30")))
		}
	})
}

// filled opens a folder holding spec's data, made once per spec and kept
// for the other benchmarks of the run.
var fillDirs = map[FillSpec]string{}

func filled(b *testing.B, spec FillSpec) *DB {
	b.Helper()
	spec.Now = now
	dir, ok := fillDirs[spec]
	if !ok {
		var err error
		dir, err = os.MkdirTemp("", "cxroom-bench-*")
		must(b, err)
		db, err := Open(dir, Options{})
		must(b, err)
		t0 := time.Now()
		must(b, Fill(ctx, db, spec))
		b.Logf("filled %+v in %v", spec, time.Since(t0))
		must(b, db.Close())
		fillDirs[spec] = dir
	}
	return openT(b, dir)
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range fillDirs {
		_ = os.RemoveAll(dir)
	}
	os.Exit(code)
}

var small = FillSpec{Series: 20, Meetings: 1000, Actions: 20000}

// BenchmarkActionsByOwner lists one owner's 1000 of 20k actions.
func BenchmarkActionsByOwner(b *testing.B) {
	db := filled(b, small)
	for b.Loop() {
		as, err := db.Actions(ctx, meeting.ActionFilter{Owner: "owner7"})
		if err != nil || len(as) != 1000 {
			b.Fatal(len(as), err)
		}
	}
}

// BenchmarkQueries runs the app's other common queries over 20k actions
// and 1000 meetings.
func BenchmarkQueries(b *testing.B) {
	db := filled(b, small)
	act := func(f meeting.ActionFilter) func() (int, error) {
		return func() (int, error) { as, err := db.Actions(ctx, f); return len(as), err }
	}
	mtg := func(f meeting.MeetingFilter) func() (int, error) {
		return func() (int, error) { ms, err := db.Meetings(ctx, f); return len(ms), err }
	}
	for _, q := range []struct {
		name string
		run  func() (int, error)
	}{
		{"overdue", act(meeting.ActionFilter{OverdueOn: meeting.DateOf(now)})},
		{"active", act(meeting.ActionFilter{Active: true})},
		{"meeting", act(meeting.ActionFilter{MeetingID: "M7"})},
		{"all-actions", act(meeting.ActionFilter{})},
		{"meetings-latest-20", mtg(meeting.MeetingFilter{Limit: 20})},
		{"series-meetings", mtg(meeting.MeetingFilter{SeriesID: "R3"})},
		{"get-action", func() (int, error) { _, err := db.Action(ctx, "a12345"); return 1, err }},
	} {
		b.Run(q.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				var err error
				if n, err = q.run(); err != nil || n == 0 {
					b.Fatal(n, err)
				}
			}
			b.ReportMetric(float64(n), "records")
		})
	}
}

// BenchmarkOpenLarge is start-up with years of data (10k meetings, 100k
// actions): open, the live and the latest 20 meetings, close.
func BenchmarkOpenLarge(b *testing.B) {
	db := filled(b, FillSpec{Series: 50, Meetings: 10000, Actions: 100000})
	dir := db.dir
	must(b, db.Close())
	for b.Loop() {
		db, err := Open(dir, Options{})
		must(b, err)
		_, err = db.Meetings(ctx, meeting.MeetingFilter{Live: true})
		must(b, err)
		_, err = db.Meetings(ctx, meeting.MeetingFilter{Limit: 20})
		must(b, err)
		must(b, db.Close())
	}
}

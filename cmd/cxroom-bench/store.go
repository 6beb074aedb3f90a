package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cxroom/internal/bench"
	"cxroom/meeting"
	"cxroom/store"
)

// The store benchmark's steps that open the store live here, under cmd/:
// only store/ and the commands that wire it import it.

// benchWrites times W synced CreateAction calls on an empty store.
func benchWrites(ctx context.Context, b *bench.StoreResult, tmp string, progress func(string, ...any)) error {
	progress("%d synced CreateAction calls on an empty store", b.Writes)
	dir := filepath.Join(tmp, "writes")
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	defer db.Close()
	now := time.Now()
	due := meeting.DateOf(now.AddDate(0, 0, 7))
	lat := make([]time.Duration, 0, b.Writes)
	start := time.Now()
	for i := range b.Writes {
		if err := ctx.Err(); err != nil {
			return err
		}
		a, err := meeting.NewAction(fmt.Sprintf("Call back customer %d about the refund", i+1), "maria", string(due), "maria", now)
		if err != nil {
			return err
		}
		t0 := time.Now()
		if err := db.CreateAction(ctx, a); err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
	}
	total := time.Since(start)
	w := &b.Write
	w.P50Us, w.P90Us, w.P99Us, w.MaxUs = bench.Us(bench.Pct(lat, 50)), bench.Us(bench.Pct(lat, 90)), bench.Us(bench.Pct(lat, 99)), bench.Us(bench.Pct(lat, 100))
	w.CommitsPerS = bench.Round(float64(b.Writes)/total.Seconds(), 1)
	return db.Close()
}

// benchFill writes M meetings and N actions into a fresh store.
func benchFill(ctx context.Context, b *bench.StoreResult, tmp string, progress func(string, ...any)) error {
	progress("filling a store with %d meetings (%d series) and %d actions", b.Meetings, b.Series, b.Actions)
	db, err := store.Open(bench.DataDir(tmp), store.Options{})
	if err != nil {
		return err
	}
	t0 := time.Now()
	err = store.Fill(ctx, db, store.FillSpec{Series: b.Series, Meetings: b.Meetings, Actions: b.Actions})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	b.Fill.Seconds = bench.Round(time.Since(t0).Seconds(), 2)
	var size int64
	err = filepath.WalkDir(bench.DataDir(tmp), func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if fi, err := d.Info(); err == nil {
			size += fi.Size()
		}
		return nil
	})
	b.Fill.DiskMiB = bench.Round(float64(size)/(1<<20), 1)
	return err
}

// benchOpen times store.Open and Close of the filled folder.
func benchOpen(ctx context.Context, b *bench.StoreResult, tmp string, progress func(string, ...any)) error {
	progress("store.Open + Close × %d", b.Runs)
	var opens, closes []time.Duration
	for range b.Runs {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		db, err := store.Open(bench.DataDir(tmp), store.Options{})
		if err != nil {
			return err
		}
		t1 := time.Now()
		err = db.Close()
		opens, closes = append(opens, t1.Sub(t0)), append(closes, time.Since(t1))
		if err != nil {
			return err
		}
	}
	b.Open, b.Close = bench.StatOf(opens), bench.StatOf(closes)
	return nil
}

// benchQueries times the action tracker's queries and the lobby's reads
// on the filled store.
func benchQueries(ctx context.Context, b *bench.StoreResult, tmp string, progress func(string, ...any)) error {
	progress("action queries × %d", b.Runs)
	db, err := store.Open(bench.DataDir(tmp), store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	today := meeting.DateOf(time.Now())
	queries := []struct {
		name, filter string
		f            meeting.ActionFilter
	}{
		{"tracker (all actions)", "{}", meeting.ActionFilter{}},
		{"active", "{Active: true}", meeting.ActionFilter{Active: true}},
		{"overdue", fmt.Sprintf("{OverdueOn: %s}", today), meeting.ActionFilter{OverdueOn: today}},
		{"done", "{Status: done}", meeting.ActionFilter{Status: meeting.StatusDone}},
		{"one owner", "{Owner: owner7}", meeting.ActionFilter{Owner: "owner7"}},
		{"one owner's active", "{Owner: owner7, Active: true}", meeting.ActionFilter{Owner: "owner7", Active: true}},
	}
	for _, q := range queries {
		n := 0
		list, err := bench.TimeRuns(ctx, b.Runs, func() error {
			as, err := db.Actions(ctx, q.f)
			n = len(as)
			return err
		})
		if err != nil {
			return err
		}
		count, err := bench.TimeRuns(ctx, b.Runs, func() error {
			c, err := db.CountActions(ctx, q.f)
			if err == nil && c != n {
				err = fmt.Errorf("CountActions(%s) = %d but Actions lists %d", q.filter, c, n)
			}
			return err
		})
		if err != nil {
			return err
		}
		// the tracker: the count and a page, at the top and at the bottom
		page := func(last bool) ([]time.Duration, error) {
			return bench.TimeRuns(ctx, b.Runs, func() error {
				c, err := db.CountActions(ctx, q.f)
				if err != nil {
					return err
				}
				f := q.f
				f.Limit = bench.TrackerPage
				if last {
					f.Offset = max(c-bench.TrackerPage, 0)
				}
				as, err := db.Actions(ctx, f)
				if err == nil && len(as) != min(c, bench.TrackerPage) {
					err = fmt.Errorf("a page of %s holds %d of %d", q.filter, len(as), c)
				}
				return err
			})
		}
		first, err := page(false)
		if err != nil {
			return err
		}
		last, err := page(true)
		if err != nil {
			return err
		}
		b.Queries = append(b.Queries, bench.Query{Name: q.name, Filter: q.filter, MedianMs: bench.Ms(bench.Median(list)), Results: n,
			CountMedianMs: bench.Ms(bench.Median(count)), PageMs: bench.Ms(bench.Median(first)), LastPageMs: bench.Ms(bench.Median(last))})
	}

	// The lobby, for an owner of a twentieth of the actions (Fill's
	// owner1), read as tui/home.go reads it today…
	lb := &b.Lobby
	lb.Owner = "owner1"
	home, err := bench.TimeRuns(ctx, b.Runs, func() error {
		if _, err := db.Meetings(ctx, meeting.MeetingFilter{Limit: 12}); err != nil {
			return err
		}
		active, err := db.Actions(ctx, meeting.ActionFilter{Active: true})
		if err != nil {
			return err
		}
		lb.Open, lb.Overdue, lb.Blocked, lb.OwnerActive = 0, 0, 0, 0
		for _, a := range active {
			lb.Open++
			if a.Overdue(today) {
				lb.Overdue++
			}
			if a.Status == meeting.StatusBlocked {
				lb.Blocked++
			}
			if strings.EqualFold(a.Owner, lb.Owner) {
				lb.OwnerActive++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// …and with counts from the indexes and only the owner's actions decoded.
	count, err := bench.TimeRuns(ctx, b.Runs, func() error {
		if _, err := db.Meetings(ctx, meeting.MeetingFilter{Limit: 12}); err != nil {
			return err
		}
		var got [3]int
		for i, f := range []meeting.ActionFilter{{Active: true}, {OverdueOn: today}, {Status: meeting.StatusBlocked}} {
			n, err := db.CountActions(ctx, f)
			if err != nil {
				return err
			}
			got[i] = n
		}
		mine, err := db.Actions(ctx, meeting.ActionFilter{Owner: lb.Owner, Active: true})
		if err != nil {
			return err
		}
		if got != [3]int{lb.Open, lb.Overdue, lb.Blocked} || len(mine) != lb.OwnerActive {
			return fmt.Errorf("the lobby's counts differ: %v and %d mine, against %d, %d, %d and %d",
				got, len(mine), lb.Open, lb.Overdue, lb.Blocked, lb.OwnerActive)
		}
		return nil
	})
	if err != nil {
		return err
	}
	lb.HomeMs, lb.CountMs = bench.Ms(bench.Median(home)), bench.Ms(bench.Median(count))
	return db.Close()
}

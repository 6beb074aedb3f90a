package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// StoreRuns is how often each start-up and query figure is measured.
const StoreRuns = 5

// Stat is the median and the worst of a few runs.
type Stat struct {
	MedianMs float64 `json:"median_ms"`
	MaxMs    float64 `json:"max_ms"`
}

// Query is one action-tracker query over the filled store: listing
// the records (as the TUI does) and counting them from the index alone.
type Query struct {
	Name          string  `json:"name"`
	Filter        string  `json:"filter"`
	MedianMs      float64 `json:"median_ms"`
	Results       int     `json:"results"`
	CountMedianMs float64 `json:"count_median_ms"`
	// What the tracker reads for its first screen (the count and the first
	// page of TrackerPage), and for the bottom of the list (the last page).
	PageMs     float64 `json:"page_ms"`
	LastPageMs float64 `json:"last_page_ms"`
}

// TrackerPage is the page the tracker reads (tui/tracker.go).
const TrackerPage = 200

// StoreResult is what `cxroom-bench store --json` prints.
type StoreResult struct {
	Machine struct {
		GoVersion  string `json:"go_version"`
		OS         string `json:"os"`
		Arch       string `json:"arch"`
		NumCPU     int    `json:"num_cpu"`
		GOMAXPROCS int    `json:"gomaxprocs"`
		TempDir    string `json:"temp_dir"`
		FS         string `json:"fs"`
	} `json:"machine"`
	Actions  int `json:"actions"`
	Meetings int `json:"meetings"`
	Series   int `json:"series"`
	Writes   int `json:"writes"`
	Runs     int `json:"runs"`

	// W synced CreateAction calls, one at a time, on an empty store.
	Write struct {
		P50Us       float64 `json:"p50_us"`
		P90Us       float64 `json:"p90_us"`
		P99Us       float64 `json:"p99_us"`
		MaxUs       float64 `json:"max_us"`
		CommitsPerS float64 `json:"commits_per_s"`
	} `json:"write"`
	// W × (write 4 KiB at the end of a file + fsync) in the same folder.
	Fsync struct {
		P50Us float64 `json:"p50_us"`
		P90Us float64 `json:"p90_us"`
		P99Us float64 `json:"p99_us"`
		MaxUs float64 `json:"max_us"`
	} `json:"fsync"`
	WriteFsyncRatio float64 `json:"write_fsync_ratio"` // write p50 / fsync p50

	Fill struct {
		Seconds float64 `json:"seconds"`
		DiskMiB float64 `json:"disk_mib"`
	} `json:"fill"`
	Open       Stat `json:"open"`        // store.Open on the filled folder
	Close      Stat `json:"close"`       // and its Close
	FirstFrame Stat `json:"first_frame"` // exec → the lobby's first frame
	Summary    Stat `json:"summary"`     // exec → the lobby's action summary

	// The lobby's store reads, in process: decoding every active action (the naive way)
	// (every active action decoded to count it) and with CountActions.
	Lobby struct {
		Owner       string  `json:"owner"`
		HomeMs      float64 `json:"home_ms"`
		CountMs     float64 `json:"count_ms"`
		Open        int     `json:"open"`
		Overdue     int     `json:"overdue"`
		Blocked     int     `json:"blocked"`
		OwnerActive int     `json:"owner_active"`
	} `json:"lobby"`
	Queries []Query `json:"queries"`
}

// DataDir is where the filled store lives.
func DataDir(tmp string) string { return filepath.Join(tmp, "data") }

// Fsync times W appends of 4 KiB, each followed by an fsync, to a
// file in the same folder: what one durable commit costs this disk.
func Fsync(ctx context.Context, b *StoreResult, tmp string, progress func(string, ...any)) error {
	progress("%d × (4 KiB write + fsync) in the same folder", b.Writes)
	p := filepath.Join(tmp, "fsync.dat")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(p)
	defer f.Close()
	block := make([]byte, 4096)
	for i := range block {
		block[i] = byte(i)
	}
	lat := make([]time.Duration, 0, b.Writes)
	for range b.Writes {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		if _, err := f.Write(block); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
	}
	s := &b.Fsync
	s.P50Us, s.P90Us, s.P99Us, s.MaxUs = Us(Pct(lat, 50)), Us(Pct(lat, 90)), Us(Pct(lat, 99)), Us(Pct(lat, 100))
	if s.P50Us > 0 {
		b.WriteFsyncRatio = Round(b.Write.P50Us/s.P50Us, 2)
	}
	return f.Close()
}

// FirstFrame is the step that runs the cxroom binary exe's TUI on the
// filled folder in a pseudo-terminal, b.Runs times, timing from exec to the
// lobby's first frame and to its action summary.
func FirstFrame(exe string) func(context.Context, *StoreResult, string, func(string, ...any)) error {
	return func(ctx context.Context, b *StoreResult, tmp string, progress func(string, ...any)) error {
		progress("first frame of %s × %d (120×40 pseudo-terminal)", exe, b.Runs)
		home := filepath.Join(tmp, "home")
		if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
			return err
		}
		env := ChildEnv(os.Environ(), home)
		var frames, sums []time.Duration
		for range b.Runs {
			f, s, err := TimeTUI(ctx, exe, DataDir(tmp), env)
			if err != nil {
				return err
			}
			frames, sums = append(frames, f), append(sums, s)
		}
		b.FirstFrame, b.Summary = StatOf(frames), StatOf(sums)
		return nil
	}
}

// PrintStore prints the figures as a readable table.
func PrintStore(w io.Writer, b *StoreResult) {
	m := b.Machine
	fsName := m.FS
	if fsName == "" {
		fsName = "an unknown file system"
	}
	fmt.Fprintf(w, "cxroom-bench store: %d actions, %d meetings (%d series), %d writes, %d runs\n",
		b.Actions, b.Meetings, b.Series, b.Writes, b.Runs)
	fmt.Fprintf(w, "machine: %s/%s, %d CPUs, GOMAXPROCS %d, %s; temp folder %s on %s\n\n",
		m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS, m.GoVersion, m.TempDir, fsName)

	PrintTable(w, [][]string{
		{"durable writes, one at a time", "p50", "p90", "p99", "max"},
		{"synced CreateAction, empty store", FmtUs(b.Write.P50Us), FmtUs(b.Write.P90Us), FmtUs(b.Write.P99Us), FmtUs(b.Write.MaxUs)},
		{"raw 4 KiB write + fsync, same folder", FmtUs(b.Fsync.P50Us), FmtUs(b.Fsync.P90Us), FmtUs(b.Fsync.P99Us), FmtUs(b.Fsync.MaxUs)},
	})
	fmt.Fprintf(w, "%.0f commits/s; a durable write costs %.2f× a raw fsync (p50)\n\n", b.Write.CommitsPerS, b.WriteFsyncRatio)

	fmt.Fprintf(w, "filled %d meetings and %d actions in %.1f s: %.1f MiB on disk\n\n", b.Meetings, b.Actions, b.Fill.Seconds, b.Fill.DiskMiB)

	PrintTable(w, [][]string{
		{fmt.Sprintf("start-up over that data, %d runs", b.Runs), "median", "max"},
		{"store.Open", FmtMs(b.Open.MedianMs), FmtMs(b.Open.MaxMs)},
		{"store Close", FmtMs(b.Close.MedianMs), FmtMs(b.Close.MaxMs)},
		{"TUI: exec → the lobby's first frame", FmtMs(b.FirstFrame.MedianMs), FmtMs(b.FirstFrame.MaxMs)},
		{"TUI: exec → the lobby's action summary", FmtMs(b.Summary.MedianMs), FmtMs(b.Summary.MaxMs)},
	})
	fmt.Fprintln(w)

	rows := [][]string{{fmt.Sprintf("action queries, median of %d", b.Runs), "Actions (all)", "results", "CountActions",
		fmt.Sprintf("count + first %d", TrackerPage), "count + last page"}}
	for _, q := range b.Queries {
		rows = append(rows, []string{q.Name + " " + q.Filter, FmtMs(q.MedianMs), fmt.Sprint(q.Results), FmtMs(q.CountMedianMs),
			FmtMs(q.PageMs), FmtMs(q.LastPageMs)})
	}
	PrintTable(w, rows)
	fmt.Fprintln(w)

	lb := b.Lobby
	PrintTable(w, [][]string{
		{fmt.Sprintf("the lobby's reads as %s, median of %d", lb.Owner, b.Runs), ""},
		{fmt.Sprintf("decoding all %d active actions (the naive lobby)", lb.Open), FmtMs(lb.HomeMs)},
		{fmt.Sprintf("CountActions ×3 + the owner's %d active actions", lb.OwnerActive), FmtMs(lb.CountMs)},
	})
	fmt.Fprintf(w, "(team: %d open · %d overdue · %d blocked)\n", lb.Open, lb.Overdue, lb.Blocked)
}

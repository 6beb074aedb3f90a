package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"

	"cxroom/meeting"
	"cxroom/store"
	"cxroom/tui/cli"
)

// storeBenchRuns is how often each start-up and query figure is measured.
const storeBenchRuns = 5

// benchStat is the median and the worst of a few runs.
type benchStat struct {
	MedianMs float64 `json:"median_ms"`
	MaxMs    float64 `json:"max_ms"`
}

// benchQuery is one action-tracker query over the filled store: listing
// the records (as the TUI does) and counting them from the index alone.
type benchQuery struct {
	Name          string  `json:"name"`
	Filter        string  `json:"filter"`
	MedianMs      float64 `json:"median_ms"`
	Results       int     `json:"results"`
	CountMedianMs float64 `json:"count_median_ms"`
}

// storeBench is what `cxroom bench store --json` prints.
type storeBench struct {
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
	Open       benchStat `json:"open"`        // store.Open on the filled folder
	Close      benchStat `json:"close"`       // and its Close
	FirstFrame benchStat `json:"first_frame"` // exec → the lobby's first frame
	Summary    benchStat `json:"summary"`     // exec → the lobby's action summary

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
	Queries []benchQuery `json:"queries"`
}

// benchStore runs `cxroom bench store`: durable write latency next to the
// disk's raw fsync latency, then start-up and queries over a store filled
// with years of data. Everything happens in a temporary folder, removed at
// the end; the --data folder is never touched.
func benchStore(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cxroom bench store", flag.ContinueOnError)
	fset.SetOutput(stderr)
	nActions := fset.Int("actions", 100000, "actions in the filled store")
	nMeetings := fset.Int("meetings", 10000, "meetings in the filled store")
	nWrites := fset.Int("writes", 2000, "synced writes (and raw fsyncs) to time")
	asJSON := fset.Bool("json", false, "print one JSON object")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	if fset.NArg() > 0 || *nActions < 1 || *nMeetings < 1 || *nWrites < 1 {
		fmt.Fprintln(stderr, "cxroom: usage: cxroom bench store [--actions N] [--meetings M] [--writes W] [--json] (all at least 1)")
		return cli.ExitUsage
	}
	tmp, err := os.MkdirTemp("", "cxroom-bench-store-")
	if err != nil {
		return fail(stderr, err)
	}
	defer os.RemoveAll(tmp)
	b := &storeBench{Actions: *nActions, Meetings: *nMeetings, Writes: *nWrites, Runs: storeBenchRuns,
		Series: min(50, max(1, *nMeetings/200))}
	m := &b.Machine
	m.GoVersion, m.OS, m.Arch = runtime.Version(), runtime.GOOS, runtime.GOARCH
	m.NumCPU, m.GOMAXPROCS, m.TempDir, m.FS = runtime.NumCPU(), runtime.GOMAXPROCS(0), tmp, fsType(tmp)

	progress := func(format string, args ...any) { fmt.Fprintf(stderr, "bench store: "+format+"\n", args...) }
	steps := []struct {
		what string
		run  func(context.Context, *storeBench, string, func(string, ...any)) error
	}{
		{"durable writes", benchWrites},
		{"raw fsync", benchFsync},
		{"fill", benchFill},
		{"store open", benchOpen},
		{"first frame", benchFirstFrame},
		{"queries", benchQueries},
	}
	for _, s := range steps {
		if err := s.run(ctx, b, tmp, progress); err != nil {
			return fail(stderr, fmt.Errorf("bench store: %s: %w", s.what, err))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b); err != nil {
			return fail(stderr, err)
		}
		return cli.ExitOK
	}
	printStoreBench(stdout, b)
	return cli.ExitOK
}

// benchWrites times W synced CreateAction calls on an empty store.
func benchWrites(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
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
	w.P50Us, w.P90Us, w.P99Us, w.MaxUs = us(pct(lat, 50)), us(pct(lat, 90)), us(pct(lat, 99)), us(pct(lat, 100))
	w.CommitsPerS = round(float64(b.Writes)/total.Seconds(), 1)
	return db.Close()
}

// benchFsync times W appends of 4 KiB, each followed by an fsync, to a
// file in the same folder: what one durable commit costs this disk.
func benchFsync(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
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
	s.P50Us, s.P90Us, s.P99Us, s.MaxUs = us(pct(lat, 50)), us(pct(lat, 90)), us(pct(lat, 99)), us(pct(lat, 100))
	if s.P50Us > 0 {
		b.WriteFsyncRatio = round(b.Write.P50Us/s.P50Us, 2)
	}
	return f.Close()
}

// dataDir is where the filled store lives.
func dataDir(tmp string) string { return filepath.Join(tmp, "data") }

// benchFill writes M meetings and N actions into a fresh store.
func benchFill(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
	progress("filling a store with %d meetings (%d series) and %d actions", b.Meetings, b.Series, b.Actions)
	db, err := store.Open(dataDir(tmp), store.Options{})
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
	b.Fill.Seconds = round(time.Since(t0).Seconds(), 2)
	var size int64
	err = filepath.WalkDir(dataDir(tmp), func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if fi, err := d.Info(); err == nil {
			size += fi.Size()
		}
		return nil
	})
	b.Fill.DiskMiB = round(float64(size)/(1<<20), 1)
	return err
}

// benchOpen times store.Open and Close of the filled folder.
func benchOpen(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
	progress("store.Open + Close × %d", b.Runs)
	var opens, closes []time.Duration
	for range b.Runs {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		db, err := store.Open(dataDir(tmp), store.Options{})
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
	b.Open, b.Close = stat(opens), stat(closes)
	return nil
}

// benchFirstFrame runs this very binary's TUI on the filled folder in a
// pseudo-terminal, b.Runs times, timing from exec to the lobby's first
// frame and to its action summary.
func benchFirstFrame(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	progress("first frame of %s × %d (120×40 pseudo-terminal)", exe, b.Runs)
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
		return err
	}
	env := benchEnv(os.Environ(), home)
	var frames, sums []time.Duration
	for range b.Runs {
		f, s, err := timeTUI(ctx, exe, dataDir(tmp), env)
		if err != nil {
			return err
		}
		frames, sums = append(frames, f), append(sums, s)
	}
	b.FirstFrame, b.Summary = stat(frames), stat(sums)
	return nil
}

// benchEnv is the child's environment: the caller's, as maria on a
// 256-colour terminal with colours on, and with a private home so that
// the user's own agendas are not read.
func benchEnv(environ []string, home string) []string {
	drop := map[string]bool{"USER": true, "TERM": true, "NO_COLOR": true, "COLORTERM": true, "HOME": true,
		"XDG_CONFIG_HOME": true, "XDG_DATA_HOME": true, "CXROOM_USER": true, "CXROOM_DATA": true}
	var env []string
	for _, kv := range environ {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			env = append(env, kv)
		}
	}
	return append(env, "USER=maria", "TERM=xterm-256color", "NO_COLOR=", "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
}

// Texts on the lobby's screen: its first frame, then its action summary.
var (
	firstFrameTexts = []string{"START A RITUAL", "IN PROGRESS"}
	summaryText     = "open ·"
)

// timeTUI starts exe --data dir in a 120×40 pseudo-terminal and returns
// how long after exec its screen first showed the lobby, and the lobby's
// action summary. It then quits it with q (killing it if it lingers).
func timeTUI(ctx context.Context, exe, dir string, env []string) (frame, summary time.Duration, err error) {
	cmd := exec.Command(exe, "--data", dir)
	cmd.Env = env
	vt := vt10x.New(vt10x.WithSize(120, 40))
	var mu sync.Mutex // vt
	frameC, sumC, readDone := make(chan time.Duration, 1), make(chan time.Duration, 1), make(chan struct{})
	t0 := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		return 0, 0, err
	}
	var werr error
	exited := make(chan struct{})
	go func() { werr = cmd.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
		f.Close()
		<-readDone
	}()
	go func() {
		defer close(readDone)
		buf := make([]byte, 64<<10)
		sawFrame, sawSum := false, false
		for {
			n, rerr := f.Read(buf)
			at := time.Since(t0)
			if n > 0 {
				mu.Lock()
				_, _ = vt.Write(buf[:n])
				scr := ""
				if !sawFrame || !sawSum {
					scr = vt.String()
				}
				mu.Unlock()
				if !sawFrame && slices.ContainsFunc(firstFrameTexts, func(x string) bool { return strings.Contains(scr, x) }) {
					sawFrame = true
					frameC <- at
				}
				if !sawSum && strings.Contains(scr, summaryText) {
					sawSum = true
					sumC <- at
				}
			}
			if rerr != nil {
				return
			}
		}
	}()
	screen := func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.TrimRight(vt.String(), " \n")
	}
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	for frame == 0 || summary == 0 {
		select {
		case frame = <-frameC:
		case summary = <-sumC:
		case <-exited:
			return 0, 0, fmt.Errorf("cxroom exited (%v) before showing the lobby's summary; its screen:\n%s", werr, screen())
		case <-timeout.C:
			return 0, 0, fmt.Errorf("the lobby's summary did not show within a minute; the screen:\n%s", screen())
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		}
	}
	// quit as a person would, so that the store is closed cleanly for the next run
	_, _ = f.Write([]byte("q"))
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
	}
	return frame, summary, nil
}

// benchQueries times the action tracker's queries and the lobby's reads
// on the filled store.
func benchQueries(ctx context.Context, b *storeBench, tmp string, progress func(string, ...any)) error {
	progress("action queries × %d", b.Runs)
	db, err := store.Open(dataDir(tmp), store.Options{})
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
		{"one owner", "{Owner: owner7}", meeting.ActionFilter{Owner: "owner7"}},
	}
	for _, q := range queries {
		n := 0
		list, err := timeRuns(ctx, b.Runs, func() error {
			as, err := db.Actions(ctx, q.f)
			n = len(as)
			return err
		})
		if err != nil {
			return err
		}
		count, err := timeRuns(ctx, b.Runs, func() error {
			c, err := db.CountActions(ctx, q.f)
			if err == nil && c != n {
				err = fmt.Errorf("CountActions(%s) = %d but Actions lists %d", q.filter, c, n)
			}
			return err
		})
		if err != nil {
			return err
		}
		b.Queries = append(b.Queries, benchQuery{Name: q.name, Filter: q.filter, MedianMs: ms(median(list)), Results: n,
			CountMedianMs: ms(median(count))})
	}

	// The lobby, for an owner of a twentieth of the actions (Fill's
	// owner1), read as tui/home.go reads it today…
	lb := &b.Lobby
	lb.Owner = "owner1"
	home, err := timeRuns(ctx, b.Runs, func() error {
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
	count, err := timeRuns(ctx, b.Runs, func() error {
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
	lb.HomeMs, lb.CountMs = ms(median(home)), ms(median(count))
	return db.Close()
}

// timeRuns times fn n times.
func timeRuns(ctx context.Context, n int, fn func() error) ([]time.Duration, error) {
	var ds []time.Duration
	for range n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		ds = append(ds, time.Since(t0))
	}
	return ds, nil
}

// pct is the p-th percentile of ds (nearest rank); 100 is the maximum.
func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func median(ds []time.Duration) time.Duration { return pct(ds, 50) }

func stat(ds []time.Duration) benchStat {
	return benchStat{MedianMs: ms(median(ds)), MaxMs: ms(pct(ds, 100))}
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }
func us(d time.Duration) float64 { return round(float64(d)/float64(time.Microsecond), 1) }

// fsType names the file system holding dir, from the mount table (Linux);
// "" when it is not known.
func fsType(dir string) string {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return ""
	}
	defer f.Close()
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	best, typ := -1, ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		mp := strings.ReplaceAll(fields[1], `\040`, " ")
		inside := dir == mp || strings.HasPrefix(dir, strings.TrimSuffix(mp, "/")+"/")
		if inside && len(mp) >= best {
			best, typ = len(mp), fields[2]
		}
	}
	return typ
}

// printStoreBench prints the figures as a readable table.
func printStoreBench(w io.Writer, b *storeBench) {
	m := b.Machine
	fsName := m.FS
	if fsName == "" {
		fsName = "an unknown file system"
	}
	fmt.Fprintf(w, "cxroom bench store: %d actions, %d meetings (%d series), %d writes, %d runs\n",
		b.Actions, b.Meetings, b.Series, b.Writes, b.Runs)
	fmt.Fprintf(w, "machine: %s/%s, %d CPUs, GOMAXPROCS %d, %s; temp folder %s on %s\n\n",
		m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS, m.GoVersion, m.TempDir, fsName)

	printTable(w, [][]string{
		{"durable writes, one at a time", "p50", "p90", "p99", "max"},
		{"synced CreateAction, empty store", fmtUs(b.Write.P50Us), fmtUs(b.Write.P90Us), fmtUs(b.Write.P99Us), fmtUs(b.Write.MaxUs)},
		{"raw 4 KiB write + fsync, same folder", fmtUs(b.Fsync.P50Us), fmtUs(b.Fsync.P90Us), fmtUs(b.Fsync.P99Us), fmtUs(b.Fsync.MaxUs)},
	})
	fmt.Fprintf(w, "%.0f commits/s; a durable write costs %.2f× a raw fsync (p50)\n\n", b.Write.CommitsPerS, b.WriteFsyncRatio)

	fmt.Fprintf(w, "filled %d meetings and %d actions in %.1f s: %.1f MiB on disk\n\n", b.Meetings, b.Actions, b.Fill.Seconds, b.Fill.DiskMiB)

	printTable(w, [][]string{
		{fmt.Sprintf("start-up over that data, %d runs", b.Runs), "median", "max"},
		{"store.Open", fmtMs(b.Open.MedianMs), fmtMs(b.Open.MaxMs)},
		{"store Close", fmtMs(b.Close.MedianMs), fmtMs(b.Close.MaxMs)},
		{"TUI: exec → the lobby's first frame", fmtMs(b.FirstFrame.MedianMs), fmtMs(b.FirstFrame.MaxMs)},
		{"TUI: exec → the lobby's action summary", fmtMs(b.Summary.MedianMs), fmtMs(b.Summary.MaxMs)},
	})
	fmt.Fprintln(w)

	rows := [][]string{{fmt.Sprintf("action queries, median of %d", b.Runs), "Actions", "results", "CountActions"}}
	for _, q := range b.Queries {
		rows = append(rows, []string{q.Name + " " + q.Filter, fmtMs(q.MedianMs), fmt.Sprint(q.Results), fmtMs(q.CountMedianMs)})
	}
	printTable(w, rows)
	fmt.Fprintln(w)

	lb := b.Lobby
	printTable(w, [][]string{
		{fmt.Sprintf("the lobby's reads as %s, median of %d", lb.Owner, b.Runs), ""},
		{fmt.Sprintf("decoding all %d active actions (the naive lobby)", lb.Open), fmtMs(lb.HomeMs)},
		{fmt.Sprintf("CountActions ×3 + the owner's %d active actions", lb.OwnerActive), fmtMs(lb.CountMs)},
	})
	fmt.Fprintf(w, "(team: %d open · %d overdue · %d blocked)\n", lb.Open, lb.Overdue, lb.Blocked)
}

// printTable prints rows with the first column aligned left, the others
// right.
func printTable(w io.Writer, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func fmtMs(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f ms", x)
	case x >= 10:
		return fmt.Sprintf("%.1f ms", x)
	}
	return fmt.Sprintf("%.2f ms", x)
}

func fmtUs(x float64) string {
	if x >= 10000 {
		return fmtMs(x / 1000)
	}
	return fmt.Sprintf("%.0f µs", x)
}

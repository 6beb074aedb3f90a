// Command cxroom-bench measures a cxroom binary from the outside and prints
// figures, never pass/fail:
//
//	cxroom-bench fanout [--clients N] [--actions K] [--json] [--cxroom PATH]
//	cxroom-bench store  [--actions N] [--meetings M] [--writes W] [--json] [--cxroom PATH]
//	cxroom-bench soak   [--duration 30m] [--clients N] [--churn 2/s] [--every 1m] [--json] [--cxroom PATH]
//
// fanout runs `cxroom serve` in a child process with N real SSH clients in
// one room and times each added action until every other screen shows it;
// store times durable writes against the disk's fsync, then start-up and
// queries over a store filled with years of data; soak holds a room for a
// long time while people come and go, and samples the server's heap,
// goroutines, file descriptors and RSS. Both work in a temporary
// folder removed at the end. It is a developer's tool: the shipped cxroom
// carries none of it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"cxroom/internal/bench"
)

// Exit statuses: as cxroom's.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usage = "usage: cxroom-bench fanout [--clients N] [--actions K] [--json] | cxroom-bench store [--json] | cxroom-bench soak [--duration 30m] [--clients N] [--churn 2/s] [--json]  (each takes --cxroom PATH)"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "cxroom-bench: "+usage)
		return exitUsage
	}
	switch args[0] {
	case "fanout":
		return fanout(ctx, args[1:], stdout, stderr)
	case "store":
		return storeBench(ctx, args[1:], stdout, stderr)
	case "soak":
		return soak(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "cxroom-bench: unknown benchmark %q; try fanout, store or soak\n", args[0])
	return exitUsage
}

// fail prints one line and returns the failure status.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "cxroom-bench: %s\n", err)
	return exitFail
}

// cxroomBinary is the binary to measure: --cxroom, else cxroom next to
// this binary (make build puts both in bin/), else cxroom on PATH.
func cxroomBinary(flagged string) (string, error) {
	if flagged != "" {
		p, err := exec.LookPath(flagged)
		if err != nil {
			return "", fmt.Errorf("--cxroom %s is not an executable", flagged)
		}
		return filepath.Abs(p)
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), "cxroom")
		if runtime.GOOS == "windows" {
			p += ".exe"
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath("cxroom"); err == nil {
		return filepath.Abs(p)
	}
	return "", errors.New("no cxroom binary next to cxroom-bench or on PATH; build it (make build) or pass --cxroom bin/cxroom")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// fanout runs `cxroom-bench fanout`: a cxroom SSH server in a child process
// on 127.0.0.1, N real SSH clients with PTYs in one room, one of them
// adding K actions, and the time until each other screen shows each.
func fanout(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cxroom-bench fanout", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var o bench.FanoutOptions
	fset.IntVar(&o.Clients, "clients", 50, "SSH clients in the room (one facilitator, the rest members)")
	fset.IntVar(&o.Actions, "actions", 20, "actions one member adds")
	fset.DurationVar(&o.Spacing, "spacing", 300*time.Millisecond, "pause between adds")
	fset.DurationVar(&o.Idle, "idle", 5*time.Second, "how long to measure the idle room's CPU")
	timeout := fset.Duration("timeout", 3*time.Minute, "overall deadline")
	asJSON := fset.Bool("json", false, "print one JSON object")
	fset.StringVar(&o.Profile, "cpuprofile", "", "write the server's CPU profile during the adds to this file")
	fset.StringVar(&o.LoadProfile, "load-cpuprofile", "", "write the load generator's own CPU profile during the adds to this file")
	fset.StringVar(&o.MemProfile, "memprofile", "", "write the server's heap profile with everyone in the room, before the adds, to this file")
	fset.BoolVar(&o.Lobby, "lobby", false, "everyone waits in the lobby, then all join the ritual at once (a town hall's arrival)")
	cxroom := fset.String("cxroom", "", "the cxroom binary to measure (default: next to cxroom-bench, else on PATH)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() > 0 || o.Clients < 2 || o.Clients > 2000 || o.Actions < 1 || o.Actions > 9999 || *timeout <= 0 || o.Idle < 0 || o.Spacing < 0 {
		fmt.Fprintln(stderr, "cxroom-bench: usage: cxroom-bench fanout [--clients N (2–2000)] [--actions K (1–9999)] [--spacing 300ms] [--idle 5s] [--lobby] [--timeout 3m] [--json] [--cxroom PATH]")
		return exitUsage
	}
	var err error
	if o.Cxroom, err = cxroomBinary(*cxroom); err != nil {
		return fail(stderr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench fanout: "+format+"\n", args...)
	}
	b, err := bench.RunFanout(ctx, o, progress)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%w (deadline %s; raise it with --timeout)", err, *timeout)
		}
		return fail(stderr, fmt.Errorf("bench fanout: %w", err))
	}
	if *asJSON {
		if err := writeJSON(stdout, b); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	bench.PrintFanout(stdout, b)
	return exitOK
}

// storeBench runs `cxroom-bench store`: durable write latency next to the
// disk's raw fsync latency, then start-up and queries over a store filled
// with years of data. Everything happens in a temporary folder, removed at
// the end.
func storeBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cxroom-bench store", flag.ContinueOnError)
	fset.SetOutput(stderr)
	nActions := fset.Int("actions", 100000, "actions in the filled store")
	nMeetings := fset.Int("meetings", 10000, "meetings in the filled store")
	nWrites := fset.Int("writes", 2000, "synced writes (and raw fsyncs) to time")
	asJSON := fset.Bool("json", false, "print one JSON object")
	cxroom := fset.String("cxroom", "", "the cxroom binary whose start-up is timed (default: next to cxroom-bench, else on PATH)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() > 0 || *nActions < 1 || *nMeetings < 1 || *nWrites < 1 {
		fmt.Fprintln(stderr, "cxroom-bench: usage: cxroom-bench store [--actions N] [--meetings M] [--writes W] [--json] [--cxroom PATH] (all at least 1)")
		return exitUsage
	}
	exe, err := cxroomBinary(*cxroom)
	if err != nil {
		return fail(stderr, err)
	}
	tmp, err := os.MkdirTemp("", "cxroom-bench-store-")
	if err != nil {
		return fail(stderr, err)
	}
	defer os.RemoveAll(tmp)
	b := &bench.StoreResult{Actions: *nActions, Meetings: *nMeetings, Writes: *nWrites, Runs: bench.StoreRuns,
		Series: min(50, max(1, *nMeetings/200))}
	m := &b.Machine
	m.GoVersion, m.OS, m.Arch = runtime.Version(), runtime.GOOS, runtime.GOARCH
	m.NumCPU, m.GOMAXPROCS, m.TempDir, m.FS = runtime.NumCPU(), runtime.GOMAXPROCS(0), tmp, bench.FSType(tmp)

	progress := func(format string, args ...any) { fmt.Fprintf(stderr, "bench store: "+format+"\n", args...) }
	steps := []struct {
		what string
		run  func(context.Context, *bench.StoreResult, string, func(string, ...any)) error
	}{
		{"durable writes", benchWrites},
		{"raw fsync", bench.Fsync},
		{"fill", benchFill},
		{"store open", benchOpen},
		{"first frame", bench.FirstFrame(exe)},
		{"queries", benchQueries},
	}
	for _, s := range steps {
		if err := s.run(ctx, b, tmp, progress); err != nil {
			return fail(stderr, fmt.Errorf("bench store: %s: %w", s.what, err))
		}
	}
	if *asJSON {
		if err := writeJSON(stdout, b); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	bench.PrintStore(stdout, b)
	return exitOK
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"cxroom/internal/bench"
)

// soak runs `cxroom-bench soak`: one room of N real SSH clients held for a
// long time while people leave and come back and a member adds an action
// now and then; the server's heap, goroutines, file descriptors, RSS and
// CPU are sampled at every interval and printed as a table (or JSON).
func soak(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cxroom-bench soak", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var o bench.SoakOptions
	fset.DurationVar(&o.Duration, "duration", 30*time.Minute, "how long to hold the room, connecting included")
	fset.IntVar(&o.Clients, "clients", 100, "SSH clients in the room")
	churn := fset.String("churn", "2/s", "people leaving and coming back, per second (N/s or N/m)")
	fset.DurationVar(&o.Every, "every", time.Minute, "between samples")
	fset.DurationVar(&o.AddEvery, "add-every", 10*time.Second, "between actions one member adds (0: none)")
	fset.DurationVar(&o.Warmup, "warmup", 0, "growth is measured from the first sample after this (default a sixth of the duration, at least 2 samples in)")
	asJSON := fset.Bool("json", false, "print one JSON object")
	cxroom := fset.String("cxroom", "", "the cxroom binary to measure (default: next to cxroom-bench, else on PATH)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var err error
	o.Churn, err = parseRate(*churn)
	if fset.NArg() > 0 || err != nil || o.Clients < 2 || o.Clients > 2000 || o.Duration <= 0 || o.Every < time.Second || o.AddEvery < 0 || o.Warmup < 0 || o.Churn > 100 {
		fmt.Fprintln(stderr, "cxroom-bench: usage: cxroom-bench soak [--duration 30m] [--clients N (2–2000)] [--churn 2/s (at most 100/s)] [--every 1m (at least 1s)] [--add-every 10s] [--warmup D] [--json] [--cxroom PATH]")
		return exitUsage
	}
	if o.Warmup == 0 {
		o.Warmup = max(o.Duration/6, 2*o.Every)
	}
	if o.Cxroom, err = cxroomBinary(*cxroom); err != nil {
		return fail(stderr, err)
	}
	// connecting N clients, then the soak, then closing them
	ctx, cancel := context.WithTimeout(ctx, o.Duration+5*time.Minute)
	defer cancel()
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench soak: "+format+"\n", args...)
	}
	s, err := bench.RunSoak(ctx, o, progress)
	if err != nil {
		return fail(stderr, fmt.Errorf("bench soak: %w", err))
	}
	if *asJSON {
		if err := writeJSON(stdout, s); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	bench.PrintSoak(stdout, s)
	return exitOK
}

// parseRate reads "2/s", "30/m" or "2" (a second) as a rate per second.
func parseRate(s string) (float64, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), "/")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a rate like 2/s", s)
	}
	switch unit {
	case "", "s":
		return f, nil
	case "m", "min":
		return f / 60, nil
	}
	return 0, fmt.Errorf("%q is not a rate like 2/s", s)
}

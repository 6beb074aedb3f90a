//go:build linux

package bench

import (
	"runtime"
	"testing"
	"time"
)

// TestRunTimeCountsWorkToTheMillisecond: the latency window's figures are
// differences of a few milliseconds, finer than ProcCPU's 10 ms ticks.
func TestRunTimeCountsWorkToTheMillisecond(t *testing.T) {
	before, err := SelfRunTime()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	spin(30 * time.Millisecond)
	wall := time.Since(start)
	after, err := SelfRunTime()
	if err != nil {
		t.Fatal(err)
	}
	got := after - before
	// the spin ran on a CPU for most of its wall time (a busy machine may
	// take some), and no thread of this process ran longer than the wall
	if got < 10*time.Millisecond || got > wall*time.Duration(runtime.NumCPU())+50*time.Millisecond {
		t.Errorf("a %s spin counted %s of run time", wall.Round(time.Millisecond), got)
	}
	if got%(10*time.Millisecond) == 0 {
		t.Errorf("%s: counted in ticks, not nanoseconds", got)
	}
	if _, err := ProcRunTime(-1); err == nil {
		t.Error("a process that does not exist has a run time")
	}
}

// spin keeps a CPU busy for d of wall time.
func spin(d time.Duration) {
	x := 0
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := range 1000 {
			x += i
		}
	}
	_ = x
}

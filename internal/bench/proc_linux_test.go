//go:build linux

package bench

import (
	"runtime"
	"testing"
	"time"
)

// TestRunTimeCountsWorkToTheMillisecond: the latency window's figures are
// differences of a few milliseconds, finer than ProcCPU's 10 ms ticks. The
// test works until the run time it reads has grown by 20 ms (however busy
// the machine: a wall-clock spin got 9 ms of CPU in 30 ms under CI), then
// checks the figure is this process's and not counted in ticks.
func TestRunTimeCountsWorkToTheMillisecond(t *testing.T) {
	before, err := SelfRunTime()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var got time.Duration
	for x := 0; got < 20*time.Millisecond; {
		if time.Since(start) > time.Minute {
			t.Fatalf("a minute of work counted %s of run time", got)
		}
		for i := range 100000 {
			x += i
		}
		now, err := SelfRunTime()
		if err != nil {
			t.Fatal(err)
		}
		got = now - before
	}
	wall := time.Since(start)
	if got > wall*time.Duration(runtime.NumCPU())+50*time.Millisecond {
		t.Errorf("%s of work counted %s of run time: more than the CPUs had", wall.Round(time.Millisecond), got)
	}
	if got%(10*time.Millisecond) == 0 {
		t.Errorf("%s: counted in ticks, not nanoseconds", got)
	}
	if _, err := ProcRunTime(-1); err == nil {
		t.Error("a process that does not exist has a run time")
	}
}

package tui

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
)

// recurse recurses through n frames of about 1 KiB of stack each.
//
//go:noinline
func recurse(n int) int {
	var pad [1024]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return recurse(n-1) + int(pad[n%len(pad)])
}

func stackInuse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// parkedStacks starts n goroutines that each call work once and then wait
// (as a session's program waits between changes), and returns the stack
// memory they hold per goroutine while parked.
func parkedStacks(t *testing.T, n int, work func(done chan any)) uint64 {
	t.Helper()
	runtime.GC()
	before := stackInuse()
	release := make(chan struct{})
	var ready, finished sync.WaitGroup
	ready.Add(n)
	finished.Add(n)
	for range n {
		go func() {
			defer finished.Done()
			work(make(chan any, 1))
			ready.Done()
			<-release
		}()
	}
	ready.Wait()
	after := stackInuse()
	close(release)
	finished.Wait()
	if after < before {
		return 0
	}
	return (after - before) / uint64(n)
}

// A frame rendered on the pool leaves the session's goroutine with the
// small stack it started with; rendered there, the goroutine keeps the
// deepest stack it needed for as long as it lives.
func TestDeepWorkKeepsDeepStacksOffLongLivedGoroutines(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := startDeepWork(ctx)
	const n, depth = 128, 64 // 64 KiB of stack per render
	inline := parkedStacks(t, n, func(chan any) { recurse(depth) })
	pooled := parkedStacks(t, n, func(done chan any) { d.run(done, func() { recurse(depth) }) })
	t.Logf("stack per parked goroutine: rendered on it %d KiB, on the pool %d KiB", inline>>10, pooled>>10)
	if inline < 32<<10 {
		t.Fatalf("the control is broken: rendering on the goroutine left it only %d KiB of stack", inline>>10)
	}
	if pooled > 16<<10 {
		t.Fatalf("rendering on the pool left each goroutine %d KiB of stack, want at most 16 KiB", pooled>>10)
	}
}

func TestDeepWorkRunsAndRaisesPanicsOnTheCaller(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := startDeepWork(ctx)
	done := make(chan any, 1)
	got := 0
	for i := range 3 { // the same done channel serves call after call
		d.run(done, func() { got += i + 1 })
	}
	if got != 6 {
		t.Fatalf("three runs added up to %d, want 6", got)
	}
	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("a panic on the worker did not reach the caller")
		}
		dp, ok := p.(deepPanic)
		if !ok || dp.value != "boom" || !strings.Contains(dp.String(), "deepwork_test.go") {
			t.Fatalf("the caller got %#v, want the worker's panic with its stack", p)
		}
		d.run(done, func() { got = -1 }) // the worker that panicked still works
		if got != -1 {
			t.Fatal("the pool stopped working after a panic")
		}
	}()
	d.run(done, func() { panic("boom") })
}

func TestDeepWorkAfterShutdownRunsInline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	d := startDeepWork(ctx)
	cancel()
	ran := false
	d.run(make(chan any, 1), func() { ran = true })
	if !ran {
		t.Fatal("after shutdown, run did not run its function")
	}
	var none *deepWork
	ran = false
	none.run(nil, func() { ran = true })
	if !ran {
		t.Fatal("a nil pool did not run its function")
	}
}

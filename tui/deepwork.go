package tui

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Deep work: where a session's frame is rendered.
//
// Rendering a screen (lipgloss layouts, markdown, tables) runs deep: tens
// of KiB of stack. A goroutine's stack grows to the deepest it has been
// and gives memory back only when a collection finds most of it unused, so
// every session's program, which renders on its own event loop, keeps a
// grown stack between changes: with hundreds of sessions in a room that is
// megabytes held for work done a few times a minute. Here the rendering
// runs on a few long-lived workers instead, whose stacks are grown once and
// shared; a session's own goroutines stay shallow. The caller waits for the
// result, so a frame is made exactly as before, in the same order.
type deepWork struct {
	ctx  context.Context
	jobs chan deepJob
}

type deepJob struct {
	fn   func()
	done chan<- any // receives nil, or what fn panicked with
}

// startDeepWork starts the workers; they stop when ctx ends, after which
// run calls fn on the caller's goroutine.
func startDeepWork(ctx context.Context) *deepWork {
	d := &deepWork{ctx: ctx, jobs: make(chan deepJob)}
	for range max(2, 2*runtime.GOMAXPROCS(0)) {
		go d.work()
	}
	return d
}

func (d *deepWork) work() {
	for {
		select {
		case <-d.ctx.Done():
			return
		case j := <-d.jobs:
			j.done <- call(j.fn)
		}
	}
}

// call runs fn and returns what it panicked with, nil if it returned (a
// recovered panic is never nil since Go 1.21).
func call(fn func()) (p any) {
	defer func() {
		if r := recover(); r != nil {
			p = deepPanic{value: r, stack: debug.Stack()}
		}
	}()
	fn()
	return nil
}

// deepPanic is a panic raised on a worker, raised again on the caller with
// the worker's stack, where it happened.
type deepPanic struct {
	value any
	stack []byte
}

func (p deepPanic) String() string { return fmt.Sprintf("%v\n\n%s", p.value, p.stack) }

// run calls fn on a worker and waits for it; a panic in fn is raised again
// here. done is the caller's own channel (buffered, capacity 1), reused
// from call to call. A nil pool, or one whose workers have stopped, runs
// fn here.
func (d *deepWork) run(done chan any, fn func()) {
	if d == nil || d.ctx.Err() != nil {
		fn()
		return
	}
	select {
	case d.jobs <- deepJob{fn: fn, done: done}:
	case <-d.ctx.Done():
		fn()
		return
	}
	if p := <-done; p != nil {
		panic(p)
	}
}

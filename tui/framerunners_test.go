package tui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
)

// idleWriter waits until fw has nothing to draw and no run going.
func idleWriter(t *testing.T, fw *frameWriter) {
	t.Helper()
	waitUntil(t, 5*time.Second, "the frame writer idle", func() bool {
		fw.mu.Lock()
		defer fw.mu.Unlock()
		return !fw.running && !fw.pending
	})
}

// TestUnchangedFrameStartsNoRun: a change a screen does not show (someone
// else's "typing…" off screen, a tick that moves nothing) leaves the frame
// as the terminal shows it; handing that frame to the writer starts no run
// and writes nothing, where every session in a room started a goroutine
// for it. A different frame, a new screen or a new size still draws.
func TestUnchangedFrameStartsNoRun(t *testing.T) {
	frames := []string{"A1: call the customer\nMaria typing…", "A1: call the customer\nA2: write back"}
	out := &syncBuffer{}
	fw := newFrameWriter(context.Background(), newStepCache(), out, "xterm-256color", colorprofile.TrueColor, nil, nil)
	fw.show(frames[0], "", false, "cxroom", 80, 20)
	idleWriter(t, fw)
	if out.writes() != 1 {
		t.Fatalf("%d writes for the first frame; want 1", out.writes())
	}

	fw.changed(time.Now())
	fw.show(frames[0], "", false, "cxroom", 80, 20)
	fw.mu.Lock()
	running, pending, at := fw.running, fw.pending, fw.nextAt
	fw.mu.Unlock()
	if running || pending || !at.IsZero() {
		t.Fatalf("the frame the terminal shows started a run (running %v, pending %v, change kept %v); want nothing to draw", running, pending, !at.IsZero())
	}

	for _, c := range []struct {
		name string
		show func()
	}{
		{"another frame", func() { fw.show(frames[1], "", false, "cxroom", 80, 20) }},
		{"a new screen", func() { fw.fresh(); fw.show(frames[0], "", false, "cxroom", 80, 20) }},
		{"a new size", func() { fw.show(frames[0], "", false, "cxroom", 81, 20) }},
	} {
		before := out.writes()
		c.show()
		idleWriter(t, fw)
		if out.writes() != before+1 {
			t.Errorf("%s: %d writes; want 1", c.name, out.writes()-before)
		}
	}
}

// TestFrameRunnersWaitThenLeave: a run that ends waits for the next
// writer's run (no goroutine made per frame), at most maxParkedRunners
// wait, and none is left once the server has been quiet for
// runnerParkTime.
func TestFrameRunnersWaitThenLeave(t *testing.T) {
	// let runners from other tests leave
	waitUntil(t, 3*runnerParkTime, "no runner left", func() bool { return serverStacks("(*runnerPool).runner") == 0 })
	frames := []string{"A1: call the customer", "A1: call the customer\nA2: write back"}
	steps := newStepCache()
	var fws []*frameWriter
	var outs []*syncBuffer
	for range 3 * maxParkedRunners {
		out := &syncBuffer{}
		outs = append(outs, out)
		fws = append(fws, newFrameWriter(context.Background(), steps, out, "xterm-256color", colorprofile.TrueColor, nil, nil))
	}

	// one writer after another: one runner draws them all
	for i, fw := range fws[:5] {
		fw.show(frames[i%2], "", false, "cxroom", 60, 16)
		idleWriter(t, fw)
		waitUntil(t, 5*time.Second, "the runner waiting", func() bool { return frameRunners.parked.Load() == 1 })
	}
	if n := serverStacks("(*runnerPool).runner"); n != 1 {
		t.Fatalf("%d runners after five frames drawn one after another; want the one that drew them all", n)
	}

	// all at once: runners enough for them, then at most maxParkedRunners wait
	for i, fw := range fws {
		fw.show(frames[(i+1)%2], "", false, "cxroom", 60, 16)
	}
	for i, fw := range fws {
		idleWriter(t, fw)
		if outs[i].writes() == 0 {
			t.Fatalf("writer %d never drew", i)
		}
	}
	waitUntil(t, 5*time.Second, "runners beyond the bound gone", func() bool {
		return serverStacks("(*runnerPool).runner") <= maxParkedRunners
	})
	if p := frameRunners.parked.Load(); p > maxParkedRunners {
		t.Fatalf("%d runners waiting; want at most %d", p, maxParkedRunners)
	}

	// quiet: none left
	waitUntil(t, 3*runnerParkTime, "no runner left after a quiet spell", func() bool {
		return serverStacks("(*runnerPool).runner") == 0 && frameRunners.parked.Load() == 0
	})
}

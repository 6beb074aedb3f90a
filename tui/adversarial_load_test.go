package tui

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

// TestAdversarialConcurrentAdds has 50 clients fill the action form, wait
// at a barrier, and press their final enter at the same instant: every
// action is stored exactly once, the ids are one gap-free sequence, the
// room's order is the id order, and every screen ends on the same latest
// event.
func TestAdversarialConcurrentAdds(t *testing.T) {
	const n = 50
	e := newSSHEnv(t, func(c *ServerConfig) { c.Open = true }) // 50 people: guests beside the team
	maria := e.connect("maria")
	r := e.startVOC(maria)

	clients := make([]*client, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			user := fmt.Sprintf("g%02d", i)
			c := e.connectAs(user, user, newKey(t), nil, true)
			clients[i] = c
			if err := c.await(3*wait, func(s string) bool { return strings.Contains(s, "IN PROGRESS") }); err != nil {
				t.Errorf("%s: lobby: %v", user, err)
				return
			}
			c.send(keyEnter) // a guest's lobby lists the live room first (and no rituals)
			if err := c.await(3*wait, func(s string) bool { return strings.Contains(s, "Segment 1/4") }); err != nil {
				t.Errorf("%s: room: %v\n%s", user, err, c.screen())
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	waitUntil(t, 3*wait, "everyone is in the room", func() bool { return len(r.Snapshot().People) == n+1 })

	// Everyone fills the form, all but the final enter.
	text := func(i int) string { return fmt.Sprintf("Concurrent action %02d", i) }
	for i, c := range clients {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c.send("a")
			if err := c.await(3*wait, func(s string) bool { return strings.Contains(s, "New action") }); err != nil {
				t.Errorf("%s: form: %v", c.name, err)
				return
			}
			c.send(text(i), keyTab, "maria", keyTab, "fri")
			if err := c.await(3*wait, func(s string) bool { return strings.Contains(s, "→ ") }); err != nil {
				t.Errorf("%s: filled: %v\n%s", c.name, err, c.screen())
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	// The barrier: every client's enter goes out at once.
	start := make(chan struct{})
	var ready sync.WaitGroup
	ready.Add(n)
	for _, c := range clients {
		wg.Go(func() {
			ready.Done()
			<-start
			c.send(keyEnter)
		})
	}
	ready.Wait()
	began := time.Now()
	close(start)
	wg.Wait()
	saved := make([]string, n) // the id each client's screen acknowledged
	for i, c := range clients {
		wg.Go(func() {
			if err := c.await(6*wait, func(s string) bool { return strings.Contains(s, "✓ saved A") }); err != nil {
				t.Errorf("%s: never saved: %v\n%s", c.name, err, c.screen())
				return
			}
			scr := c.screen()
			k := strings.Index(scr, "✓ saved ")
			id, _, _ := strings.Cut(scr[k+len("✓ saved "):], ":")
			if !strings.Contains(scr[k:], text(i)) {
				t.Errorf("%s: its notice is not its own action: %q", c.name, scr[k:k+80])
			}
			saved[i] = id
			c.send(keyDown) // clears the notice: the room's latest event shows
		})
	}
	wg.Wait()
	took := time.Since(began)
	if t.Failed() {
		t.FailNow()
	}

	// Exactly once each, one gap-free id sequence.
	all, err := e.db.Actions(context.Background(), meeting.ActionFilter{})
	must(t, err)
	if len(all) != n {
		t.Fatalf("%d actions stored, want %d", len(all), n)
	}
	texts := map[string]string{}
	var nums []int
	for _, a := range all {
		if prev, dup := texts[a.Text]; dup {
			t.Fatalf("%q stored twice: %s and %s", a.Text, prev, a.ID)
		}
		texts[a.Text] = a.ID
		nums = append(nums, idNumber(t, a.ID))
	}
	for i := range n {
		id, ok := texts[text(i)]
		if !ok {
			t.Fatalf("%q was not stored", text(i))
		}
		if id != saved[i] {
			t.Fatalf("%s's screen said %s, the store has %q as %s", clients[i].name, saved[i], text(i), id)
		}
	}
	slices.Sort(nums)
	for i, x := range nums {
		if x != i+1 {
			t.Fatalf("ids are not one sequence 1..%d: %v", n, nums)
		}
	}
	// The room's order is the id order, and time never goes backwards in it.
	snap := r.Snapshot()
	if len(snap.Actions) != n {
		t.Fatalf("the room shows %d actions", len(snap.Actions))
	}
	for i, a := range snap.Actions {
		if idNumber(t, a.ID) != i+1 || i > 0 && a.CreatedAt.Before(snap.Actions[i-1].CreatedAt) {
			t.Fatalf("room order at %d: %s (created %v)", i, a.ID, a.CreatedAt)
		}
	}
	// Every screen ends on the same latest event: the last id's.
	last := snap.Last
	if !strings.Contains(last, fmt.Sprintf("added A%d:", n)) {
		t.Fatalf("the room's latest event is %q", last)
	}
	for _, c := range append(clients, maria) {
		wg.Go(func() {
			if err := c.await(3*wait, func(s string) bool {
				return strings.Contains(s, last) && strings.Contains(s, fmt.Sprintf("%d actions", n))
			}); err != nil {
				t.Errorf("%s never showed %q: %v\n%s", c.name, last, err, c.screen())
			}
		})
	}
	wg.Wait()
	noPanics(t, e)
	order := make([]string, 0, n)
	for _, a := range snap.Actions {
		order = append(order, strings.TrimPrefix(a.Text, "Concurrent action "))
	}
	t.Logf("%d simultaneous adds: all stored once as A1..A%d in %v; order by client: %s; every screen ends on %q",
		n, n, took.Round(time.Millisecond), strings.Join(order, " "), last)
}

// churnCycles is 1,000 (about 18 s under the race detector on two cores,
// 3 s without); CXROOM_CHURN_CYCLES overrides, e.g. for a longer soak.
func churnCycles() int {
	if v, err := strconv.Atoi(os.Getenv("CXROOM_CHURN_CYCLES")); err == nil && v > 0 {
		return v
	}
	return 1000
}

func heapInUse() (alloc, objects uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.HeapObjects
}

// TestAdversarialChurn connects and disconnects 1,000 times: a quarter each joins the live room and leaves, sits in
// the lobby, hangs up during start-up, runs a command. Goroutines and heap
// go back to where they were; the figures are logged.
func TestAdversarialChurn(t *testing.T) {
	cycles := churnCycles()
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	maria.send("p") // paused: no clock tick outlives a program (see TestSSHChurnLeavesNoGoroutines)
	maria.waitFor(wait, "paused")
	// Warm up every kind of cycle so lazily started goroutines and caches
	// are in the baseline.
	for kind := range 4 {
		must(t, e.cycle("ben", kind))
	}
	waitUntil(t, wait, "the warm-up leaves", func() bool { return len(r.Snapshot().People) == 1 && e.srv.Sessions() == 1 })
	beforeG, _ := settledLive(0, 2*time.Second)
	beforeHeap, beforeObj := heapInUse()

	handles := []string{"ben", "chloe", "dev", "olga"}
	const parallel = 8
	var wg sync.WaitGroup
	errs := make(chan error, cycles)
	sem := make(chan struct{}, parallel)
	start := time.Now()
	for i := range cycles {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := e.cycle(handles[i%len(handles)], i%4); err != nil {
				errs <- fmt.Errorf("cycle %d (kind %d): %w", i, i%4, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	took := time.Since(start)
	waitUntil(t, 2*wait, "every churned session ends", func() bool {
		return e.srv.Sessions() == 1 && len(r.Snapshot().People) == 1 && e.srv.openConns() == 1
	})
	afterG, ticks := settledLive(beforeG+5, 2*wait)
	afterHeap, afterObj := heapInUse()
	// The heap settles as finished sessions' buffers are collected.
	deadline := time.Now().Add(wait)
	for afterHeap > beforeHeap+heapMargin(beforeHeap) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		afterHeap, afterObj = heapInUse()
	}
	t.Logf("churn: %d connect/disconnect cycles (race detector: %t) in %v (%.1f ms a cycle, %d at a time); goroutines %d → %d (besides %d pending clock ticks); heap %.2f MiB → %.2f MiB (%d → %d objects); room subscribers %d; open connections %d",
		cycles, raceOn, took.Round(time.Millisecond), float64(took.Milliseconds())/float64(cycles), parallel,
		beforeG, afterG, ticks, mib(beforeHeap), mib(afterHeap), beforeObj, afterObj, r.Subscribers(), e.srv.openConns())
	if afterG > beforeG+5 {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines leaked: %d → %d\n%s", beforeG, afterG, buf[:runtime.Stack(buf, true)])
	}
	if afterHeap > beforeHeap+heapMargin(beforeHeap) {
		t.Fatalf("heap grew from %.2f MiB to %.2f MiB over %d cycles", mib(beforeHeap), mib(afterHeap), cycles)
	}
	if r.Subscribers() != 1 {
		t.Fatalf("room subscriptions leaked: %d", r.Subscribers())
	}
	noPanics(t, e)
}

// heapMargin is what the heap may differ by after churn: 4 MiB or a
// quarter, whichever is more (caches warm, the store's memtable fills).
func heapMargin(base uint64) uint64 { return max(4<<20, base/4) }

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

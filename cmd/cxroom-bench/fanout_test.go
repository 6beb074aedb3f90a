package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchFanoutJSON runs the fan-out benchmark for real with 4 clients
// and 3 actions (the server is the cxroom binary, built for the test, run
// as `cxroom serve`) and checks that every figure is there and sane, and that its
// temporary folder is gone.
func TestBenchFanoutJSON(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "load.prof")
	stdout, tmp := runLive(t, 2*time.Minute, "fanout --clients 4 --actions 3 --idle 1s --json --load-cpuprofile "+prof)

	var got map[string]any
	dec := json.NewDecoder(bytes.NewReader(stdout))
	if err := dec.Decode(&got); err != nil || dec.More() {
		t.Fatalf("not one JSON object (%v):\n%s", err, stdout)
	}
	num := func(k string) float64 {
		t.Helper()
		v, ok := got[k]
		if !ok {
			t.Fatalf("no %q in\n%s", k, stdout)
		}
		f, ok := v.(float64)
		if !ok {
			t.Fatalf("%s = %v, not a number", k, v)
		}
		return f
	}
	if n := num("clients"); n != 4 {
		t.Errorf("clients = %v, want 4", n)
	}
	if n := num("samples"); n != 3*3 {
		t.Errorf("samples = %v, want 9 (3 actions × 3 other screens)", n)
	}
	if n := num("missed"); n != 0 {
		t.Errorf("missed = %v: a screen never showed an action", n)
	}
	p50, p90, p99, mx := num("p50_ms"), num("p90_ms"), num("p99_ms"), num("max_ms")
	if !(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= mx && mx < 15000) {
		t.Errorf("latencies out of order or range: p50 %v p90 %v p99 %v max %v", p50, p90, p99, mx)
	}
	if c := num("connect_ms"); !(c > 0 && c < 60000) {
		t.Errorf("connect_ms = %v", c)
	}
	if r := num("rss_per_client_kib"); !(r > -64<<10 && r < 64<<10) {
		t.Errorf("rss_per_client_kib = %v: not a plausible figure", r)
	}
	if r := num("rss_kib"); !(r > num("rss_base_kib")/2 && r > 1024) {
		t.Errorf("rss_kib = %v with a base of %v", r, num("rss_base_kib"))
	}
	if c := num("cpu_ms_per_broadcast"); !(c >= 0 && c < 10000) {
		t.Errorf("cpu_ms_per_broadcast = %v", c)
	}
	// three adds allocate (a room change, frames, SSH writes) and may or
	// may not meet a collection
	if a := num("alloc_kib_per_broadcast"); !(a > 0 && a < 1<<20) {
		t.Errorf("alloc_kib_per_broadcast = %v: an add allocates something, and not a GiB", a)
	}
	if m := num("mallocs_per_broadcast"); !(m > 0) {
		t.Errorf("mallocs_per_broadcast = %v", m)
	}
	if n, p, mp := num("gc_cycles"), num("gc_pause_ms"), num("gc_max_pause_ms"); !(n >= 0 && mp <= p && (n > 0 || p == 0)) {
		t.Errorf("gc_cycles %v, gc_pause_ms %v, gc_max_pause_ms %v: inconsistent", n, p, mp)
	}
	if c := num("idle_cpu_ms_per_s"); !(c >= 0 && c < 2000) {
		t.Errorf("idle_cpu_ms_per_s = %v", c)
	}
	// each add draws the action on each screen once or so (4 screens, the
	// adder's typing among them): never none, never dozens
	if f := num("frames_per_client_per_broadcast"); !(f >= 0.75 && f < 30) {
		t.Errorf("frames_per_client_per_broadcast = %v", f)
	}
	// the window is part of the adds: the server and the load generator
	// work in it, and less than over the whole adds (the server's whole
	// is counted in 10 ms ticks: a tick's slack)
	sw, lw := num("cpu_ms_in_window"), num("load_cpu_ms_in_window")
	if !(sw > 0 && sw <= num("cpu_ms_per_broadcast")+10) || !(lw > 0 && lw <= num("load_cpu_ms_per_broadcast")+1) {
		t.Errorf("in the window: server %v ms, load generator %v ms; over the adds: %v and %v ms",
			sw, lw, num("cpu_ms_per_broadcast"), num("load_cpu_ms_per_broadcast"))
	}
	// each add on its own: one entry per add, its screens in order, and
	// its window's CPU adding up to the per-add figures above
	var per struct {
		Adds []struct {
			FirstMs     float64 `json:"first_ms"`
			HalfMs      float64 `json:"half_ms"`
			LastMs      float64 `json:"last_ms"`
			ServerCPUMs float64 `json:"server_cpu_ms"`
			LoadCPUMs   float64 `json:"load_cpu_ms"`
		} `json:"adds"`
	}
	if err := json.Unmarshal(stdout, &per); err != nil || len(per.Adds) != 3 {
		t.Fatalf("adds: %d entries (%v), want 3:\n%s", len(per.Adds), err, stdout)
	}
	var lastMax, serverSum, loadSum float64
	for i, a := range per.Adds {
		if !(a.FirstMs > 0 && a.FirstMs <= a.HalfMs && a.HalfMs <= a.LastMs && a.LastMs <= mx) {
			t.Errorf("add %d: first %v, half %v, last %v ms (max over all %v)", i+1, a.FirstMs, a.HalfMs, a.LastMs, mx)
		}
		lastMax = max(lastMax, a.LastMs)
		serverSum += a.ServerCPUMs
		loadSum += a.LoadCPUMs
	}
	if lastMax != mx {
		t.Errorf("the slowest add's last screen %v ms, the slowest screen %v ms", lastMax, mx)
	}
	if l := num("last_screen_p50_ms"); !(l >= p50 && l <= mx) {
		t.Errorf("last_screen_p50_ms = %v, outside p50 %v … max %v", l, p50, mx)
	}
	if d := serverSum/3 - sw; d*d > 0.01 {
		t.Errorf("the adds' server CPU in their windows averages %v ms, cpu_ms_in_window %v", serverSum/3, sw)
	}
	if d := loadSum/3 - lw; d*d > 0.01 {
		t.Errorf("the adds' load CPU in their windows averages %v ms, load_cpu_ms_in_window %v", loadSum/3, lw)
	}
	// each add is one durable write at least, read from the server's
	// commit histogram: the slowest one's bucket bounds the mean
	if n, mean, slow := num("commits"), num("commit_mean_ms"), num("commit_slowest_le_ms"); !(n >= 3 && mean > 0 && slow >= mean) {
		t.Errorf("commits %v, mean %v ms, slowest ≤ %v ms", n, mean, slow)
	}
	if p, _ := got["load_profile"].(string); p != prof {
		t.Errorf("load_profile = %q, want %q", p, prof)
	}
	if st, err := os.Stat(prof); err != nil || st.Size() == 0 {
		t.Errorf("the load generator's CPU profile was not written (%v)", err)
	}

	// nothing left behind
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "cxroom-bench-fanout-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestBenchFanoutAddsMoreThanAPersonMayInAMinute: the benchmark measures
// fan-out, not the pace a person may save at. Forty adds in a row are past
// the server's default burst of thirty; before, the adder's 31st add was
// refused ("wait 1 s and try again") and the run waited for "✓ saved"
// until its deadline.
func TestBenchFanoutAddsMoreThanAPersonMayInAMinute(t *testing.T) {
	stdout, _ := runLive(t, 90*time.Second, "fanout --clients 2 --actions 40 --spacing 0 --idle 0 --json --timeout 80s")
	var got struct {
		Samples int `json:"samples"`
		Missed  int `json:"missed"`
	}
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatalf("not JSON (%v):\n%s", err, stdout)
	}
	if got.Samples != 40 || got.Missed != 0 {
		t.Errorf("samples %d, missed %d: want all 40 adds seen by the other screen", got.Samples, got.Missed)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cxroomBin builds the cxroom binary once for the run: the benchmarks
// measure the real thing.
var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func cxroomBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "cxroom-bench-bin-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "cxroom")
		out, err := exec.Command("go", "build", "-o", binPath, "cxroom/cmd/cxroom").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("%w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build cxroom: %v", buildErr)
	}
	return binPath
}

// TestBenchStoreJSON runs the store benchmark with tiny sizes and checks
// that it reports every figure, consistently, and leaves nothing behind.
func TestBenchStoreJSON(t *testing.T) {
	bin := cxroomBin(t) // before TMPDIR moves: it is removed after the run
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the benchmark makes its temporary folder
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append(strings.Fields("store --actions 200 --meetings 20 --writes 20 --json --cxroom"), bin), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr.String())
	}

	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, stdout.String())
	}
	num := func(path string) float64 {
		t.Helper()
		var v any = got
		for _, k := range strings.Split(path, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%s: %v is not an object", path, v)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("no %s in\n%s", path, stdout.String())
			}
		}
		f, ok := v.(float64)
		if !ok || !(f > 0) {
			t.Errorf("%s = %v, want a positive number", path, v)
		}
		return f
	}
	for path, want := range map[string]float64{"actions": 200, "meetings": 20, "writes": 20, "runs": 5, "series": 1} {
		if n := num(path); n != want {
			t.Errorf("%s = %v, want %v", path, n, want)
		}
	}
	num("machine.num_cpu")
	num("machine.gomaxprocs")
	for _, p := range []string{"write", "fsync"} {
		p50, p90, p99, mx := num(p+".p50_us"), num(p+".p90_us"), num(p+".p99_us"), num(p+".max_us")
		if !(p50 <= p90 && p90 <= p99 && p99 <= mx) {
			t.Errorf("%s: p50 %v, p90 %v, p99 %v, max %v are out of order", p, p50, p90, p99, mx)
		}
	}
	num("write.commits_per_s")
	// the ratio is rounded to two places: within half a hundredth, plus 1%
	if r, w, f := num("write_fsync_ratio"), num("write.p50_us"), num("fsync.p50_us"); math.Abs(r-w/f) > 0.005+w/f*0.01 {
		t.Errorf("write_fsync_ratio %v, but %v / %v", r, w, f)
	}
	num("fill.seconds")
	num("fill.disk_mib")
	for _, p := range []string{"open", "close", "first_frame", "summary"} {
		if med, mx := num(p+".median_ms"), num(p+".max_ms"); med > mx {
			t.Errorf("%s: median %v > max %v", p, med, mx)
		}
	}
	if ff, sum := num("first_frame.median_ms"), num("summary.median_ms"); ff > sum {
		t.Errorf("the first frame (%v ms) came after the summary it precedes (%v ms)", ff, sum)
	}
	lobbyOpen, overdue, blocked := num("lobby.open"), num("lobby.overdue"), num("lobby.blocked")
	num("lobby.home_ms")
	num("lobby.count_ms")
	num("lobby.owner_active")
	if lobbyOpen > 200 || overdue > lobbyOpen || blocked > lobbyOpen {
		t.Errorf("lobby counts out of range: %v open, %v overdue, %v blocked", lobbyOpen, overdue, blocked)
	}

	qs, _ := got["queries"].([]any)
	if len(qs) != 6 {
		t.Fatalf("queries: %v, want 6", got["queries"])
	}
	results := map[string]float64{}
	for _, q := range qs {
		m, _ := q.(map[string]any)
		name, _ := m["name"].(string)
		for _, k := range []string{"median_ms", "results", "count_median_ms", "page_ms", "last_page_ms"} {
			if f, ok := m[k].(float64); !ok || !(f > 0) {
				t.Errorf("query %q: %s = %v, want a positive number", name, k, m[k])
			}
		}
		if f, _ := m["filter"].(string); f == "" {
			t.Errorf("query %q has no filter", name)
		}
		results[name], _ = m["results"].(float64)
	}
	if results["tracker (all actions)"] != 200 || results["active"] != lobbyOpen || results["overdue"] != overdue {
		t.Errorf("query results %v disagree with 200 actions and the lobby's %v open, %v overdue", results, lobbyOpen, overdue)
	}

	// the temporary folder is gone, and the --data folder never made
	dir, _ := got["machine"].(map[string]any)["temp_dir"].(string)
	if !strings.HasPrefix(dir, tmp) {
		t.Errorf("temp_dir %q is not under TMPDIR %s", dir, tmp)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the temporary folder %s is still there (%v)", dir, err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchChildEnv makes this test binary behave as cxroom itself, so that
// benchStore can exec os.Executable() for its first-frame runs.
const benchChildEnv = "CXROOM_BENCH_STORE_TEST_CHILD"

func init() {
	if os.Getenv(benchChildEnv) == "1" {
		main() // exits
	}
}

// TestBenchStoreJSON runs the store benchmark with tiny sizes and checks
// that it reports every figure, consistently, and leaves nothing behind.
func TestBenchStoreJSON(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where benchStore makes its temporary folder
	t.Setenv(benchChildEnv, "1")
	var stdout, stderr bytes.Buffer
	data := filepath.Join(t.TempDir(), "data")
	g := globals{data: data, team: filepath.Join(data, "team.yaml")}
	code := benchStore(context.Background(), g, strings.Fields("--actions 200 --meetings 20 --writes 20 --json"), &stdout, &stderr)
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
	if r, w, f := num("write_fsync_ratio"), num("write.p50_us"), num("fsync.p50_us"); r < w/f*0.99 || r > w/f*1.01 {
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
	if len(qs) != 4 {
		t.Fatalf("queries: %v, want 4", got["queries"])
	}
	results := map[string]float64{}
	for _, q := range qs {
		m, _ := q.(map[string]any)
		name, _ := m["name"].(string)
		for _, k := range []string{"median_ms", "results", "count_median_ms"} {
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
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("the --data folder %s was created (%v)", data, err)
	}
}

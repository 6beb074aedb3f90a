package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// TestBenchSoakJSON runs the soak for real, briefly (4 clients, 20 s,
// people coming and going twice a second, a sample every 5 s): every
// sample is there and sane, people did come back, and nothing is left
// behind.
func TestBenchSoakJSON(t *testing.T) {
	stdout, tmp := runLive(t, 3*time.Minute, "soak --duration 20s --clients 4 --churn 2/s --every 5s --add-every 4s --json")
	var got struct {
		Clients    int     `json:"clients"`
		ChurnPerS  float64 `json:"churn_per_s"`
		Churned    int     `json:"churned"`
		ChurnFails int     `json:"churn_fails"`
		Actions    int     `json:"actions"`
		Samples    []struct {
			AtS        float64 `json:"at_s"`
			Sessions   int     `json:"sessions"`
			Goroutines int     `json:"goroutines"`
			LiveKiB    int     `json:"live_kib"`
			HeapKiB    int     `json:"heap_kib"`
			RSSKiB     int     `json:"rss_kib"`
			FDs        int     `json:"fds"`
		} `json:"samples"`
	}
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatalf("not JSON (%v):\n%s", err, stdout)
	}
	if got.Clients != 4 || got.ChurnPerS != 2 {
		t.Errorf("clients %d, churn %v", got.Clients, got.ChurnPerS)
	}
	if got.Churned < 5 || got.ChurnFails > got.Churned/2 {
		t.Errorf("%d came back, %d failed", got.Churned, got.ChurnFails)
	}
	if got.Actions < 1 {
		t.Errorf("%d actions added", got.Actions)
	}
	if len(got.Samples) < 3 {
		t.Fatalf("%d samples", len(got.Samples))
	}
	for _, s := range got.Samples {
		if s.Sessions < 1 || s.Sessions > 8 || s.Goroutines < 10 || s.LiveKiB <= 0 || s.HeapKiB < s.LiveKiB/2 || s.RSSKiB < 1024 || s.FDs < 4 {
			t.Errorf("implausible sample: %+v", s)
		}
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "cxroom-bench-soak-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"2/s": 2, "2": 2, "30/m": 0.5, " 0.5/s ": 0.5, "0": 0} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x/s", "-1/s", "2/h", "2/s/s"} {
		if _, err := parseRate(in); err == nil {
			t.Errorf("parseRate(%q) took it", in)
		}
	}
}

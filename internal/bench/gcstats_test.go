package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func memStatsText(totalAlloc, mallocs uint64, numGC uint32, pauses map[int]uint64) string {
	p := make([]string, 256)
	for i := range p {
		p[i] = fmt.Sprint(pauses[i])
	}
	return fmt.Sprintf("heap profile: 1: 2 [3: 4] @ heap/1048576\n\n# runtime.MemStats\n# Alloc = 1\n# TotalAlloc = %d\n# Mallocs = %d\n# PauseNs = [%s]\n# NumGC = %d\n# GCCPUFraction = 0.02\n",
		totalAlloc, mallocs, strings.Join(p, " "), numGC)
}

func TestGCStatsBetweenTwoReadings(t *testing.T) {
	before, err := parseGCStats([]byte(memStatsText(1000, 10, 255, map[int]uint64{253: 9e6, 254: 7e6})))
	if err != nil {
		t.Fatal(err)
	}
	// three cycles later (256, 257, 258: indexes 255, 0 and 1, across the wrap)
	after, err := parseGCStats([]byte(memStatsText(5000, 70, 258, map[int]uint64{253: 9e6, 254: 7e6, 255: 2e6, 0: 5e6, 1: 1e6})))
	if err != nil {
		t.Fatal(err)
	}
	d := before.until(after)
	want := gcDuring{allocBytes: 4000, mallocs: 60, cycles: 3, maxPause: 5 * time.Millisecond, pauses: 8 * time.Millisecond}
	if d != want {
		t.Fatalf("between the readings: got %+v, want %+v (the pauses before the first reading must not count)", d, want)
	}
}

func TestGCStatsRefusesTextWithoutTheCounters(t *testing.T) {
	for name, text := range map[string]string{
		"empty":        "",
		"no pauses":    "# TotalAlloc = 1\n# Mallocs = 2\n# NumGC = 3\n",
		"bad number":   strings.Replace(memStatsText(1, 2, 3, nil), "# Mallocs = 2", "# Mallocs = two", 1),
		"short pauses": "# TotalAlloc = 1\n# Mallocs = 2\n# NumGC = 3\n# PauseNs = [1 2 3]\n",
	} {
		if _, err := parseGCStats([]byte(text)); err == nil {
			t.Errorf("%s: parsed without an error", name)
		}
	}
}

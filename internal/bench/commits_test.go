package bench

import (
	"encoding/json"
	"testing"
)

// The durable writes between two readings of the commit histogram: their
// number, mean and the bucket of the slowest; one slower than the last
// bucket is -1, never +Inf (which JSON cannot carry: the whole --json
// result was lost with it).
func TestCommitsBetween(t *testing.T) {
	h := func(count, sum float64, buckets map[string]float64) map[string]float64 {
		m := map[string]float64{commitMetric + "_count": count, commitMetric + "_sum": sum}
		for le, v := range buckets {
			m[commitMetric+`_bucket{le="`+le+`"}`] = v
		}
		return m
	}
	before := h(10, 0.010, map[string]float64{"0.0016": 9, "0.0032": 10, "3.2768": 10, "+Inf": 10})
	for _, c := range []struct {
		name          string
		after         map[string]float64
		n             int
		mean, slowest float64
	}{
		{"none", before, 0, 0, 0},
		{"two, the slowest under 3.2 ms", h(12, 0.014, map[string]float64{"0.0016": 10, "0.0032": 12, "3.2768": 12, "+Inf": 12}), 2, 2, 3.2},
		{"one past the last bucket", h(11, 4.010, map[string]float64{"0.0016": 9, "0.0032": 10, "3.2768": 10, "+Inf": 11}), 1, 4000, -1},
	} {
		n, mean, slowest := commitsBetween(before, c.after)
		if n != c.n || mean != c.mean || slowest != c.slowest {
			t.Errorf("%s: %d commits, mean %v ms, slowest %v; want %d, %v, %v", c.name, n, mean, slowest, c.n, c.mean, c.slowest)
		}
		if _, err := json.Marshal(&Fanout{Commits: n, CommitMeanMs: mean, CommitSlowestMs: slowest}); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

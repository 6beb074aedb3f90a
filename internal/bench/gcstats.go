package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// gcStats are the server's allocation and collection counters, as Go's
// pprof handler prints them (heap?debug=1, runtime.MemStats).
type gcStats struct {
	totalAlloc, mallocs uint64
	numGC               uint32
	pauseNs             []uint64 // the last 256 pauses, circular: cycle n's at (n-1)%256
}

// readGCStats asks the server's pprof handler for its counters (no
// collection is forced).
func readGCStats(ctx context.Context, addr string) (gcStats, error) {
	f := pprofQuery(ctx, addr, "heap?debug=1")
	if f.err != nil {
		return gcStats{}, f.err
	}
	return parseGCStats(f.data)
}

func parseGCStats(text []byte) (gcStats, error) {
	var s gcStats
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "# "), " = ")
		if !ok {
			continue
		}
		var err error
		switch name {
		case "TotalAlloc":
			s.totalAlloc, err = strconv.ParseUint(value, 10, 64)
		case "Mallocs":
			s.mallocs, err = strconv.ParseUint(value, 10, 64)
		case "NumGC":
			var n uint64
			n, err = strconv.ParseUint(value, 10, 32)
			s.numGC = uint32(n)
		case "PauseNs":
			for _, f := range strings.Fields(strings.Trim(value, "[]")) {
				var p uint64
				if p, err = strconv.ParseUint(f, 10, 64); err != nil {
					break
				}
				s.pauseNs = append(s.pauseNs, p)
			}
		default:
			continue
		}
		if err != nil {
			return gcStats{}, fmt.Errorf("memory statistics: %s: %w", name, err)
		}
		seen++
	}
	if err := sc.Err(); err != nil {
		return gcStats{}, err
	}
	if seen < 4 || len(s.pauseNs) != 256 {
		return gcStats{}, fmt.Errorf("memory statistics: %d of 4 counters and %d of 256 pauses found", seen, len(s.pauseNs))
	}
	return s, nil
}

// gcDuring is what the server allocated and collected between two readings.
type gcDuring struct {
	allocBytes, mallocs uint64
	cycles              int
	maxPause, pauses    time.Duration // the longest stop and all of them together
}

func (a gcStats) until(b gcStats) gcDuring {
	d := gcDuring{allocBytes: b.totalAlloc - a.totalAlloc, mallocs: b.mallocs - a.mallocs, cycles: int(b.numGC - a.numGC)}
	for n := a.numGC + 1; n != b.numGC+1 && n-a.numGC <= 256; n++ {
		p := time.Duration(b.pauseNs[(n-1)%256])
		d.pauses += p
		d.maxPause = max(d.maxPause, p)
	}
	return d
}

// Package bench measures cxroom from the outside, for cxroom-bench: a
// cxroom server in a child process under real SSH clients (fan-out), the
// TUI's start-up in a pseudo-terminal, the disk's fsync, and the figures'
// statistics and printing. It is a developer's tool and is not part of the
// shipped binary.
package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// TimeRuns times fn n times.
func TimeRuns(ctx context.Context, n int, fn func() error) ([]time.Duration, error) {
	var ds []time.Duration
	for range n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		ds = append(ds, time.Since(t0))
	}
	return ds, nil
}

// Pct is the p-th percentile of ds (nearest rank); 100 is the maximum.
func Pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Median is the 50th percentile.
func Median(ds []time.Duration) time.Duration { return Pct(ds, 50) }

// StatOf is the median and the worst of ds.
func StatOf(ds []time.Duration) Stat {
	return Stat{MedianMs: Ms(Median(ds)), MaxMs: Ms(Pct(ds, 100))}
}

// Round rounds x to places decimals.
func Round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// Ms is d in milliseconds, to the microsecond.
func Ms(d time.Duration) float64 { return Round(float64(d)/float64(time.Millisecond), 3) }

// Us is d in microseconds, to a tenth.
func Us(d time.Duration) float64 { return Round(float64(d)/float64(time.Microsecond), 1) }

// FSType names the file system holding dir, from the mount table (Linux);
// "" when it is not known.
func FSType(dir string) string {
	f, err := os.Open("/proc/self/mounts")
	if err != nil {
		return ""
	}
	defer f.Close()
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	best, typ := -1, ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		mp := strings.ReplaceAll(fields[1], `\040`, " ")
		inside := dir == mp || strings.HasPrefix(dir, strings.TrimSuffix(mp, "/")+"/")
		if inside && len(mp) >= best {
			best, typ = len(mp), fields[2]
		}
	}
	return typ
}

// PrintTable prints rows with the first column aligned left, the others
// right.
func PrintTable(w io.Writer, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// FmtMs prints milliseconds with three significant digits or so.
func FmtMs(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f ms", x)
	case x >= 10:
		return fmt.Sprintf("%.1f ms", x)
	}
	return fmt.Sprintf("%.2f ms", x)
}

// FmtUs prints microseconds, as milliseconds from 10 ms.
func FmtUs(x float64) string {
	if x >= 10000 {
		return FmtMs(x / 1000)
	}
	return fmt.Sprintf("%.0f µs", x)
}

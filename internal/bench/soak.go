package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cxroom/internal/sshload"
)

// Soak is what `cxroom-bench soak --json` prints: a room held for a long
// time while people come and go, the server sampled at every interval.
type Soak struct {
	Clients    int       `json:"clients"`
	ChurnPerS  float64   `json:"churn_per_s"` // people leaving (and as many arriving) per second
	DurationS  float64   `json:"duration_s"`
	EveryS     float64   `json:"every_s"`
	Churned    int64     `json:"churned"`     // reconnections made
	ChurnFails int64     `json:"churn_fails"` // reconnections that did not get back into the room
	Actions    int64     `json:"actions"`     // actions added meanwhile
	JoinP50Ms  float64   `json:"join_p50_ms"` // a returning person: dial → in the room
	JoinP99Ms  float64   `json:"join_p99_ms"`
	Samples    []SoakRow `json:"samples"`
	// Growth from the first sample after warm-up to the last: flat is ~0.
	WarmupS          float64 `json:"warmup_s"`
	HeapGrowthPct    float64 `json:"heap_growth_pct"`   // of the live heap
	GoroutinesGrowth float64 `json:"goroutines_growth"` // per session
	FDGrowth         int64   `json:"fd_growth"`
	RSSGrowthPct     float64 `json:"rss_growth_pct"`
	NumCPU           int     `json:"num_cpu"`
}

// SoakRow is one sample of the server.
type SoakRow struct {
	AtS        float64 `json:"at_s"`
	Sessions   int64   `json:"sessions"`
	Goroutines int64   `json:"goroutines"`
	HeapKiB    int64   `json:"heap_kib"` // heap in use (Go's heap_inuse: live and garbage)
	LiveKiB    int64   `json:"live_kib"` // live heap at the last collection (the GC's next goal ÷ (1 + GOGC/100))
	RSSKiB     int64   `json:"rss_kib"`
	FDs        int64   `json:"fds"`
	CPUMsPerS  float64 `json:"cpu_ms_per_s"` // since the previous sample
	Churned    int64   `json:"churned"`
}

// SoakOptions say what to run.
type SoakOptions struct {
	Cxroom    string
	Clients   int
	Churn     float64       // people per second leaving and coming back
	Duration  time.Duration // of the whole soak, connecting included
	Every     time.Duration // between samples
	AddEvery  time.Duration // between actions one member adds (0: none)
	Warmup    time.Duration // before the growth is measured
	JoinLimit int           // reconnections in flight at most
}

// PrintSoak prints the samples as a table, then the growth.
func PrintSoak(w io.Writer, s *Soak) {
	fmt.Fprintf(w, "soak: %d clients in one room for %s, %.1f leaving and coming back a second (%d reconnections, %d failed), %d actions added; %d CPUs shared with the load generator\n",
		s.Clients, time.Duration(s.DurationS*float64(time.Second)).Round(time.Second), s.ChurnPerS, s.Churned, s.ChurnFails, s.Actions, s.NumCPU)
	fmt.Fprintf(w, "rejoin (dial → in the room): p50 %.0f ms · p99 %.0f ms\n\n", s.JoinP50Ms, s.JoinP99Ms)
	fmt.Fprintf(w, "%8s %9s %11s %10s %10s %10s %6s %10s %9s\n", "minute", "sessions", "goroutines", "live MiB", "heap MiB", "RSS MiB", "fds", "CPU ms/s", "churned")
	for _, r := range s.Samples {
		fmt.Fprintf(w, "%8.1f %9d %11d %10.1f %10.1f %10.1f %6d %10.1f %9d\n", r.AtS/60, r.Sessions, r.Goroutines,
			float64(r.LiveKiB)/1024, float64(r.HeapKiB)/1024, float64(r.RSSKiB)/1024, r.FDs, r.CPUMsPerS, r.Churned)
	}
	fmt.Fprintf(w, "\nafter a %s warm-up: live heap %+.1f%% · goroutines %+.2f a session · fds %+d · RSS %+.1f%%\n",
		time.Duration(s.WarmupS*float64(time.Second)).Round(time.Second), s.HeapGrowthPct, s.GoroutinesGrowth, s.FDGrowth, s.RSSGrowthPct)
}

// RunSoak holds one room of o.Clients for o.Duration while o.Churn people a
// second leave and come back and one member adds an action every
// o.AddEvery, and samples the server every o.Every. Everything it starts
// ends before it returns.
func RunSoak(ctx context.Context, o SoakOptions, progress func(string, ...any)) (*Soak, error) {
	if o.JoinLimit <= 0 {
		o.JoinLimit = 16
	}
	s := &Soak{Clients: o.Clients, ChurnPerS: o.Churn, EveryS: o.Every.Seconds(), WarmupS: o.Warmup.Seconds(), NumCPU: runtime.NumCPU()}
	tmp, err := os.MkdirTemp("", "cxroom-bench-soak-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	people, err := fanoutTeam(o.Clients)
	if err != nil {
		return nil, err
	}
	data := filepath.Join(tmp, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, err
	}
	if err := writeFanoutTeam(filepath.Join(data, "team.yaml"), people); err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, data, tmp, serverOptions{exe: o.Cxroom, maxSessions: 2*o.Clients + 16, metrics: true})
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	progress("server pid %d on %s, metrics on %s", srv.pid, srv.addr, srv.metrics)

	var mu sync.Mutex // clients
	clients := make([]*sshload.Client, len(people))
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		var wg sync.WaitGroup
		for _, c := range clients {
			if c != nil {
				wg.Go(func() { _ = c.Close() })
			}
		}
		wg.Wait()
	}()
	t0 := time.Now()
	progress("connecting %d clients", o.Clients)
	if err := connectAll(ctx, srv.addr, people, clients, nil); err != nil {
		return nil, err
	}
	progress("all %d in the room after %.0f ms", o.Clients, Ms(time.Since(t0)))

	ctx, cancel := context.WithDeadline(ctx, t0.Add(o.Duration))
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()

	// Churn: someone (never the facilitator or the one adding actions)
	// leaves, and comes back on a new connection.
	var churned, fails atomic.Int64
	var joinMu sync.Mutex
	var joins []time.Duration
	if o.Churn > 0 && o.Clients > 2 {
		wg.Go(func() {
			sem := make(chan struct{}, o.JoinLimit)
			tick := time.NewTicker(time.Duration(float64(time.Second) / o.Churn))
			defer tick.Stop()
			busy := make([]atomic.Bool, len(people))
			var inner sync.WaitGroup
			defer inner.Wait()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				i := 2 + rand.IntN(len(people)-2)
				if !busy[i].CompareAndSwap(false, true) {
					continue
				}
				select {
				case sem <- struct{}{}:
				default: // too many still coming back: skip this one
					busy[i].Store(false)
					continue
				}
				inner.Go(func() {
					defer func() { <-sem; busy[i].Store(false) }()
					mu.Lock()
					old := clients[i]
					clients[i] = nil
					mu.Unlock()
					if old != nil {
						_ = old.Close()
					}
					start := time.Now()
					c, err := sshload.Dial(ctx, people[i].member.Handle, sshload.Config{Addr: srv.addr, User: people[i].member.Handle, Signer: people[i].signer, Timeout: 30 * time.Second})
					if err == nil {
						err = joinRoom(ctx, c)
						if err != nil {
							_ = c.Close()
						}
					}
					if ctx.Err() != nil {
						if c != nil && err == nil {
							_ = c.Close()
						}
						return
					}
					churned.Add(1)
					if err != nil {
						fails.Add(1)
						progress("%s did not get back in: %v", people[i].member.Handle, err)
						return
					}
					joinMu.Lock()
					joins = append(joins, time.Since(start))
					joinMu.Unlock()
					mu.Lock()
					clients[i] = c
					mu.Unlock()
				})
			}
		})
	}

	// Activity: one member adds an action now and then.
	var actions atomic.Int64
	if o.AddEvery > 0 && o.Clients > 1 {
		wg.Go(func() {
			tick := time.NewTicker(o.AddEvery)
			defer tick.Stop()
			for k := 1; ; k++ {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				mu.Lock()
				adder := clients[1]
				mu.Unlock()
				if err := addAction(ctx, adder, fmt.Sprintf("SOAK%05d follow up with the customer", k)); err != nil {
					if ctx.Err() == nil {
						progress("adding an action: %v", err)
					}
					continue
				}
				actions.Add(1)
			}
		})
	}

	// Samples.
	sample := func(prevCPU time.Duration, prevAt time.Time) (SoakRow, time.Duration, error) {
		r := SoakRow{AtS: Round(time.Since(t0).Seconds(), 1), Churned: churned.Load()}
		m, err := readMetrics(ctx, srv.metrics)
		if err != nil {
			return r, prevCPU, err
		}
		r.Sessions, r.Goroutines, r.HeapKiB = int64(m["cxroom_ssh_sessions"]), int64(m["go_goroutines"]), int64(m["go_memstats_heap_inuse_bytes"])/1024
		if gogc := m["go_gc_gogc_percent"]; gogc > 0 {
			r.LiveKiB = int64(m["go_memstats_next_gc_bytes"]/(1+gogc/100)) / 1024
		}
		if r.RSSKiB, err = ProcRSS(srv.pid); err != nil {
			return r, prevCPU, err
		}
		if r.FDs, err = ProcFDs(srv.pid); err != nil {
			return r, prevCPU, err
		}
		cpu, err := ProcCPU(srv.pid)
		if err != nil {
			return r, prevCPU, err
		}
		if !prevAt.IsZero() {
			r.CPUMsPerS = Round(float64(cpu-prevCPU)/float64(time.Millisecond)/time.Since(prevAt).Seconds(), 1)
		}
		return r, cpu, nil
	}
	var prevCPU time.Duration
	var prevAt time.Time
	next := time.NewTicker(o.Every)
	defer next.Stop()
	for {
		r, cpu, err := sample(prevCPU, prevAt)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return nil, err
		}
		prevCPU, prevAt = cpu, time.Now()
		s.Samples = append(s.Samples, r)
		progress("%5.1f min: %d sessions, %d goroutines, heap %.1f MiB, RSS %.1f MiB, %d fds, %.1f ms/s CPU, %d reconnections",
			r.AtS/60, r.Sessions, r.Goroutines, float64(r.HeapKiB)/1024, float64(r.RSSKiB)/1024, r.FDs, r.CPUMsPerS, r.Churned)
		select {
		case <-next.C:
			continue
		case <-ctx.Done():
		}
		break
	}
	cancel()
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return nil, err
	}
	s.DurationS = Round(time.Since(t0).Seconds(), 1)
	s.Churned, s.ChurnFails, s.Actions = churned.Load(), fails.Load(), actions.Load()
	s.JoinP50Ms, s.JoinP99Ms = Ms(Pct(joins, 50)), Ms(Pct(joins, 99))
	s.growth()
	return s, nil
}

// growth compares the first sample after the warm-up with the last.
func (s *Soak) growth() {
	var first *SoakRow
	for i := range s.Samples {
		if s.Samples[i].AtS >= s.WarmupS {
			first = &s.Samples[i]
			break
		}
	}
	if first == nil || len(s.Samples) == 0 {
		return
	}
	last := s.Samples[len(s.Samples)-1]
	pct := func(a, b int64) float64 {
		if a == 0 {
			return 0
		}
		return Round(100*float64(b-a)/float64(a), 1)
	}
	s.HeapGrowthPct, s.RSSGrowthPct = pct(first.LiveKiB, last.LiveKiB), pct(first.RSSKiB, last.RSSKiB)
	s.FDGrowth = last.FDs - first.FDs
	per := func(r SoakRow) float64 { return float64(r.Goroutines) / float64(max(r.Sessions, 1)) }
	s.GoroutinesGrowth = Round(per(last)-per(*first), 2)
}

// addAction has c add an action through its screen and waits until it is
// saved.
func addAction(ctx context.Context, c *sshload.Client, text string) error {
	if c == nil {
		return errors.New("the member adding actions is not connected")
	}
	if err := c.Send("a"); err != nil {
		return err
	}
	if err := c.WaitFor(ctx, "New action"); err != nil {
		return err
	}
	if err := c.Send(text, sshload.KeyTab, "fac", sshload.KeyTab, "fri"); err != nil {
		return err
	}
	marker, _, _ := strings.Cut(text, " ")
	if err := c.Await(ctx, func(s string) bool {
		return strings.Contains(s, marker) && strings.Contains(s, "→ ") && strings.Contains(s, "fri")
	}); err != nil {
		return err
	}
	if err := c.Send(sshload.KeyEnter); err != nil {
		return err
	}
	return c.WaitFor(ctx, "✓ saved")
}

// readMetrics reads the server's Prometheus metrics: name → value, a
// labelled one under its name with its labels (`x_bucket{le="0.1"}`).
func readMetrics(ctx context.Context, addr string) (map[string]float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("metrics: %s", resp.Status)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		if i <= 0 {
			continue
		}
		name, v := l[:i], l[i+1:] // a labelled figure keeps its labels in its name
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			out[name] = f
		}
	}
	return out, sc.Err()
}

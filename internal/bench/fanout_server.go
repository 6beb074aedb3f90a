package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"cxroom/internal/pprofserve"
	"cxroom/internal/sshload"
)

// fanoutServer is the cxroom serve child.
type fanoutServer struct {
	cmd     *exec.Cmd
	pid     int
	addr    string
	pprof   string // the child's pprof address, when profiling
	metrics string // the child's metrics address, when asked for
	exited  chan struct{}
	stderr  *lockedBuffer
	once    sync.Once
}

var servingRe = regexp.MustCompile(`^serving on (\S+) `)
var pprofRe = regexp.MustCompile(`^pprof on http://(\S+)/debug/pprof/`)
var metricsRe = regexp.MustCompile(`^metrics on http://(\S+)/metrics `)

// serverOptions say how to run the child.
type serverOptions struct {
	exe         string
	maxSessions int
	pprof       bool // serve Go's profiles (CXROOM_PPROF)
	metrics     bool // serve /metrics (--metrics)
	// unpaced lifts the pace one person may save at (--writes-per-minute
	// -1): the fan-out benchmark's adder saves more than a person may in
	// a minute, and what it measures is the room, not the pace.
	unpaced bool
}

// startFanoutServer runs the cxroom binary as `cxroom serve` on
// 127.0.0.1:0 for the fan-out benchmark.
func startFanoutServer(ctx context.Context, data string, o FanoutOptions, tmp string) (*fanoutServer, error) {
	return startServer(ctx, data, tmp, serverOptions{exe: o.Cxroom, maxSessions: o.Clients + 16, pprof: true, metrics: true, unpaced: true}) // its memory statistics are read around the adds
}

// startServer runs the cxroom binary as `cxroom serve` on 127.0.0.1:0 and
// waits for it to print its address (and those of its profiles and
// metrics, when asked for).
func startServer(ctx context.Context, data, tmp string, o serverOptions) (*fanoutServer, error) {
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
		return nil, err
	}
	args := []string{"serve", "--listen", "127.0.0.1:0", "--data", data,
		"--max-sessions", strconv.Itoa(o.maxSessions), "--conn-rate", "-1"}
	if o.metrics {
		args = append(args, "--metrics", "127.0.0.1:0")
	}
	if o.unpaced {
		args = append(args, "--writes-per-minute", "-1")
	}
	cmd := exec.Command(o.exe, args...)
	env := ChildEnv(os.Environ(), home) // no user agendas, no user data
	if o.pprof {
		env = append(env, pprofserve.Env+"=127.0.0.1:0")
	}
	cmd.Env = env
	SetChildAttrs(cmd) // dies with us
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &fanoutServer{cmd: cmd, exited: make(chan struct{}), stderr: &lockedBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s.pid = cmd.Process.Pid
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody listens any more
			}
		}
		close(lines)
	}()
	go func() { _ = cmd.Wait(); close(s.exited) }()
	wait := time.NewTimer(30 * time.Second)
	defer wait.Stop()
	for s.addr == "" || (o.pprof && s.pprof == "") || (o.metrics && s.metrics == "") {
		select {
		case l, ok := <-lines:
			if !ok {
				s.stop()
				return nil, fmt.Errorf("the server exited before serving: %s", strings.TrimSpace(s.stderr.String()))
			}
			if m := servingRe.FindStringSubmatch(l); m != nil {
				s.addr = m[1]
			}
			if m := pprofRe.FindStringSubmatch(l); m != nil {
				s.pprof = m[1]
			}
			if m := metricsRe.FindStringSubmatch(l); m != nil {
				s.metrics = m[1]
			}
		case <-wait.C:
			s.stop()
			return nil, errors.New("the server did not print its address within 30 s")
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		}
	}
	if err := sshload.CheckLoopback(s.addr); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// stop ends the child: SIGTERM (it ends its sessions and closes the store),
// then SIGKILL if it lingers.
func (s *fanoutServer) stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 64<<10 {
		return len(p), nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// connectAll dials everyone (a bounded number of handshakes at a time);
// the facilitator starts a VOC triage through its screen, and each member
// joins it from the lobby. It returns once the facilitator's screen counts
// everyone in the room and every member's screen shows it.
func connectAll(ctx context.Context, addr string, people []fanoutPerson, clients []*sshload.Client, inLobby func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := len(people)
	sem := make(chan struct{}, 32) // handshakes in flight
	var mu sync.Mutex
	dial := func(ctx context.Context, i int) (*sshload.Client, error) {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		p := people[i]
		c, err := sshload.Dial(ctx, p.member.Handle, sshload.Config{Addr: addr, User: p.member.Handle, Signer: p.signer, Timeout: 30 * time.Second})
		<-sem
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.member.Handle, err)
		}
		mu.Lock()
		clients[i] = c
		mu.Unlock()
		return c, nil
	}
	onScreen := func(i int, err error) error {
		if err != nil && clients[i] != nil {
			return fmt.Errorf("%s: %w\nscreen:\n%s", people[i].member.Handle, err, clients[i].Screen())
		}
		return err
	}
	if inLobby == nil {
		// each comes in and goes straight on: the facilitator starts the
		// ritual, the members join it as soon as it is there
		err := eachOf(ctx, n, func(ctx context.Context, i int) error {
			c, err := dial(ctx, i)
			if err != nil {
				return err
			}
			if i == 0 {
				return onScreen(i, startRoom(ctx, c))
			}
			return onScreen(i, joinRoom(ctx, c))
		})
		if err != nil {
			return err
		}
		return clients[0].WaitFor(ctx, fmt.Sprintf("Here (%d)", n))
	}
	// a town hall: everyone waits in the lobby, then the ritual starts
	// and they all join it at once
	err := eachOf(ctx, n, func(ctx context.Context, i int) error {
		c, err := dial(ctx, i)
		if err != nil {
			return err
		}
		return onScreen(i, c.WaitFor(ctx, "START A RITUAL")) // the lobby
	})
	if err != nil {
		return err
	}
	if err := inLobby(ctx); err != nil {
		return err
	}
	if err := onScreen(0, startRoom(ctx, clients[0])); err != nil {
		return err
	}
	if err := eachOf(ctx, n-1, func(ctx context.Context, i int) error { return onScreen(i+1, joinRoom(ctx, clients[i+1])) }); err != nil {
		return err
	}
	return clients[0].WaitFor(ctx, fmt.Sprintf("Here (%d)", n))
}

// eachOf runs fn(0) … fn(n-1) at once and returns the first error, the
// others' context ended with it.
func eachOf(ctx context.Context, n int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(ctx, i); err != nil {
				errc <- err
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errc)
	var first error
	for err := range errc {
		if first == nil || errors.Is(first, context.Canceled) {
			first = err
		}
	}
	if first != nil {
		return first
	}
	return ctx.Err()
}

func startRoom(ctx context.Context, c *sshload.Client) error {
	if err := c.WaitFor(ctx, "START A RITUAL"); err != nil {
		return err
	}
	if err := c.SelectRow(ctx, "Weekly VOC triage"); err != nil {
		return err
	}
	if err := c.Send(sshload.KeyEnter); err != nil {
		return err
	}
	if err := c.WaitFor(ctx, "WHO IS INVITED"); err != nil {
		return err
	}
	if err := c.Send(sshload.KeyEnter); err != nil {
		return err
	}
	return c.WaitFor(ctx, "Segment 1/4")
}

func joinRoom(ctx context.Context, c *sshload.Client) error {
	if err := c.WaitFor(ctx, "IN PROGRESS"); err != nil {
		return err
	}
	if err := c.SelectRow(ctx, "● Weekly VOC triage"); err != nil {
		return err
	}
	if err := c.Send(sshload.KeyEnter); err != nil {
		return err
	}
	return c.WaitFor(ctx, "Segment 1/4")
}

// adds is what addActions measured.
type adds struct {
	lat      []time.Duration // each screen's latency, each add
	missed   int             // screens that never showed a marker
	cpu      time.Duration   // the server's CPU over the adds
	load     time.Duration   // this process's CPU over the adds
	received int64           // output the watching screens received
	// The same two from each enter to the last screen showing its action,
	// summed over the adds: the work that decides the latency.
	cpuWindow, loadWindow time.Duration
	perAdd                []AddTiming // each add's own figures, in order
}

// addActions has one member add o.Actions actions through its screen and
// times each until every other screen shows it.
func addActions(ctx context.Context, o FanoutOptions, srv *fanoutServer, clients []*sshload.Client, adderIdx int, progress func(string, ...any)) (*adds, error) {
	adder := clients[adderIdx]
	others := make([]*sshload.Client, 0, len(clients)-1)
	for i, c := range clients {
		if i != adderIdx {
			others = append(others, c)
		}
	}
	res := &adds{}
	bytes0 := int64(0)
	for _, c := range others {
		bytes0 += c.Bytes()
	}
	progress("%s adds %d actions, %s apart", adder.Name, o.Actions, o.Spacing)
	c0, err := ProcCPU(srv.pid)
	if err != nil {
		return nil, err
	}
	l0 := SelfCPU()
	for k := range o.Actions {
		marker := fanoutMarker(k + 1)
		if err := adder.Send("a"); err != nil {
			return nil, err
		}
		if err := adder.WaitFor(ctx, "New action"); err != nil {
			return nil, err
		}
		text := marker + " call the customer back"
		if err := adder.Send(text, sshload.KeyTab, "fac", sshload.KeyTab, "fri"); err != nil {
			return nil, err
		}
		// the form shows what was typed, and the due date's day once it
		// read "fri": every key was taken
		leftOut := false
		if err := adder.Await(ctx, func(s string) bool {
			leftOut = strings.Contains(s, keysLeftOut)
			return leftOut || strings.Contains(s, marker) && strings.Contains(s, "→ ") && strings.Contains(s, "fri")
		}); err != nil {
			return nil, err
		}
		if leftOut {
			return nil, fmt.Errorf("the server left out some of %s's keys: they came faster than a person types (at most 200 a second after the first 8,192); use a longer --spacing", adder.Name)
		}
		watches := make([]*sshload.Watch, len(others))
		for i, c := range others {
			watches[i] = c.Expect(marker)
		}
		w0, s0, err := runTimes(srv.pid)
		if err != nil {
			return nil, err
		}
		gc0 := selfGCCycles()
		start := time.Now()
		if err := adder.Send(sshload.KeyEnter); err != nil {
			return nil, err
		}
		wait, cancel := context.WithTimeout(ctx, 15*time.Second)
		from, missed := len(res.lat), res.missed
		for i, w := range watches {
			select {
			case <-w.Seen():
				at := w.At()
				if at.Before(start) {
					cancel()
					return nil, fmt.Errorf("%s showed %s before it was submitted", others[i].Name, marker)
				}
				res.lat = append(res.lat, at.Sub(start))
			case <-wait.Done():
				res.missed++
			}
		}
		cancel()
		w1, s1, err := runTimes(srv.pid)
		if err != nil {
			return nil, err
		}
		res.cpuWindow += w1 - w0
		res.loadWindow += s1 - s0
		collected := selfGCCycles() != gc0
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if these := res.lat[from:]; len(these) > 0 {
			a := AddTiming{FirstMs: Ms(Pct(these, 0)), HalfMs: Ms(Pct(these, 50)), LastMs: Ms(Pct(these, 100)),
				ServerCPUMs: Ms(w1 - w0), LoadCPUMs: Ms(s1 - s0), LoadCollected: collected, Missed: res.missed - missed}
			res.perAdd = append(res.perAdd, a)
			progress("%s: %s", marker, a)
		}
		if err := adder.WaitFor(ctx, "✓ saved"); err != nil {
			return nil, err
		}
		if k < o.Actions-1 {
			Sleep(ctx, o.Spacing)
		}
	}
	c1, err := ProcCPU(srv.pid)
	if err != nil {
		return nil, err
	}
	res.cpu, res.load = c1-c0, SelfCPU()-l0
	for _, c := range others {
		res.received += c.Bytes()
	}
	res.received -= bytes0
	return res, nil
}

// keysLeftOut is what a screen says when the server left out keys that
// came faster than anyone types (tui's input budget).
const keysLeftOut = "Keys arrived faster than anyone types"

// selfGCCycles is how many collections this process has completed.
func selfGCCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// runTimes is the run time so far of the server (pid) and of this
// process, the load generator.
func runTimes(pid int) (server, load time.Duration, err error) {
	if server, err = ProcRunTime(pid); err != nil {
		return 0, 0, err
	}
	load, err = SelfRunTime()
	return server, load, err
}

// profileFetch is a CPU profile of the server being taken over HTTP.
type profileFetch struct {
	done chan struct{}
	data []byte
	err  error
}

// fetchProfile starts a CPU profile of the server that lasts about as long
// as the adds.
func fetchProfile(ctx context.Context, addr string, o FanoutOptions) *profileFetch {
	secs := int((time.Duration(o.Actions)*(o.Spacing+150*time.Millisecond))/time.Second) + 1
	p := &profileFetch{done: make(chan struct{})}
	go p.get(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs))
	return p
}

// pprofQuery asks the server's pprof handler for query and waits for the
// answer.
func pprofQuery(ctx context.Context, addr, query string) *profileFetch {
	f := &profileFetch{done: make(chan struct{})}
	f.get(ctx, fmt.Sprintf("http://%s/debug/pprof/%s", addr, query))
	return f
}

// get fetches url into p.data and closes p.done.
func (p *profileFetch) get(ctx context.Context, url string) {
	func() {
		defer close(p.done)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			p.err = err
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			p.err = err
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			p.err = fmt.Errorf("pprof: %s", resp.Status)
			return
		}
		p.data, p.err = io.ReadAll(resp.Body)
	}()
}

// fetchHeap writes the server's heap profile to path and, as text beside
// it, its goroutines (path.goroutines.txt) and the runtime's memory
// statistics (path.memstats.txt).
func fetchHeap(ctx context.Context, addr, path string) error {
	return fetchPprof(ctx, addr, []pprofFile{
		{"heap?gc=1", path}, // collected first: the profile is then as of now, not as of the last cycle
		{"goroutine?debug=1", path + ".goroutines.txt"},
		{"heap?debug=1", path + ".memstats.txt"},
	})
}

// fetchEndMemStats writes the server's memory statistics at the end of a
// run, as they are (no collection first): what the RSS reading beside them
// is made of, heap goal and stacks included; and its heap profile then
// (path.end), whose allocations less the first profile's are the adds'
// (go tool pprof -sample_index=alloc_space -base path path.end).
func fetchEndMemStats(ctx context.Context, addr, path string) error {
	return fetchPprof(ctx, addr, []pprofFile{{"heap?debug=1", path + ".end.memstats.txt"}, {"heap?gc=1", path + ".end"}})
}

// pprofFile is one pprof query and the file its answer goes to.
type pprofFile struct{ query, file string }

func fetchPprof(ctx context.Context, addr string, qs []pprofFile) error {
	for _, q := range qs {
		f := pprofQuery(ctx, addr, q.query)
		if err := f.wait(q.file); err != nil {
			return fmt.Errorf("%s: %w", q.query, err)
		}
	}
	return nil
}

func (p *profileFetch) wait(path string) error {
	<-p.done
	if p.err != nil {
		return p.err
	}
	return os.WriteFile(path, p.data, 0o600)
}

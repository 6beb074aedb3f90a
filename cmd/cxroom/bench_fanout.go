package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
	"cxroom/tui/cli"
	"cxroom/tui/sshload"
)

// fanoutBench is what `cxroom bench fanout --json` prints.
type fanoutBench struct {
	Clients   int     `json:"clients"`
	Actions   int     `json:"actions"`
	ConnectMs float64 `json:"connect_ms"` // first dial → everyone in the room
	// Fan-out: from the write of the enter that submits an action to the
	// moment its text is visible on each other client's screen, over
	// actions × (clients-1) samples.
	P50Ms   float64 `json:"p50_ms"`
	P90Ms   float64 `json:"p90_ms"`
	P99Ms   float64 `json:"p99_ms"`
	MaxMs   float64 `json:"max_ms"`
	Samples int     `json:"samples"`
	Missed  int     `json:"missed"` // screens that never showed a marker within the wait
	// Server process (a separate process: its figures leave the load
	// generator out).
	RSSBaseKiB      int64   `json:"rss_base_kib"` // before any client
	RSSKiB          int64   `json:"rss_kib"`      // with everyone in the room, after the adds and the idle spell
	RSSPerClientKiB float64 `json:"rss_per_client_kib"`
	// Right after everyone got in (the lobby's renderers and the joins'
	// garbage not yet returned), and the peak (VmHWM) over the whole run.
	RSSConnectKiB int64 `json:"rss_connect_kib"`
	RSSPeakKiB    int64 `json:"rss_peak_kib"`
	// Server CPU during the adds ÷ actions. Each add is three room changes
	// seen by everyone: the adder's "typing…", the action, "typing…" gone.
	CPUMsPerBroadcast float64 `json:"cpu_ms_per_broadcast"`
	IdleCPUMsPerS     float64 `json:"idle_cpu_ms_per_s"` // everyone in the room, nobody typing
	IdleSeconds       float64 `json:"idle_s"`
	IdleBaseCPUMsPerS float64 `json:"idle_base_cpu_ms_per_s"` // the same server before any client
	// The load generator's own CPU per add (virtual terminals, SSH).
	LoadCPUMsPerBroadcast float64 `json:"load_cpu_ms_per_broadcast"`
	BytesPerClient        float64 `json:"bytes_per_client_per_broadcast"` // output each other client received per add
	NumCPU                int     `json:"num_cpu"`
	Profile               string  `json:"profile,omitempty"` // the server's CPU profile during the adds
}

// fanoutOpts are the command's flags.
type fanoutOpts struct {
	clients, actions int
	spacing, idle    time.Duration
	timeout          time.Duration
	asJSON           bool
	profile          string
}

// Markers are unique and never a prefix of one another.
func fanoutMarker(i int) string { return fmt.Sprintf("MARK%04dQZ", i) }

// benchFanout runs `cxroom bench fanout`: a cxroom SSH server in a child
// process on 127.0.0.1, N real SSH clients with PTYs in one room, one of
// them adding K actions, and the time until each other screen shows each.
func benchFanout(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cxroom bench fanout", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var o fanoutOpts
	fset.IntVar(&o.clients, "clients", 50, "SSH clients in the room (one facilitator, the rest members)")
	fset.IntVar(&o.actions, "actions", 20, "actions one member adds")
	fset.DurationVar(&o.spacing, "spacing", 300*time.Millisecond, "pause between adds")
	fset.DurationVar(&o.idle, "idle", 5*time.Second, "how long to measure the idle room's CPU")
	fset.DurationVar(&o.timeout, "timeout", 3*time.Minute, "overall deadline")
	fset.BoolVar(&o.asJSON, "json", false, "print one JSON object")
	fset.StringVar(&o.profile, "cpuprofile", "", "write the server's CPU profile during the adds to this file")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	if fset.NArg() > 0 || o.clients < 2 || o.clients > 2000 || o.actions < 1 || o.actions > 9999 || o.timeout <= 0 || o.idle < 0 || o.spacing < 0 {
		fmt.Fprintln(stderr, "cxroom: usage: cxroom bench fanout [--clients N (2–2000)] [--actions K (1–9999)] [--spacing 300ms] [--idle 5s] [--timeout 3m] [--json]")
		return cli.ExitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "bench fanout: "+format+"\n", args...)
	}
	b, err := runFanout(ctx, o, progress)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%w (deadline %s; raise it with --timeout)", err, o.timeout)
		}
		return fail(stderr, meeting.Errorf(meeting.EINTERNAL, "bench fanout: %s", err))
	}
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b); err != nil {
			return fail(stderr, err)
		}
		return cli.ExitOK
	}
	printFanout(stdout, b)
	return cli.ExitOK
}

func printFanout(w io.Writer, b *fanoutBench) {
	fmt.Fprintf(w, "clients              %d (1 facilitator, %d members; PTY 120×40 xterm-256color; %d CPUs shared with the load generator)\n", b.Clients, b.Clients-1, b.NumCPU)
	fmt.Fprintf(w, "connect              %.0f ms (first dial → all %d in the room)\n", b.ConnectMs, b.Clients)
	fmt.Fprintf(w, "fan-out              p50 %.1f ms · p90 %.1f ms · p99 %.1f ms · max %.1f ms (%d samples = %d actions × %d screens", b.P50Ms, b.P90Ms, b.P99Ms, b.MaxMs, b.Samples, b.Actions, b.Clients-1)
	if b.Missed > 0 {
		fmt.Fprintf(w, "; %d never showed it", b.Missed)
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "server memory        %.0f KiB per client (RSS %d KiB before any client → %d KiB with %d in the room; %d KiB just after they got in, peak %d KiB)\n", b.RSSPerClientKiB, b.RSSBaseKiB, b.RSSKiB, b.Clients, b.RSSConnectKiB, b.RSSPeakKiB)
	fmt.Fprintf(w, "server CPU           %.1f ms per broadcast (an add: typing on, the action, typing off)\n", b.CPUMsPerBroadcast)
	fmt.Fprintf(w, "server idle CPU      %.1f ms/s with everyone in the room (over %.0f s; %.1f ms/s with nobody connected)\n", b.IdleCPUMsPerS, b.IdleSeconds, b.IdleBaseCPUMsPerS)
	fmt.Fprintf(w, "load generator       %.1f ms CPU per broadcast · %.0f bytes per screen per broadcast\n", b.LoadCPUMsPerBroadcast, b.BytesPerClient)
	if b.Profile != "" {
		fmt.Fprintf(w, "server CPU profile   %s (go tool pprof -top %s)\n", b.Profile, b.Profile)
	}
}

// runFanout does the measurement; everything it starts ends before it
// returns (the clients, the server child, the temporary folder).
func runFanout(ctx context.Context, o fanoutOpts, progress func(string, ...any)) (*fanoutBench, error) {
	b := &fanoutBench{Clients: o.clients, Actions: o.actions, NumCPU: runtime.NumCPU()}
	tmp, err := os.MkdirTemp("", "cxroom-bench-fanout-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	// The team: a facilitator and N-1 members, each with a fresh key.
	people, err := fanoutTeam(o.clients)
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

	srv, err := startFanoutServer(ctx, data, o, tmp)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	progress("server pid %d on %s", srv.pid, srv.addr)
	time.Sleep(300 * time.Millisecond) // let the child settle before the baseline
	base, err := procRSS(srv.pid)
	if err != nil {
		return nil, err
	}
	b.RSSBaseKiB = base
	if o.idle > 0 { // what the server costs with nobody on it, for scale
		c0, err := procCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		w0 := time.Now()
		sleep(ctx, 2*time.Second)
		c1, err := procCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		b.IdleBaseCPUMsPerS = round(float64(c1-c0)/float64(time.Millisecond)/time.Since(w0).Seconds(), 1)
	}

	// Connect everyone: the facilitator starts a VOC triage, the members
	// join it from the lobby.
	clients := make([]*sshload.Client, len(people))
	defer func() {
		var wg sync.WaitGroup
		for _, c := range clients {
			if c != nil {
				wg.Add(1)
				go func() { defer wg.Done(); _ = c.Close() }()
			}
		}
		wg.Wait()
	}()
	progress("connecting %d clients", o.clients)
	t0 := time.Now()
	if err := connectAll(ctx, srv.addr, people, clients); err != nil {
		return nil, err
	}
	b.ConnectMs = ms(time.Since(t0))
	progress("all %d in the room after %.0f ms", o.clients, b.ConnectMs)
	time.Sleep(500 * time.Millisecond) // let the last joins' frames drain
	if b.RSSConnectKiB, err = procRSS(srv.pid); err != nil {
		return nil, err
	}

	// The adds.
	var prof *profileFetch
	if o.profile != "" && srv.pprof != "" {
		prof = fetchProfile(ctx, srv.pprof, o)
	}
	lat, missed, cpu, load, bytes, err := addActions(ctx, o, srv, clients, progress)
	if err != nil {
		return nil, err
	}
	if prof != nil {
		if err := prof.wait(o.profile); err != nil {
			return nil, fmt.Errorf("CPU profile: %w", err)
		}
		b.Profile = o.profile
		// and the heap with everyone in the room, next to it
		heap := &profileFetch{done: make(chan struct{})}
		heap.get(ctx, fmt.Sprintf("http://%s/debug/pprof/heap", srv.pprof))
		if err := heap.wait(o.profile + ".heap"); err != nil {
			return nil, fmt.Errorf("heap profile: %w", err)
		}
	}
	b.Samples, b.Missed = len(lat), missed
	b.P50Ms, b.P90Ms, b.P99Ms, b.MaxMs = ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(pct(lat, 100))
	b.CPUMsPerBroadcast = round(float64(cpu)/float64(time.Millisecond)/float64(o.actions), 2)
	b.LoadCPUMsPerBroadcast = round(float64(load)/float64(time.Millisecond)/float64(o.actions), 2)
	b.BytesPerClient = round(float64(bytes)/float64(o.actions*(o.clients-1)), 0)

	// Idle: everyone in the room, nobody typing.
	if o.idle > 0 {
		progress("idle for %s", o.idle)
		sleep(ctx, time.Second)
		c0, err := procCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		w0 := time.Now()
		sleep(ctx, o.idle)
		c1, err := procCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		el := time.Since(w0)
		b.IdleSeconds = round(el.Seconds(), 1)
		b.IdleCPUMsPerS = round(float64(c1-c0)/float64(time.Millisecond)/el.Seconds(), 1)
	}
	// memory with everyone in the room, in the steady state
	if b.RSSKiB, err = procRSS(srv.pid); err != nil {
		return nil, err
	}
	b.RSSPerClientKiB = round(float64(b.RSSKiB-b.RSSBaseKiB)/float64(o.clients), 1)
	b.RSSPeakKiB, _ = procPeakRSS(srv.pid)
	return b, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// fanoutPerson is one generated team member.
type fanoutPerson struct {
	member meeting.Member
	signer gossh.Signer
}

func fanoutTeam(n int) ([]fanoutPerson, error) {
	out := make([]fanoutPerson, n)
	for i := range out {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		s, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			return nil, err
		}
		m := meeting.Member{Name: fmt.Sprintf("Member %03d", i), Handle: fmt.Sprintf("m%03d", i), Role: meeting.RoleMember}
		if i == 0 {
			m = meeting.Member{Name: "Facilitator", Handle: "fac", Role: meeting.RoleFacilitator}
		}
		m.Keys = []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))}
		out[i] = fanoutPerson{member: m, signer: s}
	}
	return out, nil
}

func writeFanoutTeam(path string, people []fanoutPerson) error {
	t := &meeting.Team{}
	for _, p := range people {
		t.Members = append(t.Members, p.member)
	}
	data, err := teamfile.Marshal(t)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// fanoutServer is the cxroom serve child.
type fanoutServer struct {
	cmd    *exec.Cmd
	pid    int
	addr   string
	pprof  string // the child's pprof address, when profiling
	exited chan struct{}
	stderr *lockedBuffer
	once   sync.Once
}

var servingRe = regexp.MustCompile(`^serving on (\S+) `)
var pprofRe = regexp.MustCompile(`^pprof on http://(\S+)/debug/pprof/`)

// startFanoutServer re-executes this binary as `cxroom serve` on
// 127.0.0.1:0 and waits for it to print its address.
func startFanoutServer(ctx context.Context, data string, o fanoutOpts, tmp string) (*fanoutServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve", "--listen", "127.0.0.1:0", "--data", data,
		"--max-sessions", strconv.Itoa(o.clients+16), "--conn-rate", "-1")
	env := benchEnv(os.Environ(), home) // no user agendas, no user data
	if o.profile != "" {
		env = append(env, pprofEnv+"=127.0.0.1:0")
	}
	cmd.Env = env
	setChildAttrs(cmd) // dies with us
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
	for s.addr == "" || (o.profile != "" && s.pprof == "") {
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
func connectAll(ctx context.Context, addr string, people []fanoutPerson, clients []*sshload.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := len(people)
	errc := make(chan error, n)
	sem := make(chan struct{}, 32) // handshakes in flight
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
			c, err := sshload.Dial(ctx, p.member.Handle, sshload.Config{Addr: addr, User: p.member.Handle, Signer: p.signer, Timeout: 30 * time.Second})
			<-sem
			if err != nil {
				errc <- fmt.Errorf("%s: %w", p.member.Handle, err)
				cancel()
				return
			}
			mu.Lock()
			clients[i] = c
			mu.Unlock()
			if i == 0 {
				err = startRoom(ctx, c)
			} else {
				err = joinRoom(ctx, c)
			}
			if err != nil {
				errc <- fmt.Errorf("%s: %w\nscreen:\n%s", p.member.Handle, err, c.Screen())
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return clients[0].WaitFor(ctx, fmt.Sprintf("Here (%d)", n))
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

// addActions has member 1 add o.actions actions through its screen and
// times each until every other screen shows it. It returns the latencies,
// how many screens missed a marker, and the server's and this process's
// CPU time over the adds, and the output the watching screens received.
func addActions(ctx context.Context, o fanoutOpts, srv *fanoutServer, clients []*sshload.Client, progress func(string, ...any)) (lat []time.Duration, missed int, cpu, load time.Duration, received int64, err error) {
	adder := clients[1]
	others := make([]*sshload.Client, 0, len(clients)-1)
	for i, c := range clients {
		if i != 1 {
			others = append(others, c)
		}
	}
	bytes0 := int64(0)
	for _, c := range others {
		bytes0 += c.Bytes()
	}
	progress("%s adds %d actions, %s apart", adder.Name, o.actions, o.spacing)
	c0, err := procCPU(srv.pid)
	if err != nil {
		return nil, 0, 0, 0, 0, err
	}
	l0 := selfCPU()
	for k := range o.actions {
		marker := fanoutMarker(k + 1)
		if err := adder.Send("a"); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		if err := adder.WaitFor(ctx, "New action"); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		text := marker + " call the customer back"
		if err := adder.Send(text, sshload.KeyTab, "fac", sshload.KeyTab, "fri"); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		// the form shows what was typed, and the due date's day once it
		// read "fri": every key was taken
		if err := adder.Await(ctx, func(s string) bool {
			return strings.Contains(s, marker) && strings.Contains(s, "→ ") && strings.Contains(s, "fri")
		}); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		watches := make([]*sshload.Watch, len(others))
		for i, c := range others {
			watches[i] = c.Expect(marker)
		}
		start := time.Now()
		if err := adder.Send(sshload.KeyEnter); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		wait, cancel := context.WithTimeout(ctx, 15*time.Second)
		from := len(lat)
		for i, w := range watches {
			select {
			case <-w.Seen():
				at := w.At()
				if at.Before(start) {
					cancel()
					return nil, 0, 0, 0, 0, fmt.Errorf("%s showed %s before it was submitted", others[i].Name, marker)
				}
				lat = append(lat, at.Sub(start))
			case <-wait.Done():
				missed++
			}
		}
		cancel()
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		if these := lat[from:]; len(these) > 0 {
			progress("%s: first screen %.1f ms, half %.1f ms, last %.1f ms", marker, ms(pct(these, 0)), ms(pct(these, 50)), ms(pct(these, 100)))
		}
		if err := adder.WaitFor(ctx, "✓ saved"); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		if k < o.actions-1 {
			sleep(ctx, o.spacing)
		}
	}
	c1, err := procCPU(srv.pid)
	if err != nil {
		return nil, 0, 0, 0, 0, err
	}
	for _, c := range others {
		received += c.Bytes()
	}
	return lat, missed, c1 - c0, selfCPU() - l0, received - bytes0, nil
}

// profileFetch is a CPU profile of the server being taken over HTTP.
type profileFetch struct {
	done chan struct{}
	data []byte
	err  error
}

// fetchProfile starts a CPU profile of the server that lasts about as long
// as the adds.
func fetchProfile(ctx context.Context, addr string, o fanoutOpts) *profileFetch {
	secs := int((time.Duration(o.actions)*(o.spacing+150*time.Millisecond))/time.Second) + 1
	p := &profileFetch{done: make(chan struct{})}
	go p.get(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs))
	return p
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

func (p *profileFetch) wait(path string) error {
	<-p.done
	if p.err != nil {
		return p.err
	}
	return os.WriteFile(path, p.data, 0o600)
}

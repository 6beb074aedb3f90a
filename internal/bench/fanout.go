package bench

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/sshload"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// Fanout is what `cxroom-bench fanout --json` prints.
type Fanout struct {
	Clients   int     `json:"clients"`
	Observers int     `json:"observers"` // of them: past meeting.MaxInvited, the audience watches
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
	// What the server allocated and collected during the adds: per add,
	// and the collections with their stop-the-world pauses (every screen
	// waits out a pause at once).
	AllocKiBPerBroadcast float64 `json:"alloc_kib_per_broadcast"`
	MallocsPerBroadcast  float64 `json:"mallocs_per_broadcast"`
	GCCycles             int     `json:"gc_cycles"`
	GCPauseMs            float64 `json:"gc_pause_ms"`     // all pauses together
	GCMaxPauseMs         float64 `json:"gc_max_pause_ms"` // the longest
	// From each enter to the last screen showing its action, per add: the
	// server's CPU and the load generator's. Both share the machine's CPUs,
	// so the last screen waits for about their sum ÷ the CPUs.
	CPUMsInWindow     float64 `json:"cpu_ms_in_window"`
	LoadCPUMsInWindow float64 `json:"load_cpu_ms_in_window"`
	// The load generator's own CPU per add (virtual terminals, SSH).
	LoadCPUMsPerBroadcast float64 `json:"load_cpu_ms_per_broadcast"`
	BytesPerClient        float64 `json:"bytes_per_client_per_broadcast"` // output each other client received per add
	// Frames the server wrote during the adds ÷ (actions × clients): how
	// many times each screen was drawn per add (the adder's typing included).
	FramesPerClient float64 `json:"frames_per_client_per_broadcast"`
	NumCPU          int     `json:"num_cpu"`
	// Each add on its own: p99 over adds × screens is decided by the
	// slowest add or two (one add is 499 samples at 500, more than the 1%
	// of 30 adds' samples), so these say whether it was late everywhere
	// (before the first screen: the commit, the machine) or only at the
	// end (the fan-out). LastP50Ms: a typical add's last screen.
	Adds      []AddTiming `json:"adds,omitempty"`
	LastP50Ms float64     `json:"last_screen_p50_ms"`
	// The server's durable writes during the adds (its
	// cxroom_store_commit_seconds): every add waits for one before any
	// screen shows it, so a slow disk shows as an add late everywhere.
	Commits         int     `json:"commits"`
	CommitMeanMs    float64 `json:"commit_mean_ms"`
	CommitSlowestMs float64 `json:"commit_slowest_le_ms"`   // the bound of the slowest one's bucket: it took at most this (-1: over 3.3 s)
	Profile         string  `json:"profile,omitempty"`      // the server's CPU profile during the adds
	MemProfile      string  `json:"memprofile,omitempty"`   // the server's heap with everyone in the room, before the adds
	LoadProfile     string  `json:"load_profile,omitempty"` // the load generator's CPU profile during the adds
	// With --lobby: the RSS with everyone waiting in the lobby, and the time
	// from the ritual's start to everyone in the room.
	Lobby       bool    `json:"lobby,omitempty"`
	RSSLobbyKiB int64   `json:"rss_lobby_kib,omitempty"`
	JoinMs      float64 `json:"join_ms,omitempty"`
}

// AddTiming is one add: when its first, middle and last screens showed
// it, the CPU the server and the load generator spent in its window, and
// whether the load generator collected in it.
type AddTiming struct {
	FirstMs       float64 `json:"first_ms"`
	HalfMs        float64 `json:"half_ms"`
	LastMs        float64 `json:"last_ms"`
	ServerCPUMs   float64 `json:"server_cpu_ms"`
	LoadCPUMs     float64 `json:"load_cpu_ms"`
	LoadCollected bool    `json:"load_collected,omitempty"`
	Missed        int     `json:"missed,omitempty"` // screens that never showed it: the figures above leave them out
}

func (a AddTiming) String() string {
	s := fmt.Sprintf("first screen %.1f ms, half %.1f ms, last %.1f ms; CPU in the window %.1f ms server + %.1f ms load generator", a.FirstMs, a.HalfMs, a.LastMs, a.ServerCPUMs, a.LoadCPUMs)
	if a.LoadCollected {
		s += " (the load generator collected)"
	}
	if a.Missed > 0 {
		s += fmt.Sprintf("; %d screens never showed it", a.Missed)
	}
	return s
}

// FanoutOptions say what to measure and with which cxroom.
type FanoutOptions struct {
	Cxroom           string        // the cxroom binary to run as the server
	Clients, Actions int           // SSH clients in the room; actions one member adds
	Spacing, Idle    time.Duration // pause between adds; how long the idle room's CPU is measured
	Profile          string        // write the server's CPU profile during the adds here
	LoadProfile      string        // write the load generator's own CPU profile during the adds here
	MemProfile       string        // write the server's heap profile (and memory statistics) with everyone in the room here
	// Lobby: everyone waits in the lobby first, then the facilitator
	// starts the ritual and they all join at once (a town hall's arrival);
	// otherwise each joins as soon as they are in and the room is there.
	Lobby bool
}

// framesMetric counts the frames the server wrote to screens.
const framesMetric = "cxroom_frames_total"

// commitMetric is the server's durable writes, a histogram.
const commitMetric = "cxroom_store_commit_seconds"

// commitsBetween is what two readings of the server's metrics say of the
// durable writes between them: how many, their mean, and the bound of the
// bucket the slowest fell in (0: none; -1: past the last bucket, 3.3 s).
func commitsBetween(m0, m1 map[string]float64) (n int, meanMs, slowestMs float64) {
	count := m1[commitMetric+"_count"] - m0[commitMetric+"_count"]
	if count <= 0 {
		return 0, 0, 0
	}
	meanMs = Round((m1[commitMetric+"_sum"]-m0[commitMetric+"_sum"])/count*1000, 2)
	slowestMs = math.Inf(1)
	for k, v := range m1 {
		le, ok := strings.CutPrefix(k, commitMetric+`_bucket{le="`)
		if !ok {
			continue
		}
		bound, err := strconv.ParseFloat(strings.TrimSuffix(le, `"}`), 64)
		if err == nil && v-m0[k] >= count && bound*1000 < slowestMs {
			slowestMs = bound * 1000
		}
	}
	if math.IsInf(slowestMs, 1) {
		return int(count), meanMs, -1
	}
	return int(count), meanMs, Round(slowestMs, 1)
}

// fanoutMarker: markers are unique and never a prefix of one another.
func fanoutMarker(i int) string { return fmt.Sprintf("MARK%04dQZ", i) }

// PrintFanout prints the figures for a person.
func PrintFanout(w io.Writer, b *Fanout) {
	who := fmt.Sprintf("1 facilitator, %d members", b.Clients-1-b.Observers)
	if b.Observers > 0 {
		who += fmt.Sprintf(", %d observers", b.Observers)
	}
	fmt.Fprintf(w, "clients              %d (%s; PTY 120×40 xterm-256color; %d CPUs shared with the load generator)\n", b.Clients, who, b.NumCPU)
	fmt.Fprintf(w, "connect              %.0f ms (first dial → all %d in the room)\n", b.ConnectMs, b.Clients)
	if b.Lobby {
		fmt.Fprintf(w, "town hall            all waited in the lobby (RSS %d KiB), then all %d joined %.0f ms after the ritual started\n", b.RSSLobbyKiB, b.Clients, b.JoinMs)
	}
	fmt.Fprintf(w, "fan-out              p50 %.1f ms · p90 %.1f ms · p99 %.1f ms · max %.1f ms (%d samples = %d actions × %d screens", b.P50Ms, b.P90Ms, b.P99Ms, b.MaxMs, b.Samples, b.Actions, b.Clients-1)
	if b.Missed > 0 {
		fmt.Fprintf(w, "; %d never showed it", b.Missed)
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "server memory        %.0f KiB per client (RSS %d KiB before any client → %d KiB with %d in the room; %d KiB just after they got in, peak %d KiB)\n", b.RSSPerClientKiB, b.RSSBaseKiB, b.RSSKiB, b.Clients, b.RSSConnectKiB, b.RSSPeakKiB)
	fmt.Fprintf(w, "server CPU           %.1f ms per broadcast (an add: typing on, the action, typing off)\n", b.CPUMsPerBroadcast)
	fmt.Fprintf(w, "server allocations   %.0f KiB (%.0f objects) per broadcast; %d collections during the adds, pausing %.1f ms in all, the longest %.1f ms\n", b.AllocKiBPerBroadcast, b.MallocsPerBroadcast, b.GCCycles, b.GCPauseMs, b.GCMaxPauseMs)
	fmt.Fprintf(w, "server idle CPU      %.1f ms/s with everyone in the room (over %.0f s; %.1f ms/s with nobody connected)\n", b.IdleCPUMsPerS, b.IdleSeconds, b.IdleBaseCPUMsPerS)
	fmt.Fprintf(w, "server frames        %.2f per screen per broadcast\n", b.FramesPerClient)
	fmt.Fprintf(w, "the latency window   %.1f ms server CPU + %.1f ms load generator CPU per broadcast, from the enter to the last screen (÷ %d CPUs = %.1f ms)\n", b.CPUMsInWindow, b.LoadCPUMsInWindow, b.NumCPU, (b.CPUMsInWindow+b.LoadCPUMsInWindow)/float64(max(b.NumCPU, 1)))
	if n := len(b.Adds); n > 0 {
		slow := slices.MaxFunc(b.Adds, func(x, y AddTiming) int { return cmp.Compare(x.LastMs, y.LastMs) })
		fmt.Fprintf(w, "each add             the last screen showed it after %.1f ms (median of %d adds); the slowest add: %s\n", b.LastP50Ms, n, slow)
	}
	if b.Commits > 0 {
		slowest := fmt.Sprintf("≤ %.1f ms", b.CommitSlowestMs)
		if b.CommitSlowestMs < 0 {
			slowest = "over 3.3 s"
		}
		fmt.Fprintf(w, "durable writes       %d during the adds, %.2f ms on average, the slowest %s (the disk's sync included)\n", b.Commits, b.CommitMeanMs, slowest)
	}
	fmt.Fprintf(w, "load generator       %.1f ms CPU per broadcast · %.0f bytes per screen per broadcast\n", b.LoadCPUMsPerBroadcast, b.BytesPerClient)
	if b.Profile != "" {
		fmt.Fprintf(w, "server CPU profile   %s (go tool pprof -top %s)\n", b.Profile, b.Profile)
	}
	if b.LoadProfile != "" {
		fmt.Fprintf(w, "load CPU profile     %s (go tool pprof -top %s)\n", b.LoadProfile, b.LoadProfile)
	}
	if b.MemProfile != "" {
		fmt.Fprintf(w, "server heap profile  %s (go tool pprof -sample_index=inuse_space -top %s; memory statistics in %s.memstats.txt and, at the end, %s.end.memstats.txt; goroutines in %s.goroutines.txt; what the adds allocated: go tool pprof -sample_index=alloc_space -base %s %s.end)\n", b.MemProfile, b.MemProfile, b.MemProfile, b.MemProfile, b.MemProfile, b.MemProfile, b.MemProfile)
	}
}

// RunFanout does the measurement; everything it starts ends before it
// returns (the clients, the server child, the temporary folder).
func RunFanout(ctx context.Context, o FanoutOptions, progress func(string, ...any)) (*Fanout, error) {
	b := &Fanout{Clients: o.Clients, Observers: max(o.Clients-meeting.MaxInvited, 0), Actions: o.Actions, NumCPU: runtime.NumCPU()}
	tmp, err := os.MkdirTemp("", "cxroom-bench-fanout-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	// The team: a facilitator and N-1 members, each with a fresh key.
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

	srv, err := startFanoutServer(ctx, data, o, tmp)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	progress("server pid %d on %s", srv.pid, srv.addr)
	time.Sleep(300 * time.Millisecond) // let the child settle before the baseline
	base, err := ProcRSS(srv.pid)
	if err != nil {
		return nil, err
	}
	b.RSSBaseKiB = base
	if o.Idle > 0 { // what the server costs with nobody on it, for scale
		c0, err := ProcCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		w0 := time.Now()
		Sleep(ctx, 2*time.Second)
		c1, err := ProcCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		b.IdleBaseCPUMsPerS = Round(float64(c1-c0)/float64(time.Millisecond)/time.Since(w0).Seconds(), 1)
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
	progress("connecting %d clients", o.Clients)
	t0 := time.Now()
	var inLobby func(context.Context) error
	var joinStart time.Time
	if o.Lobby {
		b.Lobby = true
		inLobby = func(ctx context.Context) error {
			progress("all %d in the lobby after %.0f ms; the ritual starts", o.Clients, Ms(time.Since(t0)))
			Sleep(ctx, 500*time.Millisecond) // the lobby's last frames drain
			var err error
			if b.RSSLobbyKiB, err = ProcRSS(srv.pid); err != nil {
				return err
			}
			joinStart = time.Now()
			return ctx.Err()
		}
	}
	if err := connectAll(ctx, srv.addr, people, clients, inLobby); err != nil {
		return nil, err
	}
	b.ConnectMs = Ms(time.Since(t0))
	if o.Lobby {
		b.JoinMs = Ms(time.Since(joinStart))
		progress("all %d in the room %.0f ms after the start", o.Clients, b.JoinMs)
	}
	progress("all %d in the room after %.0f ms", o.Clients, b.ConnectMs)
	time.Sleep(500 * time.Millisecond) // let the last joins' frames drain
	if b.RSSConnectKiB, err = ProcRSS(srv.pid); err != nil {
		return nil, err
	}

	if o.MemProfile != "" && srv.pprof != "" {
		if err := fetchHeap(ctx, srv.pprof, o.MemProfile); err != nil {
			return nil, fmt.Errorf("heap profile: %w", err)
		}
		b.MemProfile = o.MemProfile
	}

	// The adds.
	var prof *profileFetch
	if o.Profile != "" && srv.pprof != "" {
		prof = fetchProfile(ctx, srv.pprof, o)
	}
	gc0, err := readGCStats(ctx, srv.pprof)
	if err != nil {
		return nil, fmt.Errorf("the server's memory statistics before the adds: %w", err)
	}
	m0, err := readMetrics(ctx, srv.metrics)
	if err != nil {
		return nil, fmt.Errorf("the server's metrics before the adds: %w", err)
	}
	stopLoadProfile, err := startLoadProfile(o.LoadProfile)
	if err != nil {
		return nil, err
	}
	res, err := addActions(ctx, o, srv, clients, pickAdder(clients, people), progress)
	if perr := stopLoadProfile(); err == nil && perr != nil {
		err = perr
	}
	if err != nil {
		return nil, err
	}
	b.LoadProfile = o.LoadProfile
	m1, err := readMetrics(ctx, srv.metrics)
	if err != nil {
		return nil, fmt.Errorf("the server's metrics after the adds: %w", err)
	}
	b.FramesPerClient = Round((m1[framesMetric]-m0[framesMetric])/float64(o.Actions*o.Clients), 2)
	b.Commits, b.CommitMeanMs, b.CommitSlowestMs = commitsBetween(m0, m1)
	gc1, err := readGCStats(ctx, srv.pprof)
	if err != nil {
		return nil, fmt.Errorf("the server's memory statistics after the adds: %w", err)
	}
	gc := gc0.until(gc1)
	b.AllocKiBPerBroadcast = Round(float64(gc.allocBytes)/1024/float64(o.Actions), 1)
	b.MallocsPerBroadcast = Round(float64(gc.mallocs)/float64(o.Actions), 0)
	b.GCCycles, b.GCPauseMs, b.GCMaxPauseMs = gc.cycles, Ms(gc.pauses), Ms(gc.maxPause)
	if prof != nil {
		if err := prof.wait(o.Profile); err != nil {
			return nil, fmt.Errorf("CPU profile: %w", err)
		}
		b.Profile = o.Profile
		// and the heap just after the adds, next to it
		if err := fetchHeap(ctx, srv.pprof, o.Profile+".heap"); err != nil {
			return nil, fmt.Errorf("heap profile: %w", err)
		}
	}
	lat := res.lat
	b.Samples, b.Missed = len(lat), res.missed
	b.P50Ms, b.P90Ms, b.P99Ms, b.MaxMs = Ms(Pct(lat, 50)), Ms(Pct(lat, 90)), Ms(Pct(lat, 99)), Ms(Pct(lat, 100))
	perAdd := func(d time.Duration) float64 {
		return Round(float64(d)/float64(time.Millisecond)/float64(o.Actions), 2)
	}
	b.CPUMsPerBroadcast, b.LoadCPUMsPerBroadcast = perAdd(res.cpu), perAdd(res.load)
	b.CPUMsInWindow, b.LoadCPUMsInWindow = perAdd(res.cpuWindow), perAdd(res.loadWindow)
	b.BytesPerClient = Round(float64(res.received)/float64(o.Actions*(o.Clients-1)), 0)
	b.Adds = res.perAdd
	last := make([]time.Duration, len(res.perAdd))
	for i, a := range res.perAdd {
		last[i] = time.Duration(a.LastMs * float64(time.Millisecond))
	}
	b.LastP50Ms = Ms(Median(last))

	// Idle: everyone in the room, nobody typing.
	if o.Idle > 0 {
		progress("idle for %s", o.Idle)
		Sleep(ctx, time.Second)
		c0, err := ProcCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		w0 := time.Now()
		Sleep(ctx, o.Idle)
		c1, err := ProcCPU(srv.pid)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		el := time.Since(w0)
		b.IdleSeconds = Round(el.Seconds(), 1)
		b.IdleCPUMsPerS = Round(float64(c1-c0)/float64(time.Millisecond)/el.Seconds(), 1)
	}
	// memory with everyone in the room, in the steady state
	if b.RSSKiB, err = ProcRSS(srv.pid); err != nil {
		return nil, err
	}
	b.RSSPerClientKiB = Round(float64(b.RSSKiB-b.RSSBaseKiB)/float64(o.Clients), 1)
	b.RSSPeakKiB, _ = ProcPeakRSS(srv.pid)
	if b.MemProfile != "" {
		if err := fetchEndMemStats(ctx, srv.pprof, b.MemProfile); err != nil {
			return nil, fmt.Errorf("the server's memory statistics at the end: %w", err)
		}
	}
	return b, nil
}

// pickAdder picks who adds the actions: the first member whose name the
// room's "Here (N):" line does not show (it is cut after a screen's width),
// so that every run measures the same change — the action, and a
// "typing…" nobody sees — whatever order people happened to arrive in.
func pickAdder(clients []*sshload.Client, people []fanoutPerson) int {
	here := ""
	for _, l := range strings.Split(clients[0].Screen(), "\n") {
		if strings.Contains(l, "Here (") {
			here = l
		}
	}
	for i := 1; i < len(people); i++ {
		if people[i].member.Role == meeting.RoleMember && !strings.Contains(here, people[i].member.Name) {
			return i
		}
	}
	return 1
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
		if i >= meeting.MaxInvited {
			// a meeting invites at most MaxInvited people (members, by
			// default): past that, the room's audience watches
			m.Role = meeting.RoleObserver
		}
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

// startLoadProfile profiles this process (the load generator) into path
// until the returned function is called; with no path it does nothing.
func startLoadProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("the load generator's CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("the load generator's CPU profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("the load generator's CPU profile: %w", err)
		}
		return nil
	}, nil
}

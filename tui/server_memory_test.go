package tui

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Memory: what one session can make the server hold is bounded, and given
// back when it ends. The server runs in the test's process, so its heap is
// the process's (the clients here hold almost nothing: they count bytes).

// heapLive returns the live heap after a full collection.
func heapLive() uint64 {
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// rssBytes returns the process's resident set (VmRSS), 0 if unknown.
func rssBytes() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mb(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// bigClient is a session with a huge PTY whose output is only counted, or
// read into a virtual terminal of vw×vh when vw > 0.
type bigClient struct {
	conn *gossh.Client
	sess *gossh.Session
	mu   sync.Mutex
	n    int
	vt   *vterm
	more chan struct{}
}

func openBig(t *testing.T, e *sshEnv, handle string, w, h, vw, vh int) *bigClient {
	t.Helper()
	conn, err := e.dial(handle, e.keys[handle])
	must(t, err)
	t.Cleanup(func() { conn.Close() })
	sess, err := conn.NewSession()
	must(t, err)
	must(t, sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}))
	out, err := sess.StdoutPipe()
	must(t, err)
	_, err = sess.StdinPipe()
	must(t, err)
	must(t, sess.Shell())
	c := &bigClient{conn: conn, sess: sess, more: make(chan struct{}, 1)}
	if vw > 0 {
		c.vt = newVTerm(vw, vh)
	}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			k, err := out.Read(buf)
			c.mu.Lock()
			c.n += k
			if c.vt != nil {
				c.vt.Write(buf[:k])
			}
			c.mu.Unlock()
			select {
			case c.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

func (c *bigClient) bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// waitBytes waits until more than n bytes arrived.
func (c *bigClient) waitBytes(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(wait)
	for c.bytes() <= n {
		select {
		case <-c.more:
		case <-deadline:
			t.Fatalf("no output past %d bytes", n)
		}
	}
}

// TestSSHMemoryPerSessionBounded: sessions asking for a 1023×1024 terminal
// and resizing all the time are drawn at the clamp (320×120) and cost a
// bounded heap each; the heap comes back when they end.
func TestSSHMemoryPerSessionBounded(t *testing.T) {
	e := newSSHEnv(t)
	// Warm up: the first session pays for what every later one shares
	// (agendas parsed, glamour styles…).
	warm := openBig(t, e, "maria", 120, 40, 0, 0)
	warm.waitBytes(t, 500)
	warm.conn.Close()
	waitUntil(t, wait, "the warm-up ends", func() bool { return e.srv.Sessions() == 0 })
	base, rssBase := heapLive(), rssBytes()

	// a facilitator, a member and an observer see different lobbies: each
	// session draws frames of its own (their renderers wait in the shared
	// idle set between frames: at the clamp, its cells hold one)
	const n = 4
	handles := []string{"maria", "ben", "olga", "dev"}
	cs := make([]*bigClient, n)
	for i := range n {
		cs[i] = openBig(t, e, handles[i], 1023, 1024, 0, 0)
	}
	for _, c := range cs {
		c.waitBytes(t, 500)
	}
	// Steady: the sessions' frames drawn, the idle set holding what it may.
	steady := heapLive()
	per := (int64(steady) - int64(base)) / n
	const perSession = 16 << 20 // measured ~10 MB at the clamp; ~225 MB unclamped
	t.Logf("heap: %s before, %s with %d sessions at 1023×1024 (%s a session); RSS %s → %s",
		mb(base), mb(steady), n, mb(uint64(max(per, 0))), mb(rssBase), mb(rssBytes()))
	if per > perSession {
		t.Errorf("each session holds %s of heap; want at most %s", mb(uint64(per)), mb(perSession))
	}
	// A resize storm: every session, through sizes above the clamp (each
	// differs from the one before at the clamp, but the first from the
	// last). What a resize allocates is bounded by the clamp too.
	sizes := [][2]int{{1023, 1024}, {300, 1024}, {1023, 100}, {250, 110}, {1000, 999}}
	allocs := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	const rounds = 25
	a0 := allocs()
	for r := range rounds {
		for _, c := range cs {
			sz := sizes[r%len(sizes)]
			before := c.bytes()
			_, err := c.sess.SendRequest("window-change", false, gossh.Marshal(&windowChangeMsg{Columns: uint32(sz[0]), Rows: uint32(sz[1])}))
			must(t, err)
			if r%len(sizes) != 0 {
				c.waitBytes(t, before)
			}
		}
	}
	perResize := (allocs() - a0) / (rounds * n)
	during := heapLive()
	t.Logf("resize storm: %s allocated a resize; heap %s after it; RSS %s", mb(perResize), mb(during), mb(rssBytes()))
	const resizeBound = 8 << 20 // measured ~1.4 MB (cached steps); ~25 MB unclamped
	if perResize > resizeBound {
		t.Errorf("a resize allocates %s; want at most %s", mb(perResize), mb(resizeBound))
	}
	if per := (int64(during) - int64(base)) / n; per > perSession {
		t.Errorf("after the storm each session holds %s of heap; want at most %s", mb(uint64(per)), mb(perSession))
	}
	for _, c := range cs {
		c.conn.Close()
	}
	waitUntil(t, wait, "the sessions end", func() bool { return e.srv.Sessions() == 0 })
	var after uint64
	// Ended sessions' goroutines finish their last writes on their own
	// schedule: poll the heap down to the bound rather than sleep.
	deadline := time.Now().Add(wait)
	const left = 32 << 20 // the render cache's bounds (≤ 28 MB) and slack
	for {
		after = heapLive()
		if after <= base+left || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("heap after the sessions ended: %s (render cache %s); RSS %s", mb(after), mb(uint64(e.srv.cache.Bytes())), mb(rssBytes()))
	if after > base+left {
		t.Errorf("after the sessions ended the heap is %s, %s above where it started; want at most %s more", mb(after), mb(after-base), mb(left))
	}
}

// TestSSHWindowClampedNotFrozen: a terminal larger than the clamp is drawn
// at the clamp, and a later resize below it is followed.
func TestSSHWindowClampedNotFrozen(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.MaxWidth, c.MaxHeight = 150, 50 })
	c := openBig(t, e, "ben", 400, 120, 400, 120)
	widest := func() (int, int) {
		c.mu.Lock()
		defer c.mu.Unlock()
		w, h := 0, 0
		for y, l := range strings.Split(c.vt.String(), "\n") {
			if l = strings.TrimRight(l, " \x00"); l != "" {
				w, h = max(w, len([]rune(l))), y+1
			}
		}
		return w, h
	}
	awaitSize := func(what string, ok func(w, h int) bool) {
		t.Helper()
		deadline := time.After(wait)
		for {
			if w, h := widest(); ok(w, h) {
				return
			}
			select {
			case <-c.more:
			case <-deadline:
				w, h := widest()
				t.Fatalf("%s: drawn %d×%d", what, w, h)
			}
		}
	}
	// The lobby's help line and its frame reach the right edge.
	awaitSize("at the clamp", func(w, h int) bool { return w > 140 && w <= 150 && h > 40 && h <= 50 })
	_, err := c.sess.SendRequest("window-change", false, gossh.Marshal(&windowChangeMsg{Columns: 100, Rows: 30}))
	must(t, err)
	c.mu.Lock()
	c.vt.Resize(100, 30)
	c.mu.Unlock()
	awaitSize("after a resize below the clamp", func(w, h int) bool { return w > 90 && w <= 100 && h > 20 && h <= 30 })
}

// TestSSHEnvRequestsBounded: thousands of 100 KB env requests are refused
// past the bound; the server does not keep them.
func TestSSHEnvRequestsBounded(t *testing.T) {
	// 300 MB of requests: the network's pace (TestSSHTinyPacketFloodIsPaced)
	// would hold them for twenty minutes; this test is of what the server
	// keeps of what it reads
	e := newSSHEnv(t, func(c *ServerConfig) { c.Limits.WireRate = -1 })
	conn, err := e.dial("ben", e.keys["ben"])
	must(t, err)
	defer conn.Close()
	sess, err := conn.NewSession()
	must(t, err)
	defer sess.Close()
	base := heapLive()
	big := strings.Repeat("x", 100<<10)
	accepted := 0
	const tries = 3000
	for i := range tries {
		if sess.Setenv(fmt.Sprintf("V%d", i), big) == nil {
			accepted++
		}
	}
	small := 0
	for i := range 200 {
		if sess.Setenv(fmt.Sprintf("S%d", i), "1") == nil {
			small++
		}
	}
	during := heapLive()
	t.Logf("%d of %d env requests of 100 KB accepted, %d of 200 small ones; heap %s → %s", accepted, tries, small, mb(base), mb(during))
	if accepted != 0 || small != DefaultMaxEnv {
		t.Fatalf("accepted %d large and %d small env requests; want 0 and %d", accepted, small, DefaultMaxEnv)
	}
	if during > base+8<<20 {
		t.Fatalf("the heap grew by %s for one session's env", mb(during-base))
	}
	// the session still works, and NO_COLOR still reaches it
	c2, err := e.dial("chloe", e.keys["chloe"])
	must(t, err)
	cl, err := openClientEnv(t, "chloe", c2, map[string]string{"NO_COLOR": "1"})
	must(t, err)
	t.Cleanup(cl.close)
	cl.waitFor(wait, "START A RITUAL")
}

package tui

import (
	"context"
	"io"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// quietClient is a session that counts its output and types blind: the
// test process holds next to nothing for it, so the heap and goroutines it
// adds are the server's (and the SSH client's own few goroutines).
type quietClient struct {
	conn  *gossh.Client
	stdin io.Writer
	n     atomic.Int64
}

func openQuiet(t *testing.T, e *sshEnv, handle string) *quietClient {
	t.Helper()
	conn, err := e.dial(handle, e.keys[handle])
	must(t, err)
	t.Cleanup(func() { conn.Close() })
	sess, err := conn.NewSession()
	must(t, err)
	must(t, sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}))
	c := &quietClient{conn: conn}
	c.stdin, err = sess.StdinPipe()
	must(t, err)
	out, err := sess.StdoutPipe()
	must(t, err)
	must(t, sess.Shell())
	go func() {
		buf := make([]byte, 4096)
		for {
			k, err := out.Read(buf)
			c.n.Add(int64(k))
			if err != nil {
				return
			}
		}
	}()
	return c
}

// serverStacks counts the goroutines whose stack mentions any of names.
func serverStacks(names ...string) int {
	var b strings.Builder
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	n := 0
	for _, g := range strings.Split(b.String(), "\n\n") {
		for _, name := range names {
			if strings.Contains(g, name) {
				n++
				break
			}
		}
	}
	return n
}

// What a person sitting in a room costs the server, once the room is quiet
// (issue 16: ~900 KiB and 21 goroutines a session): no key table of its
// own, no goroutine drawing or ticking while nothing changes, one for its
// window changes.
func TestSSHRoomSessionCosts(t *testing.T) {
	const n = 16
	e := newSSHEnvTeam(t, n)
	ctx := context.Background()
	r, err := e.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: mustAgenda(t, e, "voc-triage")})
	must(t, err)
	// warm up: the first session pays for what every later one shares
	warm := openQuiet(t, e, "ben")
	waitUntil(t, wait, "the warm-up session's lobby", func() bool { return warm.n.Load() > 500 })
	warm.conn.Close()
	waitUntil(t, wait, "the warm-up ends", func() bool { return e.srv.Sessions() == 0 })

	base, g0 := heapLive(), runtime.NumGoroutine()
	cs := make([]*quietClient, n)
	for i := range n {
		cs[i] = openQuiet(t, e, personHandle(i))
	}
	for _, c := range cs {
		waitUntil(t, wait, "a lobby", func() bool { return c.n.Load() > 500 })
		_, err := io.WriteString(c.stdin, "\r") // the live room is the lobby's first row
		must(t, err)
	}
	waitUntil(t, wait, "everyone in the room", func() bool { return len(r.Snapshot().People) == n })
	// quiet: the last frames written, the writers idle
	waitUntil(t, wait, "the frame writers idle", func() bool { return serverStacks("(*frameWriter).run") == 0 })

	// Bubble Tea's frame ticker stops once each program runs; a renderer
	// left idle goes after idleRendererAge: poll for
	// both rather than sleep. Measured 122 KiB and 22.9 goroutines (about
	// 9 of them the SSH client's); before: 328 KiB and 29.1.
	const maxHeap, maxGoroutines = 200 << 10, 25
	var heap int64
	deadline := time.Now().Add(idleRendererAge + wait)
	for {
		heap = (int64(heapLive()) - int64(base)) / n
		if heap <= maxHeap && serverStacks("startRenderer") == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	gs := float64(runtime.NumGoroutine()-g0) / n
	t.Logf("a session in the room: %d KiB of heap, %.1f goroutines (server and client)", heap>>10, gs)
	if ticking := serverStacks("startRenderer"); ticking > 0 {
		t.Errorf("%d sessions keep Bubble Tea's frame ticker running, waking every second", ticking)
	}
	if idle := serverStacks("(*frameWriter).loop", "(*frameWriter).run"); idle > 0 {
		t.Errorf("%d frame writers hold a goroutine with nothing to draw", idle)
	}
	if tables := serverStacks("TerminalReader).StreamEvents"); tables > 0 {
		t.Errorf("%d sessions read input with a key table of their own", tables)
	}
	if heap > maxHeap {
		t.Errorf("a session holds %d KiB of heap; want at most %d", heap>>10, maxHeap>>10)
	}
	if gs > maxGoroutines {
		t.Errorf("a session holds %.1f goroutines; want at most %d", gs, maxGoroutines)
	}
}

func personHandle(i int) string { return "p" + string(rune('0'+(i+1)/10)) + string(rune('0'+(i+1)%10)) }

func mustAgenda(t *testing.T, e *sshEnv, id string) meeting.Agenda {
	t.Helper()
	a, ok := e.set.Get(id)
	if !ok {
		t.Fatalf("no agenda %s", id)
	}
	return a
}

package tui

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	charmlog "charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/internal/sshload"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// The SSH integration tests run the real server on 127.0.0.1:0 over an
// in-memory store and connect real golang.org/x/crypto/ssh clients, each
// with a PTY, reading its output into a virtual terminal.

var quietLibs sync.Once

// testTeam is who is on the team in the SSH tests.
var testTeam = []struct {
	handle, name string
	role         meeting.Role
}{
	{"maria", "Maria Lopez", meeting.RoleFacilitator},
	{"ben", "Ben Okafor", meeting.RoleMember},
	{"chloe", "Chloe Martin", meeting.RoleMember},
	{"dev", "Dev Patel", meeting.RoleMember},
	{"olga", "Olga Berg", meeting.RoleObserver},
}

type sshEnv struct {
	t      testing.TB
	dir    string
	db     *memstore.Store
	hub    *meeting.Hub
	svc    *meeting.Service
	set    *agendas.Set
	team   *TeamFile
	srv    *Server
	cfg    ServerConfig
	keys   map[string]gossh.Signer // handle → key
	logBuf *syncBuffer
}

// envOpt changes the server's configuration before it starts.
type envOpt func(*ServerConfig)

// withConnHook wraps every accepted connection (server side) before the
// handshake, for tests that watch what the server writes.
func withConnHook(wrap func(net.Conn) net.Conn) envOpt {
	return func(c *ServerConfig) { c.testConnHook = wrap }
}

// newSSHEnv starts a server with the test team. It stops (in order: server,
// hub, store) when the test ends.
func newSSHEnv(t testing.TB, opts ...envOpt) *sshEnv {
	t.Helper()
	return newSSHEnvTeam(t, 0, opts...)
}

// newSSHEnvTeam is newSSHEnv with extra members p01, p02… on the team.
func newSSHEnvTeam(t testing.TB, extra int, opts ...envOpt) *sshEnv {
	t.Helper()
	quietLibs.Do(func() { charmlog.SetOutput(io.Discard) })
	e := &sshEnv{t: t, dir: t.TempDir(), keys: map[string]gossh.Signer{}, logBuf: &syncBuffer{}}
	team := &meeting.Team{}
	add := func(handle, name string, role meeting.Role) {
		k := newKey(t)
		e.keys[handle] = k
		team.Members = append(team.Members, meeting.Member{Name: name, Handle: handle, Role: role,
			Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))}})
	}
	for _, m := range testTeam {
		add(m.handle, m.name, m.role)
	}
	for i := range extra {
		add(fmt.Sprintf("p%02d", i+1), fmt.Sprintf("Person %02d", i+1), meeting.RoleMember)
	}
	data, err := teamfile.Marshal(team)
	must(t, err)
	teamPath := filepath.Join(e.dir, "team.yaml")
	must(t, os.WriteFile(teamPath, data, 0o600))
	logger := slog.New(slog.NewTextHandler(e.logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.team, err = OpenTeamFile(teamPath, logger)
	must(t, err)
	e.db = memstore.New()
	clock := meeting.SystemClock{}
	e.hub = meeting.NewHub(e.db, clock, logger)
	e.svc = meeting.NewService(e.db, clock, e.hub, nil)
	e.svc.Team = e.team.Cached
	e.hub.SetTeam(e.team.Cached)
	e.set, _ = agendas.Load("")
	e.cfg = ServerConfig{
		Addr:        "127.0.0.1:0",
		HostKeyPath: filepath.Join(e.dir, "ssh_host_ed25519"),
		Team:        e.team,
		Hub:         e.hub,
		Svc:         e.svc,
		Agendas:     e.set,
		Log:         logger,
		// the churn tests connect hundreds of times from one address, with
		// one key: the limit tests set their own
		Limits: Limits{ConnRate: -1, KeyRate: -1},
	}
	for _, o := range opts {
		o(&e.cfg)
	}
	e.srv, err = NewServer(e.cfg)
	must(t, err)
	must(t, e.srv.Start())
	t.Cleanup(e.stop)
	return e
}

func (e *sshEnv) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		buf := make([]byte, 4<<20)
		e.t.Errorf("shutdown: %v\n%s", err, buf[:runtime.Stack(buf, true)])
	}
	e.hub.Close()
	_ = e.db.Close()
	if e.t.Failed() {
		e.t.Logf("server log:\n%s", tail(e.logBuf.String(), 4000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	s, err := gossh.NewSignerFromKey(priv)
	must(t, err)
	return s
}

// dial opens an SSH connection as user with key.
func (e *sshEnv) dial(user string, key gossh.Signer) (*gossh.Client, error) {
	return dialWith(e.srv.Addr(), user, key, nil)
}

func dialWith(addr, user string, key gossh.Signer, wrap func(net.Conn) net.Conn) (*gossh.Client, error) {
	return dialFrom("", addr, user, key, wrap)
}

// dialFrom dials from the loopback address from ("": the default), so a
// test can play clients at several addresses (127.0.0.2, 127.0.0.3…).
func dialFrom(from, addr, user string, key gossh.Signer, wrap func(net.Conn) net.Conn) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	}
	nc, err := tcpFrom(from, addr)
	if err != nil {
		return nil, err
	}
	if wrap != nil {
		nc = wrap(nc)
	}
	c, chans, reqs, err := gossh.NewClientConn(nc, addr, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// tcpFrom opens a TCP connection to addr from the loopback address from.
func tcpFrom(from, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: 10 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	return d.Dial("tcp", addr)
}

// run runs one non-interactive command as handle and returns its stdout,
// stderr and exit status.
func (e *sshEnv) run(handle, cmd string) (string, string, int) {
	e.t.Helper()
	return e.runAs(handle, e.keys[handle], cmd)
}

func (e *sshEnv) runAs(user string, key gossh.Signer, cmd string) (string, string, int) {
	e.t.Helper()
	c, err := e.dial(user, key)
	must(e.t, err)
	defer c.Close()
	s, err := c.NewSession()
	must(e.t, err)
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	err = s.Run(cmd)
	code := 0
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitStatus()
	case err != nil:
		e.t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// client is one interactive participant: a PTY session whose output is
// read continuously into a virtual terminal (unless stalled).
type client struct {
	t     testing.TB
	name  string
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser

	mu      sync.Mutex
	raw     []byte
	term    *vterm
	changed chan struct{} // capacity 1: new output arrived
	done    chan struct{} // the reader stopped
}

// connect opens an interactive session as handle (PTY 120×40, shell).
func (e *sshEnv) connect(handle string) *client {
	e.t.Helper()
	return e.connectAs(handle, handle, e.keys[handle], nil, true)
}

// connectAs opens an interactive session; read=false never reads its output
// (a frozen laptop).
func (e *sshEnv) connectAs(name, user string, key gossh.Signer, wrap func(net.Conn) net.Conn, read bool) *client {
	e.t.Helper()
	conn, err := dialWith(e.srv.Addr(), user, key, wrap)
	must(e.t, err)
	c, err := openClient(e.t, name, conn, read)
	if err != nil {
		conn.Close()
		e.t.Fatal(err)
	}
	e.t.Cleanup(c.close)
	return c
}

func openClient(t testing.TB, name string, conn *gossh.Client, read bool) (*client, error) {
	return openClientWith(t, name, conn, read, nil)
}

func openClientEnv(t testing.TB, name string, conn *gossh.Client, env map[string]string) (*client, error) {
	return openClientWith(t, name, conn, true, env)
}

func openClientWith(t testing.TB, name string, conn *gossh.Client, read bool, env map[string]string) (*client, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			return nil, err
		}
	}
	c := &client{t: t, name: name, conn: conn, sess: sess, term: newVTerm(120, 40),
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	if !read {
		close(c.done)
		return c, nil
	}
	go c.pump(out)
	return c, nil
}

func (c *client) close() {
	c.conn.Close()
	<-c.done
}

// screen returns the virtual terminal's text.
func (c *client) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.term.String()
}

// offset is how many bytes arrived so far.
func (c *client) offset() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.raw)
}

// since returns the raw bytes that arrived after offset off.
func (c *client) since(off int) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.raw[off:])
}

// waitFor waits until the screen shows every text, or fails the test.
func (c *client) waitFor(timeout time.Duration, texts ...string) {
	c.t.Helper()
	if err := c.await(timeout, func(s string) bool { return containsAll(s, texts...) }); err != nil {
		c.t.Fatalf("%s: waiting for %q: %v\nscreen:\n%s", c.name, texts, err, c.screen())
	}
}

// await polls the screen on every arrival of output until ok, no sleeps.
func (c *client) await(timeout time.Duration, ok func(string) bool) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if ok(c.screen()) {
			return nil
		}
		select {
		case <-c.changed:
		case <-c.done:
			if ok(c.screen()) {
				return nil
			}
			return errors.New("the session ended")
		case <-deadline.C:
			return fmt.Errorf("timed out after %s", timeout)
		}
	}
}

// containsAll and cursorOn are the load generator's: one reading of a
// screen for the tests and the benchmark.
var (
	containsAll = sshload.ContainsAll
	cursorOn    = sshload.CursorOn
)

// Keys.
const (
	keyEnter = sshload.KeyEnter
	keyTab   = sshload.KeyTab
	keyDown  = sshload.KeyDown
	keyUp    = sshload.KeyUp
)

// send types keys (raw bytes) into the session.
func (c *client) send(keys ...string) {
	c.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(c.stdin, k); err != nil {
			c.t.Fatalf("%s: send %q: %v", c.name, k, err)
		}
	}
}

// selectRow moves the lobby cursor down until it is on a row showing text.
func (c *client) selectRow(text string) {
	c.t.Helper()
	for i := 0; i < 30; i++ {
		if cursorOn(c.screen(), text) {
			return
		}
		before := c.screen()
		c.send(keyDown)
		_ = c.await(2*time.Second, func(s string) bool { return s != before })
	}
	c.t.Fatalf("%s: the cursor never reached %q\nscreen:\n%s", c.name, text, c.screen())
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (the server
// log, a terminal), counting the writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	n  int
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	return b.b.Write(p)
}

func (b *syncBuffer) writes() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// pump feeds the client's output into its raw log and virtual screen until
// the stream ends.
func (c *client) pump(out io.Reader) {
	defer close(c.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.raw = append(c.raw, buf[:n]...)
			c.term.Write(buf[:n])
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

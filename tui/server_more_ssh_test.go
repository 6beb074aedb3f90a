package tui

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

func TestServerHostKey(t *testing.T) {
	cwd, err := os.Getwd()
	must(t, err)
	e := newSSHEnv(t)
	info, err := os.Stat(e.cfg.HostKeyPath)
	must(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %04o, want 0600", info.Mode().Perm())
	}
	seen := func(addr string) string {
		var fp string
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "maria", Auth: []gossh.AuthMethod{gossh.PublicKeys(e.keys["maria"])},
			HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error { fp = gossh.FingerprintSHA256(k); return nil }, Timeout: wait})
		must(t, err)
		c.Close()
		return fp
	}
	first := seen(e.srv.Addr())
	if first != e.srv.Fingerprint() {
		t.Fatalf("client saw %s, server says %s", first, e.srv.Fingerprint())
	}
	// A restart (a second server on the same data folder) reuses the key.
	cfg := e.cfg
	srv2, err := NewServer(cfg)
	must(t, err)
	must(t, srv2.Start())
	if again := seen(srv2.Addr()); again != first {
		t.Fatalf("fingerprint changed across restart: %s → %s", first, again)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(t, srv2.Shutdown(ctx))
	if _, err := os.Stat(filepath.Join(cwd, "id_ed25519")); err == nil {
		t.Fatal("a key was written into the working directory")
	}
	// A key others can read is refused.
	loose := filepath.Join(t.TempDir(), "key")
	_, err = LoadHostKey(loose)
	must(t, err)
	must(t, os.Chmod(loose, 0o644))
	if _, err := LoadHostKey(loose); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("loose key: %v", err)
	}
	if _, err := NewServer(ServerConfig{Hub: e.hub, Svc: e.svc, Team: e.team}); err == nil {
		t.Fatal("a server without a host key path started")
	}
}

func TestSSHGuidePrivacy(t *testing.T) {
	e := newSSHEnv(t)
	ben := e.connect("ben")
	ben.waitFor(wait, "START A RITUAL")
	ben.selectRow("GUIDE coaching conversation")
	ben.send(keyEnter)
	ben.waitFor(wait, "WHO ARE YOU COACHING")
	ben.selectRow("Chloe Martin")
	ben.send(" ", keyEnter)
	ben.waitFor(wait, "GUIDE coaching conversation with chloe", "Topic")
	ben.send("Onboarding friction", keyEnter)
	ben.waitFor(wait, "Segment 1/", "Here (1)")
	chloe, dev := e.connect("chloe"), e.connect("dev")
	chloe.waitFor(wait, "IN PROGRESS", "Onboarding friction")
	dev.waitFor(wait, "START A RITUAL", "nothing open for you")
	if s := dev.screen(); strings.Contains(s, "Onboarding") || strings.Contains(s, "IN PROGRESS") {
		t.Fatalf("a third person sees the coaching session:\n%s", s)
	}
	rooms := e.hub.Rooms(actorOf("ben"))
	if len(rooms) != 1 {
		t.Fatalf("coach sees %d rooms", len(rooms))
	}
	if _, err := e.hub.Room(rooms[0].ID(), actorOf("dev")); err == nil {
		t.Fatal("a third person can open the coaching room")
	}
	if _, err := rooms[0].Join(context.Background(), actorOf("dev")); err == nil {
		t.Fatal("a third person joined the coaching room")
	}
	out, _, code := e.run("dev", "meetings --live --json")
	var ms []meeting.Meeting
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 0 {
		t.Fatalf("meetings --live as a third person: %d %q", code, out)
	}
	if out, _, code := e.run("dev", "export minutes "+rooms[0].ID()); code == 0 || strings.Contains(out, "Onboarding") {
		t.Fatalf("export of a private session by a third person: %d %q", code, out)
	}
	chloe.selectRow("Onboarding friction")
	chloe.send(keyEnter)
	chloe.waitFor(wait, "Here (2)")
}

func TestServerSessionLimitAndRate(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.MaxSessions = 2 })
	a, b := e.connect("ben"), e.connect("chloe")
	a.waitFor(wait, "cxroom")
	b.waitFor(wait, "cxroom")
	out, errOut, code := e.run("dev", "whoami")
	if code == 0 || out != "" || !strings.Contains(errOut, "server is full") {
		t.Fatalf("third session: %d %q %q", code, out, errOut)
	}
	a.close()
	waitUntil(t, wait, "a session ends", func() bool { return e.srv.Sessions() == 1 })
	if _, errOut, code := e.run("dev", "whoami"); code != 0 {
		t.Fatalf("a freed slot: %d %q", code, errOut)
	}

	// The rate is per key (a person), with a sentence: see
	// TestSSHOneScriptDoesNotLockOutColleagues.
	r := newSSHEnv(t, func(c *ServerConfig) { c.KeyRate, c.KeyBurst = 0.5, 2 })
	var refused int
	for range 4 {
		if _, errOut, code := r.run("ben", "whoami"); code != 0 && strings.Contains(errOut, "too many sessions and commands") {
			refused++
		}
	}
	if refused != 2 {
		t.Fatalf("4 sessions in a burst of 2: %d refused", refused)
	}
}

func TestSSHShutdownEndsSessions(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben := e.connect("ben")
	e.joinRoom(ben, r, 2)
	idle, err := e.dial("chloe", e.keys["chloe"]) // a connection with no session
	must(t, err)
	defer idle.Close()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(t, e.srv.Shutdown(ctx))
	took := time.Since(start)
	for _, c := range []*client{maria, ben} {
		select {
		case <-c.done:
		case <-time.After(wait):
			t.Fatalf("%s's session outlived the shutdown", c.name)
		}
		if !strings.Contains(string(c.since(0)), "server is shutting down") {
			t.Errorf("%s was not told: %q", c.name, c.since(max(0, c.offset()-200)))
		}
	}
	if _, _, err := idle.SendRequest("keepalive@openssh.com", true, nil); err == nil {
		t.Fatal("an idle connection survived the shutdown")
	}
	if _, err := e.dial("maria", e.keys["maria"]); err == nil {
		t.Fatal("the server still accepts after shutdown")
	}
	// The meeting is still live in the store: it resumes on the next start.
	m, err := e.db.Meeting(context.Background(), r.ID())
	must(t, err)
	if !m.Live() {
		t.Fatal("shutting the server down ended the meeting")
	}
	t.Logf("shutdown with 2 sessions and an idle connection took %v", took.Round(time.Millisecond))
}

func TestSSHResizeAndColours(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	// A second participant asks for no colour: only its own session is plain.
	ben := e.connectEnv("ben", map[string]string{"NO_COLOR": "1"})
	e.joinRoom(ben, r, 2)
	if raw := string(ben.since(0)); strings.Contains(raw, "38;5;") {
		t.Fatalf("NO_COLOR session got colours: %q", raw[:min(len(raw), 400)])
	}
	if raw := string(maria.since(0)); !strings.Contains(raw, "38;5;") {
		t.Fatal("the facilitator's session lost its colours")
	}
	// Resizes follow the client's window; a tiny one shows a message.
	resize := func(c *client, w, h int) {
		c.mu.Lock()
		c.term.Resize(w, h)
		c.mu.Unlock()
		must(t, c.sess.WindowChange(h, w))
	}
	resize(ben, 80, 24)
	ben.waitFor(wait, "Here (2)")
	resize(ben, 20, 5)
	ben.waitFor(wait, "Terminal too small")
	resize(ben, 120, 40)
	ben.waitFor(wait, "Segment 1/4", "Here (2)")
	maria.waitFor(wait, "Here (2)")
}

// connectEnv opens an interactive session as handle with environment
// variables sent before the shell.
func (e *sshEnv) connectEnv(handle string, env map[string]string) *client {
	e.t.Helper()
	conn, err := e.dial(handle, e.keys[handle])
	must(e.t, err)
	c, err := openClientEnv(e.t, handle, conn, env)
	if err != nil {
		conn.Close()
		e.t.Fatal(err)
	}
	e.t.Cleanup(c.close)
	return c
}

// TestSSHWindowChangesNeverWedge sends window changes when no program reads
// them (before the shell, during a PTY command, after the program quit):
// charm.land/ssh would block the connection's request loop on the second
// unread one; the relay keeps every connection able to close.
func TestSSHWindowChangesNeverWedge(t *testing.T) {
	e := newSSHEnv(t)
	// Before the shell request.
	conn, err := e.dial("ben", e.keys["ben"])
	must(t, err)
	sess, err := conn.NewSession()
	must(t, err)
	must(t, sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}))
	for i := range 5 {
		must(t, sess.WindowChange(30+i, 100))
	}
	var out syncBuffer
	sess.Stdout = &out
	stdin, err := sess.StdinPipe()
	must(t, err)
	shell := make(chan error, 1)
	go func() { shell <- sess.Shell() }()
	select {
	case err := <-shell:
		must(t, err)
	case <-time.After(wait):
		t.Fatal("the shell request got no answer: the connection is wedged")
	}
	waitUntil(t, wait, "the lobby after early window changes", func() bool { return strings.Contains(out.String(), "START A RITUAL") })
	// After the program quit: q leaves the lobby, then more changes.
	_, _ = stdin.Write([]byte("q"))
	for i := range 5 {
		_ = sess.WindowChange(30+i, 100)
	}
	_ = sess.Wait()
	conn.Close()

	// A command with a PTY (`ssh -t host whoami`) and window changes.
	conn, err = e.dial("chloe", e.keys["chloe"])
	must(t, err)
	sess, err = conn.NewSession()
	must(t, err)
	must(t, sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}))
	for i := range 5 {
		must(t, sess.WindowChange(30+i, 100))
	}
	got, err := sess.Output("whoami")
	if err != nil || !strings.Contains(string(got), "chloe") {
		t.Fatalf("pty command: %q %v", got, err)
	}
	conn.Close()
	waitUntil(t, wait, "every connection closes", func() bool { return e.srv.openConns() == 0 && e.srv.Sessions() == 0 })
}

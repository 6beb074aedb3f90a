package tui

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The limits, tried by clients at several loopback addresses: 127.0.0.1 is
// the team's office, 127.0.0.2 and 127.0.0.3 are elsewhere.

// tryRun runs one command as user with key from address from; err is a
// connection that did not get as far as running it.
func (e *sshEnv) tryRun(from, user string, key gossh.Signer, cmd string) (stdout, stderr string, code int, err error) {
	c, err := dialFrom(from, e.srv.Addr(), user, key, nil)
	if err != nil {
		return "", "", -1, err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return "", "", -1, err
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	err = s.Run(cmd)
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitStatus(), nil
	case err != nil:
		return out.String(), errb.String(), -1, err
	}
	return out.String(), errb.String(), 0, nil
}

// TestSSHTeamBehindOneAddress: a team of 40 behind one office NAT joins at
// once, with the default limits: everyone gets in. (Before: the per-address
// session rate refused some of them.)
func TestSSHTeamBehindOneAddress(t *testing.T) {
	const n = 40
	e := newSSHEnvTeam(t, n, func(c *ServerConfig) { c.Limits = Limits{} }) // the defaults
	var wg sync.WaitGroup
	clients := make([]*client, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			h := fmt.Sprintf("p%02d", i+1)
			conn, err := dialFrom("127.0.0.1", e.srv.Addr(), h, e.keys[h], nil)
			if err != nil {
				errs[i] = err
				return
			}
			clients[i], errs[i] = openClient(t, h, conn, true)
			if errs[i] != nil {
				conn.Close()
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("p%02d could not join: %v", i+1, err)
		}
		t.Cleanup(clients[i].close)
	}
	for _, c := range clients {
		c.waitFor(wait, "START A RITUAL")
	}
	if got := e.srv.Sessions(); got != n {
		t.Fatalf("%d sessions, want %d", got, n)
	}
	// and each of them runs a command at once too
	for i := range n {
		wg.Go(func() {
			h := fmt.Sprintf("p%02d", i+1)
			_, errOut, code, err := e.tryRun("127.0.0.1", h, e.keys[h], "whoami")
			if err == nil && code != 0 {
				err = fmt.Errorf("exit %d: %s", code, errOut)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("p%02d's command: %v", i+1, err)
		}
	}
}

// TestSSHOneScriptDoesNotLockOutColleagues: one person's script runs into
// its key's limit, with a sentence saying so; a colleague at the same
// address is not affected.
func TestSSHOneScriptDoesNotLockOutColleagues(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.Limits = Limits{KeyRate: 1, KeyBurst: 5} })
	var refused string
	ok := 0
	for range 12 {
		_, errOut, code, err := e.tryRun("", "ben", e.keys["ben"], "whoami")
		must(t, err)
		if code == 0 {
			ok++
		} else {
			refused = errOut
		}
	}
	if ok != 5 || !strings.Contains(refused, "too many sessions and commands with your key in the last minute (at most 1 a minute)") ||
		strings.Count(refused, "\n") != 1 {
		t.Fatalf("%d of 12 quick commands ran (want the burst, 5); refusal %q", ok, refused)
	}
	for _, h := range []string{"chloe", "dev"} {
		if _, errOut, code, err := e.tryRun("", h, e.keys[h], "whoami"); err != nil || code != 0 {
			t.Fatalf("%s, same address, after ben's script: %v %d %q", h, err, code, errOut)
		}
	}
	c := e.connect("chloe")
	c.waitFor(wait, "START A RITUAL")
}

// TestSSHStrangersLimitedPerAddress: failed logins are limited per address:
// a stranger's loop is cut off at its address, not the team's.
func TestSSHStrangersLimitedPerAddress(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.Limits = Limits{FailRate: 0.001, FailBurst: 5, KeyRate: -1} })
	stranger := newKey(t)
	authFailed, cutOff := 0, 0
	for range 15 {
		_, err := dialFrom("127.0.0.2", e.srv.Addr(), "mallory", stranger, nil)
		// the server counts a failure when the connection closes
		waitUntil(t, wait, "the server closes the stranger's connection", func() bool { return e.srv.openConns() == 0 })
		switch {
		case err == nil:
			t.Fatal("a stranger got in")
		case strings.Contains(err.Error(), "unable to authenticate"):
			authFailed++
		default:
			cutOff++ // closed before the handshake
		}
	}
	if authFailed != 5 || cutOff != 10 {
		t.Fatalf("a stranger's 15 tries: %d reached the login, %d were cut off; want 5 and 10", authFailed, cutOff)
	}
	if _, errOut, code, err := e.tryRun("127.0.0.1", "maria", e.keys["maria"], "whoami"); err != nil || code != 0 {
		t.Fatalf("maria from another address: %v %d %q", err, code, errOut)
	}
}

// holdTCP opens n TCP connections from from that never say anything (a
// stranger holding handshakes open) and returns how many the server kept
// open: the rest it closed at once.
func holdTCP(t *testing.T, from, addr string, n int) (held int) {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range n {
		c, err := tcpFrom(from, addr)
		if err != nil {
			continue
		}
		conns = append(conns, c)
	}
	// A refused connection is closed before the server says anything; a
	// kept one gets the server's version line.
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(wait))
		var b [4]byte
		if k, err := c.Read(b[:]); err == nil && k > 0 && string(b[:k]) == "SSH-"[:k] {
			held++
		}
	}
	return held
}

// TestSSHFloodDoesNotLockOutTeam: hundreds of connections that never sign
// in from one address, and signed-in connections that open no session,
// cannot keep a team member out; the signed-in idle ones are closed.
func TestSSHFloodDoesNotLockOutTeam(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) {
		c.Limits = Limits{MaxSessions: 10, MaxUnauth: 40, MaxUnauthPerAddr: 8, MaxConnsPerKey: 4, AuthIdle: 2 * time.Second,
			ConnRate: -1, KeyRate: -1}
	})
	held := holdTCP(t, "127.0.0.2", e.srv.Addr(), 300)
	if held != 8 {
		t.Fatalf("the server holds %d of a stranger's 300 silent connections; want its address's cap, 8", held)
	}
	// An observer's key opens connections and no session.
	var idle []*gossh.Client
	var banner string
	for range 12 {
		cfg := &gossh.ClientConfig{User: "olga", Auth: []gossh.AuthMethod{gossh.PublicKeys(e.keys["olga"])},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait,
			BannerCallback: func(m string) error { banner = m; return nil }}
		nc, err := tcpFrom("127.0.0.3", e.srv.Addr())
		must(t, err)
		c, chans, reqs, err := gossh.NewClientConn(nc, e.srv.Addr(), cfg)
		if err != nil {
			nc.Close()
			continue
		}
		cl := gossh.NewClient(c, chans, reqs)
		idle = append(idle, cl)
		t.Cleanup(func() { cl.Close() })
	}
	if len(idle) != 4 || !strings.Contains(banner, "4 connections are open with your key already (at most 4)") {
		t.Fatalf("one key held %d idle connections (want 4); banner %q", len(idle), banner)
	}
	// The team gets in meanwhile.
	if _, errOut, code, err := e.tryRun("127.0.0.1", "maria", e.keys["maria"], "whoami"); err != nil || code != 0 {
		t.Fatalf("maria during the flood: %v %d %q", err, code, errOut)
	}
	ben := e.connect("ben")
	ben.waitFor(wait, "START A RITUAL")
	// The idle signed-in connections are closed.
	for i, c := range idle {
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		select {
		case <-done:
		case <-time.After(wait):
			t.Fatalf("signed-in connection %d without a session is still open", i)
		}
	}
	// ben's live session is not idle: it stays.
	select {
	case <-ben.done:
		t.Fatal("a connection with a session open was closed")
	default:
	}
	if got := e.srv.Sessions(); got != 1 {
		t.Fatalf("%d sessions; want ben's", got)
	}
	ben.send("l")
	ben.waitFor(wait, "Decision log")
}

// TestSSHSessionsPerKeyCapped: one key holds at most MaxSessionsPerKey
// sessions and one connection at most MaxChannels.
func TestSSHSessionsPerKeyCapped(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) {
		c.Limits = Limits{MaxSessionsPerKey: 3, MaxChannels: 2, ConnRate: -1, KeyRate: -1}
	})
	var open []*client
	for range 3 {
		c := e.connect("ben")
		c.waitFor(wait, "START A RITUAL")
		open = append(open, c)
	}
	out, errOut, code := e.run("ben", "whoami")
	if code == 0 || out != "" || !strings.Contains(errOut, "3 sessions are open with your key already (at most 3); close one and try again") {
		t.Fatalf("a fourth session: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := e.run("chloe", "whoami"); code != 0 {
		t.Fatalf("another key: %d %q", code, errOut)
	}
	open[0].close()
	waitUntil(t, wait, "ben's first session ends", func() bool { return e.srv.Sessions() == 2 })
	if _, errOut, code := e.run("ben", "whoami"); code != 0 {
		t.Fatalf("after closing one: %d %q", code, errOut)
	}
	// Channels on one connection.
	c, err := e.dial("chloe", e.keys["chloe"])
	must(t, err)
	defer c.Close()
	for i := range 3 {
		s, err := c.NewSession()
		if i < 2 && err != nil {
			t.Fatalf("session %d on one connection: %v", i+1, err)
		}
		if i == 2 && err == nil {
			s.Close()
			t.Fatal("a third session on one connection was accepted (at most 2)")
		}
		if err == nil {
			defer s.Close()
		}
	}
}

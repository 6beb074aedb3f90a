package tui

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	charmlog "charm.land/log/v2"
	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"
)

// logLines counts the log's lines.
func (e *sshEnv) logLines() int { return strings.Count(e.logBuf.String(), "\n") }

// TestSSHLogQuietUnderConnectFlood: a stranger's connect loop writes a
// bounded number of log lines — one summary per period — not one per
// connection, whatever the reason each one is refused for.
func TestSSHLogQuietUnderConnectFlood(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.MaxSessions = 1 })
	// Fill what a stranger may hold, then keep connecting for two seconds:
	// some are refused at once, the rest fail to sign in.
	holdTCP(t, "127.0.0.2", e.srv.Addr(), 80)
	stranger := newKey(t)
	before := e.logLines()
	tries := 0
	for start := time.Now(); time.Since(start) < 2*time.Second; tries++ {
		if tries%2 == 0 {
			if c, err := tcpFrom("127.0.0.2", e.srv.Addr()); err == nil {
				c.Close()
			}
			continue
		}
		if c, err := dialFrom("127.0.0.3", e.srv.Addr(), "mallory", stranger, nil); err == nil {
			c.Close()
			t.Fatal("a stranger got in")
		}
	}
	during := e.logLines() - before
	t.Logf("%d connections in 2 s wrote %d log lines", tries, during)
	if tries < 100 || during > 2 {
		t.Fatalf("%d connections wrote %d log lines; want at most 2", tries, during)
	}
	e.srv.tally.Flush()
	log := e.logBuf.String()
	if !strings.Contains(log, `msg="refused `) || !strings.Contains(log, " connections from 2 addresses (address cap ") ||
		!strings.Contains(log, `msg="failed `) || !strings.Contains(log, "logins from ") {
		t.Fatalf("no summary of the refused connections and failed logins:\n%s", tail(log, 2000))
	}
	if e.logLines()-before > 4 {
		t.Fatalf("the summary took %d lines", e.logLines()-before)
	}
}

// TestSSHSessionLogQuitAndDrop: a session that quits, and one whose
// connection drops, leave an info line each with the session id, handle and
// key fingerprint, and no error, no escape sequence, and nothing on charm's
// logger (which Wish's program middleware used for "program was killed").
func TestSSHSessionLogQuitAndDrop(t *testing.T) {
	var charm bytes.Buffer
	charmlog.SetOutput(&charm)
	defer charmlog.SetOutput(discard{})
	e := newSSHEnv(t)
	ben := e.connect("ben")
	ben.waitFor(wait, "START A RITUAL")
	ben.send("q")
	select {
	case <-ben.done:
	case <-time.After(wait):
		t.Fatal("q did not end the session")
	}
	chloe := e.connect("chloe")
	chloe.waitFor(wait, "START A RITUAL")
	chloe.conn.Close()
	waitUntil(t, wait, "both sessions end", func() bool { return e.srv.Sessions() == 0 })
	log := e.logBuf.String()
	for _, bad := range []string{"level=ERROR", "\x1b", "killed"} {
		if strings.Contains(log, bad) {
			t.Fatalf("the log holds %q:\n%s", bad, log)
		}
	}
	if charm.Len() > 0 {
		t.Fatalf("charm's logger got %q", charm.String())
	}
	for _, h := range []string{"ben", "chloe"} {
		fp := gossh.FingerprintSHA256(e.keys[h].PublicKey())
		if !strings.Contains(log, `msg="session ended" component=ssh session=`) ||
			!strings.Contains(log, "handle="+h+" key="+fp) {
			t.Fatalf("no session lines for %s:\n%s", h, log)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// proxyConn dials the server and starts with a PROXY header (v1 or v2)
// saying the connection comes from src.
func proxyConn(t *testing.T, addr string, version byte, src string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	must(t, err)
	dst, err := net.ResolveTCPAddr("tcp", addr)
	must(t, err)
	h := &proxyproto.Header{Version: version, Command: proxyproto.PROXY, TransportProtocol: proxyproto.TCPv4,
		SourceAddr: &net.TCPAddr{IP: net.ParseIP(src), Port: 40000}, DestinationAddr: dst}
	_, err = h.WriteTo(c)
	must(t, err)
	return c
}

// sshOver signs in as user over an open connection.
func sshOver(nc net.Conn, addr, user string, key gossh.Signer) (*gossh.Client, error) {
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait}
	c, chans, reqs, err := gossh.NewClientConn(nc, addr, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// TestSSHProxyProtocol: behind a load balancer, the per-address limits and
// the log see the address in the PROXY header (v1 and v2), and a connection
// without a header is refused.
func TestSSHProxyProtocol(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) {
		c.ProxyProtocol = true
		c.Limits = Limits{FailRate: 0.001, FailBurst: 3, ConnRate: -1, KeyRate: -1}
	})
	addr := e.srv.Addr()
	run := func(version byte, src string) {
		t.Helper()
		c, err := sshOver(proxyConn(t, addr, version, src), addr, "maria", e.keys["maria"])
		must(t, err)
		defer c.Close()
		s, err := c.NewSession()
		must(t, err)
		defer s.Close()
		if out, err := s.Output("whoami"); err != nil || !strings.Contains(string(out), "maria") {
			t.Fatalf("whoami through the balancer: %v %q", err, out)
		}
	}
	run(1, "203.0.113.7")
	if log := e.logBuf.String(); !strings.Contains(log, "remote=203.0.113.7:40000") {
		t.Fatalf("the log does not show the client's address:\n%s", log)
	}
	// A stranger behind the same balancer uses up their address's failures.
	stranger := newKey(t)
	failed, cut := 0, 0
	for range 6 {
		_, err := sshOver(proxyConn(t, addr, 2, "198.51.100.9"), addr, "mallory", stranger)
		waitUntil(t, wait, "the stranger's connection closes", func() bool { return e.srv.openConns() == 0 })
		switch {
		case err == nil:
			t.Fatal("a stranger got in")
		case strings.Contains(err.Error(), "unable to authenticate"):
			failed++
		default:
			cut++
		}
	}
	if failed != 3 || cut != 3 {
		t.Fatalf("the stranger's 6 tries: %d reached the login, %d were cut off; want 3 and 3", failed, cut)
	}
	// Everyone reaches the server from the balancer's address, yet the
	// team's addresses are not the stranger's.
	run(2, "203.0.113.7")
	run(1, "192.0.2.44")
	// No header: refused before the SSH banner.
	nc, err := net.Dial("tcp", addr)
	must(t, err)
	defer nc.Close()
	if _, err := sshOver(nc, addr, "maria", e.keys["maria"]); err == nil {
		t.Fatal("a connection without a PROXY header was served")
	}
}

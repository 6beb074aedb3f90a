package metrics

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// dialFrom opens a TCP connection to addr from the loopback address from
// (127.0.0.x: Linux routes the whole 127/8 to the host).
func dialFrom(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 2 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedAtOnce reports whether the server closed c without waiting for a
// request (a connection it keeps waits for the request for seconds).
func closedAtOnce(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

// stillOpen reports whether the server still holds c.
func stillOpen(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// healthFrom asks /healthz from the loopback address from.
func healthFrom(t *testing.T, from, addr string) string {
	t.Helper()
	c := dialFrom(t, from, addr)
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("healthz from %s: %v", from, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.Status + " " + strings.TrimSpace(string(b))
}

// TestHealthzNotHeldDownByIdleConnections: a stranger who can reach the
// metrics port opens connections and sends nothing. Before, 32 of them
// took every place and each health check waited ~5 s for one to time out
// (a container health check could fail and restart the server). Now one
// address holds at most 8 (more are closed at once), and the host's own
// address (the container's health check) has places of its own when
// strangers from many addresses fill the rest.
func TestHealthzNotHeldDownByIdleConnections(t *testing.T) {
	s, err := Listen("127.0.0.1:0", New().Handler(func() error { return nil }), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.srv.Close() })
	addr := s.Addr()

	fl := s.ln.(*fairListener)
	// a dial completes before the server accepts it: wait until it holds
	// them all, so the next one is the one over the limit
	accepted := func(n int) {
		t.Helper()
		for range 2000 {
			fl.mu.Lock()
			got := fl.shared
			fl.mu.Unlock()
			if got == n {
				return
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatalf("the server did not accept %d connections", n)
	}
	var held []net.Conn
	for range perAddr {
		held = append(held, dialFrom(t, "127.0.0.2", addr))
	}
	accepted(perAddr)
	if c := dialFrom(t, "127.0.0.2", addr); !closedAtOnce(c) {
		t.Fatalf("a %dth idle connection from one address was kept", perAddr+1)
	}
	if got := healthFrom(t, "127.0.0.3", addr); got != "200 OK ok" {
		t.Fatalf("healthz from another address: %q", got)
	}
	accepted(perAddr) // the server keeps a closing connection a moment after its answer
	for _, ip := range []string{"127.0.0.4", "127.0.0.5", "127.0.0.6"} {
		for range perAddr {
			held = append(held, dialFrom(t, ip, addr))
		}
	}
	accepted(maxConns)
	// 32 idle connections from four addresses: every shared place is taken
	if c := dialFrom(t, "127.0.0.7", addr); !closedAtOnce(c) {
		t.Fatal("a connection past the limit was kept waiting")
	}
	if got := healthFrom(t, "127.0.0.1", addr); got != "200 OK ok" {
		t.Fatalf("the host's own health check: %q", got)
	}
	for i, c := range held {
		if !stillOpen(c) {
			t.Fatalf("idle connection %d was closed before the health checks were answered: they waited for it", i)
		}
	}
}

package metrics

import (
	"net"
	"net/netip"
	"sync"
)

// ownConns is how many connections at once the host's own address
// (127.0.0.1, ::1: a container's health check) may hold besides the
// shared places.
const ownConns = 8

// fairListener bounds the connections the metrics port holds at once:
// maxConns in all, perAddr from one address. A connection over a bound is
// closed at once instead of waiting in line, so a stranger's idle
// connections never make the next health check wait for them; and the
// host's own address has places of its own, so strangers from many
// addresses cannot take the health check's.
type fairListener struct {
	net.Listener

	mu     sync.Mutex
	shared int            // connections in the shared places
	own    int            // in the host's own places
	per    map[string]int // shared places by address
}

func newFairListener(ln net.Listener) *fairListener {
	return &fairListener{Listener: ln, per: map[string]int{}}
}

func (l *fairListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr, own := remoteOf(c)
		if place, ok := l.take(addr, own); ok {
			return &fairConn{Conn: c, done: func() { l.give(addr, place) }}, nil
		}
		_ = c.Close()
	}
}

// remoteOf is c's address and whether it is the host's own.
func remoteOf(c net.Conn) (addr string, own bool) {
	ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String(), false
	}
	ip := ap.Addr().Unmap()
	return ip.String(), ip == netip.AddrFrom4([4]byte{127, 0, 0, 1}) || ip == netip.IPv6Loopback()
}

// take finds c a place: the host's own (true), else a shared one, if the
// address has not used its share.
func (l *fairListener) take(addr string, own bool) (ownPlace, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if own && l.own < ownConns {
		l.own++
		return true, true
	}
	if l.shared >= maxConns || l.per[addr] >= perAddr {
		return false, false
	}
	l.shared++
	l.per[addr]++
	return false, true
}

func (l *fairListener) give(addr string, ownPlace bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ownPlace {
		l.own--
		return
	}
	l.shared--
	if l.per[addr]--; l.per[addr] <= 0 {
		delete(l.per, addr)
	}
}

// fairConn gives its place back once, when it is closed: before the
// socket closes, so a client that has read to the end finds it free.
type fairConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *fairConn) Close() error {
	c.once.Do(c.done)
	return c.Conn.Close()
}

package tui

import (
	"fmt"
	"io"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/pires/go-proxyproto"
	"golang.org/x/time/rate"

	"cxroom/internal/logging"
)

// Limits bound what the world can cost the server. A stranger (no key yet)
// is limited per source address; a person is limited per key, so a team
// behind one office NAT is not limited as one stranger; a session is
// bounded in what it may make the server hold. Zero fields take the
// defaults below; a negative rate turns that rate limit off.
type Limits struct {
	// The whole server.
	MaxSessions int // concurrent sessions, interactive and commands
	MaxConns    int // concurrent signed-in connections (default 2×MaxSessions)
	MaxUnauth   int // concurrent connections not signed in yet

	// Per source address: strangers.
	MaxUnauthPerAddr int     // concurrent connections not signed in yet
	ConnRate         float64 // new connections per second
	ConnBurst        int
	FailRate         float64 // failed logins per minute before the address must wait
	FailBurst        int
	MaxGuestsPerAddr int // concurrent guest sessions (with Open)

	// Per key: people.
	MaxSessionsPerKey int     // concurrent sessions
	MaxConnsPerKey    int     // concurrent signed-in connections
	KeyRate           float64 // new sessions and commands per minute
	KeyBurst          int
	// AuthIdle closes a signed-in connection that has no session open for
	// this long (a connection held without a session only takes a slot).
	AuthIdle time.Duration
	// WireRate and WireBurst pace what a key's connections read from the
	// network, together (bytes a second, and at once): each SSH packet
	// costs the server its decryption and handling whatever it carries, so
	// a client sending a byte a packet made one session cost a core.
	WireRate  float64
	WireBurst int

	// Per session and connection.
	MaxWidth, MaxHeight int // a larger window is drawn at this size
	MaxEnv              int // environment variables a session may set
	MaxEnvBytes         int // and their bytes
	MaxChannels         int // sessions open at once on one connection

	// Commands over SSH (server_commands.go): one at a time per key (the
	// next waits in line), and at most MaxCommands computing at once on
	// the whole server (default: the number of CPUs).
	MaxCommands int

	HandshakeTimeout time.Duration // to sign in
	// MaxTimeout ends any connection after this long: above the longest
	// meeting (8 h). There is deliberately no idle timeout: Wish's resets on
	// every write, so a ticking clock would keep a session alive anyway.
	MaxTimeout time.Duration
}

// Defaults of Limits.
const (
	DefaultMaxSessions       = 1000
	DefaultMaxUnauth         = 256
	DefaultMaxUnauthPerAddr  = 64
	DefaultConnRate          = 20 // per second per address
	DefaultConnBurst         = 100
	DefaultFailRate          = 30 // per minute per address
	DefaultFailBurst         = 60
	DefaultMaxGuestsPerAddr  = 50
	DefaultMaxSessionsPerKey = 8
	DefaultMaxConnsPerKey    = 16
	DefaultKeyRate           = 60 // per minute per key
	DefaultKeyBurst          = 30
	DefaultAuthIdle          = 10 * time.Second
	DefaultWireRate          = 256 << 10
	DefaultWireBurst         = 4 << 20
	DefaultMaxWidth          = 320 // a session's renderer holds ~250 bytes a cell: ~10 MB here
	DefaultMaxHeight         = 120
	DefaultMaxEnv            = 64
	DefaultMaxEnvBytes       = 16 << 10
	DefaultMaxChannels       = 10
	DefaultHandshakeTimeout  = 20 * time.Second
	DefaultMaxTimeout        = 10 * time.Hour

	// maxTracked bounds the addresses and keys whose counts are kept; past
	// it, idle entries are dropped.
	maxTracked = 16384
	// unauthWireRate and unauthWireBurst pace what a connection reads
	// before it signs in: a key exchange and a dozen keys offered are a few
	// KiB.
	unauthWireRate  = 8 << 10
	unauthWireBurst = 64 << 10
	// proxyHeaderTimeout bounds the wait for a PROXY header.
	proxyHeaderTimeout = 5 * time.Second
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defRate := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxSessions, DefaultMaxSessions)
	def(&l.MaxConns, 2*l.MaxSessions)
	def(&l.MaxUnauth, DefaultMaxUnauth)
	def(&l.MaxUnauthPerAddr, DefaultMaxUnauthPerAddr)
	defRate(&l.ConnRate, DefaultConnRate)
	def(&l.ConnBurst, DefaultConnBurst)
	defRate(&l.FailRate, DefaultFailRate)
	def(&l.FailBurst, DefaultFailBurst)
	def(&l.MaxGuestsPerAddr, DefaultMaxGuestsPerAddr)
	def(&l.MaxSessionsPerKey, DefaultMaxSessionsPerKey)
	def(&l.MaxConnsPerKey, DefaultMaxConnsPerKey)
	defRate(&l.KeyRate, DefaultKeyRate)
	def(&l.KeyBurst, DefaultKeyBurst)
	def(&l.MaxWidth, DefaultMaxWidth)
	def(&l.MaxHeight, DefaultMaxHeight)
	def(&l.MaxEnv, DefaultMaxEnv)
	def(&l.MaxEnvBytes, DefaultMaxEnvBytes)
	def(&l.MaxChannels, DefaultMaxChannels)
	def(&l.MaxCommands, runtime.NumCPU())
	defRate(&l.WireRate, DefaultWireRate)
	def(&l.WireBurst, DefaultWireBurst)
	if l.AuthIdle <= 0 {
		l.AuthIdle = DefaultAuthIdle
	}
	if l.HandshakeTimeout <= 0 {
		l.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if l.MaxTimeout <= 0 {
		l.MaxTimeout = DefaultMaxTimeout
	}
	return l
}

// What the log summarises (logging.Tally): nothing a stranger repeats is
// written once per event.
var (
	refusedConns    = logging.Kind{Event: "refused", What: "connections", Source: "addresses"}
	failedLogins    = logging.Kind{Event: "failed", What: "logins", Source: "addresses"}
	refusedSessions = logging.Kind{Event: "refused", What: "sessions", Source: "keys"}
	closedIdle      = logging.Kind{Event: "closed", What: "connections without a session", Source: "keys"}
	// a second of a session's keys arriving faster than anyone types, some
	// left out (input.go)
	leftOutKeys = logging.Kind{Event: "left out keys in", What: "floods", Source: "keys"}
)

// counts is what the limits count, under Server.mu.
type counts struct {
	unauth, authed int
	addrs          map[string]*addrCount
	keys           map[string]*keyCount
}

type addrCount struct {
	unauth, guests int
	conn, fail     *rate.Limiter
}

type keyCount struct {
	conns, sessions int
	rate            *rate.Limiter
	// input is the bytes the key's sessions may send, one budget for all
	// of them (input.go): eight sessions, or a session opened again, get
	// no more than one. Kept, like rate, until it is full again. wire is
	// what the key's connections read from the network (Limits.WireRate).
	input, wire *rate.Limiter
}

func (c *counts) init() {
	c.addrs = map[string]*addrCount{}
	c.keys = map[string]*keyCount{}
}

// addrCount returns the counts of a source address, nil when too many addresses
// are busy to track another.
func (s *Server) addrCount(addr string, now time.Time) *addrCount {
	c := &s.counts
	if a := c.addrs[addr]; a != nil {
		return a
	}
	if len(c.addrs) >= maxTracked {
		for k, a := range c.addrs {
			if a.unauth == 0 && a.guests == 0 && full(a.conn, now) && full(a.fail, now) {
				delete(c.addrs, k)
			}
		}
		if len(c.addrs) >= maxTracked {
			return nil
		}
	}
	l := s.cfg.Limits
	a := &addrCount{conn: limiter(l.ConnRate, l.ConnBurst), fail: limiter(l.FailRate/60, l.FailBurst)}
	c.addrs[addr] = a
	return a
}

// keyCount returns the counts of a key, nil when too many keys are busy.
func (s *Server) keyCount(fp string, now time.Time) *keyCount {
	c := &s.counts
	if k := c.keys[fp]; k != nil {
		return k
	}
	if len(c.keys) >= maxTracked {
		for f, k := range c.keys {
			if k.conns == 0 && k.sessions == 0 && full(k.rate, now) && full(k.input, now) && full(k.wire, now) {
				delete(c.keys, f)
			}
		}
		if len(c.keys) >= maxTracked {
			return nil
		}
	}
	k := &keyCount{rate: limiter(s.cfg.KeyRate/60, s.cfg.KeyBurst), input: rate.NewLimiter(inputRate, inputBurst),
		wire: limiter(s.cfg.WireRate, s.cfg.WireBurst)}
	c.keys[fp] = k
	return k
}

// sessionInput is the input reader of a session of key fp reading r: its
// bytes on the key's budget, shared by the key's sessions, and its floods
// counted for the log.
func (s *Server) sessionInput(r io.Reader, fp string, keys map[string]uv.Key, send func(uv.Event)) *inputReader {
	in := newInputReader(r, keys, send)
	s.mu.Lock()
	if k := s.counts.keys[fp]; k != nil { // a session holds its key's entry while it is open
		in.bytes = k.input
	}
	s.mu.Unlock()
	in.onFlood = func() { s.tally.Add(leftOutKeys, "faster_than_typing", fp) }
	return in
}

// limiter is a token bucket; a negative rate: none (nil).
func limiter(perSecond float64, burst int) *rate.Limiter {
	if perSecond < 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}

func full(l *rate.Limiter, now time.Time) bool {
	return l == nil || l.TokensAt(now) >= float64(l.Burst())
}

func allow(l *rate.Limiter, now time.Time) bool { return l == nil || l.AllowN(now, 1) }

func empty(l *rate.Limiter, now time.Time) bool { return l != nil && l.TokensAt(now) < 1 }

// addrKey is what per-address limits count by: the IP, and for IPv6 its
// /64 (one host is given a whole /64 and could rotate through it).
func addrKey(a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return a.String()
	}
	ip := ap.Addr().Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// connKey finds a connection's trackedConn in its ssh.Context.
type connKey struct{}

type connState uint8

const (
	connSigningIn connState = iota
	connSignedIn
	connClosed
)

// trackedConn is an accepted connection: in the server's set (Shutdown
// closes them all) and in the limits' counts until it closes.
type trackedConn struct {
	net.Conn
	s      *Server
	addr   string // addrKey of the client
	remote string // the client's address, for the log
	once   sync.Once

	// pace is what the connection's reads are paced by: its own budget
	// while it signs in, then its key's (Limits.WireRate); nil: none
	pace atomic.Pointer[rate.Limiter]

	// under s.mu
	state    connState
	key      string // fingerprint, once signed in
	channels int    // session channels open
	idle     *time.Timer
}

// admit runs for each accepted TCP connection before the handshake (the ssh
// package's ConnCallback, on the connection's own goroutine): it reads the
// PROXY header if there is one, applies the limits on strangers, and tracks
// the connection so Shutdown can close every one (the ssh package only
// tracks connections whose handshake is done). nil closes the connection.
// Refusals are counted for the log's summary, never logged one by one.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		return nil
	}
	if s.counts.unauth >= s.cfg.MaxUnauth {
		s.mu.Unlock()
		s.tally.Add(refusedConns, "server_cap", addrKey(c.RemoteAddr()))
		return nil
	}
	s.counts.unauth++ // held while the PROXY header is read
	s.mu.Unlock()

	remote := c.RemoteAddr()
	if s.cfg.ProxyProtocol {
		pc := proxyproto.NewConn(c, proxyproto.WithPolicy(proxyproto.REQUIRE), proxyproto.SetReadHeaderTimeout(proxyHeaderTimeout))
		remote = pc.RemoteAddr() // reads the header
		if pc.ProxyHeader() == nil {
			s.mu.Lock()
			s.counts.unauth--
			s.mu.Unlock()
			s.tally.Add(refusedConns, "no_proxy_header", addrKey(c.RemoteAddr()))
			return nil
		}
		c = pc
	}
	addr, now := addrKey(remote), time.Now()

	s.mu.Lock()
	a := s.addrCount(addr, now)
	reason := ""
	switch {
	case s.stopping:
		reason = "shutting_down"
	case a == nil:
		reason = "too_many_addresses"
	case empty(a.fail, now):
		reason = "failed_logins"
	case a.unauth >= s.cfg.MaxUnauthPerAddr:
		reason = "address_cap"
	case !allow(a.conn, now):
		reason = "rate_limit"
	}
	if reason != "" {
		s.counts.unauth--
		s.mu.Unlock()
		s.tally.Add(refusedConns, reason, addr)
		return nil
	}
	a.unauth++
	if s.cfg.testConnHook != nil {
		c = s.cfg.testConnHook(c)
	}
	tc := &trackedConn{Conn: c, s: s, addr: addr, remote: remote.String()}
	tc.pace.Store(rate.NewLimiter(unauthWireRate, unauthWireBurst))
	s.conns[tc] = struct{}{}
	s.mu.Unlock()
	ctx.SetValue(connKey{}, tc)
	return tc
}

// authenticated moves a connection whose client proved it holds key from
// the strangers' counts to the key's, or returns why it may not (a line
// the client shows).
func (s *Server) authenticated(tc *trackedConn, key ssh.PublicKey) string {
	fp := fingerprint(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if tc.state != connSigningIn {
		return ""
	}
	k := s.keyCount(fp, time.Now())
	reason, msg := "", ""
	switch {
	case s.stopping:
		reason, msg = "shutting_down", "cxroom: the server is shutting down; try again in a moment"
	case s.counts.authed >= s.cfg.MaxConns:
		reason, msg = "server_full", "cxroom: the server is full; try again later"
	case k == nil:
		reason, msg = "too_many_keys", "cxroom: the server is busy; try again later"
	case k.conns >= s.cfg.MaxConnsPerKey:
		reason, msg = "key_cap", fmt.Sprintf("cxroom: %d connections are open with your key already (at most %d); close some and try again", k.conns, s.cfg.MaxConnsPerKey)
	}
	if reason != "" {
		s.tally.Add(refusedConns, reason, tc.addr)
		return msg
	}
	tc.state, tc.key = connSignedIn, fp
	tc.pace.Store(k.wire) // the key's, shared by its connections (nil: none)
	s.counts.unauth--
	if a := s.counts.addrs[tc.addr]; a != nil {
		a.unauth--
	}
	s.counts.authed++
	k.conns++
	tc.idle = time.AfterFunc(s.cfg.AuthIdle, func() { s.closeIfIdle(tc) })
	return ""
}

// closeIfIdle closes a signed-in connection with no session open.
func (s *Server) closeIfIdle(tc *trackedConn) {
	s.mu.Lock()
	idle := tc.state == connSignedIn && tc.channels == 0
	s.mu.Unlock()
	if idle {
		s.tally.Add(closedIdle, "no_session", tc.key)
		_ = tc.Close()
	}
}

// openChannel counts a session channel on tc; false when the connection
// has as many open as it may.
func (s *Server) openChannel(tc *trackedConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tc.channels >= s.cfg.MaxChannels {
		return false
	}
	tc.channels++
	if tc.idle != nil {
		tc.idle.Stop()
	}
	return true
}

// closeChannel counts a session channel's end; with none left the
// connection's idle timer starts again.
func (s *Server) closeChannel(tc *trackedConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tc.channels--
	if tc.channels == 0 && tc.state == connSignedIn && tc.idle != nil {
		tc.idle.Reset(s.cfg.AuthIdle)
	}
}

// Close leaves the server's set and the counts; a connection that never
// signed in is a failed login for its address.
// Read reads from the network, then waits as long as the connection's
// pace says before the next read: the client's TCP window fills and it
// stops sending.
func (c *trackedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if lim := c.pace.Load(); n > 0 && lim != nil {
		now := time.Now()
		if d := lim.ReserveN(now, min(n, lim.Burst())).DelayFrom(now); d > 0 {
			time.Sleep(d)
		}
	}
	return n, err
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		s := c.s
		failed := false
		s.mu.Lock()
		delete(s.conns, c)
		switch c.state {
		case connSigningIn:
			s.counts.unauth--
			if a := s.counts.addrs[c.addr]; a != nil {
				a.unauth--
				if a.fail != nil {
					a.fail.AllowN(time.Now(), 1)
				}
			}
			failed = !s.stopping
		case connSignedIn:
			s.counts.authed--
			if k := s.counts.keys[c.key]; k != nil {
				k.conns--
			}
			if c.idle != nil {
				c.idle.Stop()
			}
		}
		c.state = connClosed
		if len(s.conns) == 0 && s.nocon != nil {
			select {
			case <-s.nocon:
			default:
				close(s.nocon)
			}
		}
		s.mu.Unlock()
		if failed {
			s.tally.Add(failedLogins, "no_key_accepted", c.addr)
		}
	})
	return c.Conn.Close()
}

// openConns returns the number of open connections.
func (s *Server) openConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// closeConns closes every open connection.
func (s *Server) closeConns() {
	s.mu.Lock()
	all := make([]*trackedConn, 0, len(s.conns))
	for c := range s.conns {
		all = append(all, c)
	}
	s.mu.Unlock()
	for _, c := range all {
		_ = c.Close()
	}
}

// sessionSlot is what a session holds of the limits while it runs.
type sessionSlot struct {
	key   string
	addr  string
	guest bool
}

// admitSession applies the limits on sessions: the server's, the key's
// (concurrent and per minute), and a guest's address's. It returns the
// slot to release, or the sentence to show.
func (s *Server) admitSession(sess ssh.Session, guest bool) (*sessionSlot, string) {
	fp := keyFingerprint(sess.PublicKey())
	addr := addrKey(sess.RemoteAddr())
	if tc, ok := sess.Context().Value(connKey{}).(*trackedConn); ok {
		addr = tc.addr
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.cfg.Limits
	k := s.keyCount(fp, now)
	var a *addrCount
	if guest {
		a = s.addrCount(addr, now)
	}
	reason, msg := "", ""
	switch {
	case s.stopping:
		return nil, "cxroom: the server is shutting down; try again in a moment"
	case s.sessions >= l.MaxSessions:
		reason, msg = "server_full", fmt.Sprintf("cxroom: the server is full (%d sessions); try again later", s.sessions)
	case k == nil || guest && a == nil:
		reason, msg = "too_many_keys", "cxroom: the server is busy; try again later"
	case k.sessions >= l.MaxSessionsPerKey:
		reason, msg = "key_cap", fmt.Sprintf("cxroom: %d sessions are open with your key already (at most %d); close one and try again", k.sessions, l.MaxSessionsPerKey)
	case guest && a.guests >= l.MaxGuestsPerAddr:
		reason, msg = "guest_cap", fmt.Sprintf("cxroom: %d guests are connected from your address already (at most %d); try again later", a.guests, l.MaxGuestsPerAddr)
	case !allow(k.rate, now):
		reason, msg = "key_rate", fmt.Sprintf("cxroom: too many sessions and commands with your key in the last minute (at most %.0f a minute); wait a few seconds and try again", l.KeyRate)
	}
	if reason != "" {
		s.tally.Add(refusedSessions, reason, fp)
		return nil, msg
	}
	s.sessions++
	k.sessions++
	if guest {
		a.guests++
	}
	return &sessionSlot{key: fp, addr: addr, guest: guest}, ""
}

// releaseSession gives a session's slot back.
func (s *Server) releaseSession(slot *sessionSlot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions--
	if k := s.counts.keys[slot.key]; k != nil {
		k.sessions--
	}
	if a := s.counts.addrs[slot.addr]; slot.guest && a != nil {
		a.guests--
	}
	if s.sessions == 0 && s.idle != nil {
		select {
		case <-s.idle:
		default:
			close(s.idle)
		}
	}
}

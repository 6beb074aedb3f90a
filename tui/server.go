package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/logging"
	"charm.land/wish/v2/ratelimiter"
	wishrecover "charm.land/wish/v2/recover"
	"github.com/charmbracelet/colorprofile"
	"golang.org/x/time/rate"

	"cxroom/agendas"
	"cxroom/meeting"
	"cxroom/tui/cli"
)

// Server defaults.
const (
	DefaultMaxSessions      = 1000
	DefaultHandshakeTimeout = 20 * time.Second
	// DefaultMaxTimeout ends any connection after this long: above the
	// longest meeting (8 h). There is deliberately no idle timeout: Wish's
	// resets on every write, so a ticking clock would keep a session alive
	// anyway.
	DefaultMaxTimeout = 10 * time.Hour
	DefaultConnRate   = 10 // new sessions per second per client IP
	DefaultConnBurst  = 30
	// maxCommandBytes bounds a non-interactive command line.
	maxCommandBytes = 16 << 10
	// maxCommandStdin bounds what a command may read from the session.
	maxCommandStdin = 1 << 20
	// maxGuests bounds the guest names remembered with Open.
	maxGuests = 10000
)

// ServerConfig configures the SSH server.
type ServerConfig struct {
	Addr        string    // "127.0.0.1:2222"; ":0" picks a port
	HostKeyPath string    // <data>/ssh_host_ed25519: generated once (0600), then reused
	Team        *TeamFile // identity: public key → member; re-read on change
	// Open lets unknown keys in as guest members named by their SSH user
	// name (prefixed "guest-" when it is a team handle).
	Open    bool
	Hub     *meeting.Hub
	Svc     *meeting.Service
	Agendas *agendas.Set
	Log     *slog.Logger // nil: discarded
	// Admin, when set, lets a facilitator stream a backup to their session
	// (`ssh host backup > cx.bak`); restore is never offered over SSH.
	Admin cli.Admin
	// MaxSessions bounds concurrent sessions (0: DefaultMaxSessions); more
	// are refused with a message.
	MaxSessions int

	// Optional tuning (zero: the defaults above). ConnRate < 0 disables
	// the per-IP rate limit (tests that churn connections).
	ConnRate         float64
	ConnBurst        int
	HandshakeTimeout time.Duration
	MaxTimeout       time.Duration

	testConnHook func(net.Conn) net.Conn // tests: wrap accepted connections
}

// Server serves the live rooms over SSH: each interactive session gets its
// own Bubble Tea program (the same model as the local TUI) and each command
// session runs the non-interactive command tree with the caller's identity.
type Server struct {
	cfg    ServerConfig
	log    *slog.Logger
	srv    *ssh.Server
	signer ssh.Signer

	ctx    context.Context // ends every session on Shutdown
	cancel context.CancelFunc

	mu       sync.Mutex
	addr     string
	ln       net.Listener
	serving  chan struct{} // closed when Serve returns
	started  bool
	stopping bool
	sessions int           // sessions inside the chain
	idle     chan struct{} // closed when sessions reaches 0 while stopping

	conns  map[*trackedConn]struct{} // every accepted connection not yet closed (under mu)
	nocon  chan struct{}             // closed when conns is empty while stopping
	keys   teamKeys
	guests map[string]string // guest handle → key fingerprint (under mu)
	relays sync.Map          // ssh.Session → chan ssh.Window: see ptyHandler
}

// NewServer prepares the server: it loads (or creates) the host key and
// builds the middleware chain. Start listens.
func NewServer(cfg ServerConfig) (*Server, error) {
	switch {
	case cfg.Hub == nil || cfg.Svc == nil:
		return nil, errors.New("tui: NewServer needs a hub and a service")
	case cfg.Team == nil:
		return nil, errors.New("tui: NewServer needs a team file")
	case strings.TrimSpace(cfg.HostKeyPath) == "":
		// Never Wish's default, which writes id_ed25519 into the working
		// directory.
		return nil, errors.New("tui: NewServer needs a host key path")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.ConnRate == 0 {
		cfg.ConnRate = DefaultConnRate
	}
	if cfg.ConnBurst <= 0 {
		cfg.ConnBurst = DefaultConnBurst
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.MaxTimeout <= 0 {
		cfg.MaxTimeout = DefaultMaxTimeout
	}
	signer, err := LoadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Log.With("component", "ssh"), signer: signer}
	s.ctx, s.cancel = context.WithCancel(context.Background())

	errLog := slog.NewLogLogger(s.log.Handler(), slog.LevelError)
	infoLog := slog.NewLogLogger(s.log.Handler(), slog.LevelInfo)
	// The last listed runs first; everything runs inside recover.
	chain := []wish.Middleware{
		s.programMiddleware(),   // 7. the session's own Bubble Tea program
		activeterm.Middleware(), // 6. a TUI needs a PTY
		s.commandMiddleware(),   // 5. `ssh host actions --json`: runs without a PTY
		s.identityMiddleware(),  // 4. public key → team member (or guest)
		s.limitMiddleware(),     // 3. bounded concurrent sessions; shutdown
	}
	if cfg.ConnRate > 0 {
		chain = append(chain, ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(cfg.ConnRate), cfg.ConnBurst, 4096))) // 2.
	}
	chain = append(chain,
		logging.MiddlewareWithLogger(infoLog), // 1.
		s.windowMiddleware(),                  // 0. window changes through the relay
	)

	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil }, // before Wish could default
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMaxTimeout(cfg.MaxTimeout),
		wish.WithMiddleware(wishrecover.MiddlewareWithLogger(errLog, chain...)),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the SSH server: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	srv.PtyHandler = s.ptyHandler()
	srv.ConnCallback = s.admit
	if srv.PasswordHandler != nil || srv.KeyboardInteractiveHandler != nil || srv.PublicKeyHandler == nil || srv.IdleTimeout != 0 {
		return nil, errors.New("tui: SSH server misconfigured: public-key authentication only, no idle timeout")
	}
	s.srv = srv
	return s, nil
}

// Start listens on the configured address and serves in the background. It
// returns once the socket is listening: Addr is then the real address.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("tui: server already started")
	}
	addr := s.cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:2222"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return meeting.Errorf(meeting.ECONFLICT, "cannot listen on %s: %s", addr, listenReason(err))
	}
	s.started, s.ln, s.addr = true, ln, ln.Addr().String()
	s.serving = make(chan struct{})
	go func() {
		defer close(s.serving)
		defer s.recovered("serve")
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			s.log.Error("ssh server stopped", "err", err)
		}
	}()
	s.log.Info("ssh server listening", "addr", s.addr, "open", s.cfg.Open, "fingerprint", HostKeyFingerprint(s.signer))
	return nil
}

func listenReason(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// Addr returns the address the server listens on ("" before Start).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// JoinCommand is how people connect, e.g. "ssh -p 2222 127.0.0.1".
func (s *Server) JoinCommand() string { return JoinCommand(s.Addr()) }

// Fingerprint is the host key's SHA256 fingerprint, for people to check on
// first connect.
func (s *Server) Fingerprint() string { return HostKeyFingerprint(s.signer) }

// Shutdown stops accepting, ends every session (programs quit, commands are
// cancelled), closes what connections remain and waits, at most until ctx
// ends. The caller then closes the hub and the store, once.
//
// It does not use the ssh package's Shutdown: its wait on connections races
// with a handshake that completes meanwhile (a WaitGroup Add during Wait).
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	started, already := s.started, s.stopping
	s.stopping = true
	if s.idle == nil {
		s.idle = make(chan struct{})
		if s.sessions == 0 {
			close(s.idle)
		}
		s.nocon = make(chan struct{})
		if len(s.conns) == 0 {
			close(s.nocon)
		}
	}
	idle, nocon, serving, ln := s.idle, s.nocon, s.serving, s.ln
	s.mu.Unlock()
	if !started {
		s.cancel()
		return nil
	}
	if !already {
		s.log.Info("ssh server shutting down", "sessions", s.Sessions())
	}
	// 1. stop accepting: new connections and sessions are refused from here
	_ = ln.Close()
	// 2. end sessions: their programs and commands watch s.ctx
	s.cancel()
	// Programs normally end in milliseconds; a client that stopped reading
	// holds its program in a write until its connection is closed below.
	grace := time.NewTimer(min(time.Second+time.Duration(s.Sessions())*2*time.Millisecond, 5*time.Second))
	defer grace.Stop()
	select {
	case <-idle:
	case <-grace.C:
	case <-ctx.Done():
	}
	// 3. close every connection left (idle clients, stuck writes, handshakes
	// in progress) and wait for them and the sessions to end
	_ = s.srv.Close()
	s.closeConns()
	for _, ch := range []chan struct{}{nocon, idle, serving} {
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("ssh sessions still running at shutdown: %w", ctx.Err())
		}
	}
	return nil
}

// Sessions returns the number of sessions being served.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// JoinCommand turns a listening address into the command people type.
// A wildcard address is shown with this machine's host name.
func JoinCommand(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "ssh " + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		if h, err := os.Hostname(); err == nil && h != "" {
			host = h
		} else {
			host = "localhost"
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// recovered logs a panic in one of our goroutines instead of crashing the
// process (and every other session with it).
func (s *Server) recovered(where string) {
	if p := recover(); p != nil {
		s.log.Error("panic in ssh server", "where", where, "panic", p, "stack", string(debug.Stack()))
	}
}

// admit runs for each accepted TCP connection before the handshake: it
// bounds open connections (unauthenticated sockets included) without ever
// blocking the accept loop, and tracks them so Shutdown can close every one
// (the ssh package only tracks connections whose handshake is done, and
// misses one that finishes its handshake while the server closes). nil
// closes the connection.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return nil
	}
	if n := len(s.conns); n >= 2*s.cfg.MaxSessions+64 {
		s.log.Warn("ssh connection refused: too many open connections", "remote", c.RemoteAddr().String(), "open", n)
		return nil
	}
	if s.cfg.testConnHook != nil {
		c = s.cfg.testConnHook(c)
	}
	tc := &trackedConn{Conn: c, s: s}
	if s.conns == nil {
		s.conns = map[*trackedConn]struct{}{}
	}
	s.conns[tc] = struct{}{}
	return tc
}

// trackedConn leaves the server's set when closed.
type trackedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		s := c.s
		s.mu.Lock()
		delete(s.conns, c)
		if len(s.conns) == 0 && s.nocon != nil {
			select {
			case <-s.nocon:
			default:
				close(s.nocon)
			}
		}
		s.mu.Unlock()
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

// ---------------------------------------------------------------------------
// Identity

// authorize is the public-key handler: a key on the team, or anyone with
// Open. Nothing is remembered here: sessions resolve identity again from
// the authenticated key.
func (s *Server) authorize(_ ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.Open {
		return true
	}
	_, ok := s.keys.member(s.cfg.Team.Get(), key, s.log)
	return ok
}

type actorKey struct{}

// actorFrom returns the actor the identity middleware resolved.
func actorFrom(ctx context.Context) (meeting.Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(meeting.Actor)
	return a, ok
}

// Identify resolves who holds key: the team member it belongs to (the team
// as it is now), else with open a guest member named after user. ok is false
// when the key is not welcome.
func (s *Server) Identify(key ssh.PublicKey, user string) (meeting.Actor, bool) {
	if key == nil {
		return meeting.Actor{}, false
	}
	team := s.cfg.Team.Get()
	if m, ok := s.keys.member(team, key, s.log); ok {
		return meeting.Actor{Handle: m.Handle, Name: m.Name, Role: m.Role}, true
	}
	if !s.cfg.Open {
		return meeting.Actor{}, false
	}
	h := s.guestFor(GuestHandle(user, team), fingerprint(key))
	return meeting.Actor{Handle: h, Name: h, Role: meeting.RoleMember, Guest: true}, true
}

// guestFor keeps guests apart while the server runs: the first key to use a
// guest name keeps it; another key asking for it gets name-2, name-3… so one
// guest cannot act as another (own their actions, share their presence).
func (s *Server) guestFor(h, fp string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.guests == nil {
		s.guests = map[string]string{}
	}
	base := h
	for i := 2; ; i++ {
		switch owner, taken := s.guests[h]; {
		case !taken && len(s.guests) >= maxGuests:
			return h // a bounded memory; past it, names are not kept apart
		case !taken:
			s.guests[h] = fp
			return h
		case owner == fp:
			return h
		}
		suffix := "-" + strconv.Itoa(i)
		h = cut32(base[:min(len(base), 32-len(suffix))] + suffix)
	}
}

// GuestHandle turns an SSH user name into a guest handle: lower-case
// letters, digits, '.', '_' and '-', starting with a letter, at most 32
// characters, prefixed "guest-" when it is a team member's handle.
func GuestHandle(user string, team *meeting.Team) string {
	var b strings.Builder
	for _, r := range strings.ToLower(meeting.CleanLine(user, 64)) {
		switch {
		case r >= 'a' && r <= 'z', b.Len() > 0 && (r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'):
			b.WriteRune(r)
		case b.Len() > 0 && (r == ' ' || r == '@' || r == '+'):
			b.WriteByte('-')
		}
	}
	h := cut32(b.String())
	if h == "" {
		h = "guest"
	}
	taken := func(h string) bool { _, ok := team.Member(h); return ok }
	for i := 1; taken(h) && i < 100; i++ {
		prefix := "guest-"
		if i > 1 {
			prefix = "guest" + strconv.Itoa(i) + "-"
		}
		h = cut32(prefix + strings.TrimPrefix(h, "guest-"))
	}
	if _, err := meeting.ParseHandle(h); err != nil {
		return "guest"
	}
	return h
}

func cut32(h string) string {
	if len(h) > 32 {
		h = h[:32]
	}
	return strings.TrimRight(h, ".-_")
}

// teamKeys caches the parsed keys of the current team (the team pointer
// changes whenever the file is re-read).
type teamKeys struct {
	mu   sync.Mutex
	team *meeting.Team
	keys []memberKey
}

type memberKey struct {
	key    ssh.PublicKey
	member meeting.Member
}

func (tk *teamKeys) member(team *meeting.Team, key ssh.PublicKey, log *slog.Logger) (meeting.Member, bool) {
	if key == nil || team == nil {
		return meeting.Member{}, false
	}
	tk.mu.Lock()
	if tk.team != team {
		tk.team, tk.keys = team, nil
		for _, m := range team.Members {
			for _, k := range m.Keys {
				pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k))
				if err != nil {
					log.Warn("team file: a key does not parse; it is ignored", "handle", m.Handle, "err", err)
					continue
				}
				tk.keys = append(tk.keys, memberKey{pk, m})
			}
		}
	}
	keys := tk.keys
	tk.mu.Unlock()
	found := -1
	for i, mk := range keys { // compare with every key: constant work whatever matches
		if ssh.KeysEqual(mk.key, key) && found < 0 {
			found = i
		}
	}
	if found < 0 {
		return meeting.Member{}, false
	}
	return keys[found].member, true
}

// identityMiddleware resolves the session's actor from the authenticated
// public key, against the team file as it is now, and puts it in the
// session context. s.User() only ever names a guest.
func (s *Server) identityMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			a, ok := s.Identify(sess.PublicKey(), sess.User())
			if !ok {
				s.log.Warn("ssh session refused: key not on the team", "remote", sess.RemoteAddr().String(), "key", keyFingerprint(sess.PublicKey()))
				fmt.Fprintln(sess.Stderr(), "cxroom: your SSH key is not on this team; ask a facilitator to add it with `cxroom team add`")
				_ = sess.Exit(cli.ExitForbidden)
				return
			}
			sess.Context().SetValue(actorKey{}, a)
			s.log.Info("ssh session", "handle", a.Handle, "role", a.Role, "guest", a.Guest,
				"remote", sess.RemoteAddr().String(), "key", keyFingerprint(sess.PublicKey()), "command", len(sess.Command()) > 0)
			next(sess)
		}
	}
}

func keyFingerprint(k ssh.PublicKey) string {
	if k == nil {
		return ""
	}
	return fingerprint(k)
}

// ---------------------------------------------------------------------------
// Sessions

// limitMiddleware counts sessions, refuses them beyond MaxSessions or while
// shutting down, and never blocks.
func (s *Server) limitMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			s.mu.Lock()
			switch {
			case s.stopping:
				s.mu.Unlock()
				fmt.Fprintln(sess.Stderr(), "cxroom: the server is shutting down; try again in a moment")
				_ = sess.Exit(cli.ExitFailed)
				return
			case s.sessions >= s.cfg.MaxSessions:
				n := s.sessions
				s.mu.Unlock()
				s.log.Warn("ssh session refused: server full", "sessions", n, "remote", sess.RemoteAddr().String())
				fmt.Fprintf(sess.Stderr(), "cxroom: the server is full (%d sessions); try again later\n", n)
				_ = sess.Exit(cli.ExitFailed)
				return
			}
			s.sessions++
			s.mu.Unlock()
			defer func() {
				s.mu.Lock()
				s.sessions--
				if s.sessions == 0 && s.idle != nil {
					select {
					case <-s.idle:
					default:
						close(s.idle)
					}
				}
				s.mu.Unlock()
			}()
			next(sess)
		}
	}
}

// Window changes. charm.land/ssh hands them from the connection's request
// loop to a 1-slot channel that only the program middleware reads, and only
// while a program runs: a second unread change (one sent before the shell
// request, after the program ended, or during a command run with `ssh -t`)
// blocks that loop, and with it the whole connection, for good. So every PTY
// session gets a relay, started when the PTY is granted, that always drains
// the library's channel and keeps the latest size for whoever reads it.

// ptyHandler wraps the library's emulated-PTY handler with the relay.
func (s *Server) ptyHandler() ssh.PtyHandler {
	var scratch ssh.Server
	_ = ssh.EmulatePty()(&scratch)
	emulate := scratch.PtyHandler
	return func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
		closer, err := emulate(ctx, sess, pty)
		if err != nil {
			return closer, err
		}
		if _, winch, ok := sess.Pty(); ok && winch != nil {
			out := make(chan ssh.Window, 1)
			s.relays.Store(sess, out)
			go s.relay(sess, winch, out)
		}
		return closer, nil
	}
}

// relay moves window changes from in to out, latest first, until in closes
// (the session's requests ended). out is never closed: Wish's reader would
// spin on a closed channel.
func (s *Server) relay(sess ssh.Session, in <-chan ssh.Window, out chan ssh.Window) {
	defer s.relays.Delete(sess)
	defer s.recovered("window changes")
	for w := range in {
		select {
		case out <- w:
		default:
			select {
			case <-out: // drop the older size
			default:
			}
			select {
			case out <- w:
			default:
			}
		}
	}
}

// windowMiddleware hands the rest of the chain the session's relayed
// window changes.
func (s *Server) windowMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if out, ok := s.relays.Load(sess); ok {
				sess = relayedSession{Session: sess, winch: out.(chan ssh.Window)}
			}
			next(sess)
		}
	}
}

// relayedSession is a session whose window changes come from the relay.
type relayedSession struct {
	ssh.Session
	winch <-chan ssh.Window
}

func (r relayedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, _, ok := r.Session.Pty()
	return pty, r.winch, ok
}

// sessionContext ends when the connection closes or the server shuts down.
func (s *Server) sessionContext(sess ssh.Session) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(sess.Context())
	stop := context.AfterFunc(s.ctx, cancel)
	return ctx, func() { stop(); cancel() }
}

// commandMiddleware runs `ssh host COMMAND…` through the same command tree
// as the local CLI, with the caller's identity and no admin rights, and
// exits with its status. A session with neither a command nor a PTY gets
// one line on how to connect.
func (s *Server) commandMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			raw := sess.RawCommand()
			_, _, pty := sess.Pty()
			switch {
			case raw == "" && pty:
				next(sess)
				return
			case raw == "":
				fmt.Fprintf(sess.Stderr(), "cxroom: open the room from a terminal with `%s`, or run a command: `%s actions --json` (`%s help` lists them)\n",
					s.JoinCommand(), s.JoinCommand(), s.JoinCommand())
				_ = sess.Exit(cli.ExitUsage)
				return
			case len(raw) > maxCommandBytes:
				fmt.Fprintf(sess.Stderr(), "cxroom: the command line is too long (%d bytes; at most %d)\n", len(raw), maxCommandBytes)
				_ = sess.Exit(cli.ExitUsage)
				return
			}
			a, ok := actorFrom(sess.Context())
			if !ok {
				_ = sess.Exit(cli.ExitForbidden)
				return
			}
			ctx, cancel := s.sessionContext(sess)
			defer cancel()
			e := &cli.Env{
				Stdout:   sess,
				Stderr:   sess.Stderr(),
				Stdin:    io.LimitReader(sess, maxCommandStdin),
				Actor:    a,
				Svc:      s.cfg.Svc,
				Agendas:  s.cfg.Agendas,
				Team:     s.cfg.Team.Get(),
				TeamPath: s.cfg.Team.Path(), // facilitators edit the team; the next session sees it
				Admin:    s.cfg.Admin,       // backup streams to a facilitator; restore stays local
				Remote:   true,
				Join:     s.JoinCommand(),
			}
			code := s.runCommand(ctx, e, raw)
			s.log.Info("ssh command", "handle", a.Handle, "command", e.Command(), "status", code)
			_ = sess.Exit(code)
		}
	}
}

// runCommand runs the command tree on one command line, turning a panic
// into a one-line error.
func (s *Server) runCommand(ctx context.Context, e *cli.Env, line string) (code int) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in ssh command", "panic", p, "stack", string(debug.Stack()))
			fmt.Fprintln(e.Stderr, "cxroom: something went wrong on the server; nothing more was done")
			code = cli.ExitFailed
		}
	}()
	return cli.RunLine(ctx, e, line)
}

// programMiddleware gives each interactive session its own Bubble Tea
// program through Wish's program handler (which forwards window changes).
// The program reaches the room itself: the model subscribes and waits on
// its subscription in a tea.Cmd, so nothing here calls p.Send.
func (s *Server) programMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			ctx, cancel := s.sessionContext(sess)
			defer cancel()
			var model *Model
			var frames *frameWriter
			bubbletea.MiddlewareWithProgramHandler(func(sess ssh.Session) *tea.Program {
				p, m, fw := s.newProgram(ctx, sess)
				model, frames = m, fw
				return p
			})(next)(sess)
			if frames != nil {
				frames.close() // the last frame, then the terminal back as it was
			}
			if model != nil {
				// A dropped connection kills the program without the model's
				// quit: release the room presence and the subscriptions its
				// screens hold (Run has returned on this goroutine).
				model.quit()
			}
			if s.ctx.Err() != nil && sess.Context().Err() == nil {
				_, _ = io.WriteString(sess, "\r\ncxroom: the server is shutting down; meetings keep their state — reconnect when it is back.\r\n")
			}
		}
	}
}

func (s *Server) newProgram(ctx context.Context, sess ssh.Session) (*tea.Program, *Model, *frameWriter) {
	a, ok := actorFrom(sess.Context())
	if !ok {
		return nil, nil, nil
	}
	noColor := false
	for _, kv := range sess.Environ() {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			noColor = true
		}
	}
	m := New(&Deps{
		Ctx:     ctx,
		Hub:     s.cfg.Hub,
		Svc:     s.cfg.Svc,
		Agendas: s.cfg.Agendas,
		Team:    s.cfg.Team.Cached, // names on every frame: the file is checked at most once a second
		Actor:   a,
		SSHAddr: s.JoinCommand(),
		Remote:  true,
		NoColor: noColor,
		Dark:    true,
	})
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithContext(ctx),
		// The server process's signals are not this session's: Shutdown
		// ends the programs.
		tea.WithoutSignalHandler(),
	)
	pty, _, ok := sess.Pty()
	if !ok || !sess.EmulatedPty() {
		return tea.NewProgram(m, opts...), m, nil
	}
	// Frames are drawn by a frameWriter, shared between sessions making the
	// same step (frames.go); the program keeps its input, and its own output
	// (terminal queries) goes through the writer, between frames. Its
	// renderer tick then only flushes that output: once a second is enough
	// (the writer asks for the background colour itself, at once).
	env := append(sess.Environ(), "TERM="+pty.Term)
	fw := newFrameWriter(sess.Context(), sess, pty.Term, colorprofile.Env(env), func(msg string, args ...any) { s.log.Error(msg, args...) })
	fm := &framedModel{Model: m, fw: fw, w: pty.Window.Width, h: pty.Window.Height}
	opts = append(opts, tea.WithoutRenderer(), tea.WithOutput(fw), tea.WithFPS(1))
	return tea.NewProgram(fm, opts...), m, fw
}

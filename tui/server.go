package tui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"cxroom/agendas"
	"cxroom/internal/logging"
	"cxroom/meeting"
	"cxroom/tui/cli"
)

// The SSH server, by concern:
//
//	server.go             configuration, start, shutdown
//	server_limits.go      what connections, people and sessions may cost
//	server_identity.go    public key → team member or guest
//	server_middleware.go  the chain a session goes through; commands
//	server_session.go     session channels, windows, the Bubble Tea program

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

	// Limits bound what strangers, people and sessions may cost (zero
	// fields: the defaults in server_limits.go).
	Limits

	// ProxyProtocol: the server sits behind a TCP load balancer that starts
	// every connection with a PROXY protocol header (v1 or v2), so the
	// per-address limits and the log see the client's address. A
	// connection without one is refused: the port must be reachable only
	// through the balancer.
	ProxyProtocol bool

	// SummaryEvery is how often refused connections, failed logins and
	// refused sessions are summarised in the log (0: once a minute).
	SummaryEvery time.Duration

	// Cache is the rendering the server's sessions share (nil: the server
	// makes its own).
	Cache *RenderCache

	// Observer, when set, is told of sessions, refusals and frames, for
	// the server's metrics (server_observer.go).
	Observer Observer

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
	tally  *logging.Tally  // refusals, summarised
	cache  *RenderCache    // shared by every session of this server
	deep   *deepWork       // renders sessions' frames (deepwork.go); set by Start
	sid    atomic.Uint64   // session ids
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
	conns    map[*trackedConn]struct{}
	nocon    chan struct{} // closed when conns is empty while stopping
	counts   counts        // what the limits count (server_limits.go)
	commands *commandGate  // commands: one at a time per key, MaxCommands at once (server_commands.go)

	keys   teamKeys
	relays sync.Map // ssh.Session → *winRelay: see ptyHandler
	// screens are the interactive sessions: *sshSession → meeting.Actor
	// (server_people.go).
	screens sync.Map
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
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Cache == nil {
		cfg.Cache = NewRenderCache()
	}
	cfg.Limits = cfg.Limits.withDefaults()
	signer, err := LoadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, commands: newCommandGate(cfg.Limits.MaxCommands), log: cfg.Log.With("component", "ssh"), signer: signer, cache: cfg.Cache,
		conns: map[*trackedConn]struct{}{}}
	s.tally = logging.NewTally(s.log)
	if o := cfg.Observer; o != nil {
		s.tally.Observe(func(k logging.Kind, reason string) { o.Refused(k.Name(), reason) })
	}
	s.counts.init()
	s.ctx, s.cancel = context.WithCancel(context.Background())

	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil }, // before Wish could default
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMaxTimeout(cfg.MaxTimeout),
		wish.WithMiddleware(s.middleware()...),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the SSH server: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	srv.PtyHandler = s.ptyHandler()
	srv.ConnCallback = s.admit
	srv.ServerConfigCallback = s.sshConfig
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	if srv.PasswordHandler != nil || srv.KeyboardInteractiveHandler != nil || srv.PublicKeyHandler == nil || srv.IdleTimeout != 0 {
		return nil, errors.New("tui: SSH server misconfigured: public-key authentication only, no idle timeout")
	}
	s.srv = srv
	return s, nil
}

// sshConfig is the connection's handshake configuration: a key counts as
// used only once the client proved it holds it (VerifiedPublicKeyCallback),
// and that is when the connection stops counting as a stranger's.
func (s *Server) sshConfig(ctx ssh.Context) *gossh.ServerConfig {
	tc, _ := ctx.Value(connKey{}).(*trackedConn)
	return &gossh.ServerConfig{
		MaxAuthTries: 6,
		VerifiedPublicKeyCallback: func(_ gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
			if tc == nil {
				return perms, nil
			}
			if msg := s.authenticated(tc, key); msg != "" {
				return nil, &gossh.BannerError{Err: errors.New("refused"), Message: msg + "\n"}
			}
			return perms, nil
		},
	}
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
	s.deep = startDeepWork(s.ctx)
	go func() {
		defer close(s.serving)
		defer s.recovered("serve")
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			s.log.Error("ssh server stopped", "err", err)
		}
	}()
	go s.tally.Run(s.ctx, s.cfg.SummaryEvery)
	s.log.Info("ssh server listening", "addr", s.addr, "open", s.cfg.Open, "proxy_protocol", s.cfg.ProxyProtocol,
		"fingerprint", HostKeyFingerprint(s.signer))
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

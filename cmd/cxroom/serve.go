package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"cxroom/internal/logging"
	"cxroom/internal/pprofserve"
	"cxroom/meeting"
	"cxroom/tui"
)

// shutdownGrace bounds how long ending the SSH sessions may take.
const shutdownGrace = 10 * time.Second

// server is the SSH side as runTUI sees it.
type server interface {
	Addr() string
	Shutdown()
	ConnectedNames() []string // who has a screen open over SSH
}

// sshServer adapts *tui.Server: Shutdown stops accepting, ends the sessions
// and waits (bounded); the caller then closes the hub and the store.
type sshServer struct {
	*tui.Server
	log *slog.Logger
}

func (s sshServer) Shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.Server.Shutdown(ctx); err != nil {
		s.log.Error("ssh shutdown", "err", err)
	}
}

// startServer opens the rooms of a to SSH on addr (for `cxroom --serve` and
// `cxroom serve`), refusing to when nobody could get in.
func startServer(ctx context.Context, a *app, g globals, addr string) (server, error) {
	return startSSH(ctx, a, g, addr, serverOptions{})
}

// startSSH is startServer with serve's options (limits, PROXY protocol).
func startSSH(_ context.Context, a *app, g globals, addr string, o serverOptions) (sshServer, error) {
	if err := checkTeam(a.team, g); err != nil {
		return sshServer{}, err
	}
	a.logs.RouteLibraries() // Wish and the ssh package log on their own
	srv, err := tui.NewServer(tui.ServerConfig{
		Addr:          addr,
		HostKeyPath:   filepath.Join(g.data, "ssh_host_ed25519"),
		Team:          a.team,
		Open:          g.open,
		Hub:           a.hub,
		Svc:           a.svc,
		Agendas:       a.agendas,
		Log:           a.log,
		Admin:         a.db, // a facilitator may stream a backup over SSH
		Limits:        o.limits,
		ProxyProtocol: o.proxyProtocol,
		Observer:      observer(a.metrics),
	})
	if err != nil {
		return sshServer{}, err
	}
	if err := srv.Start(); err != nil {
		return sshServer{}, err
	}
	if err := a.db.Announce(srv.Addr()); err != nil {
		a.log.Warn("could not record the SSH address in the data folder", "err", err)
	}
	return sshServer{srv, a.log}, nil
}

// checkTeam refuses to serve when no key could get in: no team file (or one
// listing nobody with a key) and no --open.
func checkTeam(team *tui.TeamFile, g globals) error {
	if g.open {
		return nil
	}
	t := team.Get()
	for _, m := range t.Members {
		if len(m.Keys) > 0 {
			return nil
		}
	}
	what := "no team file at " + team.Path()
	if team.Exists() {
		what = "the team file " + team.Path() + " lists nobody with an SSH key"
	}
	data := quoteArg(g.data)
	return meeting.Errorf(meeting.EINVALID, "%s; add people with: cxroom --data %s team add \"Maria Lopez\" --handle maria --role facilitator --key ~/.ssh/id_ed25519.pub   (or serve with --open to let anyone in as a guest)", what, data)
}

func quoteArg(s string) string {
	if s == "" || strings.ContainsAny(s, " \t'\"$`\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// serveOptions are serve's own flags.
type serveOptions struct {
	listen     string
	writeRate  float64
	writeBurst int
	serverOptions
}

// serverOptions bound what the SSH side may cost and say how it logs.
type serverOptions struct {
	limits        tui.Limits
	proxyProtocol bool
	logFormat     string
	logFile       string
}

// flags adds serve's flags to its command.
func (o *serveOptions) flags(fs *pflag.FlagSet) {
	fs.StringVar(&o.listen, "listen", "", "address to listen on (default 127.0.0.1:2222, or --serve's)")
	fs.Float64Var(&o.writeRate, "writes-per-minute", meeting.DefaultWritesPerMinute, "records, edits, votes and status changes one person may save a minute, and, on budgets of their own, hands raised and forms opened (\"typing…\") (negative: no limit)")
	fs.IntVar(&o.writeBurst, "write-burst", meeting.DefaultWriteBurst, "of which at once")
	l := &o.limits
	fs.IntVar(&l.MaxSessions, "max-sessions", 0, "most concurrent sessions (default 1000)")
	fs.IntVar(&l.MaxConns, "max-conns", 0, "most concurrent signed-in connections (default 2×max-sessions)")
	fs.IntVar(&l.MaxUnauth, "max-unauth", 0, "most concurrent connections not signed in yet (default 256)")
	fs.IntVar(&l.MaxUnauthPerAddr, "max-unauth-per-addr", 0, "the same, from one address (default 64)")
	fs.Float64Var(&l.ConnRate, "conn-rate", 0, "new connections per second per address (default 20; negative: no limit)")
	fs.IntVar(&l.ConnBurst, "conn-burst", 0, "burst of new connections per address (default 100)")
	fs.Float64Var(&l.FailRate, "fail-rate", 0, "failed logins per minute per address before it must wait (default 30; negative: no limit)")
	fs.IntVar(&l.FailBurst, "fail-burst", 0, "burst of failed logins per address (default 60)")
	fs.IntVar(&l.MaxGuestsPerAddr, "max-guests-per-addr", 0, "most concurrent guest sessions per address with --open (default 50)")
	fs.IntVar(&l.MaxSessionsPerKey, "max-sessions-per-key", 0, "most concurrent sessions per key (default 8)")
	fs.IntVar(&l.MaxConnsPerKey, "max-conns-per-key", 0, "most concurrent signed-in connections per key (default 16)")
	fs.Float64Var(&l.KeyRate, "key-rate", 0, "new sessions and commands per minute per key (default 60; negative: no limit)")
	fs.IntVar(&l.KeyBurst, "key-burst", 0, "burst of sessions and commands per key (default 30)")
	fs.DurationVar(&l.AuthIdle, "auth-idle", 0, "close a signed-in connection with no session after (default 10s)")
	fs.IntVar(&l.MaxWidth, "max-width", 0, "widest window drawn, in columns (default 320)")
	fs.IntVar(&l.MaxHeight, "max-height", 0, "tallest window drawn, in rows (default 120)")
	fs.IntVar(&l.MaxEnv, "max-env", 0, "environment variables a session may set (default 64)")
	fs.IntVar(&l.MaxEnvBytes, "max-env-bytes", 0, "and their bytes (default 16384)")
	fs.IntVar(&l.MaxChannels, "max-channels", 0, "sessions open at once on one connection (default 10)")
	fs.IntVar(&l.MaxCommands, "max-commands", 0, "commands over SSH computing at once (default: the CPUs); one at a time per key")
	fs.DurationVar(&l.HandshakeTimeout, "handshake-timeout", 0, "time to sign in (default 20s)")
	fs.DurationVar(&l.MaxTimeout, "max-timeout", 0, "longest connection (default 10h)")
	fs.BoolVar(&o.proxyProtocol, "proxy-protocol", false, "connections start with a PROXY protocol header (behind a TCP load balancer)")
	fs.StringVar(&o.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&o.logFile, "log-file", "", "log file (default <data>/cxroom.log; stderr under systemd or in a container); - is stderr")
}

// check returns the first flag value that is out of range.
func (o *serverOptions) check() error {
	l := o.limits
	for _, v := range []struct {
		name string
		n    int
	}{{"max-sessions", l.MaxSessions}, {"max-conns", l.MaxConns}, {"max-unauth", l.MaxUnauth}, {"max-unauth-per-addr", l.MaxUnauthPerAddr},
		{"conn-burst", l.ConnBurst}, {"fail-burst", l.FailBurst}, {"max-guests-per-addr", l.MaxGuestsPerAddr},
		{"max-sessions-per-key", l.MaxSessionsPerKey}, {"max-conns-per-key", l.MaxConnsPerKey}, {"key-burst", l.KeyBurst},
		{"max-width", l.MaxWidth}, {"max-height", l.MaxHeight}, {"max-env", l.MaxEnv}, {"max-env-bytes", l.MaxEnvBytes},
		{"max-channels", l.MaxChannels}, {"max-commands", l.MaxCommands}} {
		if v.n < 0 {
			return meeting.Errorf(meeting.EINVALID, "--%s must be positive", v.name)
		}
	}
	if l.AuthIdle < 0 || l.HandshakeTimeout < 0 || l.MaxTimeout < 0 {
		return meeting.Errorf(meeting.EINVALID, "--auth-idle, --handshake-timeout and --max-timeout must be positive")
	}
	if err := logging.CheckFormat(o.logFormat); err != nil {
		return meeting.Errorf(meeting.EINVALID, "%s", err.Error())
	}
	return nil
}

// runServe runs `cxroom serve`: the SSH rooms only, until SIGINT or SIGTERM.
func runServe(ctx context.Context, g globals, o serveOptions, stdout, stderr io.Writer) error {
	if err := o.check(); err != nil {
		return err
	}
	g.log = logging.Options{Format: o.logFormat, File: o.logFile, Service: true}
	addr := o.listen
	if addr == "" {
		addr = g.serve
	}
	if addr == "" {
		addr = "127.0.0.1:2222"
	}
	// Refuse before opening the store: nothing to clean up, nothing locked.
	if t, err := openTeam(g); err != nil {
		return err
	} else if err := checkTeam(t, g); err != nil {
		return err
	}
	set := loadAgendas(stderr)
	a, err := openApp(ctx, g, stderr, true)
	if err != nil {
		return err
	}
	defer a.close() // last: rooms, then the store, once
	a.agendas = set
	if a.team, err = tui.OpenTeamFile(g.team, a.log); err != nil {
		return err
	}
	a.useTeam(a.team.Cached)
	a.hub.SetPace(o.writeRate, o.writeBurst)
	a.metrics = a.observe(g.metrics) // before the rooms open
	if err := a.hub.Resume(ctx); err != nil {
		return err
	}
	s, err := startSSH(ctx, a, g, addr, o.serverOptions)
	if err != nil {
		return err
	}
	metricsAt := ""
	if a.metrics != nil {
		stop, where, err := a.serveMetrics(a.metrics, g.metrics, s.Server)
		if err != nil {
			s.Shutdown()
			return err
		}
		defer stop() // after the sessions ended: the last figures stay readable until then
		metricsAt = where
	}
	if pp := os.Getenv(pprofserve.Env); pp != "" {
		if err := pprofserve.Serve(ctx, pp, stdout); err != nil {
			s.Shutdown()
			return err
		}
	}
	fmt.Fprintf(stdout, "serving on %s — join with: %s\n", s.Addr(), s.JoinCommand())
	fmt.Fprintf(stdout, "host key %s · data %s · log %s\n", s.Fingerprint(), g.data, a.logs.Where())
	if metricsAt != "" {
		fmt.Fprintf(stdout, "metrics on http://%s/metrics · health http://%s/healthz\n", metricsAt, metricsAt)
	}
	if !hasFacilitator(a.team.Get()) {
		fmt.Fprintln(stdout, "note: the team has no facilitator, so nobody can start a ritual over SSH (add one with `cxroom team add … --role facilitator`)")
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down: ending sessions…")
	s.Shutdown() // stop accepting, end sessions; then a.close: hub, store
	return nil
}

func hasFacilitator(t *meeting.Team) bool {
	for _, m := range t.Members {
		if m.Role == meeting.RoleFacilitator && len(m.Keys) > 0 {
			return true
		}
	}
	return false
}

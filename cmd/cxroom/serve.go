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

	charmlog "charm.land/log/v2"
	"github.com/spf13/pflag"

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
	return startSSH(ctx, a, g, addr, 0, 0)
}

// startSSH is startServer with a bound on concurrent sessions and a rate of
// new sessions per client address (0: the defaults; a negative rate: none).
func startSSH(_ context.Context, a *app, g globals, addr string, maxSessions int, connRate float64) (sshServer, error) {
	if err := checkTeam(a.team, g); err != nil {
		return sshServer{}, err
	}
	routeLibraryLogs(a)
	srv, err := tui.NewServer(tui.ServerConfig{
		Addr:        addr,
		HostKeyPath: filepath.Join(g.data, "ssh_host_ed25519"),
		Team:        a.team,
		Open:        g.open,
		Hub:         a.hub,
		Svc:         a.svc,
		Agendas:     a.agendas,
		Log:         a.log,
		MaxSessions: maxSessions,
		Admin:       a.db, // a facilitator may stream a backup over SSH
		ConnRate:    connRate,
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

// routeLibraryLogs sends what Wish, charm log and the ssh package print on
// their own (the default charm logger, the default slog logger) to the log
// file: the local TUI owns the terminal.
func routeLibraryLogs(a *app) {
	var w io.Writer = io.Discard
	if a.logFile != nil {
		w = a.logFile
	}
	charmlog.SetOutput(w)
	slog.SetDefault(a.log)
}

// serveOptions are serve's own flags.
type serveOptions struct {
	listen      string
	maxSessions int
	connRate    float64
}

// flags adds serve's flags to its command.
func (o *serveOptions) flags(fs *pflag.FlagSet) {
	fs.StringVar(&o.listen, "listen", "", "address to listen on (default 127.0.0.1:2222, or --serve's)")
	fs.IntVar(&o.maxSessions, "max-sessions", 0, "most concurrent sessions (default 1000)")
	fs.Float64Var(&o.connRate, "conn-rate", 0, "new sessions per second per client address (default 10; negative: no limit)")
}

// runServe runs `cxroom serve`: the SSH rooms only, until SIGINT or SIGTERM.
func runServe(ctx context.Context, g globals, o serveOptions, stdout, stderr io.Writer) error {
	if o.maxSessions < 0 {
		return meeting.Errorf(meeting.EINVALID, "--max-sessions must be positive")
	}
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
	if err := a.hub.Resume(ctx); err != nil {
		return err
	}
	s, err := startSSH(ctx, a, g, addr, o.maxSessions, o.connRate)
	if err != nil {
		return err
	}
	if pp := os.Getenv(pprofserve.Env); pp != "" {
		if err := pprofserve.Serve(ctx, pp, stdout); err != nil {
			s.Shutdown()
			return err
		}
	}
	fmt.Fprintf(stdout, "serving on %s — join with: %s\n", s.Addr(), s.JoinCommand())
	fmt.Fprintf(stdout, "host key %s · data %s · log %s\n", s.Fingerprint(), g.data, filepath.Join(g.data, "cxroom.log"))
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

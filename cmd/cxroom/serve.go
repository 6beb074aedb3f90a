package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	charmlog "charm.land/log/v2"

	"cxroom/meeting"
	"cxroom/tui"
	"cxroom/tui/cli"
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
		Limits:      tui.Limits{MaxSessions: maxSessions, ConnRate: connRate},
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

// runServe runs `cxroom serve --listen ADDR [--data DIR] [--team FILE | --open]`:
// the SSH rooms only, until SIGINT or SIGTERM.
func runServe(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listen := fs.String("listen", "", "address to listen on (default 127.0.0.1:2222)")
	data := fs.String("data", "", "data folder")
	team := fs.String("team", "", "team file (default <data>/team.yaml)")
	open := fs.Bool("open", false, "let anyone in as a guest member")
	maxSessions := fs.Int("max-sessions", 0, "most concurrent sessions (default 1000)")
	connRate := fs.Float64("conn-rate", 0, "new sessions per second per client address (default 10; negative: no limit)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: cxroom serve --listen ADDR [--data DIR] [--team FILE | --open] [--max-sessions N] [--conn-rate R]")
			return cli.ExitOK
		}
		fmt.Fprintf(stderr, "cxroom: serve: %s; usage: cxroom serve --listen ADDR [--data DIR] [--team FILE | --open]\n", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		return cli.ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cxroom: serve takes no argument %q; usage: cxroom serve --listen ADDR [--data DIR] [--team FILE | --open]\n", meeting.CleanLine(fs.Arg(0), 60))
		return cli.ExitUsage
	}
	if *data != "" {
		defaultTeam := g.team == filepath.Join(g.data, "team.yaml")
		if abs, err := filepath.Abs(*data); err == nil {
			g.data = abs
		} else {
			g.data = *data
		}
		if defaultTeam {
			g.team = filepath.Join(g.data, "team.yaml")
		}
	}
	if *team != "" {
		if abs, err := filepath.Abs(*team); err == nil {
			g.team = abs
		} else {
			g.team = *team
		}
	}
	g.open = g.open || *open
	if *maxSessions < 0 {
		fmt.Fprintln(stderr, "cxroom: serve: --max-sessions must be positive")
		return cli.ExitUsage
	}
	addr := *listen
	if addr == "" {
		addr = g.serve
	}
	if addr == "" {
		addr = "127.0.0.1:2222"
	}
	// Refuse before opening the store: nothing to clean up, nothing locked.
	if t, err := tui.OpenTeamFile(g.team, nil); err != nil {
		return fail(stderr, err)
	} else if err := checkTeam(t, g); err != nil {
		return fail(stderr, err)
	}

	a, err := openApp(ctx, g, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	defer a.close() // last: rooms, then the store, once
	if err := a.hub.Resume(ctx); err != nil {
		return fail(stderr, err)
	}
	s, err := startSSH(ctx, a, g, addr, *maxSessions, *connRate)
	if err != nil {
		return fail(stderr, err)
	}
	if pp := os.Getenv(pprofEnv); pp != "" {
		if err := servePprof(ctx, pp, stdout); err != nil {
			return fail(stderr, err)
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
	return cli.ExitOK
}

func hasFacilitator(t *meeting.Team) bool {
	for _, m := range t.Members {
		if m.Role == meeting.RoleFacilitator && len(m.Keys) > 0 {
			return true
		}
	}
	return false
}

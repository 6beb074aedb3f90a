// Command cxroom runs customer-experience leadership rituals live: the TUI,
// the SSH rooms, and the commands that read and export what meetings
// committed to. It only wires the packages together: the command tree is
// tui/cli's, the same one the SSH server runs.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"cxroom/agendas"
	"cxroom/internal/logging"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
	"cxroom/tui/cli"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it `cxroom version` reports the module version and VCS revision.
var version = "dev"

// globals are the global flags, resolved: the data folder, the team file.
type globals struct {
	data    string
	serve   string
	team    string
	open    bool
	noColor bool
	metrics string          // --metrics: Prometheus metrics and /healthz of the SSH server
	reserve int64           // --disk-reserve: free space the data folder's disk keeps; 0 = store's default, -1 = none
	log     logging.Options // where and how to log (serve's --log-* flags)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs one command line of the tree, locally, and returns the exit
// status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &cli.Env{Stdout: stdout, Stderr: stderr, Stdin: stdin, Local: newLocal(stdout, stderr)}
	return cli.Run(ctx, e, args)
}

// newLocal is what this process adds to the tree: the data folder, opened
// only by the commands that need it, and the commands that run the
// process itself (the room, the server, the demo).
func newLocal(stdout, stderr io.Writer) *cli.Local {
	so := &serveOptions{}
	return &cli.Local{
		Version: version,
		Load: func(cg cli.Globals, e *cli.Env) error {
			g := resolve(cg)
			team, err := teamfile.Read(g.team)
			if err != nil {
				return err
			}
			set, errs := agendas.Load(agendas.UserDir())
			for _, err := range errs {
				fmt.Fprintf(stderr, "cxroom: skipped an agenda file: %s\n", meeting.ErrorMessage(err))
			}
			e.Team, e.Agendas, e.TeamPath, e.Actor = team, set, g.team, localActor(team)
			return nil
		},
		Open: func(ctx context.Context, cg cli.Globals, e *cli.Env, create bool) (func(), error) {
			a, err := openApp(ctx, resolve(cg), stderr, create)
			if err != nil {
				return nil, err
			}
			a.useTeam(func() *meeting.Team { return e.Team })
			e.Svc, e.Admin, e.Log = a.svc, a.db, a.log
			if a.missing {
				e.Missing = a.dir
			}
			return a.close, nil
		},
		Room: func(ctx context.Context, cg cli.Globals) error {
			return runTUI(ctx, resolve(cg), stderr)
		},
		ServeFlags: so.flags,
		Serve: func(ctx context.Context, cg cli.Globals) error {
			return runServe(ctx, resolve(cg), *so, stdout, stderr)
		},
		Demo: func(ctx context.Context, cg cli.Globals, force bool) error {
			return runDemo(ctx, resolve(cg), force, stdout, stderr)
		},
	}
}

// resolve applies the defaults: the data folder is --data, else
// $CXROOM_DATA, else the XDG data folder; the team file is --team, else
// <data>/team.yaml.
func resolve(cg cli.Globals) globals {
	g := globals{data: cg.Data, serve: cg.Serve, team: cg.Team, open: cg.Open, noColor: cg.NoColor, reserve: cg.DiskReserve, metrics: cg.Metrics}
	if g.data == "" {
		g.data = os.Getenv("CXROOM_DATA")
	}
	if g.data == "" {
		g.data = defaultDataDir()
	}
	if abs, err := filepath.Abs(g.data); err == nil {
		g.data = abs
	}
	if g.team == "" {
		g.team = filepath.Join(g.data, "team.yaml")
	} else if abs, err := filepath.Abs(g.team); err == nil {
		g.team = abs
	}
	g.noColor = g.noColor || os.Getenv("NO_COLOR") != ""
	return g
}

// defaultDataDir is $XDG_DATA_HOME/cxroom, else ~/.local/share/cxroom.
func defaultDataDir() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "cxroom")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "cxroom")
	}
	return ".cxroom"
}

// localActor is whoever runs cxroom on the machine that owns the data
// folder: the facilitator, named from the team file when it lists them.
func localActor(team *meeting.Team) meeting.Actor {
	user := os.Getenv("CXROOM_USER")
	if user == "" {
		user = os.Getenv("USER")
	}
	h, err := meeting.ParseHandle(user)
	if err != nil {
		h = "me"
	}
	a := meeting.Actor{Handle: h, Name: h, Role: meeting.RoleFacilitator}
	if m, ok := team.Member(h); ok {
		a.Name, a.Executive = m.Name, m.Executive
	}
	return a
}

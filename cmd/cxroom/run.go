package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"cxroom/agendas"
	"cxroom/meeting"
	"cxroom/tui"
	"cxroom/tui/cli"
)

// runTUI opens the local TUI (and, with --serve, the SSH rooms in the same
// process, sharing them).
func runTUI(ctx context.Context, g globals, stderr io.Writer) int {
	a, err := openApp(ctx, g, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	defer a.close()
	if err := a.hub.Resume(ctx); err != nil {
		return fail(stderr, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	addr := ""
	if g.serve != "" {
		srv, err := startServer(ctx, a, g, g.serve)
		if err != nil {
			return fail(stderr, err)
		}
		defer srv.Shutdown()
		addr = tui.JoinCommand(srv.Addr())
	}
	d := &tui.Deps{
		Ctx:        ctx,
		Hub:        a.hub,
		Svc:        a.svc,
		Agendas:    a.agendas,
		Team:       a.team.Cached,
		Actor:      localActor(a.team.Get()),
		MinutesDir: filepath.Join(g.data, "minutes"),
		SSHAddr:    addr,
		NoColor:    g.noColor,
		Dark:       true,
	}
	p := tea.NewProgram(tui.New(d), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "cxroom: %s\n", err)
		return cli.ExitFailed
	}
	return cli.ExitOK
}

// noStore lists the commands that never touch the database, so they work
// even while a server holds the data folder.
var noStore = map[string]bool{"agendas": true, "team": true, "whoami": true}

// runCommand runs a non-interactive command locally, as the facilitator
// who owns the data folder.
func runCommand(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &cli.Env{Stdout: stdout, Stderr: stderr, Stdin: stdin, TeamPath: g.team}
	if noStore[args[0]] {
		team, err := tui.OpenTeamFile(g.team, nil)
		if err != nil {
			return fail(stderr, err)
		}
		set, errs := agendas.Load(agendas.UserDir())
		for _, err := range errs {
			fmt.Fprintf(stderr, "cxroom: skipped an agenda file: %s\n", meeting.ErrorMessage(err))
		}
		e.Team, e.Agendas, e.Actor = team.Get(), set, localActor(team.Get())
		return cli.Run(ctx, e, args)
	}
	a, err := openApp(ctx, g, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	defer a.close()
	e.Svc, e.Agendas, e.Team, e.Admin = a.svc, a.agendas, a.team.Get(), a.db
	e.Actor = localActor(e.Team)
	return cli.Run(ctx, e, args)
}

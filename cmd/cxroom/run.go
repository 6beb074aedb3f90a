package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"cxroom/tui"
)

// runTUI opens the local TUI (and, with --serve, the SSH rooms in the same
// process, sharing them).
func runTUI(ctx context.Context, g globals, stderr io.Writer) error {
	if _, err := openTeam(g); err != nil { // refuse before creating anything
		return err
	}
	if g.serve != "" {
		t, err := openTeam(g)
		if err != nil {
			return err
		}
		if err := checkTeam(t, g); err != nil {
			return err
		}
	}
	set := loadAgendas(stderr)
	a, err := openApp(ctx, g, stderr, true)
	if err != nil {
		return err
	}
	defer a.close()
	a.agendas = set
	if a.team, err = tui.OpenTeamFile(g.team, a.log); err != nil {
		return err
	}
	a.useTeam(a.team.Cached)
	if g.serve != "" {
		a.metrics = a.observe(g.metrics) // before the rooms open
	}
	if err := a.hub.Resume(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	addr := ""
	var disconnects func() []string
	if g.serve != "" {
		srv, err := startServer(ctx, a, g, g.serve)
		if err != nil {
			return err
		}
		defer srv.Shutdown()
		addr = tui.JoinCommand(srv.Addr())
		if ss, ok := srv.(sshServer); ok && a.metrics != nil {
			stop, _, err := a.serveMetrics(a.metrics, g.metrics, ss.Server)
			if err != nil {
				return err
			}
			defer stop()
		}
		// quitting stops the server: the question names who it disconnects
		disconnects = srv.ConnectedNames
	}
	d := &tui.Deps{
		Ctx:         ctx,
		Hub:         a.hub,
		Svc:         a.svc,
		Agendas:     a.agendas,
		Team:        a.team.Cached,
		Actor:       localActor(a.team.Get()),
		MinutesDir:  filepath.Join(g.data, "minutes"),
		SSHAddr:     addr,
		Zone:        tui.LocalZone(),
		Disconnects: disconnects,
		NoColor:     g.noColor,
		Dark:        true,
	}
	p := tea.NewProgram(tui.New(d), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("the room stopped: %w", err)
	}
	return nil
}

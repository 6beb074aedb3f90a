package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"cxroom/agendas"
	"cxroom/internal/logging"
	"cxroom/meeting"
	"cxroom/store"
	"cxroom/tui"
)

// app is the process's wiring: one store, one hub of live rooms, the
// service, the agendas and the team.
type app struct {
	db      *store.DB
	hub     *meeting.Hub
	svc     *meeting.Service
	agendas *agendas.Set
	team    *tui.TeamFile
	log     *slog.Logger
	logs    *logging.Log
}

// openApp opens the data folder. Agenda files that fail validation are
// reported on stderr and skipped; the built-in rituals always load.
func openApp(ctx context.Context, g globals, stderr io.Writer) (*app, error) {
	if err := os.MkdirAll(g.data, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w", g.data, err)
	}
	a := &app{}
	lo := g.log
	lo.Dir = g.data
	logs, err := logging.Open(lo)
	switch {
	case err != nil && lo.File != "":
		return nil, fmt.Errorf("cannot open the log file %s: %w", lo.File, err)
	case err != nil:
		logs = logging.Discard() // as before: no log rather than no cxroom
	}
	a.logs, a.log = logs, logs.Logger
	team, err := tui.OpenTeamFile(g.team, a.log)
	if err != nil {
		a.close()
		return nil, err
	}
	a.team = team
	set, errs := agendas.Load(agendas.UserDir())
	for _, e := range errs {
		fmt.Fprintf(stderr, "cxroom: skipped an agenda file: %s\n", meeting.ErrorMessage(e))
	}
	a.agendas = set
	db, err := store.Open(g.data, store.Options{})
	if err != nil {
		a.close()
		return nil, err
	}
	a.db = db
	clock := meeting.SystemClock{}
	a.hub = meeting.NewHub(db, clock, a.log)
	a.svc = &meeting.Service{Store: db, Clock: clock, Hub: a.hub}
	return a, nil
}

// close shuts down in order: rooms, then the store (exactly once).
func (a *app) close() {
	if a.hub != nil {
		a.hub.Close()
	}
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			a.log.Error("closing the store", "err", err)
		}
	}
	_ = a.logs.Close()
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"cxroom/agendas"
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
	logFile *os.File
}

// openApp opens the data folder. Agenda files that fail validation are
// reported on stderr and skipped; the built-in rituals always load.
func openApp(ctx context.Context, g globals, stderr io.Writer) (*app, error) {
	if err := os.MkdirAll(g.data, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w", g.data, err)
	}
	a := &app{}
	lf, err := os.OpenFile(filepath.Join(g.data, "cxroom.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err == nil {
		a.logFile = lf
		a.log = slog.New(slog.NewTextHandler(lf, nil))
	} else {
		a.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
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
	db, err := store.Open(g.data, store.Options{Reserve: g.reserve, Log: a.log})
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

// closeDeadline bounds close: a room stuck in a write to a vanished data
// folder must not keep the process from exiting (the store's own Close is
// bounded by its CloseTimeout, 10 s).
const closeDeadline = 15 * time.Second

// close shuts down in order: rooms, then the store (exactly once), giving
// up after closeDeadline: whatever the store acknowledged is in its log.
func (a *app) close() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if a.hub != nil {
			a.hub.Close()
		}
		if a.db != nil {
			if err := a.db.Close(); err != nil {
				a.log.Error("closing the store", "err", err)
			}
		}
	}()
	t := time.NewTimer(closeDeadline)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.log.Error("shutdown did not finish in time; exiting without waiting for it", "waited", closeDeadline)
		return // the log file stays open for the stragglers; the process is ending
	}
	if a.logFile != nil {
		a.logFile.Close()
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"cxroom/agendas"
	"cxroom/internal/logging"
	"cxroom/internal/metrics"
	"cxroom/meeting"
	"cxroom/store"
	"cxroom/tui"
)

// app is the process's wiring: one store, one hub of live rooms, the
// service, the agendas and the team.
type app struct {
	dir     string
	missing bool // no data folder: an empty store in memory, nothing created
	db      *store.DB
	hub     *meeting.Hub
	svc     *meeting.Service
	agendas *agendas.Set
	team    *tui.TeamFile
	log     *slog.Logger
	logs    *logging.Log
	metrics *metrics.Metrics // --metrics: nil without
}

// openApp opens the store in the data folder. create: a missing folder is
// created (and said so on stderr); otherwise a missing folder is an empty
// store in memory (a.missing), so that a command that only reads, or a
// mistyped --data, writes nothing.
func openApp(_ context.Context, g globals, stderr io.Writer, create bool) (*app, error) {
	a := &app{dir: g.data, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	info, err := os.Stat(g.data)
	switch {
	case err == nil && !info.IsDir():
		return nil, meeting.Errorf(meeting.EINVALID, "the data folder %s is a file, not a folder", g.data)
	case errors.Is(err, fs.ErrNotExist) && !create:
		// the command tree says so, once, with the command's outcome
		db, err := store.Open("", store.Options{InMemory: true})
		if err != nil {
			return nil, err
		}
		a.missing = true
		a.wire(db)
		return a, nil
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(g.data, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the data folder %s: %w", g.data, err)
		}
		fmt.Fprintf(stderr, "cxroom: created the data folder %s\n", g.data)
	case err != nil:
		return nil, fmt.Errorf("cannot read the data folder %s: %w", g.data, err)
	}
	lo := g.log
	lo.Dir = g.data
	logs, err := logging.Open(lo)
	switch {
	case err != nil && lo.File != "":
		return nil, fmt.Errorf("cannot open the log file %s: %w", lo.File, err)
	case err != nil:
		logs = logging.Discard() // no log rather than no cxroom
	}
	a.logs, a.log = logs, logs.Logger
	db, err := store.Open(g.data, store.Options{Reserve: g.reserve, Log: a.log})
	if err != nil {
		a.close()
		return nil, err
	}
	a.wire(db)
	return a, nil
}

func (a *app) wire(db *store.DB) {
	a.db = db
	clock := meeting.SystemClock{}
	a.hub = meeting.NewHub(db, clock, a.log)
	a.svc = meeting.NewService(db, clock, a.hub, a.log)
	if !a.missing {
		a.hub.SetLedgerSigner(hostKeySigner(a.dir)) // the ledger's heads: signed with the SSH host key
	}
}

// useTeam gives the service and the rooms the team directory that owners
// resolve against.
func (a *app) useTeam(team func() *meeting.Team) {
	a.svc.Team = team
	a.hub.SetTeam(team)
}

// openTeam reads the team file for the room and the server, re-read when
// it changes; one that breaks the rules (a key on two members) is refused.
func openTeam(g globals) (*tui.TeamFile, error) {
	return tui.OpenTeamFile(g.team, nil)
}

// loadAgendas loads the rituals: agenda files that fail validation are
// reported on stderr and skipped; the built-in rituals always load.
func loadAgendas(stderr io.Writer) *agendas.Set {
	set, errs := agendas.Load(agendas.UserDir())
	for _, e := range errs {
		fmt.Fprintf(stderr, "cxroom: skipped an agenda file: %s\n", meeting.ErrorMessage(e))
	}
	return set
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
	if a.logs != nil {
		_ = a.logs.Close()
	}
}

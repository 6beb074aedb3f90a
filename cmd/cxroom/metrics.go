package main

import (
	"context"
	"time"

	"cxroom/internal/metrics"
	"cxroom/tui"
)

// observe starts counting for --metrics ADDR: the store's writes and the
// rooms' broadcasts. It must run before the rooms open (Resume). Without
// --metrics it does nothing and returns nil.
func (a *app) observe(addr string) *metrics.Metrics {
	if addr == "" {
		return nil
	}
	m := metrics.New()
	a.db.SetObserver(m)
	a.hub.SetObserver(m)
	return m
}

// observer is m as the SSH server's Observer (a nil interface without
// --metrics, never a nil pointer in one).
func observer(m *metrics.Metrics) tui.Observer {
	if m == nil {
		return nil
	}
	return m
}

// serveMetrics serves m and the store's health on addr, with the figures
// read from the SSH server and the hub when scraped; it returns what stops
// it and the address it listens on.
func (a *app) serveMetrics(m *metrics.Metrics, addr string, srv *tui.Server) (stop func(), where string, err error) {
	m.Gauge("cxroom_ssh_sessions", "Open SSH sessions, interactive and commands.", srv.Sessions)
	m.Gauge("cxroom_ssh_connections", "Open SSH connections, signed in or not.", srv.Connections)
	m.Gauge("cxroom_rooms", "Live rooms (meetings in progress).", a.hub.Live)
	hs, err := metrics.Listen(addr, m.Handler(a.db.Writable), a.log.With("component", "metrics"))
	if err != nil {
		return nil, "", err
	}
	a.log.Info("metrics listening", "addr", hs.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Close(ctx); err != nil {
			a.log.Warn("metrics shutdown", "err", err)
		}
	}, hs.Addr(), nil
}

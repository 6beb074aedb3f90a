package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"cxroom/meeting"
)

// What the HTTP side may cost: it is meant for a monitoring system on a
// private network, but is bounded as if it were not.
const (
	maxConns        = 32               // connections at once (and ownConns for the host's own address)
	perAddr         = 8                // of which from one address
	maxInFlight     = 4                // scrapes at once (each walks every figure)
	scrapeTimeout   = 10 * time.Second // a scrape that takes longer gets 503
	healthEvery     = time.Second      // the health check runs at most this often
	maxHeaderBytes  = 8 << 10
	readHeaderLimit = 5 * time.Second
)

// Handler serves /metrics and /healthz. health says whether the store
// would take a write (nil: it would); its error's message is what
// /healthz says.
func (m *Metrics) Handler(health func() error) http.Handler {
	mux := http.NewServeMux()
	scrape := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		MaxRequestsInFlight: maxInFlight,
		Timeout:             scrapeTimeout,
		ErrorHandling:       promhttp.ContinueOnError,
	})
	mux.Handle("GET /metrics", scrape)
	mux.Handle("GET /healthz", &healthz{check: health})
	return mux
}

// healthz answers whether the store is open and writable, checking at most
// once a second however often it is asked.
type healthz struct {
	check func() error

	mu   sync.Mutex
	at   time.Time
	last error
}

func (h *healthz) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	h.mu.Lock()
	if h.at.IsZero() || time.Since(h.at) >= healthEvery {
		h.last, h.at = h.check(), time.Now()
	}
	err := h.last
	h.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err == nil {
		fmt.Fprintln(w, "ok")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintln(w, sentence(err))
}

// sentence is err's message for people: its first line, or a plain one.
func sentence(err error) string {
	msg, _, _ := strings.Cut(meeting.ErrorMessage(meeting.Public(nil, err)), "\n") // never an internal text on an open port
	if msg == "" {
		return "the data folder cannot be written"
	}
	return msg
}

// Server is the metrics address, listening.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// Listen serves h on addr (host:port; port 0 picks one) until Close.
func Listen(addr string, h http.Handler, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil {
			err = op.Err
		}
		return nil, meeting.Errorf(meeting.ECONFLICT, "cannot serve metrics on %s: %s", addr, err.Error())
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		ln:   newFairListener(ln),
		done: make(chan struct{}),
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: readHeaderLimit,
			ReadTimeout:       readHeaderLimit,
			WriteTimeout:      scrapeTimeout + 5*time.Second,
			IdleTimeout:       time.Minute,
			MaxHeaderBytes:    maxHeaderBytes,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
	}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	return s, nil
}

// Addr is the address it listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops listening and ends the requests in progress, waiting at most
// until ctx ends.
func (s *Server) Close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	<-s.done
	return err
}

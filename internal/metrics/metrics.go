// Package metrics keeps the server's figures and serves them, with its
// health, on one HTTP address (`cxroom serve --metrics ADDR`):
//
//	GET /metrics   the Prometheus text format
//	GET /healthz   200 "ok" when the store is open and writable, else 503
//	               and one sentence saying why
//
// Metrics implements meeting.Observer (records written, broadcasts) and
// tui.Observer (sessions, refusals, frames): the domain and the SSH server
// count through those small interfaces and know nothing of Prometheus.
//
// Every label value is one of the program's own words (a record kind, a
// refusal's reason), never a client's; and the number of label values is
// bounded all the same, so no stranger can grow what the server keeps.
package metrics

import (
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"cxroom/meeting"
)

var _ meeting.Observer = (*Metrics)(nil)

// maxLabelValues bounds the label values a vector takes; past it, values
// not seen yet count as "other".
const maxLabelValues = 64

// Metrics are the server's figures.
type Metrics struct {
	reg *prometheus.Registry

	records    *prometheus.CounterVec
	broadcasts prometheus.Counter
	signalled  prometheus.Counter
	sessions   *prometheus.CounterVec
	refused    *prometheus.CounterVec
	frames     prometheus.Counter
	frameBytes prometheus.Counter
	fanout     prometheus.Histogram
	commits    prometheus.Histogram

	mu   sync.Mutex
	seen map[*prometheus.CounterVec]map[string]bool // label values taken, per vector
}

// New returns the figures, with the Go runtime's and the process's own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		records: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxroom_records_written_total",
			Help: "Records written by committed transactions, by kind (action, meeting, decision, …).",
		}, []string{"kind"}),
		broadcasts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxroom_broadcasts_total",
			Help: "Changes published by live rooms.",
		}),
		signalled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxroom_broadcast_subscribers_total",
			Help: "Subscribers signalled by those changes (a change to a room of 30 counts 30).",
		}),
		sessions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxroom_ssh_sessions_total",
			Help: "SSH sessions started, by kind: tui (the room) or command (ssh host actions …).",
		}, []string{"kind"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxroom_ssh_refused_total",
			Help: "Connections, logins and sessions the limits refused or closed, by event and reason.",
		}, []string{"event", "reason"}),
		frames: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxroom_frames_total",
			Help: "Frames written to SSH terminals.",
		}),
		frameBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxroom_frame_bytes_total",
			Help: "Bytes of those frames.",
		}),
		fanout: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cxroom_fanout_latency_seconds",
			Help:    "From a room change being published to a session's terminal being sent the frame that shows it.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14), // 1 ms … 8 s
		}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cxroom_store_commit_seconds",
			Help:    "Read-write transactions, the attempt that committed, from its start to durable on disk (the disk's sync included): every change waits for it before any screen shows it.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16), // 0.1 ms … 3.3 s
		}),
		seen: map[*prometheus.CounterVec]map[string]bool{},
	}
	m.reg.MustRegister(m.records, m.broadcasts, m.signalled, m.sessions, m.refused, m.frames, m.frameBytes, m.fanout, m.commits,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the figures are kept (tests, other collectors).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Gauge adds a figure read when scraped: f is called then (it must be
// cheap and safe for concurrent use), e.g. the server's open sessions.
func (m *Metrics) Gauge(name, help string, f func() int) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
		func() float64 { return float64(f()) }))
}

// RecordsWritten implements meeting.Observer.
func (m *Metrics) RecordsWritten(kind string, n int) {
	m.counter(m.records, kind).Add(float64(n))
}

// Committed implements meeting.Observer.
func (m *Metrics) Committed(took time.Duration) { m.commits.Observe(took.Seconds()) }

// Broadcast implements meeting.Observer.
func (m *Metrics) Broadcast(subscribers int) {
	m.broadcasts.Inc()
	m.signalled.Add(float64(subscribers))
}

// SessionStarted implements tui.Observer.
func (m *Metrics) SessionStarted(kind string) { m.counter(m.sessions, kind).Inc() }

// Refused implements tui.Observer.
func (m *Metrics) Refused(event, reason string) { m.counter(m.refused, event, reason).Inc() }

// FrameWritten implements tui.Observer.
func (m *Metrics) FrameWritten(bytes int, latency time.Duration) {
	m.frames.Inc()
	m.frameBytes.Add(float64(bytes))
	if latency > 0 {
		m.fanout.Observe(latency.Seconds())
	}
}

// word is what a label value may look like; anything else is "other".
var word = regexp.MustCompile(`^[a-z][a-z0-9_]{0,47}$`)

// counter returns v's counter for values, each a word, and at most
// maxLabelValues different combinations: past that, or for a value that
// is not a word, the "other" counter.
func (m *Metrics) counter(v *prometheus.CounterVec, values ...string) prometheus.Counter {
	key := ""
	for i, s := range values {
		if !word.MatchString(s) {
			values[i] = "other"
		}
		key += values[i] + "\x00"
	}
	m.mu.Lock()
	seen := m.seen[v]
	if seen == nil {
		seen = map[string]bool{}
		m.seen[v] = seen
	}
	if !seen[key] {
		if len(seen) >= maxLabelValues {
			for i := range values {
				values[i] = "other"
			}
		} else {
			seen[key] = true
		}
	}
	m.mu.Unlock()
	return v.WithLabelValues(values...)
}

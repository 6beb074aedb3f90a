package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"cxroom/meeting"
)

// serve starts the metrics address on a free port over health.
func serve(t *testing.T, m *Metrics, health func() error) string {
	t.Helper()
	s, err := Listen("127.0.0.1:0", m.Handler(health), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
	return "http://" + s.Addr()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// scrape parses url's /metrics with the Prometheus text parser.
func scrape(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics is not the text format: %v\n%s", err, body)
	}
	return fams
}

func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no %s", name)
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	t.Fatalf("no %s%v", name, labels)
	return 0
}

func TestMetricsInTheTextFormat(t *testing.T) {
	m := New()
	open := 3
	m.Gauge("cxroom_ssh_sessions", "Open SSH sessions.", func() int { return open })
	m.RecordsWritten("action", 2)
	m.RecordsWritten("meeting", 1)
	m.Broadcast(30)
	m.Broadcast(0)
	m.SessionStarted("tui")
	m.Refused("refused_connections", "rate_limit")
	m.Refused("refused_connections", "rate_limit")
	m.FrameWritten(1200, 3*time.Millisecond)
	m.FrameWritten(100, 0) // a key press: no latency
	m.Committed(300 * time.Microsecond)
	m.Committed(20 * time.Millisecond)
	fams := scrape(t, serve(t, m, func() error { return nil }))
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"cxroom_ssh_sessions", nil, 3},
		{"cxroom_records_written_total", []string{"kind", "action"}, 2},
		{"cxroom_records_written_total", []string{"kind", "meeting"}, 1},
		{"cxroom_broadcasts_total", nil, 2},
		{"cxroom_broadcast_subscribers_total", nil, 30},
		{"cxroom_ssh_sessions_total", []string{"kind", "tui"}, 1},
		{"cxroom_ssh_refused_total", []string{"event", "refused_connections", "reason", "rate_limit"}, 2},
		{"cxroom_frames_total", nil, 2},
		{"cxroom_frame_bytes_total", nil, 1300},
		{"cxroom_fanout_latency_seconds", nil, 1},
		{"cxroom_store_commit_seconds", nil, 2},
	} {
		if got := value(t, fams, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if fams["go_goroutines"] == nil || fams["process_resident_memory_bytes"] == nil {
		t.Error("no Go runtime or process figures")
	}
}

// TestLabelValuesAreBounded: a value that is not one of the program's
// words, or one past the bound, counts as "other".
func TestLabelValuesAreBounded(t *testing.T) {
	m := New()
	m.Refused("refused_connections", "Robert'); DROP TABLE")
	for i := range 2 * maxLabelValues {
		m.RecordsWritten("kind_"+strings.Repeat("x", i%40)+string(rune('a'+i%26)), 1)
	}
	fams := scrape(t, serve(t, m, func() error { return nil }))
	if got := value(t, fams, "cxroom_ssh_refused_total", "reason", "other"); got != 1 {
		t.Errorf("a strange reason: other = %v", got)
	}
	if n := len(fams["cxroom_records_written_total"].GetMetric()); n > maxLabelValues+1 {
		t.Errorf("%d record kinds kept, at most %d", n, maxLabelValues+1)
	}
}

// TestHealthz: 200 while the store takes writes; 503 with one sentence
// when it would refuse them. (What the real store answers — writable, or
// below its free-space reserve — is store's TestWritable and cmd/cxroom's
// real-binary metrics tests.)
func TestHealthz(t *testing.T) {
	base := serve(t, New(), func() error { return nil })
	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("a writable store: %d %q", code, body)
	}
	full := func() error {
		return &meeting.Error{Code: meeting.EINTERNAL, Err: errors.New("statfs /srv/cx/db-000001: 0 bytes free"),
			Message: "the server's disk is almost full (12 MB free, 256 MB reserved); nothing was saved — free some space"}
	}
	base = serve(t, New(), full)
	code, body := get(t, base+"/healthz")
	if code != http.StatusServiceUnavailable || strings.Count(body, "\n") != 1 || !strings.Contains(body, "almost full") ||
		strings.Contains(body, "/srv/cx") || strings.Contains(body, "statfs") {
		t.Fatalf("a store refusing writes: %d %q", code, body)
	}
	internal := func() error { return errors.New("badger: DB closed at /srv/cx") }
	base = serve(t, New(), internal)
	if code, body := get(t, base+"/healthz"); code != http.StatusServiceUnavailable || strings.Contains(body, "/srv/cx") || strings.Contains(body, "badger") {
		t.Fatalf("an internal failure: %d %q", code, body)
	}
	if code, _ := get(t, base+"/nothing"); code != http.StatusNotFound {
		t.Fatalf("another path: %d", code)
	}
}

func TestListenRefusesABadAddressInOneSentence(t *testing.T) {
	_, err := Listen("256.0.0.1:99999", http.NotFoundHandler(), nil)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "cannot serve metrics on 256.0.0.1:99999") {
		t.Fatalf("%v", err)
	}
}

// The observers sit on hot paths: a frame per session per change, a
// broadcast per change.
func BenchmarkFrameWritten(b *testing.B) {
	m := New()
	for b.Loop() {
		m.FrameWritten(1200, 3*time.Millisecond)
	}
}

func BenchmarkRecordsWritten(b *testing.B) {
	m := New()
	for b.Loop() {
		m.RecordsWritten("action", 1)
	}
}

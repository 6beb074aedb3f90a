package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// TestRealBinaryMetrics runs `cxroom serve --metrics`, opens real SSH
// sessions (a facilitator running a VOC triage, a member joining it and a
// command), and scrapes /metrics while they run, parsed by the Prometheus
// text parser; /healthz answers ok; and `cxroom health` asks it.
func TestRealBinaryMetrics(t *testing.T) {
	data := t.TempDir()
	keys := map[string]gossh.Signer{"maria": crashKey(t), "ben": crashKey(t)}
	team := &meeting.Team{}
	for _, m := range []struct {
		handle, name string
		role         meeting.Role
	}{{"maria", "Maria Lopez", meeting.RoleFacilitator}, {"ben", "Ben Okafor", meeting.RoleMember}} {
		team.Members = append(team.Members, meeting.Member{Name: m.name, Handle: m.handle, Role: m.role,
			Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(keys[m.handle].PublicKey())))}})
	}
	b, err := teamfile.Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "team.yaml"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	sshAddr, base := startServeMetrics(t, data)

	if code, body := httpGet(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	if out, errs, err := runCLI(t, nil, "health", "--metrics", strings.TrimPrefix(base, "http://")); err != nil || out != "ok\n" {
		t.Fatalf("cxroom health: %v %q %q", err, out, errs)
	}

	maria := dialTTY(t, sshAddr, "maria", keys["maria"])
	maria.waitFor("START A RITUAL")
	maria.selectRow("Weekly VOC triage")
	maria.press("\r")
	maria.waitFor("WHO IS INVITED")
	maria.press("\r")
	maria.waitFor("Segment 1/4")
	ben := dialTTY(t, sshAddr, "ben", keys["ben"])
	ben.waitFor("IN PROGRESS")
	ben.press("\r")
	ben.waitFor("Segment 1/4")
	maria.waitFor("Ben Okafor") // the join reached the facilitator's screen
	if _, errs, code, err := sshRun(sshAddr, "ben", keys["ben"], "actions add Call the top detractors --owner ben --due fri"); err != nil || code != 0 {
		t.Fatalf("actions add over SSH: %d %v %s", code, err, errs)
	}
	if _, _, _, err := sshRun(sshAddr, "stranger", crashKey(t), "whoami"); err == nil {
		t.Fatal("a key not on the team got in")
	}

	// The figures, scraped while both sessions are open; the refused
	// stranger is counted when its connection ends, so poll for it.
	var fams map[string]*dto.MetricFamily
	deadline := time.Now().Add(15 * time.Second)
	poll := time.NewTicker(10 * time.Millisecond) // condition polling
	defer poll.Stop()
	for {
		fams = scrapeMetrics(t, base)
		if metricValue(fams, "cxroom_ssh_refused_total", "event", "failed_logins") >= 1 || time.Now().After(deadline) {
			break
		}
		<-poll.C
	}
	for _, c := range []struct {
		name   string
		labels []string
		least  float64
	}{
		{"cxroom_ssh_sessions", nil, 2},
		{"cxroom_ssh_connections", nil, 2},
		{"cxroom_rooms", nil, 1},
		{"cxroom_ssh_sessions_total", []string{"kind", "tui"}, 2},
		{"cxroom_ssh_sessions_total", []string{"kind", "command"}, 1}, // the stranger never got a session
		{"cxroom_records_written_total", []string{"kind", "meeting"}, 1},
		{"cxroom_records_written_total", []string{"kind", "action"}, 1},
		{"cxroom_broadcasts_total", nil, 1},
		{"cxroom_broadcast_subscribers_total", nil, 1},
		{"cxroom_frames_total", nil, 2},
		{"cxroom_frame_bytes_total", nil, 1000},
		{"cxroom_fanout_latency_seconds", nil, 1},
		{"cxroom_ssh_refused_total", []string{"event", "failed_logins", "reason", "no_key_accepted"}, 1},
	} {
		if got := metricValue(fams, c.name, c.labels...); got < c.least {
			t.Errorf("%s%v = %v, want at least %v", c.name, c.labels, got, c.least)
		}
	}
	if h := fams["cxroom_fanout_latency_seconds"]; h != nil && len(h.GetMetric()) == 1 {
		hist := h.GetMetric()[0].GetHistogram()
		t.Logf("fan-out: %d frames after a room change, %.1f ms on average", hist.GetSampleCount(),
			1000*hist.GetSampleSum()/float64(max(hist.GetSampleCount(), 1)))
	}
}

// startServeMetrics runs `cxroom serve` with --metrics on free ports and
// returns the SSH address and the metrics base URL.
func startServeMetrics(t *testing.T, data string) (string, string) {
	t.Helper()
	cmd := exec.Command(binary(t), "--data", data, "serve", "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(lines)
	}()
	sshRe, metricsRe := regexp.MustCompile(`serving on (\S+) `), regexp.MustCompile(`metrics on (http://\S+)/metrics `)
	var sshAddr, base string
	timeout := time.After(30 * time.Second)
	for sshAddr == "" || base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("cxroom serve exited: %s", stderr.String())
			}
			if m := sshRe.FindStringSubmatch(l); m != nil {
				sshAddr = m[1]
			}
			if m := metricsRe.FindStringSubmatch(l); m != nil {
				base = m[1]
			}
		case <-timeout:
			t.Fatalf("cxroom serve never said where it serves and where its metrics are: %s", stderr.String())
		}
	}
	return sshAddr, base
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
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

// scrapeMetrics reads base/metrics with the Prometheus text parser.
func scrapeMetrics(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body := httpGet(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	return fams
}

// metricValue is the value of name's series with labels (name, value
// pairs), summed over the series that match; a histogram's sample count.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return 0
	}
	sum := 0.0
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				found = found || l.GetName() == labels[i] && l.GetValue() == labels[i+1]
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

// TestRealBinaryMetricsWithTheRoom: `cxroom --serve ADDR --metrics ADDR`
// (the TUI and the SSH server in one process) serves the same figures; the
// TUI owns the terminal, so the address is in the log.
func TestRealBinaryMetricsWithTheRoom(t *testing.T) {
	data := t.TempDir()
	s := startTTY(t, []string{"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()},
		"--data", data, "--serve", "127.0.0.1:0", "--open", "--metrics", "127.0.0.1:0")
	s.waitFor("team joins with: ssh -p")
	log, err := os.ReadFile(filepath.Join(data, "cxroom.log"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`msg="metrics listening".* addr=(\S+)`).FindSubmatch(log)
	if m == nil {
		t.Fatalf("the log does not say where the metrics are:\n%s", log)
	}
	base := "http://" + string(m[1])
	if code, body := httpGet(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	fams := scrapeMetrics(t, base)
	for _, name := range []string{"cxroom_ssh_sessions", "cxroom_rooms", "cxroom_fanout_latency_seconds", "go_goroutines"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
}

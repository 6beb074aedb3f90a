package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	charmlog "charm.land/log/v2"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func never(string) bool { return false }

// TestOpenWhere: the data folder by default; stderr for a service under
// systemd or in a container, or when asked with "-"; the TUI never on
// stderr.
func TestOpenWhere(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name       string
		o          Options
		wantStderr bool
	}{
		{"tui", Options{Dir: dir, Getenv: env(nil), Exists: never}, false},
		{"tui under systemd", Options{Dir: dir, Getenv: env(map[string]string{"INVOCATION_ID": "x"}), Exists: never}, false},
		{"serve", Options{Dir: dir, Service: true, Getenv: env(nil), Exists: never}, false},
		{"serve under systemd", Options{Dir: dir, Service: true, Getenv: env(map[string]string{"INVOCATION_ID": "abc"}), Exists: never}, true},
		{"serve with the journal", Options{Dir: dir, Service: true, Getenv: env(map[string]string{"JOURNAL_STREAM": "8:1"}), Exists: never}, true},
		{"serve in podman", Options{Dir: dir, Service: true, Getenv: env(map[string]string{"container": "podman"}), Exists: never}, true},
		{"serve in docker", Options{Dir: dir, Service: true, Getenv: env(nil), Exists: func(p string) bool { return p == "/.dockerenv" }}, true},
		{"serve, file named", Options{Dir: dir, File: filepath.Join(dir, "x.log"), Service: true, Getenv: env(map[string]string{"INVOCATION_ID": "abc"}), Exists: never}, false},
		{"dash", Options{Dir: dir, File: "-", Getenv: env(nil), Exists: never}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			c.o.Stderr = &stderr
			l, err := Open(c.o)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			l.Info("hello", "n", 1)
			if got := stderr.Len() > 0; got != c.wantStderr {
				t.Fatalf("on stderr: %v, want %v (where %s)", got, c.wantStderr, l.Where())
			}
			if !c.wantStderr {
				want := filepath.Join(dir, FileName)
				if c.o.File != "" {
					want = c.o.File
				}
				data, err := os.ReadFile(want)
				if err != nil || !strings.Contains(string(data), "msg=hello") {
					t.Fatalf("the file %s: %v %q", want, err, data)
				}
				if info, _ := os.Stat(want); info.Mode().Perm() != 0o600 {
					t.Fatalf("the log is mode %04o; want 0600", info.Mode().Perm())
				}
			}
		})
	}
}

// TestFormats: text or JSON, one event per line, escapes never raw.
func TestFormats(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var out bytes.Buffer
		l, err := Open(Options{File: "-", Format: format, Stderr: &out})
		if err != nil {
			t.Fatal(err)
		}
		l.Warn("refused", "command", "x\x1b[31mred\nline2", "err", errors.New("bad \x1b]8;;http://x\x07"))
		s := out.String()
		if strings.Count(s, "\n") != 1 || strings.Contains(s, "\x1b") {
			t.Fatalf("%s: %q", format, s)
		}
		if format == "json" {
			var m map[string]any
			if err := json.Unmarshal(out.Bytes(), &m); err != nil || m["msg"] != "refused" {
				t.Fatalf("json line: %v %q", err, s)
			}
		}
	}
	if _, err := Open(Options{File: "-", Format: "yaml"}); err == nil || !strings.Contains(err.Error(), "text or json") {
		t.Fatalf("a bad format: %v", err)
	}
}

// TestRotation: the file is rotated by size and only a few old files are
// kept, however much is written.
func TestRotation(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(Options{Dir: dir, MaxSizeMB: 1, MaxBackups: 2, Getenv: env(nil), Exists: never})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	line := strings.Repeat("x", 1000)
	for range 6000 { // ~6 MB
		l.Info(line)
	}
	// lumberjack removes old files on its own goroutine: poll
	var files []string
	var total int64
	for deadline := time.Now().Add(5 * time.Second); ; {
		ents, _ := os.ReadDir(dir)
		files, total = nil, 0
		for _, e := range ents {
			info, _ := e.Info()
			files = append(files, e.Name())
			total += info.Size()
		}
		if len(files) <= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(files) > 3 || total > 3<<20+64<<10 {
		t.Fatalf("after 6 MB: %d files, %d bytes: %v", len(files), total, files)
	}
}

// TestTally: repeated events become one line per kind, with the count, the
// distinct sources and the reasons.
func TestTally(t *testing.T) {
	var out bytes.Buffer
	tl := NewTally(slog.New(slog.NewTextHandler(&out, nil)))
	k := Kind{Event: "refused", What: "connections", Source: "addresses"}
	for i := range 1234 {
		reason := "rate_limit"
		if i < 34 {
			reason = "cap"
		}
		tl.Add(k, reason, []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"}[i%3])
	}
	tl.Add(Kind{Event: "failed", What: "logins", Source: "addresses"}, "no_key", "192.0.2.9")
	tl.Flush()
	s := out.String()
	if strings.Count(s, "\n") != 2 ||
		!strings.Contains(s, `msg="refused 1,234 connections from 3 addresses (rate limit 1,200, cap 34)"`) ||
		!strings.Contains(s, `msg="failed 1 login from 1 address (no key 1)"`) ||
		!strings.Contains(s, "reasons.rate_limit=1200") {
		t.Fatalf("summary:\n%s", s)
	}
	out.Reset()
	tl.Flush()
	if out.Len() != 0 {
		t.Fatalf("a flush with nothing new wrote %q", out.String())
	}
	// Sources are bounded.
	for i := range maxSources + 10 {
		tl.Add(k, "cap", strings.Repeat("a", 8)+string(rune(i)))
	}
	tl.Flush()
	if !strings.Contains(out.String(), "from more than 10,000 addresses") {
		t.Fatalf("bounded sources: %s", out.String())
	}
}

// TestRouteLibraries: charm's logger, which picks colours from the
// terminal it was made for, writes plain lines into the log.
func TestRouteLibraries(t *testing.T) {
	defer charmlog.SetDefault(charmlog.Default())
	prevSlog := slog.Default()
	defer slog.SetDefault(prevSlog)
	var out bytes.Buffer
	l, err := Open(Options{File: "-", Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	l.RouteLibraries()
	charmlog.Error("app exit with error", "error", "boom")
	slog.Warn("ssh: failed to accept session channel")
	s := out.String()
	if strings.Contains(s, "\x1b") || strings.Count(s, "\n") != 2 || !strings.Contains(s, "app exit with error") {
		t.Fatalf("library lines: %q", s)
	}
}

// TestTallyObserve: an observer sees every event as it is added, by kind
// and reason, flushed or not.
func TestTallyObserve(t *testing.T) {
	tl := NewTally(slog.New(slog.DiscardHandler))
	seen := map[string]int{}
	tl.Observe(func(k Kind, reason string) { seen[k.Name()+"/"+reason]++ })
	k := Kind{Event: "refused", What: "connections", Source: "addresses"}
	tl.Add(k, "rate_limit", "192.0.2.1")
	tl.Add(k, "rate_limit", "192.0.2.2")
	tl.Flush()
	tl.Add(Kind{Event: "closed", What: "connections without a session", Source: "keys"}, "no_session", "k")
	want := map[string]int{"refused_connections/rate_limit": 2, "closed_connections_without_a_session/no_session": 1}
	if len(seen) != len(want) || seen["refused_connections/rate_limit"] != 2 || seen["closed_connections_without_a_session/no_session"] != 1 {
		t.Fatalf("observed %v, want %v", seen, want)
	}
}

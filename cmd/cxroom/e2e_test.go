package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// binary builds cxroom once per test run.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cxroom-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cxroom")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// tty runs the real binary in a pseudo-terminal and keeps a virtual screen
// of what it draws.
type tty struct {
	t    *testing.T
	cmd  *exec.Cmd
	f    *os.File
	mu   sync.Mutex
	vt   vt10x.Terminal
	done chan struct{}
}

func startTTY(t *testing.T, env []string, args ...string) *tty {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	s := &tty{t: t, cmd: cmd, f: f, vt: vt10x.New(vt10x.WithSize(120, 40)), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.vt.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
	})
	return s
}

func (s *tty) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vt.String()
}

// waitFor polls the screen until it shows every text.
func (s *tty) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, x := range texts {
			if !strings.Contains(scr, x) {
				ok = false
			}
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q:\n%s", texts, scr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// press writes keys: text is typed as is; names become their sequences.
func (s *tty) press(keys ...string) {
	seq := map[string]string{"enter": "\r", "tab": "\t", "esc": "\x1b", "ctrl+s": "\x13", "down": "\x1b[B", "up": "\x1b[A"}
	for _, k := range keys {
		if b, ok := seq[k]; ok {
			k = b
		}
		if _, err := s.f.Write([]byte(k)); err != nil {
			s.t.Fatal(err)
		}
		// let the program read each key as one event, as a person types
		time.Sleep(15 * time.Millisecond)
	}
}

func (s *tty) waitExit() {
	s.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- s.cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			s.t.Fatalf("cxroom exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		s.t.Fatalf("cxroom did not exit:\n%s", s.screen())
	}
}

func runCLI(t *testing.T, env []string, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &out, &errb, io.LimitReader(nil, 0)
	err := cmd.Run()
	return out.String(), errb.String(), err
}

// TestRealBinaryVOCTriage drives the real cxroom binary in a pseudo-terminal
// through two weekly VOC triages: the first leaves an action; the second
// raises an issue, gives it an owned action, records a decision and a story,
// walks the earlier action, ends; the exported minutes contain all of it.
func TestRealBinaryVOCTriage(t *testing.T) {
	data := t.TempDir()
	env := []string{"USER=maria", "TERM=xterm-256color", "HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}

	s := startTTY(t, env, "--data", data)
	s.waitFor("START A RITUAL", "Weekly VOC triage")
	s.press("enter")
	s.waitFor("Start: Weekly VOC triage")
	s.press("enter")
	s.waitFor("Segment 1/4", "Review VOC dashboard")
	s.press("a")
	s.waitFor("New action")
	s.press("Send the refund FAQ to support", "tab", "ana", "tab", "+3d", "enter")
	s.waitFor("saved A1: Send the refund FAQ to support")
	s.press("e")
	s.waitFor("End the meeting for everyone? y/n")
	s.press("y")
	s.waitFor("Minutes", "Send the refund FAQ to support", "S: repeat it weekly on")
	s.press("S") // the first meeting was ad hoc: make it a weekly series
	s.waitFor("a series now (R1)")
	s.press("q")
	s.waitExit()

	s = startTTY(t, env, "--data", data)
	s.waitFor("START A RITUAL", "RECENT MINUTES")
	s.press("enter", "enter")
	s.waitFor("Segment 1/4")
	s.press("i")
	s.waitFor("New VOC issue")
	s.press("Billing address update fails", "ctrl+s")
	s.waitFor("1. I1 Billing address update fails")
	s.press("n")
	s.waitFor("Segment 2/4", "needs an owner and a next step")
	s.press("a")
	s.waitFor("Next step for I1")
	s.press("Rewrite the address error message", "tab", "tom", "tab", "fri", "enter")
	s.waitFor("next: A2 Rewrite the address error message — tom")
	s.press("d")
	s.waitFor("Decision log entry")
	// decision, then title, made by, role, major, context, options, rationale
	s.press("Fix the message before the form redesign", "tab", "tab", "tab", "tab", "tab", "Support volume doubled", "tab", "tab", "Cheapest fix with the biggest effect", "ctrl+s")
	s.waitFor("recorded decision")
	s.press("n")
	s.waitFor("Segment 3/4", "Prior actions — 0 of 1 walked", "A1 Send the refund FAQ to support")
	s.press("d")
	s.waitFor("Prior actions — 1 of 1 walked", "All earlier actions walked.")
	s.press("n")
	s.waitFor("Segment 4/4")
	s.press("s")
	s.waitFor("Customer story")
	s.press("I almost gave up. Your error message told me nothing.", "tab", "First-time user", "ctrl+s")
	s.waitFor("saved story S1")
	s.press("e")
	s.waitFor("End the meeting for everyone? y/n")
	s.press("y")
	s.waitFor("Minutes")
	s.press("q")
	s.waitExit()

	out, errs, err := runCLI(t, env, "--data", data, "export", "minutes", "M2")
	if err != nil {
		t.Fatalf("export: %v %s", err, errs)
	}
	for _, want := range []string{
		"Billing address update fails",
		"Rewrite the address error message",
		"Fix the message before the form redesign",
		"Cheapest fix with the biggest effect",
		"I almost gave up. Your error message told me nothing.",
		"Send the refund FAQ to support",
		"done",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("minutes lack %q", want)
		}
	}
	if t.Failed() {
		t.Logf("minutes:\n%s", out)
	}
	out, _, _ = runCLI(t, env, "--data", data, "actions", "--json")
	if !strings.Contains(out, `"status": "done"`) || !strings.Contains(out, "Rewrite the address error message") {
		t.Fatalf("actions after the meetings: %s", out)
	}
}

package tui

import (
	"errors"
	"io"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// startBlocked starts `decisions sign …` as handle with stdin left open: the
// command waits for its client, as a script's command that reads stdin (or
// a client that stops reading its output) would. Closing the returned
// writer lets it end; done then receives its exit.
func startBlocked(t *testing.T, e *sshEnv, handle string) (stdin io.WriteCloser, done <-chan error) {
	t.Helper()
	c, err := e.dial(handle, e.keys[handle])
	must(t, err)
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	must(t, err)
	stdin, err = s.StdinPipe()
	must(t, err)
	s.Stdout, s.Stderr = io.Discard, io.Discard
	must(t, s.Start("decisions sign 2026-12-01-01"))
	ch := make(chan error, 1)
	go func() { ch <- s.Wait() }()
	return stdin, ch
}

// runAsync runs cmd as handle and reports when it ended.
func runAsync(t *testing.T, e *sshEnv, handle, cmd string) <-chan int {
	t.Helper()
	ch := make(chan int, 1)
	go func() {
		c, err := e.dial(handle, e.keys[handle])
		if err != nil {
			ch <- -1
			return
		}
		defer c.Close()
		s, err := c.NewSession()
		if err != nil {
			ch <- -1
			return
		}
		defer s.Close()
		err = s.Run(cmd)
		var ee *gossh.ExitError
		switch {
		case errors.As(err, &ee):
			ch <- ee.ExitStatus()
		case err != nil:
			ch <- -1
		default:
			ch <- 0
		}
	}()
	return ch
}

// A member's commands over SSH run one at a time per key: a script cannot
// run eight whole-data reports at once (each seconds of CPU and hundreds of
// MB over years of data, issue 9's second pass measured `verify` at 3 s and
// 4 in parallel at 920 MB). Their next command waits in line; other people
// are not held up, not even with a single place on the whole server, as a
// command waiting on its client gives its place back.
func TestSSHCommandsOneAtATimePerKey(t *testing.T) {
	e := newSSHEnv(t, func(c *ServerConfig) { c.Limits = Limits{ConnRate: -1, KeyRate: -1, MaxCommands: 1} })
	stdin, blocked := startBlocked(t, e, "ben")
	// ben's command is reading its stdin (a goroutine of the server waits
	// in the reader that gives the place back)
	waitUntil(t, 5*time.Second, "ben's command waits on its stdin", func() bool { return serverStacks("tui.waitingReader.Read") > 0 })

	// chloe: another key, and the one place is not held by a wait
	select {
	case code := <-runAsync(t, e, "chloe", "whoami"):
		if code != 0 {
			t.Fatalf("chloe's whoami exited %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("chloe's command waited for ben's, which only waits on its client")
	}

	// ben: the same key waits for his first command to end
	second := runAsync(t, e, "ben", "whoami")
	select {
	case <-second:
		t.Fatal("ben's second command ran while his first was still running")
	case <-time.After(500 * time.Millisecond):
	}
	must(t, stdin.Close())
	<-blocked
	select {
	case code := <-second:
		if code != 0 {
			t.Fatalf("ben's second command exited %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ben's second command never ran after his first ended")
	}
}

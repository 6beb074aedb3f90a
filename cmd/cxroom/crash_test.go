package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hinshun/vt10x"
	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
	"cxroom/store"
)

// TestCrashKillDuringMeeting kills the real server with SIGKILL while
// members add actions in a live VOC triage (through the room's form and
// through `actions add` over SSH), restarts it on the same data folder and
// checks: every action the server acknowledged is stored, the meeting is
// still live at segment 2 with its clock having run on while the server was
// down, and clients rejoin the room.
func TestCrashKillDuringMeeting(t *testing.T) {
	data := t.TempDir()
	keys := map[string]gossh.Signer{}
	team := &meeting.Team{}
	for _, m := range []struct {
		handle, name string
		role         meeting.Role
	}{
		{"maria", "Maria Lopez", meeting.RoleFacilitator},
		{"ben", "Ben Okafor", meeting.RoleMember},
		{"chloe", "Chloe Martin", meeting.RoleMember},
		{"dev", "Dev Patel", meeting.RoleMember},
	} {
		keys[m.handle] = crashKey(t)
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

	srv := startServe(t, data, "127.0.0.1:0")
	addr := srv.addr

	// The facilitator starts a VOC triage and moves to segment 2.
	maria := dialTTY(t, addr, "maria", keys["maria"])
	maria.waitFor("START A RITUAL")
	maria.selectRow("Weekly VOC triage")
	maria.press("\r")
	maria.waitFor("WHO IS INVITED")
	maria.press("\r")
	maria.waitFor("Segment 1/4")
	pressed := time.Now()
	maria.press("n")
	maria.waitFor("Segment 2/4")
	seen := time.Now() // segment 2 began between pressed and seen

	ben := dialTTY(t, addr, "ben", keys["ben"])
	chloe := dialTTY(t, addr, "chloe", keys["chloe"])
	for _, c := range []*sshTTY{ben, chloe} {
		c.waitFor("IN PROGRESS")
		c.press("\r") // the live room is the lobby's first row
		c.waitFor("Segment 2/4")
	}

	// Members add actions continuously until the server dies; every
	// acknowledgement is recorded.
	var mu sync.Mutex
	acked := map[string]string{} // id → text
	count := map[string]int{}
	ack := func(who, id, text string) {
		mu.Lock()
		acked[id] = text
		count[who]++
		mu.Unlock()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	savedRe := regexp.MustCompile(`✓ saved (A\d+): (crash-\w+-\d+)`)
	for _, c := range []*sshTTY{ben, chloe} {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("crash-%s-%03d", c.name, i)
				c.press("a")
				if !c.await(func(s string) bool { return strings.Contains(s, "New action") }) {
					return
				}
				c.press(text, "\t", c.name, "\t", "fri")
				if !c.await(func(s string) bool { return strings.Contains(s, text) && strings.Contains(s, "→ ") }) {
					return
				}
				c.press("\r")
				var id string
				if !c.await(func(s string) bool {
					for _, m := range savedRe.FindAllStringSubmatch(s, -1) {
						if m[2] == text {
							id = m[1]
							return true
						}
					}
					return false
				}) {
					return
				}
				ack(c.name, id, text)
				c.press("\x1b[B") // clears the notice
			}
		})
	}
	addedRe := regexp.MustCompile(`^(A\d+) added: (crash-dev-\d+)`)
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			text := fmt.Sprintf("crash-dev-%03d", i)
			out, _, code, err := sshRun(addr, "dev", keys["dev"], `actions add "`+text+`" --owner dev --due fri`)
			if err != nil {
				return // the server is gone
			}
			if m := addedRe.FindStringSubmatch(out); code == 0 && m != nil && m[2] == text {
				ack("dev", m[1], text)
			}
		}
	})
	// Kill once every adder has been acknowledged a few times: mid-stream.
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		ready := count["ben"] >= 5 && count["chloe"] >= 5 && count["dev"] >= 5
		mu.Unlock()
		if ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the adders were too slow: %v\nben:\n%s", count, ben.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	killed := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-srv.exited
	close(stop)
	wg.Wait()
	mu.Lock()
	ackedAtKill := len(acked)
	want := make(map[string]string, len(acked))
	for k, v := range acked {
		want[k] = v
	}
	mu.Unlock()

	// Down for a moment, then back on the same data folder and address.
	time.Sleep(1500 * time.Millisecond)
	restarted := time.Now()
	srv2 := startServe(t, data, addr)

	// Every acknowledged action is there (the CLI over SSH, as a user would).
	out, errOut, code, err := sshRun(addr, "maria", keys["maria"], "actions --json")
	if err != nil || code != 0 {
		t.Fatalf("actions --json after the restart: %v %d %s", err, code, errOut)
	}
	var stored []meeting.Action
	if err := json.Unmarshal([]byte(out), &stored); err != nil {
		t.Fatalf("actions --json: %v\n%s", err, out)
	}
	byID := map[string]meeting.Action{}
	texts := map[string]int{}
	for _, a := range stored {
		byID[a.ID] = a
		texts[a.Text]++
	}
	for id, text := range want {
		a, ok := byID[id]
		if !ok || a.Text != text {
			t.Errorf("acknowledged %s %q: stored %+v (present %t)", id, text, a, ok)
		}
	}
	for text, n := range texts {
		if n > 1 {
			t.Errorf("%q stored %d times", text, n)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// Clients rejoin: the lobby shows the meeting at segment 2, the room too.
	maria2 := dialTTY(t, addr, "maria", keys["maria"])
	lobby := maria2.waitFor("IN PROGRESS", "segment 2/4")
	ben2 := dialTTY(t, addr, "ben", keys["ben"])
	ben2.waitFor("IN PROGRESS")
	for _, c := range []*sshTTY{maria2, ben2} {
		c.press("\r")
		c.waitFor("Segment 2/4", "Deep-dive")
	}
	maria2.waitFor("Here (2)")
	// And the room takes records again.
	ben2.press("a")
	ben2.waitFor("New action")
	ben2.press("after the restart", "\t", "ben", "\t", "fri")
	ben2.waitFor("→ ")
	ben2.press("\r")
	ben2.waitFor("✓ saved A")
	maria2.waitFor("Ben Okafor added A")

	// Stop the server cleanly and read the meeting's clock from the store.
	if err := srv2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-srv2.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the restarted server did not stop on SIGTERM")
	}
	db, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	live, err := db.Meetings(context.Background(), meeting.MeetingFilter{Live: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 1 {
		t.Fatalf("%d live meetings after the crash, want 1", len(live))
	}
	m := live[0]
	now := time.Now()
	tm := m.Timer.Timing(now)
	if tm.Segment != 1 || tm.Paused {
		t.Fatalf("the meeting resumed at segment %d (paused %t), want segment 2 running", tm.Segment+1, tm.Paused)
	}
	// Segment 2 began between pressed and seen: its elapsed time is the
	// wall time since then, the downtime included.
	lo, hi := now.Sub(seen)-2*time.Second, now.Sub(pressed)+2*time.Second
	if tm.SegElapsed < lo || tm.SegElapsed > hi {
		t.Fatalf("segment 2 elapsed %v, want between %v and %v (wall time since it began)", tm.SegElapsed, lo, hi)
	}
	if down := restarted.Sub(killed); tm.SegElapsed < down {
		t.Fatalf("segment 2 elapsed %v is less than the %v the server was down: the clock stopped", tm.SegElapsed, down)
	}
	if tm.SegRemaining != tm.SegBudget-tm.SegElapsed || tm.SegBudget != 20*time.Minute {
		t.Fatalf("segment 2: budget %v, elapsed %v, remaining %v", tm.SegBudget, tm.SegElapsed, tm.SegRemaining)
	}
	if left := meeting.ClockMinutes(tm.AgendaLeft); !strings.Contains(lobby, fmt.Sprintf("%d min left", left)) &&
		!strings.Contains(lobby, fmt.Sprintf("%d min left", left+1)) {
		t.Fatalf("the lobby after the restart does not show %d min left:\n%s", left, lobby)
	}
	all, err := db.Actions(context.Background(), meeting.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	crash := 0
	for _, a := range all {
		if strings.HasPrefix(a.Text, "crash-") {
			crash++
		}
	}
	t.Logf("kill -9 mid-stream: %d actions acknowledged before the kill (ben %d and chloe %d through the room's form, dev %d by `actions add`), all %d present after the restart; %d crash actions in the store (acknowledged, plus any synced whose acknowledgement the kill cut off); segment 2 elapsed %v after %v down (wall time since it began %v–%v), %v left",
		ackedAtKill, count["ben"], count["chloe"], count["dev"], len(want), crash, tm.SegElapsed.Round(time.Millisecond),
		restarted.Sub(killed).Round(time.Millisecond), now.Sub(seen).Round(time.Millisecond), now.Sub(pressed).Round(time.Millisecond),
		tm.SegRemaining.Round(time.Second))
}

func crashKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// served is a running `cxroom serve`.
type served struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{}
}

// startServe runs `cxroom --data DIR [GLOBALS…] serve --listen ADDR` and
// waits until it says where it serves.
func startServe(t *testing.T, data, listen string, globals ...string) *served {
	t.Helper()
	cmd := exec.Command(binary(t), append(append([]string{"--data", data}, globals...), "serve", "--listen", listen)...)
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
	s := &served{cmd: cmd, exited: make(chan struct{})}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.exited
	})
	re := regexp.MustCompile(`serving on (\S+) `)
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				<-s.exited
				t.Fatalf("cxroom serve exited: %s", stderr.String())
			}
			if m := re.FindStringSubmatch(l); m != nil {
				s.addr = m[1]
				return s
			}
		case <-timeout:
			t.Fatalf("cxroom serve never said where it serves: %s", stderr.String())
		}
	}
}

func sshConfig(user string, key gossh.Signer) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
}

// sshRun runs one command; err is set only when no exit status came back
// (the connection failed or died).
func sshRun(addr, user string, key gossh.Signer, cmd string) (string, string, int, error) {
	c, err := gossh.Dial("tcp", addr, sshConfig(user, key))
	if err != nil {
		return "", "", 0, err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return "", "", 0, err
	}
	defer s.Close()
	var out, errb strings.Builder
	s.Stdout, s.Stderr = &out, &errb
	err = s.Run(cmd)
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitStatus(), nil
	case err != nil:
		return out.String(), errb.String(), 0, err
	}
	return out.String(), errb.String(), 0, nil
}

// sshTTY is an interactive SSH session (PTY 120×40) whose output feeds a
// virtual screen.
type sshTTY struct {
	t       *testing.T
	name    string
	conn    *gossh.Client
	stdin   io.Writer
	mu      sync.Mutex
	vt      vt10x.Terminal
	changed chan struct{}
	done    chan struct{}
}

func dialTTY(t *testing.T, addr, user string, key gossh.Signer) *sshTTY {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	cc, chans, reqs, err := gossh.NewClientConn(nc, addr, sshConfig(user, key))
	if err != nil {
		nc.Close()
		t.Fatal(err)
	}
	conn := gossh.NewClient(cc, chans, reqs)
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	c := &sshTTY{t: t, name: user, conn: conn, stdin: stdin, vt: vt10x.New(vt10x.WithSize(120, 40)),
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				c.mu.Lock()
				c.vt.Write(buf[:n])
				c.mu.Unlock()
				select {
				case c.changed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		conn.Close()
		<-c.done
	})
	return c
}

func (c *sshTTY) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.vt.String()
}

// press writes keys; a write to a dead session is ignored (the crash test
// types while the server dies).
func (c *sshTTY) press(keys ...string) {
	for _, k := range keys {
		_, _ = io.WriteString(c.stdin, k)
	}
}

// await waits (15 s at most) until ok holds for the screen; false if it
// never did or the session ended.
func (c *sshTTY) await(ok func(string) bool) bool {
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		if ok(c.screen()) {
			return true
		}
		select {
		case <-c.changed:
		case <-c.done:
			return ok(c.screen())
		case <-deadline.C:
			return false
		}
	}
}

func (c *sshTTY) waitFor(texts ...string) string {
	c.t.Helper()
	var scr string
	if !c.await(func(s string) bool {
		scr = s
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}) {
		c.t.Fatalf("%s: the screen never showed %q:\n%s", c.name, texts, c.screen())
	}
	return scr
}

// selectRow moves the lobby cursor down to the row showing text.
func (c *sshTTY) selectRow(text string) {
	c.t.Helper()
	for range 30 {
		for _, l := range strings.Split(c.screen(), "\n") {
			if i := strings.Index(l, "›"); i >= 0 && strings.Contains(l[i:], text) {
				return
			}
		}
		before := c.screen()
		c.press("\x1b[B")
		c.await(func(s string) bool { return s != before })
	}
	c.t.Fatalf("%s: the cursor never reached %q:\n%s", c.name, text, c.screen())
}

package tui

import (
	"net"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A member's script (or a file pasted into a terminal without bracketed
// paste) floods the action form with 200,000 raw keys. Before, every key
// went through the session's program (~7 µs each, a second and a half of a
// core for this flood, 7 s a megabyte); now the reader hands on a person's
// burst, leaves the rest out and says so on the flooder's screen alone, the
// log and figures count the flood, and the session answers the next key.
func TestSSHRawKeyFloodIsLeftOut(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben := e.connect("ben")
	e.joinRoom(ben, r, 2)
	maria.waitFor(wait, "Here (2)")

	ben.send("a")
	ben.waitFor(wait, "New action")
	ben.send(strings.Repeat("x", 200_000))
	ben.waitFor(wait, leftOutSentence, "Action is full (280 characters)")
	if n := e.srv.tally.Count(leftOutKeys); n < 1 {
		t.Fatalf("the flood was not counted for the log (%d)", n)
	}
	e.srv.tally.Flush() // the minute's summary, now
	if log := e.logBuf.String(); !regexp.MustCompile(`msg="left out keys in \d+ floods? from 1 key \(faster than typing \d+\)"`).MatchString(log) {
		t.Fatalf("the log's summary of the flood:\n%s", log)
	}

	// the sentence goes once the flood is over (keys sent right behind it,
	// in the same stream, may be left out with it; a person's next key
	// comes after a pause and is taken), and the session answers: the form
	// closes on esc, nothing was saved, and the other screen never heard
	// of the flood
	if err := ben.await(leftOutShown+wait, func(s string) bool { return !strings.Contains(s, leftOutSentence) }); err != nil {
		t.Fatalf("the sentence stayed: %v\n%s", err, ben.screen())
	}
	ben.send("\x1b")
	ben.waitFor(wait, "press esc again to discard what you typed")
	ben.send("\x1b")
	if err := ben.await(wait, func(s string) bool { return !strings.Contains(s, "New action") }); err != nil {
		t.Fatalf("esc after the flood: %v\n%s", err, ben.screen())
	}
	if got := r.Snapshot().Actions; len(got) != 0 {
		t.Fatalf("the flood saved %d actions", len(got))
	}
	if strings.Contains(maria.screen(), "left out") {
		t.Fatalf("another screen shows the flood:\n%s", maria.screen())
	}
	ben.send("a")
	ben.waitFor(wait, "New action")
}

// A client sending a byte a packet: each packet costs the server its
// decryption and handling whatever it carries (one OpenSSH-equivalent
// session did this at ~155,000 packets a second, 0.9 of a core, under
// every input budget, which counts bytes the session reads, not packets).
// What a key's connections read from the network is paced: past the
// burst, at the key's rate.
func TestSSHTinyPacketFloodIsPaced(t *testing.T) {
	var read atomic.Int64
	const rate, burst = 64 << 10, 64 << 10
	e := newSSHEnv(t,
		withConnHook(func(c net.Conn) net.Conn { return &countedReads{Conn: c, n: &read} }),
		func(c *ServerConfig) { c.Limits.WireRate, c.Limits.WireBurst = rate, burst })
	ben := e.connect("ben")
	ben.waitFor(wait, "START A RITUAL")

	r0, t0 := read.Load(), time.Now()
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := ben.stdin.Write([]byte{'x'}); err != nil {
				return
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond) // the flood's length, not a wait for the server
	got, took := read.Load()-r0, time.Since(t0)
	close(stop)
	ben.close() // unblocks a write waiting for the window
	// the burst, the pace over the time, and a read's worth of slack
	if most := burst + int64(took.Seconds()*rate*5/4) + 64<<10; got > most || got == 0 {
		t.Fatalf("in %v the server read %d bytes of a byte-a-packet flood, want at most %d", took, got, most)
	}
	t.Logf("read %d bytes in %v (burst %d, %d a second)", got, took, burst, rate)
}

// countedReads counts what the server reads from a connection.
type countedReads struct {
	net.Conn
	n *atomic.Int64
}

func (c *countedReads) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

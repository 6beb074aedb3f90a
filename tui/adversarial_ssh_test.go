package tui

// Long on purpose: the hostile-client suite over real SSH (escape injection, resize storms, churn, kill -9) shares one harness.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// The adversarial SSH tests: hostile input, tiny and resizing terminals,
// abrupt disconnects, observers and strangers. Each asserts behaviour; time
// appears only as generous deadlines.

// injection is the escape-injection corpus. Every hostile sequence carries a
// payload that Bubble Tea never draws by itself (PWNED titles, the base64
// "INJECT" clipboard, evil.example links, *BODY strings, CSI parameters like
// 6666 or a 1;2;3 true colour): finding one in another client's byte stream
// can only mean the injected sequence (or its body) got through. Sequences
// the renderer does emit on its own (a bare BEL ending its own OSC title,
// CR, SGR 31) are checked through the stored text only. \x1b[2J and
// \x1b[?1049l are checked in the stream too: the renderer clears the screen
// and leaves the alternate screen only on a resize or on exit, and neither
// happens to the watching clients while the injection is checked.
var injection = []struct {
	name, seq string
}{
	{"CSI clear", "\x1b[2J"},
	{"CSI SGR", "\x1b[31m\x1b[38;2;1;2;3m"},
	{"CSI leave alt screen", "\x1b[?1049l"},
	{"CSI cursor", "\x1b[6666;7777H"},
	{"OSC 0 title", "\x1b]0;PWNED0\a"},
	{"OSC 2 title", "\x1b]2;PWNED2\x1b\\"},
	{"OSC 8 link", "\x1b]8;;https://evil.example/x\x1b\\click\x1b]8;;\x1b\\"},
	{"OSC 52 clipboard", "\x1b]52;c;SU5KRUNU\a"},
	{"DCS", "\x1bPq#0;DCSBODY\x1b\\"},
	{"APC", "\x1b_APCBODY\x1b\\"},
	{"PM", "\x1b^PMBODY\x1b\\"},
	{"SOS", "\x1bXSOSBODY\x1b\\"},
	{"C1 CSI", "\u009b6666n"},
	{"C1 OSC", "\u009d0;PWNEDC1\u009c"},
	{"C0", "\a\x00\x01\x0e\x0f\x7f"},
	{"bidi", "\u202eoverride\u202c\u2066iso\u2067\u2068\u2069\u202a\u202b\u202d"},
	{"zero width", "z\u200bw\u200cj\u200dn\u2060b\ufeffo"},
	{"invalid UTF-8", "\xff\xfe\xc0\xaf\xed\xa0\x80"},
}

// forbidden is what must never reach another client's terminal.
var forbidden = []string{
	"PWNED", "SU5KRUNU", "evil.example", "DCSBODY", "APCBODY", "PMBODY", "SOSBODY",
	"]52;", "]0;PWNED", "]2;PWNED", "]8;;https",
	"\x1bP", "\x1b_", "\x1b^", "\x1bX",
	"\x1b[2J", "\x1b[?1049l", "\x1b[6666", "6666n", "\x1b[38;2;1;2;3m",
	"\xc2\x9b", "\xc2\x9d", "\xc2\x9c",
	"\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
	"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
	"\xff", "\xfe", "\xc0\xaf", "\xed\xa0\x80",
}

// hostile builds one line of text with every injected sequence between
// visible words (tag marks where it went).
func hostile(tag string) string {
	var b strings.Builder
	b.WriteString(tag + " start")
	for i, x := range injection {
		fmt.Fprintf(&b, " w%d%s", i, x.seq)
	}
	b.WriteString(" end")
	return b.String()
}

// typedHostile is hostile for typing key by key: of the C0 controls only
// BEL and NUL are typed, the others are editing keys in a form (ctrl+a
// moves to the start, DEL deletes…); only a paste makes them text.
func typedHostile(tag string) string {
	return strings.Replace(hostile(tag), injection[14].seq, "\a\x00", 1)
}

func paste(s string) string { return "\x1b[200~" + s + "\x1b[201~" }

// checkClean fails if any forbidden sequence reached c after offset from.
func checkClean(t *testing.T, c *client, from int, what string) {
	t.Helper()
	got := c.since(from)
	for _, f := range forbidden {
		if i := bytes.Index(got, []byte(f)); i >= 0 {
			t.Fatalf("%s: %s received %q: …%q…", what, c.name, f, got[max(0, i-80):min(len(got), i+80)])
		}
	}
}

// dumpStore is every listing of the store as JSON: comparing two dumps
// tells whether anything at all was written.
func dumpStore(t testing.TB, e *sshEnv) string {
	t.Helper()
	ctx := context.Background()
	db := e.db
	var out []any
	add := func(v any, err error) {
		t.Helper()
		must(t, err)
		out = append(out, v)
	}
	add(db.Actions(ctx, meeting.ActionFilter{}))
	add(db.Meetings(ctx, meeting.MeetingFilter{}))
	add(db.Decisions(ctx, meeting.DecisionFilter{}))
	add(db.Issues(ctx, meeting.IssueFilter{}))
	add(db.Stories(ctx, meeting.StoryFilter{}))
	add(db.Journeys(ctx))
	add(db.Guides(ctx, meeting.GuideFilter{}))
	add(db.SeriesList(ctx))
	add(db.Promises(ctx, ""))
	b, err := json.MarshalIndent(out, "", " ")
	must(t, err)
	return string(b)
}

func noPanics(t *testing.T, e *sshEnv) {
	t.Helper()
	if log := e.logBuf.String(); strings.Contains(log, "panic") {
		t.Fatalf("the server logged a panic:\n%s", tail(log, 4000))
	}
}

// TestAdversarialEscapeInjection has one member type and paste the corpus
// into the room's forms (action, issue, story, decision) and a 1 MB paste:
// the other clients' byte streams never carry an injected sequence, and
// what the store holds is CleanLine of what the form held.
func TestAdversarialEscapeInjection(t *testing.T) {
	e := newSSHEnv(t)
	ctx := context.Background()
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben, chloe := e.connect("ben"), e.connect("chloe")
	e.joinRoom(ben, r, 2)
	e.joinRoom(chloe, r, 3)
	maria.waitFor(wait, "Here (3)")
	watchers := []*client{maria, chloe}

	type attempt struct {
		name   string
		open   string // the key that opens the form
		title  string // the form's title
		input  string // the bytes sent into the first field
		rest   []string
		saved  string        // the submitter's notice
		shown  func() string // what the watchers wait for
		stored func() string // the stored text of the first field
		limit  int           // the field's bound
	}
	lastAction := func() string {
		as, err := e.db.Actions(ctx, meeting.ActionFilter{})
		must(t, err)
		if len(as) == 0 {
			return ""
		}
		return as[len(as)-1].Text
	}
	unit := "Refund é " + injection[7].seq + injection[15].seq + " " // OSC 52, bidi
	big := strings.Repeat(unit, 1<<20/len(unit))
	attempts := []attempt{
		{name: "action typed", open: "a", title: "New action", input: typedHostile("TYPED"),
			rest: []string{keyTab, "maria", keyTab, "fri", keyEnter}, saved: "✓ saved A1: TYPED start",
			shown: func() string { return "Ben Okafor added A1: TYPED start" }, stored: lastAction, limit: meeting.MaxLine},
		{name: "action pasted", open: "a", title: "New action", input: paste(hostile("PASTED")),
			rest: []string{keyTab, "maria", keyTab, "fri", keyEnter}, saved: "✓ saved A2: PASTED start",
			shown: func() string { return "Ben Okafor added A2: PASTED start" }, stored: lastAction, limit: meeting.MaxLine},
		{name: "issue title pasted", open: "i", title: "New VOC issue", input: paste(hostile("ISSUE")),
			rest: []string{"\x13"}, saved: "✓ raised I1",
			shown: func() string { return "Ben Okafor raised I1: ISSUE start" },
			stored: func() string {
				is, err := e.db.Issues(ctx, meeting.IssueFilter{})
				must(t, err)
				return is[len(is)-1].Title
			}, limit: meeting.MaxLine},
		{name: "story quote pasted", open: "s", title: "Customer story", input: paste(hostile("STORY")),
			rest: []string{"\x13"}, saved: "✓ saved story S1",
			shown: func() string { return "Ben Okafor shared a story: “STORY start" },
			stored: func() string {
				ss, err := e.db.Stories(ctx, meeting.StoryFilter{})
				must(t, err)
				return ss[len(ss)-1].Quote
			}, limit: meeting.MaxText},
		{name: "decision pasted", open: "d", title: "Decision log entry", input: paste(hostile("DECISION")),
			rest: []string{"\x13"}, saved: "✓ recorded decision",
			shown: func() string { return "Ben Okafor recorded decision" },
			stored: func() string {
				ds, err := e.db.Decisions(ctx, meeting.DecisionFilter{})
				must(t, err)
				return ds[len(ds)-1].Decision
			}, limit: meeting.MaxText},
		{name: "1 MB paste", open: "a", title: "New action", input: paste(big),
			rest: []string{keyTab, "maria", keyTab, "fri", keyEnter}, saved: "✓ saved A3: Refund é",
			shown: func() string { return "Ben Okafor added A3: Refund é" }, stored: lastAction, limit: meeting.MaxLine},
	}
	for _, at := range attempts {
		from := []int{maria.offset(), chloe.offset()}
		held := formHeld(t, at.input)
		ben.send(at.open)
		ben.waitFor(wait, at.title)
		ben.send(at.input)
		ben.send(at.rest...)
		ben.waitFor(wait, at.saved)
		ben.send(keyDown) // clears the notice
		for i, c := range watchers {
			c.waitFor(wait, at.shown())
			checkClean(t, c, from[i], at.name)
		}
		got := at.stored()
		want := meeting.CleanLine(held, at.limit)
		if got != want {
			t.Fatalf("%s: stored %q, want CleanLine of what the form held (%q) = %q", at.name, got, held, want)
		}
		if meeting.Dirty(got) || strings.ContainsAny(got, "\x1b\a\r\x00\u009b\u009d") {
			t.Fatalf("%s: stored text is not clean: %q", at.name, got)
		}
		for _, f := range forbidden {
			if strings.Contains(got, f) {
				t.Fatalf("%s: stored text carries %q: %q", at.name, f, got)
			}
		}
		t.Logf("%s: %d bytes sent, form held %d runes, stored %d runes: %.90q…", at.name, len(at.input), len([]rune(held)), len([]rune(got)), got)
	}

	// The typist's session stays responsive after a megabyte: one more action.
	fillAction(ben, "After the big paste", "ben", "fri")
	ben.send(keyEnter)
	ben.waitFor(wait, "✓ saved A4: After the big paste")
	maria.waitFor(wait, "Ben Okafor added A4: After the big paste")
	noPanics(t, e)
}

// connectSized opens an interactive session with a PTY of w×h (the virtual
// terminal is at least 1×1).
func (e *sshEnv) connectSized(handle string, w, h int) *client {
	e.t.Helper()
	conn, err := e.dial(handle, e.keys[handle])
	must(e.t, err)
	sess, err := conn.NewSession()
	must(e.t, err)
	c := &client{t: e.t, name: handle, conn: conn, sess: sess, term: newVTerm(max(w, 1), max(h, 1)),
		changed: make(chan struct{}, 1), done: make(chan struct{})}
	must(e.t, sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}))
	c.stdin, err = sess.StdinPipe()
	must(e.t, err)
	out, err := sess.StdoutPipe()
	must(e.t, err)
	must(e.t, sess.Shell())
	go c.pump(out)
	e.t.Cleanup(c.close)
	return c
}

// resize changes the client's window (and its virtual terminal).
func (c *client) resize(w, h int) {
	c.t.Helper()
	c.mu.Lock()
	c.term.Resize(max(w, 1), max(h, 1))
	c.mu.Unlock()
	must(c.t, c.sess.WindowChange(h, w))
}

// TestAdversarialTinyTerminalsAndResizeStorms connects at 10×5 and 1×1 (the
// first joins the room blind, the second stays in the lobby), storms both
// sessions with 200 random window changes each (0–300 × 0–100)
// interleaved with keys, then grows them to 120×40: they draw whole and
// work, the server logged no panic, the facilitator's session carried on,
// and the goroutines return to where they were once they hang up.
func TestAdversarialTinyTerminalsAndResizeStorms(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	maria.send("p") // paused: no clock ticks outlive the sessions (see the churn test)
	maria.waitFor(wait, "paused")
	beforeLive, _ := settledLive(0, time.Second)

	tiny := e.connectSized("ben", 10, 5)
	dot := e.connectSized("chloe", 1, 1)
	for _, c := range []*client{tiny, dot} {
		// a tiny terminal gets a message cut to fit, not a garbled room
		waitUntil(t, wait, c.name+"'s first frame", func() bool { return c.offset() > 0 })
	}
	tiny.waitFor(wait, "Terminal")
	// Ben joins the room blind (the lobby's first row is the live room):
	// his storm runs through the room's layout at every size; Chloe's
	// through the lobby's.
	tiny.send(keyEnter)
	waitUntil(t, wait, "ben joins at 10×5", func() bool { return r.Snapshot().Present("ben") })
	rng := rand.New(rand.NewPCG(6, 4))
	keysFor := map[*client][]string{
		tiny: {keyDown, keyUp, "?", "h", "j", "k"}, // the room's: move, help, hand
		dot:  {keyDown, keyUp, "?", "j", "k", "g", "G"},
	}
	var wg sync.WaitGroup
	for _, c := range []*client{tiny, dot} {
		seed, keys := rng.Uint64(), keysFor[c]
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, 1))
			for i := range 200 {
				w, h := rng.IntN(301), rng.IntN(101)
				if err := c.sess.WindowChange(h, w); err != nil {
					t.Errorf("%s: window change %d: %v", c.name, i, err)
					return
				}
				if i%3 == 0 {
					if _, err := c.stdin.Write([]byte(keys[rng.IntN(len(keys))])); err != nil {
						t.Errorf("%s: key %d: %v", c.name, i, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	// Back to a sane size: the room and the lobby draw whole again.
	tiny.resize(120, 40)
	tiny.waitFor(wait, "Segment 1/4", "Here (2)")
	dot.resize(120, 40)
	dot.waitFor(wait, "IN PROGRESS", "START A RITUAL")
	dot.send("g") // the storm left the cursor anywhere: back to the top, the live room
	if err := dot.await(wait, func(s string) bool { return cursorOn(s, "● Weekly VOC triage") }); err != nil {
		t.Fatalf("%s: %v\n%s", dot.name, err, dot.screen())
	}
	dot.send(keyEnter)
	dot.waitFor(wait, "Segment 1/4", "Here (3)")
	// The facilitator's session carried on and sees both.
	maria.waitFor(wait, "Here (3)", "Ben Okafor", "Chloe Martin")
	// And the stormed sessions still take keys: a hand goes up. (On the
	// people line: the notice line shows the latest event, which may be a
	// hand Ben's storm raised and a loaded machine delivered late.)
	dot.send("h")
	if err := maria.await(wait, func(s string) bool { return strings.Contains(s, "Chloe Martin ✋") }); err != nil {
		t.Fatalf("%s: %v\n%s\n%s sees:\n%s", maria.name, err, maria.screen(), dot.name, dot.screen())
	}
	noPanics(t, e)

	tiny.close()
	dot.close()
	waitUntil(t, wait, "the stormed sessions end", func() bool { return e.srv.Sessions() == 1 && len(r.Snapshot().People) == 1 })
	afterLive, afterTicks := settledLive(beforeLive+3, 10*time.Second)
	t.Logf("goroutines besides pending clock ticks: %d before the tiny clients, %d after they hung up (%d ticks pending)", beforeLive, afterLive, afterTicks)
	if afterLive > beforeLive+3 {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines leaked: %d → %d\n%s", beforeLive, afterLive, buf[:runtime.Stack(buf, true)])
	}
	if n := r.Subscribers(); n != 1 {
		t.Fatalf("room subscriptions: %d, want the facilitator's only", n)
	}
}

// settledLive waits until the goroutines besides pending clock ticks are at
// most target (0: until the count is steady), or timeout.
func settledLive(target int, timeout time.Duration) (live, ticks int) {
	deadline := time.Now().Add(timeout)
	prev, stable := -1, 0
	for {
		runtime.GC()
		live, ticks = goroutinesBesidesTicks()
		if target > 0 && live <= target || time.Now().After(deadline) {
			return live, ticks
		}
		if live == prev {
			if stable++; target == 0 && stable >= 5 {
				return live, ticks
			}
		} else {
			stable = 0
		}
		prev = live
		time.Sleep(20 * time.Millisecond)
	}
}

// abruptConn lets a test cut the TCP connection under an SSH client, with
// no SSH-level goodbye.
type abruptConn struct {
	mu sync.Mutex
	c  net.Conn
}

func (a *abruptConn) wrap(c net.Conn) net.Conn {
	a.mu.Lock()
	a.c = c
	a.mu.Unlock()
	return c
}

func (a *abruptConn) cut() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if tc, ok := a.c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // RST, not FIN
	}
	_ = a.c.Close()
}

// TestAdversarialDisconnectMidForm drops members' TCP connections while
// their action form is open with text typed: no panic, their presence and
// "typing…" leave everyone's screen, the room's subscriptions come back to
// what they were, and nothing half-written is stored. The second case is
// a member with two sessions whose typing one drops: they stay present,
// no longer typing.
func TestAdversarialDisconnectMidForm(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	subs := r.Subscribers()
	before := dumpStore(t, e)
	att := func() int { return len(r.Snapshot().Meeting.Attendees) }

	// 1. One session, dropped mid-form.
	var cut abruptConn
	ben := e.connectAs("ben", "ben", e.keys["ben"], cut.wrap, true)
	e.joinRoom(ben, r, 2)
	ben.send("a")
	ben.waitFor(wait, "New action")
	ben.send("Half-written action that must not be stored", keyTab, "ma")
	maria.waitFor(wait, "Ben Okafor typing…")
	attendees := att()
	cut.cut()
	waitUntil(t, wait, "ben leaves the room", func() bool { return !r.Snapshot().Present("ben") })
	maria.waitFor(wait, "Here (1)", "Ben Okafor left")
	if strings.Contains(maria.screen(), "typing…") {
		t.Fatalf("typing… stayed on screen:\n%s", maria.screen())
	}
	waitUntil(t, wait, "the room's subscriptions come back", func() bool { return r.Subscribers() == subs })
	waitUntil(t, wait, "the session ends", func() bool { return e.srv.Sessions() == 1 })

	// 2. Two sessions of one member; the typing one drops.
	chloe1 := e.connect("chloe")
	e.joinRoom(chloe1, r, 2)
	var cut2 abruptConn
	chloe2 := e.connectAs("chloe-2", "chloe", e.keys["chloe"], cut2.wrap, true)
	e.joinRoom(chloe2, r, 2) // one person, two sessions
	chloe2.send("a")
	chloe2.waitFor(wait, "New action")
	chloe2.send("Also half-written")
	maria.waitFor(wait, "Chloe Martin typing…")
	cut2.cut()
	waitUntil(t, wait, "the dropped session ends", func() bool { return e.srv.Sessions() == 2 })
	if err := maria.await(wait, func(s string) bool { return strings.Contains(s, "Chloe Martin") && !strings.Contains(s, "typing…") }); err != nil {
		t.Fatalf("Chloe's dropped session left her typing…: %v\n%s", err, maria.screen())
	}
	if !r.Snapshot().Present("chloe") {
		t.Fatal("Chloe's other session was dropped from the room")
	}
	chloe1.close()
	waitUntil(t, wait, "chloe leaves", func() bool {
		return !r.Snapshot().Present("chloe") && r.Subscribers() == subs && e.srv.Sessions() == 1
	})

	// Nothing half-written: only the attendance changed in the store.
	after := dumpStore(t, e)
	if att() < attendees {
		t.Fatalf("attendance lost: %d", att())
	}
	as, err := e.db.Actions(context.Background(), meeting.ActionFilter{})
	must(t, err)
	if len(as) != 0 {
		t.Fatalf("a dropped form stored actions: %+v", as)
	}
	if strings.Contains(after, "half-written") || strings.Contains(after, "Half-written") {
		t.Fatal("the store holds half-written text")
	}
	if before == after {
		t.Fatal("the joins were not recorded (the dump is not seeing the store)")
	}
	noPanics(t, e)
	t.Logf("after two abrupt disconnects mid-form: %d sessions, %d room subscriptions, %d actions stored", e.srv.Sessions(), r.Subscribers(), len(as))
}

var idRe = regexp.MustCompile(`^[A-Z]+(\d+)$`)

// TestAdversarialObserverAndStranger has an observer press every key of the
// lobby and the room and run every mutating command, and an unknown key try
// both: all refused, and the store is byte-for-byte what it was.
func TestAdversarialObserverAndStranger(t *testing.T) {
	e := newSSHEnv(t)
	ctx := context.Background()
	maria := e.connect("maria")
	r := e.startVOC(maria)
	// Something to aim at: an action, an issue, a journey.
	act, err := r.AddAction(ctx, actorOf("maria"), meeting.ActionInput{Text: "Target action", Owner: "olga", Due: "fri"})
	must(t, err)
	_, err = r.AddIssue(ctx, actorOf("maria"), meeting.IssueInput{Title: "Target issue"})
	must(t, err)
	_, err = e.svc.AddJourney(ctx, actorOf("maria"), "Onboarding", "maria")
	must(t, err)

	olga := e.connect("olga")
	olga.waitFor(wait, "IN PROGRESS")
	if strings.Contains(olga.screen(), "START A RITUAL") {
		t.Fatalf("the observer is offered rituals to start:\n%s", olga.screen())
	}
	e.joinRoom(olga, r, 2) // joining records attendance: the baseline is after it
	olga.waitFor(wait, "You are observing")
	maria.waitFor(wait, "Here (2)")
	before := dumpStore(t, e)

	// Every key of the room, in the issues segment and in the others.
	roomKeys := []string{"a", "i", "d", "D", "s", "n", "b", "B", "p", "+", "=", "e", "y", "K", "J", "v", "r", "h", "f",
		"m", "o", "x", "H", keyEnter, "\x1b[1;2A", "\x1b[1;2B", "\x1b[D", "\x1b[C", "\x13", "y"}
	for seg := range 4 {
		if seg > 0 {
			must(t, r.Goto(ctx, actorOf("maria"), seg))
			olga.waitFor(wait, fmt.Sprintf("Segment %d/4", seg+1))
			before = dumpStore(t, e) // the facilitator's move is a write; the observer's keys are not
		}
		for _, k := range roomKeys {
			olga.send(k)
			if strings.Contains(olga.screen(), "New action") || strings.Contains(olga.screen(), "Decision log entry") {
				t.Fatalf("segment %d, key %q: the observer got a form:\n%s", seg+1, k, olga.screen())
			}
		}
		olga.send("?") // a marker: once the full help shows, every key before it was handled
		olga.waitFor(wait, "lobby")
		olga.send("?")
		if got := dumpStore(t, e); got != before {
			t.Fatalf("segment %d: the observer's keys wrote to the store:\n%s", seg+1, diffLines(before, got))
		}
		if !r.Snapshot().Meeting.Live() || r.Snapshot().Meeting.Facilitator != "maria" {
			t.Fatal("the observer ended the meeting or took it over")
		}
	}
	if strings.Contains(maria.screen(), "Olga Berg ✋") || strings.Contains(maria.screen(), "Olga Berg typing") {
		t.Fatalf("the observer raised a hand or shows as typing:\n%s", maria.screen())
	}

	// The lobby and the screens behind it: the tracker (enter on the
	// observer's own action, a status form), journeys (register, owner).
	olga.send("\x1b")
	olga.waitFor(wait, "IN PROGRESS")
	lobbyKeys := []string{keyEnter, "\x1b", "t", keyEnter, "\x13", "d", "\x1b", "\x1b", "\x1b", "J", "N", "x", keyEnter, "o", "x", keyEnter, "\x1b", "\x1b", "\x1b",
		"l", "\x1b", "c", "\x1b", "y", "\x1b", "G", keyEnter, "\x1b"}
	for _, k := range lobbyKeys {
		olga.send(k)
	}
	olga.send("?")
	olga.waitFor(wait, "help")
	if got := dumpStore(t, e); got != before {
		t.Fatalf("the observer's lobby keys wrote to the store:\n%s", diffLines(before, got))
	}

	// Every mutating command, and a few reads for good measure.
	cmds := []string{
		`actions add "Sneaky" --owner olga --due fri`,
		"actions set " + act.ID + " --status done",
		"actions set " + act.ID + " --status blocked --note x",
		`journeys add "Billing" --owner olga`,
		"series add --agenda voc-triage --cadence weekly --start 2026-12-01 --time 09:00",
		"backup /tmp/cxroom-observer-backup",
		"restore /tmp/cxroom-observer-backup --force",
		`team add "Olga Berg" --handle olga --role facilitator`,
		"agendas validate /etc/passwd",
		"export minutes " + r.ID(),
		"export actions --format csv",
		"export decisions",
		"export calendar",
		"export scorecard",
	}
	for _, cmd := range cmds {
		out, errOut, code := e.run("olga", cmd)
		mutating := !strings.HasPrefix(cmd, "export")
		if mutating && (code == 0 || strings.Count(errOut, "\n") != 1) {
			t.Fatalf("observer %q: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
		if got := dumpStore(t, e); got != before {
			t.Fatalf("observer %q wrote to the store:\n%s", cmd, diffLines(before, got))
		}
		t.Logf("observer %-70q → exit %d %s", cmd, code, strings.TrimSpace(errOut))
	}

	// An unknown key: refused at authentication, whatever the user name,
	// for a shell and for a command.
	stranger := newKey(t)
	for _, user := range []string{"olga", "maria", "root", "guest"} {
		if _, err := e.dial(user, stranger); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
			t.Fatalf("unknown key as %s: %v", user, err)
		}
	}
	if got := dumpStore(t, e); got != before {
		t.Fatalf("the stranger wrote to the store:\n%s", diffLines(before, got))
	}
	if _, err := e.db.Action(ctx, act.ID); err != nil {
		t.Fatal(err)
	}
	noPanics(t, e)
}

// diffLines shows the first lines where two dumps differ.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 20; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y))
		}
	}
	return strings.Join(out, "\n")
}

// idNumber is the number of an id like A12.
func idNumber(t testing.TB, id string) int {
	t.Helper()
	m := idRe.FindStringSubmatch(id)
	if m == nil {
		t.Fatalf("id %q", id)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}

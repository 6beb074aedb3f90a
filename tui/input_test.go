package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
)

// uvEvents decodes in (one read) with ultraviolet's own reader, as Bubble
// Tea reads a program's input, to its end.
func uvEvents(t testing.TB, in []byte) []uv.Event {
	t.Helper()
	pr, pw := io.Pipe()
	tr := uv.NewTerminalReader(pr, "xterm-256color")
	evc := make(chan uv.Event, 4096)
	done := make(chan error, 1)
	go func() { done <- tr.StreamEvents(context.Background(), evc) }()
	if len(in) > 0 {
		if _, err := pw.Write(in); err != nil {
			t.Fatal(err)
		}
	}
	_ = pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(evc)
	var out []uv.Event
	for ev := range evc {
		out = append(out, ev)
	}
	return out
}

// ourEvents decodes in (one read) with a session's inputReader, to its end.
func ourEvents(t testing.TB, in []byte) []uv.Event {
	t.Helper()
	var mu sync.Mutex
	var out []uv.Event
	r := newInputReader(bytes.NewReader(in), sharedKeys(), func(ev uv.Event) {
		mu.Lock()
		out = append(out, ev)
		mu.Unlock()
	})
	r.run(context.Background())
	mu.Lock()
	defer mu.Unlock()
	return out
}

// inputCases are what terminals send: keys in every encoding, pastes,
// answers to queries, mouse reports, broken and hostile sequences.
var inputCases = []string{
	"",
	"hello, world",
	"a\rb\tc\x7f\x08",
	"\x1b",                     // escape alone
	"\x1b\x1b",                 // twice
	"\x1ba",                    // alt+a
	"\x1b[A\x1b[B\x1b[C\x1b[D", // arrows
	"\x1bOA\x1bOB\x1bOP\x1bOQ", // SS3 arrows and F1, F2
	"\x1b[1;5A\x1b[1;3C",       // ctrl+up, alt+right
	"\x1b[3~\x1b[5~\x1b[6~\x1b[2~\x1b[H\x1b[F\x1b[1~\x1b[4~",
	"\x1b[15~\x1b[17~\x1b[24~\x1b[11~",
	"\x1b[[A\x1b[[E",                           // the Linux console's F1, F5
	"\x1b[Z",                                   // shift+tab
	"\x1b[97;5u\x1b[13;2u\x1b[127u\x1b[57399u", // kitty keyboard
	"\x1b[27;5;97~",                            // modifyOtherKeys
	"\x00\x01\x1a\x1c\x1f",                     // control characters
	"\x1b]11;rgb:0000/0000/0000\x1b\\",         // the background colour
	"\x1b]11;rgb:ffff/ffff/ffff\x07",
	"\x1b]10;rgb:1e1e/1e1e/1e1e\x1b\\",
	"\x1b[?1u",                                // kitty keyboard flags
	"\x1b[?2026;2$y",                          // a mode report
	"\x1b[12;40R",                             // a cursor position
	"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;3;3M", // SGR mouse
	"\x1b[M !!",                               // X10 mouse
	"\x1b[I\x1b[O",                            // focus
	"\x1b[200~pasted text\r\nline two\x1b[201~",
	"\x1b[200~\x1b[31mred\x1b[0m and \x1b]0;title\x07\x1b[201~",
	"\x1b[200~unterminated paste",
	"\x1b[200~\x1b",
	"é日本語👩‍💼",
	"\xff\xfe\xc3(",             // invalid UTF-8
	"\x9b31m\x90q\x9c",          // C1 controls
	"\x1b[31",                   // an unfinished CSI
	"\x1b]0;never ends",         // an unfinished OSC
	"\x1b]0;cancelled\x18after", // a cancelled OSC (ignored)
	"\x1bP1$r0m\x1b\\",          // DCS answer
	"\x1b_Gi=1;OK\x1b\\",        // APC answer
	"\x1b^privacy\x1b\\",
	"\x1bXsos\x1b\\",
	"\x1b[65;0;97;1;0;1_",                        // win32-input-mode key
	"\x1b[0;0;55357;1;0;1_\x1b[0;0;56832;1;0;1_", // a UTF-16 pair, win32
	"\x1b[P\x1b[Q\x1b[R\x1b[S",
	"\x1b[1;2P\x1b[1;5Q",
	"\x1b[E\x1b[G",
	"\x1bO",
	"\x1b[",
	"\x1b]",
	"\x1bP",
	"q?abc\x1b[A\x1b",
}

// The inputReader decodes exactly what ultraviolet's reader decodes: the
// same events, in the same order, from the same bytes.
func TestInputReaderDecodesAsUltraviolet(t *testing.T) {
	if sharedKeys() == nil {
		t.Fatal("ultraviolet's key table could not be shared: sessions would each build their own")
	}
	for _, c := range inputCases {
		t.Run(fmt.Sprintf("%q", c), func(t *testing.T) {
			want, got := uvEvents(t, []byte(c)), ourEvents(t, []byte(c))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("events differ\n got: %#v\nwant: %#v", got, want)
			}
		})
	}
	// everything at once
	all := []byte(strings.Join(inputCases[:30], ""))
	if got, want := ourEvents(t, all), uvEvents(t, all); !reflect.DeepEqual(got, want) {
		t.Fatalf("events differ on the concatenation\n got: %#v\nwant: %#v", got, want)
	}
}

// FuzzInputReader feeds both readers arbitrary bytes.
func FuzzInputReader(f *testing.F) {
	for _, c := range inputCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > inputChunk {
			in = in[:inputChunk] // one read for both
		}
		if got, want := ourEvents(t, in), uvEvents(t, in); !reflect.DeepEqual(got, want) {
			t.Fatalf("events differ for %q\n got: %#v\nwant: %#v", in, got, want)
		}
	})
}

// Every session reads with the one table: none builds its own.
func TestInputReadersShareOneKeyTable(t *testing.T) {
	a, b := newInputReader(strings.NewReader(""), sharedKeys(), nil), newInputReader(strings.NewReader(""), sharedKeys(), nil)
	if len(a.table) < 100 {
		t.Fatalf("the shared table has %d keys", len(a.table))
	}
	if reflect.ValueOf(a.table).Pointer() != reflect.ValueOf(b.table).Pointer() {
		t.Fatal("two readers hold two tables")
	}
}

// What a client sends cannot make its reader hold more than the bounds: a
// sequence that never ends is cut at maxPending, a paste at maxPaste.
func TestInputReaderBounded(t *testing.T) {
	var events []uv.Event
	r := newInputReader(nil, sharedKeys(), func(ev uv.Event) { events = append(events, ev) })
	// an OSC that never ends, fed as a client would send it
	r.feed([]byte("\x1b]0;"))
	chunk := bytes.Repeat([]byte("x"), inputChunk)
	for range (4 * maxPending) / inputChunk {
		r.feed(chunk)
		if len(r.buf) > maxPending+inputChunk {
			t.Fatalf("%d bytes wait undecoded", len(r.buf))
		}
	}
	// a paste of 3 MiB
	events = nil
	r.feed([]byte("\x1b[200~"))
	for range (3 * maxPaste) / inputChunk {
		r.feed(chunk)
	}
	r.feed([]byte("\x1b[201~"))
	var pasted string
	for _, ev := range events {
		if p, ok := ev.(uv.PasteEvent); ok {
			pasted = p.Content
		}
	}
	if len(pasted) != maxPaste {
		t.Fatalf("a 3 MiB paste arrived as %d bytes, want the first %d", len(pasted), maxPaste)
	}
	r.mu.Lock()
	r.done = true
	r.mu.Unlock()
}

// A raw flood of keys (a script, a file pasted without bracketed paste)
// costs the server ~7 µs a key in the program: past the session's budget
// the reader leaves keys out instead of handing every one on, tells the
// screen (at most once a second), and a person typing afterwards loses
// nothing.
func TestInputReaderLeavesOutAKeyFlood(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var keys, notices, floods int
	var r *inputReader
	var last uv.Event
	var lastMore bool
	r = newInputReader(nil, sharedKeys(), func(ev uv.Event) {
		switch ev.(type) {
		case uv.KeyPressEvent:
			if _, after := last.(keysLeftOutMsg); after {
				t.Fatal("a key was handed on after the notice of its read")
			}
			keys++
		case keysLeftOutMsg:
			notices++
		}
		last, lastMore = ev, r.more.Load()
	})
	r.more = new(atomic.Bool)
	r.now = func() time.Time { return now }
	r.onFlood = func() { floods++ }
	defer r.stop()

	// 20,480 keys at one instant, in one read: the first keyBurst are
	// handed on, then the notice
	r.feed(bytes.Repeat([]byte("x"), 20*inputChunk))
	if keys != keyBurst || notices != 1 || floods != 1 {
		t.Fatalf("20,480 keys at once: %d handed on (want %d), %d notices, %d floods counted (want 1, 1)", keys, keyBurst, notices, floods)
	}
	// the notice comes last, and nothing follows it: the screen is drawn
	if _, ok := last.(keysLeftOutMsg); !ok || lastMore {
		t.Fatalf("the last event handed on: %T, more %v; want the notice, with nothing after it", last, lastMore)
	}
	flood := bytes.Repeat([]byte("x"), inputChunk)
	now = now.Add(time.Second)
	last = nil
	r.feed(flood)
	if keys != keyBurst+keyRate || notices != 2 {
		t.Fatalf("a second later, 1,024 more: %d handed on in all (want %d), %d notices (want 2)", keys, keyBurst+keyRate, notices)
	}
	r.feed(flood) // the same second: left out, and no second notice
	if keys != keyBurst+keyRate || notices != 2 {
		t.Fatalf("the same second again: %d handed on, %d notices", keys, notices)
	}

	// once the flood is over, a person's keys and a paste all arrive
	now = now.Add(10 * time.Second)
	keys = 0
	var pasted string
	r.send = func(ev uv.Event) {
		switch ev := ev.(type) {
		case uv.KeyPressEvent:
			keys++
		case uv.PasteEvent:
			pasted = ev.Content
		}
	}
	r.feed([]byte("hello\x1b[200~" + strings.Repeat("p", 5000) + "\x1b[201~"))
	if keys != 5 || len(pasted) != 5000 {
		t.Fatalf("after the flood: %d keys of 5 and a paste of %d bytes of 5,000", keys, len(pasted))
	}
}

// The reader also paces what it reads: past a burst bigger than the
// largest paste, at a sustained rate. The client's SSH window then fills
// and it stops sending: a flood costs the server no decoding beyond the
// pace (what it sent waits in the SSH channel's window, 2 MiB).
func TestInputReaderPacesWhatItReads(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var slept time.Duration
	total := inputBurst + 4*inputRate
	r := newInputReader(io.LimitReader(endless('x'), int64(total)), sharedKeys(), func(uv.Event) {})
	r.now = func() time.Time { return now }
	r.sleep = func(ctx context.Context, d time.Duration) {
		slept += d
		now = now.Add(d)
	}
	r.run(context.Background())
	if slept < 3900*time.Millisecond || slept > 4100*time.Millisecond {
		t.Fatalf("reading %d bytes (a burst of %d, then %d a second) waited %v, want 4 s", total, inputBurst, inputRate, slept)
	}
}

// endless reads as c forever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// Over SSH the byte budget is the key's: its sessions share it, and it is
// kept after the key's last session ends until it is full again, so eight
// sessions, or a session opened again and again, read no more than one.
func TestInputBudgetIsTheKeys(t *testing.T) {
	s := &Server{cfg: ServerConfig{Limits: Limits{}.withDefaults()}}
	s.counts.init()
	now := time.Now()
	s.mu.Lock()
	a, b := s.keyCount("SHA256:a", now), s.keyCount("SHA256:b", now)
	s.mu.Unlock()
	reader := func(fp string) *inputReader { return s.sessionInput(nil, fp, sharedKeys(), func(uv.Event) {}) }
	ra, ra2, rb := reader("SHA256:a"), reader("SHA256:a"), reader("SHA256:b")
	ia := ra.bytes
	if ia != a.input || ra2.bytes != ia || rb.bytes != b.input || a.input == b.input {
		t.Fatal("a key's sessions do not read on one budget of their own")
	}
	if reader("SHA256:never").bytes == nil {
		t.Fatal("a session of a key not tracked reads on no budget")
	}
	// a's sessions spent it all, and all ended; b's budget is untouched.
	// The server then tracks as many keys as it may: the idle keys whose
	// budgets are full make room, a's is kept
	ia.ReserveN(now, inputBurst)
	s.mu.Lock()
	for i := len(s.counts.keys); i < maxTracked; i++ {
		s.keyCount(fmt.Sprintf("SHA256:idle%d", i), now)
	}
	s.keyCount("SHA256:new", now)
	kept, gone := s.counts.keys["SHA256:a"], s.counts.keys["SHA256:b"]
	s.mu.Unlock()
	if kept == nil || kept.input != ia {
		t.Fatal("a key's spent budget was forgotten: its next session would start with a full one")
	}
	if gone != nil {
		t.Fatal("an idle key with a full budget was kept when room was needed")
	}
}

// A sequence that never ends, sent a byte at a time, is decoded again
// from its start on every read (up to maxPending): ~40 µs a read at 16
// KiB, 160 at 64, with no event for the key budget to count and far fewer
// bytes than the byte budget. The byte budget is charged for what each
// read made the reader decode, so such a trickle waits as long as the
// work it causes.
func TestInputReaderPacesWhatItDecodes(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var slept time.Duration
	const n = 8_000
	trickle := io.MultiReader(strings.NewReader("\x1b]0;"), oneByteAtATime{io.LimitReader(endless('x'), n)})
	r := newInputReader(trickle, sharedKeys(), func(uv.Event) {})
	r.now = func() time.Time { return now }
	r.sleep = func(ctx context.Context, d time.Duration) {
		slept += d
		now = now.Add(d)
	}
	r.run(context.Background())
	// ~n²/2 bytes decoded: 32 MB, at 128 KiB a second after the burst
	if want := time.Duration(float64(n)*n/2-inputBurst) * time.Second / inputRate; slept < want*9/10 {
		t.Fatalf("%d bytes of an unfinished sequence, one a read, waited %v, want about %v", n, slept, want)
	}
}

// oneByteAtATime reads its reader a byte per Read, as a client sending one
// byte per SSH packet is read.
type oneByteAtATime struct{ r io.Reader }

func (o oneByteAtATime) Read(p []byte) (int, error) { return o.r.Read(p[:min(len(p), 1)]) }

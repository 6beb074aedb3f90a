package tui

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
	"golang.org/x/time/rate"
)

// Input: how an SSH session's keystrokes reach its program.
//
// Bubble Tea reads a program's input through ultraviolet's TerminalReader,
// which builds, for every program, its own table of ~1,500 key sequences
// (~150 KiB, the largest thing a session held: see BENCHMARKS.md), and
// reads through two goroutines of its own. The table depends only on the
// legacy-encoding flags and, with terminfo off, nothing else: every SSH
// session's table is the same. So a session's program runs without input
// of its own and an inputReader feeds it: one goroutine, the one shared
// table, and the same decoding — the scanner below follows ultraviolet's
// (terminal_reader.go, MIT licence, Copyright (c) 2025 Charmbracelet,
// Inc), and a test feeds both the same bytes and compares the events.

const (
	// escTimeout is how long an incomplete sequence waits for the rest
	// (ultraviolet's DefaultEscTimeout).
	escTimeout = uv.DefaultEscTimeout
	// inputChunk is how much one read takes: keys are a few bytes; a paste
	// arrives over several reads.
	inputChunk = 1024
	// maxPending bounds undecoded input: a sequence that never ends is
	// decoded as it stands once this much waits.
	maxPending = 64 << 10
	// maxPaste bounds a bracketed paste; the rest of a longer one is
	// dropped (a form field holds far less).
	maxPaste = 1 << 20
)

// A session's keyboard budget. A person types a few keys a second and
// pastes a few KiB at once; a script, or a file pasted where the terminal
// has no bracketed paste, sends keys as fast as the link carries them, and
// each key handed on costs the program ~7 µs (a raw 1 MB paste: ~7 s of a
// core) while decoding costs ~0.14 µs a byte. Past keyBurst events at once
// (the longest field, coaching notes, pasted raw) and keyRate a second,
// keys are left out and the screen says so (keysLeftOutMsg). Past
// inputBurst bytes at once and inputRate a second, the reader waits before
// reading more, so that the client's SSH window fills and it stops
// sending: over SSH that budget is the key's, shared by its sessions
// (Server.sessionInput), and it counts the bytes each read made the reader
// decode (feed). Reading and throwing the excess away instead cost
// ~450 ms of CPU a second per flooding session (the SSH layer at the
// link's speed); waiting, ~60 ms. A bracketed paste is one event; 2 MiB
// of paste or keys is read at once, the rest of a 5 MB one in ~21 s.
const (
	keyRate          = 200
	keyBurst         = 8192
	inputRate        = 128 << 10
	inputBurst       = 2 << 20
	floodNoticeEvery = time.Second
)

// keysLeftOutMsg tells the screen that keys arrived faster than anyone
// types and some were left out; a flood sends it at most once a second.
type keysLeftOutMsg struct{}

// sharedKeys is ultraviolet's key table as Bubble Tea's reader builds it
// (no legacy flags, no terminfo), built once. nil if it cannot be had: the
// sessions then read their input through Bubble Tea, as before.
var sharedKeys = sync.OnceValue(func() map[string]uv.Key {
	tr := uv.NewTerminalReader(strings.NewReader(""), "xterm-256color")
	f := reflect.ValueOf(tr).Elem().FieldByName("table")
	if !f.IsValid() || f.Type() != reflect.TypeFor[map[string]uv.Key]() || !f.CanAddr() {
		return nil
	}
	// read-only from here on: a map lookup is safe for concurrent readers
	return *(*map[string]uv.Key)(unsafe.Pointer(f.UnsafeAddr()))
})

// ignoredType is the type of the sequences ultraviolet's decoder reports
// as ignored (a cancelled string sequence); its reader drops them.
var ignoredType = func() reflect.Type {
	var d uv.EventDecoder
	_, ev := d.Decode([]byte("\x1b]0;x\x18"))
	if t := reflect.TypeOf(ev); t != nil && t.Name() == "ignoredEvent" {
		return t
	}
	return nil
}()

// inputReader decodes a session's input into events for its program.
type inputReader struct {
	r     io.Reader
	send  func(uv.Event) // the program's Send; in order, one at a time
	table map[string]uv.Key
	// more, when set, is true while the event being sent is followed by
	// more of the same read (a paste, keys typed ahead): the program need
	// not draw the frames in between (framedModel.View)
	more *atomic.Bool
	// onFlood, when set, is told each time keys are left out (as often as
	// the screen is: at most once a second): the server's log and figures.
	onFlood func()
	// the clock and the wait, a test's own
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration)

	keys, bytes *rate.Limiter // the budget above
	lastNotice  time.Time     // when the screen was last told of keys left out

	mu       sync.Mutex
	dec      uv.EventDecoder
	buf      []byte    // undecoded input
	deadline time.Time // when buf's incomplete sequence is taken as it is
	timer    *time.Timer
	done     bool

	// the scanner's state, as ultraviolet's eventScanner
	paste       []byte // inside a bracketed paste; nil: not
	utf16Half   [2]bool
	utf16Buf    [2][2]rune
	graphemeBuf [2][]rune
}

func newInputReader(r io.Reader, table map[string]uv.Key, send func(uv.Event)) *inputReader {
	return &inputReader{r: r, table: table, send: send, now: time.Now, sleep: sleepCtx,
		keys:  rate.NewLimiter(keyRate, keyBurst),
		bytes: rate.NewLimiter(inputRate, inputBurst)}
}

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// run reads until r fails or ends (the session closed) or ctx ends, then
// decodes what is left as it stands, as ultraviolet's reader does.
func (in *inputReader) run(ctx context.Context) {
	var chunk [inputChunk]byte
	for ctx.Err() == nil {
		n, err := in.r.Read(chunk[:])
		if n > 0 && ctx.Err() == nil {
			in.pace(ctx, in.feed(chunk[:n]))
		}
		if err != nil {
			break
		}
	}
	if ctx.Err() == nil {
		in.mu.Lock()
		in.scanLocked(true)
		in.mu.Unlock()
	}
	in.stop()
}

// stop ends the reader's timer: nothing more is decoded.
func (in *inputReader) stop() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.done = true
	if in.timer != nil {
		in.timer.Stop()
	}
}

// pace waits, after a read made the reader decode n bytes, as long as the
// byte budget says before the next read.
func (in *inputReader) pace(ctx context.Context, n int) {
	now := in.now()
	if d := in.bytes.ReserveN(now, n).DelayFrom(now); d > 0 { // n ≤ maxPending + inputChunk: always within the burst
		in.sleep(ctx, d)
	}
}

// feed decodes p after what waits, leaving an incomplete sequence for the
// next read or the timeout, and returns how many bytes it decoded: an
// incomplete sequence is decoded again from its start on every read, so a
// client sending one that never ends a byte at a time costs the reader
// far more than it sends, and the byte budget is charged for the work.
func (in *inputReader) feed(p []byte) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.buf = append(in.buf, p...)
	decoded := len(in.buf)
	in.deadline = time.Now().Add(escTimeout)
	in.scanLocked(len(in.buf) > maxPending)
	in.armLocked()
	return decoded
}

// armLocked waits escTimeout for the rest of an incomplete sequence.
func (in *inputReader) armLocked() {
	if len(in.buf) == 0 || in.done {
		if in.timer != nil {
			in.timer.Stop()
		}
		return
	}
	if in.timer == nil {
		in.timer = time.AfterFunc(escTimeout, in.expire)
		return
	}
	in.timer.Reset(escTimeout)
}

func (in *inputReader) expire() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.done {
		return
	}
	if len(in.buf) > 0 && time.Now().After(in.deadline) {
		in.scanLocked(true)
	}
	in.armLocked()
}

// scanLocked decodes buf, sends the events and keeps what is left.
func (in *inputReader) scanLocked(expired bool) {
	n, events := in.scanEvents(in.buf, expired)
	n = min(n, len(in.buf)) // win32 input counts what it re-encodes (as bytes.Buffer.Next, which ultraviolet uses, takes it)
	if n > 0 {
		in.buf = append(in.buf[:0], in.buf[n:]...)
		if len(in.buf) == 0 && cap(in.buf) > inputChunk {
			in.buf = nil // a paste's buffer goes with it
		}
	}
	events = in.budgetLocked(events)
	for i, ev := range events {
		if in.more != nil {
			in.more.Store(i < len(events)-1)
		}
		in.send(ev)
	}
}

// budgetLocked keeps the events the key budget allows; when it leaves some
// out, it adds a keysLeftOutMsg, at most once every floodNoticeEvery.
func (in *inputReader) budgetLocked(events []uv.Event) []uv.Event {
	if len(events) == 0 {
		return events
	}
	now := in.now()
	kept := events[:min(len(events), max(int(in.keys.TokensAt(now)), 0))]
	if len(kept) > 0 {
		in.keys.AllowN(now, len(kept)) // the tokens were there: one reader takes them
	}
	if left := len(kept) < len(events); left && now.Sub(in.lastNotice) >= floodNoticeEvery { // never told: lastNotice is zero, long ago
		in.lastNotice = now
		kept = append(kept, keysLeftOutMsg{})
		if in.onFlood != nil {
			in.onFlood()
		}
	}
	return kept
}

// scanEvents is ultraviolet's eventScanner.scanEvents, with a bound on a
// paste's size.
func (in *inputReader) scanEvents(buf []byte, expired bool) (total int, events []uv.Event) {
	if len(buf) == 0 {
		return 0, nil
	}
	var dn int
	dn, buf = in.deserializeWin32Input(buf)
	total += dn

	// Lookup table first
	if len(buf) > 2 && buf[0] == ansi.ESC {
		if k, ok := in.table[string(buf)]; ok {
			return len(buf), []uv.Event{uv.KeyPressEvent(k)}
		}
	}

	for len(buf) > 0 {
		esc := buf[0] == ansi.ESC
		n, event := in.dec.Decode(buf)

		// Handle bracketed-paste
		if in.paste != nil {
			if _, ok := event.(uv.PasteEndEvent); !ok {
				switch event := event.(type) {
				case uv.KeyPressEvent:
					if len(event.Text) > 0 {
						in.addPaste(event.Text)
					} else {
						seq := string(buf[:n])
						isWin32 := strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "_")
						switch {
						case isWin32 && event.Code == uv.KeyEnter && event.Code == event.BaseCode:
							in.addPaste("\n")
						case isWin32 && unicode.IsControl(event.Code) && event.Code == event.BaseCode:
							in.addPaste(string(event.Code))
						case !isWin32:
							if esc && n <= 2 && !expired {
								return total, events
							}
							in.addPaste(seq)
						}
					}
				case uv.UnknownEvent:
					if !expired {
						return total, events
					}
				default:
					// Everything else is ignored...
				}
				buf = buf[n:]
				total += n
				continue
			}
		}

		var isUnknown bool
		switch event.(type) {
		case uv.UnknownEvent:
			isUnknown = true
			if !expired {
				return total, events
			}
			if k, ok := in.table[string(buf[:n])]; ok {
				events = append(events, uv.KeyPressEvent(k))
				return total + n, events
			}
			events = append(events, event)
		case uv.PasteStartEvent:
			in.paste = []byte{}
		case uv.PasteEndEvent:
			var paste []rune
			for len(in.paste) > 0 {
				r, w := utf8.DecodeRune(in.paste)
				if r != utf8.RuneError {
					paste = append(paste, r)
				}
				in.paste = in.paste[w:]
			}
			in.paste = nil
			events = append(events, uv.PasteEvent{Content: string(paste)})
		}
		if event != nil && ignoredType != nil && reflect.TypeOf(event) == ignoredType {
			event = nil
		}

		if !isUnknown && event != nil {
			if esc && n <= 2 && !expired {
				return total, events
			}
			if m, ok := event.(uv.MultiEvent); ok {
				events = append(events, m...)
			} else {
				events = append(events, event)
			}
		}

		buf = buf[n:]
		total += n
	}
	return total, events
}

// addPaste keeps pasted text up to maxPaste bytes.
func (in *inputReader) addPaste(s string) {
	if room := maxPaste - len(in.paste); room > 0 {
		in.paste = append(in.paste, s[:min(len(s), room)]...)
	}
}

// The rest is ultraviolet's handling of Windows' win32-input-mode, which
// serialises key events (and UTF-16 halves of graphemes) as sequences.

func (in *inputReader) encodeGraphemeBufs() []byte {
	var b []byte
	for kd := range in.graphemeBuf {
		if len(in.graphemeBuf[kd]) > 0 {
			switch kd {
			case 1:
				b = append(b, string(in.graphemeBuf[kd])...)
			case 0:
				grs := uniseg.NewGraphemes(string(in.graphemeBuf[kd]))
				for grs.Next() {
					var codepoints string
					gr := grs.Str()
					for i, r := range gr {
						if r == 0 {
							continue
						}
						if i > 0 {
							codepoints += ":"
						}
						codepoints += strconv.FormatInt(int64(r), 10)
					}
					seq := fmt.Sprintf("\x1b[%d;1:3;%su", in.graphemeBuf[kd][0], codepoints)
					b = append(b, seq...)
				}
			}
			in.graphemeBuf[kd] = in.graphemeBuf[kd][:0]
		}
	}
	return b
}

func (in *inputReader) storeGraphemeRune(kd int, r rune) {
	if in.utf16Half[kd] {
		in.utf16Half[kd] = false
		in.utf16Buf[kd][1] = r
		r := utf16.DecodeRune(in.utf16Buf[kd][0], in.utf16Buf[kd][1])
		in.graphemeBuf[kd] = append(in.graphemeBuf[kd], r)
	} else if utf16.IsSurrogate(r) {
		in.utf16Half[kd] = true
		in.utf16Buf[kd][0] = r
	} else {
		in.graphemeBuf[kd] = append(in.graphemeBuf[kd], r)
	}
}

func (in *inputReader) deserializeWin32Input(buf []byte) (int, []byte) {
	p := ansi.GetParser()
	defer ansi.PutParser(p)

	var processed int
	var state byte
	des := make([]byte, 0, len(buf))
	for len(buf) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(buf, state, p)
		switch width {
		case 0:
			if p.Command() == '_' { // Win32 Input Mode
				vk, _ := p.Param(0, 0)
				if vk == 0 {
					uc, _ := p.Param(2, 0)
					kd, _ := p.Param(3, 0)
					kd = min(max(kd, 0), 1)
					in.storeGraphemeRune(kd, rune(uc))
					processed += n
					break
				}
			}
			fallthrough
		default:
			des = append(des, in.encodeGraphemeBufs()...)
			des = append(des, seq...)
		}
		state = newState
		buf = buf[n:]
	}
	des = append(des, in.encodeGraphemeBufs()...)
	return processed, des
}

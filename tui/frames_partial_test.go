package tui

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unique"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"cxroom/meeting"
)

// fullStep is the step from at to f made as before lines were left
// uncompared: a fresh renderer at at, the whole of f compared.
func fullStep(profile colorprofile.Profile, at, f frame) []byte {
	r := newStepRenderer("xterm-256color", profile, at)
	buf := uv.NewScreenBuffer(f.w, f.h)
	uv.NewStyledString(f.text()).Draw(buf, buf.Bounds())
	r.scr.Render(buf.RenderBuffer)
	r.scr.MoveTo(0, 0)
	_ = r.scr.Flush()
	return bytes.Clone(r.out.Bytes())
}

// A step compares only the lines that changed when none moved, and makes,
// byte for byte, the step a renderer comparing every line makes: over
// random sequences of room-like frames (lines changing, lists growing and
// shrinking, styles) and a real room's frames as an action is added.
// Measured: a room's step 353 → 179 µs (BenchmarkStepRoomChange).
func TestStepComparesOnlyChangedLines(t *testing.T) {
	const w, h = 120, 40
	fr := func(s string) frame { return frame{content: unique.Make(s), w: w, h: h} }
	seqs := [][]string{}
	seed := rand.Uint64()
	for i := range uint64(4) {
		seqs = append(seqs, testFrames(seed+i, 60, w, h))
	}
	m, r := benchRoom(t, true)
	room := []string{m.View().Content}
	for i := range 5 {
		_, err := r.AddAction(context.Background(), actor("maria"), meeting.ActionInput{Text: fmt.Sprintf("MARK%04dQZ call the customer back", i), Owner: "ana", Due: "fri"})
		must(t, err)
		m.top().(*roomScreen).snap = r.Snapshot()
		room = append(room, m.View().Content)
	}
	seqs = append(seqs, room)
	for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI} {
		partial, steps := 0, 0
		for k, seq := range seqs {
			sr := newStepRenderer("xterm-256color", profile, fr(seq[0]))
			for i := 1; i < len(seq); i++ {
				want := fullStep(profile, fr(seq[i-1]), fr(seq[i]))
				scratch := uv.NewScreenBuffer(w, h)
				uv.NewStyledString(seq[i]).Draw(scratch, scratch.Bounds())
				if untouchSame(scratch.RenderBuffer, seq[i-1], seq[i]) {
					partial++
				}
				steps++
				if got := sr.render(fr(seq[i])); !bytes.Equal(got, want) {
					t.Fatalf("%s, sequence %d (seed %d), step %d: %d bytes, comparing every line %d\ngot:  %q\nwant: %q", profile, k, seed, i, len(got), len(want), got, want)
				}
			}
		}
		if partial < steps/4 {
			t.Errorf("%s: %d of %d steps compared only the changed lines", profile, partial, steps)
		}
	}
	// the room's steps are all partial: no line of it moves
	for i := 1; i < len(room); i++ {
		scratch := uv.NewScreenBuffer(w, h)
		uv.NewStyledString(room[i]).Draw(scratch, scratch.Bounds())
		if !untouchSame(scratch.RenderBuffer, room[i-1], room[i]) {
			t.Errorf("room step %d compared every line", i)
		} else if n := comparedRows(scratch.RenderBuffer); n == 0 || n > h/2 {
			t.Errorf("room step %d compared %d lines", i, n)
		}
	}
}

// comparedRows is how many rows of buf the renderer will compare.
func comparedRows(buf *uv.RenderBuffer) int {
	n := 0
	for _, t := range buf.Touched {
		if t != nil && (t.FirstCell != -1 || t.LastCell != -1) {
			n++
		}
	}
	return n
}

func TestPenClosed(t *testing.T) {
	for _, c := range []struct {
		line   string
		closed bool
	}{
		{"", true},
		{"plain text │ more", true},
		{"\x1b[1mbold\x1b[m", true},
		{"\x1b[1;38;2;79;193;233mx\x1b[0m and after", true},
		{"\x1b[38:2::1:2:3mx\x1b[m", true},
		{"\x1b[1mbold", false},
		{"\x1b[1mx\x1b[m\x1b[2m", false},
		{"\x1b[22mpartial reset", false},
		{"\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\", false},
		{"\x1b[2Kcleared", false},
		{"cut \x1b[", false},
		{"cut \x1b", false},
	} {
		if got := penClosed(c.line); got != c.closed {
			t.Errorf("penClosed(%q) = %v, want %v", c.line, got, c.closed)
		}
	}
}

// BenchmarkStepRoomChange is one step of a room's frame as an action is
// added (and back): what a room change costs once, however many share it.
func BenchmarkStepRoomChange(b *testing.B) {
	m, r := benchRoom(b, true)
	fa := frame{content: unique.Make(m.View().Content), w: 120, h: 40}
	_, _ = r.AddAction(context.Background(), actor("maria"), meeting.ActionInput{Text: "MARK0001QZ call the customer back", Owner: "ana", Due: "fri"})
	m.top().(*roomScreen).snap = r.Snapshot()
	fb := frame{content: unique.Make(m.View().Content), w: 120, h: 40}
	sr := newStepRenderer("xterm-256color", colorprofile.TrueColor, fa)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			sr.render(fb)
		} else {
			sr.render(fa)
		}
	}
}

// BenchmarkStepTyping is one step of a person typing an action in the
// room's form: a frame of their own on every key, made for them alone.
func BenchmarkStepTyping(b *testing.B) {
	m, _ := benchRoom(b, true)
	m.Update(keyMsg("a"))
	frames := []frame{{content: unique.Make(m.View().Content), w: 120, h: 40}}
	for _, r := range "Call the customer back about the refund" {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		frames = append(frames, frame{content: unique.Make(m.View().Content), w: 120, h: 40})
	}
	if !strings.Contains(frames[len(frames)-1].text(), "about the refund") {
		b.Fatal("the form did not take the typing")
	}
	sr := newStepRenderer("xterm-256color", colorprofile.TrueColor, frames[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		sr.render(frames[1+i%(len(frames)-1)])
	}
}

// A step parses only the lines that changed (drawChanged) and still makes,
// byte for byte, the step a renderer parsing every frame whole makes (as
// before), whatever the scratch buffer held: over frames with wide
// characters, marks that join the character before them (also at the start
// of a line, after a style), styled blanks and blank rows at the bottom,
// lines of spaces, and the random room-like sequences. (With wide
// characters and marks, a fresh renderer brought to a frame can itself step
// differently from one that drew its way there: fullStep is the reference
// only for narrow text, above.)
func TestStepDrawsOnlyChangedLines(t *testing.T) {
	const w, h = 80, 24
	fr := func(s string) frame { return frame{content: unique.Make(s), w: w, h: h} }
	words := []string{"action", "漢字", "e\u0301", "\u0301", "\x1b[1m\u0301\x1b[m", "👩‍💻", "   ", "\x1b[48;5;236m   \x1b[m", "│", "López", "\x1b[38;2;79;193;233mMaria\x1b[m", ""}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 11))
	line := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		return ansiTruncate(b.String(), w)
	}
	lines := make([]string, h)
	for i := range lines {
		lines[i] = line()
	}
	var seq []string
	for range 300 {
		switch rng.IntN(5) {
		case 0:
			lines[rng.IntN(h)] = line()
		case 1: // the bottom rows go blank, or only spaces
			for y := h - 1 - rng.IntN(4); y < h; y++ {
				lines[y] = []string{"", "   ", "\x1b[48;5;236m      \x1b[m"}[rng.IntN(3)]
			}
		case 2: // the bottom row comes back
			lines[h-1] = line()
		case 3: // a few lines anywhere
			for range 1 + rng.IntN(3) {
				lines[rng.IntN(h)] = line()
			}
		case 4: // nothing changes
		}
		seq = append(seq, strings.Join(lines, "\n"))
	}
	seqs := [][]string{seq, testFrames(seed, 120, w, h)}
	for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256} {
		drawn, steps := 0, 0
		for k, seq := range seqs {
			sr := newStepRenderer("xterm-256color", profile, fr(seq[0]))
			ref := newStepRenderer("xterm-256color", profile, fr(seq[0]))
			ref.parseAll = true
			for i := 1; i < len(seq); i++ {
				want := ref.render(fr(seq[i]))
				staleScratch(w, h, seq[rng.IntN(len(seq))])
				probe := uv.NewScreenBuffer(w, h)
				if drawChanged(&probe, seq[i-1], seq[i]) {
					drawn++
				}
				steps++
				if got := sr.render(fr(seq[i])); !bytes.Equal(got, want) {
					t.Fatalf("%s, sequence %d (seed %d), step %d: %d bytes, parsing every line %d\nfrom: %q\nto:   %q\ngot:  %q\nwant: %q",
						profile, k, seed, i, len(got), len(want), seq[i-1], seq[i], got, want)
				}
			}
		}
		// many of these frames' lines start with a joining mark, or are
		// blanks another row also had: those steps parse the whole frame
		if drawn < steps/10 {
			t.Errorf("%s: %d of %d steps parsed only the changed lines", profile, drawn, steps)
		}
	}
}

// A room change parses only its changed lines: the room's frames as
// actions are added never need the whole frame parsed.
func TestARoomChangeParsesOnlyItsChangedLines(t *testing.T) {
	m, r := benchRoom(t, true)
	prev := m.View().Content
	for i := range 5 {
		_, err := r.AddAction(context.Background(), actor("maria"), meeting.ActionInput{Text: fmt.Sprintf("MARK%04dQZ call the customer back", i), Owner: "ana", Due: "fri"})
		must(t, err)
		m.top().(*roomScreen).snap = r.Snapshot()
		next := m.View().Content
		buf := uv.NewScreenBuffer(120, 40)
		if !drawChanged(&buf, prev, next) {
			t.Errorf("add %d: the whole frame is parsed", i)
		} else if n := comparedRows(buf.RenderBuffer); n == 0 || n > 20 {
			t.Errorf("add %d: %d rows compared", i, n)
		}
		prev = next
	}
}

// staleScratch leaves the pooled scratch buffer of that size holding
// another frame, as one left by another session's step would: the next
// step is handed it (the pool gives a goroutine back what it put).
func staleScratch(w, h int, text string) {
	b := scratchBuffers.get(w, h)
	b.Clear()
	uv.NewStyledString(text).Draw(b, b.Bounds())
	scratchBuffers.put(b)
}

// Lines that draw differently on their own than in their frame are parsed
// with the frame (found in review; none reaches a screen today, as user
// text is cleaned of control characters): a bottom line whose text has a
// character but whose cells are blank (a tab, a bell, a carriage return
// overwriting, text past the width), a mark after a control character or a
// separator at a line's start, an 8-bit CSI. The scratch buffer holds a
// cleared screen and then another frame.
func TestStepDrawsLinesThatDependOnTheirFrameWhole(t *testing.T) {
	const w, h = 23, 4 // a size no other test uses: the pool holds only ours
	fr := func(s string) frame { return frame{content: unique.Make(s), w: w, h: h} }
	for _, c := range []struct{ name, from, to string }{
		{"tab on the bottom line", "a\nb\nc\nd", "a\nb\nc\n\t"},
		{"bell on the bottom line", "a\nb\nc\nd", "a\nb\nc\n\a"},
		{"carriage return on the bottom line", "a\nb\nc\nd", "a\nb\nc\nx\r "},
		{"text past the width on the bottom line", "a\nb\nc\nd", "a\nb\nc\n" + strings.Repeat(" ", w) + "x"},
		{"styled blanks on the bottom line", "a\nb\nc\nd", "a\nb\nc\n\x1b[48;5;236m   \x1b[m"},
		{"mark after a tab", "a\nb\nc\nd", "x\n\t\u0301\nc\nd"},
		{"mark after a carriage return", "a\nb\nc\nd", "x\n\r\u0301\nc\nd"},
		{"line separator", "a\nb\nc\nd", "x\n\u2028\nc\nd"},
		{"encoded C1 CSI", "a\nb\nc\nd", "x\u009b1my\nz\nc\nd"},
		{"8-bit CSI", "a\nb\nc\nd", "x\x9b1my\nz\nc\nd"},
	} {
		for _, stale := range []string{"", "q\nr\ns\nt"} {
			ref := newStepRenderer("xterm-256color", colorprofile.TrueColor, fr(c.from))
			ref.parseAll = true
			want := ref.render(fr(c.to))
			sr := newStepRenderer("xterm-256color", colorprofile.TrueColor, fr(c.from))
			staleScratch(w, h, stale)
			if got := sr.render(fr(c.to)); !bytes.Equal(got, want) {
				t.Errorf("%s (scratch holding %q): %q -> %q\ngot:  %q\nwant: %q", c.name, stale, c.from, c.to, got, want)
			}
		}
	}
}

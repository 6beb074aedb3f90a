package tui

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unique"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/hinshun/vt10x"
)

// refRenderer draws frames the way Bubble Tea's own renderer does for an
// SSH session on the alternate screen: one renderer, incrementally.
type refRenderer struct {
	scr *uv.TerminalRenderer
	buf uv.ScreenBuffer
	out bytes.Buffer
	w   int
	h   int
}

func newRefRenderer(profile colorprofile.Profile) *refRenderer {
	r := &refRenderer{}
	r.scr = uv.NewTerminalRenderer(&r.out, []string{"TERM=xterm-256color"})
	r.scr.SetColorProfile(profile)
	r.scr.SetTabStops(-1)
	r.scr.SetBackspace(false)
	r.scr.SetMapNewline(true)
	r.scr.SetScrollOptim(true)
	r.scr.SaveCursor()
	r.scr.SetFullscreen(true)
	r.scr.SetRelativeCursor(false)
	r.scr.Erase()
	return r
}

func (r *refRenderer) draw(content string, w, h int) []byte {
	if w != r.w || h != r.h {
		r.w, r.h = w, h
		r.buf = uv.NewScreenBuffer(w, h)
		r.scr.Resize(w, h)
		r.scr.Erase()
	}
	r.buf.Clear()
	uv.NewStyledString(content).Draw(r.buf, r.buf.Bounds())
	r.scr.Render(r.buf.RenderBuffer)
	_ = r.scr.Flush()
	out := bytes.Clone(r.out.Bytes())
	r.out.Reset()
	return out
}

// testFrames returns a sequence of frames of one room-like screen:
// styled text, lines that change, scroll and vanish.
func testFrames(seed uint64, n, w, h int) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	styles := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#4fc1e9")),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#8a8a8a")),
		lipgloss.NewStyle().Background(lipgloss.Color("#303030")).Foreground(lipgloss.Color("#ffffff")),
		lipgloss.NewStyle().Underline(true),
		lipgloss.NewStyle().Reverse(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("252")),
	}
	// narrow characters only: the virtual terminal gives every rune one
	// cell, so with a wide one two correct streams can draw differently
	words := []string{"action", "Maria", "López", "★", "typing…", "A12:", "call", "the", "customer", "│", "━━━━", "   ", "MARK0001QZ"}
	line := func() string {
		var b strings.Builder
		for b.Len() < rng.IntN(3*w/2)+1 {
			st := styles[rng.IntN(len(styles))]
			b.WriteString(st.Render(words[rng.IntN(len(words))]))
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	lines := make([]string, h)
	for i := range lines {
		if rng.IntN(4) > 0 {
			lines[i] = line()
		}
	}
	var out []string
	for range n {
		switch rng.IntN(6) {
		case 0: // one line changes
			lines[rng.IntN(h)] = line()
		case 1: // a few lines change
			for range 1 + rng.IntN(4) {
				lines[rng.IntN(h)] = line()
			}
		case 2: // a list grows: lines move down
			i := rng.IntN(h)
			copy(lines[i+1:], lines[i:h-1])
			lines[i] = line()
		case 3: // a list shrinks: lines move up
			i := rng.IntN(h)
			copy(lines[i:], lines[i+1:])
			lines[h-1] = ""
		case 4: // a line empties
			lines[rng.IntN(h)] = ""
		case 5: // nothing but the status line
			lines[h-1] = fmt.Sprintf("Member %03d added A%d: call back", rng.IntN(500), rng.IntN(100))
		}
		fitted := make([]string, h)
		for i, l := range lines {
			fitted[i] = ansiTruncate(l, w)
		}
		out = append(out, strings.Join(fitted, "\n"))
	}
	return out
}

func ansiTruncate(s string, w int) string {
	return column(s, w, 1, false)[0]
}

// screenOf returns every cell of a virtual terminal: character, colours
// and attributes.
func screenOf(vt vt10x.Terminal) string {
	vt.Lock()
	defer vt.Unlock()
	cols, rows := vt.Size()
	var b strings.Builder
	for y := range rows {
		for x := range cols {
			g := vt.Cell(x, y)
			fmt.Fprintf(&b, "%c/%d/%d/%d ", g.Char, g.FG, g.BG, g.Mode)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func textOf(vt vt10x.Terminal) string { return vt.String() }

// onlcr does what the SSH server's emulated PTY does to everything a
// session writes (charm.land/ssh's ptyWriter): \n becomes \r\n.
func onlcr(p []byte) []byte {
	p = bytes.ReplaceAll(p, []byte{'\n'}, []byte{'\r', '\n'})
	return bytes.ReplaceAll(p, []byte{'\r', '\r', '\n'}, []byte{'\r', '\n'})
}

// TestSharedFramesDrawWhatBubbleTeaDraws: sessions that share steps, take
// their own, join and leave a shared sequence, see on their terminals
// exactly what Bubble Tea's renderer would have put there.
func TestSharedFramesDrawWhatBubbleTeaDraws(t *testing.T) {
	for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI} {
		t.Run(profile.String(), func(t *testing.T) {
			const w, h = 60, 14
			seed := rand.Uint64()
			shared := testFrames(seed, 60, w, h)
			private := testFrames(seed+1, 60, w, h)
			// unique to this run, so no other test's steps are reused
			tag := fmt.Sprintf("%x", seed)
			for i := range shared {
				shared[i] = strings.Replace(shared[i], "\n", " "+tag+"\n", 1)
				private[i] = strings.Replace(private[i], "\n", " "+tag+"p\n", 1)
			}

			type session struct {
				name string
				fw   *frameWriter
				ref  *refRenderer
				vt   vt10x.Terminal // what our bytes drew
				rvt  vt10x.Terminal // what Bubble Tea's would have
			}
			steps := newStepCache()
			newSession := func(name string) *session {
				return &session{name: name,
					fw:  &frameWriter{steps: steps, term: "xterm-256color", profile: profile, ctx: context.Background()},
					ref: newRefRenderer(profile),
					vt:  vt10x.New(vt10x.WithSize(w, h)), rvt: vt10x.New(vt10x.WithSize(w, h))}
			}
			show := func(s *session, content string, w, h int) {
				t.Helper()
				var b bytes.Buffer
				s.fw.draw(&b, frame{content: unique.Make(content), w: w, h: h}, "cxroom")
				_, _ = s.vt.Write(onlcr(b.Bytes()))
				ref := s.ref.draw(content, w, h)
				_, _ = s.rvt.Write(onlcr(ref))
				if got, want := screenOf(s.vt), screenOf(s.rvt); got != want {
					t.Fatalf("%s: the screen differs from Bubble Tea's after %q\nours:\n%s\nBubble Tea's:\n%s\nour bytes %q\nBubble Tea's bytes %q", s.name, content, textOf(s.vt), textOf(s.rvt), b.Bytes(), ref)
				}
			}
			a, b, c, d := newSession("a"), newSession("b"), newSession("c"), newSession("d")
			for i := range shared {
				if i%2 == 1 { // d comes first: it makes the step, with the renderer that made the last one
					show(d, shared[i], w, h)
				}
				show(a, shared[i], w, h) // computes most steps
				if i%2 == 0 {
					show(d, shared[i], w, h)
				}
				show(b, shared[i], w, h) // replays them
				switch {
				case i%10 < 3: // c types in a form: frames of its own
					show(c, private[i], w, h)
				case i%10 == 7: // and a resize storm, then back
					show(c, private[i], w-7, h-3)
					show(c, shared[i], w, h)
				default:
					show(c, shared[i], w, h)
				}
			}
			if steps.madeAt != 0 {
				t.Errorf("%d renderers were made for steps from a frame shown: an idle one always serves", steps.madeAt)
			}
		})
	}
}

// TestSharedFramesComputeOnce: many sessions making the same step at once
// compute it once and write the same bytes.
func TestSharedFramesComputeOnce(t *testing.T) {
	frames := testFrames(rand.Uint64(), 2, 80, 20)
	ctx := context.Background()
	const n = 50
	outs := make([][]byte, n)
	fws := make([]*frameWriter, n)
	steps := newStepCache()
	for i := range fws {
		fws[i] = &frameWriter{steps: steps, term: "xterm-256color", profile: colorprofile.TrueColor, ctx: ctx}
		var b bytes.Buffer
		fws[i].draw(&b, frame{content: unique.Make(frames[0]), w: 80, h: 20}, "")
	}
	done := make(chan int)
	for i := range fws {
		go func() {
			var b bytes.Buffer
			fws[i].draw(&b, frame{content: unique.Make(frames[1]), w: 80, h: 20}, "")
			outs[i] = b.Bytes()
			done <- i
		}()
	}
	for range n {
		<-done
	}
	for i := range fws {
		if !bytes.Equal(outs[i], outs[0]) {
			t.Fatalf("session %d wrote other bytes for the same step", i)
		}
	}
	if steps.made != 1 || steps.moved != 0 {
		t.Errorf("%d renderers made and %d moved for two steps everyone made; want the first step's renderer to make the second", steps.made, steps.moved)
	}
}

// TestOwnStepsShareScratchSafely: sessions drawing frames of their own at
// once, at different sizes, share the buffers frames are parsed into and
// still put on their terminals exactly what Bubble Tea's renderer would.
func TestOwnStepsShareScratchSafely(t *testing.T) {
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			w, h := 60+i%3, 14+i%2
			seed := rand.Uint64()
			frames := testFrames(seed, 30, w, h)
			fw := &frameWriter{steps: newStepCache(), term: "xterm-256color", profile: colorprofile.TrueColor, ctx: context.Background()}
			ref := newRefRenderer(colorprofile.TrueColor)
			vt, rvt := vt10x.New(vt10x.WithSize(w, h)), vt10x.New(vt10x.WithSize(w, h))
			for k, content := range frames {
				content = strings.Replace(content, "\n", fmt.Sprintf(" %x/%d\n", seed, k), 1)
				var b bytes.Buffer
				fw.draw(&b, frame{content: unique.Make(content), w: w, h: h}, "cxroom")
				_, _ = vt.Write(onlcr(b.Bytes()))
				_, _ = rvt.Write(onlcr(ref.draw(content, w, h)))
				if got, want := screenOf(vt), screenOf(rvt); got != want {
					errs <- fmt.Errorf("session %d, frame %d: the screen differs from Bubble Tea's\nours:\n%s\nBubble Tea's:\n%s", i, k, textOf(vt), textOf(rvt))
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestFramedModelDrawsItsView: the frame a session's program hands its
// writer (the screen and the help line as two parts) is exactly the
// program's view, in the lobby, in a room and when the terminal is too
// small.
func TestFramedModelDrawsItsView(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 120, 40)
	fw := &frameWriter{steps: newStepCache(), term: "xterm-256color", profile: colorprofile.TrueColor, ctx: context.Background(), stopped: true}
	fm := &framedModel{Model: s.m, fw: fw, w: 120, h: 40, sized: true}
	check := func(what string) {
		t.Helper()
		fm.View()
		fw.mu.Lock()
		got := fw.next.text()
		fw.mu.Unlock()
		if want := s.m.View().Content; got != want {
			t.Fatalf("%s: the frame drawn is not the view\n got %q\nwant %q", what, got, want)
		}
	}
	check("lobby")
	s.startRitual(0)
	s.keys("enter")
	s.expect("Segment 1/")
	check("room")
	s.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	check("too small")
}

// TestNewScreenIsOneSharedStep: sessions leaving their own lobbies for the
// same room screen draw it whole, as one step they share, and keep no
// renderer of their own; their terminals show what Bubble Tea's would.
func TestNewScreenIsOneSharedStep(t *testing.T) {
	const w, h, n = 60, 14, 6
	seed := rand.Uint64()
	room := strings.Replace(testFrames(seed, 1, w, h)[0], "\n", fmt.Sprintf(" room %x\n", seed), 1)
	steps := newStepCache()
	type session struct {
		fw      *frameWriter
		ref     *refRenderer
		vt, rvt vt10x.Terminal
	}
	var ss []*session
	for i := range n {
		s := &session{fw: &frameWriter{steps: steps, term: "xterm-256color", profile: colorprofile.TrueColor, ctx: context.Background()},
			ref: newRefRenderer(colorprofile.TrueColor), vt: vt10x.New(vt10x.WithSize(w, h)), rvt: vt10x.New(vt10x.WithSize(w, h))}
		lobby := strings.Replace(testFrames(seed+uint64(i)+1, 1, w, h)[0], "\n", fmt.Sprintf(" lobby of %d %x\n", i, seed), 1)
		var b bytes.Buffer
		s.fw.draw(&b, frame{content: unique.Make(lobby), w: w, h: h}, "cxroom")
		_, _ = s.vt.Write(onlcr(b.Bytes()))
		_, _ = s.rvt.Write(onlcr(s.ref.draw(lobby, w, h)))
		ss = append(ss, s)
	}
	var first []byte
	for i, s := range ss {
		var b bytes.Buffer
		s.fw.drawAs(&b, frame{content: unique.Make(room), w: w, h: h}, "cxroom", true)
		if i == 0 {
			first = b.Bytes()
		} else if !bytes.Equal(b.Bytes(), first) {
			t.Fatalf("session %d wrote other bytes for the room's first frame", i)
		}
		_, _ = s.vt.Write(onlcr(b.Bytes()))
		_, _ = s.rvt.Write(onlcr(s.ref.draw(room, w, h)))
		if got, want := screenOf(s.vt), screenOf(s.rvt); got != want {
			t.Fatalf("session %d: the room differs from Bubble Tea's\nours:\n%s\nBubble Tea's:\n%s", i, textOf(s.vt), textOf(s.rvt))
		}
	}
	if steps.made != n+1 {
		t.Fatalf("%d renderers made for %d lobbies and one room; the room's first frame was made more than once", steps.made, n)
	}
}

// TestStepsHandOnTheRenderer: the session first to make a step takes the
// renderer that made the step before (another session's, idle at that
// frame) rather than making one, and draws what Bubble Tea would.
func TestStepsHandOnTheRenderer(t *testing.T) {
	const w, h = 60, 14
	seed := rand.Uint64()
	frames := testFrames(seed, 4, w, h)
	for i := range frames {
		frames[i] = strings.Replace(frames[i], "\n", fmt.Sprintf(" hand %x\n", seed), 1)
	}
	steps := newStepCache()
	type session struct {
		fw      *frameWriter
		ref     *refRenderer
		vt, rvt vt10x.Terminal
	}
	newSession := func() *session {
		return &session{fw: &frameWriter{steps: steps, term: "xterm-256color", profile: colorprofile.TrueColor, ctx: context.Background()},
			ref: newRefRenderer(colorprofile.TrueColor), vt: vt10x.New(vt10x.WithSize(w, h)), rvt: vt10x.New(vt10x.WithSize(w, h))}
	}
	show := func(name string, s *session, i int) {
		t.Helper()
		var b bytes.Buffer
		s.fw.draw(&b, frame{content: unique.Make(frames[i]), w: w, h: h}, "cxroom")
		_, _ = s.vt.Write(onlcr(b.Bytes()))
		_, _ = s.rvt.Write(onlcr(s.ref.draw(frames[i], w, h)))
		if got, want := screenOf(s.vt), screenOf(s.rvt); got != want {
			t.Fatalf("%s, frame %d: the screen differs from Bubble Tea's\nours:\n%s\nBubble Tea's:\n%s", name, i, textOf(s.vt), textOf(s.rvt))
		}
	}
	x, y := newSession(), newSession()
	at := func(i int) *stepRenderer {
		steps.mu.Lock() // its pruning timer may run meanwhile
		defer steps.mu.Unlock()
		return steps.idle[idleKey{at: frame{content: unique.Make(frames[i]), w: w, h: h}, term: "xterm-256color", profile: colorprofile.TrueColor}]
	}
	show("x", x, 0)
	show("y", y, 0)
	show("x", x, 1) // x makes the step 0→1
	made := at(1)
	if made == nil {
		t.Fatal("the renderer that made the step 0→1 is not idle at frame 1")
	}
	show("y", y, 1) // y replays it
	show("y", y, 2) // y is first to the step 1→2: with that renderer
	if at(2) != made {
		t.Fatal("y made the step 1→2 with another renderer than the one idle at frame 1")
	}
	show("x", x, 2) // x replays it
	show("x", x, 3) // and x is first again: the same renderer
	if at(3) != made {
		t.Fatal("x made the step 2→3 with another renderer than the one idle at frame 2")
	}
	show("y", y, 3)
	if steps.made != 1 || steps.moved != 0 {
		t.Fatalf("%d renderers made and %d moved for four steps; want one, handed on", steps.made, steps.moved)
	}
}

// TestPrivateFramesHoldBoundedRenderers: a town hall's lobby, everyone
// drawing frames of their own at once, holds the idle set's renderers, not
// one a person; and every screen is still what Bubble Tea would draw.
func TestPrivateFramesHoldBoundedRenderers(t *testing.T) {
	const n, w, h, rounds = 40, 120, 40, 4
	seed := rand.Uint64()
	steps := newStepCache()
	type session struct {
		fw      *frameWriter
		ref     *refRenderer
		vt, rvt vt10x.Terminal
		frames  []string
	}
	ss := make([]*session, n)
	for i := range ss {
		fr := testFrames(seed+uint64(i), rounds, w, h)
		for j := range fr {
			fr[j] = strings.Replace(fr[j], "\n", fmt.Sprintf(" lobby %d of %x\n", i, seed), 1)
		}
		ss[i] = &session{fw: &frameWriter{steps: steps, term: "xterm-256color", profile: colorprofile.TrueColor, ctx: context.Background()},
			ref: newRefRenderer(colorprofile.TrueColor), vt: vt10x.New(vt10x.WithSize(w, h)), rvt: vt10x.New(vt10x.WithSize(w, h)), frames: fr}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for _, s := range ss { // the reference renderers' own buffers are not what is measured
		_, _ = s.rvt.Write(onlcr(s.ref.draw("", w, h)))
	}
	base := heap()
	for round := range rounds {
		for i, s := range ss {
			var b bytes.Buffer
			s.fw.draw(&b, frame{content: unique.Make(s.frames[round]), w: w, h: h}, "cxroom")
			_, _ = s.vt.Write(onlcr(b.Bytes()))
			_, _ = s.rvt.Write(onlcr(s.ref.draw(s.frames[round], w, h)))
			if got, want := screenOf(s.vt), screenOf(s.rvt); got != want {
				t.Fatalf("lobby %d, frame %d: the screen differs from Bubble Tea's\nours:\n%s\nBubble Tea's:\n%s", i, round, textOf(s.vt), textOf(s.rvt))
			}
		}
	}
	held := int64(heap()) - int64(base)
	runtime.KeepAlive(ss)
	// a renderer at 120×40 holds ~0.55 MB: 40 of them were 22 MB
	const most = 12 << 20
	steps.mu.Lock() // the idle set's pruning may run now (its timer: a slow machine takes over 2 s here)
	idle := len(steps.idle)
	steps.mu.Unlock()
	t.Logf("%d lobbies drawing at %d×%d hold %.1f MB (the idle set: %d renderers)", n, w, h, float64(held)/(1<<20), idle)
	if held > most {
		t.Fatalf("%d lobbies drawing frames of their own hold %.1f MB; want at most %d MB", n, float64(held)/(1<<20), most>>20)
	}
}

// TestIdleRenderersAreBounded: the idle set holds few renderers, of a
// bounded number of cells, and none for long.
func TestIdleRenderersAreBounded(t *testing.T) {
	c := newStepCache()
	seed := rand.Uint64()
	check := func(when string) {
		t.Helper()
		c.mu.Lock() // the pruning timer may run meanwhile on a slow machine
		cells, n, counted := 0, len(c.idle), c.idleCells
		for _, r := range c.idle {
			cells += r.w * r.h
		}
		c.mu.Unlock()
		if n > idleRenderers || counted > idleCells || cells != counted {
			t.Fatalf("%s: %d idle renderers of %d cells (counted %d), want at most %d of %d", when, n, cells, counted, idleRenderers, idleCells)
		}
	}
	release := func(i, w, h int) {
		f := frame{content: unique.Make(fmt.Sprintf("frame %d of %x", i, seed)), w: w, h: h}
		c.release(newStepRenderer("xterm-256color", colorprofile.TrueColor, f))
	}
	for i := range 3 * idleRenderers {
		release(i, 60, 14)
	}
	check("after many small ones")
	c.mu.Lock()
	kept := len(c.idle)
	c.mu.Unlock()
	if kept != idleRenderers {
		t.Fatalf("%d idle renderers kept, want the newest %d", kept, idleRenderers)
	}
	for i := range 8 {
		release(1000+i, 200, 100)
	}
	check("after big ones")
	release(2000, 320, 240) // more cells than the whole set holds: not kept
	check("after a huge one")
	c.mu.Lock()
	armed := c.pruning != nil
	c.mu.Unlock()
	if !armed {
		t.Fatal("renderers are idle and nothing will drop them")
	}
	c.mu.Lock()
	for _, r := range c.idle {
		r.idleAt = r.idleAt.Add(-idleRendererAge)
	}
	c.mu.Unlock()
	c.pruneIdle() // what the armed timer does when the oldest is due
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.idle) != 0 || c.idleCells != 0 {
		t.Fatalf("%d renderers (%d cells) still idle after %s", len(c.idle), c.idleCells, idleRendererAge)
	}
	if c.pruning != nil {
		t.Fatal("nothing is idle, yet a pruning stays armed")
	}
}

// TestMovedRendererMakesTheStepsANewOneMakes: a renderer taken from
// another frame and brought to the step's by drawing makes, byte for byte,
// the step a new renderer at that frame makes (an erased one made steps
// two to three times bigger).
func TestMovedRendererMakesTheStepsANewOneMakes(t *testing.T) {
	const w, h = 120, 40
	seed := rand.Uint64()
	here, elsewhere := testFrames(seed, 30, w, h), testFrames(seed+1, 30, w, h)
	fr := func(s string) frame { return frame{content: unique.Make(s), w: w, h: h} }
	for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI} {
		c := newStepCache()
		c.release(newStepRenderer("xterm-256color", profile, fr(elsewhere[0])))
		for i := 0; i+1 < len(here); i++ {
			want := newStepRenderer("xterm-256color", profile, fr(here[i])).render(fr(here[i+1]))
			r := c.renderer(fr(here[i]), "xterm-256color", profile) // the one idle elsewhere
			got := r.render(fr(here[i+1]))
			if !bytes.Equal(got, want) {
				t.Fatalf("%s, step %d: the moved renderer wrote %d bytes, a new one %d\nmoved: %q\nnew:   %q", profile, i, len(got), len(want), got, want)
			}
			r.draw(fr(elsewhere[i+1])) // and off somewhere else again
			r.out.Reset()
			c.release(r)
		}
		if c.made != 0 || c.moved != len(here)-1 {
			t.Fatalf("%s: %d renderers made and %d moved; want the one idle renderer moved for every step", profile, c.made, c.moved)
		}
	}
}

package tui

// Long on purpose: the shared-frame renderer, its step cache and per-session writer must agree byte for byte; they are kept side by side.

import (
	"bytes"
	"context"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unique"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Shared frames: how SSH sessions draw.
//
// Bubble Tea's renderer parses each session's whole frame into a cell
// buffer and diffs it against the last one, 60 times a second at most, for
// every session on its own. In a room of hundreds that is nearly all of the
// server's work after a change: every member sees the same frame change
// into the same next frame, and each of them pays for the same parse and
// diff (see BENCHMARKS.md).
//
// Here a session's program runs without Bubble Tea's renderer; its frames
// go to a frameWriter, which writes the bytes that turn the frame the
// terminal shows into the new one. Those bytes depend only on the two
// frames, the size and the terminal (type and colour profile), so they are
// computed once, cached, and written to every session making the same
// step. What makes that exact: every update leaves the cursor at the same
// place (top left) with the default pen, so no update depends on the one
// before it except through the frame it starts from.
//
// A step is made by a renderer that knows the frame it starts from. No
// session keeps one: renderers wait between steps in a small shared set,
// by the frame they are at. The next step from that frame is made with
// that renderer, whoever makes it; a session whose frames nobody shares
// (its lobby, a form being typed) gets its own back unless others drew
// since, else takes an idle one and brings it to its frame. So a change
// in a room costs one parse and diff, and a lobby of hundreds holds a
// few renderers, not one a person.

// framesMinGap is the least time between two writes to one session: a burst
// of changes is drawn as one frame, as Bubble Tea does at 60 fps. The first
// frame after a quiet spell goes out at once.
const framesMinGap = time.Second / 60

// stepKey identifies one step from a frame to the next.
type stepKey struct {
	from, to         unique.Handle[string] // from is zero for a full redraw
	fromHelp, toHelp unique.Handle[string] // the frames' last lines (see frame)
	w, h             int
	term             string
	profile          colorprofile.Profile
}

type step struct {
	ready  chan struct{} // closed once out is set
	out    []byte
	failed bool // whoever computed it gave up: compute it again
}

// stepCache holds recent steps in two generations: the older is dropped
// when the newer fills or grows old. Sessions showing the same thing make
// the same step within milliseconds of each other, so a step is worth
// keeping for seconds, not longer: a lobby's steps, which are nobody
// else's, do not pile up.
type stepCache struct {
	mu        sync.Mutex
	cur, prev map[stepKey]*step
	bytes     int       // of cur: its steps and the frames its keys hold
	prevBytes int       // of prev
	since     time.Time // cur started
	// idle are renderers not drawing, by the frame they are at: the next
	// step from that frame is made with one of them, by whichever session
	// comes first, instead of a new renderer brought to the frame first
	// (see renderer)
	idle      map[idleKey]*stepRenderer
	idleCells int // their screens' cells
	// renderers made: for a cleared screen, and for a frame no idle
	// renderer was at (made, then brought to it); idle ones taken from
	// another frame (see renderer)
	made, madeAt, moved int
	pruning             *time.Timer // armed while renderers are idle: drops each when too old
}

// idleKey is the frame a renderer is at, and what it draws for.
type idleKey struct {
	at      frame
	term    string
	profile colorprofile.Profile
}

// Idle renderers kept: at most this many, of this many cells in all (a
// renderer holds ~120 bytes a cell: ~7.5 MB in all; the oldest goes
// first), none idle longer than idleRendererAge. No session holds a
// renderer between its steps: what renderers cost is this set, plus one
// for each step being made at that moment, however many sessions draw
// frames of their own (a town hall's lobby of 500 held one each: ~0.5 MB
// a person at 120×40).
const (
	idleRenderers   = 16
	idleCells       = 64 << 10
	idleRendererAge = 2 * time.Second
)

const (
	stepCacheEntries = 1024
	stepCacheBytes   = 4 << 20
	stepCacheAge     = 2 * time.Second
)

func newStepCache() *stepCache {
	return &stepCache{cur: map[stepKey]*step{}, idle: map[idleKey]*stepRenderer{}}
}

// forget drops the idle renderer at k (the lock held).
func (c *stepCache) forget(k idleKey) {
	if r := c.idle[k]; r != nil {
		c.idleCells -= r.w * r.h
		delete(c.idle, k)
	}
}

// prune drops the renderers idle too long (the lock held).
func (c *stepCache) prune(now time.Time) {
	for k, r := range c.idle {
		if now.Sub(r.idleAt) >= idleRendererAge {
			c.forget(k)
		}
	}
}

// pruneIdle drops the renderers idle too long, and comes back when the
// oldest left is due: a quiet server keeps none.
func (c *stepCache) pruneIdle() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pruning = nil
	c.prune(time.Now())
	c.pruneLater()
}

// pruneLater arms the pruning for the oldest idle renderer, unless it is
// armed or none is idle (the lock held).
func (c *stepCache) pruneLater() {
	if c.pruning != nil || len(c.idle) == 0 {
		return
	}
	var oldest time.Time
	for _, r := range c.idle {
		if oldest.IsZero() || r.idleAt.Before(oldest) {
			oldest = r.idleAt
		}
	}
	c.pruning = time.AfterFunc(time.Until(oldest.Add(idleRendererAge)), c.pruneIdle)
}

// renderer returns a renderer at frame at (and its size), for term and
// profile, the caller's alone until it calls release: the one idle at that
// frame (the one
// that made the last step to it, whoever's); else the oldest idle one of
// that size and terminal, brought to the frame (its bytes are thrown
// away); else a new one. A zero frame (a whole redraw) always gets a new
// one: it starts from a cleared screen.
//
// (An earlier pool erased a renderer before bringing it to the next step's
// frame: its steps grew from 69 to 177–232 bytes per screen per action at
// 500 clients, and CPU with them. Brought there by drawing, unerased, a
// renderer is where a kept one would be.)
func (c *stepCache) renderer(at frame, term string, profile colorprofile.Profile) *stepRenderer {
	c.mu.Lock()
	var r *stepRenderer
	exact := false
	if at != (frame{}) {
		k := idleKey{at: at, term: term, profile: profile}
		if r = c.idle[k]; r != nil {
			exact = true
		} else {
			for ok, o := range c.idle {
				if o.w == at.w && o.h == at.h && o.term == term && o.profile == profile && (r == nil || o.idleAt.Before(r.idleAt)) {
					r, k = o, ok
				}
			}
		}
		if r != nil {
			c.forget(k) // ours now
		}
	}
	if r == nil {
		c.made++
		if at != (frame{}) {
			c.madeAt++
		}
	} else if !exact {
		c.moved++
	}
	c.mu.Unlock()
	if r == nil {
		return newStepRenderer(term, profile, at)
	}
	if !exact {
		r.draw(at)
		r.out.Reset()
	}
	return r
}

// release says r is done drawing: it is idle at its frame, for whoever
// makes the next step from there.
func (c *stepCache) release(r *stepRenderer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cells := r.w * r.h
	if r.at == (frame{}) || cells > idleCells {
		return
	}
	now := time.Now()
	r.idleAt = now
	c.prune(now)
	k := idleKey{at: r.at, term: r.term, profile: r.profile}
	c.forget(k) // another renderer at the same frame: this one is newer
	for len(c.idle) >= idleRenderers || c.idleCells+cells > idleCells {
		var oldest idleKey
		for k, o := range c.idle {
			if oldest == (idleKey{}) || o.idleAt.Before(c.idle[oldest].idleAt) {
				oldest = k
			}
		}
		c.forget(oldest)
	}
	c.idle[k] = r
	c.idleCells += cells
	c.pruneLater()
}

// get returns the step for k and whether the caller must compute it (then
// it must call done).
func (c *stepCache) get(k stepKey) (*step, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.cur[k]; ok && !s.failed {
		return s, false
	}
	if s, ok := c.prev[k]; ok && !s.failed {
		c.cur[k] = s
		return s, false
	}
	if now := time.Now(); len(c.cur) >= stepCacheEntries || c.bytes >= stepCacheBytes || now.Sub(c.since) > stepCacheAge {
		if now.Sub(c.since) > 2*stepCacheAge {
			c.prev, c.prevBytes = nil, 0 // both generations are old
		} else {
			c.prev, c.prevBytes = c.cur, c.bytes
		}
		c.cur, c.bytes, c.since = map[stepKey]*step{}, 0, now
	}
	s := &step{ready: make(chan struct{})}
	c.cur[k] = s
	// the frames count too: the keys keep them alive (a frame shared by
	// several steps is counted in each, which errs on the safe side)
	c.bytes += contentLen(k.from) + contentLen(k.to) + contentLen(k.fromHelp) + contentLen(k.toHelp)
	return s, true
}

func contentLen(h unique.Handle[string]) int {
	if h == (unique.Handle[string]{}) {
		return 0
	}
	return len(h.Value())
}

// done publishes the step's bytes (nil and failed: it could not be made).
func (c *stepCache) done(s *step, out []byte, failed bool) {
	c.mu.Lock()
	s.out, s.failed = out, failed
	c.bytes += len(out)
	c.mu.Unlock()
	close(s.ready)
}

// frame is what a session shows: the content, on a terminal of w×h. The
// help line below it, when the program draws one, is a part of its own
// (help, zero when none): a session's frame is then two strings it has
// anyway, and no third one made of them.
type frame struct {
	content, help unique.Handle[string]
	w, h          int
}

// text is the frame's whole text.
func (f frame) text() string {
	if f.help == (unique.Handle[string]{}) {
		return f.content.Value()
	}
	return f.content.Value() + "\n" + f.help.Value()
}

// frameWriter draws one session's frames on its terminal. It holds no
// goroutine while there is nothing to draw: a change starts one (after the
// least gap since the last write), which draws until nothing is left.
type frameWriter struct {
	steps   *stepCache // shared with the server's other sessions
	out     io.Writer
	term    string
	profile colorprofile.Profile
	ctx     context.Context // the session: writes stop with it

	log func(msg string, args ...any) // where a renderer panic is reported
	obs Observer                      // told of each write; nil: nobody

	mu      sync.Mutex
	next    frame     // the latest frame, not yet drawn
	nextAt  time.Time // when the oldest change next shows was published (zero: none)
	mark    time.Time // a change taken by the program, not yet in a frame (see changed)
	pending bool      // next is newer than what was drawn
	raw     []byte    // the program's own output (terminal queries), in order
	title   string
	closing bool
	redraw  bool          // the next frame is a new screen: drawn whole (see fresh)
	taken   frame         // the frame the last run took: the terminal shows it once that run ends
	running bool          // a drawing goroutine runs or is due
	stopped bool          // drawing ended (closed, failed or the session ended)
	last    time.Time     // the last write
	done    chan struct{} // closed when drawing ended

	// owned by the drawing goroutine (one at a time)
	shown   frame // what the terminal shows (zero before the first frame)
	started bool
	titled  string
	failed  bool
}

// newFrameWriter draws on out, a terminal of type term with colour profile
// profile, until ctx ends or close is called. Steps are shared through
// steps.
func newFrameWriter(ctx context.Context, steps *stepCache, out io.Writer, term string, profile colorprofile.Profile, log func(string, ...any), obs Observer) *frameWriter {
	return &frameWriter{steps: steps, out: out, term: term, profile: profile, ctx: ctx, log: log, obs: obs,
		done: make(chan struct{})}
}

// show makes content, with a help line below it when withHelp, on a w×h
// terminal, the next frame to draw.
func (fw *frameWriter) show(content, help string, withHelp bool, title string, w, h int) {
	if w <= 0 || h <= 0 {
		return
	}
	f := frame{content: unique.Make(content), w: w, h: h}
	if withHelp {
		f.help = unique.Make(help)
	}
	fw.mu.Lock()
	if !fw.running && !fw.redraw && !fw.closing && len(fw.raw) == 0 && f == fw.taken {
		// the terminal shows this frame already (a change this screen
		// does not show): nothing to draw, no run started (a run would
		// draw nothing either, a new title included: see drawAs)
		fw.next, fw.title, fw.pending, fw.nextAt, fw.mark = f, title, false, time.Time{}, time.Time{}
		fw.mu.Unlock()
		return
	}
	fw.next, fw.pending, fw.title = f, true, title
	if !fw.mark.IsZero() { // this frame shows the change
		if fw.nextAt.IsZero() || fw.mark.Before(fw.nextAt) {
			fw.nextAt = fw.mark
		}
		fw.mark = time.Time{}
	}
	fw.mu.Unlock()
	fw.poke()
}

// fresh says the next frame is a new screen (the lobby, then a room): it
// is drawn whole rather than as the change from the one before. Nearly
// every cell changes anyway, and a whole frame is the same step for every
// session arriving on that screen at that moment (a room filling up shares
// one), where a change from each person's own lobby is theirs alone, and
// needs a renderer of their own.
func (fw *frameWriter) fresh() {
	fw.mu.Lock()
	fw.redraw = true
	fw.mu.Unlock()
}

// changed says the program took a room or lobby change published at at:
// the next frame shows it, and its latency is measured from at.
func (fw *frameWriter) changed(at time.Time) {
	if at.IsZero() {
		return
	}
	fw.mu.Lock()
	if fw.mark.IsZero() || at.Before(fw.mark) {
		fw.mark = at
	}
	fw.mu.Unlock()
}

// poke starts drawing unless it runs or is due: at once after a quiet
// spell, else once framesMinGap passed since the last write.
//
// The drawing runs on a goroutine of its own, never the program's: a
// client slow to read (a full SSH window) then holds up its frames, not
// its program, which goes on taking keys and changes (a burst of them is
// one frame once the writer is free).
func (fw *frameWriter) poke() {
	fw.mu.Lock()
	if fw.running || fw.stopped {
		fw.mu.Unlock()
		return
	}
	fw.running = true
	wait := framesMinGap - time.Since(fw.last)
	fw.mu.Unlock()
	fw.runIn(wait)
}

func (fw *frameWriter) runIn(wait time.Duration) {
	if wait > 0 {
		time.AfterFunc(wait, fw.run)
		return
	}
	frameRunners.start(fw)
}

// frameRunners run frame writers: a run that ends waits a moment for the
// next writer with something to draw. Every change in a room starts a run
// for each session; on a goroutine of its own each time, that is a
// goroutine made, its stack grown to the depth of a frame step and an SSH
// write, and dropped, hundreds of times per change. A runner's stack is
// grown once. At most maxParkedRunners wait, none longer than
// runnerParkTime (a quiet server keeps none); when none waits, a run
// starts on a new goroutine, which becomes a runner after it (so a client
// slow to read only holds up the runner drawing for it).
var frameRunners = &runnerPool{jobs: make(chan *frameWriter)}

const (
	maxParkedRunners = 16
	runnerParkTime   = time.Second
)

type runnerPool struct {
	jobs   chan *frameWriter // unbuffered: taken only by a waiting runner
	parked atomic.Int32
}

// start runs fw.run on a waiting runner, else on a new one.
func (p *runnerPool) start(fw *frameWriter) {
	select {
	case p.jobs <- fw:
	default:
		go p.runner(fw)
	}
}

// runner runs fw, then the runs it is handed, until none comes for
// runnerParkTime or enough others wait.
func (p *runnerPool) runner(fw *frameWriter) {
	var t *time.Timer
	for {
		fw.run()
		if p.parked.Add(1) > maxParkedRunners {
			p.parked.Add(-1)
			return
		}
		if t == nil {
			t = time.NewTimer(runnerParkTime)
		} else {
			t.Reset(runnerParkTime)
		}
		select {
		case fw = <-p.jobs:
			p.parked.Add(-1)
		case <-t.C:
			p.parked.Add(-1)
			return
		}
	}
}

// Write takes the program's own output (its terminal queries): it goes out
// between frames, never inside one.
func (fw *frameWriter) Write(p []byte) (int, error) {
	fw.mu.Lock()
	fw.raw = append(fw.raw, p...)
	fw.mu.Unlock()
	fw.poke()
	return len(p), nil
}

// close draws the last frame, gives the terminal back (main screen, cursor,
// modes) and stops. It does not wait for a terminal that stopped reading
// beyond the session's end.
func (fw *frameWriter) close() {
	fw.mu.Lock()
	fw.closing = true
	fw.mu.Unlock()
	fw.poke()
	select {
	case <-fw.done:
	case <-fw.ctx.Done():
		return
	}
	if !fw.started || fw.failed {
		return
	}
	var b bytes.Buffer
	b.WriteString(ansi.ResetModifyOtherKeys)
	b.WriteString(ansi.PopKittyKeyboard(1))
	b.WriteString(ansi.CursorPosition(1, max(fw.shown.h, 1)))
	b.WriteString(ansi.ResetModeAltScreenSaveCursor)
	b.WriteString(ansi.SetModeTextCursorEnable)
	b.WriteString(ansi.ResetModeBracketedPaste)
	if fw.titled != "" {
		b.WriteString(ansi.SetWindowTitle(""))
	}
	_, _ = fw.out.Write(b.Bytes())
}

// stop ends drawing for good (on the drawing goroutine).
func (fw *frameWriter) stop() {
	fw.mu.Lock()
	already := fw.stopped
	fw.stopped, fw.running = true, false
	fw.mu.Unlock()
	if !already {
		close(fw.done)
	}
}

// run draws what is pending, then returns, or hands over to the next run
// when more came meanwhile (after the gap: a burst is one frame).
func (fw *frameWriter) run() {
	defer func() {
		if p := recover(); p != nil {
			// this session stops drawing; the server and every other
			// session go on
			fw.failed = true
			if fw.log != nil {
				fw.log("panic drawing a frame", "panic", p, "stack", string(debug.Stack()))
			}
			fw.stop()
		}
	}()
	if fw.ctx.Err() != nil {
		fw.stop()
		return
	}
	fw.mu.Lock()
	f, pending, raw, title, closing, at, redraw := fw.next, fw.pending, fw.raw, fw.title, fw.closing, fw.nextAt, fw.redraw
	fw.pending, fw.raw, fw.nextAt = false, nil, time.Time{}
	if pending {
		fw.redraw = false
		fw.taken = f
	}
	fw.mu.Unlock()
	var b bytes.Buffer
	if len(raw) > 0 {
		b.Write(raw)
	}
	if pending {
		fw.drawAs(&b, f, title, redraw)
	}
	if b.Len() > 0 {
		fw.mu.Lock()
		fw.last = time.Now()
		fw.mu.Unlock()
		if _, err := fw.out.Write(b.Bytes()); err != nil {
			fw.failed = true
			fw.stop()
			return
		}
		if fw.obs != nil {
			var latency time.Duration
			if pending && !at.IsZero() {
				latency = time.Since(at)
			}
			fw.obs.FrameWritten(b.Len(), latency)
		}
	}
	if closing {
		fw.stop()
		return
	}
	fw.mu.Lock()
	if !fw.pending && len(fw.raw) == 0 && !fw.closing {
		fw.running = false // idle: the next change starts a run
		fw.mu.Unlock()
		return
	}
	wait := framesMinGap - time.Since(fw.last)
	fw.mu.Unlock()
	fw.runIn(wait)
}

// draw appends to b what turns the terminal from the shown frame to f.
func (fw *frameWriter) draw(b *bytes.Buffer, f frame, title string) { fw.drawAs(b, f, title, false) }

// drawAs is draw; whole draws f whole, whatever the terminal shows.
func (fw *frameWriter) drawAs(b *bytes.Buffer, f frame, title string, whole bool) {
	if f == fw.shown {
		return
	}
	if !fw.started {
		fw.started = true
		b.WriteString(frameSetup())
	}
	if title != fw.titled {
		b.WriteString(ansi.SetWindowTitle(title))
		fw.titled = title
	}
	b.Write(fw.step(f, whole))
	fw.shown = f
}

// frameSetup starts a session's screen as Bubble Tea does: the alternate
// screen, no cursor, bracketed paste, the keyboard protocols it asks for,
// and the question of the terminal's background (the program asks too,
// but its own output waits for its next tick).
func frameSetup() string {
	return ansi.ResetModifyOtherKeys + ansi.SetModeAltScreenSaveCursor + ansi.ResetModeTextCursorEnable +
		ansi.SetModeBracketedPaste + ansi.SetModifyOtherKeys2 + ansi.PushKittyKeyboard(1) + ansi.RequestKittyKeyboard +
		ansi.RequestBackgroundColor
}

// step returns the bytes that turn the shown frame (nothing, if whole)
// into f: shared when another session made the same step, else computed
// here.
func (fw *frameWriter) step(f frame, whole bool) []byte {
	from := fw.shown
	if whole || from.w != f.w || from.h != f.h {
		from = frame{} // a new size or screen: redraw everything
	}
	k := stepKey{from: from.content, to: f.content, fromHelp: from.help, toHelp: f.help, w: f.w, h: f.h, term: fw.term, profile: fw.profile}
	s, mine := fw.steps.get(k)
	if !mine {
		select {
		case <-s.ready:
		case <-fw.ctx.Done():
			return nil
		}
		if !s.failed {
			return s.out
		}
		s = nil // draw it ourselves, unshared
	}
	var out []byte
	defer func() {
		if s != nil {
			fw.steps.done(s, out, out == nil)
		}
	}()
	// A room's members make each step with the renderer that made the one
	// before, whoever made it: no renderer is made, nor a frame drawn
	// twice, per change; a session drawing frames of its own (typing, its
	// lobby) gets its renderer back, unless others drew since.
	r := fw.steps.renderer(from, fw.term, fw.profile)
	out = r.render(f)
	fw.steps.release(r)
	return out
}

// stepRenderer makes steps: it knows the frame a terminal shows (at) and
// turns it into the next. It draws for one session at a time.
type stepRenderer struct {
	scr     *uv.TerminalRenderer
	w, h    int // the size it draws at (0: none yet)
	out     bytes.Buffer
	at      frame
	atText  string // at.text(), kept: the next step compares its lines
	term    string
	profile colorprofile.Profile
	// since when it sits in the cache's idle set (guarded by its lock)
	idleAt time.Time
	// parseAll parses every frame whole, as before drawChanged: the
	// reference its steps are compared with in tests
	parseAll bool
}

// newStepRenderer returns a renderer that takes the terminal to be showing
// frame at (nothing: a cleared screen is drawn first).
func newStepRenderer(term string, profile colorprofile.Profile, at frame) *stepRenderer {
	r := &stepRenderer{term: term, profile: profile}
	r.scr = uv.NewTerminalRenderer(&r.out, []string{"TERM=" + term})
	// as Bubble Tea sets up its renderer for an SSH session on the
	// alternate screen
	r.scr.SetColorProfile(profile)
	r.scr.SetTabStops(-1)
	r.scr.SetBackspace(false)
	r.scr.SetMapNewline(true)
	r.scr.SetScrollOptim(true)
	r.scr.SetFullscreen(true)
	r.scr.SetRelativeCursor(false)
	if at == (frame{}) {
		r.scr.Erase()
		return r
	}
	r.draw(at) // what the terminal shows already
	r.out.Reset()
	return r
}

// render draws f and returns the bytes that did it.
func (r *stepRenderer) render(f frame) []byte {
	r.draw(f)
	out := bytes.Clone(r.out.Bytes())
	r.out.Reset()
	return out
}

func (r *stepRenderer) draw(f frame) {
	resized := r.w != 0 && (r.w != f.w || r.h != f.h)
	if resized {
		r.scr.Resize(f.w, f.h)
		r.scr.Erase()
	}
	r.w, r.h = f.w, f.h
	// the frame is parsed into a scratch buffer, the renderer diffs it
	// against its own copy of the screen; the scratch goes back for the
	// next session (half a renderer's memory: ~0.5 MB at 120×40)
	buf := scratchBuffers.get(f.w, f.h)
	defer scratchBuffers.put(buf)
	text := f.text()
	partial := !resized && r.at != (frame{}) && !r.parseAll && drawChanged(buf, r.atText, text)
	if !partial {
		buf.Clear()
		uv.NewStyledString(text).Draw(buf, buf.Bounds())
		partial = !resized && r.at != (frame{}) && untouchSame(buf.RenderBuffer, r.atText, text)
	}
	if partial {
		// Only the lines that changed are compared: a change in a room
		// moves a few lines of forty. No line moved, so the renderer's
		// scroll optimisation has nothing to find; it is left out because
		// it keeps a hash of each line, and a line not compared keeps the
		// hash of what it showed when it last was: the same step would be
		// made differently by two renderers with different pasts. A step
		// that may move lines compares them all, as before.
		r.scr.SetScrollOptim(false)
		defer r.scr.SetScrollOptim(true)
	}
	r.scr.Render(buf.RenderBuffer)
	r.scr.MoveTo(0, 0) // every step ends here: the next one may be shared
	_ = r.scr.Flush()
	r.at, r.atText = f, text
}

// drawChanged draws into buf (a scratch buffer holding anything) only the
// lines of text that differ from old, marks the other rows untouched, and
// reports whether it could. Parsing a frame is most of what a step costs
// (a typing step: ~85% of it), and a change moves a few lines of forty.
//
// The renderer reads a row of buf it is not told to compare in one place
// only: from the bottom up, looking for blank rows to erase, it stops at the
// first row that is not blank. So the rows from the bottom up to the first
// one whose cells show a character are drawn too (left untouched when
// unchanged), and what the other rows hold does not matter. It reports
// false, and the caller parses the whole frame as before, when a line could
// depend on the one above it (a style, a link or another sequence left
// open, a control character, a line starting with a mark that joins the
// character before it) or a changed line could be one that moved (see
// untouchSame). Either way the step is the same, byte for byte
// (TestStepDrawsOnlyChangedLines).
func drawChanged(buf *uv.ScreenBuffer, old, text string) bool {
	h, w := buf.Height(), buf.Width()
	olds, oldMore := frameRows(old, h)
	news, more := frameRows(text, h)
	if oldMore || more {
		return false // more lines than rows: the whole frame, as before
	}
	draw := make([]bool, h)
	for y := range h {
		if !penClosed(olds[y]) || !penClosed(news[y]) || !plainLine(news[y]) || joinsAbove(news[y]) {
			return false
		}
		if news[y] != olds[y] {
			if slices.Contains(olds, news[y]) {
				return false
			}
			draw[y] = true
		}
	}
	drawn := make([]bool, h)
	drawRow := func(y int) {
		row := uv.Rect(0, y, w, 1)
		buf.ClearArea(row) // touches the row, as clearing the whole buffer does
		if news[y] != "" {
			uv.NewStyledString(news[y]).Draw(buf, row)
		}
		drawn[y] = true
	}
	// the renderer's search for blank rows to erase: from the bottom up to
	// the first row whose cells show a character, every row drawn
	for y := h - 1; y >= 0; y-- {
		drawRow(y)
		if showsCharacter(buf.Line(y)) {
			break
		}
	}
	for y := range h {
		if draw[y] && !drawn[y] {
			drawRow(y)
		}
		if draw[y] {
			continue
		}
		if y >= len(buf.Touched) || buf.Touched[y] == nil {
			buf.TouchLine(0, y, 0) // a record to mark: the renderer makes one for a row without
		}
		buf.Touched[y].FirstCell, buf.Touched[y].LastCell = -1, -1
	}
	return true
}

// frameRows splits a frame's text into its h rows ("" past its last
// line), and reports whether it has more lines than that.
func frameRows(text string, h int) (rows []string, more bool) {
	rows = make([]string, h)
	for y := range h {
		rows[y], text, _ = strings.Cut(text, "\n")
	}
	return rows, text != ""
}

// plainLine reports whether line is text and SGR sequences only: no
// control character (a tab, a carriage return, a bell), no C1 control,
// raw or encoded, no line or paragraph separator, nothing that is not
// UTF-8. Drawn on its own, such a line draws what it draws in its frame.
func plainLine(line string) bool {
	for i := 0; i < len(line); {
		b := line[i]
		switch {
		case b == ansi.ESC: // penClosed has seen it is a style
			i++
		case b < 0x20 || b == 0x7f:
			return false
		case b < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRuneInString(line[i:])
			if r == utf8.RuneError || r <= 0x9f || r == '\u2028' || r == '\u2029' {
				return false
			}
			i += n
		}
	}
	return true
}

// joinsAbove reports whether line's first character, after its escape
// sequences, is one that combines with the character before it (a mark, a
// joiner): drawn on its own it has nothing to join.
func joinsAbove(line string) bool {
	for len(line) > 0 && line[0] == ansi.ESC {
		i := 2
		for i < len(line) && (line[i] < 0x40 || line[i] > 0x7e) {
			i++
		}
		line = line[min(i+1, len(line)):]
	}
	if line == "" || line[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line) // valid: plainLine has seen the line
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf)
}

// showsCharacter reports whether a drawn row has a cell showing something
// other than a space: the renderer never takes such a row for blank.
func showsCharacter(row uv.Line) bool {
	for _, c := range row {
		if c.Content != "" && c.Content != " " {
			return true
		}
	}
	return false
}

// untouchSame marks as untouched the rows of buf (just drawn from text,
// every row touched) that show what they showed when drawn from old, so
// the renderer neither compares nor hashes them, and reports whether it
// did. A row is the same when its line of text is and no line above it,
// in either frame, could have left a style running into it (penClosed). It
// leaves every row touched, and reports false, when a changed line could
// be one that moved: its new text is a line old had (anywhere), which is
// what the renderer's scroll optimisation looks for.
func untouchSame(buf *uv.RenderBuffer, old, text string) bool {
	h := len(buf.Touched)
	olds, _ := frameRows(old, h)
	news, _ := frameRows(text, h)
	same := make([]bool, h)
	for y := range h {
		if !penClosed(olds[y]) || !penClosed(news[y]) {
			break // the rows below may be drawn in another style
		}
		same[y] = olds[y] == news[y]
	}
	for y, l := range news {
		if !same[y] && slices.Contains(olds, l) {
			return false
		}
	}
	for y, t := range buf.Touched {
		if same[y] && t != nil {
			// kept, not dropped: the renderer makes a record for every
			// row it finds without one
			t.FirstCell, t.LastCell = -1, -1
		}
	}
	return true
}

// penClosed reports whether line leaves the pen as it found it: no escape
// sequence, or a last style that is a full reset. Anything else (a style
// left on, a link, a sequence of another kind) counts as open.
func penClosed(line string) bool {
	closed := true
	for {
		i := strings.IndexByte(line, ansi.ESC)
		if i < 0 {
			return closed
		}
		line = line[i:]
		if len(line) < 3 || line[1] != '[' {
			return false
		}
		end := 2
		for end < len(line) && (line[end] >= '0' && line[end] <= '9' || line[end] == ';' || line[end] == ':') {
			end++
		}
		if end == len(line) || line[end] != 'm' {
			return false
		}
		params := line[2:end]
		closed = params == "" || params == "0"
		line = line[end+1:]
	}
}

// framedModel runs a Model with its frames drawn by a frameWriter (the
// program itself has no renderer).
type framedModel struct {
	*Model
	fw      *frameWriter
	w, h    int    // the terminal's size
	sized   bool   // the model has its size: frames before it are not drawn
	started func() // run (on its own goroutine) once the program runs; nil: nothing
	top     screen // the screen of the last frame
	// more is the input reader's: true while the message just taken is
	// followed by more input read with it, whose own frame supersedes
	// this one before it could be drawn; nil: always draw
	more *atomic.Bool
	deep *deepWork // renders the frames (deepwork.go); nil: here
	done chan any  // deep's answers, capacity 1
	// the frame's parts, made by render (on deep), and render itself, made
	// once: no closure per frame
	body, help string
	withHelp   bool
	render     func()
}

func (f *framedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f.started != nil {
		go f.started()
		f.started = nil
	}
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		f.w, f.h, f.sized = m.Width, m.Height, true
	case changedMsg:
		f.fw.changed(m.at)
	}
	_, cmd := f.Model.Update(msg)
	return f, cmd
}

func (f *framedModel) View() tea.View {
	if !f.sized || f.more != nil && f.more.Load() {
		return tea.View{}
	}
	if top := f.Model.top(); top != f.top {
		f.top = top
		f.fw.fresh()
	}
	if f.render == nil {
		f.render = func() { f.body, f.help, f.withHelp = f.Model.renderParts() }
	}
	f.deep.run(f.done, f.render)
	f.fw.show(f.body, f.help, f.withHelp, windowTitle, f.w, f.h)
	f.body, f.help = "", "" // the frame writer holds them now
	return tea.View{}
}

// scratchBuffers are the buffers frames are parsed into before a renderer
// diffs them: nothing in them outlives a draw, so sessions share them.
var scratchBuffers = &scratchPool{pools: map[[2]int]*sync.Pool{}}

// scratchPool keeps buffers by size, for at most maxScratchSizes sizes (a
// client choosing a new size on every resize gets fresh buffers beyond).
type scratchPool struct {
	mu    sync.Mutex
	pools map[[2]int]*sync.Pool
}

const maxScratchSizes = 64

func (p *scratchPool) pool(w, h int, add bool) *sync.Pool {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := [2]int{w, h}
	sp := p.pools[k]
	if sp == nil && add && len(p.pools) < maxScratchSizes {
		sp = &sync.Pool{}
		p.pools[k] = sp
	}
	return sp
}

func (p *scratchPool) get(w, h int) *uv.ScreenBuffer {
	if sp := p.pool(w, h, false); sp != nil {
		if b, ok := sp.Get().(*uv.ScreenBuffer); ok {
			return b
		}
	}
	b := uv.NewScreenBuffer(w, h)
	return &b
}

func (p *scratchPool) put(b *uv.ScreenBuffer) {
	if sp := p.pool(b.Width(), b.Height(), true); sp != nil {
		sp.Put(b)
	}
}

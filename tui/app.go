package tui

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/agendas"
	"cxroom/meeting"
)

// Deps is what every screen of one session shares: the process-wide hub,
// service and agendas, and this session's identity.
type Deps struct {
	Ctx     context.Context // the session's lifetime
	Hub     *meeting.Hub
	Svc     *meeting.Service
	Agendas *agendas.Set
	Team    func() *meeting.Team // the current team (the file may change while serving)
	Actor   meeting.Actor
	// MinutesDir is where `w` writes minutes; empty over SSH (the minutes
	// are then exported with `ssh … export minutes ID`).
	MinutesDir string
	SSHAddr    string // shown so people know how to join
	Remote     bool
	// NoColor forces the plain palette (NO_COLOR, golden tests).
	NoColor bool
	// Dark is the starting palette until the terminal reports its background.
	Dark bool
	// Cache is the rendering shared with the other sessions of the same
	// server (nil: New gives the session one of its own).
	Cache *RenderCache
	// Zone is the person's time zone, for what is scheduled from here (a
	// series started from a first meeting); nil: the process's.
	Zone *time.Location
	// Disconnects names who quitting this session disconnects: with
	// `cxroom --serve`, the people connected over SSH (nil: nobody).
	Disconnects func() []string
}

func (d *Deps) now() time.Time { return d.Svc.Clock.Now() }

func (d *Deps) team() *meeting.Team {
	if d.Team == nil {
		return nil
	}
	return d.Team()
}

// screen is one page of the app. Screens are composed by the root model,
// which owns the window size, the help and quitting.
type screen interface {
	init() tea.Cmd
	update(msg tea.Msg) (screen, tea.Cmd)
	view(w, h int) string
	help() help.KeyMap
	// capturing reports that a form has the keyboard: q and ? are text.
	capturing() bool
	// live reports that the screen is inside a running meeting (quitting
	// asks first).
	live() bool
	// close releases what the screen holds (room presence, subscriptions).
	close()
}

// Navigation messages.
type (
	pushMsg    struct{ s screen }
	popMsg     struct{}
	replaceMsg struct{ s screen }
)

// coverable is a screen that lets go of what it only needs on top (its
// subscription, and the goroutine waiting on it) when one is pushed over
// it; its init takes them up again when it is back on top.
type coverable interface{ covered() }

func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }
func pop() tea.Msg          { return popMsg{} }

// Minimum usable size; below it the app shows a message, never a garbled
// layout.
const (
	minWidth  = 60
	minHeight = 16
)

// Model is the root Bubble Tea model of one session.
type Model struct {
	d       *Deps
	st      *Styles
	stack   []screen
	help    help.Model
	global  globalKeys
	width   int
	height  int
	full    bool // full help shown
	quitAsk bool
	quitQ   string // the question asked before quitting
	// keys were left out (keysLeftOutMsg): said in place of the help line
	// until leftOutShown after the last time
	leftOut    bool
	leftOutSeq int
	helpSig    []byte // what the cached help line was drawn for
	sigBuf     []byte
	helpOut    string
	// the help line fitted to the width, for helpFitIn at helpFitW
	helpFitIn, helpFit string
	helpFitW           int
}

// New returns the root model of a session, starting at the lobby.
func New(d *Deps) *Model {
	if d.Cache == nil {
		d.Cache = NewRenderCache()
	}
	st := NewStyles(d.Dark)
	if d.NoColor {
		st = NewPlainStyles()
	}
	m := &Model{d: d, st: &st, global: newGlobalKeys(), width: 100, height: 30}
	m.help = help.New()
	m.applyHelpStyles()
	m.stack = []screen{newHome(d, m.st)}
	return m
}

func (m *Model) applyHelpStyles() {
	hs := help.DefaultStyles(m.st.Dark)
	if m.st.Plain {
		hs = help.Styles{}
	}
	m.help.Styles = hs
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Init asks the terminal for its background and starts the lobby.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.top().init()}
	if !m.d.NoColor {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// Update routes a message to the current screen after handling what is
// global: size, colours, help, quitting and navigation.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		if !m.d.NoColor {
			*m.st = NewStyles(msg.IsDark())
			m.applyHelpStyles()
		}
		return m, nil
	case pushMsg:
		if c, ok := m.top().(coverable); ok {
			c.covered()
		}
		m.stack = append(m.stack, msg.s)
		return m, msg.s.init()
	case popMsg:
		if len(m.stack) > 1 {
			m.top().close()
			m.stack = m.stack[:len(m.stack)-1]
			return m, m.top().init()
		}
		return m, nil
	case replaceMsg:
		m.top().close()
		m.stack[len(m.stack)-1] = msg.s
		return m, msg.s.init()
	case keysLeftOutMsg:
		m.leftOut = true
		m.leftOutSeq++
		seq := m.leftOutSeq
		return m, tea.Tick(leftOutShown, func(time.Time) tea.Msg { return leftOutGoneMsg{seq} })
	case leftOutGoneMsg:
		if msg.seq == m.leftOutSeq {
			m.leftOut = false
		}
		return m, nil
	case tea.KeyPressMsg:
		if m.quitAsk {
			m.quitAsk = false
			// ctrl+c again answers yes, as in most terminal programs
			if msg.String() == "y" || msg.String() == "Y" || msg.String() == "ctrl+c" {
				return m, m.quit()
			}
			return m, nil
		}
		capturing := m.top().capturing()
		switch {
		case msg.String() == "ctrl+c" || (!capturing && key.Matches(msg, m.global.Quit)):
			if q := m.quitQuestion(); q != "" {
				m.quitAsk, m.quitQ = true, q
				return m, nil
			}
			return m, m.quit()
		case !capturing && key.Matches(msg, m.global.Help):
			m.full = !m.full
			return m, nil
		}
	}
	next, cmd := m.top().update(msg)
	if next != m.top() {
		m.top().close()
		m.stack[len(m.stack)-1] = next
		return m, tea.Batch(cmd, next.init())
	}
	return m, cmd
}

func (m *Model) live() bool {
	for _, s := range m.stack {
		if s.live() {
			return true
		}
	}
	return false
}

// What the screen says while keys arrive faster than anyone types (a
// script, a file pasted into a terminal without bracketed paste): the
// session's reader left some out (input.go).
const (
	leftOutSentence = "Keys arrived faster than anyone types: some were left out"
	leftOutShown    = 5 * time.Second
)

// leftOutGoneMsg ends the sentence, unless keys were left out since.
type leftOutGoneMsg struct{ seq int }

// quitQuestion is what to ask before quitting, or "" to quit at once: a
// live meeting keeps running; with --serve, the people connected over SSH
// are disconnected, by name.
func (m *Model) quitQuestion() string {
	var parts []string
	if m.live() {
		parts = append(parts, "The meeting keeps running and can be resumed.")
	}
	if m.d.Disconnects != nil {
		if names := m.d.Disconnects(); len(names) > 0 {
			parts = append(parts, "Quitting stops the SSH server: "+nameList(names, 6)+" will be disconnected.")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ") + " Quit now? y/n"
}

// nameList is "Ana", "Ana and Tom", "Ana, Tom and Li", or the first n
// names and "N others".
func nameList(names []string, n int) string {
	if len(names) > n {
		rest := len(names) - n + 1
		names = append(names[:n-1:n-1], fmt.Sprintf("%d others", rest))
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (m *Model) quit() tea.Cmd {
	for i := len(m.stack) - 1; i >= 0; i-- {
		m.stack[i].close()
	}
	return tea.Quit
}

// windowTitle is the terminal's title while cxroom runs.
const windowTitle = "cxroom"

// View renders the current screen, the help line and any question.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = windowTitle
	return v
}

func (m *Model) render() string {
	body, help, ok := m.renderParts()
	if !ok {
		return body
	}
	return body + "\n" + help
}

// renderParts is render in two parts: the screen, and the help line below
// it (ok false: none, the terminal is too small for either).
func (m *Model) renderParts() (body, help string, ok bool) {
	w, h := m.width, m.height
	if w < minWidth || h < minHeight {
		msg := "Terminal too small"
		detail := "cxroom needs at least 60×16"
		if w >= 30 {
			msg += ": " + ansi.Truncate(detail, w-len(msg)-2, "…")
		}
		return fit(msg, w, h), "", false
	}
	helpView := m.helpView()
	switch {
	case m.quitAsk:
		// read whole: it wraps, up to four lines
		lines := strings.Split(m.st.Warn.Width(w).Render(m.quitQ), "\n")
		helpView = strings.Join(lines[:min(len(lines), 4)], "\n")
	case m.leftOut:
		helpView = m.st.Warn.Render(leftOutSentence)
	}
	helpH := strings.Count(helpView, "\n") + 1
	body = m.top().view(w, h-helpH)
	if f, ok := m.top().(interface{ fitted() bool }); !ok || !f.fitted() {
		body = fit(body, w, h-helpH)
	}
	// the help line is the same frame after frame: fit it once
	if helpView != m.helpFitIn || w != m.helpFitW {
		m.helpFitIn, m.helpFitW, m.helpFit = helpView, w, fit(helpView, w, helpH)
	}
	return body, m.helpFit, true
}

// helpView renders the help line, reusing the last rendering while the
// bindings, width and palette are unchanged (it is redrawn on every message
// otherwise, and with hundreds of sessions that adds up).
func (m *Model) helpView() string {
	m.help.ShowAll = m.full
	km := m.top().help()
	sig := strconv.AppendInt(m.sigBuf[:0], int64(m.width), 10)
	sig = strconv.AppendBool(append(sig, '|'), m.full)
	sig = append(append(append(sig, '|'), styleName(m.st)...), '|')
	add := func(bs []key.Binding) {
		for i := range bs {
			sig = appendHelpSig(sig, &bs[i])
		}
	}
	if m.full {
		for _, col := range km.FullHelp() {
			add(col)
			sig = append(sig, '|')
		}
	} else if hs, ok := km.(interface{ appendShortHelpSig([]byte) []byte }); ok {
		sig = hs.appendShortHelpSig(sig) // without copying the keys out
	} else {
		add(km.ShortHelp())
	}
	m.sigBuf = sig
	if bytes.Equal(sig, m.helpSig) && m.helpSig != nil {
		return m.helpOut
	}
	out := ""
	if m.full {
		out = m.help.View(km)
	} else {
		out = m.shortHelp(km.ShortHelp())
	}
	m.helpSig, m.helpOut = bytes.Clone(sig), out
	return m.helpOut
}

// shortHelp is the one-line help: every key when they fit the window;
// else "? help" first (it shows them all), then as many as fit, and "…".
// (Bubble Tea's help adds the key that does not fit when "…" does not fit
// either: the line was cut at the window's edge, in the middle of a key,
// "? help" past it.)
func (m *Model) shortHelp(bs []key.Binding) string {
	w := m.help.Width()
	m.help.SetWidth(0)
	defer m.help.SetWidth(w)
	line := m.help.ShortHelpView(bs)
	if w <= 0 || ansi.StringWidth(line) <= w {
		return line
	}
	keys := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() && b.Help().Key == "?" {
			keys = append(keys, b)
		}
	}
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "?" {
			keys = append(keys, b)
		}
	}
	more := " " + m.help.Styles.Ellipsis.Inline(true).Render(m.help.Ellipsis)
	for n := len(keys) - 1; n > 0; n-- {
		if line = m.help.ShortHelpView(keys[:n]) + more; ansi.StringWidth(line) <= w {
			return line
		}
	}
	return m.help.ShortHelpView(keys[:1])
}

// appendHelpSig adds b to a help line's signature, when it is enabled.
func appendHelpSig(sig []byte, b *key.Binding) []byte {
	if !b.Enabled() {
		return sig
	}
	h := b.Help()
	return append(append(append(append(sig, h.Key...), 0), h.Desc...), 0)
}

// fit crops or pads s to exactly h lines, each cut to w cells, so a screen
// never spills past the window whatever its content.
func fit(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// changedMsg says a subscription fired (a room or the lobby changed); at is
// when the change was published (for the server's fan-out latency).
type changedMsg struct {
	sub  *meeting.Sub
	at   time.Time
	wait int // the room's wait that took it (roomWait.gen); 0: the lobby's
}

// listen waits for the next change of sub. The screen re-issues it after
// each change; it ends with the session or the subscription, so no
// goroutine outlives either.
func listen(ctx context.Context, sub *meeting.Sub) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-sub.C():
			return changedMsg{sub: sub, at: sub.ChangedAt()}
		case <-sub.Done():
		case <-ctx.Done():
		}
		return nil
	}
}

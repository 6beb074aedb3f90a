package tui

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"
)

// Sessions: what one SSH session may make the server hold is bounded where
// its requests arrive — the number of sessions on a connection, the window
// size it draws at, the environment it may set — and everything it holds is
// released when it ends.

// sessionChannel handles a "session" channel: counted on its connection
// (which then stops counting as idle), its requests bounded, then the ssh
// package's own session handler.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if tc, ok := ctx.Value(connKey{}).(*trackedConn); ok {
		if !s.openChannel(tc) {
			s.tally.Add(refusedSessions, "channel_cap", tc.key)
			_ = nc.Reject(gossh.ResourceShortage, "too many sessions open on this connection")
			return
		}
		defer s.closeChannel(tc)
	}
	ssh.DefaultSessionHandler(srv, conn, boundedChannel{NewChannel: nc, lim: &s.cfg.Limits}, ctx)
}

// boundedChannel is a session channel whose requests go through
// boundRequests before the ssh package sees them.
type boundedChannel struct {
	gossh.NewChannel
	lim *Limits
}

func (c boundedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go boundRequests(in, out, c.lim)
	return ch, out, nil
}

// boundRequests passes a session's requests on, in order, with these
// bounds: env requests past MaxEnv or MaxEnvBytes are refused (the ssh
// package keeps every one it is given), and a PTY or window larger than
// MaxWidth×MaxHeight is made that size — the program then draws at the
// clamp and follows further changes, and no buffer is ever sized by a
// number the client chose.
func boundRequests(in <-chan *gossh.Request, out chan<- *gossh.Request, lim *Limits) {
	defer close(out)
	envs, envBytes := 0, 0
	for req := range in {
		switch req.Type {
		case "env":
			if envs >= lim.MaxEnv || envBytes+len(req.Payload) > lim.MaxEnvBytes {
				_ = req.Reply(false, nil)
				continue
			}
			envs++
			envBytes += len(req.Payload)
		case "pty-req":
			req.Payload = clampPtyRequest(req.Payload, lim)
		case "window-change":
			req.Payload = clampWindowChange(req.Payload, lim)
		}
		out <- req
	}
}

// maxTermName bounds the TERM a client names (it is a cache key).
const maxTermName = 64

type ptyRequestMsg struct {
	Term                    string
	Columns, Rows, Wpx, Hpx uint32
	Modes                   string
}

type windowChangeMsg struct {
	Columns, Rows, Wpx, Hpx uint32
}

func clampPtyRequest(p []byte, lim *Limits) []byte {
	var m ptyRequestMsg
	if gossh.Unmarshal(p, &m) != nil {
		return p // the ssh package refuses it
	}
	if len(m.Term) > maxTermName || strings.ContainsFunc(m.Term, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		m.Term = "xterm"
	}
	if len(m.Modes) > 1024 {
		m.Modes = "\x00" // TTY_OP_END: no modes
	}
	m.Columns, m.Rows, m.Wpx, m.Hpx = clampWindow(m.Columns, m.Rows, m.Wpx, m.Hpx, lim)
	return gossh.Marshal(&m)
}

func clampWindowChange(p []byte, lim *Limits) []byte {
	var m windowChangeMsg
	if gossh.Unmarshal(p, &m) != nil {
		return p
	}
	m.Columns, m.Rows, m.Wpx, m.Hpx = clampWindow(m.Columns, m.Rows, m.Wpx, m.Hpx, lim)
	return gossh.Marshal(&m)
}

func clampWindow(cols, rows, wpx, hpx uint32, lim *Limits) (uint32, uint32, uint32, uint32) {
	if cols > uint32(lim.MaxWidth) || rows > uint32(lim.MaxHeight) {
		cols, rows, wpx, hpx = min(cols, uint32(lim.MaxWidth)), min(rows, uint32(lim.MaxHeight)), 0, 0
	}
	return cols, rows, wpx, hpx
}

// Window changes. charm.land/ssh hands them from the connection's request
// loop to a 1-slot channel that only the program reads, and only while a
// program runs: a second unread change (one sent before the shell request,
// after the program ended, or during a command run with `ssh -t`) blocks
// that loop, and with it the whole connection, for good. So every PTY
// session gets a relay, started when the PTY is granted, that always drains
// the library's channel: it hands each change to the session's program
// while one runs and keeps the latest otherwise (the next program starts
// at that size). One goroutine per session does both.

// ptyHandler wraps the library's emulated-PTY handler with the relay.
func (s *Server) ptyHandler() ssh.PtyHandler {
	var scratch ssh.Server
	_ = ssh.EmulatePty()(&scratch)
	emulate := scratch.PtyHandler
	return func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
		closer, err := emulate(ctx, sess, pty)
		if err != nil {
			return closer, err
		}
		if _, winch, ok := sess.Pty(); ok && winch != nil {
			r := &winRelay{}
			s.relays.Store(sess, r)
			go s.relay(sess, winch, r)
		}
		return closer, nil
	}
}

// winRelay is where a session's window changes go.
type winRelay struct {
	mu      sync.Mutex    // held while a change is handed over: in order
	send    func(tea.Msg) // the running program's Send; nil: none
	latest  ssh.Window    // the latest change no program took
	pending bool          // latest is set
}

// relay moves window changes from in to the session's program, or keeps
// the latest, until in closes (the session's requests ended).
func (s *Server) relay(sess ssh.Session, in <-chan ssh.Window, r *winRelay) {
	defer s.relays.Delete(sess)
	defer s.recovered("window changes")
	for w := range in {
		r.mu.Lock()
		if r.send != nil {
			// a running program takes messages at once (its loop never
			// waits on the network), and one that ended returns at once
			r.send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		} else {
			r.latest, r.pending = w, true
		}
		r.mu.Unlock()
	}
}

// attach makes a program with mk, at the latest size no program took
// (nil: none), and hands it the relay's changes from now on.
func (r *winRelay) attach(mk func(size *ssh.Window) *tea.Program) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var size *ssh.Window
	if r.pending {
		w := r.latest
		size = &w
	}
	p := mk(size)
	r.send, r.pending = p.Send, false
}

// detach keeps changes for the next program.
func (r *winRelay) detach() {
	r.mu.Lock()
	r.send = nil
	r.mu.Unlock()
}

// windowMiddleware hands the rest of the chain the session's relay.
func (s *Server) windowMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			if r, ok := s.relays.Load(sess); ok {
				sess = relayedSession{Session: sess, relay: r.(*winRelay)}
			}
			next(sess)
		}
	}
}

// relayedSession is a session whose window changes go through a relay.
type relayedSession struct {
	ssh.Session
	relay *winRelay
}

// Pty hides the library's channel: only the relay reads it.
func (r relayedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, _, ok := r.Session.Pty()
	return pty, nil, ok
}

// relayOf returns the session's relay, if it has one.
func relayOf(sess ssh.Session) *winRelay {
	for {
		switch x := sess.(type) {
		case relayedSession:
			return x.relay
		case *sshSession:
			sess = x.Session
		default:
			return nil
		}
	}
}

// sessionContext ends when the connection closes or the server shuts down.
func (s *Server) sessionContext(sess ssh.Session) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(sess.Context())
	stop := context.AfterFunc(s.ctx, cancel)
	return ctx, func() { stop(); cancel() }
}

// programMiddleware gives each interactive session its own Bubble Tea
// program. The program reaches the room itself: the model subscribes and
// waits on its subscription in a tea.Cmd; the only p.Send here forwards
// window changes.
func (s *Server) programMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			s.runProgram(sess)
			next(sess)
		}
	}
}

// runProgram runs the session's program until it quits, the connection
// drops or the server shuts down, then releases what the session held: its
// frames, its room presence and subscriptions. Ending because the session
// ended is not an error and is not logged as one.
func (s *Server) runProgram(sess ssh.Session) {
	ss, ok := sess.(*sshSession)
	if !ok {
		return
	}
	ctx, cancel := s.sessionContext(sess)
	defer cancel()
	s.screens.Store(ss, ss.actor)
	defer s.screens.Delete(ss)
	var (
		p      *tea.Program
		model  *Model
		frames *frameWriter
	)
	if relay := relayOf(sess); relay != nil {
		relay.attach(func(size *ssh.Window) *tea.Program {
			p, model, frames = s.newProgram(ctx, ss, size)
			return p
		})
		defer relay.detach()
	} else {
		p, model, frames = s.newProgram(ctx, ss, nil)
	}
	_, err := p.Run()
	cancel()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) && !errors.Is(err, context.Canceled) {
		ss.log.Error("session program failed", "err", err)
	}
	if frames != nil {
		frames.close() // the last frame, then the terminal back as it was
	}
	// A dropped connection kills the program without the model's quit:
	// release the room presence and the subscriptions its screens hold.
	model.quit()
	if s.ctx.Err() != nil && sess.Context().Err() == nil {
		_, _ = io.WriteString(sess, "\r\ncxroom: the server is shutting down; meetings keep their state — reconnect when it is back.\r\n")
	}
}

// newProgram makes the session's program, at the PTY's size or, when the
// window changed before it started, at size.
func (s *Server) newProgram(ctx context.Context, sess *sshSession, size *ssh.Window) (*tea.Program, *Model, *frameWriter) {
	noColor := false
	for _, kv := range sess.Environ() {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			noColor = true
		}
	}
	m := New(&Deps{
		Ctx:     ctx,
		Hub:     s.cfg.Hub,
		Svc:     s.cfg.Svc,
		Agendas: s.cfg.Agendas,
		Team:    s.cfg.Team.Cached, // names on every frame: the file is checked at most once a second
		Actor:   sess.actor,
		SSHAddr: s.JoinCommand(),
		Remote:  true,
		NoColor: noColor,
		Dark:    true,
		Cache:   s.cache,
		Zone:    zoneFromEnv(sess.Environ()), // nil: the server's
	})
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithContext(ctx),
		// The server process's signals are not this session's: Shutdown
		// ends the programs.
		tea.WithoutSignalHandler(),
	)
	pty, _, ok := sess.Pty()
	if size != nil {
		pty.Window = *size
		opts = append(opts, tea.WithWindowSize(size.Width, size.Height))
	}
	if !ok || !sess.EmulatedPty() {
		return tea.NewProgram(m, opts...), m, nil
	}
	// Frames are drawn by a frameWriter, shared between sessions making the
	// same step (frames.go); the program's own output (terminal queries)
	// goes through the writer, between frames.
	env := append(sess.Environ(), "TERM="+pty.Term)
	fw := newFrameWriter(sess.Context(), s.cache.steps, sess, pty.Term, colorprofile.Env(env), func(msg string, args ...any) { sess.log.Error(msg, args...) }, s.cfg.Observer)
	fm := &framedModel{Model: m, fw: fw, w: pty.Window.Width, h: pty.Window.Height, deep: s.deep, done: make(chan any, 1)}
	opts = append(opts, tea.WithoutRenderer(), tea.WithOutput(fw), tea.WithFPS(1))
	keys := sharedKeys()
	if keys != nil {
		// The input is read by an inputReader with the one shared key
		// table (input.go), not by the program. A program without input
		// sends no terminal queries: the only one it would, the
		// background colour, the writer asks itself (frameSetup).
		opts = append(opts, tea.WithInput(nil))
	}
	p := tea.NewProgram(fm, opts...)
	if keys == nil {
		return p, m, fw
	}
	in := s.sessionInput(sess, keyFingerprint(sess.PublicKey()), keys, p.Send)
	in.more = new(atomic.Bool)
	fm.more = in.more
	go func() {
		defer s.recovered("input")
		in.run(ctx)
	}()
	// Without a renderer or input, Bubble Tea's frame ticker has nothing
	// to do but wake every session every second: once the program runs,
	// stop it (releasing a terminal the program never took: no input to
	// cancel, no modes to restore).
	fm.started = func() {
		defer s.recovered("renderer ticker")
		_ = p.ReleaseTerminal()
	}
	return p, m, fw
}

package tui

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	wishrecover "charm.land/wish/v2/recover"

	"cxroom/meeting"
	"cxroom/tui/cli"
)

const (
	// maxCommandBytes bounds a non-interactive command line.
	maxCommandBytes = 16 << 10
	// maxCommandStdin bounds what a command may read from the session.
	maxCommandStdin = 1 << 20
)

// middleware is the chain every session goes through. The last listed
// runs first; everything runs inside recover. What happens before a session
// (a connection's limits, signing in, the session channel's requests) is in
// server_limits.go and server_session.go.
func (s *Server) middleware() []wish.Middleware {
	errLog := slog.NewLogLogger(s.log.Handler(), slog.LevelError)
	return []wish.Middleware{wishrecover.MiddlewareWithLogger(errLog,
		s.programMiddleware(),   // 6. the session's own Bubble Tea program
		activeterm.Middleware(), // 5. a TUI needs a PTY
		s.commandMiddleware(),   // 4. `ssh host actions --json`: runs without a PTY
		s.identityMiddleware(),  // 3. public key → team member (or guest); the session's log
		s.limitMiddleware(),     // 2. the server's, the key's and a guest address's bounds
		s.windowMiddleware(),    // 1. window changes through the relay
	)}
}

// sshSession is a session past identity: who it is and its log.
type sshSession struct {
	ssh.Session
	id    string
	actor meeting.Actor
	log   *slog.Logger
}

// limitMiddleware refuses a session beyond the server's, the key's or a
// guest address's bounds, or while shutting down, with one sentence; it
// never blocks. Refusals are summarised in the log, not written each.
func (s *Server) limitMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			guest := s.cfg.Open && !s.isMember(sess.PublicKey())
			slot, msg := s.admitSession(sess, guest)
			if slot == nil {
				fmt.Fprintln(sess.Stderr(), msg)
				_ = sess.Exit(cli.ExitFailed)
				return
			}
			defer s.releaseSession(slot)
			next(sess)
		}
	}
}

// identityMiddleware resolves the session's actor from the authenticated
// public key, against the team file as it is now, gives the session an id
// and logs its start and end (who, never what they typed). s.User() only
// ever names a guest.
func (s *Server) identityMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			fp := keyFingerprint(sess.PublicKey())
			a, err := s.Identify(sess.Context(), sess.PublicKey(), sess.User())
			if err != nil {
				reason := "key_not_on_team"
				if meeting.ErrorCode(err) != meeting.ENOTFOUND {
					reason = "guest_refused"
				}
				s.tally.Add(refusedSessions, reason, fp)
				fmt.Fprintf(sess.Stderr(), "cxroom: %s\n", meeting.ErrorMessage(meeting.Public(s.log, err)))
				_ = sess.Exit(cli.ExitForbidden)
				return
			}
			ss := &sshSession{Session: sess, id: strconv.FormatUint(s.sid.Add(1), 10), actor: a}
			ss.log = s.log.With("session", ss.id, "handle", a.Handle, "key", fp)
			kind := "tui"
			if sess.RawCommand() != "" {
				kind = "command"
			}
			ss.log.Info("session started", "kind", kind, "role", a.Role, "guest", a.Guest, "remote", sess.RemoteAddr().String())
			if s.cfg.Observer != nil {
				s.cfg.Observer.SessionStarted(kind)
			}
			start := time.Now()
			defer func() { ss.log.Info("session ended", "duration", time.Since(start).Round(time.Millisecond).String()) }()
			next(ss)
		}
	}
}

// commandName is a command's name for the log: a word that looks like one,
// else "?" (whatever else was typed may be a record's content).
func commandName(arg string) string {
	if commandShaped.MatchString(arg) {
		return arg
	}
	return "?"
}

var commandShaped = regexp.MustCompile(`^[a-z][a-z -]{0,40}$`)

// commandMiddleware runs `ssh host COMMAND…` through the same command tree
// as the local CLI, with the caller's identity and no admin rights, and
// exits with its status. A session with neither a command nor a PTY gets
// one line on how to connect.
func (s *Server) commandMiddleware() wish.Middleware {
	return func(next ssh.Handler) ssh.Handler {
		return func(sess ssh.Session) {
			raw := sess.RawCommand()
			_, _, pty := sess.Pty()
			switch {
			case raw == "" && pty:
				next(sess)
				return
			case raw == "":
				fmt.Fprintf(sess.Stderr(), "cxroom: open the room from a terminal with `%s`, or run a command: `%s actions --json` (`%s help` lists them)\n",
					s.JoinCommand(), s.JoinCommand(), s.JoinCommand())
				_ = sess.Exit(cli.ExitUsage)
				return
			case len(raw) > maxCommandBytes:
				fmt.Fprintf(sess.Stderr(), "cxroom: the command line is too long (%d bytes; at most %d)\n", len(raw), maxCommandBytes)
				_ = sess.Exit(cli.ExitUsage)
				return
			}
			ss, ok := sess.(*sshSession)
			if !ok {
				_ = sess.Exit(cli.ExitForbidden)
				return
			}
			ctx, cancel := s.sessionContext(sess)
			defer cancel()
			// one command at a time per key, MaxCommands at once
			key := ss.actor.Key
			if key == "" {
				key = "@" + ss.actor.Handle
			}
			t, err := s.commands.enter(ctx, key)
			if err != nil {
				return // the client left while its command waited
			}
			defer t.leave()
			e := &cli.Env{
				Stdout:  waitingWriter{t, sess},
				Stderr:  waitingWriter{t, sess.Stderr()},
				Stdin:   waitingReader{t, io.LimitReader(sess, maxCommandStdin)},
				Actor:   ss.actor,
				Svc:     s.cfg.Svc,
				Agendas: s.cfg.Agendas,
				Team:    s.cfg.Team.Get(),
				// facilitators edit the team file (the next session sees it);
				// a backup streams to a facilitator; restore stays local
				TeamPath: s.cfg.Team.Path(),
				Admin:    s.cfg.Admin,
				Remote:   true,
				Log:      ss.log,
				Join:     s.JoinCommand(),
			}
			code := s.runCommand(ctx, ss.log, e, raw)
			ss.log.Info("command", "name", commandName(e.Command()), "status", code)
			_ = sess.Exit(code)
		}
	}
}

// runCommand runs the command tree on one command line, turning a panic
// into a one-line error.
func (s *Server) runCommand(ctx context.Context, log *slog.Logger, e *cli.Env, line string) (code int) {
	defer func() {
		if p := recover(); p != nil {
			err := meeting.Public(log, fmt.Errorf("panic in an ssh command: %v\n%s", p, debug.Stack()))
			fmt.Fprintf(e.Stderr, "cxroom: %s\n", meeting.ErrorMessage(err))
			code = cli.ExitFailed
		}
	}()
	return cli.RunLine(ctx, e, line)
}

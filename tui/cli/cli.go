// Package cli is cxroom's command tree: one cobra tree, built per
// invocation with the caller's input, output and identity, runs from a
// shell (`cxroom actions --json`) and over SSH (`ssh -p 2222 host actions
// --json`). Commands that touch the server's files or process are refused
// over SSH; the local process supplies them through Local.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cxroom/agendas"
	"cxroom/meeting"
)

// Exit statuses.
const (
	ExitOK        = 0
	ExitFailed    = 1 // the command could not do its work (I/O, conflict)
	ExitUsage     = 2 // a bad argument or value; nothing was written
	ExitForbidden = 3 // the caller's role does not allow it
)

// Admin works on the whole database: Backup streams a consistent copy
// (locally to stdout, over SSH to a facilitator). The files are local:
// BackupFile writes a new file whole or not at all
// (via FILE.partial), RestoreFile swaps the database all or nothing; both
// answer a bad path (a folder, a missing file) with one sentence.
type Admin interface {
	Backup(w io.Writer) error
	BackupFile(path string) (int64, error)
	RestoreFile(path string) error
	Empty(ctx context.Context) (bool, error)
}

// Env is everything a command needs. Over SSH the server fills Svc,
// Agendas, Team and Actor before the command runs and Local is nil;
// locally Local opens what a command needs once its arguments are checked.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Actor          meeting.Actor
	Svc            *meeting.Service
	Agendas        *agendas.Set
	Team           *meeting.Team
	TeamPath       string // the team file team edits change; empty: none
	Admin          Admin  // nil: no backup
	Remote         bool   // over SSH
	Join           string // over SSH: how people reach the server, "ssh -p 2222 host"
	Local          *Local // nil over SSH
	// Missing is set by Local.Open when the data folder does not exist and
	// the command does not create one: it reads an empty store.
	Missing string
	// Log is where an internal failure is logged with the reference the
	// person sees (the server's log; locally, the data folder's once open).
	Log *slog.Logger

	g       Globals
	loaded  bool
	closers []func()
	reached bool   // the arguments parsed and the command began to run
	ran     string // which command that was
}

// Command is the command Run ran ("actions add"), for logs: a name from
// the tree, never what was typed; "?" when the line named none.
func (e *Env) Command() string {
	if e.ran == "" {
		return "?"
	}
	return e.ran
}

// Globals are the flags every command accepts, before or after its name,
// as typed (Local resolves defaults such as the data folder).
type Globals struct {
	Data    string
	Team    string
	Serve   string
	Open    bool
	NoColor bool
	// DiskReserve is --disk-reserve in bytes: 0 the store's default, -1 none.
	DiskReserve int64
	// Metrics is --metrics: with --serve or serve, where to serve the
	// Prometheus metrics and /healthz; with health, where to ask.
	Metrics string
}

// Local is what the process on the data folder's machine provides.
type Local struct {
	// Load fills e's Team, Agendas, Actor and TeamPath: what every local
	// command needs, without the store.
	Load func(g Globals, e *Env) error
	// Open opens the data folder for a command whose arguments were
	// checked, filling e.Svc and e.Admin, and returns what closes it.
	// create: the command records something new, so a missing data folder
	// is created (and said so on stderr); other commands never create one
	// (they see an empty store).
	Open func(ctx context.Context, g Globals, e *Env, create bool) (func(), error)
	// Room opens the meeting room (the TUI), with --serve also to SSH.
	Room func(ctx context.Context, g Globals) error
	// Serve runs the SSH server until ctx ends; ServeFlags adds its flags.
	Serve      func(ctx context.Context, g Globals) error
	ServeFlags func(fs *pflag.FlagSet)
	// Demo fills the data folder with a sample organisation.
	Demo func(ctx context.Context, g Globals, force bool) error
	// Version is the version set at build time ("" or "dev": the module's).
	Version string
	// Extra are hidden commands of the local binary (developer tools).
	Extra []*cobra.Command
}

// Run runs one command line, already split into words, and returns the
// exit status. Errors are one line on stderr.
func Run(ctx context.Context, e *Env, args []string) (code int) {
	defer e.close()
	defer func() {
		if p := recover(); p != nil {
			// a bug in a command: logged with a reference, one sentence out
			err := meeting.Public(e.Log, fmt.Errorf("panic in a command: %v\n%s", p, debug.Stack()))
			fmt.Fprintf(e.Stderr, "cxroom: %s\n", Message(err))
			code = ExitFailed
		}
	}()
	root := newRoot(e)
	root.SetArgs(arrange(root, append([]string{}, args...)))
	_, err := root.ExecuteContextC(ctx)
	missing := ""
	if e.Missing != "" {
		missing = fmt.Sprintf("there is no data folder at %s yet, so nothing is recorded there", e.Missing)
	}
	if err == nil {
		if missing != "" {
			fmt.Fprintf(e.Stderr, "cxroom: %s\n", oneLine(missing))
		}
		return ExitOK
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st)
	}
	err = meeting.Public(e.Log, e.classify(err, args)) // an internal failure: a reference, never its text
	msg := Message(err)
	if missing != "" && !strings.Contains(msg, e.Missing) {
		msg = oneLine(msg + " (" + missing + ")")
	}
	fmt.Fprintf(e.Stderr, "cxroom: %s\n", msg)
	return Status(err)
}

// RunLine runs a command line typed as one string, as SSH delivers it
// (`ssh host actions add Publish refund FAQ --owner ana`): split into
// words as a POSIX shell would, then run. An unclosed quote is reported as
// such, with how to quote the command for ssh.
func RunLine(ctx context.Context, e *Env, line string) int {
	args, err := SplitLine(line)
	if err != nil {
		fmt.Fprintf(e.Stderr, "cxroom: %s\n", oneLine(err.Error()+"; "+e.quoteHint(line)))
		return ExitUsage
	}
	if len(args) == 0 {
		fmt.Fprintf(e.Stderr, "cxroom: give a command; `%s help` lists them\n", e.join())
		return ExitUsage
	}
	return Run(ctx, e, args)
}

// exitStatus is an error whose message was already printed.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// Exit returns an error that ends the command with status code, printing
// nothing more (for commands that reported their own failure).
func Exit(code int) error {
	if code == ExitOK {
		return nil
	}
	return exitStatus(code)
}

// usageError is a bad command line: exit 2 with one line. parse marks the
// errors of the command line's shape (a flag, the number of words), which
// over SSH may come from quoting that ssh dropped.
type usageError struct {
	msg   string
	parse bool
}

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

func parsef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...), parse: true}
}

func forbiddenf(format string, args ...any) error {
	return meeting.Errorf(meeting.EFORBIDDEN, format, args...)
}

// classify turns what cobra reports before a command runs (an unknown
// command or flag) into a usage error, and adds to a command line that did
// not parse over SSH how to quote it.
func (e *Env) classify(err error, args []string) error {
	var u usageError
	var coded *meeting.Error
	if !errors.As(err, &u) && !e.reached && !errors.As(err, &coded) {
		u = usageError{msg: cobraMessage(err.Error()), parse: true}
		err = u
	}
	if e.Remote && u.parse {
		return usageError{msg: u.msg + "; " + e.quoteHint(strings.Join(args, " ")), parse: true}
	}
	return err
}

// cobraMessage rewrites cobra's parse errors as one sentence.
func cobraMessage(s string) string {
	first, rest, _ := strings.Cut(s, "\n")
	if strings.HasPrefix(first, "unknown command ") {
		// unknown command "x" for "cxroom"\n\nDid you mean this?\n\tactions
		name := strings.TrimPrefix(first, "unknown command ")
		if i := strings.Index(name, " for "); i >= 0 {
			name = name[:i]
		}
		msg := "unknown command " + name
		if _, sugg, ok := strings.Cut(rest, "Did you mean this?\n"); ok {
			if f := strings.Fields(sugg); len(f) > 0 {
				msg += " (did you mean " + f[0] + "?)"
			}
		}
		return msg + "; `cxroom help` lists the commands"
	}
	return first
}

var commandWord = regexp.MustCompile(`^[a-z]+$`)

// quoteHint says how to quote a command for ssh, which joins its
// arguments with spaces and drops one level of quotes.
func (e *Env) quoteHint(line string) string {
	var words []string
	for _, w := range strings.Fields(line) { // the command's words, never what was typed after them
		if len(words) == 3 || !commandWord.MatchString(w) {
			break
		}
		words = append(words, w)
	}
	cmd := strings.Join(words, " ")
	if cmd == "" {
		cmd = "actions add"
	}
	return fmt.Sprintf("over SSH, quote the whole command and the text inside it: %s '%s \"…\"'", e.join(), meeting.CleanLine(cmd, 40))
}

func (e *Env) join() string {
	if e.Join != "" {
		return e.Join
	}
	if e.Remote {
		return "ssh HOST"
	}
	return "cxroom"
}

// load fills the team and the agendas (locally, once).
func (e *Env) load() error {
	if e.Local == nil || e.loaded {
		return nil
	}
	e.loaded = true
	return e.Local.Load(e.g, e)
}

// open makes the store ready for a command whose arguments are valid;
// create: a missing data folder is created.
func (e *Env) open(ctx context.Context, create bool) error {
	if err := e.load(); err != nil {
		return err
	}
	if e.Svc != nil {
		return nil
	}
	if e.Local == nil || e.Local.Open == nil {
		return errNoStore
	}
	closeFn, err := e.Local.Open(ctx, e.g, e, create)
	if err != nil {
		return err
	}
	e.closers = append(e.closers, closeFn)
	return nil
}

func (e *Env) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
	e.closers = nil
}

// Message is the one sentence a person sees for err: one line, no escape
// sequences.
func Message(err error) string {
	var u usageError
	if errors.As(err, &u) {
		return oneLine(u.msg)
	}
	return oneLine(meeting.ErrorMessage(err))
}

// Status maps err to an exit status.
func Status(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return ExitUsage
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st)
	}
	switch meeting.ErrorCode(err) {
	case meeting.EINVALID, meeting.ENOTFOUND:
		return ExitUsage
	case meeting.EFORBIDDEN:
		return ExitForbidden
	}
	return ExitFailed
}

// oneLine is the edge's guard: an error may quote what someone typed, so it
// is cut to its first line and stripped of escape sequences before it
// reaches a terminal (over SSH, someone else's input could be in it).
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return meeting.CleanLine(s, 400)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonTo writes a JSON document rendered by report, with a newline:
// jsonTo(w)(report.ScorecardJSON(sc)).
func jsonTo(w io.Writer) func([]byte, error) error {
	return func(data []byte, err error) error {
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Package cli is cxroom's non-interactive command surface: the same command
// tree runs from a shell (`cxroom actions --json`) and over SSH
// (`ssh -p 2222 host actions --json`), with the caller's identity and role.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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

// Admin is what only the local owner of the data folder may do. The files
// are handled behind it: BackupFile writes a new file whole or not at all
// (via FILE.partial), RestoreFile swaps the database all or nothing; both
// answer a bad path (a folder, a missing file) with one sentence.
type Admin interface {
	BackupFile(path string) (int64, error)
	RestoreFile(path string) error
	Empty(ctx context.Context) (bool, error)
}

// Env is everything a command needs. Remote commands (over SSH) get no Admin
// and no TeamPath: backup, restore and team edits are local only.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Actor          meeting.Actor
	Svc            *meeting.Service
	Agendas        *agendas.Set
	Team           *meeting.Team
	TeamPath       string // where `team add` writes; empty over SSH
	Admin          Admin  // nil over SSH
	Remote         bool
}

// usageError is a bad command line: exit 2 with one line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one leaf of the tree.
type command struct {
	name  string // "actions add"
	args  string // usage of positional args and flags
	help  string
	local bool // refused over SSH
	run   func(ctx context.Context, e *Env, args []string) error
}

func commands() []command {
	return []command{
		{"agendas list", "[--json]", "list the rituals you can run", false, agendasList},
		{"agendas show", "ID [--json]", "show a ritual's segments and prompts", false, agendasShow},
		{"agendas validate", "FILE", "check an agenda file you wrote", true, agendasValidate},
		{"actions", "[--owner H] [--status S] [--overdue] [--mine] [--json]", "list actions", false, actionsList},
		{"actions add", "TEXT --owner H --due D", "add an action (due: 2026-12-04, today, tomorrow, fri, +3d, +2w)", false, actionsAdd},
		{"actions set", "ID --status S [--note TEXT]", "change an action's status (open, done, blocked, escalated, dropped)", false, actionsSet},
		{"meetings", "[--live] [--json]", "list meetings, newest first", false, meetingsList},
		{"decisions", "[--review-due] [--json]", "list the decision log", false, decisionsList},
		{"journeys", "[--json]", "list journeys with owners and last review", false, journeysList},
		{"journeys add", "NAME --owner H", "register a critical journey", false, journeysAdd},
		{"stories", "[--query Q] [--stage S] [--theme T] [--json]", "search the story library", false, storiesList},
		{"series", "[--json]", "list recurring rituals", false, seriesList},
		{"series add", "--agenda ID --cadence weekly|biweekly|monthly|quarterly --start DATE --time HH:MM [--title T] [--zone Europe/Berlin] [--journey J]", "schedule a recurring ritual", false, seriesAdd},
		{"scorecard", "[--since DATE] [--json]", "the leadership scorecard", false, scorecard},
		{"export minutes", "MEETING_ID [--format md|json]", "a meeting's minutes", false, exportMinutes},
		{"export actions", "--format csv|json|ics [--owner H] [--status S]", "actions for a spreadsheet or calendar", false, exportActions},
		{"export decisions", "[--format md|json]", "the decision log", false, exportDecisions},
		{"export calendar", "", "the ritual calendar as iCalendar (one recurring event per series)", false, exportCalendar},
		{"export scorecard", "[--format md|json]", "the scorecard", false, exportScorecard},
		{"team", "[--json]", "list the team", false, teamList},
		{"team add", "NAME --handle H --role facilitator|member|observer [--key KEY]", "add or update a member in the team file", true, teamAdd},
		{"backup", "FILE", "write the whole database to one file", true, backup},
		{"restore", "FILE [--force]", "replace the database with a backup", true, restore},
		{"whoami", "", "who cxroom thinks you are", false, whoami},
	}
}

// Run runs one command line and returns the exit status. Errors are one
// line on stderr.
func Run(ctx context.Context, e *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		Usage(e.Stdout, e.Remote)
		return ExitOK
	}
	cmd, rest, ok := find(args)
	if !ok {
		fmt.Fprintf(e.Stderr, "cxroom: unknown command %q; run `cxroom help` for the list\n", meeting.CleanLine(strings.Join(args[:min(2, len(args))], " "), 60))
		return ExitUsage
	}
	if cmd.local && e.Remote {
		fmt.Fprintf(e.Stderr, "cxroom: %s works only on the server's own machine, not over SSH\n", cmd.name)
		return ExitForbidden
	}
	if err := cmd.run(ctx, e, rest); err != nil {
		fmt.Fprintf(e.Stderr, "cxroom: %s\n", Message(err))
		return Status(err)
	}
	return ExitOK
}

// find picks the longest command name that prefixes args.
func find(args []string) (command, []string, bool) {
	var best command
	n := 0
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(words) <= len(args) && len(words) > n && equalWords(words, args[:len(words)]) {
			best, n = c, len(words)
		}
	}
	return best, args[n:], n > 0
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Usage prints the command list.
func Usage(w io.Writer, remote bool) {
	fmt.Fprintln(w, "usage: cxroom [--data DIR] COMMAND")
	if !remote {
		fmt.Fprintln(w, "\n  cxroom                      open the meeting room (TUI)")
		fmt.Fprintln(w, "  cxroom --serve ADDR         open the TUI and let the team join over SSH")
		fmt.Fprintln(w, "  cxroom serve --listen ADDR  [--team FILE | --open]  serve rooms over SSH only")
		fmt.Fprintln(w, "  cxroom demo                 fill the data folder with a sample organisation")
		fmt.Fprintln(w, "  cxroom bench fanout|store   measure fan-out and storage")
	}
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		if c.local && remote {
			continue
		}
		fmt.Fprintf(w, "  %-18s %s\n      %s\n", c.name, c.args, c.help)
	}
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

// flags is a flag set that accepts flags anywhere among positional
// arguments (`actions add "Call Ana" --owner maria --due fri`), the way
// people type them.
type flags struct {
	fs *flag.FlagSet
}

func newFlags(name string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flags{fs: fs}
}

func (f *flags) str(name, usage string) *string   { return f.fs.String(name, "", usage) }
func (f *flags) boolean(name, usage string) *bool { return f.fs.Bool(name, false, usage) }

// parse splits args into flags and positionals, parses the flags and checks
// the number of positionals.
func (f *flags) parse(args []string, minPos, maxPos int, posUsage string) ([]string, error) {
	var flagArgs, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			flagArgs = append(flagArgs, a) // --owner=ana: the flag set checks it
			continue
		}
		fl := f.fs.Lookup(name)
		if fl == nil {
			return nil, usagef("unknown flag %s for %s", meeting.CleanLine(a, 40), f.fs.Name())
		}
		flagArgs = append(flagArgs, a)
		if bf, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if i+1 >= len(args) {
			return nil, usagef("flag %s needs a value", a)
		}
		i++
		flagArgs = append(flagArgs, args[i])
	}
	if err := f.fs.Parse(flagArgs); err != nil {
		return nil, usagef("%s: %s", f.fs.Name(), oneLine(err.Error()))
	}
	if len(pos) < minPos || len(pos) > maxPos {
		if posUsage == "" {
			return nil, usagef("%s takes no arguments besides flags", f.fs.Name())
		}
		return nil, usagef("usage: cxroom %s %s", f.fs.Name(), posUsage)
	}
	return pos, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func whoami(_ context.Context, e *Env, args []string) error {
	if _, err := newFlags("whoami").parse(args, 0, 0, ""); err != nil {
		return err
	}
	a := e.Actor
	guest := ""
	if a.Guest {
		guest = " (guest)"
	}
	fmt.Fprintf(e.Stdout, "%s (@%s), %s%s\n", a.Name, a.Handle, a.Role, guest)
	return nil
}

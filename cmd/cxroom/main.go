// Command cxroom runs customer-experience leadership rituals live: the TUI,
// the SSH rooms, and the commands that read and export what meetings
// committed to. It only wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"cxroom/internal/logging"
	"cxroom/meeting"
	"cxroom/tui/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// globals are the flags accepted before the command.
type globals struct {
	data    string
	serve   string
	team    string
	open    bool
	noColor bool
	log     logging.Options // where and how to log (serve's --log-* flags)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g, rest, err := parseGlobals(args)
	if err != nil {
		fmt.Fprintf(stderr, "cxroom: %s\n", err)
		return cli.ExitUsage
	}
	cmd := ""
	if len(rest) > 0 {
		cmd = rest[0]
	}
	switch cmd {
	case "":
		return runTUI(ctx, g, stderr)
	case "serve":
		return runServe(ctx, g, rest[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, g, rest[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, g, rest[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "cxroom", version)
		return cli.ExitOK
	case "help", "--help", "-h":
		cli.Usage(stdout, false)
		return cli.ExitOK
	}
	return runCommand(ctx, g, rest, stdin, stdout, stderr)
}

// parseGlobals reads the flags that come before the command.
func parseGlobals(args []string) (globals, []string, error) {
	var g globals
	fs := flag.NewFlagSet("cxroom", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.data, "data", "", "data folder")
	fs.StringVar(&g.serve, "serve", "", "also serve the rooms over SSH on this address")
	fs.StringVar(&g.team, "team", "", "team file (default <data>/team.yaml)")
	fs.BoolVar(&g.open, "open", false, "let anyone join as a guest member")
	fs.BoolVar(&g.noColor, "no-color", false, "no colours")
	// stop at the first non-flag: the rest belongs to the command
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return g, []string{"help"}, nil
		}
		return g, nil, fmt.Errorf("%s; run `cxroom help`", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
	}
	if g.data == "" {
		g.data = os.Getenv("CXROOM_DATA")
	}
	if g.data == "" {
		g.data = defaultDataDir()
	}
	if abs, err := filepath.Abs(g.data); err == nil {
		g.data = abs
	}
	if g.team == "" {
		g.team = filepath.Join(g.data, "team.yaml")
	}
	g.noColor = g.noColor || os.Getenv("NO_COLOR") != ""
	return g, fs.Args(), nil
}

// defaultDataDir is $XDG_DATA_HOME/cxroom, else ~/.local/share/cxroom.
func defaultDataDir() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "cxroom")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "cxroom")
	}
	return ".cxroom"
}

// localActor is whoever runs cxroom on the machine that owns the data
// folder: the facilitator, named from the team file when it lists them.
func localActor(team *meeting.Team) meeting.Actor {
	user := os.Getenv("CXROOM_USER")
	if user == "" {
		user = os.Getenv("USER")
	}
	h, err := meeting.ParseHandle(user)
	if err != nil {
		h = "me"
	}
	a := meeting.Actor{Handle: h, Name: h, Role: meeting.RoleFacilitator}
	if m, ok := team.Member(h); ok {
		a.Name = m.Name
	}
	return a
}

// fail prints one line and returns the exit status for err.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "cxroom: %s\n", cli.Message(err))
	return cli.Status(err)
}

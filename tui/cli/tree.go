package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cxroom/meeting"
)

// annotation marking a command that touches the server's files or process:
// refused over SSH.
const localOnly = "cxroom/local-only"

// newRoot builds the whole tree for one invocation, writing to e's output.
func newRoot(e *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "cxroom [--serve ADDR [--open]]",
		Short: "Open the meeting room; with --serve the team also joins over SSH",
		Long: `cxroom runs customer-experience leadership rituals live: a timeboxed agenda in the
terminal, the team joining over SSH, and every commitment (actions, decisions, VOC
issues, stories) stored and carried into the next meeting.

Run without a command to open the meeting room. Every command below also runs over
SSH with your identity and role: ssh -p 2222 HOST actions --mine.
Bad input prints one line on stderr and exits 2 with nothing written; a command your
role may not run exits 3.`,
		Example: `  cxroom                                  # the meeting room
  cxroom --data ~/cx --serve 0.0.0.0:2222 # the room, and the team joins over SSH
  cxroom actions --mine
  ssh -p 2222 cx.example.com actions add Publish refund FAQ --owner ana --due +1w`,
		SilenceErrors:         true,
		SilenceUsage:          true,
		DisableFlagsInUseLine: true,
		PersistentPreRunE:     e.preRun,
		RunE: func(c *cobra.Command, args []string) error {
			if e.Remote || e.Local == nil || e.Local.Room == nil {
				return usagef("give a command; `%s help` lists them", e.join())
			}
			if e.g.Metrics != "" && e.g.Serve == "" {
				return usagef("--metrics goes with --serve ADDR (or `cxroom serve`): the metrics are the SSH server's")
			}
			return e.Local.Room(c.Context(), e.g)
		},
	}
	if e.Local != nil { // `cxroom --version`, as `cxroom version`
		root.Version = VersionLine(e.Local.Version)
		root.SetVersionTemplate("{{.Version}}\n")
	}
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	if e.Stdin != nil {
		root.SetIn(e.Stdin)
	}
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&e.g.Data, "data", "", "data folder (default $CXROOM_DATA, else $XDG_DATA_HOME/cxroom)")
	pf.StringVar(&e.g.Team, "team", "", "team file (default <data>/team.yaml)")
	pf.BoolVar(&e.g.NoColor, "no-color", false, "no colours (also NO_COLOR=1)")
	pf.StringVar(&e.g.Serve, "serve", "", "with no command or serve: also open the rooms to SSH on this address")
	pf.BoolVar(&e.g.Open, "open", false, "with --serve or serve: let any SSH key in as a guest member")
	pf.StringVar(&e.g.Metrics, "metrics", "", "with --serve or serve: Prometheus metrics and /healthz on this address, e.g. "+DefaultMetricsAddr+"; with health: where to ask")
	pf.Var((*sizeValue)(&e.g.DiskReserve), "disk-reserve", "free space to keep on the data folder's disk; below it nothing is saved (default 256MB; 0 = none)")
	root.CompletionOptions.DisableDefaultCmd = e.Remote
	root.CompletionOptions.HiddenDefaultCmd = false
	root.SetHelpCommand(helpCmd(e))

	root.AddCommand(
		actionsCmd(e), meetingsCmd(e), decisionsCmd(e), journeysCmd(e), storiesCmd(e),
		seriesCmd(e), scorecardCmd(e), shadowCmd(e), proposalsCmd(e), boardCmd(e), chartersCmd(e), accountsCmd(e),
		reportCmd(e), exportCmd(e), agendasCmd(e), teamCmd(e),
		verifyCmd(e), whoamiCmd(e), backupCmd(e), restoreCmd(e),
		serveCmd(e), healthCmd(e), demoCmd(e), versionCmd(e), docsCmd(e),
	)
	if e.Local != nil {
		for _, c := range e.Local.Extra {
			c.Hidden = true
			c.Annotations = map[string]string{localOnly: "yes"}
			root.AddCommand(c)
		}
	}
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) {
		c.DisableFlagsInUseLine = true
		if c.Name() == "completion" && c.HasParent() && c.Parent() == root {
			c.Annotations, c.RunE = map[string]string{localOnly: "yes", groupOf: "yes"}, group
			c.Example = `  cxroom completion bash > ~/.local/share/bash-completion/completions/cxroom
  cxroom completion zsh > "${fpath[1]}/_cxroom"
  cxroom completion fish > ~/.config/fish/completions/cxroom.fish`
		}
	})
	if e.Remote {
		root.Long = "Commands of the cxroom server, run with your SSH key's identity and role: " + e.join() + " COMMAND.\n" +
			"Bad input prints one line on stderr and exits 2 with nothing written; a command your role may not run exits 3."
		root.Example = "  " + e.join() + " actions --mine\n  " + e.join() + " actions add Publish refund FAQ --owner ana --due +1w\n  " + e.join() + " help actions"
		for _, name := range []string{"data", "team", "serve", "open", "metrics", "disk-reserve"} {
			_ = pf.MarkHidden(name) // the server's own: refused over SSH
		}
		walk(root, func(c *cobra.Command) {
			if isLocal(c) {
				// refused before its flags are read, whatever they are
				c.Hidden, c.DisableFlagParsing, c.Args = true, true, cobra.ArbitraryArgs
			}
		})
	}
	return root
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, s := range c.Commands() {
		walk(s, fn)
	}
}

func isLocal(c *cobra.Command) bool { return c.Annotations[localOnly] == "yes" }

func local() map[string]string { return map[string]string{localOnly: "yes"} }

// path is a command's name without the program: "actions add".
func path(c *cobra.Command) string {
	p := c.CommandPath()
	if i := strings.IndexByte(p, ' '); i >= 0 {
		return p[i+1:]
	}
	return p
}

// preRun runs before every command, once its words and flags parsed.
func (e *Env) preRun(c *cobra.Command, _ []string) error {
	e.reached, e.ran = true, path(c)
	if e.Remote {
		for _, name := range []string{"data", "team", "serve", "open", "metrics", "disk-reserve"} {
			if f := c.Flags().Lookup(name); f != nil && f.Changed {
				return forbiddenf("--%s works only on the server's own machine, not over SSH", name)
			}
		}
		if isLocal(c) {
			return forbiddenf("%s works only on the server's own machine, not over SSH", path(c))
		}
		return nil
	}
	if c.HasParent() && c.Name() != "serve" {
		for _, name := range []string{"serve", "open", "metrics"} {
			if f := c.Flags().Lookup(name); f != nil && f.Changed && (name != "metrics" || c.Name() != "health") {
				return usagef("--%s goes with `cxroom` or `cxroom serve`, not with `cxroom %s`", name, path(c))
			}
		}
	}
	return nil
}

// flagError turns the flag parser's complaint into one sentence naming
// where to look.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	if i := strings.Index(msg, ": strconv."); i >= 0 {
		msg = msg[:i]
	}
	if strings.HasPrefix(msg, "unknown shorthand flag") || strings.HasPrefix(msg, "unknown flag") {
		msg += " (text that starts with a dash goes after --)"
	}
	return parsef("%s; `cxroom %s --help` shows its flags", msg, strings.TrimSpace(path(c)+" "))
}

// helpCmd is `help [COMMAND]`: a help page, or exit 2 for an unknown one.
func helpCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "help [COMMAND]",
		Short:                 "Show how to use a command, with examples",
		Example:               "  cxroom help actions add",
		DisableFlagsInUseLine: true,
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 || (e.Remote && target.Hidden) {
				return parsef("there is no command %q; `%s help` lists them", meeting.CleanLine(strings.Join(args, " "), 60), e.join())
			}
			target.InitDefaultHelpFlag() // as `X --help` shows it
			return target.Help()
		},
	}
}

// groupOf marks a command that only holds others.
const groupOf = "cxroom/group"

// group is the run of a command that only holds others: its help, or
// exit 2 for an unknown subcommand.
func group(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return parsef("unknown command %q for `cxroom %s`; its commands are %s", meeting.CleanLine(args[0], 40), path(c), subNames(c))
	}
	return c.Help()
}

func subNames(c *cobra.Command) string {
	var names []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	return strings.Join(names, ", ")
}

// noWords accepts flags only.
func noWords(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("`cxroom %s` takes no words besides its flags (got %q)", path(c), meeting.CleanLine(args[0], 40))
	if subs := subNames(c); subs != "" {
		msg += "; its commands are " + subs
	}
	return parsef("%s", msg)
}

// words accepts between lo and hi words (hi < 0: any number), saying what
// they are when the count is wrong.
func words(lo, hi int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		switch {
		case len(args) < lo:
			return parsef("give %s: cxroom %s", what, strings.TrimPrefix(c.UseLine(), "cxroom "))
		case hi >= 0 && len(args) > hi:
			return parsef("`cxroom %s` takes %s, not %d words (put text of several words in quotes): cxroom %s",
				path(c), what, len(args), strings.TrimPrefix(c.UseLine(), "cxroom "))
		}
		return nil
	}
}

// text is the words that are not flags, joined: over SSH the quotes around
// a text of several words are lost on the way, so the words are the text.
func text(args []string) string { return strings.Join(args, " ") }

// now is the command's clock: the service's once open, else the system's
// (to check a date before opening anything).
func (e *Env) now() time.Time {
	if e.Svc != nil {
		return e.Svc.Clock.Now()
	}
	return time.Now()
}

// serveCmd runs the SSH server (local only).
func serveCmd(e *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "serve [--listen ADDR] [--team FILE | --open]",
		Short: "Serve the rooms over SSH only (no local room)",
		Long: `Serve the rooms over SSH until SIGINT or SIGTERM. Identity is the SSH key: the team
file maps keys to names and roles. Without a team file listing someone with a key,
serve refuses to start unless --open lets anyone in as a guest member.`,
		Example: `  cxroom --data /srv/cx serve --listen 0.0.0.0:2222
  cxroom serve --data /srv/cx --team /etc/cxroom/team.yaml --listen :2222
  cxroom serve --data /srv/cx --listen :2222 --metrics 127.0.0.1:2112   # + /metrics and /healthz`,
		Annotations: local(),
		Args:        noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if e.Local == nil || e.Local.Serve == nil {
				return forbiddenf("serve works only on the server's own machine")
			}
			return e.Local.Serve(c.Context(), e.g)
		},
	}
	if e.Local != nil && e.Local.ServeFlags != nil {
		e.Local.ServeFlags(c.Flags())
	}
	return c
}

// demoCmd fills the data folder with a sample organisation (local only).
func demoCmd(e *Env) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "demo [--force]",
		Short: "Fill the data folder with a sample organisation",
		Long: `Write a sample organisation into the data folder: 7 people, journeys, past meetings,
actions, decisions, VOC issues, stories and GUIDE sessions, and the demo team as the
team file when there is none. A folder that already holds meetings is refused unless
--force.`,
		Example:     "  cxroom --data /tmp/cx-demo demo\n  CXROOM_USER=maria cxroom --data /tmp/cx-demo",
		Annotations: local(),
		Args:        noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if e.Local == nil || e.Local.Demo == nil {
				return forbiddenf("demo works only on the server's own machine")
			}
			return e.Local.Demo(c.Context(), e.g, force)
		},
	}
	c.Flags().BoolVar(&force, "force", false, "add the demo even if the folder holds meetings")
	return c
}

func whoamiCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "whoami",
		Short:   "Who cxroom thinks you are",
		Long:    "Your name, handle and role: locally $CXROOM_USER (else $USER) as named in the team file; over SSH, the member your key belongs to.",
		Example: "  cxroom whoami\n  ssh -p 2222 HOST whoami",
		Args:    noWords,
		RunE: func(*cobra.Command, []string) error {
			if err := e.load(); err != nil {
				return err
			}
			a := e.Actor
			guest := ""
			if a.Guest {
				guest = " (guest)"
			}
			fmt.Fprintf(e.Stdout, "%s (@%s), %s%s\n", a.Name, a.Handle, a.Role, guest)
			return nil
		},
	}
}

// errNoStore is what a command without a data folder (tests) says.
var errNoStore = errors.New("no data folder is open")

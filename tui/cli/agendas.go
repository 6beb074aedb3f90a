package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"cxroom/agendas"
	"cxroom/internal/cells"
	"cxroom/meeting"
)

func agendasCmd(e *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "agendas",
		Short: "List, show and check the rituals' agendas",
		Long: `The rituals you can run: the shipped ones and any agenda files in your config
folder ($XDG_CONFIG_HOME/cxroom/agendas), a file with a built-in's id replacing it.`,
		Example:               "  cxroom agendas list\n  cxroom agendas show voc-triage",
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{groupOf: "yes"},
		RunE:                  group,
	}
	c.AddCommand(agendasListCmd(e), agendasShowCmd(e), agendasValidateCmd(e))
	return c
}

func agendasListCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "list [--json]",
		Short:                 "List the rituals you can run",
		Example:               "  cxroom agendas list --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(*cobra.Command, []string) error {
			if err := e.load(); err != nil {
				return err
			}
			list := e.Agendas.List()
			if asJSON {
				return writeJSON(e.Stdout, nonNil(list))
			}
			var tw cells.Table
			tw.Row("ID", "MINUTES", "CADENCE", "TITLE")
			for _, a := range list {
				tw.Row(a.ID, strconv.Itoa(a.Minutes), dash(a.Cadence), a.Title)
			}
			_, err := tw.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func agendasShowCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "show ID [--json]",
		Short:                 "Show a ritual's segments and prompts",
		Example:               "  cxroom agendas show voc-triage\n  cxroom agendas show journey-review --json",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one ritual ID"),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := e.load(); err != nil {
				return err
			}
			a, ok := e.Agendas.Get(strings.TrimSpace(args[0]))
			if !ok {
				return meeting.Errorf(meeting.ENOTFOUND, "no ritual is called %q; `cxroom agendas list` shows them", meeting.CleanLine(args[0], 40))
			}
			if asJSON {
				return writeJSON(e.Stdout, a)
			}
			fmt.Fprintf(e.Stdout, "%s — %d min", a.Title, a.Minutes)
			if a.Cadence != "" {
				fmt.Fprintf(e.Stdout, ", %s", a.Cadence)
			}
			fmt.Fprintln(e.Stdout)
			if a.Purpose != "" {
				fmt.Fprintf(e.Stdout, "%s\n", a.Purpose)
			}
			for i, s := range a.Segments {
				start := a.Offset(i)
				fmt.Fprintf(e.Stdout, "\n%2d–%d min  %s", start, start+s.Minutes, s.Title)
				if s.Output != "" {
					fmt.Fprintf(e.Stdout, "  → %s", s.Output)
				}
				fmt.Fprintln(e.Stdout)
				for _, l := range strings.Split(strings.TrimSpace(s.Prompt), "\n") {
					fmt.Fprintf(e.Stdout, "    %s\n", l)
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func agendasValidateCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "validate FILE",
		Short:                 "Check an agenda file you wrote",
		Example:               "  cxroom agendas validate ~/.config/cxroom/agendas/my-ritual.yaml",
		DisableFlagsInUseLine: true,
		Annotations:           local(),
		Args:                  words(1, 1, "one agenda file"),
		RunE: func(_ *cobra.Command, args []string) error {
			if info, err := os.Stat(args[0]); err == nil && info.IsDir() {
				return usagef("%s is a folder; give an agenda file (.yaml)", meeting.CleanLine(args[0], 200))
			}
			a, err := agendas.ParseFile(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s is valid: %s (%s), %d segments, %d min\n", args[0], a.Title, a.ID, len(a.Segments), a.Minutes)
			return nil
		},
	}
}

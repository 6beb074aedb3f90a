package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"cxroom/agendas"
	"cxroom/meeting"
)

func agendasList(_ context.Context, e *Env, args []string) error {
	f := newFlags("agendas list")
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	list := e.Agendas.List()
	if *asJSON {
		return writeJSON(e.Stdout, nonNil(list))
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMINUTES\tCADENCE\tTITLE")
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", a.ID, a.Minutes, dash(a.Cadence), a.Title)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func agendasShow(_ context.Context, e *Env, args []string) error {
	f := newFlags("agendas show")
	asJSON := f.boolean("json", "JSON output")
	pos, err := f.parse(args, 1, 1, "ID [--json]")
	if err != nil {
		return err
	}
	a, ok := e.Agendas.Get(strings.TrimSpace(pos[0]))
	if !ok {
		return meeting.Errorf(meeting.ENOTFOUND, "no ritual is called %q; `cxroom agendas list` shows them", meeting.CleanLine(pos[0], 40))
	}
	if *asJSON {
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
}

func agendasValidate(_ context.Context, e *Env, args []string) error {
	pos, err := newFlags("agendas validate").parse(args, 1, 1, "FILE")
	if err != nil {
		return err
	}
	a, err := agendas.ParseFile(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s is valid: %s (%s), %d segments, %d min\n", pos[0], a.Title, a.ID, len(a.Segments), a.Minutes)
	return nil
}

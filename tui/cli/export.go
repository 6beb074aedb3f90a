package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"cxroom/meeting"
	"cxroom/report"
)

func exportCmd(e *Env) *cobra.Command {
	c := &cobra.Command{
		Use:                   "export",
		Short:                 "Export minutes, actions, decisions, the calendar, the scorecard, the ledger or the signers",
		Example:               "  cxroom export minutes M7 > minutes.md\n  ssh -p 2222 HOST export actions --format ics > actions.ics",
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{groupOf: "yes"},
		RunE:                  group,
	}
	c.AddCommand(exportMinutesCmd(e), exportActionsCmd(e), exportDecisionsCmd(e), exportCalendarCmd(e), exportScorecardCmd(e), exportLedgerCmd(e), exportSignersCmd(e))
	return c
}

// format checks --format against the accepted values (the first is the
// default when empty) and returns the canonical one.
func format(got string, aliases map[string]string, names string) (string, error) {
	if f, ok := aliases[got]; ok {
		return f, nil
	}
	if got == "" {
		return "", usagef("say the format with --format %s", names)
	}
	return "", usagef("--format %q is not %s", meeting.CleanLine(got, 20), names)
}

var mdOrJSON = map[string]string{"": "md", "md": "md", "markdown": "md", "json": "json"}

func exportMinutesCmd(e *Env) *cobra.Command {
	var f string
	c := &cobra.Command{
		Use:                   "minutes MEETING_ID [--format md|json]",
		Short:                 "A meeting's minutes",
		Example:               "  cxroom export minutes M7 > M7.md\n  cxroom export minutes M7 --format json",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one meeting ID"),
		RunE: func(c *cobra.Command, args []string) error {
			f, err := format(f, mdOrJSON, "md or json")
			if err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			b, err := e.Svc.Minutes(c.Context(), e.Actor, args[0])
			if err != nil {
				return err
			}
			if f == "md" {
				_, err = fmt.Fprint(e.Stdout, report.Minutes(b, e.Team, e.Svc.Clock.Now()))
				return err
			}
			data, err := report.MinutesJSON(b)
			if err == nil {
				_, err = e.Stdout.Write(append(data, '\n'))
			}
			return err
		},
	}
	c.Flags().StringVar(&f, "format", "", "md (default) or json")
	return c
}

func exportActionsCmd(e *Env) *cobra.Command {
	var f string
	var filter actionFilter
	c := &cobra.Command{
		Use:                   "actions --format csv|json|ics [--owner H] [--status S] [--overdue] [--mine]",
		Short:                 "Actions for a spreadsheet (csv, json) or a calendar (ics: to-dos with due dates)",
		Example:               "  cxroom export actions --format csv > actions.csv\n  ssh -p 2222 HOST export actions --format ics --mine > mine.ics",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := format(f, map[string]string{"csv": "csv", "json": "json", "ics": "ics", "ical": "ics"}, "csv, json or ics")
			if err != nil {
				return err
			}
			if err := filter.check(); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			as, err := e.Svc.Actions(c.Context(), e.Actor, filter.filter(e), meeting.Page{})
			if err != nil {
				return err
			}
			switch f {
			case "csv":
				return report.ActionsCSV(e.Stdout, as, e.Team)
			case "json":
				data, err := report.ActionsJSON(as)
				if err != nil {
					return err
				}
				_, err = e.Stdout.Write(append(data, '\n'))
				return err
			}
			return report.ActionsICS(e.Stdout, as, e.Svc.Clock.Now())
		},
	}
	c.Flags().StringVar(&f, "format", "", "csv, json or ics")
	filter.flags(c.Flags())
	return c
}

func exportDecisionsCmd(e *Env) *cobra.Command {
	var f string
	c := &cobra.Command{
		Use:                   "decisions [--format md|json]",
		Short:                 "The decision log",
		Example:               "  cxroom export decisions > decisions.md",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := format(f, mdOrJSON, "md or json")
			if err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ds, err := e.Svc.Decisions(c.Context(), e.Actor, meeting.DecisionFilter{})
			if err != nil {
				return err
			}
			if f == "md" {
				_, err = fmt.Fprint(e.Stdout, report.DecisionsMarkdown(ds, e.Team))
				return err
			}
			data, err := report.DecisionsJSON(ds)
			if err != nil {
				return err
			}
			_, err = e.Stdout.Write(append(data, '\n'))
			return err
		},
	}
	c.Flags().StringVar(&f, "format", "", "md (default) or json")
	return c
}

func exportCalendarCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "calendar",
		Short:                 "The ritual calendar as iCalendar (one recurring event per series)",
		Example:               "  cxroom export calendar > rituals.ics",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ss, err := e.Svc.SeriesList(c.Context())
			if err != nil {
				return err
			}
			return report.CalendarICS(e.Stdout, ss, e.Svc.Clock.Now())
		},
	}
}

func exportScorecardCmd(e *Env) *cobra.Command {
	var f string
	var q quarterFlags
	c := &cobra.Command{
		Use:                   "scorecard [--format md|json] [--period 2026Q4] [--zone ZONE]",
		Short:                 "The quarter's scorecard, in the seed's table layout",
		Example:               "  cxroom export scorecard > scorecard.md\n  cxroom export scorecard --period 2026Q3 --format json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := format(f, mdOrJSON, "md or json")
			if err != nil {
				return err
			}
			if err := q.check(); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			v, err := e.Svc.Scorecard(c.Context(), e.Actor, meeting.ScorecardQuery{Period: q.p, Loc: q.loc})
			if err != nil {
				return err
			}
			if f == "md" {
				_, err = fmt.Fprint(e.Stdout, report.ScorecardMarkdown(v))
				return err
			}
			return jsonTo(e.Stdout)(report.ScorecardJSON(v))
		},
	}
	c.Flags().StringVar(&f, "format", "", "md (default) or json")
	q.flags(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	return c
}

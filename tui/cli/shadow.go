package cli

import (
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"cxroom/meeting"
)

func shadowCmd(e *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "shadow",
		Short: "The shadowing log: hours leaders spend with customers",
		Long: `The seed's "leader shadowing hours": time spent with customers (sitting with support, on
sales calls, watching someone use the product), logged by the leader. The scorecard sums
them per quarter.`,
		Example:               "  cxroom shadow log 2h --customer ACME --note \"sat with tier-2 support\"\n  cxroom shadow list --period 2026Q4",
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{groupOf: "yes"},
		RunE:                  group,
	}
	c.AddCommand(shadowLogCmd(e), shadowListCmd(e))
	return c
}

func shadowLogCmd(e *Env) *cobra.Command {
	var customer, note, date string
	c := &cobra.Command{
		Use:   "log DURATION [--customer C] [--note N] [--date DAY]",
		Short: "Log time you spent with customers (members and facilitators)",
		Long: `Log your own shadowing: a duration such as 2h, 90m or 1h30m (15 minutes to 12 hours),
on a day (default today; yesterday or YYYY-MM-DD, up to a year back), with whom and a
note. One person's entries for a day add up to at most 12 hours.`,
		Example: `  cxroom shadow log 2h --customer ACME --note "sat with tier-2 support"
  ssh -p 2222 HOST 'shadow log 90m --customer "Globex onboarding call" --date yesterday'`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, 2, "a duration such as 2h or 1h 30m"),
		RunE: func(c *cobra.Command, args []string) error {
			in := meeting.ShadowingInput{Duration: text(args), Date: date, Customer: customer, Note: note}
			if _, err := meeting.NewShadowing(in, "check", e.now()); err != nil {
				return err // before the data folder is opened (or created)
			}
			if err := e.may(meeting.OpLogShadowing); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			x, err := e.Svc.LogShadowing(c.Context(), e.Actor, in)
			if err != nil {
				return err
			}
			with := ""
			if x.Customer != "" {
				with = " with " + x.Customer
			}
			fmt.Fprintf(e.Stdout, "%s logged: %s hours of shadowing%s on %s\n", x.ID, fmtHours(x.Minutes), with, x.Date)
			return nil
		},
	}
	c.Flags().StringVar(&customer, "customer", "", "who you shadowed: a customer or segment")
	c.Flags().StringVar(&note, "note", "", "what you did or learned, in a line")
	c.Flags().StringVar(&date, "date", "", "the day: today (default), yesterday or YYYY-MM-DD")
	return c
}

func fmtHours(mins int) string { return fmt.Sprintf("%g", float64(mins*10/60)/10) }

func shadowListCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var mine, asJSON bool
	c := &cobra.Command{
		Use:                   "list [--period 2026Q4] [--mine] [--json]",
		Short:                 "List the shadowing log of a quarter, with each person's hours",
		Example:               "  cxroom shadow list\n  cxroom shadow list --period 2026Q3 --mine --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := q.check(); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			p := q.or(e, same)
			f := meeting.ShadowingFilter{From: p.First(), To: p.Last()}
			if mine {
				f.Handle = e.Actor.Handle
			}
			log, err := e.Svc.Shadowings(c.Context(), e.Actor, f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(log))
			}
			if len(log) == 0 {
				fmt.Fprintf(e.Stdout, "no shadowing logged in %s; log some with: cxroom shadow log 2h --customer ACME\n", p.Label())
				return nil
			}
			by := map[string]int{}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDATE\tWHO\tHOURS\tCUSTOMER\tNOTE")
			total := 0
			for _, x := range log {
				by[x.Handle] += x.Minutes
				total += x.Minutes
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Date, e.Team.Display(x.Handle), fmtHours(x.Minutes), dash(x.Customer), x.Note)
			}
			tw.Flush()
			people := make([]string, 0, len(by))
			for h := range by {
				people = append(people, h)
			}
			sort.Slice(people, func(i, j int) bool {
				if by[people[i]] != by[people[j]] {
					return by[people[i]] > by[people[j]]
				}
				return people[i] < people[j]
			})
			fmt.Fprintf(e.Stdout, "\n%s: %s hours in all", p.Label(), fmtHours(total))
			for _, h := range people {
				fmt.Fprintf(e.Stdout, " · %s %s", e.Team.Display(h), fmtHours(by[h]))
			}
			fmt.Fprintln(e.Stdout)
			return nil
		},
	}
	q.flags(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().BoolVar(&mine, "mine", false, "only my entries")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

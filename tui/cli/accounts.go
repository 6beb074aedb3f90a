package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cxroom/internal/cells"
	"cxroom/meeting"
)

func accountsCmd(e *Env) *cobra.Command {
	var asJSON, all bool
	c := &cobra.Command{
		Use:   "accounts [--all] [--json]",
		Short: "The top 10 at-risk accounts: health, risk, mitigation, owner, date",
		Long: `The accounts the CEO reviews each month (the executive seed's top-10 at-risk accounts): red
before yellow before green, then by ARR at stake. Each has its risk, the mitigation, its owner
and the date it is done by. --all lists every account on the list, saved and churned ones too.`,
		Example: `  cxroom accounts
  cxroom accounts add Globex --health red --arr 1.2M --risk "Sponsor left" --mitigation "CEO call with the new CIO" --owner maria --due fri
  cxroom accounts set W1 --health yellow --mitigation "Exec sponsor assigned"`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			f := meeting.AccountFilter{}
			if !all {
				f.Status = meeting.AccountAtRisk
			}
			xs, err := e.Svc.Accounts(c.Context(), e.Actor, f)
			if err != nil {
				return err
			}
			more := 0
			if !all && len(xs) > meeting.TopAtRisk {
				xs, more = xs[:meeting.TopAtRisk], len(xs)-meeting.TopAtRisk
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(xs))
			}
			if len(xs) == 0 {
				fmt.Fprintln(e.Stdout, "no account is at risk; list one with: cxroom accounts add NAME --health red --risk …")
				return nil
			}
			today := e.Svc.Today()
			var tb cells.Table
			tb.Row("ID", "ACCOUNT", "HEALTH", "ARR", "RISK", "MITIGATION", "OWNER", "DATE")
			for _, x := range xs {
				arr, due := "—", string(x.Due)
				if x.ARR > 0 {
					arr = meeting.FormatMoney(x.ARR)
				}
				if x.Due != "" && x.Due.Before(today) && x.Status == meeting.AccountAtRisk {
					due += " OVERDUE"
				}
				health := string(x.Health)
				if x.Status != meeting.AccountAtRisk {
					health += " (" + string(x.Status) + ")"
				}
				tb.Row(x.ID, x.Account, health, arr, x.Risk, or(x.Mitigation, "—"), or(e.Team.Display(x.Owner), "—"), or(due, "—"))
			}
			_, err = tb.WriteTo(e.Stdout)
			if more > 0 {
				fmt.Fprintf(e.Stdout, "and %d more at risk (--all lists them)\n", more)
			}
			return err
		},
	}
	c.Flags().BoolVar(&all, "all", false, "every account on the list, saved and churned too")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(accountsAddCmd(e), accountsSetCmd(e))
	return c
}

func or(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

func accountFlags(fs *pflag.FlagSet, in *meeting.AccountInput, status bool) {
	fs.StringVar(&in.Health, "health", "", "red, yellow or green")
	fs.StringVar(&in.ARR, "arr", "", "ARR at stake, such as 1.2M")
	fs.StringVar(&in.Renewal, "renewal", "", "the renewal date")
	fs.StringVar(&in.Risk, "risk", "", "what puts the account at risk")
	fs.StringVar(&in.Mitigation, "mitigation", "", "the mitigation plan")
	fs.StringVar(&in.Owner, "owner", "", "who owns the mitigation")
	fs.StringVar(&in.Due, "due", "", "the date the mitigation is done by (2026-12-04, fri, +1w)")
	if status {
		fs.StringVar(&in.Status, "status", "", "at-risk, saved or churned")
	}
}

func accountsAddCmd(e *Env) *cobra.Command {
	var in meeting.AccountInput
	c := &cobra.Command{
		Use:                   "add ACCOUNT… --health red|yellow|green --risk TEXT [--arr A] [--mitigation M] [--owner H] [--due D] [--renewal D]",
		Short:                 "Put an account on the at-risk list (facilitators and executives)",
		Example:               "  cxroom accounts add Globex --health red --arr 1.2M --risk \"Sponsor left\" --mitigation \"CEO call with the new CIO\" --owner maria --due fri",
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the account's name"),
		RunE: func(c *cobra.Command, args []string) error {
			in.Account = text(args)
			if _, err := meeting.NewAccount(in, "check", e.now()); err != nil {
				return err
			}
			if err := e.may(meeting.OpEditAccount); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			x, err := e.Svc.AddAccount(c.Context(), e.Actor, in)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s at risk: %s (%s)\n", x.ID, x.Account, x.Health)
			return nil
		},
	}
	accountFlags(c.Flags(), &in, false)
	return c
}

func accountsSetCmd(e *Env) *cobra.Command {
	var in meeting.AccountInput
	c := &cobra.Command{
		Use:   "set ID [--health H] [--status at-risk|saved|churned] [--risk R] [--mitigation M] [--owner H] [--due D] [flags]",
		Short: "Update an at-risk account after a review (facilitators and executives)",
		Long: `Change what the review found: the flags given change, the others stay. "clear" empties an
optional field. --status saved or churned takes the account off the list.`,
		Example:               "  cxroom accounts set W1 --health yellow --mitigation \"Exec sponsor assigned\" --due +2w\n  cxroom accounts set W3 --status saved",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "an account id"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := e.may(meeting.OpEditAccount); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			x, err := e.Svc.UpdateAccount(c.Context(), e.Actor, args[0], in)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s %s: %s, %s\n", x.ID, x.Account, x.Health, x.Status)
			return nil
		},
	}
	accountFlags(c.Flags(), &in, true)
	return c
}

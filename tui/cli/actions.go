package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cxroom/internal/cells"
	"cxroom/meeting"
)

// actionFilter is the flags that narrow a list of actions.
type actionFilter struct {
	owner, status string
	overdue, mine bool
	st            meeting.Status
}

func (f *actionFilter) flags(fs *pflag.FlagSet) {
	fs.StringVar(&f.owner, "owner", "", "only actions of this owner (handle)")
	fs.StringVar(&f.status, "status", "", "only this status: open, done, blocked, escalated or dropped")
	fs.BoolVar(&f.overdue, "overdue", false, "only overdue actions")
	fs.BoolVar(&f.mine, "mine", false, "only my actions")
}

// check validates the flags before anything is opened.
func (f *actionFilter) check() error {
	if f.status == "" {
		return nil
	}
	st, err := meeting.ParseStatus(f.status)
	f.st = st
	return err
}

// filter is the query, once the store is open.
func (f *actionFilter) filter(e *Env) meeting.ActionFilter {
	af := meeting.ActionFilter{Owner: meeting.CleanOwner(f.owner), Status: f.st}
	if f.mine {
		af.Owner = e.Actor.Handle
	}
	if f.overdue {
		af.OverdueOn = e.Svc.Today()
	}
	return af
}

func actionsCmd(e *Env) *cobra.Command {
	var f actionFilter
	var asJSON bool
	var page meeting.Page
	c := &cobra.Command{
		Use:   "actions [--owner H] [--status S] [--overdue] [--mine] [--limit N] [--offset N] [--json]",
		Short: "List actions across meetings",
		Long: `List every action across meetings, soonest due first, with its owner and status; overdue ones say so.
--limit and --offset list a page of them, read from the store's indexes.`,
		Example: `  cxroom actions --mine
  cxroom actions --status blocked --json
  cxroom actions --limit 50 --offset 100
  ssh -p 2222 HOST actions --overdue`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := f.check(); err != nil {
				return err
			}
			if page.Limit < 0 || page.Offset < 0 {
				return usagef("--limit and --offset are counts: 0 or more")
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			as, err := e.Svc.Actions(c.Context(), e.Actor, f.filter(e), page)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(as))
			}
			printActions(e.Stdout, as, e.Svc.Today())
			return nil
		},
	}
	f.flags(c.Flags())
	c.Flags().IntVar(&page.Limit, "limit", 0, "list at most N actions (0: all)")
	c.Flags().IntVar(&page.Offset, "offset", 0, "skip the first N")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(actionsAddCmd(e), actionsSetCmd(e))
	return c
}

func printActions(w io.Writer, as []*meeting.Action, today meeting.Date) {
	if len(as) == 0 {
		fmt.Fprintln(w, "no actions match")
		return
	}
	var tw cells.Table
	tw.Row("ID", "DUE", "OWNER", "STATUS", "TEXT")
	for _, a := range as {
		st := string(a.Status)
		if a.Overdue(today) {
			st += " (overdue)"
		}
		tw.Row(a.ID, string(a.Due), a.OwnerLabel(), st, a.Text)
	}
	_, _ = tw.WriteTo(w)
}

func actionsAddCmd(e *Env) *cobra.Command {
	var owner, due string
	var external bool
	c := &cobra.Command{
		Use:   "add TEXT… --owner H --due D",
		Short: "Add an action with an owner and a due date",
		Long: `Add an action. The words that are not flags are its text, so over SSH it needs no
quotes; text that starts with a dash goes after --.`,
		Example: `  cxroom actions add "Publish the refund FAQ" --owner ana --due fri
  ssh -p 2222 HOST actions add Publish refund FAQ --owner ana --due +1w
  cxroom actions add --owner ana --due +3d -- -2% churn: call the top accounts
  cxroom actions add "Send the audit report" --owner "Bob Jones" --external --due +1w`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the action's text"),
		RunE: func(c *cobra.Command, args []string) error {
			if owner == "" {
				return usagef("every action needs an owner: add --owner HANDLE")
			}
			if due == "" {
				return usagef("every action needs a due date: add --due (2026-12-04, today, tomorrow, fri, +3d, +2w)")
			}
			if external {
				owner = meeting.ExternalMark + owner
			}
			// checked before the data folder is opened (or created): the
			// text, the due date, and that the owner is on the team
			x, err := meeting.NewAction(text(args), owner, due, "check", e.now())
			if err != nil {
				return err
			}
			if err := (meeting.OwnerDirectory{Team: e.Team}).With(e.Actor).ResolveOwner(x); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			a, err := e.Svc.AddAction(c.Context(), e.Actor, text(args), owner, due)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s added: %s (%s, due %s)\n", a.ID, a.Text, a.OwnerLabel(), a.Due)
			if w := a.OwnerWarning(); w != "" {
				fmt.Fprintf(e.Stderr, "cxroom: note: %s\n", w)
			}
			return nil
		},
	}
	c.Flags().StringVar(&owner, "owner", "", "who owns it: a team handle or name (+Name for someone outside the team)")
	c.Flags().BoolVar(&external, "external", false, "the owner is someone outside the team")
	c.Flags().StringVar(&due, "due", "", "when it is due: 2026-12-04, today, tomorrow, fri, +3d, +2w")
	return c
}

func actionsSetCmd(e *Env) *cobra.Command {
	var status, note string
	c := &cobra.Command{
		Use:   "set ID --status S [--note TEXT]",
		Short: "Change an action's status",
		Long: `Change an action's status: open, done, blocked (the note says what would unblock it),
escalated (the note says to whom) or dropped. Owners update their own actions;
facilitators any.`,
		Example: `  cxroom actions set A12 --status done
  ssh -p 2222 HOST 'actions set A7 --status blocked --note "waiting on legal"'`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one action ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if status == "" {
				return usagef("say the new status with --status (open, done, blocked, escalated, dropped)")
			}
			st, err := meeting.ParseStatus(status)
			if err != nil {
				return err
			}
			if err := (&meeting.Action{Status: meeting.StatusOpen}).SetStatus(st, note, "check", e.now()); err != nil {
				return err
			}
			// a missing data folder holds no action to change: not created
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			a, err := e.Svc.SetActionStatus(c.Context(), e.Actor, args[0], st, note)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s is now %s: %s\n", a.ID, a.Status, a.Text)
			return nil
		},
	}
	c.Flags().StringVar(&status, "status", "", "the new status: open, done, blocked, escalated or dropped")
	c.Flags().StringVar(&note, "note", "", "why (required for blocked and escalated)")
	return c
}

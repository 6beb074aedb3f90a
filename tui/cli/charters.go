package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"cxroom/internal/cells"
	"cxroom/meeting"
	"cxroom/report"
)

func chartersCmd(e *Env) *cobra.Command {
	var asJSON, due, all bool
	c := &cobra.Command{
		Use:   "charters [--due] [--all] [--json]",
		Short: "List the Executive CX Initiative Charters and their go/no-go points",
		Long: `List the initiative charters (the executive seed's template): sponsor, budget, the next
go/no-go point (30 days, 90 days, 6 months from the start) and where each stands. --due lists
those with a point due today or earlier and not yet decided: what the steering committee must
decide, as it walks overdue actions. Stopped and completed charters show with --all.`,
		Example: `  cxroom charters --due
  cxroom charters show K1
  cxroom charters decide K1 90d go --note "TTV 64 days, on plan"`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			f := meeting.CharterFilter{}
			if !all {
				f.Status = meeting.CharterActive
			}
			if due {
				f.DueBy = e.Svc.Today()
			}
			cs, err := e.Svc.Charters(c.Context(), e.Actor, f)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(cs))
			}
			if len(cs) == 0 {
				msg := "no charters yet; charter an initiative with: cxroom charters add NAME --sponsor H --objective …"
				if due {
					msg = "no go/no-go point is due"
				}
				fmt.Fprintln(e.Stdout, msg)
				return nil
			}
			today := e.Svc.Today()
			var tb cells.Table
			tb.Row("ID", "STATUS", "SPONSOR", "BUDGET", "NEXT GO/NO-GO", "INITIATIVE")
			for _, x := range cs {
				next := "all decided"
				if g, ok := x.NextGate(); ok && x.Status == meeting.CharterActive {
					next = fmt.Sprintf("%s %s", g.Point, g.Due)
					if !today.Before(g.Due) {
						next += " DUE"
					}
				}
				budget := "—"
				if x.Budget > 0 {
					budget = meeting.FormatMoney(x.Budget)
				}
				tb.Row(x.ID, string(x.Status), e.Team.Display(x.Sponsor), budget, next, x.Name)
			}
			_, err = tb.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&due, "due", false, "only charters with a go/no-go point due and undecided")
	c.Flags().BoolVar(&all, "all", false, "stopped and completed charters too")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(chartersAddCmd(e), chartersShowCmd(e), chartersDecideCmd(e))
	return c
}

func chartersAddCmd(e *Env) *cobra.Command {
	var in meeting.CharterInput
	c := &cobra.Command{
		Use:   "add NAME… --sponsor H --objective TEXT [--outcome \"O; metric: M; target: T\"]… [flags]",
		Short: "Charter an initiative (facilitators and executives)",
		Long: `Record an Executive CX Initiative Charter: the words that are not flags are its name. The
sponsor (a C-suite member) and the business objective are required. Outcomes read "outcome;
metric: M; target: T", success metrics "metric; baseline: B; 6m: X; 12m: Y", risks
"risk -> mitigation" (each flag repeats). The go/no-go points fall 30 days, 90 days and
6 months after --start (default today) and come due in the steering committee.`,
		Example: `  cxroom charters add Onboarding automation --sponsor dana --role COO \
    --objective "Cut time-to-value from 90 to 54 days: slow onboarding drives early churn" \
    --outcome "Faster go-live; metric: time-to-value; target: 54 days" \
    --budget 5M --over "18 months" --headcount 6 --opportunity-cost "Self-serve billing waits a year" \
    --retention "+3 points logo retention" --payback 18 --npv 12M \
    --metric "Time-to-value; baseline: 90 days; 6m: 70 days; 12m: 54 days" \
    --risk "Integration backlog -> a dedicated squad" --start 2026-10-01`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the initiative's name"),
		RunE: func(c *cobra.Command, args []string) error {
			in.Name = text(args)
			if _, err := meeting.NewCharter(in, "check", e.now()); err != nil {
				return err
			}
			if err := e.may(meeting.OpEditCharter); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			x, err := e.Svc.AddCharter(c.Context(), e.Actor, in)
			if err != nil {
				return err
			}
			var points []string
			for _, g := range x.Gates {
				points = append(points, fmt.Sprintf("%s %s", g.Point, g.Due))
			}
			fmt.Fprintf(e.Stdout, "%s chartered: %s, sponsored by %s; go/no-go points: %s\n", x.ID, x.Name, e.Team.Display(x.Sponsor), strings.Join(points, ", "))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&in.Sponsor, "sponsor", "", "the executive sponsor (a handle, or a name)")
	fs.StringVar(&in.SponsorRole, "role", "", "the sponsor's C-suite role, such as CFO")
	fs.StringVar(&in.Commitment, "commitment", "", "the sponsor's commitment: hours a month, key decisions, escalation authority")
	fs.StringVar(&in.Objective, "objective", "", "the business objective: what customer problem, and why it matters")
	fs.StringArrayVar(&in.Outcomes, "outcome", nil, "a customer outcome: \"outcome; metric: M; target: T\" (repeat)")
	fs.StringVar(&in.Budget, "budget", "", "the budget, such as 5M or $750k")
	fs.StringVar(&in.BudgetTimeframe, "over", "", "the budget's timeframe, such as \"18 months\"")
	fs.StringVar(&in.Headcount, "headcount", "", "FTE required")
	fs.StringVar(&in.OpportunityCost, "opportunity-cost", "", "what we are NOT doing to fund this")
	fs.StringVar(&in.RetentionImpact, "retention", "", "ROI: retention impact")
	fs.StringVar(&in.ExpansionImpact, "expansion", "", "ROI: expansion impact")
	fs.StringVar(&in.EfficiencyGain, "efficiency", "", "ROI: efficiency gain")
	fs.StringVar(&in.Payback, "payback", "", "ROI: payback period in months")
	fs.StringVar(&in.NPV, "npv", "", "ROI: 3-year NPV, such as 12M")
	fs.StringArrayVar(&in.SuccessMetrics, "metric", nil, "a success metric: \"metric; baseline: B; 6m: X; 12m: Y\" (repeat)")
	fs.StringArrayVar(&in.Risks, "risk", nil, "a risk and its mitigation: \"risk -> mitigation\" (repeat)")
	fs.StringVar(&in.SteeringReview, "review", "", "steering committee review: monthly (default) or quarterly")
	fs.StringVar(&in.BoardUpdate, "board-update", "", "board update: quarterly (default) or as needed")
	fs.StringVar(&in.Start, "start", "", "the day the go/no-go points count from (default today)")
	return c
}

func chartersShowCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "show ID [--json]",
		Short:                 "Show a charter as the seed's template",
		Example:               "  cxroom charters show K1\n  cxroom charters show K1 --json",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "a charter id"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			x, err := e.Svc.Charter(c.Context(), e.Actor, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, x)
			}
			_, err = fmt.Fprint(e.Stdout, report.CharterMarkdown(x, e.Team))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func chartersDecideCmd(e *Env) *cobra.Command {
	var note, meetingID string
	c := &cobra.Command{
		Use:   "decide ID 30d|90d|6m|next go|no-go [--note TEXT] [--meeting M]",
		Short: "Record a go or no-go at a charter's decision point (facilitators and executives)",
		Long: `Record the steering committee's go or no-go at one of a charter's points (30d, 90d, 6m, or
next: the first undecided one). A no-go needs a note (what stops, where the budget goes) and
stops the initiative. --meeting names the steering committee it was decided in.`,
		Example:               "  cxroom charters decide K1 90d go --note \"TTV 64 days, on plan\"\n  cxroom charters decide K2 next no-go --note \"no deflection; budget to support staffing\"",
		DisableFlagsInUseLine: true,
		Args:                  words(3, 3, "a charter id, a point (30d, 90d, 6m or next) and go or no-go"),
		RunE: func(c *cobra.Command, args []string) error {
			if _, err := meeting.ParseGateDecision(args[2]); err != nil {
				return err
			}
			if err := e.may(meeting.OpEditCharter); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			x, g, err := e.Svc.DecideGate(c.Context(), e.Actor, args[0], args[1], args[2], note, meetingID)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, g.Describe(x))
			return nil
		},
	}
	c.Flags().StringVar(&note, "note", "", "why: the evidence, and for a no-go what stops")
	c.Flags().StringVar(&meetingID, "meeting", "", "the steering committee meeting it was decided in (M12)")
	return c
}

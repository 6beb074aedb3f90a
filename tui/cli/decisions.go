package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"cxroom/meeting"
	"cxroom/report"
)

func decisionsCmd(e *Env) *cobra.Command {
	var asJSON, due, major bool
	c := &cobra.Command{
		Use:   "decisions [--review-due] [--major] [--json]",
		Short: "List the decision log",
		Long: `List the decision log entries with who made them (name and role), whether they are
major, and when each comes up for review; a decision whose review date has come and that
is not reviewed yet says "(due)".`,
		Example:               "  cxroom decisions --review-due\n  cxroom decisions show 2026-11-24-01",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			df := meeting.DecisionFilter{}
			if due {
				df.ReviewDueBy = e.Svc.Today()
			}
			all, err := e.Svc.Decisions(c.Context(), e.Actor, df)
			if err != nil {
				return err
			}
			var ds []*meeting.Decision
			for _, d := range all {
				if !major || d.Major {
					ds = append(ds, d)
				}
			}
			if asJSON {
				return jsonTo(e.Stdout)(report.DecisionsJSON(ds))
			}
			if len(ds) == 0 {
				fmt.Fprintln(e.Stdout, "no decisions recorded")
				return nil
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tMAJOR\tMADE BY\tREVIEW\tDECISION")
			today := e.Svc.Today()
			for _, d := range ds {
				review := dash(string(d.ReviewDate))
				switch {
				case d.Review != nil:
					review += " (reviewed: " + string(d.Review.Verdict) + ")"
				case d.ReviewDue(today):
					review += " (due)"
				}
				mj := ""
				if d.Major {
					mj = "major"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%s\n", d.ID, mj, maker(e, d), review, d.Title, proofNote(d))
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&due, "review-due", false, "only decisions whose review date has come and that are not reviewed")
	c.Flags().BoolVar(&major, "major", false, "only major decisions")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(decisionsAddCmd(e), decisionsShowCmd(e), decisionsReviewCmd(e), decisionsDigestCmd(e), decisionsSignCmd(e))
	return c
}

// maker is "Name / Role" for a listing.
func maker(e *Env, d *meeting.Decision) string {
	name := d.MakerName()
	if m, ok := e.Team.Member(d.MadeBy); ok && m.Name != "" {
		name = m.Name
	}
	if d.MadeByRole != "" {
		return name + " / " + d.MadeByRole
	}
	return name
}

func decisionsAddCmd(e *Env) *cobra.Command {
	var in meeting.DecisionInput
	var options []string
	c := &cobra.Command{
		Use:   "add DECISION… [--title T] [--made-by H] [--role R] [--major] [--option \"A; pros: …; cons: …; customer: …\"]… [flags]",
		Short: "Record a decision-log entry (the seed's template)",
		Long: `Record a decision as the seed's CX Decision Log Entry: the words that are not flags are
the decision; a title; who made it (default you) and their role; the context; any number of
options considered, each "option; pros: …; cons: …; customer: …" (repeat --option); the
rationale; the expected impact; a review date; whether it is major (the scorecard audits
major decisions' documentation); the customer story behind it.`,
		Example: `  cxroom decisions add Pause the Safari banner --title "Safari banner" --role "Head of CX" --major \
    --option "Pause; pros: checkout works; cons: lose upsell" --option "Patch in place; cons: two weeks of failures" \
    --rationale "12% failure rate" --customer-impact "checkout completes" --review-date +4w`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the decision"),
		RunE: func(c *cobra.Command, args []string) error {
			in.Decision = text(args)
			for _, o := range options {
				in.Options = append(in.Options, meeting.ParseOption(o))
			}
			if _, err := meeting.NewDecision(in, "check", e.now()); err != nil {
				return err // before the data folder is opened (or created)
			}
			if err := e.may(meeting.OpAddRecord); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			d, err := e.Svc.AddDecision(c.Context(), e.Actor, in)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "recorded decision %s: %s (made by %s)\n", d.ID, d.Title, maker(e, d))
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&in.Title, "title", "", "a one-line title (default the decision)")
	fs.StringVar(&in.MadeBy, "made-by", "", "who made it: a handle or a team member's name, +Name for someone outside the team, or any name such as an office (default you)")
	fs.StringVar(&in.MadeByRole, "role", "", "the maker's role, such as \"Head of CX\"")
	fs.BoolVar(&in.Major, "major", false, "a major decision (its documentation is audited)")
	fs.StringVar(&in.Context, "context", "", "what prompted it")
	fs.StringArrayVar(&options, "option", nil, "an option considered: \"option; pros: …; cons: …; customer: …\" (repeat)")
	fs.StringVar(&in.Rationale, "rationale", "", "why: customer evidence, business impact, constraints")
	fs.StringVar(&in.Customer, "customer-impact", "", "expected impact on customers")
	fs.StringVar(&in.Business, "business-impact", "", "expected business outcome")
	fs.StringVar(&in.Metrics, "metrics", "", "what we'll track")
	fs.StringVar(&in.ReviewDate, "review-date", "", "when to assess it: 2027-01-15, +4w")
	fs.StringVar(&in.CustomerStory, "story", "", "the customer story behind it: a library story (S12) or a line")
	fs.StringVar(&in.CommunicatedTo, "shared-with", "", "comma-separated stakeholders")
	return c
}

func decisionsShowCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:                   "show ID",
		Short:                 "One decision-log entry, as the seed's template",
		Example:               "  cxroom decisions show 2026-11-24-01",
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one decision ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if _, _, err := meeting.ParseDecisionID(meeting.NormalizeID(args[0])); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			d, err := e.Svc.Decision(c.Context(), e.Actor, args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(e.Stdout, report.DecisionsMarkdown([]*meeting.Decision{d}, e.Team))
			return err
		},
	}
}

func decisionsReviewCmd(e *Env) *cobra.Command {
	var in meeting.ReviewInput
	c := &cobra.Command{
		Use:   "review ID --happened TEXT --verdict met|partly|missed [--learning L]",
		Short: "Record what a decision actually did against its expected impact (its maker or a facilitator)",
		Long: `The seed's learning loop: at a decision's review date, record what actually happened
against its Expected Impact, whether that impact was met, partly met or missed, and what
the team learns. A decision is reviewed once; the scorecard counts reviews made on time.`,
		Example:               `  cxroom decisions review 2026-11-24-01 --happened "iOS failures fell from 12% to 0.4%" --verdict met`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, 1, "one decision ID"),
		RunE: func(c *cobra.Command, args []string) error {
			if _, _, err := meeting.ParseDecisionID(meeting.NormalizeID(args[0])); err != nil {
				return err
			}
			if _, err := meeting.NewDecisionReview(in, "check", e.now()); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			d, err := e.Svc.ReviewDecision(c.Context(), e.Actor, args[0], in)
			if err != nil {
				return err
			}
			when := "on time"
			if !d.ReviewedOnTime() {
				when = "late"
			}
			fmt.Fprintf(e.Stdout, "%s reviewed (%s): expected impact %s\n", d.ID, when, d.Review.Verdict)
			return nil
		},
	}
	c.Flags().StringVar(&in.Happened, "happened", "", "what actually happened")
	c.Flags().StringVar(&in.Verdict, "verdict", "", "met, partly or missed")
	c.Flags().StringVar(&in.Learning, "learning", "", "what we learn, in a line")
	return c
}

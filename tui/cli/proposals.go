package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"cxroom/meeting"
	"cxroom/report"
)

func proposalsCmd(e *Env) *cobra.Command {
	var asJSON, md bool
	c := &cobra.Command{
		Use:   "proposals [--md] [--json]",
		Short: "List the proposals (pitches) and whether each tells a customer story",
		Long: `List the pitches recorded with the seed's "Customer Story + Metric Hypothesis" template:
whether each tells a customer story (the scorecard's outside-in thinking counts them) and
makes a testable metric hypothesis. --md prints them as the template.`,
		Example:               "  cxroom proposals\n  cxroom proposals add Guided onboarding --who \"New users\" --goal \"import contacts\" --current \"cannot find the import\"",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ps, err := e.Svc.Proposals(c.Context(), e.Actor, meeting.ProposalFilter{})
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				return writeJSON(e.Stdout, nonNil(ps))
			case md:
				_, err := fmt.Fprint(e.Stdout, report.ProposalsMarkdown(ps, e.Team))
				return err
			case len(ps) == 0:
				fmt.Fprintln(e.Stdout, "no proposals yet; pitch one in a journey review or QBR, or with: cxroom proposals add NAME --who … --goal … --current …")
				return nil
			}
			yes := func(b bool) string {
				if b {
					return "yes"
				}
				return "NO"
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDATE\tBY\tSTORY\tHYPOTHESIS\tPROPOSAL")
			for _, p := range ps {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Date, e.Team.Display(p.ProposedBy), yes(p.HasCustomerStory()), yes(p.HasHypothesis()), p.Title)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&md, "md", false, "print them as the seed's proposal template (markdown)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(proposalsAddCmd(e))
	return c
}

func proposalsAddCmd(e *Env) *cobra.Command {
	var in meeting.ProposalInput
	c := &cobra.Command{
		Use:   "add NAME… [--who W] [--goal G] [--current C] [--proposed P] [--example E] [--story S12] [--metric M] [--change X] [--timeframe T] [flags]",
		Short: "Pitch an initiative with a customer story and a metric hypothesis (members and facilitators)",
		Long: `Record a pitch as the seed's proposal template: the words that are not flags are the
initiative's name; the customer story (who, their goal, the current experience, the proposed
one, a real example, or a library story it cites); the metric hypothesis (which metric moves,
by how much, within what timeframe, secondary impact); the validation plan.`,
		Example: `  cxroom proposals add Guided onboarding --who "New users" --goal "import their contacts" \
    --current "cannot find the import; give up after 10 minutes" --proposed "import in step 2" \
    --metric "contact import completion" --change "35% → 65%" --timeframe "30 days after launch" \
    --validation "A/B test with 20% of new users"`,
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the initiative's name"),
		RunE: func(c *cobra.Command, args []string) error {
			in.Title = text(args)
			check := in
			check.JourneyID = "" // a name is looked up once the store is open
			if _, err := meeting.NewProposal(check, "check", e.now()); err != nil {
				return err
			}
			if err := e.may(meeting.OpAddRecord); err != nil {
				return err
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			p, err := e.Svc.AddProposal(c.Context(), e.Actor, in)
			if err != nil {
				return err
			}
			story := "with a customer story"
			if !p.HasCustomerStory() {
				story = "WITHOUT a customer story: say who, their goal and the current experience (--who --goal --current), or cite one (--story S12)"
			}
			fmt.Fprintf(e.Stdout, "%s pitched: %s, %s\n", p.ID, p.Title, story)
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&in.Who, "who", "", "customer segment")
	fs.StringVar(&in.Goal, "goal", "", "what they are trying to accomplish")
	fs.StringVar(&in.Current, "current", "", "current experience: the pain points")
	fs.StringVar(&in.Proposed, "proposed", "", "proposed experience: how this helps")
	fs.StringVar(&in.Example, "example", "", "a real example, in a customer's words")
	fs.StringVar(&in.StoryID, "story", "", "a story of the library it cites (S12)")
	fs.StringVar(&in.Metric, "metric", "", "the primary metric")
	fs.StringVar(&in.Change, "change", "", "expected change, such as \"35% → 65%\"")
	fs.StringVar(&in.Timeframe, "timeframe", "", "within what timeframe")
	fs.StringVar(&in.Secondary, "secondary", "", "secondary impact")
	fs.StringVar(&in.Validation, "validation", "", "the validation plan")
	fs.StringVar(&in.JourneyID, "journey", "", "the journey it concerns (id or name)")
	return c
}

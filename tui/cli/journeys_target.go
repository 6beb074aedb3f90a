package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"cxroom/meeting"
)

// journeysTargetCmd changes one metric's target of a journey: a facilitator
// or the journey's owner (the policy table's journey.target).
func journeysTargetCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "target JOURNEY… METRIC VALUE",
		Short: "Change a journey's metric target (facilitators, the journey owner)",
		Long: "Change the target of one of a journey's metrics. JOURNEY is its id or name (several words allowed), " +
			"METRIC a metric key (completion, effort, satisfaction, impact, activation) and VALUE the target: " +
			"the seed's defaults are completion 75%, effort (CES) below 3.0 and 30-day activation 60%. " +
			"Which way is better is the metric's own: give the number.",
		Example:               "  cxroom journeys target Onboarding completion 80%\n  ssh -p 2222 HOST journeys target J2 effort 2.8",
		DisableFlagsInUseLine: true,
		Args:                  words(3, -1, "the journey, the metric and the target"),
		RunE: func(c *cobra.Command, args []string) error {
			n := len(args)
			journey, metric, value := text(args[:n-2]), args[n-2], args[n-1]
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			before, err := e.Svc.FindJourney(c.Context(), journey)
			if err != nil {
				return err
			}
			j, m, err := e.Svc.SetJourneyTarget(c.Context(), e.Actor, before.ID, metric, value)
			if err != nil {
				return err
			}
			was, _ := before.Metric(m.Key)
			fmt.Fprintf(e.Stdout, "%s (%s): %s target is now %s (was %s)\n", j.Name, j.ID, m.Name, targetText(m), targetText(was))
			return nil
		},
	}
}

// targetText is a target as people read it: "≥ 80%", "≤ 2.8".
func targetText(m meeting.Metric) string {
	q := meeting.Quantity{Value: m.Target, Bound: meeting.AtLeast}
	if m.Unit == "%" {
		q.Unit = "%"
	}
	if m.LowerIsBetter {
		q.Bound = meeting.AtMost
	}
	return q.String()
}

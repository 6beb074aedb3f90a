package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cxroom/meeting"
	"cxroom/report"
)

// quarterFlags are the flags that say which scorecard: a quarter and the
// time zone its days are counted in.
type quarterFlags struct {
	period, zone string
	p            meeting.Period
	loc          *time.Location
}

func (q *quarterFlags) flags(fs *pflag.FlagSet, periodHelp string) {
	fs.StringVar(&q.period, "period", "", periodHelp)
	fs.StringVar(&q.zone, "zone", "", "IANA time zone the quarter's days are counted in, such as Europe/Berlin (default the server's)")
}

// check validates the flags before anything is opened.
func (q *quarterFlags) check() error {
	if q.period != "" {
		p, err := meeting.ParsePeriod(q.period)
		if err != nil {
			return err
		}
		q.p = p
	}
	if z := strings.TrimSpace(q.zone); z != "" {
		if strings.EqualFold(z, "local") {
			return meeting.Errorf(meeting.EINVALID, "--zone Local is whatever this machine's zone is; give an IANA zone such as Europe/Berlin")
		}
		if len(z) > meeting.MaxName {
			return meeting.Errorf(meeting.EINVALID, "time zone %q is unknown; use an IANA name such as Europe/Berlin", meeting.CleanLine(z, 40))
		}
		loc, err := time.LoadLocation(z)
		if err != nil {
			return meeting.Errorf(meeting.EINVALID, "time zone %q is unknown; use an IANA name such as Europe/Berlin", meeting.CleanLine(z, 40))
		}
		q.loc = loc
	}
	return nil
}

// or is the quarter given, else def(current).
func (q *quarterFlags) or(e *Env, def func(meeting.Period) meeting.Period) meeting.Period {
	if !q.p.IsZero() {
		return q.p
	}
	return def(e.Svc.CurrentPeriod(q.loc))
}

// writing prepares a write to a quarter's sheet (scorecard or board): op
// is allowed, the data folder open; the quarter is the one given, else
// def(current).
func (q *quarterFlags) writing(c *cobra.Command, e *Env, op meeting.Op, def func(meeting.Period) meeting.Period) (meeting.Period, error) {
	if err := e.may(op); err != nil {
		return meeting.Period{}, err
	}
	if err := e.open(c.Context(), true); err != nil {
		return meeting.Period{}, err
	}
	return q.or(e, def), nil
}

func same(p meeting.Period) meeting.Period { return p }
func next(p meeting.Period) meeting.Period { return p.Next() }

func scorecardCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var asJSON bool
	var metric string
	c := &cobra.Command{
		Use:   "scorecard [--period 2026Q4] [--zone ZONE] [--metric M] [--json]",
		Short: "Show the CX leadership scorecard of a quarter",
		Long: `The seed's balanced scorecard for a quarter (default the current one): every metric of its
four categories (Adoption, Capability, Outcome, Business) with the quarter's actual, the
next quarter's target, the prior quarter's figure, the trend and the status, then the
ritual health indicators (activity, not outcomes). Figures cxroom holds records for are
computed; the others are entered by a facilitator (scorecard enter). --metric lists the
records behind one figure; --json prints everything, the records behind each figure too.`,
		Example: `  cxroom scorecard
  cxroom scorecard --period 2026Q3 --zone Europe/Berlin
  cxroom scorecard --metric ritual_consistency
  ssh -p 2222 HOST scorecard --period 2026Q4 --json`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := q.check(); err != nil {
				return err
			}
			var def meeting.MetricDef
			if metric != "" {
				d, err := findScore(metric)
				if err != nil {
					return err
				}
				def = d
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			v, err := e.Svc.Scorecard(c.Context(), e.Actor, meeting.ScorecardQuery{Period: q.p, Loc: q.loc})
			if err != nil {
				return err
			}
			if metric != "" {
				s, _ := v.Score(def.Key)
				if asJSON {
					v.Scores, v.Health = nil, nil
					if s.Category == meeting.CategoryRitualHealth {
						v.Health = []meeting.Score{s}
					} else {
						v.Scores = []meeting.Score{s}
					}
					return jsonTo(e.Stdout)(report.ScorecardJSON(v))
				}
				printScoreDetail(e.Stdout, v, s)
				return nil
			}
			if asJSON {
				return jsonTo(e.Stdout)(report.ScorecardJSON(v))
			}
			printScorecard(e.Stdout, v)
			return nil
		},
	}
	q.flags(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().StringVar(&metric, "metric", "", "one metric (key or name): the records behind its figure")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(scorecardMetricsCmd(e), scorecardEnterCmd(e), scorecardTargetCmd(e), scorecardOverrideCmd(e))
	return c
}

// findScore finds a metric of the scorecard or a ritual health indicator.
func findScore(s string) (meeting.MetricDef, error) {
	d, err := meeting.FindMetric(s)
	if err == nil {
		return d, nil
	}
	k := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, key := range []string{meeting.ScoreActionClosure, meeting.ScoreOverdueActions, meeting.ScoreReviewsOnTime} {
		if k == key {
			return meeting.MetricDef{Key: key}, nil
		}
	}
	return d, err
}

func statusWord(s meeting.Score) string {
	if s.Overridden {
		return fmt.Sprintf("%s (override: %s)", s.Status, strings.SplitN(s.StatusReason, " (set by ", 2)[0])
	}
	return string(s.Status)
}

func printScorecard(w io.Writer, v *meeting.ScorecardView) {
	fmt.Fprintf(w, "CX leadership scorecard: %s\n\n", report.ScorecardHeading(v))
	cur, prior, next := "PERIOD", "PRIOR", "Q"+fmt.Sprint(v.Next.Quarter)
	if !v.Period.IsZero() {
		cur, prior = fmt.Sprintf("Q%d", v.Period.Quarter), fmt.Sprintf("Q%d", v.Prior.Quarter)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CATEGORY\tMETRIC\t%s ACTUAL\t%s TARGET\t%s PRIOR\tTREND\tSOURCE\tSTATUS\n", cur, next, prior)
	for _, s := range v.Scores {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Category, s.Name, s.ActualText(), s.TargetText(), s.PriorText(), s.Trend.Arrow(), s.Source, statusWord(s))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nRITUAL HEALTH (activity, not outcomes)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range v.Health {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.ActualText(), s.TargetText(), s.Status)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nStatus: %s\n`cxroom scorecard --metric KEY` lists the records behind a figure.\n", v.Rule)
}

func printScoreDetail(w io.Writer, v *meeting.ScorecardView, s meeting.Score) {
	fmt.Fprintf(w, "%s, %s\n", s.Name, report.ScorecardHeading(v))
	fmt.Fprintf(w, "  actual  %s (%s)\n  target  %s\n  prior   %s\n  trend   %s %s\n  status  %s: %s\n",
		s.ActualText(), s.Source, s.TargetText(), s.PriorText(), s.Trend.Arrow(), s.Trend, s.Status, s.StatusReason)
	fmt.Fprintf(w, "\n%s\n", s.Explanation)
	if len(s.Drill) == 0 {
		fmt.Fprintln(w, "\nNo records behind this figure.")
		return
	}
	fmt.Fprintln(w)
	for _, r := range s.Drill {
		mark := "  "
		if r.Flag {
			mark = "! "
		}
		fmt.Fprintln(w, mark+r.Line())
	}
}

func scorecardMetricsCmd(e *Env) *cobra.Command {
	var asJSON bool
	return &cobra.Command{
		Use:                   "metrics [--json]",
		Short:                 "List the scorecard's metrics: key, category, target, computed or entered",
		Long:                  "The seed's twenty leadership-effectiveness metrics with their keys (what the other scorecard commands take), the seed's target and how each is measured; computed ones come from cxroom's records, the others are entered each quarter.",
		Example:               "  cxroom scorecard metrics",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			type row struct {
				Key        string `json:"key"`
				Category   string `json:"category"`
				Metric     string `json:"metric"`
				Unit       string `json:"unit"`
				Source     string `json:"source"`
				SeedTarget string `json:"seed_target"`
				Measure    string `json:"how_to_measure"`
			}
			var rows []row
			for _, d := range meeting.MetricDefs() {
				src := "entered"
				if d.Computed {
					src = "computed"
				}
				rows = append(rows, row{d.Key, d.Category, d.Name, d.Unit, src, d.SeedTarget, d.Measure})
			}
			if asJSON {
				return writeJSON(e.Stdout, rows)
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tCATEGORY\tSOURCE\tSEED TARGET\tHOW TO MEASURE")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Key, r.Category, r.Source, r.SeedTarget, r.Measure)
			}
			return tw.Flush()
		},
	}
}

func scorecardEnterCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var source string
	c := &cobra.Command{
		Use:   "enter METRIC VALUE --source TEXT [--period 2026Q4] [--zone ZONE]",
		Short: "Enter a quarter's figure for a metric cxroom does not compute (facilitators)",
		Long: `Enter a figure with where it comes from, for the metrics cxroom does not compute from
its records: survey results (customer fluency, cross-team collaboration), the behaviour
ladder level, retention, roadmap alignment and the business figures. For a computed metric
an entered figure shows only for quarters cxroom holds no records of (history from before
it was used). VALUE "clear" removes the figure. The quarter defaults to the current one.`,
		Example: `  cxroom scorecard enter customer_fluency 7.2 --source "Q4 team survey, n=41"
  cxroom scorecard enter customer_retention +8 --period 2026Q3 --source "cohort analysis"
  ssh -p 2222 HOST 'scorecard enter roadmap_alignment 54 --source "roadmap review 2 Dec"'`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, 2, "a metric and a value"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			d, err := meeting.FindMetric(args[0])
			if err != nil {
				return err
			}
			p, err := q.writing(c, e, meeting.OpEnterMetric, same)
			if err != nil {
				return err
			}
			en, err := e.Svc.EnterMetric(c.Context(), e.Actor, args[0], p, args[1], source, q.loc)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, en.Describe(d, p))
			if d.Computed && en.Value != nil {
				fmt.Fprintf(e.Stdout, "%s is computed from cxroom's records: the entered figure shows for %s only if cxroom holds no records for it then\n", d.Name, p)
			}
			return nil
		},
	}
	q.flags(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().StringVar(&source, "source", "", "where the figure comes from: a survey, a report, an analysis")
	return c
}

func scorecardTargetCmd(e *Env) *cobra.Command {
	var q quarterFlags
	c := &cobra.Command{
		Use:   "target METRIC VALUE [--period 2027Q1]",
		Short: "Set a metric's target for a quarter (facilitators)",
		Long: `Set a metric's target for a quarter (default the next one: the scorecard judges each
quarter against the next quarter's target, as the seed's example does). A target holds for
later quarters until another is set; VALUE "default" goes back to the earlier quarters' or
the seed's. The direction is the metric's own: "< 7 days" for blocker resolution, "95%" for
ritual consistency.`,
		Example: `  cxroom scorecard target ritual_consistency 97%
  cxroom scorecard target blocker_resolution 5 --period 2027Q2
  cxroom scorecard target revenue_growth +10`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, -1, "a metric and a value"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			d, err := meeting.FindMetric(args[0])
			if err != nil {
				return err
			}
			value := strings.Join(args[1:], " ") // "< 7 days"
			p, err := q.writing(c, e, meeting.OpEnterMetric, next)
			if err != nil {
				return err
			}
			en, err := e.Svc.SetTarget(c.Context(), e.Actor, args[0], p, value, q.loc)
			if err != nil {
				return err
			}
			if en.Target == nil {
				fmt.Fprintf(e.Stdout, "%s %s: back to the earlier target\n", d.Name, p)
				return nil
			}
			fmt.Fprintf(e.Stdout, "%s: target %s from %s on\n", d.Name, d.FormatTarget(*en.Target), p)
			return nil
		},
	}
	q.flags(c.Flags(), "the quarter, such as 2027Q1 (default the next one)")
	return c
}

func scorecardOverrideCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var reason string
	c := &cobra.Command{
		Use:   "override METRIC green|amber|red|clear --reason TEXT [--period 2026Q4]",
		Short: "Judge a metric's status yourself, with a one-line reason (facilitators)",
		Long: `The seed's statuses are judgements: a facilitator may set a metric's status for a
quarter with a one-line reason, shown next to it (the rule's own verdict stays visible in
the reason). "clear" goes back to the rule.`,
		Example: `  cxroom scorecard override journey_performance green --reason "4 of 6 improving and the trend is right"
  cxroom scorecard override roadmap_alignment clear`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, 2, "a metric and green, amber, red or clear"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			d, err := meeting.FindMetric(args[0])
			if err != nil {
				return err
			}
			p, err := q.writing(c, e, meeting.OpEnterMetric, same)
			if err != nil {
				return err
			}
			en, err := e.Svc.OverrideStatus(c.Context(), e.Actor, args[0], p, args[1], reason, q.loc)
			if err != nil {
				return err
			}
			if en.Override == "" {
				fmt.Fprintf(e.Stdout, "%s %s: the status follows the rule again\n", d.Name, p)
				return nil
			}
			fmt.Fprintf(e.Stdout, "%s %s: %s (%s)\n", d.Name, p, en.Override, en.OverrideReason)
			return nil
		},
	}
	q.flags(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().StringVar(&reason, "reason", "", "why, in one line (at most 120 characters)")
	return c
}

// may asks the policy table, before anything is opened or created, whether
// the person may do op (on a record nobody owns).
func (e *Env) may(op meeting.Op) error {
	if err := e.load(); err != nil {
		return err
	}
	return meeting.Check(e.Actor, op, meeting.Subject{})
}

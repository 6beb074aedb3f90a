package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cxroom/internal/cells"
	"cxroom/meeting"
	"cxroom/report"
)

// quarterFlag is --quarter (and --zone) for the executive layer's
// commands.
func (q *quarterFlags) quarterFlag(fs *pflag.FlagSet, help string) {
	fs.StringVar(&q.period, "quarter", "", help)
	fs.StringVar(&q.zone, "zone", "", "IANA time zone the quarter's days are counted in, such as Europe/Berlin (default the server's)")
}

func boardCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "board [--quarter 2026Q4] [--zone ZONE] [--json]",
		Short: "Show the twelve board metrics (Metrics That Matter) of a quarter",
		Long: `The executive seed's "Metrics That Matter" for a quarter (default the current one): each
metric's current figure, the prior quarter's, the year-ago quarter's, the target, the trend and
the status, with the executive accountable for it; then executive response time, computed from
cxroom's escalations (assigned within 24 hours, resolved within 5 days). Figures are entered by
facilitators and executives (board enter); everyone on the team reads them.`,
		Example: `  cxroom board
  cxroom board --quarter 2026Q3 --json
  cxroom board enter nrr 112 --source "Q4 finance close"`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := q.check(); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			v, err := e.Svc.BoardReport(c.Context(), e.Actor, meeting.ScorecardQuery{Period: q.p, Loc: q.loc})
			if err != nil {
				return err
			}
			if asJSON {
				return jsonTo(e.Stdout)(report.BoardJSON(v))
			}
			printBoard(e.Stdout, v)
			return nil
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output (the board report's document)")
	c.AddCommand(boardMetricsCmd(e), boardEnterCmd(e), boardTargetCmd(e), boardBriefCmd(e), boardResponseCmd(e))
	return c
}

func printBoard(w io.Writer, v *meeting.BoardView) {
	fmt.Fprintf(w, "Board metrics: %s\n\n", report.BoardScope(v))
	var tb cells.Table
	tb.Row("METRIC", "CURRENT", "PRIOR Q", "YEAR AGO", "TARGET", "QOQ", "YOY", "STATUS", "ACCOUNTABLE")
	for _, f := range v.Figures {
		name := f.Metric.Name
		if f.Metric.OnBoard {
			name = "* " + name
		}
		tb.Row(name, f.ValueText(), f.PriorText(), f.YearAgoText(), f.TargetText(), f.QoQ.Arrow(), f.YoY.Arrow(), string(f.Status), f.Metric.Accountable)
	}
	_, _ = tb.WriteTo(w)
	fmt.Fprintf(w, "\n* on the board's one-page scorecard.\nExecutive response time (internal only): %s.\n", v.Response.Summary())
	fmt.Fprintf(w, "`cxroom report board --quarter %s --format html > board.html` prints the board report.\n", v.Period)
}

func boardMetricsCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "metrics [--json]",
		Short:                 "List the twelve board metrics: definition, seed target, frequency, accountable executive",
		Long:                  "The executive seed's \"Metrics That Matter\": each metric's key (what board enter and board target take), definition, the seed's target, how often it is reported to the board, and the executive accountable for it.",
		Example:               "  cxroom board metrics\n  cxroom board metrics --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			rows := report.BoardMetricsRegistry()
			if asJSON {
				return writeJSON(e.Stdout, rows)
			}
			var tb cells.Table
			tb.Row("KEY", "METRIC", "TARGET", "FREQUENCY", "ACCOUNTABLE", "SOURCE")
			for _, r := range rows {
				tb.Row(r.Key, r.Name, r.SeedTarget, r.Frequency, r.Accountable, r.Source)
			}
			_, err := tb.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func boardEnterCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var source string
	c := &cobra.Command{
		Use:   "enter METRIC VALUE --source TEXT [--quarter 2026Q4]",
		Short: "Enter a quarter's figure for a board metric (facilitators and executives)",
		Long: `Enter a board metric's figure for a quarter (default the current one) with where it comes
from. Metrics reported monthly to the executives (customer health, support CSAT) keep the
latest month's figure: enter it again each month. VALUE "clear" removes it. Executive response
time is computed from cxroom's escalations and cannot be entered.`,
		Example: `  cxroom board enter nrr 112 --source "Q4 finance close"
  cxroom board enter csat 4.4/5 --source "Zendesk, November"
  ssh -p 2222 HOST 'board enter health_green 74 --quarter 2026Q4 --source "Gainsight health, 30 Nov"'`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, 2, "a metric and a value"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			if _, err := meeting.FindBoardMetric(args[0]); err != nil {
				return err
			}
			p, err := q.writing(c, e, meeting.OpEnterBoard, same)
			if err != nil {
				return err
			}
			en, m, err := e.Svc.EnterBoardMetric(c.Context(), e.Actor, args[0], p, args[1], source, q.loc)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, en.Describe(m.MetricDef, p))
			return nil
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().StringVar(&source, "source", "", "where the figure comes from: a report, a survey, a system")
	return c
}

func boardTargetCmd(e *Env) *cobra.Command {
	var q quarterFlags
	c := &cobra.Command{
		Use:   "target METRIC VALUE [--quarter 2026Q4]",
		Short: "Set a board metric's target from a quarter on (facilitators and executives)",
		Long: `Set a board metric's target for a quarter (default the current one); it holds for later
quarters until another is set. VALUE "default" goes back to the earlier quarters' target or the
seed's (NRR 110%, logo retention 90%, NPS 40, 75% green, time-to-value < 60 days, …).`,
		Example:               "  cxroom board target nrr 115\n  cxroom board target time_to_value 45 --quarter 2027Q1",
		DisableFlagsInUseLine: true,
		Args:                  words(2, -1, "a metric and a value"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			if _, err := meeting.FindBoardMetric(args[0]); err != nil {
				return err
			}
			p, err := q.writing(c, e, meeting.OpEnterBoard, same)
			if err != nil {
				return err
			}
			en, m, err := e.Svc.SetBoardTarget(c.Context(), e.Actor, args[0], p, strings.Join(args[1:], " "), q.loc)
			if err != nil {
				return err
			}
			if en.Target == nil {
				fmt.Fprintf(e.Stdout, "%s %s: back to the earlier target\n", m.Name, p)
				return nil
			}
			fmt.Fprintf(e.Stdout, "%s: target %s from %s on\n", m.Name, m.FormatTarget(*en.Target), p)
			return nil
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	return c
}

func boardBriefCmd(e *Env) *cobra.Command {
	var q quarterFlags
	c := &cobra.Command{
		Use:   "brief PART TEXT… [--quarter 2026Q4]",
		Short: "Write a part of the quarter's board report (facilitators and executives)",
		Long: `Write the parts of the board report cxroom cannot compute: PART is summary (the executive
summary: overall CX health, key movements, strategic implications), working and concerns (the
key insights; when left empty the report proposes them from the metrics), competitive (the
competitive position, with its sources), forward (the forward look) or decisions (the board
decisions needed). TEXT "clear" empties the part. ` + "`cxroom board`" + ` proposes the movements worth
mentioning.`,
		Example: `  cxroom board brief summary "CX health improved for the fourth quarter running: NRR reached 112%."
  cxroom board brief competitive "NPS 44 against a peer median of 38 (benchmarking service, Q3)"`,
		DisableFlagsInUseLine: true,
		Args:                  words(2, -1, "a part (summary, working, concerns, competitive, forward, decisions) and its text"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := q.check(); err != nil {
				return err
			}
			p, err := q.writing(c, e, meeting.OpEnterBoard, same)
			if err != nil {
				return err
			}
			if _, err := e.Svc.SetBrief(c.Context(), e.Actor, p, args[0], text(args[1:])); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "board report %s: %s written\n", p, strings.ToLower(args[0]))
			return nil
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	return c
}

func boardResponseCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "response [--quarter 2026Q4] [--json]",
		Short: "Executive response time: each escalation, how fast it was assigned and resolved",
		Long: `Executive response time, computed from cxroom's escalations: an action moved to escalated
starts one; it is assigned at the next change (a check-in on it, or a move back to open or
blocked) and resolved when done or dropped. Targets: assigned within 24 hours, resolved within
5 days. Lists the quarter's escalations with their times; ! marks a late one.`,
		Example:               "  cxroom board response\n  cxroom board response --quarter 2026Q3 --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := q.check(); err != nil {
				return err
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			v, err := e.Svc.BoardReport(c.Context(), e.Actor, meeting.ScorecardQuery{Period: q.p, Loc: q.loc})
			if err != nil {
				return err
			}
			r := v.Response
			if asJSON {
				return writeJSON(e.Stdout, report.ResponseJSON(r))
			}
			fmt.Fprintf(e.Stdout, "Executive response time, %s: %s.\n", v.Period.Label(), r.Summary())
			if len(r.Escalations) == 0 {
				return nil
			}
			fmt.Fprintln(e.Stdout)
			var tb cells.Table
			tb.Row("", "ACTION", "ESCALATED", "TO", "ASSIGNED", "RESOLVED")
			for _, x := range r.Escalations {
				mark := ""
				if x.LateAssign || x.LateResolve {
					mark = "!"
				}
				assigned, resolved := "waiting", "open"
				if !x.AssignedAt.IsZero() {
					assigned = fmt.Sprintf("%.1f h", x.HoursToAssign())
				}
				if !x.ResolvedAt.IsZero() {
					resolved = fmt.Sprintf("%.1f days (%s)", x.DaysToResolve(), x.Resolution)
				}
				tb.Row(mark, x.ActionID+" "+x.Text, x.EscalatedAt.In(e.Svc.ScorecardZone(q.loc)).Format("2006-01-02 15:04"), x.To, assigned, resolved)
			}
			_, err = tb.WriteTo(e.Stdout)
			fmt.Fprintf(e.Stdout, "\n%s\n", r.Rule)
			return err
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func reportCmd(e *Env) *cobra.Command {
	c := &cobra.Command{
		Use:                   "report",
		Short:                 "Reports for people outside the room: the quarterly board report",
		Example:               "  cxroom report board --quarter 2026Q4 --format html > board.html",
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{groupOf: "yes"},
		RunE:                  group,
	}
	c.AddCommand(reportBoardCmd(e))
	return c
}

func reportBoardCmd(e *Env) *cobra.Command {
	var q quarterFlags
	var format string
	c := &cobra.Command{
		Use:   "board --quarter 2026Q4 [--format md|html|json] [--zone ZONE]",
		Short: "The quarter's Board CX Scorecard: markdown, a self-contained HTML page, or JSON",
		Long: `Fill the executive seed's "Template: Board CX Scorecard" for a quarter (default the current
one): the executive summary (written with board brief, with the movements cxroom proposes),
the core metrics with current, prior quarter, year ago, target and status, the key insights
(what's working, areas of concern, the top customer themes from the quarter's VOC triage), the
strategic actions from the charters and open escalations, the competitive position and forward
look, and the leadership effectiveness scorecard. --format html is one self-contained page
(no network fetches) with inline SVG trend charts, printable to PDF one page per section.`,
		Example: `  cxroom report board --quarter 2026Q4 > board.md
  cxroom report board --quarter 2026Q4 --format html > board.html
  ssh -p 2222 HOST report board --format json`,
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := q.check(); err != nil {
				return err
			}
			switch format {
			case "md", "markdown", "html", "json":
			default:
				return usagef("--format is md, html or json, not %q", meeting.CleanLine(format, 20))
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			v, err := e.Svc.BoardReport(c.Context(), e.Actor, meeting.ScorecardQuery{Period: q.p, Loc: q.loc})
			if err != nil {
				return err
			}
			switch format {
			case "html":
				page, err := report.BoardHTML(v, e.Team)
				if err != nil {
					return err
				}
				_, err = e.Stdout.Write(page)
				return err
			case "json":
				return jsonTo(e.Stdout)(report.BoardJSON(v))
			}
			_, err = fmt.Fprint(e.Stdout, report.BoardMarkdown(v, e.Team))
			return err
		},
	}
	q.quarterFlag(c.Flags(), "the quarter, such as 2026Q4 (default the current one)")
	c.Flags().StringVar(&format, "format", "md", "md, html or json")
	return c
}

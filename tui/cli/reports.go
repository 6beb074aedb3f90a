package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"cxroom/meeting"
	"cxroom/report"
)

// loadScorecard computes the scorecard; since (checked already) is the
// period's start, zero for the default.
func loadScorecard(ctx context.Context, e *Env, since meeting.Date) ([]meeting.Score, error) {
	in, err := meeting.LoadScorecardInput(ctx, e.Svc.Store, e.Svc.Today())
	if err != nil {
		return nil, err
	}
	if since != "" {
		in.Since = since
	}
	return meeting.Scorecard(in), nil
}

func printScorecard(w io.Writer, sc []meeting.Score) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tMETRIC\tACTUAL\tTARGET\tSTATUS")
	for _, s := range sc {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Category, s.Name, report.ScoreActual(s), s.Target, s.Status)
	}
	tw.Flush()
}

func meetingsCmd(e *Env) *cobra.Command {
	var asJSON, live bool
	c := &cobra.Command{
		Use:                   "meetings [--live] [--json]",
		Short:                 "List meetings, newest first",
		Long:                  "List the meetings you may see, newest first: GUIDE conversations only to their coach and coachees.",
		Example:               "  cxroom meetings --live\n  cxroom meetings --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ms, err := e.Svc.Meetings(c.Context(), e.Actor, meeting.MeetingFilter{Live: live})
			if err != nil {
				return err
			}
			if asJSON {
				return jsonTo(e.Stdout)(report.MeetingsJSON(ms, e.Svc.Clock.Now()))
			}
			if len(ms) == 0 {
				fmt.Fprintln(e.Stdout, "no meetings yet; run `cxroom` and start a ritual")
				return nil
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tDATE\tSTATE\tFACILITATOR\tTITLE")
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Date, m.State(), m.Facilitator, m.Title)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&live, "live", false, "only meetings in progress")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func decisionsCmd(e *Env) *cobra.Command {
	var asJSON, due bool
	c := &cobra.Command{
		Use:                   "decisions [--review-due] [--json]",
		Short:                 "List the decision log",
		Long:                  "List the decision log entries with who made them and when each comes up for review.",
		Example:               "  cxroom decisions --review-due",
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
			ds, err := e.Svc.Store.Decisions(c.Context(), df)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(ds))
			}
			if len(ds) == 0 {
				fmt.Fprintln(e.Stdout, "no decisions recorded")
				return nil
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tMADE BY\tREVIEW\tDECISION")
			today := e.Svc.Today()
			for _, d := range ds {
				review := dash(string(d.ReviewDate))
				if d.ReviewDue(today) {
					review += " (due)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.MadeBy, review, d.Title)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&due, "review-due", false, "only decisions whose review date has come")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func journeysCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "journeys [--json]",
		Short:                 "List journeys with owners, last review and health",
		Example:               "  cxroom journeys\n  cxroom journeys add Onboarding --owner ana",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			js, err := e.Svc.Store.Journeys(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(js))
			}
			if len(js) == 0 {
				fmt.Fprintln(e.Stdout, `no journeys yet; add one with: cxroom journeys add "Onboarding" --owner HANDLE`)
				return nil
			}
			today := e.Svc.Today()
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tJOURNEY\tOWNER\tLAST REVIEWED\tHEALTH")
			for _, j := range js {
				owner := j.Owner
				if owner == "" {
					owner = "NO OWNER"
				}
				last := dash(string(j.LastReviewed))
				if j.ReviewOverdue(today) {
					last += " (review overdue)"
				}
				var hs []string
				for _, h := range j.Health() {
					if h.HasValue {
						hs = append(hs, fmt.Sprintf("%s %g%s %s", h.Metric.Key, h.Current, h.Metric.Unit, h.Trend.Arrow()))
					}
				}
				health := strings.Join(hs, " · ")
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.ID, j.Name, owner, last, dash(health))
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(journeysAddCmd(e))
	return c
}

func journeysAddCmd(e *Env) *cobra.Command {
	var owner string
	c := &cobra.Command{
		Use:                   "add NAME… --owner H",
		Short:                 "Register a critical journey (facilitators)",
		Long:                  "Register a critical journey and its accountable owner; the words that are not flags are its name.",
		Example:               "  cxroom journeys add Onboarding --owner ana\n  ssh -p 2222 HOST journeys add Billing and refunds --owner tom",
		DisableFlagsInUseLine: true,
		Args:                  words(1, -1, "the journey's name"),
		RunE: func(c *cobra.Command, args []string) error {
			if meeting.CleanLine(text(args), meeting.MaxLine) == "" {
				return usagef("give the journey's name: cxroom journeys add NAME --owner HANDLE")
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			j, err := e.Svc.AddJourney(c.Context(), e.Actor, text(args), owner)
			if err != nil {
				return err
			}
			if j.Owner == "" {
				fmt.Fprintf(e.Stdout, "%s added: %s — it has no owner yet (without authority, ownership is theater)\n", j.ID, j.Name)
				return nil
			}
			fmt.Fprintf(e.Stdout, "%s added: %s, owned by %s\n", j.ID, j.Name, j.Owner)
			return nil
		},
	}
	c.Flags().StringVar(&owner, "owner", "", "the accountable journey owner (handle)")
	return c
}

func storiesCmd(e *Env) *cobra.Command {
	var q, stage, theme string
	var asJSON bool
	c := &cobra.Command{
		Use:                   "stories [--query Q] [--stage S] [--theme T] [--json]",
		Short:                 "Search the story library",
		Example:               "  cxroom stories --query refund\n  cxroom stories --stage onboarding --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ss, err := e.Svc.Store.Stories(c.Context(), meeting.StoryFilter{Query: q, Stage: stage, Theme: theme})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(ss))
			}
			if len(ss) == 0 {
				fmt.Fprintln(e.Stdout, "no stories match")
				return nil
			}
			for _, s := range ss {
				fmt.Fprintf(e.Stdout, "%s  “%s”\n", s.ID, s.Quote)
				for _, kv := range [][2]string{{"context", s.Context}, {"stage", s.Stage}, {"theme", s.Theme}, {"impact", s.Impact}, {"learning", s.Learning}, {"status", s.Status}} {
					if kv[1] != "" {
						fmt.Fprintf(e.Stdout, "      %-8s %s\n", kv[0], kv[1])
					}
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&q, "query", "", "text to find")
	c.Flags().StringVar(&stage, "stage", "", "journey stage")
	c.Flags().StringVar(&theme, "theme", "", "theme")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

func seriesCmd(e *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:                   "series [--json]",
		Short:                 "List recurring rituals and when each meets next",
		Example:               "  cxroom series",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			ss, err := e.Svc.Store.SeriesList(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.Stdout, nonNil(ss))
			}
			if len(ss) == 0 {
				fmt.Fprintln(e.Stdout, "no series yet; starting a ritual creates one, or use `cxroom series add`")
				return nil
			}
			today := e.Svc.Today()
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tRITUAL\tCADENCE\tTIME\tNEXT\tTITLE")
			for _, s := range ss {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.AgendaID, s.Cadence, s.Time, dash(string(s.Next(today))), s.Title)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(seriesAddCmd(e))
	return c
}

func seriesAddCmd(e *Env) *cobra.Command {
	var agenda, cadence, start, at, title, zone, journey string
	c := &cobra.Command{
		Use:   "add --agenda ID [--cadence C] [--start DATE] [--time HH:MM] [--zone ZONE] [--title T] [--journey J]",
		Short: "Schedule a recurring ritual (facilitators)",
		Long: `Schedule a recurring ritual: weekly, biweekly, monthly or quarterly (default: the
ritual's own cadence), from a start day at a time of day in an IANA time zone.`,
		Example:               "  cxroom series add --agenda voc-triage --start 2026-12-01 --time 09:00 --zone Europe/Berlin",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := e.load(); err != nil {
				return err
			}
			if e.Actor.Role != meeting.RoleFacilitator {
				return forbiddenf("only a facilitator can schedule rituals")
			}
			ag, ok := e.Agendas.Get(agenda)
			if !ok {
				return usagef("--agenda %q is not a ritual; `cxroom agendas list` shows them", meeting.CleanLine(agenda, 40))
			}
			if cadence == "" {
				cadence = ag.Cadence
			}
			if err := checkZone(zone); err != nil {
				return err
			}
			now := e.now()
			startDay := meeting.DateOf(now)
			if start != "" {
				d, err := meeting.ParseDue(start, now)
				if err != nil {
					return meeting.Errorf(meeting.EINVALID, "start: %s", meeting.ErrorMessage(err))
				}
				startDay = d
			}
			if at == "" {
				at = "09:00"
			}
			s := &meeting.Series{Title: title, AgendaID: ag.ID, Cadence: meeting.Cadence(cadence), Start: startDay, Time: at,
				Minutes: ag.Minutes, Timezone: zone, Facilitator: e.Actor.Handle, CreatedAt: now}
			if s.Title == "" {
				s.Title = ag.Title
			}
			if err := s.Validate(); err != nil {
				return err // before the data folder is opened (or created)
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			s.CreatedAt = e.now()
			if journey != "" {
				j, err := e.Svc.FindJourney(c.Context(), journey)
				if err != nil {
					return err
				}
				s.JourneyID = j.ID
			}
			if err := e.Svc.Store.CreateSeries(c.Context(), s); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s scheduled: %s, %s from %s at %s (%s)\n", s.ID, s.Title, s.Cadence, s.Start, s.Time, s.RRule())
			return nil
		},
	}
	fs := c.Flags()
	fs.StringVar(&agenda, "agenda", "", "ritual id (`cxroom agendas list`)")
	fs.StringVar(&cadence, "cadence", "", "weekly, biweekly, monthly or quarterly")
	fs.StringVar(&start, "start", "", "first meeting day (2026-12-01, fri, +1w); default today")
	fs.StringVar(&at, "time", "", "time of day, HH:MM (default 09:00)")
	fs.StringVar(&title, "title", "", "series title (default the ritual's)")
	fs.StringVar(&zone, "zone", "", "IANA time zone, such as Europe/Berlin (default UTC)")
	fs.StringVar(&journey, "journey", "", "journey id or name, for journey reviews")
	return c
}

// checkZone accepts an IANA time zone name. "Local" is the server's own
// zone, whatever it is, and a calendar cannot name it (TZID=Local).
func checkZone(zone string) error {
	if strings.EqualFold(strings.TrimSpace(zone), "local") {
		return meeting.Errorf(meeting.EINVALID, "--zone Local is this machine's zone, which calendars cannot name; give an IANA zone such as Europe/Berlin")
	}
	return nil
}

func scorecardCmd(e *Env) *cobra.Command {
	var asJSON bool
	var since string
	c := &cobra.Command{
		Use:                   "scorecard [--since DATE] [--json]",
		Short:                 "Show the leadership scorecard",
		Long:                  "The leadership scorecard: each metric's actual against its target with green, amber or red, over the period since --since (default 90 days).",
		Example:               "  cxroom scorecard\n  cxroom scorecard --since 2026-07-01 --json",
		DisableFlagsInUseLine: true,
		Args:                  noWords,
		RunE: func(c *cobra.Command, _ []string) error {
			var from meeting.Date
			if since != "" {
				d, err := meeting.ParseDate(since)
				if err != nil {
					return err
				}
				from = d
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			sc, err := loadScorecard(c.Context(), e, from)
			if err != nil {
				return err
			}
			if asJSON {
				return jsonTo(e.Stdout)(report.ScorecardJSON(sc))
			}
			printScorecard(e.Stdout, sc)
			return nil
		},
	}
	c.Flags().StringVar(&since, "since", "", "period start (YYYY-MM-DD); default 90 days ago")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	return c
}

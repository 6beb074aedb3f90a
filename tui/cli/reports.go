package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"cxroom/internal/cells"
	"cxroom/meeting"
	"cxroom/report"
)

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
			var tw cells.Table
			tw.Row("ID", "DATE", "STATE", "FACILITATOR", "TITLE")
			for _, m := range ms {
				tw.Row(m.ID, string(m.Date), string(m.State()), m.Facilitator, m.Title)
			}
			_, err = tw.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&live, "live", false, "only meetings in progress")
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
			js, err := e.Svc.Journeys(c.Context())
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
			var tw cells.Table
			tw.Row("ID", "JOURNEY", "OWNER", "LAST REVIEWED", "HEALTH")
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
				tw.Row(j.ID, j.Name, owner, last, dash(health))
			}
			_, err = tw.WriteTo(e.Stdout)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON output")
	c.AddCommand(journeysAddCmd(e), journeysTargetCmd(e))
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
			ss, err := e.Svc.Stories(c.Context(), e.Actor, meeting.StoryFilter{Query: q, Stage: stage, Theme: theme})
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
			ss, err := e.Svc.SeriesList(c.Context())
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
			var tw cells.Table
			tw.Row("ID", "RITUAL", "CADENCE", "TIME", "NEXT", "TITLE")
			for _, s := range ss {
				tw.Row(s.ID, s.AgendaID, string(s.Cadence), s.Time, dash(string(s.Next(today))), s.Title)
			}
			_, err = tw.WriteTo(e.Stdout)
			return err
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
			if err := meeting.Check(e.Actor, meeting.OpAddSeries, meeting.Subject{}); err != nil {
				return err // before anything is read or opened
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
			if err := e.Svc.AddSeries(c.Context(), e.Actor, s); err != nil {
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

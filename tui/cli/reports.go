package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"cxroom/meeting"
	"cxroom/report"
)

func meetingsList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("meetings")
	asJSON := f.boolean("json", "JSON output")
	live := f.boolean("live", "only meetings in progress")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	ms, err := e.Svc.Meetings(ctx, e.Actor, meeting.MeetingFilter{Live: *live})
	if err != nil {
		return err
	}
	if *asJSON {
		data, err := report.MeetingsJSON(ms, e.Svc.Clock.Now())
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(append(data, '\n'))
		return err
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
}

func decisionsList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("decisions")
	asJSON := f.boolean("json", "JSON output")
	due := f.boolean("review-due", "only decisions whose review date has come")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	df := meeting.DecisionFilter{}
	if *due {
		df.ReviewDueBy = e.Svc.Today()
	}
	ds, err := e.Svc.Store.Decisions(ctx, df)
	if err != nil {
		return err
	}
	if *asJSON {
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
}

func journeysList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("journeys")
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	js, err := e.Svc.Store.Journeys(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
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
		health := ""
		for _, h := range j.Health() {
			if h.HasValue {
				health += fmt.Sprintf("%s %g%s ", h.Metric.Key, h.Current, h.Trend.Arrow())
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.ID, j.Name, owner, last, dash(health))
	}
	return tw.Flush()
}

func journeysAdd(ctx context.Context, e *Env, args []string) error {
	f := newFlags("journeys add")
	owner := f.str("owner", "the accountable journey owner")
	pos, err := f.parse(args, 1, 1, `"NAME" --owner H`)
	if err != nil {
		return err
	}
	j, err := e.Svc.AddJourney(ctx, e.Actor, pos[0], *owner)
	if err != nil {
		return err
	}
	if j.Owner == "" {
		fmt.Fprintf(e.Stdout, "%s added: %s — it has no owner yet (without authority, ownership is theater)\n", j.ID, j.Name)
		return nil
	}
	fmt.Fprintf(e.Stdout, "%s added: %s, owned by %s\n", j.ID, j.Name, j.Owner)
	return nil
}

func storiesList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("stories")
	q := f.str("query", "text to find")
	stage := f.str("stage", "journey stage")
	theme := f.str("theme", "theme")
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	ss, err := e.Svc.Store.Stories(ctx, meeting.StoryFilter{Query: *q, Stage: *stage, Theme: *theme})
	if err != nil {
		return err
	}
	if *asJSON {
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
}

func seriesList(ctx context.Context, e *Env, args []string) error {
	f := newFlags("series")
	asJSON := f.boolean("json", "JSON output")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	ss, err := e.Svc.Store.SeriesList(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
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
}

func seriesAdd(ctx context.Context, e *Env, args []string) error {
	f := newFlags("series add")
	agenda := f.str("agenda", "ritual id")
	cadence := f.str("cadence", "weekly, biweekly, monthly or quarterly")
	start := f.str("start", "first meeting day")
	at := f.str("time", "HH:MM")
	title := f.str("title", "series title")
	zone := f.str("zone", "IANA time zone")
	journey := f.str("journey", "journey id or name")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	if e.Actor.Role != meeting.RoleFacilitator {
		return meeting.Errorf(meeting.EFORBIDDEN, "only a facilitator can schedule rituals")
	}
	ag, ok := e.Agendas.Get(*agenda)
	if !ok {
		return usagef("--agenda %q is not a ritual; `cxroom agendas list` shows them", meeting.CleanLine(*agenda, 40))
	}
	if *cadence == "" {
		*cadence = ag.Cadence
	}
	now := e.Svc.Clock.Now()
	startDay := meeting.DateOf(now)
	if *start != "" {
		d, err := meeting.ParseDue(*start, now)
		if err != nil {
			return meeting.Errorf(meeting.EINVALID, "start: %s", meeting.ErrorMessage(err))
		}
		startDay = d
	}
	if *at == "" {
		*at = "09:00"
	}
	s := &meeting.Series{Title: *title, AgendaID: ag.ID, Cadence: meeting.Cadence(*cadence), Start: startDay, Time: *at,
		Minutes: ag.Minutes, Timezone: *zone, Facilitator: e.Actor.Handle, CreatedAt: now}
	if s.Title == "" {
		s.Title = ag.Title
	}
	if *journey != "" {
		j, err := e.Svc.FindJourney(ctx, *journey)
		if err != nil {
			return err
		}
		s.JourneyID = j.ID
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if err := e.Svc.Store.CreateSeries(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s scheduled: %s, %s from %s at %s (%s)\n", s.ID, s.Title, s.Cadence, s.Start, s.Time, s.RRule())
	return nil
}

func loadScorecard(ctx context.Context, e *Env, since string) ([]meeting.Score, error) {
	in, err := meeting.LoadScorecardInput(ctx, e.Svc.Store, e.Svc.Today())
	if err != nil {
		return nil, err
	}
	if since != "" {
		d, err := meeting.ParseDate(since)
		if err != nil {
			return nil, err
		}
		in.Since = d
	}
	return meeting.Scorecard(in), nil
}

func scorecard(ctx context.Context, e *Env, args []string) error {
	f := newFlags("scorecard")
	asJSON := f.boolean("json", "JSON output")
	since := f.str("since", "period start (YYYY-MM-DD); default 90 days ago")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	sc, err := loadScorecard(ctx, e, *since)
	if err != nil {
		return err
	}
	if *asJSON {
		data, err := report.ScorecardJSON(sc)
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(append(data, '\n'))
		return err
	}
	printScorecard(e.Stdout, sc)
	return nil
}

func printScorecard(w io.Writer, sc []meeting.Score) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tMETRIC\tACTUAL\tTARGET\tSTATUS")
	for _, s := range sc {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Category, s.Name, report.ScoreActual(s), s.Target, s.Status)
	}
	tw.Flush()
}

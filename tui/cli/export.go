package cli

import (
	"context"
	"fmt"

	"cxroom/meeting"
	"cxroom/report"
)

func exportMinutes(ctx context.Context, e *Env, args []string) error {
	f := newFlags("export minutes")
	format := f.str("format", "md or json")
	pos, err := f.parse(args, 1, 1, "MEETING_ID [--format md|json]")
	if err != nil {
		return err
	}
	b, err := e.Svc.Minutes(ctx, e.Actor, pos[0])
	if err != nil {
		return err
	}
	switch *format {
	case "", "md", "markdown":
		_, err = fmt.Fprint(e.Stdout, report.Minutes(b, e.Team, e.Svc.Clock.Now()))
	case "json":
		var data []byte
		if data, err = report.MinutesJSON(b); err == nil {
			_, err = e.Stdout.Write(append(data, '\n'))
		}
	default:
		return usagef("--format %q is not md or json", meeting.CleanLine(*format, 20))
	}
	return err
}

func exportActions(ctx context.Context, e *Env, args []string) error {
	f := newFlags("export actions")
	format := f.str("format", "csv, json or ics")
	filter := actionFilter(f)
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	if *format == "" {
		return usagef("say the format with --format csv, json or ics")
	}
	af, err := filter(e)
	if err != nil {
		return err
	}
	as, err := e.Svc.Store.Actions(ctx, af)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return report.ActionsCSV(e.Stdout, as, e.Team)
	case "json":
		data, err := report.ActionsJSON(as)
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(append(data, '\n'))
		return err
	case "ics", "ical":
		return report.ActionsICS(e.Stdout, as, e.Svc.Clock.Now())
	}
	return usagef("--format %q is not csv, json or ics", meeting.CleanLine(*format, 20))
}

func exportDecisions(ctx context.Context, e *Env, args []string) error {
	f := newFlags("export decisions")
	format := f.str("format", "md or json")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	ds, err := e.Svc.Store.Decisions(ctx, meeting.DecisionFilter{})
	if err != nil {
		return err
	}
	switch *format {
	case "", "md", "markdown":
		_, err = fmt.Fprint(e.Stdout, report.DecisionsMarkdown(ds))
		return err
	case "json":
		data, err := report.DecisionsJSON(ds)
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(append(data, '\n'))
		return err
	}
	return usagef("--format %q is not md or json", meeting.CleanLine(*format, 20))
}

func exportCalendar(ctx context.Context, e *Env, args []string) error {
	if _, err := newFlags("export calendar").parse(args, 0, 0, ""); err != nil {
		return err
	}
	ss, err := e.Svc.Store.SeriesList(ctx)
	if err != nil {
		return err
	}
	return report.CalendarICS(e.Stdout, ss, e.Svc.Clock.Now())
}

func exportScorecard(ctx context.Context, e *Env, args []string) error {
	f := newFlags("export scorecard")
	format := f.str("format", "md or json")
	if _, err := f.parse(args, 0, 0, ""); err != nil {
		return err
	}
	sc, err := loadScorecard(ctx, e, "")
	if err != nil {
		return err
	}
	switch *format {
	case "", "md", "markdown":
		_, err = fmt.Fprint(e.Stdout, report.ScorecardMarkdown(sc))
		return err
	case "json":
		data, err := report.ScorecardJSON(sc)
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(append(data, '\n'))
		return err
	}
	return usagef("--format %q is not md or json", meeting.CleanLine(*format, 20))
}

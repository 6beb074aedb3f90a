package meeting

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// A meeting started ad hoc belongs to no series: nothing recurring is
// created behind anyone's back. At the end of a first meeting of a ritual
// that has a cadence, its facilitator is offered to make it the first of a
// series (OfferSeries), at its weekday and time in their own time zone; the
// next meeting then carries its open actions and issues (StartSeries).

// OfferSeries returns the series meeting id could start (not saved), or nil
// when there is none to offer: the meeting is in a series already, its
// ritual has no cadence or a series of its own, or a may not schedule
// rituals. loc is a's time zone (nil: the process's).
func (s *Service) OfferSeries(ctx context.Context, a Actor, id string, loc *time.Location) (*Series, error) {
	if Check(a, OpAddSeries, Subject{}) != nil {
		return nil, nil
	}
	m, err := s.store.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(m, a) || m.SeriesID != "" || m.GuideID != "" || m.Private {
		return nil, nil
	}
	cad, err := ParseCadence(m.Agenda.Cadence)
	if err != nil {
		return nil, nil // a ritual without a cadence is held when needed
	}
	if existing, err := agendaSeries(ctx, s.store, m.Agenda.ID, m.JourneyID); err != nil || existing != nil {
		return nil, err
	}
	return seriesFrom(m, cad, loc), nil
}

// StartSeries makes meeting id the first of a new series of its ritual
// (facilitators): the series meets on its weekday, at its start time (to the
// half hour) in loc, the facilitator's time zone. The meeting and what it
// recorded join the series, in one transaction, so the next meeting
// carries its open actions and unresolved issues. If a series of the ritual
// appeared meanwhile, the meeting joins that one.
func (s *Service) StartSeries(ctx context.Context, a Actor, id string, loc *time.Location) (*Series, error) {
	if err := Check(a, OpAddSeries, Subject{}); err != nil {
		return nil, err
	}
	var out *Series
	err := s.store.Atomically(ctx, func(tx Tx) error {
		m, err := tx.Meeting(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case !canSee(m, a):
			return Errorf(ENOTFOUND, "meeting %s does not exist", clip(id))
		case m.GuideID != "" || m.Private:
			return Errorf(EINVALID, "a coaching session is not part of a series")
		case m.SeriesID != "":
			out, err = tx.Series(ctx, m.SeriesID)
			return err
		}
		sr, err := agendaSeries(ctx, tx, m.Agenda.ID, m.JourneyID)
		if err != nil {
			return err
		}
		if sr == nil {
			cad, err := ParseCadence(m.Agenda.Cadence)
			if err != nil {
				return Errorf(EINVALID, "%s has no cadence to repeat on; schedule it with `series add`", m.Agenda.Title)
			}
			sr = seriesFrom(m, cad, loc)
			if err := sr.Validate(); err != nil {
				return err
			}
			if err := tx.CreateSeries(ctx, sr); err != nil {
				return err
			}
		}
		if err := joinRecords(ctx, tx, m, sr.ID); err != nil {
			return err
		}
		out = sr
		return nil
	})
	if err != nil {
		return nil, userError(slog.New(slog.DiscardHandler), id, err)
	}
	return out, nil
}

// joinRecords puts meeting m and what it recorded in series id.
func joinRecords(ctx context.Context, tx Tx, m *Meeting, id string) error {
	if _, err := tx.UpdateMeeting(ctx, m.ID, func(x *Meeting) error { x.SeriesID = id; return nil }); err != nil {
		return err
	}
	as, err := tx.Actions(ctx, ActionFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	for _, x := range as {
		if _, err := tx.UpdateAction(ctx, x.ID, func(x *Action) error { x.SeriesID = id; return nil }); err != nil {
			return err
		}
	}
	is, err := tx.Issues(ctx, IssueFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	for _, x := range is {
		if _, err := tx.UpdateIssue(ctx, x.ID, func(x *Issue) error { x.SeriesID = id; return nil }); err != nil {
			return err
		}
	}
	ds, err := tx.Decisions(ctx, DecisionFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	for _, x := range ds {
		if _, err := tx.UpdateDecision(ctx, x.ID, func(x *Decision) error { x.SeriesID = id; return nil }); err != nil {
			return err
		}
	}
	ss, err := tx.Stories(ctx, StoryFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	for _, x := range ss {
		if _, err := tx.UpdateStory(ctx, x.ID, func(x *Story) error { x.SeriesID = id; return nil }); err != nil {
			return err
		}
	}
	return nil
}

// seriesFrom is the series meeting m would start: its ritual, cadence,
// weekday, and start time to the half hour, in loc.
func seriesFrom(m *Meeting, cad Cadence, loc *time.Location) *Series {
	start := m.CreatedAt
	if m.Timer.Started() && !m.Timer.StartedAt.IsZero() {
		start = m.Timer.StartedAt
	}
	zone, at := zoneFor(loc, start)
	minutes := m.Agenda.Minutes
	if minutes <= 0 || minutes > 8*60 {
		minutes = 60
	}
	return &Series{
		Title:       m.Agenda.Title,
		AgendaID:    m.Agenda.ID,
		Cadence:     cad,
		Start:       DateOf(at),
		Time:        at.Truncate(30 * time.Minute).Format("15:04"),
		Minutes:     minutes,
		Timezone:    zone,
		Facilitator: m.Facilitator,
		CreatedAt:   m.CreatedAt,
	}
}

// zoneFor names loc as a series keeps it (an IANA name; "" is UTC) and
// returns t in it. A zone without a name (the process's "Local") is named
// by its offset when that is whole hours (Etc/GMT-1 is UTC+1), else t is
// kept in UTC.
func zoneFor(loc *time.Location, t time.Time) (string, time.Time) {
	if loc == nil {
		loc = time.Local
	}
	t = t.In(loc)
	switch name := loc.String(); name {
	case "UTC", "":
		return "", t
	case "Local":
		_, off := t.Zone()
		if off == 0 {
			return "", t.UTC()
		}
		if off%3600 != 0 {
			return "", t.UTC()
		}
		// the Etc zones' signs are POSIX's: Etc/GMT-1 is one hour east
		return fmt.Sprintf("Etc/GMT%+d", -off/3600), t
	default:
		return name, t
	}
}

// Schedule says when the series meets, as people read it: "weekly on
// Tuesdays at 09:00 (Europe/Lisbon)".
func (s *Series) Schedule() string {
	day := s.Start.Time(time.UTC).Weekday().String() + "s"
	zone := s.Timezone
	if zone == "" {
		zone = "UTC"
	}
	when := "on " + day
	switch s.Cadence {
	case CadenceBiweekly:
		when = "every other " + s.Start.Time(time.UTC).Weekday().String()
	case CadenceMonthly, CadenceQuarterly:
		n := weekOfMonth(s.Start.Time(time.UTC))
		ord := [...]string{"", "first", "second", "third", "fourth", "last"}[n]
		when = "on the " + ord + " " + s.Start.Time(time.UTC).Weekday().String()
	}
	return fmt.Sprintf("%s %s at %s (%s)", s.Cadence, when, s.Time, zone)
}

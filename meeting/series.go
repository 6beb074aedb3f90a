package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cadence is how often a series meets.
type Cadence string

const (
	CadenceWeekly    Cadence = "weekly"
	CadenceBiweekly  Cadence = "biweekly"
	CadenceMonthly   Cadence = "monthly"
	CadenceQuarterly Cadence = "quarterly"
)

// ParseCadence accepts weekly, biweekly, monthly or quarterly.
func ParseCadence(s string) (Cadence, error) {
	switch c := Cadence(lower(s)); c {
	case CadenceWeekly, CadenceBiweekly, CadenceMonthly, CadenceQuarterly:
		return c, nil
	case "fortnightly":
		return CadenceBiweekly, nil
	}
	return "", Errorf(EINVALID, "cadence %q is not weekly, biweekly, monthly or quarterly", clip(s))
}

// Series is a recurring ritual: weekly VOC triage on Tuesdays at 09:00, a
// monthly journey review on the first Thursday. Meetings belong to a
// series; the next meeting carries the open items of the earlier ones.
type Series struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	AgendaID    string    `json:"agenda_id"`
	Cadence     Cadence   `json:"cadence"`
	Start       Date      `json:"start"` // first occurrence; fixes the weekday (and week of month)
	Time        string    `json:"time"`  // HH:MM local time
	Minutes     int       `json:"minutes"`
	Timezone    string    `json:"timezone,omitempty"` // IANA name; empty is UTC
	Facilitator string    `json:"facilitator,omitempty"`
	Attendees   []string  `json:"attendees,omitempty"`
	JourneyID   string    `json:"journey_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ParseClock validates "HH:MM".
func ParseClock(s string) (string, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return "", Errorf(EINVALID, "time %q is not HH:MM (24-hour), e.g. 09:00", clip(s))
	}
	return t.Format("15:04"), nil
}

// Validate checks a series.
func (s *Series) Validate() error {
	var err error
	if s.Title, err = line("series title", s.Title, MaxLine, true); err != nil {
		return err
	}
	if s.AgendaID == "" {
		return Errorf(EINVALID, "a series needs a ritual (agenda id)")
	}
	if s.Cadence, err = ParseCadence(string(s.Cadence)); err != nil {
		return err
	}
	if _, err = ParseDate(string(s.Start)); err != nil {
		return Errorf(EINVALID, "series start: %s", ErrorMessage(err))
	}
	if s.Time, err = ParseClock(s.Time); err != nil {
		return err
	}
	if s.Minutes <= 0 || s.Minutes > 8*60 {
		return Errorf(EINVALID, "a series meeting lasts 1 to 480 minutes")
	}
	if _, err := s.Location(); err != nil {
		return err
	}
	var c check
	c.id("series", 'R', s.ID)
	c.line("ritual", s.AgendaID, MaxName, true)
	c.line("time zone", s.Timezone, MaxName, false)
	c.handle("facilitator", s.Facilitator, false)
	c.count("attendees", len(s.Attendees), MaxInvited)
	for _, a := range s.Attendees {
		c.handle("attendee", a, true)
	}
	c.ref("journey", 'J', s.JourneyID)
	return c.err
}

// Location returns the series' time zone.
func (s *Series) Location() (*time.Location, error) {
	if s.Timezone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return nil, Errorf(EINVALID, "time zone %q is unknown; use an IANA name such as Europe/Berlin", clip(s.Timezone))
	}
	return loc, nil
}

// weekOfMonth is 1 for days 1–7, 2 for 8–14, …; 5 means "last".
func weekOfMonth(d time.Time) int { return (d.Day()-1)/7 + 1 }

// Occurrences returns the scheduled days in [from, to].
func (s *Series) Occurrences(from, to Date) []Date {
	start := s.Start.Time(time.UTC)
	if start.IsZero() || to.Time(time.UTC).IsZero() {
		return nil // an empty or malformed end would never stop the loop below
	}
	var out []Date
	add := func(d time.Time) bool {
		dd := DateOf(d)
		if to.Before(dd) {
			return false
		}
		if !dd.Before(from) && !dd.Before(s.Start) {
			out = append(out, dd)
		}
		return true
	}
	switch s.Cadence {
	case CadenceWeekly, CadenceBiweekly:
		step := 7
		if s.Cadence == CadenceBiweekly {
			step = 14
		}
		for d := start; add(d); d = d.AddDate(0, 0, step) {
		}
	case CadenceMonthly, CadenceQuarterly:
		months := 1
		if s.Cadence == CadenceQuarterly {
			months = 3
		}
		n, wd := weekOfMonth(start), start.Weekday()
		for m := 0; ; m += months {
			first := time.Date(start.Year(), start.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			if !add(nthWeekday(first, n, wd)) {
				break
			}
		}
	}
	return out
}

// nthWeekday returns the n-th weekday wd of first's month (n=5: the last).
func nthWeekday(first time.Time, n int, wd time.Weekday) time.Time {
	d := first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7)
	d = d.AddDate(0, 0, 7*(n-1))
	if d.Month() != first.Month() {
		d = d.AddDate(0, 0, -7)
	}
	return d
}

// Next returns the first occurrence on or after day.
func (s *Series) Next(day Date) Date {
	occ := s.Occurrences(day, day.AddDays(400))
	if len(occ) == 0 {
		return ""
	}
	return occ[0]
}

var icalDays = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// RRule returns the iCalendar recurrence rule for the series.
func (s *Series) RRule() string {
	start := s.Start.Time(time.UTC)
	day := icalDays[start.Weekday()]
	switch s.Cadence {
	case CadenceBiweekly:
		return "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + day
	case CadenceMonthly, CadenceQuarterly:
		n := weekOfMonth(start)
		ord := strconv.Itoa(n)
		if n == 5 {
			ord = "-1"
		}
		interval := ""
		if s.Cadence == CadenceQuarterly {
			interval = ";INTERVAL=3"
		}
		return fmt.Sprintf("FREQ=MONTHLY%s;BYDAY=%s%s", interval, ord, day)
	}
	return "FREQ=WEEKLY;BYDAY=" + day
}

// StartTime returns the first occurrence's start as a time in the series' zone.
func (s *Series) StartTime() time.Time {
	loc, err := s.Location()
	if err != nil {
		loc = time.UTC
	}
	t, _ := time.ParseInLocation("2006-01-02 15:04", string(s.Start)+" "+s.Time, loc)
	return t
}

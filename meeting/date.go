package meeting

import (
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day, "YYYY-MM-DD"; the empty Date means none. Its
// string order is its time order, which the store's indexes rely on.
type Date string

const dateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format(dateLayout)) }

// ParseDate parses a strict YYYY-MM-DD date between 2000 and 2199.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) {
		return "", Errorf(EINVALID, "%q is not a date; use YYYY-MM-DD, e.g. 2026-12-04", clip(s))
	}
	if t.Year() < 2000 || t.Year() > 2199 {
		return "", Errorf(EINVALID, "date %s is out of range (years 2000 to 2199)", s)
	}
	return Date(s), nil
}

// Time returns midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	t, err := time.ParseInLocation(dateLayout, string(d), loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time(time.UTC).AddDate(0, 0, n))
}

// Before reports whether d is a day before o. The empty date is before none.
func (d Date) Before(o Date) bool { return d != "" && o != "" && d < o }

// DaysUntil returns the number of days from d to o (negative if o is earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.Time(time.UTC).Sub(d.Time(time.UTC)).Hours() / 24)
}

// Valid reports whether d is empty or a real calendar date.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, err := ParseDate(string(d))
	return err == nil
}

// String returns the YYYY-MM-DD form.
func (d Date) String() string { return string(d) }

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// MaxDueDays bounds how far ahead a due date may be: a commitment made in a
// meeting that is due in more than two years is a typo.
const MaxDueDays = 2 * 366

// ParseDue parses a due date as people say it in a meeting, relative to now
// (in now's location): 2026-12-04, today, tomorrow, fri (the coming Friday;
// a week today if today is Friday), +3d, +2w. Past dates are refused.
func ParseDue(s string, now time.Time) (Date, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	today := DateOf(now)
	bad := func() (Date, error) {
		return "", Errorf(EINVALID, "due date %q is not a date; try 2026-12-04, today, tomorrow, fri, +3d or +2w", clip(s))
	}
	var d Date
	switch {
	case in == "":
		return "", Errorf(EINVALID, "a due date is required; try 2026-12-04, today, tomorrow, fri, +3d or +2w")
	case in == "today":
		d = today
	case in == "tomorrow" || in == "tmrw":
		d = today.AddDays(1)
	case weekdays[in] != 0 || in == "sun" || in == "sunday":
		wd := weekdays[in]
		ahead := (int(wd) - int(now.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		d = today.AddDays(ahead)
	case strings.HasPrefix(in, "+") && len(in) >= 3:
		num, unit := in[1:len(in)-1], in[len(in)-1]
		// digits only: Atoi alone would take "++3d" and "+-0d"
		n, err := strconv.Atoi(num)
		if err != nil || strings.Trim(num, "0123456789") != "" || (unit != 'd' && unit != 'w') {
			return bad()
		}
		if unit == 'w' {
			n = min(n, MaxDueDays) * 7
		}
		if n > MaxDueDays {
			return "", Errorf(EINVALID, "due date %s is more than two years away", in)
		}
		d = today.AddDays(n)
	case len(in) == len(dateLayout) && in[4] == '-':
		pd, err := ParseDate(in)
		if err != nil {
			if _, perr := time.Parse(dateLayout, in); perr == nil {
				// a real day outside the years ParseDate takes: say why
				if Date(in).Before(today) {
					return "", Errorf(EINVALID, "due date %s is in the past; pick today or later", in)
				}
				return "", Errorf(EINVALID, "due date %s is more than two years away", in)
			}
			return "", Errorf(EINVALID, "due date %q is not a real date; use YYYY-MM-DD, e.g. 2026-12-04", clip(s))
		}
		d = pd
	default:
		return bad()
	}
	if d.Before(today) {
		return "", Errorf(EINVALID, "due date %s is in the past; pick today or later", d)
	}
	if today.DaysUntil(d) > MaxDueDays {
		return "", Errorf(EINVALID, "due date %s is more than two years away", d)
	}
	return d, nil
}

// clip bounds user input quoted back in an error message.
func clip(s string) string { return CleanLine(s, 40) }

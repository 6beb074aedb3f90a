package meeting

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period is a calendar quarter, the scorecard's unit: "2026Q4" runs from
// 1 October to 31 December 2026. Its days are calendar days: which instant
// falls on which day depends on the time zone the scorecard is read in
// (ScorecardInput.Loc). The zero Period is none.
type Period struct {
	Year    int
	Quarter int // 1..4
}

var periodRe = regexp.MustCompile(`^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*[- ]?\s*(\d{4}))$`)

// ParsePeriod accepts a quarter as people write it: 2026Q4, 2026-Q4,
// Q4 2026 or q4-2026.
func ParsePeriod(s string) (Period, error) {
	m := periodRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return Period{}, Errorf(EINVALID, "period %q is not a quarter; write it like 2026Q4", clip(s))
	}
	y, q := m[1], m[2]
	if y == "" {
		y, q = m[4], m[3]
	}
	year, _ := strconv.Atoi(y)
	quarter, _ := strconv.Atoi(q)
	if year < 2000 || year > 2199 {
		return Period{}, Errorf(EINVALID, "period %s is out of range (years 2000 to 2199)", clip(s))
	}
	return Period{Year: year, Quarter: quarter}, nil
}

// PeriodOf returns the quarter day d falls in (zero for the empty date).
func PeriodOf(d Date) Period {
	t := d.Time(time.UTC)
	if t.IsZero() {
		return Period{}
	}
	return Period{Year: t.Year(), Quarter: (int(t.Month())-1)/3 + 1}
}

// IsZero reports whether p is no period.
func (p Period) IsZero() bool { return p.Quarter == 0 }

// String is the period's id: "2026Q4".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%dQ%d", p.Year, p.Quarter)
}

// Label is the period as a heading says it: "Q4 2026".
func (p Period) Label() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("Q%d %d", p.Quarter, p.Year)
}

// First is the period's first day.
func (p Period) First() Date {
	return DateOf(time.Date(p.Year, time.Month(3*(p.Quarter-1)+1), 1, 0, 0, 0, 0, time.UTC))
}

// Last is the period's last day.
func (p Period) Last() Date { return p.Next().First().AddDays(-1) }

// Next is the quarter after p.
func (p Period) Next() Period {
	if p.Quarter == 4 {
		return Period{Year: p.Year + 1, Quarter: 1}
	}
	return Period{Year: p.Year, Quarter: p.Quarter + 1}
}

// Prev is the quarter before p.
func (p Period) Prev() Period {
	if p.Quarter == 1 {
		return Period{Year: p.Year - 1, Quarter: 4}
	}
	return Period{Year: p.Year, Quarter: p.Quarter - 1}
}

// Before reports whether p is an earlier quarter than o.
func (p Period) Before(o Period) bool {
	return p.Year < o.Year || p.Year == o.Year && p.Quarter < o.Quarter
}

// Contains reports whether day d is in the period.
func (p Period) Contains(d Date) bool {
	return d != "" && !p.IsZero() && !d.Before(p.First()) && !p.Last().Before(d)
}

// Start is the instant the period begins in loc: midnight of its first day.
func (p Period) Start(loc *time.Location) time.Time { return p.First().Time(loc) }

// End is the instant the period ends in loc: midnight of the next
// quarter's first day (exclusive).
func (p Period) End(loc *time.Location) time.Time { return p.Next().First().Time(loc) }

package meeting

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Shadowing is time a leader spent with customers (the seed's "Leader
// shadowing hours": sitting with support, on sales calls, watching a
// customer use the product), logged by the leader.
type Shadowing struct {
	ID        string    `json:"id"`     // H1, H2, …
	Handle    string    `json:"handle"` // who shadowed
	Date      Date      `json:"date"`
	Minutes   int       `json:"minutes"`
	Customer  string    `json:"customer,omitempty"` // who was shadowed: a customer or segment
	Note      string    `json:"note,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Bounds on the shadowing log, so that nobody can grow it without limit.
const (
	MinShadowMinutes  = 15      // the shortest stretch worth logging
	MaxShadowPerDay   = 12 * 60 // one person, one day
	MaxShadowDaysBack = 366     // how far back an entry may be dated
)

var durationRe = regexp.MustCompile(`^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$`)

// ParseShadowDuration reads a duration as people say it: 2h, 1.5h, 90m,
// 1h30m, 2 hours.
func ParseShadowDuration(s string) (int, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	m := durationRe.FindStringSubmatch(in)
	if in == "" || m == nil || (m[1] == "" && m[2] == "") {
		return 0, Errorf(EINVALID, "%q is not a duration; try 2h, 90m or 1h30m", clip(s))
	}
	var total float64
	if m[1] != "" {
		h, err := strconv.ParseFloat(m[1], 64)
		if err != nil || h > 24 {
			return 0, Errorf(EINVALID, "%q is more than a day", clip(s))
		}
		total += h * 60
	}
	if m[2] != "" {
		n, err := strconv.Atoi(m[2])
		if err != nil || n > 24*60 {
			return 0, Errorf(EINVALID, "%q is more than a day", clip(s))
		}
		total += float64(n)
	}
	mins := int(math.Round(total))
	switch {
	case mins < MinShadowMinutes:
		return 0, Errorf(EINVALID, "log at least %d minutes of shadowing", MinShadowMinutes)
	case mins > MaxShadowPerDay:
		return 0, Errorf(EINVALID, "at most %d hours of shadowing a day", MaxShadowPerDay/60)
	}
	return mins, nil
}

// ShadowingInput is what a person types to log shadowing.
type ShadowingInput struct {
	Duration string // 2h, 90m
	Date     string // YYYY-MM-DD, today, yesterday; empty: today
	Customer string
	Note     string
}

// NewShadowing validates input into a log entry for handle, made now.
func NewShadowing(in ShadowingInput, handle string, now time.Time) (*Shadowing, error) {
	mins, err := ParseShadowDuration(in.Duration)
	if err != nil {
		return nil, err
	}
	x := &Shadowing{Handle: handle, Minutes: mins, CreatedBy: handle, CreatedAt: now}
	today := DateOf(now)
	switch d := lower(in.Date); d {
	case "", "today":
		x.Date = today
	case "yesterday":
		x.Date = today.AddDays(-1)
	default:
		if x.Date, err = ParseDate(d); err != nil {
			return nil, err
		}
	}
	switch {
	case today.Before(x.Date):
		return nil, Errorf(EINVALID, "shadowing on %s has not happened yet", x.Date)
	case x.Date.DaysUntil(today) > MaxShadowDaysBack:
		return nil, Errorf(EINVALID, "shadowing on %s is more than a year ago", x.Date)
	}
	if x.Customer, err = line("customer", in.Customer, MaxName, false); err != nil {
		return nil, err
	}
	if x.Note, err = line("note", in.Note, MaxLine, false); err != nil {
		return nil, err
	}
	return x, x.Validate()
}

// Hours is the entry's time in hours.
func (s *Shadowing) Hours() float64 { return float64(s.Minutes) / 60 }

// Validate checks a log entry before it is stored.
func (s *Shadowing) Validate() error {
	var c check
	c.id("shadowing", 'H', s.ID)
	c.handle("who shadowed", s.Handle, true)
	c.date("shadowing date", s.Date, true)
	if c.err == nil && (s.Minutes < MinShadowMinutes || s.Minutes > MaxShadowPerDay) {
		c.fail("a shadowing entry lasts %d minutes to %d hours", MinShadowMinutes, MaxShadowPerDay/60)
	}
	c.line("customer", s.Customer, MaxName, false)
	c.line("note", s.Note, MaxLine, false)
	c.handle("created by", s.CreatedBy, false)
	return c.err
}

// ShadowingFilter narrows the shadowing log.
type ShadowingFilter struct {
	Handle   string
	From, To Date // inclusive; empty: open
}

// Match reports whether s passes the filter.
func (f ShadowingFilter) Match(s *Shadowing) bool {
	switch {
	case f.Handle != "" && !equalFold(f.Handle, s.Handle):
		return false
	case f.From != "" && s.Date.Before(f.From):
		return false
	case f.To != "" && f.To.Before(s.Date):
		return false
	}
	return true
}

// ShadowingStore keeps the shadowing log.
type ShadowingStore interface {
	CreateShadowing(ctx context.Context, s *Shadowing) error
	Shadowing(ctx context.Context, id string) (*Shadowing, error)
	Shadowings(ctx context.Context, f ShadowingFilter) ([]*Shadowing, error) // by date, then id
}

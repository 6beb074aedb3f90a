package meeting

import (
	"math"
	"regexp"
)

// Bounds on the lists a record holds, so that no record (and no store
// transaction writing it) grows without limit however often a stranger
// repeats a command.
const (
	MaxHistory   = 500  // status changes of one action
	MaxVotes     = 1000 // dot-votes on one issue
	MaxLinks     = 1000 // actions linked to one issue or GUIDE session
	MaxInvited   = 500  // people invited to one meeting or series
	MaxAttendees = 1000 // people who joined one meeting
	MaxCarried   = 5000 // earlier actions one meeting walks
	MaxReviews   = 2000 // review outcomes recorded in one meeting
	MaxSegments  = 50   // segments of a meeting's agenda
	MaxOptions   = 10   // options considered for one decision
	MaxRecipient = 50   // people a decision was communicated to
	MaxMetrics   = 20   // metrics of one journey
	MaxReadings  = 1000 // metric readings of one journey
	maxTitle     = 2*MaxLine + MaxName
)

var idRe = regexp.MustCompile(`^[A-Z][0-9]{1,18}$`)

// check gathers the first problem found in a record. Every method is a
// no-op once a problem is found, so a Validate reads as a list of rules.
type check struct{ err error }

func (c *check) fail(format string, args ...any) {
	if c.err == nil {
		c.err = Errorf(EINVALID, format, args...)
	}
}

// text checks a stored text field: within max runes and exactly what the
// sanitiser makes of it (no escape sequences, control or invisible
// characters, no stray spaces; single-line unless multiline).
func (c *check) text(field, s string, max int, required, multiline bool) {
	if c.err != nil {
		return
	}
	out, cut := clean(s, max, multiline)
	switch {
	case required && s == "":
		c.fail("%s is required", field)
	case cut:
		c.fail("%s is longer than %d characters", field, max)
	case out != s:
		c.fail("%s holds control characters, escape sequences or stray spaces", field)
	}
}

func (c *check) line(field, s string, max int, required bool) {
	c.text(field, s, max, required, false)
}

func (c *check) multi(field, s string, max int, required bool) {
	c.text(field, s, max, required, true)
}

// id checks a record's own id: empty (not stored yet) or prefix + number.
func (c *check) id(word string, prefix byte, id string) {
	if c.err == nil && id != "" && (!idRe.MatchString(id) || id[0] != prefix) {
		c.fail("%s id %q is not %c followed by a number", word, clip(id), prefix)
	}
}

// ref checks an optional reference to another record.
func (c *check) ref(field string, prefix byte, id string) {
	if c.err == nil && id != "" && (!idRe.MatchString(id) || id[0] != prefix) {
		c.fail("%s %q is not a %c id", field, clip(id), prefix)
	}
}

func (c *check) refs(field string, prefix byte, ids []string, max int) {
	c.count(field, len(ids), max)
	for _, id := range ids {
		if c.err != nil {
			return
		}
		if id == "" {
			c.fail("%s holds an empty id", field)
		}
		c.ref(field, prefix, id)
	}
}

func (c *check) date(field string, d Date, required bool) {
	switch {
	case c.err != nil:
	case d == "" && required:
		c.fail("%s is required", field)
	case !d.Valid():
		c.fail("%s %q is not a date", field, clip(string(d)))
	}
}

func (c *check) count(what string, n, max int) {
	if c.err == nil && n > max {
		c.fail("%s holds more than %d entries", what, max)
	}
}

func (c *check) finite(field string, v float64) {
	if c.err == nil && (math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12) {
		c.fail("%s is not a number in range", field)
	}
}

func (c *check) handle(field, s string, required bool) { c.line(field, s, MaxName, required) }

func (c *check) role(field string, r Role) {
	if c.err == nil {
		if _, err := ParseRole(string(r)); err != nil || string(r) != lower(string(r)) {
			c.fail("%s %q is not facilitator, member or observer", field, clip(string(r)))
		}
	}
}

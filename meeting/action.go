package meeting

import (
	"slices"
	"strings"
	"time"
)

// Status is where an action stands.
type Status string

const (
	StatusOpen      Status = "open"
	StatusDone      Status = "done"
	StatusBlocked   Status = "blocked"
	StatusEscalated Status = "escalated"
	StatusDropped   Status = "dropped"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusOpen, StatusBlocked, StatusEscalated, StatusDone, StatusDropped}

// ParseStatus accepts a status name ("on-track" is an alias of open).
func ParseStatus(s string) (Status, error) {
	switch st := Status(lower(s)); st {
	case StatusOpen, StatusDone, StatusBlocked, StatusEscalated, StatusDropped:
		return st, nil
	case "on-track", "ontrack", "on_track":
		return StatusOpen, nil
	}
	return "", Errorf(EINVALID, "status %q is not one of open, done, blocked, escalated, dropped", clip(s))
}

// Active reports whether the action still needs work (open, blocked or
// escalated): these are what a series carries into its next meeting.
func (s Status) Active() bool {
	return s == StatusOpen || s == StatusBlocked || s == StatusEscalated
}

// Change is one entry of an action's history: who changed what, when. A
// change with From == To is a check-in ("on track") made during a review.
type Change struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	From Status    `json:"from,omitempty"`
	To   Status    `json:"to"`
	Note string    `json:"note,omitempty"`
}

// Action is a commitment made out loud: text, owner, due date.
type Action struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Owner     string    `json:"owner"`
	External  bool      `json:"owner_external,omitempty"` // the owner is not on the team: Owner is their name as typed
	Due       Date      `json:"due"`
	Status    Status    `json:"status"`
	History   []Change  `json:"history"`
	MeetingID string    `json:"meeting_id,omitempty"`
	SeriesID  string    `json:"series_id,omitempty"`
	Segment   string    `json:"segment,omitempty"` // title of the segment it came from
	IssueID   string    `json:"issue_id,omitempty"`
	GuideID   string    `json:"guide_id,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Overdue reports whether the action is still active and its due date is
// before today.
func (a *Action) Overdue(today Date) bool {
	return a.Status.Active() && a.Due.Before(today)
}

// Clone returns a deep copy (records published in a snapshot are never
// mutated; changes go to a copy).
func (a *Action) Clone() *Action {
	c := *a
	c.History = slices.Clone(a.History)
	return &c
}

// NewAction builds a validated action from what a person typed. due is
// parsed with ParseDue against now. An owner starting with ExternalMark
// ("+Bob Jones") is someone outside the team; the owner is resolved to a
// team handle by OwnerDirectory.ResolveOwner.
func NewAction(textIn, owner, due string, by string, now time.Time) (*Action, error) {
	a := &Action{Status: StatusOpen, CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	var err error
	if a.Text, err = line("action text", textIn, MaxLine, true); err != nil {
		return nil, err
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(owner), ExternalMark); ok {
		owner, a.External = rest, true
	}
	if a.Owner, err = ownerField(owner); err != nil {
		return nil, err
	}
	d, err := ParseDue(due, now)
	if err != nil {
		return nil, err
	}
	a.Due = d
	a.History = []Change{{At: now, By: by, To: StatusOpen, Note: "created"}}
	return a, a.Validate()
}

// Validate checks an action read from anywhere (a store, an import).
func (a *Action) Validate() error {
	switch {
	case a.Text == "":
		return Errorf(EINVALID, "action text is required")
	case runeLen(a.Text) > MaxLine:
		return Errorf(EINVALID, "action text is longer than %d characters", MaxLine)
	case a.Owner == "":
		return Errorf(EINVALID, "every action needs an owner")
	case runeLen(a.Owner) > MaxName:
		return Errorf(EINVALID, "owner is longer than %d characters", MaxName)
	case a.Due == "":
		return Errorf(EINVALID, "every action needs a due date")
	case !a.Due.Valid():
		return Errorf(EINVALID, "due date %q is not a date", clip(string(a.Due)))
	}
	if st, err := ParseStatus(string(a.Status)); err != nil {
		return err
	} else if st != a.Status {
		return Errorf(EINVALID, "status %q is not one of open, done, blocked, escalated, dropped", clip(string(a.Status)))
	}
	var c check
	c.id("action", 'A', a.ID)
	c.line("action text", a.Text, MaxLine, true)
	c.handle("owner", a.Owner, true)
	c.ref("meeting", 'M', a.MeetingID)
	c.ref("series", 'R', a.SeriesID)
	c.ref("issue", 'I', a.IssueID)
	c.ref("GUIDE session", 'G', a.GuideID)
	c.line("segment", a.Segment, MaxLine, false)
	c.handle("created by", a.CreatedBy, false)
	c.count("the action's history", len(a.History), MaxHistory)
	for _, h := range a.History {
		c.handle("changed by", h.By, false)
		c.line("note", h.Note, MaxLine, false)
		for _, st := range []Status{h.From, h.To} {
			if c.err == nil && st != "" && !slices.Contains(Statuses, st) {
				c.fail("history status %q is not one of open, done, blocked, escalated, dropped", clip(string(st)))
			}
		}
	}
	return c.err
}

// SetStatus moves the action to status st and records who did it and why.
// Blocked needs what unblocks it; escalated needs to whom. A change to the
// same status is a check-in and is recorded too.
func (a *Action) SetStatus(st Status, note, by string, now time.Time) error {
	// Normalise first ("BLOCKED", "on-track"): the rules below and the stored
	// status see the canonical name.
	st, err := ParseStatus(string(st))
	if err != nil {
		return err
	}
	if note, err = line("note", note, MaxLine, false); err != nil {
		return err
	}
	switch {
	case st == StatusBlocked && note == "":
		return Errorf(EINVALID, "a blocked action needs a note saying what would unblock it")
	case st == StatusEscalated && note == "":
		return Errorf(EINVALID, "an escalated action needs a note saying to whom")
	}
	a.History = append(a.History, Change{At: now, By: by, From: a.Status, To: st, Note: note})
	a.Status = st
	a.UpdatedAt = now
	return nil
}

// LastChange returns the latest history entry (zero if none).
func (a *Action) LastChange() Change {
	if len(a.History) == 0 {
		return Change{}
	}
	return a.History[len(a.History)-1]
}

// ActionFilter narrows an action query. Zero fields match everything.
type ActionFilter struct {
	Owner     string
	Status    Status // exact status
	Active    bool   // open, blocked or escalated
	OverdueOn Date   // active and due before this day
	MeetingID string
	SeriesID  string
	IssueID   string
	// Offset and Limit ask for a page of the list, in its order (by due
	// date, then id): Limit actions from the Offset-th (Limit 0: all of
	// them from there). Counts ignore them.
	Offset, Limit int
}

// Match reports whether a passes the filter (its page aside); stores use it
// after narrowing by an index, so every filter is applied the same way
// everywhere.
func (f ActionFilter) Match(a *Action) bool {
	switch {
	case f.Owner != "" && !equalFold(a.Owner, f.Owner):
		return false
	case f.Status != "" && a.Status != f.Status:
		return false
	case f.Active && !a.Status.Active():
		return false
	case f.OverdueOn != "" && !a.Overdue(f.OverdueOn):
		return false
	case f.MeetingID != "" && a.MeetingID != f.MeetingID:
		return false
	case f.SeriesID != "" && a.SeriesID != f.SeriesID:
		return false
	case f.IssueID != "" && a.IssueID != f.IssueID:
		return false
	}
	return true
}

// SortActions orders actions by due date, then id number.
func SortActions(as []*Action) {
	slices.SortStableFunc(as, func(a, b *Action) int {
		if a.Due != b.Due {
			if a.Due < b.Due {
				return -1
			}
			return 1
		}
		return CompareIDs(a.ID, b.ID)
	})
}

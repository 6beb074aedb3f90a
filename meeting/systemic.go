package meeting

import (
	"context"
	"slices"
	"time"
)

// MaxSystemic bounds the systemic issues one QBR holds (its own and those
// carried unresolved).
const MaxSystemic = 200

// Systemic is a systemic issue the QBR identifies while reviewing every
// critical journey: not a VOC issue (no votes, no dashboard signal, not in
// the VOC response rate) but the seed's chain from the issue to its root
// cause, the owner who takes it on and the roadmap item that fixes it.
type Systemic struct {
	ID        string    `json:"id"`    // Y and a number
	Issue     string    `json:"issue"` // what keeps going wrong across journeys
	RootCause string    `json:"root_cause,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	Roadmap   string    `json:"roadmap_item,omitempty"` // the roadmap item that addresses it
	JourneyID string    `json:"journey_id,omitempty"`   // the journey it shows most in
	Resolved  bool      `json:"resolved,omitempty"`
	MeetingID string    `json:"meeting_id,omitempty"` // the QBR that identified it
	SeriesID  string    `json:"series_id,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SystemicInput is what a person types for a systemic issue. Resolved is
// "yes", "no" or empty (unchanged).
type SystemicInput struct {
	Issue, RootCause, Owner, Roadmap, JourneyID, Resolved string
}

// NewSystemic validates input into a systemic issue.
func NewSystemic(in SystemicInput, by string, now time.Time) (*Systemic, error) {
	s := &Systemic{CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	return s, s.apply(in, true)
}

// Edit applies the non-empty fields of in.
func (s *Systemic) Edit(in SystemicInput, now time.Time) error {
	c := *s
	if err := c.apply(in, false); err != nil {
		return err
	}
	c.UpdatedAt = now
	*s = c
	return nil
}

func (s *Systemic) apply(in SystemicInput, create bool) error {
	var err error
	set := func(dst *string, name, raw string, max int, required bool) {
		if err != nil || (!create && raw == "") {
			return
		}
		*dst, err = line(name, raw, max, required)
	}
	set(&s.Issue, "systemic issue", in.Issue, MaxLine, create)
	set(&s.RootCause, "root cause", in.RootCause, MaxLine, false)
	set(&s.Roadmap, "roadmap item", in.Roadmap, MaxLine, false)
	if err != nil {
		return err
	}
	if in.Owner != "" || create {
		s.Owner = CleanOwner(in.Owner)
	}
	if in.JourneyID != "" {
		s.JourneyID = NormalizeID(in.JourneyID)
	}
	switch lower(in.Resolved) {
	case "":
	case "yes", "y", "true", "resolved":
		s.Resolved = true
	case "no", "n", "false", "open":
		s.Resolved = false
	default:
		return Errorf(EINVALID, "resolved %q is not yes or no", clip(in.Resolved))
	}
	return nil
}

// Traced reports whether the chain is complete: a root cause, an owner and
// a roadmap item.
func (s *Systemic) Traced() bool { return s.RootCause != "" && s.Owner != "" && s.Roadmap != "" }

// SystemicFilter narrows a query of systemic issues.
type SystemicFilter struct {
	MeetingID  string
	SeriesID   string
	Unresolved bool
}

// Match reports whether s passes the filter.
func (f SystemicFilter) Match(s *Systemic) bool {
	switch {
	case f.MeetingID != "" && s.MeetingID != f.MeetingID:
		return false
	case f.SeriesID != "" && s.SeriesID != f.SeriesID:
		return false
	case f.Unresolved && s.Resolved:
		return false
	}
	return true
}

// Validate checks a systemic issue before it is stored.
func (s *Systemic) Validate() error {
	var c check
	c.id("systemic issue", 'Y', s.ID)
	c.line("systemic issue", s.Issue, MaxLine, true)
	c.line("root cause", s.RootCause, MaxLine, false)
	c.handle("owner", s.Owner, false)
	c.line("roadmap item", s.Roadmap, MaxLine, false)
	c.ref("journey", 'J', s.JourneyID)
	c.ref("meeting", 'M', s.MeetingID)
	c.ref("series", 'R', s.SeriesID)
	c.handle("created by", s.CreatedBy, false)
	return c.err
}

// SystemicStore keeps systemic issues.
type SystemicStore interface {
	CreateSystemic(ctx context.Context, s *Systemic) error
	UpdateSystemic(ctx context.Context, id string, fn func(*Systemic) error) (*Systemic, error)
	Systemic(ctx context.Context, id string) (*Systemic, error)
	Systemics(ctx context.Context, f SystemicFilter) ([]*Systemic, error) // by id
}

// loadQBR reads what a QBR reviews: its systemic issues (identified here,
// or carried unresolved from earlier meetings of the series) and, when its
// agenda reviews every journey, all of them.
func loadQBR(ctx context.Context, s Tx, m *Meeting, b *Bundle) error {
	var err error
	if b.Systemic, err = s.Systemics(ctx, SystemicFilter{MeetingID: m.ID}); err != nil {
		return err
	}
	if m.SeriesID != "" {
		earlier, err := s.Systemics(ctx, SystemicFilter{SeriesID: m.SeriesID, Unresolved: true})
		if err != nil {
			return err
		}
		for _, x := range earlier {
			if x.MeetingID != m.ID && x.CreatedAt.Before(m.CreatedAt) {
				b.Systemic = append(b.Systemic, x)
			}
		}
		sortByID(b.Systemic, func(x *Systemic) string { return x.ID })
	}
	for _, seg := range m.Agenda.Segments {
		if seg.Has(KindJourneys) {
			b.Journeys, err = s.Journeys(ctx)
			return err
		}
	}
	return nil
}

// sortByID orders records by id number (Y2 before Y10).
func sortByID[T any](xs []T, id func(T) string) {
	slices.SortStableFunc(xs, func(a, b T) int { return CompareIDs(id(a), id(b)) })
}

package meeting

import (
	"context"
	"time"
)

// The journey review's improvement pipeline (Template 1, part 3): the
// initiatives in progress with their status and expected impact, and the
// experiments proposed with their effort, impact and the decision taken on
// them. Both belong to a journey and are carried from one review of that
// journey to the next until they are finished.

// MaxPipeline bounds a journey review's pipeline (initiatives and
// experiments carried or added): a review adds none beyond it, so what
// every later review of the journey loads stays bounded.
const MaxPipeline = 200

// InitiativeStatus is where an initiative stands.
type InitiativeStatus string

const (
	InitiativePlanned    InitiativeStatus = "planned"
	InitiativeInProgress InitiativeStatus = "in-progress"
	InitiativeBlocked    InitiativeStatus = "blocked"
	InitiativeDone       InitiativeStatus = "done"
	InitiativeStopped    InitiativeStatus = "stopped"
)

// InitiativeStatuses lists every status in the order a form offers them.
var InitiativeStatuses = []InitiativeStatus{InitiativePlanned, InitiativeInProgress, InitiativeBlocked, InitiativeDone, InitiativeStopped}

// ParseInitiativeStatus accepts a status name ("in progress" too); empty
// is in-progress.
func ParseInitiativeStatus(s string) (InitiativeStatus, error) {
	switch st := InitiativeStatus(lower(s)); st {
	case "", "in progress", "inprogress", "wip":
		return InitiativeInProgress, nil
	case InitiativePlanned, InitiativeInProgress, InitiativeBlocked, InitiativeDone, InitiativeStopped:
		return st, nil
	}
	return "", Errorf(EINVALID, "initiative status %q is not planned, in-progress, blocked, done or stopped", clip(s))
}

// Active reports whether the initiative is still carried to the next review.
func (s InitiativeStatus) Active() bool { return s != InitiativeDone && s != InitiativeStopped }

// Initiative is work under way on a journey ("Initiative A: [Status,
// expected impact]").
type Initiative struct {
	ID             string           `json:"id"` // N and a number
	JourneyID      string           `json:"journey_id"`
	Title          string           `json:"title"`
	Status         InitiativeStatus `json:"status"`
	ExpectedImpact string           `json:"expected_impact,omitempty"`
	Needs          string           `json:"needs,omitempty"` // resource needs: budget, people, dependencies
	Owner          string           `json:"owner,omitempty"`
	Note           string           `json:"note,omitempty"`       // the latest word on its status
	MeetingID      string           `json:"meeting_id,omitempty"` // the review that started it
	UpdatedIn      string           `json:"updated_in,omitempty"` // the review that last changed it
	CreatedBy      string           `json:"created_by"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
}

// InitiativeInput is what a person types for an initiative; empty fields
// are left as they are when editing.
type InitiativeInput struct {
	Title, Status, ExpectedImpact, Needs, Owner, Note string
}

// NewInitiative validates input into an initiative of journey.
func NewInitiative(journey string, in InitiativeInput, by string, now time.Time) (*Initiative, error) {
	x := &Initiative{JourneyID: journey, CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	return x, x.apply(in, true)
}

// Edit applies the non-empty fields of in.
func (x *Initiative) Edit(in InitiativeInput, now time.Time) error {
	c := *x
	if err := c.apply(in, false); err != nil {
		return err
	}
	c.UpdatedAt = now
	*x = c
	return nil
}

func (x *Initiative) apply(in InitiativeInput, create bool) error {
	var err error
	set := func(dst *string, name, raw string, required bool) {
		if err != nil || (!create && raw == "") {
			return
		}
		*dst, err = line(name, raw, MaxLine, required)
	}
	set(&x.Title, "initiative", in.Title, create)
	set(&x.ExpectedImpact, "expected impact", in.ExpectedImpact, false)
	set(&x.Needs, "resource needs", in.Needs, false)
	set(&x.Note, "status note", in.Note, false)
	if err != nil {
		return err
	}
	if in.Owner != "" || create {
		x.Owner = CleanOwner(in.Owner)
	}
	if in.Status != "" || create {
		x.Status, err = ParseInitiativeStatus(in.Status)
	}
	return err
}

// Validate checks an initiative before it is stored.
func (x *Initiative) Validate() error {
	var c check
	c.id("initiative", 'N', x.ID)
	c.ref("journey", 'J', x.JourneyID)
	if c.err == nil && x.JourneyID == "" {
		c.fail("an initiative belongs to a journey")
	}
	c.line("initiative", x.Title, MaxLine, true)
	if st, err := ParseInitiativeStatus(string(x.Status)); c.err == nil && (err != nil || st != x.Status) {
		c.fail("initiative status %q is not planned, in-progress, blocked, done or stopped", clip(string(x.Status)))
	}
	c.line("expected impact", x.ExpectedImpact, MaxLine, false)
	c.line("resource needs", x.Needs, MaxLine, false)
	c.handle("owner", x.Owner, false)
	c.line("status note", x.Note, MaxLine, false)
	c.ref("meeting", 'M', x.MeetingID)
	c.ref("updated in", 'M', x.UpdatedIn)
	c.handle("created by", x.CreatedBy, false)
	return c.err
}

// Level is a coarse size: an experiment's effort or impact.
type Level string

const (
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

// ParseLevel accepts low, medium or high (l, m, h, med); empty is allowed.
func ParseLevel(field, s string) (Level, error) {
	switch l := lower(s); l {
	case "":
		return "", nil
	case "low", "l", "s", "small":
		return LevelLow, nil
	case "medium", "m", "med":
		return LevelMedium, nil
	case "high", "h", "large":
		return LevelHigh, nil
	}
	return "", Errorf(EINVALID, "%s %q is not low, medium or high", field, clip(s))
}

// ExperimentDecision is what a review decided about a proposed experiment.
type ExperimentDecision string

const (
	ExperimentProposed ExperimentDecision = ""         // not decided yet
	ExperimentApproved ExperimentDecision = "approved" // run it
	ExperimentDeferred ExperimentDecision = "deferred" // not now: carried to the next review
	ExperimentRejected ExperimentDecision = "rejected" // not doing it
)

// ParseExperimentDecision accepts approved, deferred, rejected, or
// proposed/empty for undecided.
func ParseExperimentDecision(s string) (ExperimentDecision, error) {
	switch d := ExperimentDecision(lower(s)); d {
	case "", "proposed", "undecided", "pending":
		return ExperimentProposed, nil
	case ExperimentApproved, ExperimentDeferred, ExperimentRejected:
		return d, nil
	case "approve":
		return ExperimentApproved, nil
	case "defer":
		return ExperimentDeferred, nil
	case "reject":
		return ExperimentRejected, nil
	}
	return "", Errorf(EINVALID, "decision %q is not approved, deferred, rejected or proposed", clip(s))
}

// Experiment is a proposed experiment or fix ("Idea 1: [Description,
// effort, impact]") and the decision on it. An approved experiment is
// carried until its result is recorded; a deferred one until it is
// decided again.
type Experiment struct {
	ID        string             `json:"id"` // X and a number
	JourneyID string             `json:"journey_id"`
	Title     string             `json:"title"` // the idea
	Effort    Level              `json:"effort,omitempty"`
	Impact    Level              `json:"impact,omitempty"`
	Decision  ExperimentDecision `json:"decision,omitempty"` // empty: proposed, undecided
	Why       string             `json:"why,omitempty"`      // the decision's reason
	Needs     string             `json:"needs,omitempty"`    // resource needs
	Owner     string             `json:"owner,omitempty"`
	Result    string             `json:"result,omitempty"`     // what it showed, once run
	MeetingID string             `json:"meeting_id,omitempty"` // the review that proposed it
	DecidedIn string             `json:"decided_in,omitempty"` // the review that decided it
	CreatedBy string             `json:"created_by"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// ExperimentInput is what a person types for an experiment; empty fields
// are left as they are when editing (Decision "proposed" undoes one).
type ExperimentInput struct {
	Title, Effort, Impact, Decision, Why, Needs, Owner, Result string
}

// NewExperiment validates input into a proposed experiment of journey.
func NewExperiment(journey string, in ExperimentInput, by string, now time.Time) (*Experiment, error) {
	x := &Experiment{JourneyID: journey, CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	return x, x.apply(in, true)
}

// Edit applies the non-empty fields of in.
func (x *Experiment) Edit(in ExperimentInput, now time.Time) error {
	c := *x
	if err := c.apply(in, false); err != nil {
		return err
	}
	c.UpdatedAt = now
	*x = c
	return nil
}

func (x *Experiment) apply(in ExperimentInput, create bool) error {
	var err error
	set := func(dst *string, name, raw string, required bool) {
		if err != nil || (!create && raw == "") {
			return
		}
		*dst, err = line(name, raw, MaxLine, required)
	}
	set(&x.Title, "experiment", in.Title, create)
	set(&x.Why, "reason", in.Why, false)
	set(&x.Needs, "resource needs", in.Needs, false)
	set(&x.Result, "result", in.Result, false)
	if err != nil {
		return err
	}
	if in.Owner != "" || create {
		x.Owner = CleanOwner(in.Owner)
	}
	if in.Effort != "" || create {
		if x.Effort, err = ParseLevel("effort", in.Effort); err != nil {
			return err
		}
	}
	if in.Impact != "" || create {
		if x.Impact, err = ParseLevel("impact", in.Impact); err != nil {
			return err
		}
	}
	if in.Decision != "" || create {
		x.Decision, err = ParseExperimentDecision(in.Decision)
	}
	return err
}

// Open reports whether the experiment is carried to the next review:
// undecided, deferred, or approved without a result yet.
func (x *Experiment) Open() bool {
	switch x.Decision {
	case ExperimentProposed, ExperimentDeferred:
		return true
	case ExperimentApproved:
		return x.Result == ""
	}
	return false
}

// Validate checks an experiment before it is stored.
func (x *Experiment) Validate() error {
	var c check
	c.id("experiment", 'X', x.ID)
	c.ref("journey", 'J', x.JourneyID)
	if c.err == nil && x.JourneyID == "" {
		c.fail("an experiment belongs to a journey")
	}
	c.line("experiment", x.Title, MaxLine, true)
	for _, l := range []struct {
		name string
		v    Level
	}{{"effort", x.Effort}, {"impact", x.Impact}} {
		if v, err := ParseLevel(l.name, string(l.v)); c.err == nil && (err != nil || v != l.v) {
			c.fail("%s %q is not low, medium or high", l.name, clip(string(l.v)))
		}
	}
	if d, err := ParseExperimentDecision(string(x.Decision)); c.err == nil && (err != nil || d != x.Decision) {
		c.fail("decision %q is not approved, deferred or rejected", clip(string(x.Decision)))
	}
	c.line("reason", x.Why, MaxLine, false)
	c.line("resource needs", x.Needs, MaxLine, false)
	c.handle("owner", x.Owner, false)
	c.line("result", x.Result, MaxLine, false)
	c.ref("meeting", 'M', x.MeetingID)
	c.ref("decided in", 'M', x.DecidedIn)
	c.handle("created by", x.CreatedBy, false)
	return c.err
}

// PipelineFilter narrows a query of initiatives or experiments.
type PipelineFilter struct {
	JourneyID string
	MeetingID string // raised in this meeting
}

// MatchInitiative reports whether x passes the filter.
func (f PipelineFilter) MatchInitiative(x *Initiative) bool {
	return (f.JourneyID == "" || x.JourneyID == f.JourneyID) && (f.MeetingID == "" || x.MeetingID == f.MeetingID)
}

// MatchExperiment reports whether x passes the filter.
func (f PipelineFilter) MatchExperiment(x *Experiment) bool {
	return (f.JourneyID == "" || x.JourneyID == f.JourneyID) && (f.MeetingID == "" || x.MeetingID == f.MeetingID)
}

// PipelineStore keeps the improvement pipeline.
type PipelineStore interface {
	CreateInitiative(ctx context.Context, x *Initiative) error
	UpdateInitiative(ctx context.Context, id string, fn func(*Initiative) error) (*Initiative, error)
	Initiative(ctx context.Context, id string) (*Initiative, error)
	Initiatives(ctx context.Context, f PipelineFilter) ([]*Initiative, error) // by id
	CreateExperiment(ctx context.Context, x *Experiment) error
	UpdateExperiment(ctx context.Context, id string, fn func(*Experiment) error) (*Experiment, error)
	Experiment(ctx context.Context, id string) (*Experiment, error)
	Experiments(ctx context.Context, f PipelineFilter) ([]*Experiment, error) // by id
}

// loadPipeline reads a journey review's pipeline: what was open when the
// meeting started and what the meeting itself started, changed or decided.
func loadPipeline(ctx context.Context, s Tx, m *Meeting, b *Bundle) error {
	if m.JourneyID == "" {
		return nil
	}
	f := PipelineFilter{JourneyID: m.JourneyID}
	ins, err := s.Initiatives(ctx, f)
	if err != nil {
		return err
	}
	for _, x := range ins {
		if x.MeetingID == m.ID || x.UpdatedIn == m.ID || x.Status.Active() && x.CreatedAt.Before(m.CreatedAt) {
			b.Initiatives = append(b.Initiatives, x)
		}
	}
	exs, err := s.Experiments(ctx, f)
	if err != nil {
		return err
	}
	for _, x := range exs {
		if x.MeetingID == m.ID || x.DecidedIn == m.ID || x.Open() && x.CreatedAt.Before(m.CreatedAt) {
			b.Experiments = append(b.Experiments, x)
		}
	}
	return nil
}

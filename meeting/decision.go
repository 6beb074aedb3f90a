package meeting

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Option is one option considered for a decision (the seed's decision-log
// template: description, pros, cons, customer impact).
type Option struct {
	Description    string `json:"description"`
	Pros           string `json:"pros,omitempty"`
	Cons           string `json:"cons,omitempty"`
	CustomerImpact string `json:"customer_impact,omitempty"`
}

// Impact is a decision's expected impact.
type Impact struct {
	Customer string `json:"customer,omitempty"`
	Business string `json:"business,omitempty"`
	Metrics  string `json:"metrics,omitempty"`
}

// DecisionKind is how the journey review's "Decisions & commitments"
// segment files a decision.
type DecisionKind string

const (
	DecisionApproved DecisionKind = "approved"
	DecisionDeferred DecisionKind = "deferred"
	DecisionBlocker  DecisionKind = "blocker"
)

// Decision is a CX decision-log entry, following the seed's Template 2.
type Decision struct {
	ID             string          `json:"id"` // YYYY-MM-DD-NN, allocated per day by the store
	Date           Date            `json:"date"`
	Title          string          `json:"title"`
	MadeBy         string          `json:"made_by"`                // a handle, or a name for someone outside the team
	MadeByName     string          `json:"made_by_name,omitempty"` // the maker's name when it was recorded
	MadeByRole     string          `json:"made_by_role,omitempty"` // "Head of CX", "CX Leader + CFO"
	Major          bool            `json:"major,omitempty"`        // a major decision: the scorecard audits its documentation
	Context        string          `json:"context,omitempty"`
	Options        []Option        `json:"options,omitempty"`
	Decision       string          `json:"decision"`
	Rationale      string          `json:"rationale,omitempty"`
	Expected       Impact          `json:"expected_impact"`
	ReviewDate     Date            `json:"review_date,omitempty"`
	CommunicatedTo []string        `json:"communicated_to,omitempty"`
	CustomerStory  string          `json:"customer_story,omitempty"` // the customer story behind it: a library story (S12) or in a line
	Review         *DecisionReview `json:"review,omitempty"`         // what actually happened, recorded at the review date
	Kind           DecisionKind    `json:"kind,omitempty"`
	Owner          string          `json:"owner,omitempty"`    // approved: who does it
	Deadline       Date            `json:"deadline,omitempty"` // approved: by when
	MeetingID      string          `json:"meeting_id,omitempty"`
	SeriesID       string          `json:"series_id,omitempty"`
	JourneyID      string          `json:"journey_id,omitempty"`
	CreatedBy      string          `json:"created_by"`
	CreatedAt      time.Time       `json:"created_at"`
	// Proof of what was decided (meeting/signature.go, meeting/motion.go):
	// the people present when it was recorded or put up for sign-off or to
	// a vote (handles), the signatures made with their own SSH keys, and
	// the motion that carried or failed it.
	Present    []string            `json:"present,omitempty"`
	Signatures []DecisionSignature `json:"signatures,omitempty"`
	Motion     *MotionResult       `json:"motion,omitempty"`
}

var decisionIDRe = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(\d{2,})$`)

// DecisionID formats the n-th decision of day d.
func DecisionID(d Date, n int) string { return fmt.Sprintf("%s-%02d", d, n) }

// ParseDecisionID splits an id into its day and number.
func ParseDecisionID(id string) (Date, int, error) {
	m := decisionIDRe.FindStringSubmatch(id)
	if m == nil {
		return "", 0, Errorf(EINVALID, "decision id %q is not YYYY-MM-DD-NN", clip(id))
	}
	n, err := strconv.Atoi(m[2])
	if err != nil { // too many digits for an int
		return "", 0, Errorf(EINVALID, "decision id %q is not YYYY-MM-DD-NN", clip(id))
	}
	d, err := ParseDate(m[1])
	return d, n, err
}

// DecisionInput is what a person fills in to record a decision; strings are
// raw and untrusted.
type DecisionInput struct {
	Title, Context, Decision, Rationale string
	MadeBy, MadeByName, MadeByRole      string // MadeBy empty: the person recording it
	Major                               bool
	CustomerStory                       string
	Options                             []Option
	Customer, Business, Metrics         string
	ReviewDate                          string // any form ParseDue accepts; may be empty
	CommunicatedTo                      string // comma-separated
	Kind                                string
	Owner, Deadline                     string
}

// NewDecision validates input into a Decision made today by by.
func NewDecision(in DecisionInput, by string, now time.Time) (*Decision, error) {
	d := &Decision{Date: DateOf(now), MadeBy: by, CreatedBy: by, CreatedAt: now, Major: in.Major}
	var err error
	if m := CleanOwner(in.MadeBy); m != "" && !equalFold(m, by) {
		d.MadeBy, in.MadeByName = m, ""
	}
	fields := []struct {
		dst      *string
		name     string
		raw      string
		max      int
		required bool
		multi    bool
	}{
		{&d.Decision, "the decision", in.Decision, MaxLine * 2, true, true},
		{&d.Title, "title", in.Title, MaxLine, false, false},
		{&d.Context, "context", in.Context, MaxText, false, true},
		{&d.Rationale, "rationale", in.Rationale, MaxText, false, true},
		{&d.Expected.Customer, "customer impact", in.Customer, MaxLine, false, false},
		{&d.Expected.Business, "business impact", in.Business, MaxLine, false, false},
		{&d.Expected.Metrics, "metrics", in.Metrics, MaxLine, false, false},
		{&d.MadeByName, "made by (name)", in.MadeByName, MaxName, false, false},
		{&d.MadeByRole, "role", in.MadeByRole, MaxName, false, false},
		{&d.CustomerStory, "customer story", in.CustomerStory, MaxLine, false, false},
	}
	for _, f := range fields {
		if f.multi {
			*f.dst, err = text(f.name, f.raw, f.max, f.required)
		} else {
			*f.dst, err = line(f.name, f.raw, f.max, f.required)
		}
		if err != nil {
			return nil, err
		}
	}
	if d.Title == "" {
		d.Title = CleanLine(d.Decision, 80)
	}
	for i, o := range in.Options {
		var c Option
		if c.Description, err = line(fmt.Sprintf("option %d", i+1), o.Description, MaxLine, false); err != nil {
			return nil, err
		}
		if c.Description == "" {
			continue
		}
		c.Pros = CleanLine(o.Pros, MaxLine)
		c.Cons = CleanLine(o.Cons, MaxLine)
		c.CustomerImpact = CleanLine(o.CustomerImpact, MaxLine)
		d.Options = append(d.Options, c)
	}
	if len(d.Options) > MaxOptions {
		return nil, Errorf(EINVALID, "at most %d options per decision", MaxOptions)
	}
	if r := CleanLine(in.ReviewDate, 20); r != "" {
		if d.ReviewDate, err = ParseDue(r, now); err != nil {
			return nil, Errorf(EINVALID, "review %s", ErrorMessage(err))
		}
	}
	for _, p := range splitList(in.CommunicatedTo) {
		d.CommunicatedTo = append(d.CommunicatedTo, CleanLine(p, MaxName))
	}
	switch k := DecisionKind(lower(in.Kind)); k {
	case "", DecisionApproved, DecisionDeferred, DecisionBlocker:
		d.Kind = k
	default:
		return nil, Errorf(EINVALID, "decision kind %q is not approved, deferred or blocker", clip(in.Kind))
	}
	d.Owner = CleanOwner(in.Owner)
	if dl := CleanLine(in.Deadline, 20); dl != "" {
		if d.Deadline, err = ParseDue(dl, now); err != nil {
			return nil, Errorf(EINVALID, "deadline: %s", ErrorMessage(err))
		}
	}
	return d, nil
}

// Documented reports whether the decision meets the scorecard's bar for
// documentation: a rationale and a review date.
func (d *Decision) Documented() bool { return d.Rationale != "" && d.ReviewDate != "" }

// ReviewDue reports whether the decision's review date has come by today
// and the review is not recorded yet.
func (d *Decision) ReviewDue(today Date) bool {
	return d.ReviewDate != "" && d.Review == nil && !today.Before(d.ReviewDate)
}

// MakerName is who made the decision, as recorded: the name, else the
// handle (or the name typed for someone outside the team).
func (d *Decision) MakerName() string {
	if d.MadeByName != "" {
		return d.MadeByName
	}
	return d.MadeBy
}

// DecisionFilter narrows a decision query.
type DecisionFilter struct {
	MeetingID   string
	SeriesID    string
	JourneyID   string
	ReviewDueBy Date // review date on or before this day

	// Newest lists the newest first (by id: decision date, then number).
	Newest bool
	// Offset and Limit page the list: the store reads the ids from its
	// keys and decodes only the page, so the first screen of a log of
	// years costs a page. Limit 0 is all.
	Offset, Limit int
}

// Unpaged is the filter without its page.
func (f DecisionFilter) Unpaged() DecisionFilter {
	f.Offset, f.Limit = 0, 0
	return f
}

// Match reports whether d passes the filter.
func (f DecisionFilter) Match(d *Decision) bool {
	switch {
	case f.MeetingID != "" && d.MeetingID != f.MeetingID:
		return false
	case f.SeriesID != "" && d.SeriesID != f.SeriesID:
		return false
	case f.JourneyID != "" && d.JourneyID != f.JourneyID:
		return false
	case f.ReviewDueBy != "" && !d.ReviewDue(f.ReviewDueBy):
		return false
	}
	return true
}

// Validate checks a decision before it is stored. An empty id is one not
// stored yet; the store allocates YYYY-MM-DD-NN from Date.
func (d *Decision) Validate() error {
	var c check
	if d.ID != "" {
		if _, _, err := ParseDecisionID(d.ID); err != nil {
			return err
		}
	}
	c.date("decision date", d.Date, true)
	c.multi("the decision", d.Decision, MaxLine*2, true)
	c.line("title", d.Title, MaxLine, false)
	c.handle("made by", d.MadeBy, false)
	c.line("made by (name)", d.MadeByName, MaxName, false)
	c.line("role", d.MadeByRole, MaxName, false)
	c.line("customer story", d.CustomerStory, MaxLine, false)
	if d.Review != nil {
		c.err = firstErr(c.err, d.Review.Validate())
	}
	c.multi("context", d.Context, MaxText, false)
	c.multi("rationale", d.Rationale, MaxText, false)
	c.count("options", len(d.Options), MaxOptions)
	for _, o := range d.Options {
		c.line("option", o.Description, MaxLine, true)
		c.line("pros", o.Pros, MaxLine, false)
		c.line("cons", o.Cons, MaxLine, false)
		c.line("option customer impact", o.CustomerImpact, MaxLine, false)
	}
	c.line("customer impact", d.Expected.Customer, MaxLine, false)
	c.line("business impact", d.Expected.Business, MaxLine, false)
	c.line("metrics", d.Expected.Metrics, MaxLine, false)
	c.date("review date", d.ReviewDate, false)
	c.count("communicated to", len(d.CommunicatedTo), MaxRecipient)
	for _, p := range d.CommunicatedTo {
		c.handle("communicated to", p, true)
	}
	switch d.Kind {
	case "", DecisionApproved, DecisionDeferred, DecisionBlocker:
	default:
		c.fail("decision kind %q is not approved, deferred or blocker", clip(string(d.Kind)))
	}
	c.handle("owner", d.Owner, false)
	c.date("deadline", d.Deadline, false)
	c.ref("meeting", 'M', d.MeetingID)
	c.ref("series", 'R', d.SeriesID)
	c.ref("journey", 'J', d.JourneyID)
	c.handle("created by", d.CreatedBy, false)
	c.err = firstErr(c.err, d.validateProof())
	return c.err
}

package meeting

import (
	"math"
	"time"
)

// PromiseAction is the audit's verdict on a promise (the seed: fix, revise,
// retire, keep).
type PromiseAction string

const (
	PromiseFix    PromiseAction = "fix"
	PromiseRevise PromiseAction = "revise"
	PromiseRetire PromiseAction = "retire"
	PromiseKeep   PromiseAction = "keep"
)

// ParsePromiseAction accepts fix, revise, retire or keep (or empty).
func ParsePromiseAction(s string) (PromiseAction, error) {
	switch a := PromiseAction(lower(s)); a {
	case "", PromiseFix, PromiseRevise, PromiseRetire, PromiseKeep:
		return a, nil
	}
	return "", Errorf(EINVALID, "%q is not fix, revise, retire or keep", clip(s))
}

// Promise is a customer promise examined in a promise-proof audit.
type Promise struct {
	ID        string        `json:"id"`
	Promise   string        `json:"promise"`          // "24/7 support"
	Source    string        `json:"source,omitempty"` // marketing, product, service
	Evidence  string        `json:"evidence,omitempty"`
	Reality   string        `json:"reality,omitempty"`
	KeepRate  float64       `json:"keep_rate"` // % of time the promise is delivered, -1 unknown
	Gap       string        `json:"gap,omitempty"`
	Action    PromiseAction `json:"action,omitempty"`
	Owner     string        `json:"owner,omitempty"`
	MeetingID string        `json:"meeting_id,omitempty"`
	CreatedBy string        `json:"created_by"`
	CreatedAt time.Time     `json:"created_at"`
}

// PromiseInput is what a person types in an audit.
type PromiseInput struct {
	Promise, Source, Evidence, Reality, KeepRate, Gap, Action, Owner string
}

// NewPromise validates input into a promise.
func NewPromise(in PromiseInput, by string, now time.Time) (*Promise, error) {
	p := &Promise{CreatedBy: by, CreatedAt: now, KeepRate: -1}
	var err error
	if p.Promise, err = line("promise", in.Promise, MaxLine, true); err != nil {
		return nil, err
	}
	p.Source = CleanLine(in.Source, MaxName)
	if p.Evidence, err = line("evidence", in.Evidence, MaxLine, false); err != nil {
		return nil, err
	}
	if p.Reality, err = line("reality", in.Reality, MaxLine, false); err != nil {
		return nil, err
	}
	if p.Gap, err = line("gap", in.Gap, MaxLine, false); err != nil {
		return nil, err
	}
	if k := CleanLine(in.KeepRate, 20); k != "" {
		v, err := ParseMetricValue(Metric{Name: "promise-keep rate", Unit: "%"}, k)
		if err != nil {
			return nil, err
		}
		p.KeepRate = v
	}
	if p.Action, err = ParsePromiseAction(in.Action); err != nil {
		return nil, err
	}
	p.Owner = CleanOwner(in.Owner)
	return p, nil
}

// PromiseTarget is the seed's promise-keep target (90%+).
const PromiseTarget = 90.0

// GapPoints is how far the keep rate falls short of the target, or NaN if
// the rate is unknown.
func (p *Promise) GapPoints() float64 {
	if p.KeepRate < 0 {
		return math.NaN()
	}
	return math.Max(0, PromiseTarget-p.KeepRate)
}

// Validate checks a promise before it is stored.
func (p *Promise) Validate() error {
	var c check
	c.id("promise", 'P', p.ID)
	c.line("promise", p.Promise, MaxLine, true)
	c.line("source", p.Source, MaxName, false)
	c.line("evidence", p.Evidence, MaxLine, false)
	c.line("reality", p.Reality, MaxLine, false)
	c.line("gap", p.Gap, MaxLine, false)
	if c.err == nil && p.KeepRate != -1 && !(p.KeepRate >= 0 && p.KeepRate <= 100) {
		c.fail("promise-keep rate %v is not a percentage between 0 and 100", p.KeepRate)
	}
	if a, err := ParsePromiseAction(string(p.Action)); c.err == nil && (err != nil || a != p.Action) {
		c.fail("promise verdict %q is not fix, revise, retire or keep", clip(string(p.Action)))
	}
	c.handle("owner", p.Owner, false)
	c.ref("meeting", 'M', p.MeetingID)
	c.handle("created by", p.CreatedBy, false)
	return c.err
}

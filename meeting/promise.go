package meeting

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
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
	ID       string  `json:"id"`
	Promise  string  `json:"promise"`          // "24/7 support"
	Source   string  `json:"source,omitempty"` // marketing, product, service
	Evidence string  `json:"evidence,omitempty"`
	Reality  string  `json:"reality,omitempty"`
	KeepRate float64 `json:"keep_rate"` // % of time the promise is delivered, -1 unknown
	// Promised is what the promise itself states ("≤ 5 min"), Measured
	// what reality delivers ("12 min"): the gap is reality against the
	// promise, never against the audit's keep-rate target.
	Promised  *Quantity     `json:"promised,omitempty"`
	Measured  *Quantity     `json:"measured,omitempty"`
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
	Promised, Measured                                               string // "≤ 5 min", "12 min"
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
	if p.Promised, err = ParseQuantity("promised", in.Promised, true); err != nil {
		return nil, err
	}
	if p.Measured, err = ParseQuantity("measured", in.Measured, false); err != nil {
		return nil, err
	}
	if p.Action, err = ParsePromiseAction(in.Action); err != nil {
		return nil, err
	}
	p.Owner = CleanOwner(in.Owner)
	return p, nil
}

// PromiseTarget is the seed's promise-keep target (90%+) for the whole
// audit ("90%+ across all promises"): it is not each promise's baseline.
const PromiseTarget = 90.0

// Bound says which side of a promised amount keeps the promise.
type Bound string

const (
	AtMost  Bound = "at-most"  // "≤ 5 min", "within 2 hours"
	AtLeast Bound = "at-least" // "≥ 30 days"
)

// Quantity is an amount a promise states or reality measures.
type Quantity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`  // "min", "%", "days"
	Bound Bound   `json:"bound,omitempty"` // promised amounts: which side keeps it
}

// maxUnit bounds a quantity's unit.
const maxUnit = 16

// String is the quantity as people write it: "≤ 5 min", "12 min", "98%".
func (q Quantity) String() string {
	s := strconv.FormatFloat(q.Value, 'f', -1, 64)
	switch {
	case q.Unit == "%":
		s += "%"
	case q.Unit != "":
		s += " " + q.Unit
	}
	switch q.Bound {
	case AtMost:
		s = "≤ " + s
	case AtLeast:
		s = "≥ " + s
	}
	return s
}

// boundWords are the ways a bound is typed before the number.
var boundWords = []struct {
	word  string
	bound Bound
}{
	{"<=", AtMost}, {"≤", AtMost}, {"<", AtMost}, {"at most", AtMost}, {"within", AtMost}, {"under", AtMost},
	{">=", AtLeast}, {"≥", AtLeast}, {">", AtLeast}, {"at least", AtLeast},
}

// ParseQuantity reads "12 min", "≤ 5 min", "at least 30 days", "98%"; empty
// is nil. Only a promised amount (bounded) may carry a bound.
func ParseQuantity(field, raw string, bounded bool) (*Quantity, error) {
	s := strings.TrimSpace(CleanLine(raw, 60))
	if s == "" {
		return nil, nil
	}
	q := &Quantity{}
	low := strings.ToLower(s)
	for _, b := range boundWords {
		if strings.HasPrefix(low, b.word) {
			if !bounded {
				return nil, Errorf(EINVALID, "%s amount %q is what was measured: give the number without %s", field, clip(raw), b.word)
			}
			q.Bound = b.bound
			s = strings.TrimSpace(s[len(b.word):])
			break
		}
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !(unicode.IsDigit(r) || r == '.' || r == '-' || r == '+') })
	if end < 0 {
		end = len(s)
	}
	v, err := strconv.ParseFloat(s[:end], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return nil, Errorf(EINVALID, "%s amount %q is not a number with a unit; try 5 min, ≤ 2 hours or 98%%", field, clip(raw))
	}
	q.Value = v
	unit := strings.TrimSpace(s[end:])
	if runeLen(unit) > maxUnit {
		return nil, Errorf(EINVALID, "%s unit %q is longer than %d characters", field, clip(unit), maxUnit)
	}
	q.Unit = unit
	return q, nil
}

// sameUnit reports whether two units name the same thing (case aside; an
// empty unit matches any).
func sameUnit(a, b string) bool {
	return a == "" || b == "" || strings.EqualFold(strings.TrimSuffix(a, "s"), strings.TrimSuffix(b, "s"))
}

// PromiseGap is reality measured against the promise's own terms.
type PromiseGap struct {
	Known bool
	// By amounts: Percent is (measured − promised) / promised × 100.
	ByAmount bool
	Percent  float64
	// Broken: reality falls short of the promise (by amount: past its
	// bound; by keep rate: not kept every time).
	Broken bool
	Text   string // "12 min against ≤ 5 min promised: 140% over the promise"
}

// GapToPromise compares reality with what the promise itself says: the
// measured amount against the promised one when both are known (and in one
// unit), else the keep rate against "every time". The audit's 90% target
// plays no part here: it is the whole audit's goal.
func (p *Promise) GapToPromise() PromiseGap {
	if p.Promised != nil && p.Measured != nil && sameUnit(p.Promised.Unit, p.Measured.Unit) {
		pr, me := *p.Promised, *p.Measured
		if me.Unit == "" {
			me.Unit = pr.Unit
		}
		g := PromiseGap{Known: true, ByAmount: true}
		switch pr.Bound {
		case AtMost:
			g.Broken = me.Value > pr.Value
		case AtLeast:
			g.Broken = me.Value < pr.Value
		default:
			g.Broken = me.Value != pr.Value
		}
		head := me.String() + " against " + pr.String() + " promised"
		if pr.Value == 0 {
			if g.Broken {
				g.Text = head + ": the promise is not kept"
			} else {
				g.Text = head + ": the promise is kept"
			}
			return g
		}
		g.Percent = (me.Value - pr.Value) / math.Abs(pr.Value) * 100
		pct := strconv.FormatFloat(math.Round(math.Abs(g.Percent)*10)/10, 'f', -1, 64) + "%"
		switch {
		case !g.Broken && g.Percent == 0:
			g.Text = head + ": exactly as promised"
		case !g.Broken:
			g.Text = head + ": within the promise"
		case g.Percent > 0:
			g.Text = head + ": " + pct + " over the promise"
		default:
			g.Text = head + ": " + pct + " under the promise"
		}
		return g
	}
	if p.KeepRate >= 0 {
		g := PromiseGap{Known: true, Broken: p.KeepRate < 100}
		if g.Broken {
			g.Text = "broken " + strconv.FormatFloat(math.Round((100-p.KeepRate)*10)/10, 'f', -1, 64) + "% of the time"
		} else {
			g.Text = "kept every time"
		}
		return g
	}
	return PromiseGap{}
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
	c.quantity("promised amount", p.Promised, true)
	c.quantity("measured amount", p.Measured, false)
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

func (c *check) quantity(field string, q *Quantity, bounded bool) {
	if c.err != nil || q == nil {
		return
	}
	c.finite(field, q.Value)
	c.line(field+" unit", q.Unit, maxUnit, false)
	switch {
	case c.err != nil:
	case q.Bound != "" && q.Bound != AtMost && q.Bound != AtLeast:
		c.fail("%s bound %q is not at-most or at-least", field, clip(string(q.Bound)))
	case q.Bound != "" && !bounded:
		c.fail("%s is measured and has no bound", field)
	}
}

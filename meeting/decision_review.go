package meeting

import (
	"strings"
	"time"
)

// Verdict is how a decision turned out against its expected impact.
type Verdict string

const (
	VerdictMet    Verdict = "met"    // the expected impact came about
	VerdictPartly Verdict = "partly" // some of it did
	VerdictMissed Verdict = "missed" // it did not: what do we learn?
)

// ParseVerdict accepts met, partly or missed.
func ParseVerdict(s string) (Verdict, error) {
	switch v := Verdict(lower(s)); v {
	case VerdictMet, VerdictPartly, VerdictMissed:
		return v, nil
	case "partly met", "partial":
		return VerdictPartly, nil
	}
	return "", Errorf(EINVALID, "verdict %q is not met, partly or missed", clip(s))
}

// DecisionReview closes the seed's learning loop: at the review date, what
// actually happened against the decision's expected impact.
type DecisionReview struct {
	Date     Date      `json:"date"`
	By       string    `json:"by"`
	Happened string    `json:"happened"` // what actually happened
	Verdict  Verdict   `json:"verdict"`
	Learning string    `json:"learning,omitempty"`
	At       time.Time `json:"at"`
}

// ReviewGraceDays is how long after its review date a review still counts
// as on time.
const ReviewGraceDays = 7

// ReviewInput is what a person types to review a decision.
type ReviewInput struct {
	Happened, Verdict, Learning string
}

// NewDecisionReview validates input into a review made now by by.
func NewDecisionReview(in ReviewInput, by string, now time.Time) (*DecisionReview, error) {
	r := &DecisionReview{Date: DateOf(now), By: by, At: now}
	var err error
	if r.Happened, err = text("what actually happened", in.Happened, MaxText, true); err != nil {
		return nil, err
	}
	if r.Verdict, err = ParseVerdict(in.Verdict); err != nil {
		return nil, err
	}
	if r.Learning, err = line("learning", in.Learning, MaxLine, false); err != nil {
		return nil, err
	}
	return r, r.Validate()
}

// Validate checks a review.
func (r *DecisionReview) Validate() error {
	var c check
	c.date("review day", r.Date, true)
	c.handle("reviewed by", r.By, true)
	c.multi("what actually happened", r.Happened, MaxText, true)
	if v, err := ParseVerdict(string(r.Verdict)); c.err == nil && (err != nil || v != r.Verdict) {
		c.fail("verdict %q is not met, partly or missed", clip(string(r.Verdict)))
	}
	c.line("learning", r.Learning, MaxLine, false)
	return c.err
}

// ReviewedOnTime reports whether the decision was reviewed by its review
// date, or within ReviewGraceDays after it.
func (d *Decision) ReviewedOnTime() bool {
	return d.Review != nil && d.ReviewDate != "" && !d.ReviewDate.AddDays(ReviewGraceDays).Before(d.Review.Date)
}

// ParseOptions reads the options considered, as typed in one text: one
// option per line, each followed by lines starting "pros:", "cons:" or
// "customer:" for its parts (blank lines between options are optional),
// or written on one line as "option; pros: …; cons: …; customer: …".
func ParseOptions(s string) []Option {
	var out []Option
	var cur *Option
	flush := func() {
		if cur != nil && strings.TrimSpace(cur.Description) != "" {
			out = append(out, *cur)
		}
		cur = nil
	}
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			flush()
			continue
		}
		l = strings.TrimSpace(strings.TrimLeft(l, "-*•"))
		if k, v, ok := optionPart(l); ok && cur != nil {
			setOptionPart(cur, k, v)
			continue
		}
		flush()
		o := ParseOption(l)
		cur = &o
	}
	flush()
	return out
}

// ParseOption reads "option; pros: a; cons: b; customer: c".
func ParseOption(s string) Option {
	parts := strings.Split(s, ";")
	o := Option{Description: strings.TrimSpace(parts[0])}
	for _, p := range parts[1:] {
		if k, v, ok := optionPart(p); ok {
			setOptionPart(&o, k, v)
			continue
		}
		o.Description += ";" + p
	}
	return o
}

func optionPart(s string) (string, string, bool) {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", false
	}
	switch k = strings.ToLower(strings.TrimSpace(k)); k {
	case "pros", "pro", "cons", "con", "customer", "customer impact":
		return k, strings.TrimSpace(v), true
	}
	return "", "", false
}

func setOptionPart(o *Option, k, v string) {
	switch k {
	case "pros", "pro":
		o.Pros = joinPart(o.Pros, v)
	case "cons", "con":
		o.Cons = joinPart(o.Cons, v)
	default:
		o.CustomerImpact = joinPart(o.CustomerImpact, v)
	}
}

func joinPart(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// firstErr is a, else b.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

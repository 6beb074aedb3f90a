package meeting

import (
	"math"
	"strings"
	"testing"
	"time"
)

// Whatever a stranger types into a charter, an at-risk account, a board
// figure or an amount: nothing panics, and what is accepted is valid and
// clean.
func FuzzExecutiveInputs(f *testing.F) {
	for _, s := range []string{"$5M", "750k", "1,200,000", "\x1b[31mred", "\u202egreen", "30d", "no-go", "4.6/5", "$6.2 per $1",
		"risk -> mitigation", "outcome; metric: TTV; target: 54 days", "a; baseline: 1; 6m: 2; 12m: 3", "1e400", "NaN", "-5",
		strings.Repeat("x", 3000), "2026-10-01", "+1w", "clear"} {
		f.Add(s, s, s)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if x, err := NewCharter(CharterInput{Name: a, Sponsor: b, Objective: c, Outcomes: []string{a, c}, SuccessMetrics: []string{b},
			Risks: []string{c}, Budget: a, NPV: b, Headcount: c, Payback: a, Start: b, Commitment: c}, "me", now); err == nil {
			if err := x.Validate(); err != nil {
				t.Fatalf("accepted an invalid charter: %v", err)
			}
			if i, err := x.FindGate(c); err == nil {
				_ = x.Decide(i, GateNoGo, a, "me", "", now)
				if err := x.Validate(); err != nil {
					t.Fatalf("a decided charter is invalid: %v", err)
				}
			}
		}
		if x, err := NewAccount(AccountInput{Account: a, Health: b, Risk: c, ARR: a, Due: b, Renewal: c, Owner: a, Mitigation: b, Status: c}, "me", now); err == nil {
			if err := x.Validate(); err != nil {
				t.Fatalf("accepted an invalid account: %v", err)
			}
		}
		for _, m := range BoardMetrics() {
			if v, err := m.ParseValue(a); err == nil && (v < m.Min || v > m.Max) {
				t.Fatalf("%s accepted %v", m.Key, v)
			}
		}
		if v, err := ParseMoney("x", a); err == nil && (math.IsNaN(v) || math.Abs(v) > 1e12) {
			t.Fatalf("ParseMoney(%q) = %v", a, v)
		}
		b2 := &BoardBrief{Period: "2026Q4", UpdatedBy: "me"}
		if s, err := text("summary", a, MaxText, false); err == nil {
			b2.Summary = s
			if err := b2.Validate(); err != nil {
				t.Fatalf("a cleaned summary is invalid: %v", err)
			}
		}
	})
}

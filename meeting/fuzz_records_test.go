package meeting

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRecordFields types arbitrary text into every form field of every
// record: constructors never panic, and whatever they accept is clean
// (no control or escape characters), bounded and valid.
func FuzzRecordFields(f *testing.F) {
	for _, s := range []string{
		"Call Acme", "\x1b]52;c;aGVsbG8=\a", "\x1b[2J\r", "\u202eevil", "a\u200bb", strings.Repeat("x", 5000),
		"fri", "+3d", "2026-12-04", "72%", "NaN", "1e400", "\xff\xfe", "\x9b31m", "line\nbreak",
		"≤ 5 min", "at least 30 days", "12 min", "-0", "1e12", "ana, tom", "approved", "in progress",
	} {
		f.Add(s, s, s)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		check := func(field, v string, max int) {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
				t.Fatalf("%s: invalid or too long: %q", field, v)
			}
			for _, r := range v {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isInvisible(r) {
					t.Fatalf("%s: control character %U in %q", field, r, v)
				}
			}
		}
		if x, err := NewAction(a, b, c, "me", now); err == nil {
			check("text", x.Text, MaxLine)
			check("owner", x.Owner, MaxName)
			if x.Validate() != nil || x.Text == "" || x.Owner == "" {
				t.Fatalf("accepted an invalid action %+v", x)
			}
		}
		if is, err := NewIssue(IssueInput{Title: a, Theme: b, Signal: c, Story: b, Stat: a, Impact: c, RootCause: a}, "me", now); err == nil {
			for _, v := range []string{is.Title, is.Theme, is.Story, is.Stat, is.Impact, is.RootCause} {
				check("issue", v, MaxText)
			}
		}
		if d, err := NewDecision(DecisionInput{Decision: a, Context: b, Rationale: c, ReviewDate: c, Owner: b, Options: []Option{{Description: a, Pros: b}}}, "me", now); err == nil {
			for _, v := range []string{d.Decision, d.Title, d.Context, d.Rationale, d.Owner} {
				check("decision", v, MaxText)
			}
			if !d.ReviewDate.Valid() {
				t.Fatalf("review date %q", d.ReviewDate)
			}
		}
		if s, err := NewStory(StoryInput{Quote: a, Context: b, Stage: c, Learning: a}, "me", now); err == nil {
			for _, v := range []string{s.Quote, s.Context, s.Stage, s.Learning} {
				check("story", v, MaxText)
			}
		}
		if p, err := NewPromise(PromiseInput{Promise: a, KeepRate: b, Action: c}, "me", now); err == nil {
			check("promise", p.Promise, MaxLine)
			if p.KeepRate > 100 || (p.KeepRate < 0 && p.KeepRate != -1) {
				t.Fatalf("keep rate %v", p.KeepRate)
			}
		}
		if p, err := NewPromise(PromiseInput{Promise: "p", Promised: a, Measured: b}, "me", now); err == nil {
			if err := p.Validate(); err != nil {
				t.Fatalf("accepted amounts %q, %q that do not validate: %v", a, b, err)
			}
			if gap := p.GapToPromise(); gap.Known {
				check("gap", gap.Text, 2*MaxLine)
			}
			if p.Promised != nil {
				back, err := ParseQuantity("promised", p.Promised.String(), true)
				if err != nil || *back != *p.Promised {
					t.Fatalf("%q does not read back: %v %v", p.Promised.String(), back, err)
				}
			}
		}
		if y, err := NewSystemic(SystemicInput{Issue: a, RootCause: b, Owner: c, Roadmap: a, Resolved: c}, "me", now); err == nil && y.Validate() != nil {
			t.Fatalf("accepted an invalid systemic issue %+v: %v", y, y.Validate())
		}
		if x, err := NewInitiative("J1", InitiativeInput{Title: a, Status: c, ExpectedImpact: b, Needs: a, Owner: c, Note: b}, "me", now); err == nil && x.Validate() != nil {
			t.Fatalf("accepted an invalid initiative %+v: %v", x, x.Validate())
		}
		if x, err := NewExperiment("J1", ExperimentInput{Title: a, Effort: c, Impact: c, Decision: b, Why: a, Owner: c}, "me", now); err == nil && x.Validate() != nil {
			t.Fatalf("accepted an invalid experiment %+v: %v", x, x.Validate())
		}
		if gd, err := NewGuide("me", []string{a, b}, c, now); err == nil {
			if gd.Validate() != nil || len(gd.Coachees) == 0 || len(gd.Coachees) > MaxCoachees {
				t.Fatalf("accepted an invalid session %+v: %v", gd, gd.Validate())
			}
			for _, h := range gd.Coachees {
				check("coachee", h, MaxName)
			}
		}
		g := &Guide{}
		if g.SetAnswer(0, a, now) == nil {
			check("answer", g.Answers[0], MaxText)
		}
		if g.SetNotes(b, now) == nil {
			check("notes", g.Notes, MaxNotes)
		}
		if j, err := NewJourney(a, b, now); err == nil {
			check("journey", j.Name, MaxName)
			check("journey owner", j.Owner, MaxName)
			for _, m := range j.Metrics {
				if v, err := ParseMetricValue(m, c); err == nil && (v != v || v > 1e12 || v < -1e12) {
					t.Fatalf("metric value %v from %q", v, c)
				}
			}
		}
	})
}

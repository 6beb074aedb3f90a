package meeting

import (
	"context"
	"slices"
	"time"
)

// ScoreSheet is what facilitators set on the scorecard for one quarter
// (and facilitators and executives for the board metrics, meeting/board.go):
// the figures entered for metrics cxroom does not compute (survey results,
// retention, the business figures), each with its source; targets; and
// status overrides with their reasons. One sheet per quarter, at most one
// entry per metric.
type ScoreSheet struct {
	ID        string       `json:"id"`     // C1, C2, …
	Period    string       `json:"period"` // 2026Q4
	Entries   []ScoreEntry `json:"entries"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// ScoreEntry is one metric's line on a sheet. Each part is set (and
// cleared) on its own.
type ScoreEntry struct {
	Metric string `json:"metric"`
	// An entered figure, with where it comes from.
	Value     *float64  `json:"value,omitempty"`
	Source    string    `json:"source,omitempty"`
	EnteredBy string    `json:"entered_by,omitempty"`
	EnteredAt time.Time `json:"entered_at,omitzero"`
	// The quarter's target; it holds for later quarters until another is set.
	Target   *float64  `json:"target,omitempty"`
	TargetBy string    `json:"target_by,omitempty"`
	TargetAt time.Time `json:"target_at,omitzero"`
	// A facilitator's judgement that replaces the computed status.
	Override       ScoreStatus `json:"override,omitempty"`
	OverrideReason string      `json:"override_reason,omitempty"`
	OverrideBy     string      `json:"override_by,omitempty"`
	OverrideAt     time.Time   `json:"override_at,omitzero"`
}

// empty reports whether the entry holds nothing any more.
func (e ScoreEntry) empty() bool { return e.Value == nil && e.Target == nil && e.Override == "" }

// MaxReason bounds an override's reason: one line next to the status.
const MaxReason = 120

// Entry returns the sheet's entry for metric key.
func (s *ScoreSheet) Entry(key string) (ScoreEntry, bool) {
	if s == nil {
		return ScoreEntry{}, false
	}
	for _, e := range s.Entries {
		if e.Metric == key {
			return e, true
		}
	}
	return ScoreEntry{}, false
}

// edit changes metric key's entry through fn, adding it if missing and
// dropping it once empty; entries stay in metric order.
func (s *ScoreSheet) edit(key string, fn func(*ScoreEntry)) {
	i := slices.IndexFunc(s.Entries, func(e ScoreEntry) bool { return e.Metric == key })
	if i < 0 {
		s.Entries = append(s.Entries, ScoreEntry{Metric: key})
		i = len(s.Entries) - 1
	}
	fn(&s.Entries[i])
	if s.Entries[i].empty() {
		s.Entries = slices.Delete(s.Entries, i, i+1)
	}
	order := map[string]int{}
	for k, d := range sheetDefs() {
		order[d.Key] = k
	}
	slices.SortStableFunc(s.Entries, func(a, b ScoreEntry) int { return order[a.Metric] - order[b.Metric] })
}

// Clone returns a deep copy.
func (s *ScoreSheet) Clone() *ScoreSheet {
	c := *s
	c.Entries = slices.Clone(s.Entries)
	for i, e := range c.Entries {
		if e.Value != nil {
			v := *e.Value
			c.Entries[i].Value = &v
		}
		if e.Target != nil {
			v := *e.Target
			c.Entries[i].Target = &v
		}
	}
	return &c
}

// Validate checks a sheet before it is stored: a quarter, known metrics
// once each, values in each metric's range, sources and reasons one clean
// line.
func (s *ScoreSheet) Validate() error {
	var c check
	c.id("scorecard sheet", 'C', s.ID)
	if p, err := ParsePeriod(s.Period); c.err == nil && (err != nil || p.String() != s.Period) {
		c.fail("scorecard sheet period %q is not a quarter like 2026Q4", clip(s.Period))
	}
	defs := map[string]MetricDef{}
	for _, d := range sheetDefs() {
		defs[d.Key] = d
	}
	c.count("scorecard entries", len(s.Entries), len(defs))
	seen := map[string]bool{}
	for _, e := range s.Entries {
		d, ok := defs[e.Metric]
		switch {
		case c.err != nil:
		case !ok:
			c.fail("%q is not a scorecard or board metric", clip(e.Metric))
		case seen[e.Metric]:
			c.fail("metric %s appears twice on the sheet", e.Metric)
		case e.empty():
			c.fail("the entry for %s holds nothing", e.Metric)
		}
		seen[e.Metric] = true
		for _, v := range []*float64{e.Value, e.Target} {
			if v != nil {
				c.finite(d.Name, *v)
				if c.err == nil && (*v < d.Min || *v > d.Max) {
					c.fail("%s: %s is out of range", d.Name, fmtNum(*v))
				}
			}
		}
		c.line("source", e.Source, MaxLine, e.Value != nil)
		c.handle("entered by", e.EnteredBy, false)
		c.handle("target set by", e.TargetBy, false)
		switch e.Override {
		case "", ScoreGreen, ScoreAmber, ScoreRed:
		default:
			c.fail("status override %q is not green, amber or red", clip(string(e.Override)))
		}
		c.line("override reason", e.OverrideReason, MaxReason, e.Override != "")
		c.handle("overridden by", e.OverrideBy, false)
	}
	return c.err
}

// ScoreSheetStore keeps the scorecard's quarterly sheets.
type ScoreSheetStore interface {
	CreateScoreSheet(ctx context.Context, s *ScoreSheet) error
	UpdateScoreSheet(ctx context.Context, id string, fn func(*ScoreSheet) error) (*ScoreSheet, error)
	ScoreSheet(ctx context.Context, id string) (*ScoreSheet, error)
	ScoreSheets(ctx context.Context) ([]*ScoreSheet, error) // by period
}

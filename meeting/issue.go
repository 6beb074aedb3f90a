package meeting

import (
	"slices"
	"time"
)

// Signal is how a VOC issue showed up on the dashboard.
type Signal string

const (
	SignalSpike     Signal = "spike"
	SignalSentiment Signal = "sentiment-shift"
	SignalNewTheme  Signal = "new-theme"
)

// ParseSignal accepts a signal name; empty is allowed.
func ParseSignal(s string) (Signal, error) {
	switch sig := Signal(lower(s)); sig {
	case "", SignalSpike, SignalSentiment, SignalNewTheme:
		return sig, nil
	case "sentiment", "shift":
		return SignalSentiment, nil
	case "new", "theme":
		return SignalNewTheme, nil
	}
	return "", Errorf(EINVALID, "signal %q is not spike, sentiment-shift or new-theme", clip(s))
}

// Issue is a VOC issue raised in triage.
type Issue struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Theme     string   `json:"theme,omitempty"`
	Signal    Signal   `json:"signal,omitempty"`
	Story     string   `json:"story,omitempty"` // evidence: a customer story
	Stat      string   `json:"stat,omitempty"`  // evidence: a statistic
	Impact    string   `json:"impact,omitempty"`
	RootCause string   `json:"root_cause,omitempty"`
	Rank      int      `json:"rank"` // 1 is the top; 0 unranked
	Votes     []string `json:"votes,omitempty"`
	Owner     string   `json:"owner,omitempty"`     // older records: typed before ownership became an action
	NextStep  string   `json:"next_step,omitempty"` // older records: see Owner
	ActionIDs []string `json:"action_ids,omitempty"`
	DeepDive  bool     `json:"deep_dive,omitempty"` // deep-dived in some meeting
	// DeepDives are the meetings whose deep-dive took the issue up, oldest
	// first: this week's top 3 are told apart from issues carried from
	// earlier weeks by it.
	DeepDives []string  `json:"deep_dives,omitempty"`
	Resolved  bool      `json:"resolved,omitempty"`
	MeetingID string    `json:"meeting_id,omitempty"` // where it was raised
	SeriesID  string    `json:"series_id,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// FirstActionAt is when the first action was linked, for the scorecard's
	// "VOC issues actioned within 30 days".
	FirstActionAt time.Time `json:"first_action_at,omitzero"`
	// The closed loop (meeting/issue_loop.go): the evidence that the fix
	// worked (a stat after the fix, or a customer's words), when and by
	// whom it was resolved, the resolved issue it brings back, and how
	// often it came back itself.
	FixStat    string    `json:"fix_stat,omitempty"`
	FixQuote   string    `json:"fix_quote,omitempty"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	ResolvedBy string    `json:"resolved_by,omitempty"`
	ReopenOf   string    `json:"reopen_of,omitempty"`
	Reopens    int       `json:"reopens,omitempty"`
	ReopenedAt time.Time `json:"reopened_at,omitzero"`
}

// Clone returns a deep copy.
func (i *Issue) Clone() *Issue {
	c := *i
	c.Votes = slices.Clone(i.Votes)
	c.ActionIDs = slices.Clone(i.ActionIDs)
	c.DeepDives = slices.Clone(i.DeepDives)
	return &c
}

// DeepDivedIn reports whether meeting id's deep-dive took the issue up. An
// issue stored before deep-dives were recorded per meeting counts as
// deep-dived in the meeting that raised it.
func (i *Issue) DeepDivedIn(id string) bool {
	if len(i.DeepDives) == 0 {
		return i.DeepDive && id != "" && i.MeetingID == id
	}
	return slices.Contains(i.DeepDives, id)
}

// Owned reports whether the issue has what the ritual demands of every
// deep-dived issue: an owner and a next step, which is a linked action (an
// action always has an owner and a due date). Free text does not count: it
// names nobody the tracker can follow up, and goes stale.
func (i *Issue) Owned() bool { return len(i.ActionIDs) > 0 }

// IssueActions returns the actions linked to issue i that the bundle holds,
// as they are now (raised here, carried, or linked from an earlier
// meeting), in the order they were linked.
func (b *Bundle) IssueActions(i *Issue) []*Action {
	var out []*Action
	for _, id := range i.ActionIDs {
		if a := b.Action(id); a != nil {
			out = append(out, a)
		}
	}
	return out
}

// IssueOwned reports whether issue i is owned: a linked action that was not
// dropped (one the bundle does not hold counts, as it cannot be checked).
func (b *Bundle) IssueOwned(i *Issue) bool {
	for _, id := range i.ActionIDs {
		if a := b.Action(id); a == nil || a.Status != StatusDropped {
			return true
		}
	}
	return false
}

// IssueInput is what a person types to raise or edit an issue. Its owner
// and next step are an action linked to it (ActionInput.IssueID).
type IssueInput struct {
	Title, Theme, Signal, Story, Stat, Impact, RootCause string
	FixStat, FixQuote                                    string // evidence the fix worked
}

// NewIssue validates input into an issue.
func NewIssue(in IssueInput, by string, now time.Time) (*Issue, error) {
	i := &Issue{CreatedBy: by, CreatedAt: now, UpdatedAt: now}
	return i, i.apply(in, true)
}

// Edit applies non-empty fields of in to the issue.
func (i *Issue) Edit(in IssueInput, now time.Time) error {
	c := i.Clone()
	if err := c.apply(in, false); err != nil {
		return err
	}
	c.UpdatedAt = now
	*i = *c
	return nil
}

func (i *Issue) apply(in IssueInput, create bool) error {
	var err error
	set := func(dst *string, name, raw string, max int, required bool) {
		if err != nil || (!create && raw == "") {
			return
		}
		*dst, err = line(name, raw, max, required)
	}
	set(&i.Title, "issue title", in.Title, MaxLine, create)
	set(&i.Theme, "theme", in.Theme, MaxName, false)
	set(&i.Story, "story", in.Story, MaxText, false)
	set(&i.Stat, "stat", in.Stat, MaxLine, false)
	set(&i.Impact, "impact", in.Impact, MaxLine, false)
	set(&i.RootCause, "root cause", in.RootCause, MaxLine, false)
	set(&i.FixStat, "stat after the fix", in.FixStat, MaxLine, false)
	set(&i.FixQuote, "customer's words after the fix", in.FixQuote, MaxLine, false)
	if err != nil {
		return err
	}
	if in.Signal != "" || create {
		i.Signal, err = ParseSignal(in.Signal)
	}
	return err
}

// IssueFilter narrows an issue query.
type IssueFilter struct {
	MeetingID  string
	SeriesID   string
	Unresolved bool
	Theme      string // the same theme, whatever the case
}

// Match reports whether i passes the filter.
func (f IssueFilter) Match(i *Issue) bool {
	switch {
	case f.MeetingID != "" && i.MeetingID != f.MeetingID:
		return false
	case f.SeriesID != "" && i.SeriesID != f.SeriesID:
		return false
	case f.Unresolved && i.Resolved:
		return false
	case f.Theme != "" && !equalFold(f.Theme, i.Theme):
		return false
	}
	return true
}

// SortIssues orders issues by rank (ranked first), then votes, then age.
func SortIssues(is []*Issue) {
	slices.SortStableFunc(is, func(a, b *Issue) int {
		ra, rb := a.Rank, b.Rank
		if ra == 0 {
			ra = 1 << 30
		}
		if rb == 0 {
			rb = 1 << 30
		}
		if ra != rb {
			return ra - rb
		}
		if len(a.Votes) != len(b.Votes) {
			return len(b.Votes) - len(a.Votes)
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
}

// Validate checks an issue before it is stored.
func (i *Issue) Validate() error {
	var c check
	c.id("issue", 'I', i.ID)
	c.line("issue title", i.Title, MaxLine, true)
	c.line("theme", i.Theme, MaxName, false)
	if sig, err := ParseSignal(string(i.Signal)); c.err == nil && (err != nil || sig != i.Signal) {
		c.fail("signal %q is not spike, sentiment-shift or new-theme", clip(string(i.Signal)))
	}
	c.line("story", i.Story, MaxText, false)
	c.line("stat", i.Stat, MaxLine, false)
	c.line("impact", i.Impact, MaxLine, false)
	c.line("root cause", i.RootCause, MaxLine, false)
	if c.err == nil && (i.Rank < 0 || i.Rank > 1<<20) {
		c.fail("issue rank %d is out of range", i.Rank)
	}
	c.count("votes", len(i.Votes), MaxVotes)
	for _, v := range i.Votes {
		c.handle("voter", v, true)
	}
	c.handle("owner", i.Owner, false)
	c.line("next step", i.NextStep, MaxLine, false)
	c.refs("linked actions", 'A', i.ActionIDs, MaxLinks)
	c.refs("deep-dives", 'M', i.DeepDives, MaxLinks)
	if c.err == nil && len(i.DeepDives) > 0 && !i.DeepDive {
		c.fail("an issue with deep-dives must be marked deep-dived")
	}
	c.ref("meeting", 'M', i.MeetingID)
	c.ref("series", 'R', i.SeriesID)
	c.handle("created by", i.CreatedBy, false)
	c.line("stat after the fix", i.FixStat, MaxLine, false)
	c.line("customer's words after the fix", i.FixQuote, MaxLine, false)
	c.handle("resolved by", i.ResolvedBy, false)
	c.ref("reopen of", 'I', i.ReopenOf)
	if c.err == nil && (i.Reopens < 0 || i.Reopens > MaxLinks) {
		c.fail("issue reopens %d is out of range", i.Reopens)
	}
	return c.err
}

package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The closed VOC loop. Every issue has a response clock: the seed's "VOC
// issues actioned within 30 days" counts from the day it was raised to its
// first linked action; an issue past it without one is flagged in the next
// triage and on the scorecard. An issue is resolved only with a root
// cause, an owned action and the evidence that the fix worked (a stat
// after the fix, or a customer's words). A resolved issue that comes back
// — raised again with the same theme within 90 days, or reopened by hand —
// is linked to the original and counted as a reopen.

const (
	ResponseDays = 30 // the response clock: an action within 30 days
	ReopenDays   = 90 // the same theme raised again this soon is the issue coming back
)

// ResponseClock is where an issue stands against its response clock.
type ResponseClock struct {
	Age      int  // days since it was raised
	Actioned bool // it has a linked action
	After    int  // days from raised to its first action (when actioned)
	Left     int  // days left to act (not actioned, not past)
	// Overdue: no action within ResponseDays (none yet at that age, or
	// the first came later).
	Overdue bool
}

// Response returns the issue's response clock at now.
func (i *Issue) Response(now time.Time) ResponseClock {
	c := ResponseClock{Age: days(now.Sub(i.CreatedAt)), Actioned: !i.FirstActionAt.IsZero()}
	if c.Actioned {
		c.After = days(i.FirstActionAt.Sub(i.CreatedAt))
		c.Overdue = c.After > ResponseDays
		return c
	}
	c.Overdue = c.Age >= ResponseDays
	if !c.Overdue {
		c.Left = ResponseDays - c.Age
	}
	return c
}

func days(d time.Duration) int { return max(int(d.Hours()/24), 0) }

// String is the clock as the triage list shows it: "12d old · 18d to act",
// "actioned in 3d", "35d old · no action in 30 days".
func (c ResponseClock) String() string {
	switch {
	case c.Actioned && c.Overdue:
		return fmt.Sprintf("actioned late, after %dd", c.After)
	case c.Actioned:
		return fmt.Sprintf("actioned in %dd", c.After)
	case c.Overdue:
		return fmt.Sprintf("%dd old · no action in %d days", c.Age, ResponseDays)
	}
	return fmt.Sprintf("%dd old · %dd to act", c.Age, c.Left)
}

// PastClock reports whether the issue, still open, has had no action
// within the response clock: the next triage flags it.
func (i *Issue) PastClock(now time.Time) bool {
	r := i.Response(now)
	return !i.Resolved && !r.Actioned && r.Overdue
}

// ResolveMissing lists what the issue lacks to be resolved, given its
// linked actions: a root cause, an owned action, the evidence that the fix
// worked. Empty: it may be resolved.
func (i *Issue) ResolveMissing(linked []*Action) []string {
	var out []string
	if i.RootCause == "" {
		out = append(out, "a root cause")
	}
	owned := false
	for _, a := range linked {
		if a != nil && a.IssueID == i.ID && a.Owner != "" {
			owned = true
		}
	}
	if !owned {
		out = append(out, "an owned action")
	}
	if i.FixStat == "" && i.FixQuote == "" {
		out = append(out, "evidence that the fix worked (a stat after the fix or a customer's words)")
	}
	return out
}

// resolveError is the sentence refusing to resolve i, nil when it may be.
func (i *Issue) resolveError(linked []*Action) error {
	missing := i.ResolveMissing(linked)
	if len(missing) == 0 {
		return nil
	}
	return Errorf(EINVALID, "%s cannot be resolved yet: it needs %s", i.ID, AndList(missing))
}

// linkedActions reads the actions linked to i in tx.
func linkedActions(ctx context.Context, tx Tx, i *Issue) ([]*Action, error) {
	var out []*Action
	for _, id := range i.ActionIDs {
		a, err := tx.Action(ctx, id)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// setResolved resolves (with the evidence checked) or reopens issue id in
// tx, with its ledger entry.
func setResolved(ctx context.Context, tx Tx, sign HeadSigner, a Actor, id string, resolved bool, now time.Time) (*Issue, error) {
	cur, err := tx.Issue(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Resolved == resolved {
		return cur, nil
	}
	if resolved {
		linked, err := linkedActions(ctx, tx, cur)
		if err != nil {
			return nil, err
		}
		if err := cur.resolveError(linked); err != nil {
			return nil, err
		}
	}
	x, err := tx.UpdateIssue(ctx, id, func(i *Issue) error {
		i.Resolved, i.UpdatedAt = resolved, now
		if resolved {
			i.ResolvedAt, i.ResolvedBy = now, a.Handle
			return nil
		}
		i.ResolvedAt, i.ResolvedBy = time.Time{}, ""
		i.Reopens, i.ReopenedAt = min(i.Reopens+1, MaxLinks), now
		return nil
	})
	if err != nil {
		return nil, err
	}
	event := "resolved"
	if !resolved {
		event = "reopened by " + a.Handle
	}
	_, err = appendLedger(ctx, tx, sign, a, ledgerIssue(x, event), now)
	return x, err
}

// cameBack finds the resolved issue that x (not stored yet) brings back:
// the same theme, resolved within ReopenDays of now; the latest resolved
// if several. Nil: none.
func cameBack(ctx context.Context, tx Tx, x *Issue, now time.Time) (*Issue, error) {
	if strings.TrimSpace(x.Theme) == "" {
		return nil, nil
	}
	same, err := tx.Issues(ctx, IssueFilter{Theme: x.Theme})
	if err != nil {
		return nil, err
	}
	var back *Issue
	var at time.Time
	for _, i := range same {
		if !i.Resolved {
			continue
		}
		when := i.ResolvedAt
		if when.IsZero() {
			when = i.UpdatedAt // resolved before the loop kept the day
		}
		if now.Sub(when) > ReopenDays*24*time.Hour || when.After(now) {
			continue
		}
		if back == nil || when.After(at) {
			back, at = i, when
		}
	}
	return back, nil
}

// raiseIssue stores x and, when it brings back a resolved issue, links it
// to that issue and counts the reopen there — in tx. It returns the stored
// issue and the original it came back from (nil if none).
func raiseIssue(ctx context.Context, tx Tx, sign HeadSigner, a Actor, x *Issue, now time.Time) (saved, orig *Issue, err error) {
	back, err := cameBack(ctx, tx, x, now)
	if err != nil {
		return nil, nil, err
	}
	c := *x
	saved = &c
	if back != nil {
		saved.ReopenOf = back.ID
	}
	if err := tx.CreateIssue(ctx, saved); err != nil {
		return nil, nil, err
	}
	if back == nil {
		return saved, nil, nil
	}
	if orig, err = tx.UpdateIssue(ctx, back.ID, func(i *Issue) error {
		i.Reopens, i.ReopenedAt = min(i.Reopens+1, MaxLinks), now
		return nil
	}); err != nil {
		return nil, nil, err
	}
	_, err = appendLedger(ctx, tx, sign, a, ledgerIssue(orig, "came back as "+saved.ID), now)
	return saved, orig, err
}

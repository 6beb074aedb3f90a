package meeting

import (
	"fmt"
	"slices"
	"time"
)

// Executive response time, the seed's "Time for executive escalation
// resolution" (< 24 hours to assign, < 5 days to resolve), computed from
// cxroom's own escalations. An escalation is an action's move into
// "escalated" (with a note saying to whom). It is assigned at the first
// change after that, by anyone: a check-in on the escalated action (the
// executive took it) or a move back to open or blocked (handed back with
// an owner). It is resolved when the action is next done or dropped; an
// escalation resolved at its first change is assigned then too. Escalated
// again before it is resolved, it is the same escalation still; an action
// escalated again after it was done starts a new one. Escalations count in the
// quarter (or days) in which they were escalated.

// Executive response targets.
const (
	AssignWithin  = 24 * time.Hour
	ResolveWithin = 5 * 24 * time.Hour
)

// ResponseRule says how executive response time is computed.
const ResponseRule = "An escalation starts when an action moves to escalated. It is assigned at the next change by anyone " +
	"(a check-in on the escalated action, or a move back to open or blocked) and resolved when the action is next done or dropped. " +
	"Targets: assigned within 24 hours, resolved within 5 days. Escalations count in the quarter they were escalated in."

// Escalation is one escalation of an action and how fast it was handled.
type Escalation struct {
	ActionID    string        `json:"action_id"`
	Text        string        `json:"text"`
	Owner       string        `json:"owner"`
	To          string        `json:"to"` // the escalation's note: to whom
	By          string        `json:"by"`
	EscalatedAt time.Time     `json:"escalated_at"`
	AssignedAt  time.Time     `json:"assigned_at,omitzero"`
	AssignedBy  string        `json:"assigned_by,omitempty"`
	ResolvedAt  time.Time     `json:"resolved_at,omitzero"`
	Resolution  Status        `json:"resolution,omitempty"` // done or dropped
	ToAssign    time.Duration `json:"-"`
	ToResolve   time.Duration `json:"-"`
	// Late: not assigned within 24 hours, or not resolved within 5 days
	// (either done late, or still waiting past the target).
	LateAssign  bool `json:"late_to_assign"`
	LateResolve bool `json:"late_to_resolve"`
}

// HoursToAssign is the time to assignment in hours (0 when not assigned).
func (e Escalation) HoursToAssign() float64 { return e.ToAssign.Hours() }

// DaysToResolve is the time to resolution in days (0 when not resolved).
func (e Escalation) DaysToResolve() float64 { return e.ToResolve.Hours() / 24 }

// ExecResponse is executive response time over a span of days.
type ExecResponse struct {
	From, To    Date
	Escalations []Escalation // by escalation time
	Assigned    int          // how many were assigned
	Resolved    int          // how many were resolved
	// AssignedInTime and ResolvedInTime count those handled within the
	// targets.
	AssignedInTime int
	ResolvedInTime int
	// The mean hours to assign and days to resolve, over those assigned
	// and resolved (0 when none).
	MeanHoursToAssign float64
	MeanDaysToResolve float64
	Rule              string
}

// ComputeExecResponse finds every escalation escalated between from and
// to (calendar days in loc) and measures it at now.
func ComputeExecResponse(actions []*Action, from, to Date, now time.Time, loc *time.Location) ExecResponse {
	if loc == nil {
		loc = time.UTC
	}
	r := ExecResponse{From: from, To: to, Rule: ResponseRule}
	var assignSum, resolveSum time.Duration
	for _, a := range actions {
		for _, e := range escalationsOf(a) {
			day := DateOf(e.EscalatedAt.In(loc))
			if day.Before(from) || to.Before(day) || e.EscalatedAt.After(now) {
				continue
			}
			if !e.AssignedAt.IsZero() && !e.AssignedAt.After(now) {
				e.ToAssign = e.AssignedAt.Sub(e.EscalatedAt)
				r.Assigned++
				assignSum += e.ToAssign
				if e.ToAssign < AssignWithin {
					r.AssignedInTime++
				}
			} else {
				e.AssignedAt, e.AssignedBy = time.Time{}, ""
			}
			if !e.ResolvedAt.IsZero() && !e.ResolvedAt.After(now) {
				e.ToResolve = e.ResolvedAt.Sub(e.EscalatedAt)
				r.Resolved++
				resolveSum += e.ToResolve
				if e.ToResolve < ResolveWithin {
					r.ResolvedInTime++
				}
			} else {
				e.ResolvedAt, e.Resolution = time.Time{}, ""
			}
			e.LateAssign = e.ToAssign >= AssignWithin || e.AssignedAt.IsZero() && now.Sub(e.EscalatedAt) >= AssignWithin
			e.LateResolve = e.ToResolve >= ResolveWithin || e.ResolvedAt.IsZero() && now.Sub(e.EscalatedAt) >= ResolveWithin
			r.Escalations = append(r.Escalations, e)
		}
	}
	slices.SortStableFunc(r.Escalations, func(a, b Escalation) int {
		if c := a.EscalatedAt.Compare(b.EscalatedAt); c != 0 {
			return c
		}
		return CompareIDs(a.ActionID, b.ActionID)
	})
	if r.Assigned > 0 {
		r.MeanHoursToAssign = round1(assignSum.Hours() / float64(r.Assigned))
	}
	if r.Resolved > 0 {
		r.MeanDaysToResolve = round1(resolveSum.Hours() / 24 / float64(r.Resolved))
	}
	return r
}

// escalationsOf reads an action's history into its escalations.
func escalationsOf(a *Action) []Escalation {
	var out []Escalation
	var cur *Escalation
	for _, h := range a.History {
		if cur != nil {
			if cur.AssignedAt.IsZero() && h.At.After(cur.EscalatedAt) {
				cur.AssignedAt, cur.AssignedBy = h.At, h.By
			}
			if h.To == StatusDone || h.To == StatusDropped {
				cur.ResolvedAt, cur.Resolution = h.At, h.To
				out = append(out, *cur)
				cur = nil
				continue
			}
		}
		if cur == nil && h.To == StatusEscalated && h.From != StatusEscalated {
			cur = &Escalation{ActionID: a.ID, Text: a.Text, Owner: a.Owner, To: h.Note, By: h.By, EscalatedAt: h.At}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// Summary is the figure as one line: "3 escalations: assigned in 13.5 h on
// average (2 of 3 within 24 h), resolved in 3.2 days (1 of 2 within 5
// days), 1 still open".
func (r ExecResponse) Summary() string {
	n := len(r.Escalations)
	if n == 0 {
		return "no escalations"
	}
	s := fmt.Sprintf("%d %s", n, plural(n, "escalation", "escalations"))
	if r.Assigned > 0 {
		s += fmt.Sprintf(": assigned in %s h on average (%d of %d within 24 h)", fmtNum(r.MeanHoursToAssign), r.AssignedInTime, r.Assigned)
	} else {
		s += ": none assigned yet"
	}
	if r.Resolved > 0 {
		s += fmt.Sprintf(", resolved in %s days (%d of %d within 5 days)", fmtNum(r.MeanDaysToResolve), r.ResolvedInTime, r.Resolved)
	}
	if open := n - r.Resolved; open > 0 {
		s += fmt.Sprintf(", %d still open", open)
	}
	return s
}

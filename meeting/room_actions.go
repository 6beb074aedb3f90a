package meeting

import (
	"context"
	"fmt"
	"slices"
)

// The room's action commands: new actions and the review walk of earlier ones.

// ActionInput is what a person types to add an action in a room.
type ActionInput struct {
	Text, Owner, Due string
	IssueID          string // the VOC issue it is the next step for
}

// AddAction records an action from the current segment. Linked to an issue,
// it is the issue's owner and next step (the issue shows it as it is now,
// never a copy that goes stale); in a GUIDE
// session it becomes one of the session's next steps. The action and what
// links to it are written together, or nothing is.
func (r *Room) AddAction(ctx context.Context, a Actor, in ActionInput) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "add actions"); err != nil {
			return "", err
		}
		m := r.st.Meeting
		now := r.now()
		x, err := NewAction(in.Text, in.Owner, in.Due, a.Handle, now)
		if err != nil {
			return "", err
		}
		if err := r.owners().ResolveOwner(x); err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID, x.Segment, x.GuideID = m.ID, m.SeriesID, m.Segment().Title, m.GuideID
		var issue *Issue
		if in.IssueID != "" {
			if issue = r.st.Issue(in.IssueID); issue == nil {
				return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(in.IssueID))
			}
			x.IssueID = issue.ID
		}
		var (
			saved  *Action
			linked *Issue
			guide  *Guide
		)
		err = r.commit(func(tx Tx) (err error) {
			c := *x
			saved, linked, guide = &c, nil, nil
			if err := tx.CreateAction(context.Background(), saved); err != nil {
				return err
			}
			if issue != nil {
				if linked, err = tx.UpdateIssue(context.Background(), issue.ID, func(i *Issue) error {
					i.ActionIDs = append(i.ActionIDs, saved.ID)
					if i.FirstActionAt.IsZero() {
						i.FirstActionAt = now
					}
					i.UpdatedAt = now
					return nil
				}); err != nil {
					return err
				}
			}
			if m.GuideID != "" {
				guide, err = tx.UpdateGuide(context.Background(), m.GuideID, func(g *Guide) error {
					g.ActionIDs = append(g.ActionIDs, saved.ID)
					return nil
				})
			}
			return err
		})
		if err != nil {
			return "", err
		}
		r.st.Actions = append(r.st.Actions, saved)
		if linked != nil {
			r.replaceIssue(linked)
		}
		if guide != nil {
			r.st.guide = guide
		}
		act = saved
		return fmt.Sprintf("%s added %s: %s (%s, due %s)", a.Name, saved.ID, saved.Text, saved.OwnerLabel(), saved.Due), nil
	})
	return act, err
}

func (r *Room) replaceAction(x *Action) bool {
	hit := false
	for _, list := range []*[]*Action{&r.st.Actions, &r.st.Carried, &r.st.Linked} {
		for i, y := range *list {
			if y.ID == x.ID {
				(*list)[i] = x
				hit = true
			}
		}
	}
	return hit
}

func (r *Room) replaceIssue(x *Issue) {
	for i, y := range r.st.Issues {
		if y.ID == x.ID {
			r.st.Issues[i] = x
		}
	}
	SortIssues(r.st.Issues)
}

// SetActionStatus changes an action's status (facilitator: any action;
// member: their own).
func (r *Room) SetActionStatus(ctx context.Context, a Actor, id string, st Status, note string) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		cur, err := r.statusTarget(a, id)
		if err != nil {
			return "", err
		}
		now := r.now()
		var x *Action
		err = r.commit(func(tx Tx) (err error) {
			if x, err = tx.UpdateAction(context.Background(), cur.ID, func(x *Action) error {
				return x.SetStatus(st, note, a.Handle, now)
			}); err != nil {
				return err
			}
			_, err = appendLedger(context.Background(), tx, r.signerOf(), a, ledgerAction(x, r.st.Meeting.Private), now)
			return err
		})
		if err != nil {
			return "", err
		}
		r.replaceAction(x)
		act = x
		return fmt.Sprintf("%s set %s to %s", a.Name, x.ID, x.Status), nil
	})
	return act, err
}

// statusTarget returns the room's action id if a may change its status.
func (r *Room) statusTarget(a Actor, id string) (*Action, error) {
	cur := r.st.Action(id)
	if cur == nil {
		return nil, Errorf(ENOTFOUND, "action %s is not in this meeting", clip(id))
	}
	if err := r.check(a, OpUpdateAction, "", ActionSubject(cur)); err != nil {
		return nil, err
	}
	if err := r.pace(a); err != nil {
		return nil, err
	}
	return cur, nil
}

// Review outcomes for the walk of earlier actions.
const (
	OutcomeDone      = "done"
	OutcomeOnTrack   = "on-track"
	OutcomeBlocked   = "blocked"
	OutcomeEscalated = "escalated"
	OutcomeDropped   = "dropped"
)

// Review records the outcome of walking one earlier action (done, on-track,
// blocked with what unblocks it, escalated with to whom), stores the status
// change in the action's history and moves the walk to the next action.
func (r *Room) Review(ctx context.Context, a Actor, id, outcome, note string) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		var st Status
		switch outcome {
		case OutcomeDone:
			st = StatusDone
		case OutcomeOnTrack:
			st = StatusOpen
			if note == "" {
				note = "on track"
			}
		case OutcomeBlocked:
			st = StatusBlocked
		case OutcomeEscalated:
			st = StatusEscalated
		case OutcomeDropped:
			st = StatusDropped
		default:
			return "", Errorf(EINVALID, "review outcome %q is not done, on-track, blocked, escalated or dropped", clip(outcome))
		}
		if !slices.Contains(r.st.Meeting.Carried, NormalizeID(id)) {
			return "", Errorf(ENOTFOUND, "action %s is not one of the earlier actions under review", clip(id))
		}
		cur, err := r.statusTarget(a, id)
		if err != nil {
			return "", err
		}
		now := r.now()
		var x *Action
		var m *Meeting
		err = r.commit(func(tx Tx) (err error) {
			if x, err = tx.UpdateAction(context.Background(), cur.ID, func(x *Action) error {
				return x.SetStatus(st, note, a.Handle, now)
			}); err != nil {
				return err
			}
			if _, err = appendLedger(context.Background(), tx, r.signerOf(), a, ledgerAction(x, r.st.Meeting.Private), now); err != nil {
				return err
			}
			rev := Review{ActionID: x.ID, Outcome: outcome, Note: x.LastChange().Note, By: a.Handle, At: now}
			m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error {
				m.Reviews = append(m.Reviews, rev)
				if i := slices.Index(m.Carried, x.ID); i == m.Walk && m.Walk < len(m.Carried) {
					m.Walk++
				}
				return nil
			})
			return err
		})
		if err != nil {
			return "", err
		}
		r.replaceAction(x)
		r.st.Meeting = m
		act = x
		return fmt.Sprintf("%s: %s — %s", x.ID, outcome, x.Text), nil
	})
	return act, err
}

// WalkTo moves the review walk to position i of the carried actions.
func (r *Room) WalkTo(ctx context.Context, a Actor, i int) error {
	return r.walk(ctx, a, func(int) int { return i })
}

// WalkBy moves the review walk by delta from where it stands when the room
// takes the command (a screen's own copy of the position may be stale).
func (r *Room) WalkBy(ctx context.Context, a Actor, delta int) error {
	return r.walk(ctx, a, func(cur int) int { return min(max(cur+delta, 0), len(r.st.Meeting.Carried)) })
}

func (r *Room) walk(ctx context.Context, a Actor, to func(cur int) int) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRunClock, "move through the earlier actions", Subject{}); err != nil {
			return "", err
		}
		i := to(r.st.Meeting.Walk)
		if i < 0 || i > len(r.st.Meeting.Carried) || i == r.st.Meeting.Walk {
			return "", errNoChange
		}
		return "", r.saveMeeting(func(m *Meeting) error { m.Walk = i; return nil })
	})
}

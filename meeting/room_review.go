package meeting

import (
	"context"
	"fmt"
	"slices"
)

// ReviewOnTrack records that an earlier action is on track, confirming its
// due date or moving it (the seed: "confirm the due date"): due is typed as
// for a new action (2026-12-04, fri, +1w); empty or the same day confirms
// it. The action's history says which, and the walk moves on.
func (r *Room) ReviewOnTrack(ctx context.Context, a Actor, id, due string) (act *Action, err error) {
	err = r.exec(ctx, func() (string, error) {
		if !slices.Contains(r.st.Meeting.Carried, NormalizeID(id)) {
			return "", Errorf(ENOTFOUND, "action %s is not one of the earlier actions under review", clip(id))
		}
		cur, err := r.statusTarget(a, id)
		if err != nil {
			return "", err
		}
		now := r.now()
		d := cur.Due
		if due != "" && due != string(cur.Due) {
			if d, err = ParseDue(due, now); err != nil {
				return "", err
			}
		}
		if d.Before(DateOf(now)) {
			return "", Errorf(EINVALID, "%s was due %s; on track needs a new due date (fri, +1w, 2026-12-04)", cur.ID, cur.Due)
		}
		note := "due " + string(d) + " confirmed"
		if d != cur.Due {
			note = fmt.Sprintf("due moved from %s to %s", cur.Due, d)
		}
		var x *Action
		var m *Meeting
		err = r.commit(func(tx Tx) (err error) {
			if x, err = tx.UpdateAction(context.Background(), cur.ID, func(x *Action) error {
				x.Due = d
				return x.SetStatus(StatusOpen, note, a.Handle, now)
			}); err != nil {
				return err
			}
			rev := Review{ActionID: x.ID, Outcome: OutcomeOnTrack, Note: note, By: a.Handle, At: now}
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
		return fmt.Sprintf("%s: on track, %s — %s", x.ID, note, x.Text), nil
	})
	return act, err
}

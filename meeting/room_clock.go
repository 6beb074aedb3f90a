package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The room's clock commands: the facilitator moves through the agenda.

// timerOp applies a facilitator's clock operation. Entering a deep-dive
// segment also marks its issues, in the same transaction.
func (r *Room) timerOp(ctx context.Context, a Actor, what string, op func(t *Timer, now time.Time) error, last func(m *Meeting) string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRunClock, what, Subject{}); err != nil {
			return "", err
		}
		now := r.now()
		var m *Meeting
		var dived []*Issue
		err := r.commit(func(tx Tx) (err error) {
			dived = nil
			if m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error { return op(&m.Timer, now) }); err != nil {
				return err
			}
			if m.Timer.Current != r.st.Meeting.Timer.Current {
				dived, err = r.enterSegment(tx, m, now)
			}
			return err
		})
		if err != nil {
			return "", err
		}
		r.st.Meeting = m
		for _, u := range dived {
			r.replaceIssue(u)
		}
		r.lobbyHit = true
		return last(m), nil
	})
}

// enterSegment writes what entering m's current segment implies: a
// deep-dive segment (Top > 0) marks the top ranked unresolved issues as
// deep-dived in this meeting. It returns the issues it changed.
func (r *Room) enterSegment(tx Tx, m *Meeting, now time.Time) ([]*Issue, error) {
	seg := m.Segment()
	if seg.Top <= 0 {
		return nil, nil
	}
	var out []*Issue
	n := 0
	for _, is := range r.st.Issues {
		if is.Resolved {
			continue
		}
		if n++; n > seg.Top {
			break
		}
		if slices.Contains(is.DeepDives, m.ID) {
			continue
		}
		u, err := tx.UpdateIssue(context.Background(), is.ID, func(i *Issue) error {
			if len(i.DeepDives) >= MaxLinks {
				return Errorf(EINVALID, "issue %s has been deep-dived %d times; resolve it or raise it afresh", i.ID, MaxLinks)
			}
			if len(i.DeepDives) == 0 && i.DeepDive && i.MeetingID != "" {
				i.DeepDives = []string{i.MeetingID} // stored before deep-dives were kept per meeting
			}
			i.DeepDive, i.UpdatedAt = true, now
			i.DeepDives = append(i.DeepDives, m.ID)
			return nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func segLine(m *Meeting) string {
	return fmt.Sprintf("segment %d/%d: %s", m.Timer.Current+1, len(m.Agenda.Segments), m.Segment().Title)
}

// Next moves to the next segment.
func (r *Room) Next(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "move to the next segment", (*Timer).Next, segLine)
}

// Prev moves to the previous segment.
func (r *Room) Prev(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "move to the previous segment", (*Timer).Prev, segLine)
}

// Goto moves to segment i (0-based).
func (r *Room) Goto(ctx context.Context, a Actor, i int) error {
	return r.timerOp(ctx, a, "change the segment", func(t *Timer, now time.Time) error { return t.Goto(i, now) }, segLine)
}

// Pause stops the meeting clock.
func (r *Room) Pause(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "pause the meeting", (*Timer).Pause, func(*Meeting) string { return "paused" })
}

// Resume restarts the meeting clock.
func (r *Room) Resume(ctx context.Context, a Actor) error {
	return r.timerOp(ctx, a, "resume the meeting", (*Timer).Resume, func(*Meeting) string { return "resumed" })
}

// TogglePause pauses a running meeting or resumes a paused one.
func (r *Room) TogglePause(ctx context.Context, a Actor) error {
	if r.Snapshot().Meeting.Timer.Paused {
		return r.Resume(ctx, a)
	}
	return r.Pause(ctx, a)
}

// Extend adds d to the current segment.
func (r *Room) Extend(ctx context.Context, a Actor, d time.Duration) error {
	return r.timerOp(ctx, a, "extend the segment",
		func(t *Timer, now time.Time) error { return t.Extend(d, now) },
		func(m *Meeting) string {
			return fmt.Sprintf("%s extended by %d min", m.Segment().Title, CeilMinutes(d))
		})
}

// End ends the meeting and returns the deep-dived issues left without an
// owner or next step (empty when the ritual was kept). A journey review
// marks its journey reviewed.
func (r *Room) End(ctx context.Context, a Actor) (unowned []*Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRunClock, "end the meeting", Subject{}); err != nil {
			return "", err
		}
		now := r.now()
		var j *Journey
		var m *Meeting
		var voted *Decision
		err := r.commit(func(tx Tx) (err error) {
			j, voted = nil, nil
			if cur := r.st.Journey; cur != nil {
				if j, err = tx.UpdateJourney(context.Background(), cur.ID, func(j *Journey) error {
					j.touch(r.st.Meeting.Date)
					return nil
				}); err != nil {
					return err
				}
			}
			// a motion still open is closed with the votes it has
			if voted, err = r.closeMotionIn(tx, a, now); err != nil {
				return err
			}
			if m, err = tx.UpdateMeeting(context.Background(), r.id, func(m *Meeting) error {
				m.Motion, m.SignOff = nil, ""
				return m.Timer.End(now)
			}); err != nil {
				return err
			}
			return r.ledgerMinutes(tx, a, m, voted, now)
		})
		if err != nil {
			return "", err
		}
		if j != nil {
			r.st.Journey = j
		}
		if voted != nil {
			r.replaceDecision(voted)
		}
		r.st.Meeting = m
		r.lobbyHit = true
		unowned = r.st.Unowned()
		return "the meeting ended", nil
	})
	return unowned, err
}

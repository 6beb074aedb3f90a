package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The room's proof of what was decided: putting a decision up for
// sign-off, and motions (meeting/motion.go). Each command writes the
// decision (and its ledger entry) and the meeting in one transaction.

// Decision returns the decision with id among the meeting's (and those
// due for review), nil if none.
func (b *Bundle) Decision(id string) *Decision {
	id = NormalizeID(id)
	for _, list := range [][]*Decision{b.Decisions, b.DueReview} {
		for _, d := range list {
			if d.ID == id {
				return d
			}
		}
	}
	return nil
}

// SignOffDecision is the decision up for sign-off, nil if none.
func (s *Snapshot) SignOffDecision() *Decision {
	if s.Meeting.SignOff == "" {
		return nil
	}
	return s.Decision(s.Meeting.SignOff)
}

// MotionDecision is the decision the open motion is on, nil if none.
func (s *Snapshot) MotionDecision() *Decision {
	if s.Meeting.Motion == nil {
		return nil
	}
	return s.Decision(s.Meeting.Motion.DecisionID)
}

// Voters are the people present who may vote (members and the
// facilitator; not observers, not guests), by handle.
func (s *Snapshot) Voters() []*Presence {
	var out []*Presence
	for _, p := range s.People {
		a := p.Actor
		a.Role = s.RoleOf(a)
		if Can(a, OpVoteMotion, Subject{}) {
			out = append(out, p)
		}
	}
	return out
}

// refreshDecision replaces a decision changed outside the room (a
// signature sent over SSH) so every screen shows it.
func (r *Room) refreshDecision(d *Decision) {
	_ = r.exec(context.Background(), func() (string, error) {
		if !r.replaceDecision(d) {
			return "", errNoChange
		}
		if s := d.SignedLine(); s != "" {
			return fmt.Sprintf("%s: %s", d.ID, s), nil
		}
		return "", nil
	})
}

func (r *Room) replaceDecision(d *Decision) bool {
	hit := false
	for _, list := range [][]*Decision{r.st.Decisions, r.st.DueReview} {
		for i, x := range list {
			if x.ID == d.ID {
				list[i] = d
				hit = true
			}
		}
	}
	return hit
}

// present lists the handles of the writers in the room now.
func (r *Room) present() []string {
	var out []string
	for h, p := range r.people {
		if roomRole(r.st.Meeting, p.Actor) != RoleObserver && !p.Guest {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// roomDecision returns the meeting's decision id for a proof command.
func (r *Room) roomDecision(id string) (*Decision, error) {
	d := r.st.Decision(id)
	if d == nil {
		return nil, Errorf(ENOTFOUND, "decision %s is not in this meeting", clip(id))
	}
	return d, nil
}

// proofWrite writes decision id through fn with its ledger entry (event),
// and the meeting through mfn, in one transaction, then updates the
// room's copies.
func (r *Room) proofWrite(a Actor, id, event string, fn func(*Decision) error, mfn func(*Meeting) error) (*Decision, error) {
	now := r.now()
	var d *Decision
	var m *Meeting
	err := r.commit(func(tx Tx) (err error) {
		d, m = nil, nil
		if fn != nil {
			if d, err = tx.UpdateDecision(context.Background(), id, fn); err != nil {
				return err
			}
			if _, err = appendLedger(context.Background(), tx, r.signerOf(), a, ledgerDecision(d, event, r.st.Meeting.Private), now); err != nil {
				return err
			}
		}
		m, err = tx.UpdateMeeting(context.Background(), r.id, mfn)
		return err
	})
	if err != nil {
		return nil, err
	}
	if d != nil {
		r.replaceDecision(d)
	}
	r.st.Meeting = m
	return d, nil
}

// SignOff puts decision id up for sign-off (another one up is taken down):
// everyone present sees who has signed it and how to sign. id "" takes the
// sign-off down.
func (r *Room) SignOff(ctx context.Context, a Actor, id string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpSignOff, "put decisions up for sign-off", Subject{}); err != nil {
			return "", err
		}
		if err := r.pace(a); err != nil {
			return "", err
		}
		if id == "" {
			if r.st.Meeting.SignOff == "" {
				return "", errNoChange
			}
			_, err := r.proofWrite(a, "", "", nil, func(m *Meeting) error { m.SignOff = ""; return nil })
			return "sign-off closed", err
		}
		d, err := r.roomDecision(id)
		if err != nil {
			return "", err
		}
		if r.st.Meeting.SignOff == d.ID {
			return "", errNoChange
		}
		present := r.present()
		_, err = r.proofWrite(a, d.ID, "up for sign-off", func(d *Decision) error { d.addPresent(present); return nil },
			func(m *Meeting) error { m.SignOff = d.ID; return nil })
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s put %s up for sign-off: %s", a.Name, d.ID, d.Title), nil
	})
}

// OpenMotion puts decision id to the room's vote. One motion is open at a
// time; a decision is voted on once.
func (r *Room) OpenMotion(ctx context.Context, a Actor, id string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRunMotion, "open motions", Subject{}); err != nil {
			return "", err
		}
		d, err := r.roomDecision(id)
		if err != nil {
			return "", err
		}
		switch mo := r.st.Meeting.Motion; {
		case mo != nil && mo.DecisionID == d.ID:
			return "", errNoChange
		case mo != nil:
			return "", Errorf(ECONFLICT, "the motion on %s is still open; close it first", mo.DecisionID)
		case d.Motion != nil:
			return "", Errorf(ECONFLICT, "decision %s was already put to a vote: %s", d.ID, d.Motion.Summary())
		}
		if err := r.pace(a); err != nil {
			return "", err
		}
		mo := &Motion{DecisionID: d.ID, Title: d.Title, OpenedBy: a.Handle, OpenedAt: r.now()}
		present := r.present()
		_, err = r.proofWrite(a, d.ID, "put to a vote", func(d *Decision) error { d.addPresent(present); return nil },
			func(m *Meeting) error { m.Motion = mo; return nil })
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s moved %s: %s — vote for, against or abstain", a.Name, d.ID, d.Title), nil
	})
}

// CastVote records a's vote on the open motion, replacing a's earlier one.
func (r *Room) CastVote(ctx context.Context, a Actor, choice Choice) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpVoteMotion, "vote on motions"); err != nil {
			return "", err
		}
		mo := r.st.Meeting.Motion
		if mo == nil {
			return "", Errorf(ECONFLICT, "no motion is open")
		}
		if choice != ChoiceFor && choice != ChoiceAgainst && choice != ChoiceAbstain {
			return "", Errorf(EINVALID, "vote %q is not for, against or abstain", clip(string(choice)))
		}
		if v := mo.VoteOf(a.Handle); v != nil && v.Choice == choice {
			return "", errNoChange
		}
		now := r.now()
		err := r.saveMeeting(func(m *Meeting) error {
			if m.Motion == nil || m.Motion.DecisionID != mo.DecisionID {
				return Errorf(ECONFLICT, "the motion was closed")
			}
			return m.Motion.cast(MotionVote{Handle: a.Handle, Name: a.Name, Choice: choice, At: now})
		})
		if err != nil {
			return "", err
		}
		yes, no, abstain := r.st.Meeting.Motion.Tally()
		return fmt.Sprintf("%s voted · %d for, %d against, %d abstained", a.Name, yes, no, abstain), nil
	})
}

// CloseMotion closes the open motion and records its result and every vote
// in the decision's log entry (and the ledger).
func (r *Room) CloseMotion(ctx context.Context, a Actor) (res *MotionResult, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRunMotion, "close motions", Subject{}); err != nil {
			return "", err
		}
		if r.st.Meeting.Motion == nil {
			return "", Errorf(ECONFLICT, "no motion is open")
		}
		if err := r.pace(a); err != nil {
			return "", err
		}
		d, err := r.closeMotion(a)
		if err != nil {
			return "", err
		}
		res = d.Motion
		return fmt.Sprintf("the motion on %s %s", d.ID, d.Motion.Summary()), nil
	})
	return res, err
}

func (r *Room) closeMotion(a Actor) (*Decision, error) {
	mo := r.st.Meeting.Motion
	res := mo.close(r.id, a.Handle, r.now())
	return r.proofWrite(a, mo.DecisionID, "motion "+res.Summary(), motionResult(res), func(m *Meeting) error { m.Motion = nil; return nil })
}

func motionResult(res *MotionResult) func(*Decision) error {
	return func(d *Decision) error {
		if d.Motion != nil {
			return Errorf(ECONFLICT, "decision %s was already put to a vote", d.ID)
		}
		d.Motion = res
		return nil
	}
}

// closeMotionIn closes the open motion, if any, in tx (the meeting is the
// caller's to write) and returns the decision it recorded.
func (r *Room) closeMotionIn(tx Tx, a Actor, now time.Time) (*Decision, error) {
	mo := r.st.Meeting.Motion
	if mo == nil {
		return nil, nil
	}
	res := mo.close(r.id, a.Handle, now)
	d, err := tx.UpdateDecision(context.Background(), mo.DecisionID, motionResult(res))
	if err != nil {
		return nil, err
	}
	_, err = appendLedger(context.Background(), tx, r.signerOf(), a, ledgerDecision(d, "motion "+res.Summary(), r.st.Meeting.Private), now)
	return d, err
}

// ledgerMinutes appends the minutes of the meeting m, as it ends, to the
// ledger in tx (voted: a decision the ending changed).
func (r *Room) ledgerMinutes(tx Tx, a Actor, m *Meeting, voted *Decision, now time.Time) error {
	b := r.st.Bundle
	b.Meeting = m
	if voted != nil {
		b.Decisions = slices.Clone(b.Decisions)
		for i, d := range b.Decisions {
			if d.ID == voted.ID {
				b.Decisions[i] = voted
			}
		}
	}
	_, err := appendLedger(context.Background(), tx, r.signerOf(), a, ledgerMinutes(&b, r.st.guide), now)
	return err
}

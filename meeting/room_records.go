package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The room's record commands: issues, decisions, stories, promises, metrics
// and the GUIDE session.

// AddIssue raises a VOC issue; it joins the bottom of the ranking.
func (r *Room) AddIssue(ctx context.Context, a Actor, in IssueInput) (is *Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "raise issues"); err != nil {
			return "", err
		}
		x, err := NewIssue(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = r.id, r.st.Meeting.SeriesID
		for _, y := range r.st.Issues {
			x.Rank = max(x.Rank, y.Rank)
		}
		x.Rank++
		now := r.now()
		var orig *Issue
		err = r.commit(func(tx Tx) (err error) {
			x, orig, err = raiseIssue(context.Background(), tx, r.signerOf(), a, x, now)
			return err
		})
		if err != nil {
			return "", err
		}
		r.st.Issues = append(r.st.Issues, x)
		if orig != nil {
			r.replaceIssue(orig)
		}
		SortIssues(r.st.Issues)
		is = x
		if orig != nil {
			return fmt.Sprintf("%s raised %s: %s — %s came back (resolved less than %d days ago), linked as a reopen", a.Name, x.ID, x.Title, orig.ID, ReopenDays), nil
		}
		return fmt.Sprintf("%s raised %s: %s", a.Name, x.ID, x.Title), nil
	})
	return is, err
}

// EditIssue fills in or changes an issue's fields (evidence, impact, root
// cause, owner, next step); empty fields are left as they are.
func (r *Room) EditIssue(ctx context.Context, a Actor, id string, in IssueInput) (is *Issue, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpEditIssue, "edit issues"); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		edit := func(i *Issue) error { return i.Edit(in, r.now()) }
		if err := checkChanges(cur, cur.ID, edit, func(i *Issue) *time.Time { return &i.UpdatedAt }); err != nil {
			return "", err
		}
		x, err := r.store.UpdateIssue(context.Background(), cur.ID, edit)
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		is = x
		return fmt.Sprintf("%s updated %s", a.Name, x.ID), nil
	})
	return is, err
}

// MoveIssue moves an issue up (delta < 0) or down the ranking.
func (r *Room) MoveIssue(ctx context.Context, a Actor, id string, delta int) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpRankIssue, "rank issues", Subject{}); err != nil {
			return "", err
		}
		list := slices.Clone(r.st.Issues)
		from := slices.IndexFunc(list, func(i *Issue) bool { return i.ID == NormalizeID(id) })
		if from < 0 {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		to := min(max(from+delta, 0), len(list)-1)
		if to == from {
			return "", errNoChange
		}
		x := list[from]
		list = slices.Delete(list, from, from+1)
		list = slices.Insert(list, to, x)
		now := r.now()
		var ranked []*Issue
		err := r.commit(func(tx Tx) error {
			ranked = slices.Clone(list)
			for k, is := range ranked {
				if is.Rank == k+1 {
					continue
				}
				u, err := tx.UpdateIssue(context.Background(), is.ID, func(i *Issue) error {
					i.Rank, i.UpdatedAt = k+1, now
					return nil
				})
				if err != nil {
					return err
				}
				ranked[k] = u
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		r.st.Issues = ranked
		return fmt.Sprintf("%s moved to #%d", x.Title, to+1), nil
	})
}

// Vote toggles a's dot-vote on an issue.
func (r *Room) Vote(ctx context.Context, a Actor, id string) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpVote, "vote"); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		x, err := r.store.UpdateIssue(context.Background(), cur.ID, func(i *Issue) error {
			if k := slices.Index(i.Votes, a.Handle); k >= 0 {
				i.Votes = slices.Delete(i.Votes, k, k+1)
			} else {
				i.Votes = append(i.Votes, a.Handle)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		return "", nil
	})
}

// ResolveIssue marks an issue resolved (it stops being carried).
func (r *Room) ResolveIssue(ctx context.Context, a Actor, id string, resolved bool) error {
	return r.exec(ctx, func() (string, error) {
		if err := r.check(a, OpResolveIssue, "resolve issues", Subject{}); err != nil {
			return "", err
		}
		cur := r.st.Issue(id)
		if cur == nil {
			return "", Errorf(ENOTFOUND, "issue %s is not in this meeting", clip(id))
		}
		if cur.Resolved == resolved {
			return "", errNoChange
		}
		var x *Issue
		now := r.now()
		err := r.commit(func(tx Tx) (err error) {
			x, err = setResolved(context.Background(), tx, r.signerOf(), a, cur.ID, resolved, now)
			return err
		})
		if err != nil {
			return "", err
		}
		r.replaceIssue(x)
		if !resolved {
			return fmt.Sprintf("%s reopened %s: %s (reopen %d)", a.Name, x.ID, x.Title, x.Reopens), nil
		}
		return fmt.Sprintf("%s resolved: %s", x.ID, x.Title), nil
	})
}

// AddDecision records a decision-log entry.
func (r *Room) AddDecision(ctx context.Context, a Actor, in DecisionInput) (dec *Decision, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "record decisions"); err != nil {
			return "", err
		}
		in.MadeByName = a.Name // kept only when a made it
		in.MadeBy = r.owners().Maker(in.MadeBy)
		x, err := NewDecision(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		m := r.st.Meeting
		x.MeetingID, x.SeriesID, x.JourneyID = m.ID, m.SeriesID, m.JourneyID
		x.addPresent(r.present())
		now := r.now()
		var saved *Decision
		err = r.commit(func(tx Tx) error {
			c := *x
			saved = &c
			if err := tx.CreateDecision(context.Background(), saved); err != nil {
				return err
			}
			_, err := appendLedger(context.Background(), tx, r.signerOf(), a, ledgerDecision(saved, "recorded", m.Private), now)
			return err
		})
		if err != nil {
			return "", err
		}
		x = saved
		r.st.Decisions = append(r.st.Decisions, x)
		dec = x
		return fmt.Sprintf("%s recorded decision %s: %s", a.Name, x.ID, x.Title), nil
	})
	return dec, err
}

// AddStory adds a customer story to the meeting and the story library.
func (r *Room) AddStory(ctx context.Context, a Actor, in StoryInput) (st *Story, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "share stories"); err != nil {
			return "", err
		}
		if in.JourneyID == "" {
			in.JourneyID = r.st.Meeting.JourneyID
		}
		x, err := NewStory(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = r.id, r.st.Meeting.SeriesID
		if err := r.store.CreateStory(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Stories = append(r.st.Stories, x)
		st = x
		return fmt.Sprintf("%s shared a story: “%s”", a.Name, CleanLine(x.Quote, 60)), nil
	})
	return st, err
}

// AddPromise adds a promise to the audit.
func (r *Room) AddPromise(ctx context.Context, a Actor, in PromiseInput) (p *Promise, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "add promises"); err != nil {
			return "", err
		}
		x, err := NewPromise(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID = r.id
		if err := r.store.CreatePromise(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Promises = append(r.st.Promises, x)
		p = x
		return fmt.Sprintf("%s added promise %s: %s", a.Name, x.ID, x.Promise), nil
	})
	return p, err
}

// EditPromise fills in the audit of a promise: evidence, reality, keep rate,
// gap, verdict, owner. Empty fields are left as they are.
func (r *Room) EditPromise(ctx context.Context, a Actor, id string, in PromiseInput) (p *Promise, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpEditPromise, "audit promises"); err != nil {
			return "", err
		}
		k := slices.IndexFunc(r.st.Promises, func(p *Promise) bool { return p.ID == NormalizeID(id) })
		if k < 0 {
			return "", Errorf(ENOTFOUND, "promise %s is not in this audit", clip(id))
		}
		cur := r.st.Promises[k]
		merged := PromiseInput{Promise: cur.Promise, Source: cur.Source, Evidence: cur.Evidence, Reality: cur.Reality, Gap: cur.Gap, Action: string(cur.Action), Owner: cur.Owner}
		if cur.KeepRate >= 0 {
			merged.KeepRate = fmt.Sprint(cur.KeepRate)
		}
		if cur.Promised != nil {
			merged.Promised = cur.Promised.String()
		}
		if cur.Measured != nil {
			merged.Measured = cur.Measured.String()
		}
		overlay(&merged.Promise, in.Promise)
		overlay(&merged.Source, in.Source)
		overlay(&merged.Evidence, in.Evidence)
		overlay(&merged.Reality, in.Reality)
		overlay(&merged.KeepRate, in.KeepRate)
		overlay(&merged.Gap, in.Gap)
		overlay(&merged.Promised, in.Promised)
		overlay(&merged.Measured, in.Measured)
		overlay(&merged.Action, in.Action)
		overlay(&merged.Owner, in.Owner)
		np, err := NewPromise(merged, cur.CreatedBy, cur.CreatedAt)
		if err != nil {
			return "", err
		}
		edit := func(p *Promise) error {
			id, mid := p.ID, p.MeetingID
			*p = *np
			p.ID, p.MeetingID = id, mid
			return nil
		}
		if err := checkChanges(cur, cur.ID, edit, nil); err != nil {
			return "", err
		}
		x, err := r.store.UpdatePromise(context.Background(), cur.ID, edit)
		if err != nil {
			return "", err
		}
		r.st.Promises[k] = x
		p = x
		return fmt.Sprintf("%s updated promise %s", a.Name, x.ID), nil
	})
	return p, err
}

func overlay(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// RecordMetrics records this review's journey-health values (facilitator
// or the journey's owner). values maps metric keys to what was typed;
// empty values are skipped.
func (r *Room) RecordMetrics(ctx context.Context, a Actor, values map[string]string) error {
	return r.exec(ctx, func() (string, error) {
		j := r.st.Journey
		if j == nil {
			return "", Errorf(EINVALID, "this meeting reviews no journey")
		}
		if err := r.check(a, OpRecordHealth, "", Subject{ID: j.ID, JourneyOwner: j.Owner}); err != nil {
			return "", err
		}
		read := Reading{Date: r.st.Meeting.Date, MeetingID: r.id, Values: map[string]float64{}}
		for _, m := range j.Metrics {
			raw, ok := values[m.Key]
			if !ok || CleanLine(raw, 20) == "" {
				continue
			}
			v, err := ParseMetricValue(m, raw)
			if err != nil {
				return "", err
			}
			read.Values[m.Key] = v
		}
		if len(read.Values) == 0 {
			return "", Errorf(EINVALID, "enter at least one metric value")
		}
		u, err := r.store.UpdateJourney(context.Background(), j.ID, func(j *Journey) error { j.Record(read); return nil })
		if err != nil {
			return "", err
		}
		r.st.Journey = u
		return fmt.Sprintf("%s recorded %s's metrics", a.Name, u.Name), nil
	})
}

func (r *Room) updateGuide(fn func(*Guide) error) error {
	if r.st.guide == nil {
		return Errorf(EINVALID, "this meeting is not a GUIDE session")
	}
	g, err := r.store.UpdateGuide(context.Background(), r.st.guide.ID, fn)
	if err != nil {
		return err
	}
	r.st.guide = g
	return nil
}

// GuideAnswer stores the answer to GUIDE step i (the coach or a coachee).
func (r *Room) GuideAnswer(ctx context.Context, a Actor, i int, answer string) error {
	return r.exec(ctx, func() (string, error) {
		g := r.st.guide
		if g == nil {
			return "", Errorf(EINVALID, "this meeting is not a GUIDE session")
		}
		if err := r.check(a, OpGuideAnswer, "", g.Subject()); err != nil {
			return "", err
		}
		if err := r.pace(a); err != nil {
			return "", err
		}
		if err := r.updateGuide(func(g *Guide) error { return g.SetAnswer(i, answer, r.now()) }); err != nil {
			return "", err
		}
		return "", nil
	})
}

// GuideNotes stores the coach's private notes.
func (r *Room) GuideNotes(ctx context.Context, a Actor, notes string) error {
	return r.exec(ctx, func() (string, error) {
		g := r.st.guide
		if g == nil {
			return "", Errorf(EINVALID, "this meeting is not a GUIDE session")
		}
		if err := r.check(a, OpGuideNotes, "", g.Subject()); err != nil {
			return "", err
		}
		return "", r.updateGuide(func(g *Guide) error { return g.SetNotes(notes, r.now()) })
	})
}

// refreshAction replaces an action changed outside the room (the tracker,
// an SSH command) so every screen shows its new status.
func (r *Room) refreshAction(x *Action) {
	_ = r.exec(context.Background(), func() (string, error) {
		if !r.replaceAction(x) {
			return "", errNoChange
		}
		return fmt.Sprintf("%s is now %s", x.ID, x.Status), nil
	})
}

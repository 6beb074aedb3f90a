package tui

import (
	"context"
	"strconv"
	"sync"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// A form open in the room is mirrored, keystroke by keystroke, into the
// session's draft box; when the session's visit ends with the form still
// open (a dropped connection, a quit), the box goes to the room, which
// gives it back when the person rejoins (meeting.Room.KeepDraft).

// draftBox holds the latest state of the open form, for the goroutine that
// outlives the program's Update loop.
type draftBox struct {
	mu sync.Mutex
	d  *meeting.Draft
}

func (b *draftBox) set(d *meeting.Draft) {
	b.mu.Lock()
	b.d = d
	b.mu.Unlock()
}

func (b *draftBox) get() *meeting.Draft {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.d
}

// draftMsg is the draft the room kept for us, taken when we joined.
type draftMsg struct{ d *meeting.Draft }

// mirror copies the open form into the box (after every message the form
// handled).
func (s *roomScreen) mirror() {
	if s.form == nil || s.formFor == "" || s.formFor == "hand over" {
		s.box.set(nil)
		return
	}
	s.box.set(&meeting.Draft{Kind: s.formFor, Target: s.form.target, Values: s.form.values(), Focus: s.form.focused})
}

// keepDraft hands the open form to the room as the visit ends.
func keepDraft(r *meeting.Room, a meeting.Actor, box *draftBox) {
	if d := box.get(); d != nil {
		_ = r.KeepDraft(context.Background(), a, d)
	}
}

// takeDraft asks the room for what we had open when we dropped.
func (s *roomScreen) takeDraft() tea.Cmd {
	r, a, ctx := s.room, s.d.Actor, s.visit
	return func() tea.Msg {
		d, err := r.TakeDraft(ctx, a)
		if err != nil || d == nil {
			return nil
		}
		return draftMsg{d}
	}
}

// restore reopens a kept draft, if its form still makes sense here (the
// same segment's kind of record, the record still there).
func (s *roomScreen) restore(d *meeting.Draft) tea.Cmd {
	if s.form != nil || s.ask != nil {
		return nil
	}
	f := s.formOf(d)
	if f == nil {
		return nil
	}
	cmd := s.openForm(f, d.Kind)
	f.setValues(d.Values)
	if d.Focus > 0 && d.Focus < len(f.fields) {
		cmd = tea.Batch(cmd, f.moveTo(d.Focus))
	}
	s.notice, s.noticeSeg = "your draft is back, as you left it", s.snap.Meeting.Timer.Current
	s.mirror()
	return cmd
}

// formOf rebuilds the form a draft was typed in, or nil.
func (s *roomScreen) formOf(d *meeting.Draft) *form {
	seg := s.snap.Meeting.Segment()
	switch d.Kind {
	case "action":
		if d.Target != "" && s.snap.Issue(d.Target) == nil {
			return nil
		}
		return s.actionFormFor(d.Target)
	case "issue":
		if d.Target == "" {
			return s.issueForm(nil)
		}
		if is := s.snap.Issue(d.Target); is != nil {
			return s.issueForm(is)
		}
	case "story":
		return s.storyForm()
	case "decision":
		return s.decisionForm()
	case "status":
		if x := s.snap.Action(d.Target); x != nil {
			return s.statusForm(x)
		}
	case "review:" + meeting.OutcomeBlocked, "review:" + meeting.OutcomeEscalated, "review:" + meeting.OutcomeOnTrack:
		x := s.snap.WalkAction()
		if x == nil || x.ID != d.Target || primaryKind(seg) != meeting.KindReview {
			return nil
		}
		switch d.Kind {
		case "review:" + meeting.OutcomeBlocked:
			return s.reviewForm(meeting.OutcomeBlocked, "What would unblock it?")
		case "review:" + meeting.OutcomeEscalated:
			return s.reviewForm(meeting.OutcomeEscalated, "Escalated to whom?")
		}
		return s.onTrackForm()
	case "answer":
		if primaryKind(seg) == meeting.KindGuide && strconv.Itoa(seg.GuideStep()) == d.Target && s.keys.Answer.Enabled() {
			return s.answerForm(seg)
		}
	case "notes":
		if primaryKind(seg) == meeting.KindNotes && s.isCoach() {
			return s.notesForm()
		}
	}
	return nil
}

package meeting_test

import (
	"fmt"
	"strings"
	"testing"

	"cxroom/meeting"
)

// Issue 11.6: a person's open draft and raised hand are kept in the room
// when they drop, and given back when they rejoin; bounded.
func TestRoomKeepsDraftsAndHandsOfPeopleWhoLeft(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria)
	leave, err := r.Join(e.ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.RaiseHand(e.ctx, ana, true); err != nil {
		t.Fatal(err)
	}
	d := &meeting.Draft{Kind: "action", Target: "I2", Values: map[string]string{"text": "Call \x1b[31mAcme", "owner": "ana"}, Focus: 1}
	if err := r.KeepDraft(e.ctx, ana, d); err != nil {
		t.Fatal(err)
	}
	leave()
	for _, p := range r.Snapshot().People {
		if p.Handle == "ana" {
			t.Fatal("ana is still present")
		}
	}
	leave, err = r.Join(e.ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	hand := false
	for _, p := range r.Snapshot().People {
		hand = hand || p.Handle == "ana" && p.Hand
	}
	if !hand {
		t.Fatal("ana's raised hand was not restored")
	}
	got, err := r.TakeDraft(e.ctx, ana)
	if err != nil || got == nil || got.Kind != "action" || got.Target != "I2" || got.Focus != 1 || got.Values["text"] != "Call Acme" || got.Values["owner"] != "ana" {
		t.Fatalf("draft back: %+v %v", got, err)
	}
	if again, _ := r.TakeDraft(e.ctx, ana); again != nil {
		t.Fatalf("a draft is given back twice: %+v", again)
	}

	// observers keep nothing; a draft is bounded
	join(t, r, obs)
	_ = r.KeepDraft(e.ctx, obs, d)
	if got, _ := r.TakeDraft(e.ctx, obs); got != nil {
		t.Fatal("an observer's draft was kept")
	}
	big := &meeting.Draft{Kind: "notes", Values: map[string]string{}}
	for i := range 100 {
		big.Values[fmt.Sprintf("f%03d", i)] = strings.Repeat("x", 10000)
	}
	_ = r.KeepDraft(e.ctx, ana, big)
	got, _ = r.TakeDraft(e.ctx, ana)
	size := 0
	for k, v := range got.Values {
		size += len(k) + len(v)
		if len(v) > meeting.MaxNotes {
			t.Fatalf("a draft field of %d characters was kept", len(v))
		}
	}
	if len(got.Values) > 32 || size > 64<<10 {
		t.Fatalf("a draft of %d fields, %d bytes was kept", len(got.Values), size)
	}

	// a room keeps at most 64 people's drafts: the longest gone are forgotten
	for i := range 70 {
		g := meeting.Actor{Handle: fmt.Sprintf("g%02d", i), Name: "Guest", Role: meeting.RoleMember, Guest: true}
		leave, err := r.Join(e.ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		_ = r.KeepDraft(e.ctx, g, &meeting.Draft{Kind: "issue", Values: map[string]string{"title": g.Handle}})
		leave()
	}
	first, _ := r.TakeDraft(e.ctx, meeting.Actor{Handle: "g00"})
	last, _ := r.TakeDraft(e.ctx, meeting.Actor{Handle: "g69"})
	if first != nil || last == nil || last.Values["title"] != "g69" {
		t.Fatalf("kept drafts: the first %+v, the last %+v", first, last)
	}
}

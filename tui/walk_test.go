package tui

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// Issue 11.10: the walk of earlier actions can be corrected after its last
// action (← goes back), and "on track" confirms or moves the due date.
// Issue 11.11: a member sees the outcome keys on their own action only,
// and pressing one on someone else's says why at once.
func TestWalkCanBeCorrectedAndOnTrackConfirmsTheDueDate(t *testing.T) {
	w := newWorld(t)
	s, r, carried := vocMeeting(t, w)
	a1, a2 := carried[0], carried[1]
	s.keys("n", "n")
	s.expect("Prior actions — 0 of 2 walked", "▶ "+a1.ID, "d done · o on track · b blocked · x escalated · → skip")

	ana := w.session("ana", 120, 34)
	ana.keys("enter")
	ana.expect("▶ " + a1.ID + " Fix the billing error message")
	ana.expect("d done · o on track · b blocked · x escalated") // her own action
	ana.refuse("← back", "→ skip")

	s.keys("d")
	s.expect("▶ " + a2.ID)
	ana.refuse("d done · o on track") // tom's action
	ana.keys("o")
	ana.expect("Only Tom Reed or a facilitator can update " + a2.ID)
	ana.refuse("On track " + a2.ID)

	s.keys("x")
	s.typeText("the COO")
	s.keys("enter")
	s.expect("All earlier actions walked. ← goes back to correct one")

	// back to A2, corrected: on track, with the due date confirmed or moved
	s.keys("left")
	s.expect("Prior actions — 2 of 2 walked", "› ▶ "+a2.ID)
	s.keys("o")
	s.expect("On track "+a2.ID+": Call Acme about the outage", "2026-11-29")
	s.keys("enter") // the date has passed: on track needs a new one
	s.expect(a2.ID + " was due 2026-11-29; on track needs a new due date")
	s.keys("ctrl+u")
	s.refuse(a2.ID + " was due 2026-11-29") // fixed: the stale sentence goes (issue 11.12)
	s.typeText("+2w")
	s.expect("→ Tue 15 Dec 2026")
	s.keys("enter")
	s.expect(a2.ID+": on track, now due 2026-12-15", "on-track: due moved from 2026-11-29 to 2026-12-15", "All earlier actions walked.")

	got, err := w.db.Action(context.Background(), a2.ID)
	if err != nil || got.Due != "2026-12-15" || got.Status != meeting.StatusOpen || got.LastChange().Note != "due moved from 2026-11-29 to 2026-12-15" {
		t.Fatalf("A2 after the correction: %+v %v", got, err)
	}
	if revs := r.Snapshot().Meeting.Reviews; len(revs) != 3 || revs[2].Outcome != meeting.OutcomeOnTrack {
		t.Fatalf("reviews: %+v", revs)
	}
}

package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

// Issue 11.1: an owner typed as a name is the team member. Tab completes
// names as well as handles; the form says whom the owner names; the action
// is then in Ana's YOUR ACTIONS. Someone outside the team needs a +, and
// saving says so.
func TestActionOwnerTypedAsANameIsTheMember(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter", "a")
	s.typeText("Publish the refund FAQ")
	s.keys("tab")
	s.typeText("Ana S")
	s.keys("tab") // completes the name
	s.expect("Ana Silva", "→ Ana Silva (@ana)")
	s.keys("tab")
	s.typeText("fri")
	s.keys("enter")
	s.expect("saved A1: Publish the refund FAQ (ana, due 2026-11-27)")

	// a name that is nobody on the team: the hint says how, the room refuses
	s.keys("a")
	s.typeText("Call the auditors")
	s.keys("tab")
	s.typeText("Bob Jones")
	s.expect("not on the team: +Bob Jones for someone outside it")
	s.keys("tab")
	s.typeText("fri")
	s.keys("enter")
	s.expect(`"Bob Jones" is not on the team`)
	s.keys("shift+tab", "ctrl+a")
	s.typeText("+")
	s.expect("→ Bob Jones, outside the team")
	s.keys("ctrl+s")
	s.expect("saved A2: Call the auditors (Bob Jones (outside the team), due 2026-11-27) · ⚠ Bob Jones is not on the team")

	got, err := w.db.Action(ctx, "A1")
	if err != nil || got.Owner != "ana" {
		t.Fatalf("A1 owner: %+v %v", got, err)
	}
	ana := w.session("ana", 120, 34)
	ana.expect("YOUR ACTIONS", "A1 Publish the refund FAQ")
}

// Over SSH: an action given to "Ben Okafor" (as typed in the command) is
// ben's: in `actions --mine` and his to mark done; an outside owner needs
// --external and is listed as such.
func TestSSHActionOwnerByNameIsTheMembers(t *testing.T) {
	e := newSSHEnv(t)
	if out, errOut, code := e.run("maria", `actions add Publish the refund FAQ --owner 'Ben Okafor' --due fri`); code != 0 || !strings.Contains(out, "(ben, due") {
		t.Fatalf("add by name: %d %q %q", code, out, errOut)
	}
	if out, _, code := e.run("ben", "actions --mine"); code != 0 || !strings.Contains(out, "Publish the refund FAQ") {
		t.Fatalf("actions --mine for ben: %d\n%s", code, out)
	}
	if out, errOut, code := e.run("ben", "actions set A1 --status done"); code != 0 || !strings.Contains(out, "A1 is now done") {
		t.Fatalf("ben marks his action done: %d %q %q", code, out, errOut)
	}
	_, errOut, code := e.run("maria", `actions add Send the audit --owner 'Bob Jones' --due fri`)
	if code == 0 || !oneLineErr(errOut) || !strings.Contains(errOut, "+Bob Jones") {
		t.Fatalf("owner not on the team: %d %q", code, errOut)
	}
	out, errOut, code := e.run("maria", `actions add Send the audit --owner 'Bob Jones' --external --due fri`)
	if code != 0 || !strings.Contains(out, "(Bob Jones (outside the team), due") || !strings.Contains(errOut, "Bob Jones is not on the team") {
		t.Fatalf("external owner: %d %q %q", code, out, errOut)
	}
	if out, _, _ := e.run("maria", "actions"); !strings.Contains(out, "Bob Jones (outside the team)") {
		t.Fatalf("list:\n%s", out)
	}
}

// At the smallest size the lobby still shows your actions: first, on one
// line.
func TestYourActionsShowAtTheSmallestSize(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.AddAction(context.Background(), actor("maria"), "Publish the refund FAQ", "Ana Silva", "fri"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddAction(context.Background(), actor("maria"), "Call the top detractors", "ana", "+1w"); err != nil {
		t.Fatal(err)
	}
	ana := w.session("ana", 60, 16)
	ana.expect("YOUR ACTIONS (1 more: t) A1 Publish the refund FAQ")
}

// The lobby's list scrolls at small sizes: the cursor stays in view.
func TestLobbyKeepsTheCursorInViewAtTheSmallestSize(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for range 7 { // recent minutes below the rituals
		r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("qbr")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.End(ctx, actor("maria")); err != nil {
			t.Fatal(err)
		}
	}
	s := w.session("maria", 60, 16)
	s.expect("START A RITUAL")
	for range len(w.set.List()) + 2 { // past every ritual, into the minutes
		s.keys("down")
	}
	s.expect("› Outside-in QBR  2026-11-24")
}

// Tab on an owner typed whole in another case takes the team's spelling and
// moves on (it used to do nothing at all).
func TestTabOnAWholeNameMovesOn(t *testing.T) {
	s := atTheOwnerField(t)
	s.typeText("tom reed")
	s.keys("tab")
	s.typeText("fri")
	s.expect("Owner  Tom Reed", "› Due    fri")
}

// The lobby's recent minutes are the ended meetings, however many rooms are
// live: it read the twelve newest meetings and dropped the live ones, so a
// dozen rooms running left it with no minutes at all (and each lobby that
// opened read every live room's record, a town hall's list of everyone in
// it).
func TestLobbyListsMinutesWhileManyRoomsAreLive(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("qbr")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(ctx, actor("maria")); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		w.clock.Advance(time.Minute) // each newer than the minutes
		if _, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
			t.Fatalf("live room %d: %v", i, err)
		}
	}
	s := w.session("maria", 120, 60)
	s.expect("Outside-in QBR  2026-11-24")
}

// atTheOwnerField is maria in a VOC triage with a new action's form open,
// its text typed, at the owner.
func atTheOwnerField(t *testing.T) *harness {
	t.Helper()
	w := newWorld(t)
	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter", "a")
	s.typeText("Call Acme")
	s.keys("tab")
	return s
}

// TestTheOwnerHintSaysTabCompletesOnlyWhenTabDoes (review): the hint
// cleaned what was typed ("@Tom R" → "Tom R") before looking for names that
// start so, but the field completes what was typed as it is: the hint
// promised a completion tab did not make.
func TestTheOwnerHintSaysTabCompletesOnlyWhenTabDoes(t *testing.T) {
	s := atTheOwnerField(t)
	s.typeText("@Tom R")
	s.expect("@Tom R")
	s.refuse("tab completes")
	for range len("@Tom R") {
		s.keys("backspace")
	}
	s.typeText("Tom R")
	s.expect("tab completes: Tom Reed")
	s.keys("tab")
	s.expect("Owner  Tom Reed")
}

package meeting_test

import (
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

var ownerTeam = &meeting.Team{Members: []meeting.Member{
	{Name: "Maria Lopez", Handle: "maria", Role: meeting.RoleFacilitator},
	{Name: "Ana Silva", Handle: "ana", Role: meeting.RoleMember},
	{Name: "李伟", Handle: "liwei", Role: meeting.RoleMember},
	{Name: "Sam Park", Handle: "sam", Role: meeting.RoleMember},
	{Name: "Sam Park", Handle: "spark", Role: meeting.RoleMember},
}}

// Issue 11.1: an owner typed as a name (any case, any width) is the team
// member's handle, so the action is theirs: in their list and theirs to
// update. Someone outside the team only when marked so.
func TestOwnerResolvesToTheTeamHandle(t *testing.T) {
	e := newEnv(t)
	e.svc.Team = func() *meeting.Team { return ownerTeam }
	for owner, want := range map[string]string{
		"ana":           "ana",
		"@Ana":          "ana",
		"Ana Silva":     "ana",
		"ana silva":     "ana",
		"  ANA   SILVA": "ana",
		"ａｎａ":           "ana",
		"Ａｎａ　Ｓｉｌｖａ":     "ana",
		"李伟":            "liwei",
		"LiWei":         "liwei",
	} {
		x, err := e.svc.AddAction(e.ctx, maria, "Publish the refund FAQ", owner, "fri")
		if err != nil {
			t.Fatalf("owner %q: %v", owner, err)
		}
		if x.Owner != want || x.External || x.OwnerWarning() != "" {
			t.Fatalf("owner %q stored as %q (external %v), want %q", owner, x.Owner, x.External, want)
		}
	}
	mine, err := e.db.Actions(e.ctx, meeting.ActionFilter{Owner: "ana"})
	if err != nil || len(mine) != 7 {
		t.Fatalf("ana's actions: %d, %v", len(mine), err)
	}
	ana := meeting.Actor{Handle: "ana", Name: "Ana Silva", Role: meeting.RoleMember}
	if _, err := e.svc.SetActionStatus(e.ctx, ana, mine[2].ID, meeting.StatusDone, ""); err != nil {
		t.Fatalf("ana updates the action given to “Ana Silva”: %v", err)
	}

	// not on the team: refused, saying how to name an outside owner
	_, err = e.svc.AddAction(e.ctx, maria, "Call the auditors", "Bob Jones", "fri")
	if meeting.ErrorCode(err) != meeting.EINVALID || !strings.Contains(meeting.ErrorMessage(err), "+Bob Jones") {
		t.Fatalf("unknown owner: %v", err)
	}
	// a name two members share: refused, naming both
	_, err = e.svc.AddAction(e.ctx, maria, "Call the auditors", "sam park", "fri")
	if msg := meeting.ErrorMessage(err); !strings.Contains(msg, "@sam") || !strings.Contains(msg, "@spark") {
		t.Fatalf("ambiguous owner: %v", err)
	}
	// marked external: kept as typed, shown as such, with a warning
	x, err := e.svc.AddAction(e.ctx, maria, "Call the auditors", "+Bob Jones", "fri")
	if err != nil || x.Owner != "Bob Jones" || !x.External {
		t.Fatalf("external owner: %+v %v", x, err)
	}
	if x.OwnerLabel() != "Bob Jones (outside the team)" || !strings.Contains(x.OwnerWarning(), "Bob Jones is not on the team") {
		t.Fatalf("external owner shown as %q, warned %q", x.OwnerLabel(), x.OwnerWarning())
	}
	// an outside mark on a team member's name is the member
	if x, err := e.svc.AddAction(e.ctx, maria, "Call the auditors", "+Ana Silva", "fri"); err != nil || x.Owner != "ana" || x.External {
		t.Fatalf("+Ana Silva: %+v %v", x, err)
	}
	// no team file: owners are kept as typed
	e.svc.Team = nil
	if x, err := e.svc.AddAction(e.ctx, maria, "Call the auditors", "Bob Jones", "fri"); err != nil || x.Owner != "Bob Jones" || x.External {
		t.Fatalf("no team: %+v %v", x, err)
	}
}

// The room resolves owners the same way, and also to the people who joined
// it without being on the team (a guest of an open server).
func TestRoomResolvesOwnersToTheTeamAndItsGuests(t *testing.T) {
	e := newEnv(t)
	e.hub.SetTeam(func() *meeting.Team { return ownerTeam })
	r, err := e.hub.Start(e.ctx, maria, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	if err != nil {
		t.Fatal(err)
	}
	guest := meeting.Actor{Handle: "kim", Name: "Kim Guest", Role: meeting.RoleMember, Guest: true}
	for _, a := range []meeting.Actor{maria, guest} {
		leave, err := r.Join(e.ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		defer leave()
	}
	for owner, want := range map[string]string{"Ana Silva": "ana", "李伟": "liwei", "kim guest": "kim"} {
		x, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix it", Owner: owner, Due: "fri"})
		if err != nil || x.Owner != want {
			t.Fatalf("owner %q: %+v %v", owner, x, err)
		}
	}
	if _, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix it", Owner: "Bob", Due: "fri"}); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Fatalf("unknown owner in the room: %v", err)
	}
	x, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix it", Owner: "+Bob", Due: "fri"})
	if err != nil || !x.External || !strings.Contains(r.Snapshot().Last, "Bob (outside the team)") {
		t.Fatalf("external owner in the room: %+v %v %q", x, err, r.Snapshot().Last)
	}
	d := r.Owners()
	for typed, want := range map[string]string{"ana silva": "→ Ana Silva (@ana)", "Bob": "not on the team: +Bob for someone outside it", "+Bob": "→ Bob, outside the team"} {
		if got := d.Describe(typed); got != want {
			t.Errorf("Describe(%q) = %q, want %q", typed, got, want)
		}
	}
}

// A form's owner hint asks the room for its directory on every key, and a
// form opened asks for the names to complete: in a town hall of 500 that
// was the team and every attendee gone through again each time (~50 KB a
// key, ~150 KB a form). The directory is kept while the meeting's record
// and the team are the same, and says which names complete an owner.
func TestTheRoomKeepsItsOwnerDirectoryUntilSomeoneNewArrives(t *testing.T) {
	e := newEnv(t)
	e.hub.SetTeam(func() *meeting.Team { return ownerTeam })
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	guest := meeting.Actor{Handle: "bob", Name: "Bob Guest", Role: meeting.RoleMember, Guest: true}
	join(t, r, maria, ana, guest)
	names := r.Owners().Suggestions()
	for _, want := range []string{"maria", "ana", "liwei", "bob", "Maria Lopez", "李伟", "Bob Guest"} {
		if !slices.Contains(names, want) {
			t.Fatalf("the names to complete an owner lack %q: %q", want, names)
		}
	}
	if n := testing.AllocsPerRun(50, func() { _ = r.Owners().Suggestions() }); n != 0 {
		t.Fatalf("asking again for the same room's directory allocated %.0f times", n)
	}
	if got := r.Owners().Describe("bob guest"); !strings.Contains(got, "Bob Guest") {
		t.Fatalf("the kept directory does not know the guest: %q", got)
	}
	// someone new: the directory knows them
	carol := meeting.Actor{Handle: "carol", Name: "Carol Guest", Role: meeting.RoleMember, Guest: true}
	join(t, r, carol)
	if !slices.Contains(r.Owners().Suggestions(), "Carol Guest") {
		t.Fatal("a new attendee is missing from the directory")
	}
}

// An owner typed part way, as the start of names on the team, is not "not
// on the team": the hint says tab completes it, and to what (found in the
// tmux walk-through: "Pat" said "+Pat for someone outside it" with thirty
// Pats on the team, one suggested in the field itself).
func TestAnOwnerTypedPartWaySaysTabCompletesIt(t *testing.T) {
	d := meeting.OwnerDirectory{Team: ownerTeam}
	for typed, want := range map[string]string{
		"an":    "tab completes: ana", // her handle and her name: one person
		"Ana S": "tab completes: Ana Silva",
		"SAM P": "tab completes: Sam Park (2 people match)", // @sam and @spark
		"sam":   "→ Sam Park (@sam)",                        // a whole handle names them
		"Bob":   "not on the team: +Bob for someone outside it",
		// only what tab completes: the field matches what was typed as it is
		"@an": "not on the team: +an for someone outside it",
	} {
		if got := d.Describe(typed); got != want {
			t.Errorf("%q: the hint says %q, want %q", typed, got, want)
		}
	}
}

// A decision's maker is named as an action's owner is (the hostile-paste
// check: "+Evilname" in the decision form's Made by was stored with its
// plus, where an action's "+Name" is someone outside the team). A team
// member's name is their handle, so the decision is theirs to review; "+"
// marks someone outside the team; any other name is kept as typed (a
// decision may be the CFO office's).
func TestDecisionMakerIsNamedAsAnOwnerIs(t *testing.T) {
	e := newEnv(t)
	e.svc.Team = func() *meeting.Team { return ownerTeam }
	for made, want := range map[string]string{
		"Ana Silva":   "ana",
		"@ana":        "ana",
		"ａｎａ":         "ana",
		"+Bob Jones":  "Bob Jones",
		"+ana":        "ana",
		"CFO office":  "CFO office",
		"":            "maria",
		"Maria Lopez": "maria",
	} {
		d, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Pause the loyalty email", MadeBy: made})
		if err != nil {
			t.Fatalf("made by %q: %v", made, err)
		}
		if d.MadeBy != want {
			t.Errorf("made by %q stored as %q, want %q", made, d.MadeBy, want)
		}
	}
	// in a room too
	e.hub.SetTeam(func() *meeting.Team { return ownerTeam })
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria)
	d, err := r.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Pause it", MadeBy: "+Evil Name"})
	if err != nil || d.MadeBy != "Evil Name" {
		t.Fatalf("in the room, made by +Evil Name: %+v, %v", d, err)
	}
	d, err = r.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Pause it again", MadeBy: "ana silva"})
	if err != nil || d.MadeBy != "ana" {
		t.Fatalf("in the room, made by ana silva: %+v, %v", d, err)
	}
}

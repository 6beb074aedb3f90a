package meeting_test

import (
	"testing"

	"cxroom/meeting"
)

// The executive records are written outside the room (the board, charters
// and accounts commands, or the room's panes through the Service): a live
// steering committee reloads them and publishes, so every screen sees the
// change; a room whose agenda shows none of them is left alone.
func TestExecutiveChangesReachLiveRooms(t *testing.T) {
	e := newEnv(t)
	sc := e.start(t, meeting.StartInput{Agenda: agenda(t, "steering-committee")})
	voc := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	acc := e.start(t, meeting.StartInput{Agenda: agenda(t, "at-risk-accounts")})
	join(t, sc, maria, ana)
	sub := sc.Subscribe()
	defer sub.Close()
	v0, voc0 := sc.Snapshot().Version, voc.Snapshot().Version
	if f := sc.Snapshot().Board[0]; f.Has {
		t.Fatalf("NRR before any entry: %+v", f)
	}

	p := meeting.PeriodOf(sc.Snapshot().Meeting.Date)
	if _, _, err := e.svc.EnterBoardMetric(e.ctx, maria, "nrr", p, "112", "Q4 finance close", nil); err != nil {
		t.Fatal(err)
	}
	s := sc.Snapshot()
	if f := s.Board[0]; !f.Has || f.Value != 112 || f.EnteredBy != "maria" || s.Version <= v0 {
		t.Fatalf("the room did not reload the figure: %+v (version %d → %d)", f, v0, s.Version)
	}
	if s.Last != "Maria Lopez entered Net revenue retention for "+p.Label()+": 112%" {
		t.Errorf("last: %q", s.Last)
	}
	select {
	case <-sub.C():
	default:
		t.Error("subscribers were not signalled")
	}
	if voc.Snapshot().Version != voc0 {
		t.Error("a VOC triage was republished for a board figure")
	}

	// a refused write changes nothing anywhere
	v1 := sc.Snapshot().Version
	if _, _, err := e.svc.EnterBoardMetric(e.ctx, obs, "nrr", p, "90", "x", nil); code(err) != meeting.EFORBIDDEN {
		t.Fatalf("an observer entered a board figure: %v", err)
	}
	if s := sc.Snapshot(); s.Version != v1 || s.Board[0].Value != 112 {
		t.Fatalf("a refused write republished: %d %+v", s.Version, s.Board[0])
	}

	// charters: listed from the start, due or not; a decided point shows
	c, err := e.svc.AddCharter(e.ctx, maria, meeting.CharterInput{Name: "Onboarding automation", Sponsor: "ana", SponsorRole: "COO",
		Objective: "Cut time-to-value", Start: "2026-10-01"})
	if err != nil {
		t.Fatal(err)
	}
	if s := sc.Snapshot(); len(s.Chartered) != 1 || len(s.Charters) != 1 || s.Chartered[0].ID != c.ID {
		t.Fatalf("charters in the room: %d listed, %d due", len(s.Chartered), len(s.Charters))
	}
	if _, _, err := e.svc.DecideGate(e.ctx, maria, c.ID, "next", "go", "on track", sc.ID()); err != nil {
		t.Fatal(err)
	}
	if g := sc.Snapshot().Chartered[0].Gates[0]; g.Decision != meeting.GateGo || g.MeetingID != sc.ID() {
		t.Fatalf("the decided point: %+v", g)
	}

	// accounts reach the accounts review, not the steering committee
	sv := sc.Snapshot().Version
	if _, err := e.svc.AddAccount(e.ctx, maria, meeting.AccountInput{Account: "Globex", Health: "red", Risk: "Sponsor left"}); err != nil {
		t.Fatal(err)
	}
	if s := acc.Snapshot(); len(s.Accounts) != 1 || s.Accounts[0].Account != "Globex" {
		t.Fatalf("accounts in the review: %+v", s.Accounts)
	}
	if sc.Snapshot().Version != sv {
		t.Error("the steering committee was republished for an account")
	}
}

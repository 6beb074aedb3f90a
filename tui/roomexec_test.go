package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"cxroom/meeting"
)

// The executive rituals in the live room: the steering committee's board,
// charters and at-risk accounts panes, at 80×24 and 60×16.

// execWorld has the quarter's figures, three charters and three at-risk
// accounts written through the Service, and a steering committee (and an
// at-risk accounts review) started by maria.
func execWorld(t *testing.T) (*world, *meeting.Room, *meeting.Room) {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	m := actor("maria")
	q := meeting.PeriodOf(meeting.DateOf(harnessT0))
	for _, f := range []struct{ key, v, src string }{
		{"nrr", "112", "Q4 finance close"}, {"logo_retention", "91", "CRM renewals"}, {"nps", "38", "relationship survey"},
		{"health_green", "71", "health model"}, {"time_to_value", "52", "onboarding tracker"}, {"support_csat", "4.6", "support desk"},
		{"product_adoption", "48", "product analytics"},
	} {
		if _, _, err := w.svc.EnterBoardMetric(ctx, m, f.key, q, f.v, f.src, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []meeting.CharterInput{
		{Name: "Onboarding automation", Sponsor: "ana", SponsorRole: "COO", Objective: "Cut time-to-value to 30 days", Start: "2026-10-01"},
		{Name: "Support deflection", Sponsor: "tom", SponsorRole: "CFO", Objective: "Half the tickets answered by the help centre", Start: "2026-10-25"},
		{Name: "Renewal playbook", Sponsor: "+Jo Park", SponsorRole: "CRO", Objective: "Logo retention to 93%", Start: "2026-11-20"},
	} {
		if _, err := w.svc.AddCharter(ctx, m, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []meeting.AccountInput{
		{Account: "Globex", Health: "red", ARR: "1.2M", Risk: "Executive sponsor left", Mitigation: "CEO-to-CEO call", Owner: "tom", Due: "2026-11-20"},
		{Account: "Initech", Health: "yellow", ARR: "400k", Risk: "Usage down 40% since March", Mitigation: "Adoption workshop", Owner: "ana", Due: "2026-12-04"},
		{Account: "Umbrella\x1b[31m Corp\u202e", Health: "red", ARR: "3M", Risk: "Competitor pilot\x1b]0;pwned\x07 in EMEA", Renewal: "2027-01-31"},
	} {
		if _, err := w.svc.AddAccount(ctx, m, a); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := w.hub.Start(ctx, m, meeting.StartInput{Agenda: w.agenda("steering-committee")})
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Second) // the lobby lists the oldest first: the steering committee on top
	acc, err := w.hub.Start(ctx, m, meeting.StartInput{Agenda: w.agenda("at-risk-accounts")})
	if err != nil {
		t.Fatal(err)
	}
	return w, sc, acc
}

// joinLive opens the lobby's first live room (the steering committee,
// started first) for s.
func joinLive(s *harness) {
	s.t.Helper()
	s.keys("enter")
	s.expect("Monthly CX steering committee", "Segment ")
}

// fits fails unless out is exactly h lines, none wider than w.
func fits(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Errorf("%d lines at %d×%d, want %d:\n%s", len(lines), w, h, h, out)
	}
	for _, l := range lines {
		if lw := lipglossWidth(l); lw > w {
			t.Errorf("a line is %d wide at %d×%d: %q", lw, w, h, l)
		}
	}
}

func TestBoardPaneInTheRoom(t *testing.T) {
	w, _, _ := execWorld(t)
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := w.session("maria", size[0], size[1])
			joinLive(s)
			out := s.expect("Metrics That Matter · Q4 2026", "enter: this quarter's figure")
			fits(t, out, size[0], size[1])
			golden.RequireEqual(t, out)
			s.keys("esc")
		})
	}
	// at 80×24 every one of the twelve metrics is on the screen at once,
	// with its figure, target and status
	s := w.session("tom", 80, 24)
	joinLive(s)
	out := s.screen()
	for _, m := range meeting.BoardMetrics() {
		if !strings.Contains(out, ansiCut(m.Name, 20)) {
			t.Errorf("80×24 lacks %s:\n%s", m.Name, out)
		}
	}
	for _, want := range []string{"*Net revenue retention", "112%", "red", "green", "—"} {
		if !strings.Contains(out, want) {
			t.Errorf("80×24 lacks %q:\n%s", want, out)
		}
	}
	// a member who is not an executive is offered no key, and told why
	s.refuse("enter: this quarter's figure")
	s.keys("enter")
	s.expect("Only a facilitator or an executive can enter board figures")
	s.refuse("(target")
	// at 60×16 the selection scrolls to the last metric
	small := w.session("ana", 60, 16)
	joinLive(small)
	for range 12 {
		small.keys("down")
	}
	small.expect("CX investment efficiency", "CX investment efficiency: no figure this quarter yet")
}

// ansiCut is the first n cells of a name, as a narrow column shows it.
func ansiCut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// A facilitator enters the quarter's figure from the room; the member next
// to her sees it without doing anything; an executive may too; an
// observer is offered nothing and a refused write stores nothing.
func TestBoardFigureFromTheRoom(t *testing.T) {
	w, sc, _ := execWorld(t)
	maria, tom, olga := w.session("maria", 80, 24), w.session("tom", 80, 24), w.session("olga", 80, 24)
	for _, s := range []*harness{maria, tom, olga} {
		joinLive(s)
	}
	maria.keys("down", "down") // NPS (enterprise)
	maria.keys("enter")
	maria.expect("NPS (enterprise) · Q4 2026 (target", "Figure", "Source")
	maria.keys("ctrl+u")
	maria.typeText("44")
	maria.keys("tab", "ctrl+u")
	maria.typeText("Q4 relationship survey")
	maria.keys("ctrl+s")
	maria.expect("saved NPS (enterprise) for Q4 2026: NPS 44")
	tom.expect("Maria Lopez entered NPS (enterprise) for Q4 2026: NPS 44")
	if l := lineWith(tom.screen(), "NPS (enterprise)"); !strings.Contains(l, "44") {
		t.Fatalf("tom's NPS row: %q", l)
	}
	if f := sc.Snapshot().Board[2]; !f.Has || f.Value != 44 || f.Note != "Q4 relationship survey" {
		t.Fatalf("the room's NPS: %+v", f)
	}

	// the observer: no hint, the key refused with the policy's sentence,
	// nothing stored
	olga.refuse("enter: this quarter's figure", "enter figure")
	olga.keys("enter")
	olga.expect("Only a facilitator or an executive can enter board figures")
	olga.refuse("NPS (enterprise) · Q4 2026 (target")
	v := sc.Snapshot().Version
	if _, _, err := w.svc.EnterBoardMetric(context.Background(), actor("olga"), "nps", meeting.PeriodOf(meeting.DateOf(harnessT0)), "10", "x", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Fatalf("an observer's figure: %v", err)
	}
	if s := sc.Snapshot(); s.Version != v || s.Board[2].Value != 44 {
		t.Fatalf("a refused figure changed the room: %+v", s.Board[2])
	}

	// an executive member enters one too; a computed figure cannot be
	tom.d.Actor.Executive = true
	tom.resetKeys()
	tom.keys("up") // a new frame: the keys are asked again
	tom.expect("enter: this quarter's figure")
	for range 10 {
		tom.keys("down")
	}
	tom.keys("enter")
	tom.expect("Executive response time is computed from cxroom's escalations")
}

// resetKeys lets a test that changed the actor have the keys asked again.
func (s *harness) resetKeys() {
	if rs, ok := s.m.top().(*roomScreen); ok {
		rs.keysFor = nil
	}
}

func lineWith(out, text string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

func TestChartersPaneInTheRoom(t *testing.T) {
	w, sc, _ := execWorld(t)
	maria, olga := w.session("maria", 80, 24), w.session("olga", 80, 24)
	joinLive(maria)
	joinLive(olga)
	maria.keys("n")
	out := maria.expect("Initiative charters", "enter: go/no-go", "K1", "Onboarding automation", "Ana Silva",
		"30 days 2026-10-31 ⚑ overdue 24d", "30 days 2026-11-24 ⚑ due today", "30 days 2026-12-20 in 26d", "Jo Park", "sponsor role: COO")
	fits(t, out, 80, 24)
	golden.RequireEqual(t, out)
	olga.expect("Initiative charters", "⚑ overdue 24d")
	olga.refuse("enter: go/no-go")

	// a go at K1's 30-day point, recorded as decided in this meeting
	maria.keys("enter")
	maria.expect("K1 Onboarding automation: the 30 days go/no-go point (due 2026-10-31)", "Decision")
	maria.keys("tab")
	maria.typeText("Activation is up 9 points")
	maria.keys("ctrl+s")
	maria.expect("✓ K1 Onboarding automation: 30 days point (2026-10-31) — go: Activation is up 9")
	olga.expect("90 days 2026-12-30 in 36d", "30 days: go on 2026-11-24 — Activation is up 9 points")
	if g := sc.Snapshot().Chartered[0].Gates[0]; g.Decision != meeting.GateGo || g.MeetingID != sc.ID() || g.DecidedBy != "maria" {
		t.Fatalf("K1's 30-day point: %+v", g)
	}
	olga.keys("enter")
	olga.expect("Only a facilitator or an executive can charter initiatives or decide")

	// a no-go needs a note, then stops the initiative
	maria.keys("down", "enter", "tab")
	maria.keys("ctrl+s") // go, no note: fine; try the no-go on the next
	maria.expect("✓ K2 Support deflection: 30 days point (2026-11-24) — go")
	maria.keys("down", "enter")
	maria.typeText("n")
	maria.keys("ctrl+s")
	maria.expect("A no-go needs a note")
	maria.keys("tab")
	maria.typeText("Budget moves to onboarding")
	maria.keys("ctrl+s")
	// read whole: the notice wraps rather than losing its end
	maria.expect("✓ K3 Renewal playbook: 30 days point (2026-12-20) — no-go: Budget moves to", "onboarding; the initiative is stopped")
	olga.expect("stopped", "no-go at 30 days")

	small := w.session("tom", 60, 16)
	joinLive(small)
	fits(t, small.screen(), 60, 16)
	requireGolden(t, "room_charters_60x16", small.screen())
}

func TestAccountsPaneInTheRoom(t *testing.T) {
	w, _, _ := execWorld(t)
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		s := w.session("tom", size[0], size[1])
		// the at-risk accounts review, second in the lobby
		s.keys("down", "enter")
		s.expect("Monthly top-10 at-risk accounts")
		r := s.room()
		if err := r.Next(context.Background(), actor("maria")); err != nil {
			t.Fatal(err)
		}
		out := s.expect("Top 10 at-risk accounts", "Globex", "Initech")
		fits(t, out, size[0], size[1])
		if strings.ContainsAny(out, "\x1b\u202e\a") {
			t.Fatalf("an escape or bidi control reached the screen: %q", out)
		}
		if size[0] == 80 {
			s.expect("2026-11-20 ⚑ overdue", "Tom Reed", "W3 mitigation: none yet · ARR $3M · renews 2027-01-31")
			s.refuse("2026-12-04 ⚑ overdue")
		}
		requireGolden(t, fmt.Sprintf("room_accounts_%dx%d", size[0], size[1]), out)
		if err := r.Prev(context.Background(), actor("maria")); err != nil {
			t.Fatal(err)
		}
		s.keys("esc")
	}
}

// Guests see no executive figures in the room.
func TestExecutivePanesHiddenFromGuests(t *testing.T) {
	w, _, _ := execWorld(t)
	s := w.session("ana", 80, 24)
	s.d.Actor.Guest = true
	joinLive(s)
	s.expect("Guests cannot see the executive layer")
	s.refuse("112%", "Net revenue retention")
}

// TestSelectionStartsAtTheTopOfEachSegment: a selection left on the
// board's fifth metric did not follow the room into the go/no-go segment,
// whose list is shorter: no row was selected and enter did nothing (found
// by hand over SSH). Each segment's list starts at its first row, for
// everyone in the room.
func TestSelectionStartsAtTheTopOfEachSegment(t *testing.T) {
	w, _, _ := execWorld(t)
	maria, olga := w.session("maria", 80, 24), w.session("olga", 80, 24)
	joinLive(maria)
	joinLive(olga)
	maria.keys("down", "down", "down", "down")
	olga.keys("down", "down", "down", "down")
	maria.keys("n")
	for _, s := range []*harness{maria, olga} {
		out := s.expect("Initiative charters")
		if !strings.HasPrefix(strings.TrimSpace(lineWith(out, "K1 ")), "›") {
			t.Fatalf("%s: the first charter is not selected:\n%s", s.d.Actor.Handle, out)
		}
	}
	maria.keys("enter")
	maria.expect("K1 Onboarding automation: the 30 days go/no-go point")
}

package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cxroom/meeting"
)

// The executive layer over real SSH: a facilitator marks a member as an
// executive in the team file; from the next session the executive enters
// board figures, charters initiatives and lists at-risk accounts, other
// members are refused with one sentence and exit 3, observers read.
func TestSSHExecutiveCommands(t *testing.T) {
	e := newSSHEnv(t)
	if out, errOut, code := e.run("maria", "team set dev --executive"); code != 0 || !strings.Contains(out, "an executive") {
		t.Fatalf("team set --executive: %d %q %q", code, out, errOut)
	}
	for _, cmd := range []string{
		`board enter nrr 112 --source "Q4 finance close"`,
		`charters add Onboarding automation --sponsor dev --role COO --objective "Cut time-to-value" --start 2026-10-01`,
		`accounts add Globex --health red --arr 1.2M --risk "Sponsor left" --owner dev --due +1w`,
		`board brief summary CX health improved: NRR reached 112%.`,
	} {
		if out, errOut, code := e.run("dev", cmd); code != 0 {
			t.Fatalf("dev: %s: %d %q %q", cmd, code, out, errOut)
		}
	}
	for _, cmd := range []string{`board enter nrr 100 --source x`, `charters decide K1 30d go`, `accounts set W1 --health green`} {
		if _, errOut, code := e.run("ben", cmd); code != 3 || !oneLineErr(errOut) || !strings.Contains(errOut, "only a facilitator or an executive") {
			t.Errorf("ben: %s: %d %q", cmd, code, errOut)
		}
	}
	out, errOut, code := e.run("olga", "board --json")
	if code != 0 {
		t.Fatalf("olga: board --json: %d %q", code, errOut)
	}
	var doc struct {
		Summary string `json:"summary"`
		Core    []struct {
			Key       string   `json:"key"`
			Current   *float64 `json:"current"`
			EnteredBy string   `json:"entered_by"`
		} `json:"core_metrics"`
		Actions []struct {
			Source string `json:"source"`
		} `json:"strategic_actions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Core[0].Key != "nrr" || doc.Core[0].Current == nil || *doc.Core[0].Current != 112 || doc.Core[0].EnteredBy != "dev" ||
		doc.Summary != "CX health improved: NRR reached 112%." || len(doc.Actions) != 1 || doc.Actions[0].Source != "charter K1" {
		t.Errorf("board --json over SSH: %s", out)
	}
	if out, _, code := e.run("olga", "report board --format html"); code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Errorf("report board --format html over SSH: %d", code)
	}
}

// A steering committee over real SSH: the facilitator runs it, a member
// and an observer join; the facilitator enters the quarter's NRR from the
// board pane and the member's screen shows it at once; the observer is
// offered no write key, and a write they attempt is refused and stores
// nothing.
func TestSSHSteeringCommitteeBoardPane(t *testing.T) {
	e := newSSHEnv(t)
	ctx := context.Background()
	maria := e.connect("maria")
	maria.waitFor(wait, "START A RITUAL")
	maria.selectRow("Monthly CX steering committee")
	maria.send(keyEnter)
	maria.waitFor(wait, "WHO IS INVITED")
	maria.send(keyEnter)
	maria.waitFor(wait, "Segment 1/4", "Metrics That Matter", "enter: this quarter's figure")
	rooms := e.hub.Rooms(actorOf("maria"))
	if len(rooms) != 1 {
		t.Fatalf("want one live room, got %d", len(rooms))
	}
	r := rooms[0]
	ben, olga := e.connect("ben"), e.connect("olga")
	for i, c := range []*client{ben, olga} {
		c.waitFor(wait, "IN PROGRESS")
		c.selectRow("● Monthly CX steering committee")
		c.send(keyEnter)
		c.waitFor(wait, "Metrics That Matter", fmt.Sprintf("Here (%d)", i+2))
	}
	ben.waitFor(wait, "Net revenue retention", "110%")
	if strings.Contains(ben.screen(), "112%") {
		t.Fatal("a figure shows before anyone entered it")
	}

	// the facilitator enters NRR (the first row) from the room
	maria.send(keyEnter)
	maria.waitFor(wait, "Net revenue retention · Q", "Figure", "Source")
	maria.send("112", keyTab, "Q4 finance close")
	maria.waitFor(wait, "Q4 finance close")
	maria.send("\x13") // ctrl+s
	maria.waitFor(wait, "✓ saved Net revenue retention for Q")
	ben.waitFor(wait, "Maria Lopez entered Net revenue retention for Q", "112%")
	olga.waitFor(wait, "112%")

	// the observer: no write hint; enter is refused with the policy's
	// sentence, and nothing is stored
	for _, hint := range []string{"enter: this quarter's figure", "quarter's figure"} {
		if strings.Contains(olga.screen(), hint) {
			t.Errorf("the observer is offered %q:\n%s", hint, olga.screen())
		}
	}
	olga.send(keyDown, keyEnter)
	olga.waitFor(wait, "Only a facilitator or an executive can enter board figures")
	if strings.Contains(olga.screen(), "Figure") && strings.Contains(olga.screen(), "Source") {
		t.Fatal("the observer got the figure form")
	}
	v := r.Snapshot().Version
	p := meeting.PeriodOf(r.Snapshot().Meeting.Date)
	if _, _, err := e.svc.EnterBoardMetric(ctx, actorOf("olga"), "logo_retention", p, "80", "x", nil); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Fatalf("the observer's figure: %v", err)
	}
	if _, errOut, code := e.run("olga", `board enter logo_retention 80 --source x`); code == 0 || !strings.Contains(errOut, "only a facilitator or an executive") {
		t.Fatalf("the observer's figure over ssh: %d %q", code, errOut)
	}
	sheets, err := e.db.ScoreSheets(ctx)
	must(t, err)
	entered := 0
	for _, sh := range sheets {
		for _, m := range meeting.BoardMetrics() {
			if x, ok := sh.Entry(m.Key); ok && x.Value != nil {
				entered++
				if m.Key != meeting.BoardNRR || *x.Value != 112 || x.EnteredBy != "maria" {
					t.Errorf("stored %s: %v by %s", m.Key, *x.Value, x.EnteredBy)
				}
			}
		}
	}
	if entered != 1 {
		t.Errorf("%d board figures stored, want NRR's alone", entered)
	}
	if s := r.Snapshot(); s.Version != v || s.Board[1].Has {
		t.Errorf("a refused figure reached the room: version %d → %d, %+v", v, s.Version, s.Board[1])
	}
}

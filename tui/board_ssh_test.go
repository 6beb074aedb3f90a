package tui

import (
	"encoding/json"
	"strings"
	"testing"
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

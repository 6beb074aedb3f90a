package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cxroom/agendas"
	"cxroom/meeting"
)

// Each executive ritual loads, runs and renders its minutes: the agenda
// with every segment's timing, then the sections of what its segments
// produce (board metrics, go/no-go points, at-risk accounts), and the
// same as JSON.
func TestExecutiveRitualMinutes(t *testing.T) {
	board := boardFixture(t)
	k1 := board.Charters[0]
	ids := map[string][]string{
		"steering-committee":   {"## Board metrics", "| Net revenue retention | 112% | 108% | 115% | 🟡 | CCO + CRO |", "**Executive response time** (internal only)", "## Initiative go/no-go points", "90 days point (2026-12-14): due, not decided"},
		"executive-review":     {"## Board metrics", "## Initiative go/no-go points", "## Prioritized issues"},
		"strategic-council":    {"## Initiative go/no-go points"},
		"board-review":         {"## Board metrics", "## Initiative go/no-go points"},
		"at-risk-accounts":     {"## Board metrics", "## Top 10 at-risk accounts", "| Globex | red | $1.2M | Sponsor left | _not recorded_ | _not recorded_ | _not recorded_ |"},
		"ritual-retrospective": {"## Prioritized issues"},
	}
	found := 0
	for _, a := range agendas.Builtin() {
		want, ok := ids[a.ID]
		if !ok {
			continue
		}
		found++
		t.Run(a.ID, func(t *testing.T) {
			m := &meeting.Meeting{ID: "M40", Title: a.Title, Agenda: a, Date: "2026-12-16", Facilitator: "maria", CreatedBy: "maria", CreatedAt: mnT0}
			var moves []int
			for i := 1; i < len(a.Segments); i++ {
				moves = append(moves, a.Offset(i))
			}
			mnRun(t, m, moves, nil, a.Minutes)
			b := &meeting.Bundle{Meeting: m, Board: board.Figures, Response: board.Response, Charters: []*meeting.Charter{k1}, Accounts: board.AtRisk}
			out := Minutes(b, mnTeam(), mnAt(a.Minutes+1))
			if !strings.Contains(out, "# "+a.Title) || !strings.Contains(out, "**Ritual:** "+a.Title+" ("+a.ID+")") {
				t.Errorf("header:\n%s", out)
			}
			for i, s := range a.Segments {
				line := fmt.Sprintf("%d. %s — %d min planned", i+1, s.Title, s.Minutes)
				if !strings.Contains(out, line) {
					t.Errorf("agenda lacks %q:\n%s", line, out)
				}
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("minutes lack %q:\n%s", w, out)
				}
			}
			data, err := MinutesJSON(b)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if n := len(doc["board_metrics"].([]any)); n != 12 {
				t.Errorf("board_metrics: %d", n)
			}
		})
	}
	if found != len(ids) {
		t.Errorf("%d of the %d executive rituals are shipped", found, len(ids))
	}
}

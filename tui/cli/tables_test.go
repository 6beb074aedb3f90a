package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// Names whose rune count is not their width on a terminal: wide (CJK), an
// emoji of three runes joined by a ZWJ, a combining accent.
var awkwardOwners = []string{"李伟", "👩‍💼", "José", "王小明", "bob"} // José: e + U+0301

// columnStarts returns, for each header word, the cell it starts at.
func columnStarts(t *testing.T, header string, words ...string) []int {
	t.Helper()
	var at []int
	for _, w := range words {
		i := strings.Index(header, w)
		if i < 0 {
			t.Fatalf("header %q lacks %q", header, w)
		}
		at = append(at, ansi.StringWidth(header[:i]))
	}
	return at
}

// checkColumns fails unless, on every row, each column's text starts at
// its header's cell with a non-space, after a space.
func checkColumns(t *testing.T, lines []string, at []int) {
	t.Helper()
	for _, l := range lines {
		for _, c := range at {
			// two cells: a wide character starting here takes both
			if before, here := ansi.Cut(l, c-1, c), ansi.Cut(l, c, c+2); before != " " || here == "" || here[0] == ' ' {
				t.Errorf("row %q: no column starts at cell %d (%q then %q)", l, c, before, here)
			}
		}
	}
}

func TestCommandTablesLineUpByCellWidth(t *testing.T) {
	svc := newFixture(t).svc
	team := &meeting.Team{}
	for i, o := range awkwardOwners {
		team.Members = append(team.Members, meeting.Member{Handle: string(rune('a'+i)) + "x", Name: o, Role: meeting.RoleMember})
	}
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		e := &Env{Stdout: &out, Stderr: &errb, Actor: facil, Svc: svc, Team: team}
		if code := Run(context.Background(), e, args); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errb.String())
		}
		return out.String()
	}
	for _, o := range awkwardOwners {
		run("actions", "add", "Call "+o, "--owner", o, "--due", "fri")
	}
	lines := strings.Split(strings.TrimSpace(run("actions")), "\n")
	if len(lines) != 1+len(awkwardOwners) {
		t.Fatalf("actions: %q", lines)
	}
	checkColumns(t, lines[1:], columnStarts(t, lines[0], "DUE", "OWNER", "STATUS", "TEXT"))

	lines = strings.Split(strings.TrimSpace(run("team")), "\n")
	if len(lines) != 1+len(awkwardOwners) {
		t.Fatalf("team: %q", lines)
	}
	checkColumns(t, lines[1:], columnStarts(t, lines[0], "NAME", "ROLE", "KEYS"))
}

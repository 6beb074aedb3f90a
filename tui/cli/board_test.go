package cli

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

var boss = meeting.Actor{Handle: "dana", Name: "Dana Ortiz", Role: meeting.RoleMember, Executive: true}

var snake = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// keys checks every key of a JSON document is lower snake_case.
func keys(t *testing.T, what, out string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, out)
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, e := range x {
				if !snake.MatchString(k) {
					t.Errorf("%s: key %q is not snake_case", what, k)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return v
}

// Board figures, the brief, charters and accounts from the command line,
// locally and over SSH: facilitators and executives write, members and
// observers read, --json is snake_case.
func TestExecutiveCommands(t *testing.T) {
	f := newFixture(t) // Wednesday 25 Nov 2026: 2026Q4
	for _, c := range []struct {
		who    meeting.Actor
		remote bool
		line   []string
	}{
		{facil, false, []string{"board", "enter", "nrr", "108", "--quarter", "2026Q3", "--source", "Q3 finance close"}},
		{boss, true, []string{"board", "enter", "NRR", "112%", "--source", "Q4 finance close"}},
		{boss, true, []string{"board", "enter", "csat", "4.4/5", "--source", "Zendesk, November"}},
		{facil, false, []string{"board", "target", "nrr", "115"}},
		{boss, true, []string{"board", "brief", "summary", "CX", "health", "improved:", "NRR", "reached", "112%."}},
		{boss, true, []string{"charters", "add", "Onboarding", "automation", "--sponsor", "dana", "--role", "COO", "--objective", "Cut time-to-value",
			"--outcome", "Faster go-live; metric: TTV; target: 54 days", "--budget", "5M", "--start", "2026-10-01", "--risk", "Backlog -> a squad"}},
		{facil, false, []string{"charters", "decide", "K1", "30d", "go", "--note", "on plan"}},
		{boss, true, []string{"accounts", "add", "Globex", "--health", "red", "--arr", "1.2M", "--risk", "Sponsor left", "--owner", "maria", "--due", "fri"}},
		{facil, true, []string{"accounts", "set", "W1", "--mitigation", "CEO call with the new CIO"}},
	} {
		if out, errs, code := f.run(c.who, c.remote, c.line...); code != 0 {
			t.Fatalf("%s %q: %d %q %q", c.who.Handle, c.line, code, out, errs)
		}
	}
	// who may not
	for _, c := range []struct {
		who  meeting.Actor
		line []string
	}{
		{member, []string{"board", "enter", "nrr", "100", "--source", "x"}},
		{watch, []string{"charters", "add", "X", "--sponsor", "dana", "--objective", "Y"}},
		{member, []string{"charters", "decide", "K1", "90d", "go"}},
		{member, []string{"accounts", "add", "Initech", "--health", "red", "--risk", "x"}},
		{member, []string{"board", "brief", "summary", "x"}},
	} {
		if _, errs, code := f.run(c.who, true, c.line...); code != ExitForbidden || !strings.Contains(errs, "only a facilitator or an executive") {
			t.Errorf("%s %q: %d %q", c.who.Handle, c.line, code, errs)
		}
	}
	// bad input: one line, exit 2, nothing written
	before := f.count()
	for _, line := range [][]string{
		{"board", "enter", "nrr", "lots", "--source", "x"},
		{"board", "enter", "executive_response_time", "2", "--source", "x"},
		{"board", "enter", "happiness", "2", "--source", "x"},
		{"charters", "add", "X", "--objective", "Y"},
		{"charters", "decide", "K1", "90d", "maybe"},
		{"accounts", "add", "Initech", "--health", "purple", "--risk", "x"},
		{"report", "board", "--format", "pdf"},
		{"report", "board", "--quarter", "2026Q9"},
	} {
		if _, errs, code := f.run(facil, true, line...); code != ExitUsage || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%q: %d %q", line, code, errs)
		}
	}
	if f.count() != before {
		t.Error("a refused command wrote something")
	}

	// members and observers read, over SSH, as JSON
	out, errs, code := f.run(watch, true, "board", "--json")
	if code != 0 {
		t.Fatalf("board --json: %d %q", code, errs)
	}
	doc := keys(t, "board --json", out).(map[string]any)
	core := doc["core_metrics"].([]any)
	nrr := core[0].(map[string]any)
	if len(core) != 8 || nrr["key"] != "nrr" || nrr["current"] != 112.0 || nrr["prior_quarter"] != 108.0 || nrr["target"] != 115.0 ||
		nrr["status"] != "amber" || doc["summary"] != "CX health improved: NRR reached 112%." {
		t.Errorf("board --json: %v", nrr)
	}
	out, _, _ = f.run(member, true, "board")
	for _, want := range []string{"* Net revenue retention", "112%", "108%", "115%", "CCO + CRO", "Executive response time (internal only): no escalations"} {
		if !strings.Contains(out, want) {
			t.Errorf("board lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = f.run(member, true, "board", "metrics", "--json")
	if rows := keys(t, "board metrics --json", out).([]any); len(rows) != 12 {
		t.Errorf("%d metrics", len(rows))
	}
	out, _, _ = f.run(member, true, "charters", "--json")
	cs := keys(t, "charters --json", out).([]any)
	if len(cs) != 1 || cs[0].(map[string]any)["gates"].([]any)[0].(map[string]any)["decision"] != "go" {
		t.Errorf("charters --json: %s", out)
	}
	out, _, _ = f.run(member, true, "charters", "--due") // 25 Nov: the 30-day point was decided; the 90-day one is due 30 Dec
	if !strings.Contains(out, "no go/no-go point is due") {
		t.Errorf("charters --due:\n%s", out)
	}
	out, _, _ = f.run(member, true, "charters", "show", "k1")
	for _, want := range []string{"# Initiative: Onboarding automation", "**Name**: dana (COO)", "- **Budget**: $5M",
		"- **Go/No-Go Decision Points**: 30 days (2026-10-31): go on 2026-11-25 by maria, on plan; 90 days (2026-12-30): to decide", "1. Backlog → a squad"} {
		if !strings.Contains(out, want) {
			t.Errorf("charters show lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = f.run(watch, true, "accounts", "--json")
	as := keys(t, "accounts --json", out).([]any)
	if len(as) != 1 || as[0].(map[string]any)["mitigation"] != "CEO call with the new CIO" || as[0].(map[string]any)["due"] != "2026-11-27" {
		t.Errorf("accounts --json: %s", out)
	}
	// the report, in its three formats
	out, _, code = f.run(member, true, "report", "board", "--quarter", "2026Q4")
	if code != 0 || !strings.Contains(out, "# Q4 2026 Customer Experience Board Report") || !strings.Contains(out, "| Net revenue retention | 112% | 108% | — | 115% | 🟡 |") {
		t.Errorf("report board:\n%s", out)
	}
	out, _, code = f.run(member, true, "report", "board", "--format", "html")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || strings.Count(out, "<svg") != 1 { // NRR has two quarters; CSAT one
		t.Errorf("report board --format html: %d svgs", strings.Count(out, "<svg"))
	}
	out, _, _ = f.run(member, true, "report", "board", "--format", "json")
	keys(t, "report board --format json", out)
}

// Guests (--open) see none of the executive layer.
func TestGuestsSeeNoExecutiveLayer(t *testing.T) {
	f := newFixture(t)
	guest := meeting.Actor{Handle: "gus", Name: "gus", Role: meeting.RoleMember, Guest: true}
	for _, line := range [][]string{{"board"}, {"charters"}, {"accounts"}, {"report", "board"}} {
		if _, errs, code := f.run(guest, true, line...); code != ExitForbidden || !strings.Contains(errs, "guests cannot see the executive layer") {
			t.Errorf("%q: %d %q", line, code, errs)
		}
	}
}

// An executive is marked in the team file.
func TestTeamExecutiveMark(t *testing.T) {
	f := newFixture(t)
	if _, errs, code := f.run(facil, false, "team", "add", "Dana Ortiz", "--handle", "dana", "--executive"); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(f.team)
	team, err := teamfile.Parse("team.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := team.Member("dana"); !m.Executive || m.Actor() != boss {
		t.Errorf("dana: %+v", m)
	}
	out, errs, code := f.run(facil, false, "team", "set", "dana", "--executive=false")
	if code != 0 || !strings.Contains(out, "is member") || strings.Contains(out, "executive") {
		t.Errorf("team set --executive=false: %q %q", out, errs)
	}
	data, _ = os.ReadFile(f.team)
	if team, err = teamfile.Parse("team.yaml", data); err != nil || team.Members[0].Executive {
		t.Errorf("still an executive: %v", err)
	}
}

package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// call is one command line and what came of it.
type call struct {
	out, err string
	code     int
}

// exec runs args in e (a fresh Env per call: the tree is built per
// invocation) and returns what it printed.
func (f *fixture) exec(a meeting.Actor, remote bool, mod func(*Env), args ...string) call {
	var out, errb bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Actor: a, Svc: f.svc, Agendas: f.set, Team: &meeting.Team{}, Remote: remote}
	if !remote {
		e.TeamPath, e.Admin = f.team, f.admin
	} else {
		e.Join = "ssh -p 2451 cx.example.com"
	}
	if mod != nil {
		mod(e)
	}
	code := Run(context.Background(), e, args)
	return call{out.String(), errb.String(), code}
}

// line runs one command line as SSH delivers it (one string).
func (f *fixture) line(a meeting.Actor, mod func(*Env), line string) call {
	var out, errb bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Actor: a, Svc: f.svc, Agendas: f.set, Team: &meeting.Team{},
		Remote: true, Join: "ssh -p 2451 cx.example.com"}
	if mod != nil {
		mod(e)
	}
	code := RunLine(context.Background(), e, line)
	return call{out.String(), errb.String(), code}
}

func oneErrorLine(t *testing.T, what string, c call) {
	t.Helper()
	if !strings.HasPrefix(c.err, "cxroom: ") || strings.Count(c.err, "\n") != 1 {
		t.Errorf("%s: stderr is not one line: %q", what, c.err)
	}
}

// Flags come before or after the words, and a command's group flags
// before its subcommand.
func TestFlagsBeforeAndAfterTheWords(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{
		{"actions", "add", "Call", "Acme", "--owner", "ana", "--due", "fri"},
		{"actions", "add", "--owner", "ana", "Call", "Acme", "--due", "fri"},
		{"actions", "add", "--due=fri", "--owner=ana", "--", "Call", "Acme"},
		{"--no-color", "actions", "add", "Call", "Acme", "--owner", "ana", "--due", "fri", "--no-color"},
	} {
		c := f.exec(facil, false, nil, args...)
		if c.code != 0 || !strings.Contains(c.out, "added: Call Acme (ana, due 2026-11-27)") {
			t.Errorf("%q: %+v", args, c)
		}
	}
	a := f.exec(facil, false, nil, "actions", "--json", "--owner", "ana")
	b := f.exec(facil, false, nil, "actions", "--owner=ana", "--json")
	if a.code != 0 || a.out != b.out || strings.Count(a.out, `"text": "Call Acme"`) != 4 {
		t.Fatalf("flags before and after:\n%+v\n%+v", a, b)
	}
}

// Text that merely starts with a dash is text, and -- ends the flags
// (issue 9, low): `actions add -2+3 …` said "unknown flag".
func TestTextStartingWithADash(t *testing.T) {
	f := newFixture(t)
	for args, want := range map[string]string{
		"actions add -2+3 churn: call the top accounts --owner ana --due fri": "-2+3 churn: call the top accounts",
		"actions add --owner ana --due fri -- -x marks the spot":              "-x marks the spot",
		"actions add - is a dash --owner ana --due fri":                       "- is a dash",
		"actions add --owner ana --due fri -- --json is text here":            "--json is text here",
	} {
		c := f.exec(facil, false, nil, strings.Fields(args)...)
		if c.code != 0 || !strings.Contains(c.out, "added: "+want+" (ana") {
			t.Errorf("%s: %+v", args, c)
		}
	}
	// a word shaped like a flag is still a flag: unknown, one line, exit 2, with the way out
	c := f.exec(facil, false, nil, "actions", "add", "-fix", "it", "--owner", "ana", "--due", "fri")
	oneErrorLine(t, "-fix", c)
	if c.code != ExitUsage || !strings.Contains(c.err, "after --") {
		t.Errorf("-fix: %+v", c)
	}
	if n := f.count(); n != 4 {
		t.Fatalf("%d actions", n)
	}
}

// Over SSH the quotes around a text of several words are lost: the words
// that are not flags are the text (issue 11.2).
func TestMultiWordTextOverSSH(t *testing.T) {
	f := newFixture(t)
	c := f.line(member, nil, "actions add Publish refund FAQ --owner ana --due +1w")
	if c.code != 0 || c.out != "A1 added: Publish refund FAQ (ana, due 2026-12-02)\n" {
		t.Fatalf("unquoted words: %+v", c)
	}
	c = f.line(member, nil, `actions add "Publish refund FAQ" --owner ana --due +1w`)
	if c.code != 0 || !strings.Contains(c.out, "added: Publish refund FAQ (ana") {
		t.Fatalf("quoted: %+v", c)
	}
	c = f.line(member, nil, `actions add 'it'\''s "done"' --owner ana --due fri`)
	if c.code != 0 || !strings.Contains(c.out, `added: it's "done" (ana`) {
		t.Fatalf("shell quoting: %+v", c)
	}
	// What still cannot parse says how to quote for ssh.
	c = f.line(member, nil, "actions set A1 --status blocked --note waiting on legal")
	oneErrorLine(t, "note of several words", c)
	if c.code != ExitUsage || !strings.Contains(c.err, `ssh -p 2451 cx.example.com 'actions set "…"'`) {
		t.Fatalf("note of several words: %+v", c)
	}
	// An unclosed quote says so (issue 9, low).
	c = f.line(member, nil, `whoami "unclosed`)
	oneErrorLine(t, "unclosed", c)
	if c.code != ExitUsage || !strings.Contains(c.err, `unclosed " quote`) || !strings.Contains(c.err, "ssh -p 2451 cx.example.com '") {
		t.Fatalf("unclosed quote: %+v", c)
	}
	if c := f.line(member, nil, "   "); c.code != ExitUsage {
		t.Fatalf("blank line: %+v", c)
	}
	if n := f.count(); n != 3 {
		t.Fatalf("%d actions", n)
	}
}

func TestSplitLine(t *testing.T) {
	for in, want := range map[string][]string{
		`a b  c`:                 {"a", "b", "c"},
		`actions add "a b" c`:    {"actions", "add", "a b", "c"},
		`x 'a "b" c' d`:          {"x", `a "b" c`, "d"},
		`x "a \"b\" \$c \n"`:     {"x", `a "b" $c \n`},
		`x a\ b`:                 {"x", "a b"},
		`x ""`:                   {"x", ""},
		`x a"b c"d`:              {"x", "ab cd"},
		"x\ty\n":                 {"x", "y"},
		`x '$(rm -rf /)' ; ls &`: {"x", "$(rm -rf /)", ";", "ls", "&"},
	} {
		got, err := SplitLine(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("SplitLine(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`x "a`, `x 'a`, `x a\`, `"`} {
		if _, err := SplitLine(in); err == nil {
			t.Errorf("SplitLine(%q) accepted", in)
		}
	}
}

func FuzzSplitLine(f *testing.F) {
	for _, s := range []string{`a "b c" 'd'`, `x\ y`, `"\"`, `''`, "a\tb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := SplitLine(s)
		if err != nil {
			return
		}
		// what splits also joins back to the same words when each is quoted
		var b strings.Builder
		for _, w := range words {
			b.WriteString("'" + strings.ReplaceAll(w, "'", `'\''`) + "' ")
		}
		again, err := SplitLine(b.String())
		if err != nil || !slices.Equal(again, words) {
			t.Fatalf("%q → %q → %q (%v)", s, words, again, err)
		}
	})
}

// every command of the tree, found by walking it.
func allCommands(t *testing.T, remote bool) []*cobra.Command {
	t.Helper()
	root := newRoot(&Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Remote: remote})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var out []*cobra.Command
	walk(root, func(c *cobra.Command) {
		if c != root && !c.Hidden {
			out = append(out, c)
		}
	})
	return out
}

// `help CMD` and `CMD --help` show a page with the usage and an example,
// for every command; an unknown one is exit 2.
func TestHelpPages(t *testing.T) {
	f := newFixture(t)
	n := 0
	for _, c := range allCommands(t, false) {
		words := strings.Fields(path(c))
		if words[0] == "completion" && len(words) > 1 || words[0] == "help" {
			continue
		}
		n++
		a := f.exec(facil, false, nil, append([]string{"help"}, words...)...)
		b := f.exec(facil, false, nil, append(words, "--help")...)
		if a.code != 0 || a.err != "" || !strings.Contains(a.out, "Usage:\n  cxroom "+path(c)) || !strings.Contains(a.out, "Examples:\n  ") {
			t.Errorf("help %s: %+v", path(c), a)
		}
		if b.out != a.out || b.code != 0 {
			t.Errorf("%s --help differs from help %s:\n%s\n---\n%s", path(c), path(c), b.out, a.out)
		}
	}
	if n < 30 {
		t.Fatalf("only %d commands in the tree", n)
	}
	for _, args := range [][]string{{"help", "nope"}, {"help", "actions", "nope"}} {
		c := f.exec(facil, false, nil, args...)
		oneErrorLine(t, strings.Join(args, " "), c)
		if c.code != ExitUsage || c.out != "" {
			t.Errorf("%q: %+v", args, c)
		}
	}
	// over SSH, help does not offer what is refused there
	c := f.line(member, nil, "help")
	_, cmds, _ := strings.Cut(c.out, "Available Commands:")
	if c.code != 0 || !strings.Contains(cmds, "actions") || !strings.Contains(c.out, "ssh -p 2451 cx.example.com actions --mine") ||
		strings.Contains(cmds, "serve") || strings.Contains(cmds, "restore") || strings.Contains(cmds, "completion") || strings.Contains(c.out, "--data") {
		t.Fatalf("help over SSH: %+v", c)
	}
}

// The bash completion script is valid bash; zsh and fish get theirs.
func TestCompletionScripts(t *testing.T) {
	f := newFixture(t)
	c := f.exec(facil, false, nil, "completion", "bash")
	if c.code != 0 || !strings.Contains(c.out, "cxroom") {
		t.Fatalf("completion bash: %+v", c)
	}
	script := filepath.Join(t.TempDir(), "cxroom.bash")
	if err := os.WriteFile(script, []byte(c.out), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	for _, sh := range []string{"zsh", "fish"} {
		if c := f.exec(facil, false, nil, "completion", sh); c.code != 0 || !strings.Contains(c.out, "cxroom") {
			t.Errorf("completion %s: %+v", sh, c)
		}
	}
	// completing a command's name and its flags
	c = f.exec(facil, false, nil, "__complete", "actions", "a")
	if !strings.Contains(c.out, "add") {
		t.Errorf("__complete actions a: %+v", c)
	}
	c = f.exec(facil, false, nil, "__complete", "actions", "add", "--o")
	if !strings.Contains(c.out, "--owner") {
		t.Errorf("__complete actions add --o: %+v", c)
	}
	if c := f.line(member, nil, "completion bash"); c.code != ExitUsage {
		t.Errorf("completion over SSH: %+v", c)
	}
}

// Every command, with its exit status for good input (0), bad input (2,
// one line, nothing written) and a caller who may not (3).
func TestEveryCommandsExitStatus(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.AddAction(ctx, facil, "Call Acme", "ana", "fri"); err != nil {
		t.Fatal(err)
	}
	bak := filepath.Join(t.TempDir(), "b.bak")
	tests := []struct {
		who    meeting.Actor
		remote bool
		line   string
		want   int
	}{
		{facil, false, "actions", 0}, {facil, false, "actions --status nope", 2}, {facil, false, "actions extra", 2},
		{facil, false, "actions add x --owner ana --due fri", 0}, {facil, false, "actions add x --owner ana --due never", 2}, {watch, true, "actions add x --owner ana --due fri", 3},
		{member, true, "actions set A1 --status blocked --note legal", 0}, {facil, false, "actions set A1", 2}, {watch, true, "actions set A1 --status done", 3},
		{facil, false, "meetings --live", 0}, {facil, false, "meetings --bogus", 2},
		{facil, false, "decisions --review-due", 0}, {facil, false, "decisions x", 2},
		{facil, false, "journeys", 0}, {facil, false, "journeys add Onboarding --owner ana", 0}, {facil, false, "journeys add", 2}, {member, true, "journeys add Billing --owner ana", 3},
		{facil, false, "stories --query x", 0}, {facil, false, "stories --stage", 2},
		{facil, false, "series", 0}, {facil, false, "series add --agenda voc-triage --time 09:00", 0}, {facil, false, "series add --agenda nope", 2}, {member, true, "series add --agenda voc-triage", 3},
		{facil, false, "scorecard --period 2026Q3", 0}, {facil, false, "scorecard --period yesterdayish", 2}, {watch, true, "scorecard --json", 0},
		{facil, false, "scorecard --zone Mars/Olympus", 2}, {facil, false, "scorecard --metric happiness", 2}, {facil, false, "scorecard metrics", 0},
		{facil, false, "scorecard enter customer_fluency 7.2 --source 'Q4 survey'", 0}, {member, true, "scorecard enter customer_fluency 9 --source x", 3},
		{facil, false, "scorecard enter customer_fluency 11 --source x", 2}, {facil, false, "scorecard enter customer_fluency 7", 2},
		{facil, false, "scorecard enter happiness 7 --source x", 2}, {facil, false, "scorecard enter customer_fluency 7 --source x --period 2027Q2", 2},
		{facil, false, "scorecard target ritual_consistency 97%", 0}, {member, true, "scorecard target ritual_consistency 50", 3}, {facil, false, "scorecard target ritual_consistency", 2},
		{facil, false, "scorecard override roadmap_alignment red --reason 're-planned'", 0}, {facil, false, "scorecard override roadmap_alignment red", 2},
		{watch, true, "scorecard override roadmap_alignment green --reason x", 3}, {facil, false, "scorecard override roadmap_alignment purple --reason x", 2},
		{facil, false, "shadow log 2h --customer ACME", 0}, {member, true, "shadow log 90m", 0}, {watch, true, "shadow log 1h", 3}, {facil, false, "shadow log 5m", 2},
		{facil, false, "shadow log 2h --date 2030-01-01", 2}, {facil, false, "shadow list --period 2026Q4 --json", 0}, {facil, false, "shadow", 0},
		{facil, false, "decisions add Ship it --role 'Head of CX' --major --option 'A; pros: p' --option B", 0}, {watch, true, "decisions add x", 3},
		{facil, false, "decisions add", 2}, {facil, false, "decisions add x --review-date never", 2}, {facil, false, "decisions show nope", 2},
		{facil, false, "decisions show 2026-11-25-09", 2}, {facil, false, "decisions review 2026-11-25-09 --happened x --verdict met", 2},
		{facil, false, "decisions review 2026-11-25-01 --happened x --verdict sometimes", 2},
		{facil, false, "proposals", 0}, {facil, false, "proposals add Guided setup --who 'New users' --goal import --current lost", 0},
		{watch, true, "proposals add x", 3}, {facil, false, "proposals add", 2}, {facil, false, "proposals add x --story banana", 2}, {facil, false, "proposals --md", 0},
		{facil, false, "export", 0}, {facil, false, "export nope", 2},
		{facil, false, "export minutes M1", 2}, {facil, false, "export minutes", 2},
		{facil, false, "export actions --format csv", 0}, {facil, false, "export actions --format xlsx", 2},
		{facil, false, "export decisions --format json", 0}, {facil, false, "export decisions --format pdf", 2},
		{facil, false, "export calendar", 0}, {facil, false, "export calendar x", 2},
		{facil, false, "export scorecard", 0}, {facil, false, "export scorecard --format x", 2},
		{facil, false, "export scorecard --period 2026Q4 --format json", 0}, {facil, false, "export scorecard --period Q9", 2},
		{facil, false, "agendas", 0}, {facil, false, "agendas list --json", 0}, {facil, false, "agendas show voc-triage", 0}, {facil, false, "agendas show nope", 2},
		{facil, false, "agendas validate /nonexistent.yaml", 2}, {facil, true, "agendas validate /etc/passwd", 3},
		{facil, false, "team", 0}, {facil, false, "team add Ana Silva --handle ana", 0}, {facil, false, "team add X --handle 'Bad Handle'", 2}, {member, true, "team add Eve --handle eve", 3},
		{facil, false, "team set ana --role observer", 0}, {facil, false, "team set ana", 2}, {watch, true, "team set ana --role facilitator", 3},
		{facil, false, "team key add ana ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@x", 0},
		{facil, false, "team key add ana ssh-ed25519 notbase64", 2}, {member, true, "team key add ana ssh-ed25519 AAAA", 3},
		{facil, false, "team key remove ana ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", 0},
		{facil, false, "team key remove ana ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", 2},
		{facil, false, "team remove ana", 0}, {facil, false, "team remove ana", 2}, {member, true, "team remove maria", 3},
		{facil, false, "whoami", 0}, {facil, false, "whoami x", 2},
		{facil, false, "backup " + bak, 0}, {facil, false, "backup " + bak, 2}, {facil, false, "backup", 2}, {member, true, "backup", 3}, {facil, true, "backup /tmp/x.bak", 3},
		{facil, false, "restore " + bak, 2}, {facil, false, "restore " + t.TempDir(), 2}, {facil, true, "restore " + bak + " --force", 3},
		{facil, false, "version", 0}, {member, true, "version", 0}, {facil, false, "version 2", 2},
		{facil, false, "docs --summary", 0}, {facil, true, "docs", 3},
		{facil, false, "serve", 3}, {facil, true, "serve --listen :22", 3}, {facil, false, "demo", 3}, {facil, true, "demo --force", 3},
		{facil, false, "completion bash", 0}, {facil, false, "completion cmd", 2},
		{facil, true, "--data /tmp actions", 3}, {facil, true, "actions --team /etc/passwd", 3}, {facil, false, "actions --open", 2}, {facil, false, "actions --serve :2222", 2},
		{facil, false, "frobnicate", 2}, {facil, false, "help actions", 0}, {facil, false, "", 2},
	}
	for _, tc := range tests {
		args, err := SplitLine(tc.line)
		if err != nil {
			t.Fatal(err)
		}
		before := dump(t, f)
		c := f.exec(tc.who, tc.remote, nil, args...)
		if c.code != tc.want {
			t.Errorf("%s (%s, remote %v): exit %d, want %d: %+v", tc.line, tc.who.Role, tc.remote, c.code, tc.want, c)
			continue
		}
		if tc.want != 0 {
			oneErrorLine(t, tc.line, c)
			if c.out != "" {
				t.Errorf("%s: wrote to stdout: %q", tc.line, c.out)
			}
			if after := dump(t, f); after != before {
				t.Errorf("%s: a refused command wrote:\n%s\n---\n%s", tc.line, before, after)
			}
		}
	}
}

// dump is what the store and the team file hold.
func dump(t *testing.T, f *fixture) string {
	t.Helper()
	team, _ := os.ReadFile(f.team)
	as, _ := f.db.Actions(context.Background(), meeting.ActionFilter{})
	js, _ := f.db.Journeys(context.Background())
	ss, _ := f.db.SeriesList(context.Background())
	var sb strings.Builder
	for _, a := range as {
		sb.WriteString(a.ID + " " + string(a.Status) + " " + a.Text + "\n")
	}
	for _, j := range js {
		sb.WriteString(j.ID + " " + j.Name + "\n")
	}
	for _, s := range ss {
		sb.WriteString(s.ID + " " + s.Title + "\n")
	}
	return sb.String() + string(team)
}

// --zone Local names no zone a calendar can use (issue 9, low).
func TestSeriesZoneMustBeIANA(t *testing.T) {
	f := newFixture(t)
	for _, z := range []string{"Local", "local", "Mars/Olympus"} {
		c := f.exec(facil, false, nil, "series", "add", "--agenda", "voc-triage", "--zone", z)
		oneErrorLine(t, z, c)
		if c.code != ExitUsage || !strings.Contains(c.err, "IANA") {
			t.Errorf("--zone %s: %+v", z, c)
		}
	}
	if ss, _ := f.db.SeriesList(context.Background()); len(ss) != 0 {
		t.Fatalf("a series was written: %+v", ss[0])
	}
}

// restore DIR is one clear sentence, not "copy_file_range: is a directory".
func TestRestoreAFolderIsOneSentence(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	c := f.exec(facil, false, nil, "restore", dir, "--force")
	oneErrorLine(t, "restore DIR", c)
	if c.code != ExitUsage || !strings.Contains(c.err, "is a folder; restore takes a backup file") || strings.Contains(c.err, "copy_file_range") {
		t.Fatalf("restore DIR: %+v", c)
	}
	c = f.exec(facil, false, nil, "restore", filepath.Join(dir, "nope.bak"))
	if c.code != ExitUsage || !strings.Contains(c.err, "there is no backup file") {
		t.Fatalf("restore a missing file: %+v", c)
	}
}

// lateAdmin lets a test hand a store to an Env that was built first.
func TestBackupStreamsToAFacilitatorOverSSH(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.AddAction(context.Background(), facil, "Call Acme", "ana", "fri"); err != nil {
		t.Fatal(err)
	}
	withAdmin := func(e *Env) { e.Admin = f.admin }
	c := f.line(facil, withAdmin, "backup")
	if c.code != 0 || c.out != fakeBackup || c.err != "" {
		t.Fatalf("backup over SSH: exit %d, %q, %q", c.code, c.out, c.err)
	}
	for _, tc := range []struct {
		who  meeting.Actor
		line string
		frag string
	}{
		{member, "backup", "only a facilitator"},
		{watch, "backup -", "only a facilitator"},
		{facil, "backup cx.bak", "backup > cx.bak"},
	} {
		c := f.line(tc.who, withAdmin, tc.line)
		oneErrorLine(t, tc.line, c)
		if c.code != ExitForbidden || c.out != "" || !strings.Contains(c.err, tc.frag) {
			t.Errorf("%s as %s: %+v", tc.line, tc.who.Handle, c)
		}
	}
	if c := f.line(facil, nil, "backup"); c.code != ExitForbidden {
		t.Errorf("a server without Admin: %+v", c)
	}
}

const (
	keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl maria@laptop"
	keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBzcU7J0n6eXQp4yLNZ3u1m7Vf4m0Yv8r9bJ8gqQ2x1c ana@laptop"
)

// Team administration (issue 11.4, 9.7): remove, set, key add/remove; the
// same key on two members refused naming both; over SSH facilitators
// only, with a key's text, never a file of the server's.
func TestTeamAdministration(t *testing.T) {
	f := newFixture(t)
	run := func(a meeting.Actor, remote bool, line string) call {
		t.Helper()
		args, err := SplitLine(line)
		if err != nil {
			t.Fatal(err)
		}
		return f.exec(a, remote, func(e *Env) { e.TeamPath = f.team }, args...)
	}
	if c := run(facil, false, `team add Maria Lopez --handle maria --role facilitator --key "`+keyA+`"`); c.code != 0 || !strings.Contains(c.out, "Maria Lopez (@maria, facilitator)") {
		t.Fatalf("team add: %+v", c)
	}
	if c := run(facil, false, "team add Ana Silva --handle ana"); c.code != 0 {
		t.Fatalf("team add ana: %+v", c)
	}
	// the same key on a second member: refused, naming both, nothing written
	before, _ := os.ReadFile(f.team)
	for _, line := range []string{
		"team key add ana " + keyA,
		"team key add ana " + strings.Replace(keyA, "maria@laptop", "other comment", 1),
		`team add Eve --handle eve --key "` + keyA + `"`,
	} {
		c := run(facil, false, line)
		oneErrorLine(t, line, c)
		if c.code != ExitUsage || !strings.Contains(c.err, "Maria Lopez (@maria)") || !(strings.Contains(c.err, "Ana Silva (@ana)") || strings.Contains(c.err, "@eve")) {
			t.Errorf("%s: %+v", line, c)
		}
	}
	if after, _ := os.ReadFile(f.team); string(after) != string(before) {
		t.Fatalf("a refused key was written:\n%s", after)
	}
	// over SSH: the key's words need no quotes; a member or observer may not
	if c := run(facil, true, "team key add ana "+keyB); c.code != 0 || !strings.Contains(c.out, "applies from the next session") {
		t.Fatalf("key add over SSH: %+v", c)
	}
	for _, who := range []meeting.Actor{member, watch} {
		if c := run(who, true, "team set ana --role facilitator"); c.code != ExitForbidden || !strings.Contains(c.err, "only a facilitator") {
			t.Errorf("%s team set: %+v", who.Handle, c)
		}
	}
	// over SSH a key is text, never a file on the server
	pub := filepath.Join(t.TempDir(), "k.pub")
	if err := os.WriteFile(pub, []byte(keyB+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := run(facil, true, "team key add maria "+pub); c.code != ExitUsage || !strings.Contains(c.err, "not a file name") {
		t.Fatalf("a path over SSH: %+v", c)
	}
	if c := run(facil, true, "team add Li --handle li --key ssh-ed25519"); c.code != ExitUsage || !strings.Contains(c.err, "team key add li KEY") {
		t.Fatalf("--key cut by ssh: %+v", c)
	}
	// a key from stdin
	var out, errb bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("\n" + keyB + "\n"), Actor: facil, Svc: f.svc, Agendas: f.set, Team: &meeting.Team{}, TeamPath: f.team, Remote: true}
	if code := Run(context.Background(), e, []string{"team", "key", "add", "ana", "-"}); code != 0 || !strings.Contains(out.String(), "ana") {
		t.Fatalf("key from stdin (already hers): %d %q %q", code, out.String(), errb.String())
	}
	// set, key remove, remove
	if c := run(facil, false, "team set ana --role member --name Ana Lima"); c.code != ExitUsage {
		t.Fatalf("an unquoted name of two words: %+v", c)
	}
	if c := run(facil, false, `team set ana --name "Ana Lima"`); c.code != 0 || !strings.Contains(c.out, "Ana Lima (@ana) is member") {
		t.Fatalf("team set --name: %+v", c)
	}
	if c := run(facil, true, "team key remove ana "+strings.Fields(keyB)[0]+" "+strings.Fields(keyB)[1]); c.code != 0 {
		t.Fatalf("key remove without the comment: %+v", c)
	}
	// over SSH, a facilitator may not leave the team without one who can sign in
	if c := run(facil, true, "team set maria --role member"); c.code != ExitForbidden || !strings.Contains(c.err, "no facilitator") {
		t.Fatalf("demoting the last facilitator: %+v", c)
	}
	if c := run(facil, true, "team remove maria"); c.code != ExitForbidden {
		t.Fatalf("removing the last facilitator: %+v", c)
	}
	if c := run(facil, false, "team remove ana"); c.code != 0 || !strings.Contains(c.out, "Ana Lima (@ana) is no longer on the team") {
		t.Fatalf("team remove: %+v", c)
	}
	data, _ := os.ReadFile(f.team)
	team, err := teamfile.Parse("team.yaml", data)
	if err != nil || len(team.Members) != 1 || team.Members[0].Handle != "maria" || len(team.Members[0].Keys) != 1 {
		t.Fatalf("team file: %v\n%s", err, data)
	}
}

func TestVersionLine(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-25T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	if got := versionLine("", info, true); !strings.HasPrefix(got, "cxroom v1.4.0 (revision 0123456789ab, 2026-11-25T10:00:00Z, modified) go") {
		t.Errorf("versionLine = %q", got)
	}
	if got := versionLine("v2.0.0", info, true); !strings.HasPrefix(got, "cxroom v2.0.0 (revision 0123456789ab") {
		t.Errorf("set at build time: %q", got)
	}
	if got := versionLine("dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true); !strings.HasPrefix(got, "cxroom devel go") {
		t.Errorf("devel: %q", got)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// cmdRun runs one command line through run, as main does.
func cmdRun(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// isolate keeps the test away from the user's folders.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("CXROOM_DATA", "")
	t.Setenv("CXROOM_USER", "maria")
	t.Setenv("NO_COLOR", "")
	return home
}

// Global flags work before and after the command (issue 12): `cxroom
// actions --data DIR` said "unknown flag --data for actions", `cxroom demo
// --data DIR` "demo: -data".
func TestGlobalFlagsBeforeOrAfterTheCommand(t *testing.T) {
	isolate(t)
	data := filepath.Join(t.TempDir(), "cx")
	if out, errs, code := cmdRun(t, "actions", "add", "Call", "Acme", "--owner", "ana", "--due", "fri", "--data", data); code != 0 || !strings.Contains(out, "A1 added: Call Acme") {
		t.Fatalf("--data after: %d %q %q", code, out, errs)
	}
	a, _, _ := cmdRun(t, "--data", data, "actions", "--json")
	b, _, _ := cmdRun(t, "actions", "--json", "--data", data)
	c, _, _ := cmdRun(t, "actions", "--data="+data, "--no-color", "--json")
	if a != b || a != c || !strings.Contains(a, `"text": "Call Acme"`) {
		t.Fatalf("before/after differ:\n%s\n%s\n%s", a, b, c)
	}
	// --team before or after
	team := filepath.Join(t.TempDir(), "people.yaml")
	for _, args := range [][]string{
		{"--team", team, "team", "add", "Ana", "Silva", "--handle", "ana"},
		{"team", "add", "Tom", "--handle", "tom", "--team", team},
	} {
		if out, errs, code := cmdRun(t, args...); code != 0 || !strings.Contains(out, team) {
			t.Fatalf("%q: %d %q %q", args, code, out, errs)
		}
	}
	got, err := teamfile.Read(team)
	if err != nil || len(got.Members) != 2 {
		t.Fatalf("team file: %v %+v", err, got)
	}
	// demo --data DIR, the issue's own example
	demo := filepath.Join(t.TempDir(), "demo")
	if out, errs, code := cmdRun(t, "demo", "--data", demo); code != 0 || !strings.Contains(out, "demo organisation written to "+demo) {
		t.Fatalf("demo --data: %d %q %q", code, out, errs)
	}
	// --serve and --open go with the room and serve only
	if _, errs, code := cmdRun(t, "actions", "--open", "--data", data); code != 2 || !strings.Contains(errs, "--open goes with") {
		t.Fatalf("actions --open: %d %q", code, errs)
	}
}

// Bad input writes nothing (issue 11.3): arguments are checked before the
// data folder is opened, and a folder is created only by a command that
// records something, saying so.
func TestBadInputCreatesNoDataFolder(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo")
	for _, args := range [][]string{
		{"--data", typo, "actions", "--status", "finished"},
		{"--data", typo, "actions", "add", "", "--owner", "ana", "--due", "fri"},
		{"--data", typo, "actions", "add", "Call", "--owner", "ana", "--due", "someday"},
		{"--data", typo, "actions", "set", "A1", "--status", "blocked"},
		{"--data", typo, "series", "add", "--agenda", "voc-triage", "--zone", "Local"},
		{"--data", typo, "series", "add", "--agenda", "voc-triage", "--time", "25:00"},
		{"--data", typo, "scorecard", "--period", "last tuesday"},
		{"--data", typo, "export", "actions", "--format", "xlsx"},
		{"--data", typo, "journeys", "add", " ", "--owner", "ana"},
		{"--data", typo, "restore", dir},
		{"--data", typo, "backup", filepath.Join(dir, "x.bak")},
		{"--data", typo, "frobnicate"},
		{"--data", typo, "actions", "--bogus"},
	} {
		out, errs, code := cmdRun(t, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "cxroom: ") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%q created %s", args, typo)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.bak")); err == nil {
		t.Fatal("a backup of nothing was written")
	}
	// valid arguments on a folder that is not there: one line that says why
	if _, errs, code := cmdRun(t, "--data", typo, "export", "minutes", "M9"); code != 2 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "no data folder at "+typo) {
		t.Errorf("export minutes M9 from a missing folder: %d %q", code, errs)
	}
	// reading a folder that is not there: an empty answer, nothing created
	out, errs, code := cmdRun(t, "--data", typo, "actions", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" || !strings.Contains(errs, "no data folder at "+typo) {
		t.Fatalf("read of a missing folder: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Fatal("a read created the data folder")
	}
	// the first write creates it and says so
	out, errs, code = cmdRun(t, "--data", typo, "actions", "add", "Call Acme", "--owner", "ana", "--due", "fri")
	if code != 0 || !strings.Contains(out, "A1 added") || errs != "cxroom: created the data folder "+typo+"\n" {
		t.Fatalf("first write: %d %q %q", code, out, errs)
	}
	if _, errs, _ := cmdRun(t, "--data", typo, "actions"); errs != "" {
		t.Fatalf("second run still talks: %q", errs)
	}
}

// The README's command table and docs/commands.md are what the tree
// generates: they cannot drift from the commands.
func TestCommandReferenceIsGenerated(t *testing.T) {
	isolate(t)
	summary, _, code := cmdRun(t, "docs", "--summary")
	if code != 0 || !strings.Contains(summary, "| `cxroom actions add TEXT… --owner H --due D` |") {
		t.Fatalf("docs --summary: %d\n%s", code, summary)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- commands: generated by `cxroom docs --summary` -->\n", "<!-- end of commands -->"
	_, rest, ok := strings.Cut(string(readme), begin)
	block, _, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("README.md has no block between %q and %q", begin, end)
	}
	if block != summary {
		t.Errorf("README.md's command table differs from `cxroom docs --summary`; paste its output between the markers:\n%s", summary)
	}
	full, _, code := cmdRun(t, "docs")
	if code != 0 || !strings.Contains(full, "## cxroom team key add") || !strings.Contains(full, "--listen string") {
		t.Fatalf("docs: %d\n%s", code, full)
	}
	file, err := os.ReadFile("../../docs/commands.md")
	if err != nil || string(file) != full {
		t.Errorf("docs/commands.md differs from `cxroom docs` (%v); regenerate: go run ./cmd/cxroom docs > docs/commands.md", err)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	isolate(t)
	out, _, code := cmdRun(t, "version")
	if code != 0 || !strings.HasPrefix(out, "cxroom ") || !strings.Contains(out, " go1.") {
		t.Fatalf("version: %d %q", code, out)
	}
	version = "v9.9.9"
	t.Cleanup(func() { version = "dev" })
	if out, _, _ := cmdRun(t, "version"); !strings.HasPrefix(out, "cxroom v9.9.9") {
		t.Fatalf("version set at build time: %q", out)
	}
	if out, _, code := cmdRun(t, "completion", "bash"); code != 0 || !strings.Contains(out, "__start_cxroom") {
		t.Fatalf("completion bash: %d", code)
	}
}

// The process's own commands keep the contract: one line, exit 2 for bad
// input; the team file's rules are checked before serving.
func TestProcessCommandsExitStatus(t *testing.T) {
	isolate(t)
	data := t.TempDir()
	team := &meeting.Team{Members: []meeting.Member{
		{Name: "Ana Lima", Handle: "ana", Role: meeting.RoleFacilitator, Keys: []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a"}},
		{Name: "Ben Ode", Handle: "ben", Keys: []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl b"}},
	}}
	b, err := teamfile.Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "team.yaml"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		frag string
	}{
		{[]string{"--data", data, "serve", "--listen", "127.0.0.1:0"}, "is on both Ana Lima (@ana) and Ben Ode (@ben)"},
		{[]string{"serve", "--data", data, "--max-sessions", "x"}, "--max-sessions"},
		{[]string{"serve", "--data", data, "extra"}, "takes no words"},
		{[]string{"demo", "--data", data, "extra"}, "takes no words"},
		{[]string{"--data", data, "--serve", "127.0.0.1:0"}, "is on both"},
	} {
		out, errs, code := cmdRun(t, tc.args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.frag) {
			t.Errorf("%q: %d %q %q", tc.args, code, out, errs)
		}
	}
	// the repair works on the broken file
	if out, errs, code := cmdRun(t, "--data", data, "team", "key", "remove", "ben", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"); code != 0 {
		t.Fatalf("repair: %d %q %q", code, out, errs)
	}
}

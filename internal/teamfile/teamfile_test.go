package teamfile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

const (
	keyAna  = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx3m0kZqVf2m9dX6rJmN1c7mLw4l6M6Yk1nq3o7mS0a ana@laptop"
	keyAna2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2cS7b9h0Jq7k2m5QmJ0oW0t0nqv8Z4bq1l2m3n4o5p ana@desktop"
	keyBen  = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEx ben"
	keyCy   = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIK cy@key"
)

const validTeam = `# cxroom team file
members:
  - name: Ana Lima
    handle: ana
    role: facilitator
    keys:
      - ` + keyAna + `
      - ` + keyAna2 + `
  - name: Ben Ode
    handle: "@Ben"
    keys: ["` + keyBen + `"]
  - handle: cy
    role: Observer
    keys:
      - ` + keyCy + `
  - name: "  Dee \x1b[31mRed  "
    handle: dee.r-2_x
    role: member
`

func TestParseTeamValid(t *testing.T) {
	team, err := Parse("team.yaml", []byte(validTeam))
	if err != nil {
		t.Fatal(err)
	}
	want := []meeting.Member{
		{Name: "Ana Lima", Handle: "ana", Role: meeting.RoleFacilitator, Keys: []string{keyAna, keyAna2}},
		{Name: "Ben Ode", Handle: "ben", Role: meeting.RoleMember, Keys: []string{keyBen}}, // default role, handle normalised
		{Name: "cy", Handle: "cy", Role: meeting.RoleObserver, Keys: []string{keyCy}},      // name defaults to the handle
		{Name: "Dee Red", Handle: "dee.r-2_x", Role: meeting.RoleMember},
	}
	if !slices.EqualFunc(team.Members, want, equalMember) {
		t.Fatalf("members:\n got %+v\nwant %+v", team.Members, want)
	}
	if got := team.Handles(); !slices.Equal(got, []string{"ana", "ben", "cy", "dee.r-2_x"}) {
		t.Errorf("Handles = %v", got)
	}
	if m, ok := team.Member("ANA"); !ok || m.Name != "Ana Lima" {
		t.Errorf("Member(ANA) = %+v, %v", m, ok)
	}
	if _, ok := team.Member("zed"); ok {
		t.Error("Member(zed) found")
	}
	if team.Display("ben") != "Ben Ode" || team.Display("zed") != "zed" {
		t.Errorf("Display: %q %q", team.Display("ben"), team.Display("zed"))
	}
	var none *meeting.Team
	if _, ok := none.Member("ana"); ok || none.Handles() != nil || none.Display("ana") != "ana" {
		t.Error("a nil team is not empty")
	}
}

func equalMember(a, b meeting.Member) bool {
	return a.Name == b.Name && a.Handle == b.Handle && a.Role == b.Role && a.Guest == b.Guest && slices.Equal(a.Keys, b.Keys)
}

func TestParseTeamErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		frag string
	}{
		{"bad handle", "members:\n  - name: Ana\n    handle: ana\n  - name: Bad\n    handle: 9lives\n", `team.yaml:4: handle "9lives" must be 1 to 32 lower-case letters`},
		{"handle with space", "members:\n  - handle: ana lima\n", `team.yaml:2: handle "ana lima"`},
		{"handle too long", "members:\n  - handle: " + strings.Repeat("a", 33) + "\n", "team.yaml:2: handle"},
		{"missing handle", "members:\n  - name: Ana\n", `team.yaml:2: handle ""`},
		{"duplicate handle", "members:\n  - handle: ana\n  - handle: ben\n  - handle: ANA\n", `team.yaml:4: handle "ana" is already used on line 2`},
		{"duplicate after @", "members:\n\n  - handle: ana\n    role: member\n  - handle: \"@ana\"\n", `team.yaml:5: handle "ana" is already used on line 3`},
		{"bad role", "members:\n  - handle: ana\n    role: boss\n", `team.yaml:2: role "boss" is not facilitator, member or observer`},
		{"bad key", "members:\n  - handle: ana\n  - handle: ben\n    keys:\n      - AAAAC3NzaC1lZDI1NTE5AAAAIFx3\n", `team.yaml:3: key "AAAAC3NzaC1lZDI1NTE5AAAAIFx3" is not an OpenSSH public key`},
		{"key type only", "members:\n  - handle: ana\n    keys: [ssh-ed25519]\n", "team.yaml:2: key \"ssh-ed25519\" is not an OpenSSH public key"},
		{"private key pasted", "members:\n  - handle: ana\n    keys: [\"-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXk\"]\n", "is not an OpenSSH public key"},
		{"name too long", "members:\n  - handle: ana\n    name: " + strings.Repeat("n", meeting.MaxName+1) + "\n", "team.yaml:2: name is longer than 80"},
		{"yaml syntax", "members:\n  - handle: ana\n   role: [\n", "team.yaml: "},
		{"members not a list", "members: ana\n", "team.yaml: "},
		{"unknown shape", "- ana\n- ben\n", "team.yaml: "},
	}
	for _, tc := range tests {
		team, err := Parse("team.yaml", []byte(tc.data))
		if err == nil {
			t.Errorf("%s: parsed %+v, want an error", tc.name, team)
			continue
		}
		msg := meeting.ErrorMessage(err)
		if meeting.ErrorCode(err) != meeting.EINVALID || !strings.Contains(msg, tc.frag) {
			t.Errorf("%s: %s %q, want meeting.EINVALID containing %q", tc.name, meeting.ErrorCode(err), msg, tc.frag)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: multi-line message %q", tc.name, msg)
		}
	}
}

func TestParseTeamEmpty(t *testing.T) {
	for _, data := range []string{"", "# nobody yet\n", "members: []\n", "members:\n"} {
		team, err := Parse("team.yaml", []byte(data))
		if err != nil {
			t.Errorf("Parse(%q): %v", data, err)
			continue
		}
		if team == nil || len(team.Members) != 0 {
			t.Errorf("Parse(%q) = %+v", data, team)
		}
	}
}

func TestTeamMarshalRoundTrip(t *testing.T) {
	team, err := Parse("team.yaml", []byte(validTeam))
	if err != nil {
		t.Fatal(err)
	}
	team.Members[1].Guest = true // not part of the file
	data, err := Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "guest") {
		t.Errorf("Guest written to the team file:\n%s", data)
	}
	back, err := Parse("round.yaml", data)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, data)
	}
	team.Members[1].Guest = false
	if !slices.EqualFunc(back.Members, team.Members, equalMember) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back.Members, team.Members)
	}
	// Lines in errors count from the written file.
	bad := strings.Replace(string(data), "handle: cy", "handle: ana", 1)
	_, err = Parse("round.yaml", []byte(bad))
	lines := strings.Split(string(data), "\n")
	first, dup := 0, 0
	for i, l := range lines {
		if strings.Contains(l, "name: Ana Lima") {
			first = i + 1
		}
		if strings.Contains(l, "name: cy") {
			dup = i + 1
		}
	}
	if want := fmt.Sprintf("round.yaml:%d: handle \"ana\" is already used on line %d", dup, first); meeting.ErrorMessage(err) != want {
		t.Errorf("duplicate in written file: %q, want %q", meeting.ErrorMessage(err), want)
	}
}

func FuzzParseTeam(f *testing.F) {
	f.Add([]byte(validTeam))
	f.Add([]byte(""))
	f.Add([]byte("members:\n  - handle: ana\n  - handle: ana\n"))
	f.Add([]byte("members: &a [*a]\n"))
	f.Add([]byte("members:\n  - {handle: x, keys: [ssh-rsa AAAA]}\n"))
	f.Add([]byte("members:\n  - handle: ana\n    keys: *k\n"))
	f.Add([]byte("- 1\n- 2\n"))
	f.Add([]byte("members: !!binary aGVsbG8=\n"))
	f.Add([]byte("a: &x [*x, *x]\nmembers: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		team, err := Parse("t.yaml", data)
		if err != nil {
			if meeting.ErrorCode(err) != meeting.EINVALID || meeting.ErrorMessage(err) == "" {
				t.Fatalf("error %v with code %s", err, meeting.ErrorCode(err))
			}
			return
		}
		seen := map[string]bool{}
		for _, m := range team.Members {
			if h, err := meeting.ParseHandle(m.Handle); err != nil || h != m.Handle {
				t.Fatalf("accepted handle %q", m.Handle)
			}
			if seen[m.Handle] {
				t.Fatalf("duplicate handle %q accepted", m.Handle)
			}
			seen[m.Handle] = true
			if _, err := meeting.ParseRole(string(m.Role)); err != nil || m.Name == "" || m.Name != meeting.CleanLine(m.Name, meeting.MaxName) {
				t.Fatalf("accepted member %+v", m)
			}
		}
		// what was accepted writes back and reads the same
		out, err := Marshal(team)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse("t.yaml", out)
		if err != nil {
			t.Fatalf("re-parse of %q: %v", out, err)
		}
		if !slices.EqualFunc(back.Members, team.Members, equalMember) {
			t.Fatalf("round trip differs:\n%+v\n%+v", back.Members, team.Members)
		}
	})
}

// The same key on two members is refused when the file is read, naming
// both members (before, whoever was listed first got in silently).
func TestParseRefusesOneKeyOnTwoMembers(t *testing.T) {
	data := "members:\n  - name: Ana Lima\n    handle: ana\n    keys: [\"" + keyAna + "\"]\n" +
		"  - name: Ben Ode\n    handle: ben\n    keys: [\"" + strings.Replace(keyAna, "ana@laptop", "ben@laptop", 1) + "\"]\n"
	_, err := Parse("team.yaml", []byte(data))
	msg := meeting.ErrorMessage(err)
	if meeting.ErrorCode(err) != meeting.EINVALID || !strings.Contains(msg, "Ana Lima (@ana)") || !strings.Contains(msg, "Ben Ode (@ben)") || !strings.HasPrefix(msg, "team.yaml: ") {
		t.Fatalf("one key on two members: %v", err)
	}
	// Decode reads it, so that an edit can repair it.
	team, err := Decode("team.yaml", []byte(data))
	if err != nil || len(team.Members) != 2 {
		t.Fatalf("Decode: %v", err)
	}
}

func TestEditValidatesAndWritesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "team.yaml")
	if team, err := Read(path); err != nil || len(team.Members) != 0 {
		t.Fatalf("missing file: %v %+v", err, team)
	}
	_, err := Edit(path, func(team *meeting.Team) error {
		return team.Add(meeting.Member{Name: "Ana Lima", Handle: "ana", Role: meeting.RoleFacilitator, Keys: []string{keyAna}})
	})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// a second member with ana's key: refused, nothing written
	_, err = Edit(path, func(team *meeting.Team) error {
		return team.Add(meeting.Member{Name: "Ben", Handle: "ben", Keys: []string{keyAna}})
	})
	if msg := meeting.ErrorMessage(err); !strings.Contains(msg, "Ana Lima (@ana)") || !strings.Contains(msg, "@ben") {
		t.Fatalf("duplicate key: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatalf("a refused edit wrote:\n%s", after)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode())
	}
	// an edit that leaves a broken file broken is refused; one that repairs it is written
	broken := "members:\n  - handle: ana\n    keys: [\"" + keyAna + "\"]\n  - handle: ben\n    keys: [\"" + keyAna + "\"]\n"
	must(t, os.WriteFile(path, []byte(broken), 0o600))
	if _, err := Edit(path, func(team *meeting.Team) error { _, err := team.Set("ana", "Ana", ""); return err }); err == nil {
		t.Fatal("an edit kept one key on two members")
	}
	if _, err := Edit(path, func(team *meeting.Team) error { return team.RemoveKey("ben", keyAna) }); err != nil {
		t.Fatalf("repair: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestReadIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.yaml")
	must(t, os.WriteFile(path, []byte("members: []\n# "+strings.Repeat("x", MaxSize)+"\n"), 0o600))
	if _, err := Read(path); meeting.ErrorCode(err) != meeting.EINVALID || !strings.Contains(meeting.ErrorMessage(err), "larger than") {
		t.Fatalf("huge file: %v", err)
	}
	if _, err := Read(filepath.Dir(path)); meeting.ErrorCode(err) != meeting.EINVALID {
		t.Fatalf("a folder: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

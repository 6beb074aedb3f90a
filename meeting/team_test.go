package meeting

import (
	"slices"
	"strings"
	"testing"
)

const (
	keyAna  = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx3m0kZqVf2m9dX6rJmN1c7mLw4l6M6Yk1nq3o7mS0a ana@laptop"
	keyAna2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2cS7b9h0Jq7k2m5QmJ0oW0t0nqv8Z4bq1l2m3n4o5p ana@desktop"
	keyBen  = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEx ben"
	keyCy   = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIK cy@key"
)

// sampleTeam is the team the rule tests start from (the team file's YAML
// is tested in internal/teamfile).
func sampleTeam() *Team {
	return &Team{Members: []Member{
		{Name: "Ana Lima", Handle: "ana", Role: RoleFacilitator, Keys: []string{keyAna, keyAna2}},
		{Name: "Ben Ode", Handle: "ben", Role: RoleMember, Keys: []string{keyBen}},
		{Name: "cy", Handle: "cy", Role: RoleObserver, Keys: []string{keyCy}},
		{Name: "Dee Red", Handle: "dee.r-2_x", Role: RoleMember},
	}}
}

func equalMember(a, b Member) bool {
	return a.Name == b.Name && a.Handle == b.Handle && a.Role == b.Role && a.Guest == b.Guest && slices.Equal(a.Keys, b.Keys)
}

func TestTeamParseHandleAndRole(t *testing.T) {
	for in, want := range map[string]string{"ana": "ana", "@Ana": "ana", " dee.r-2_x ": "dee.r-2_x", "a": "a", strings.Repeat("b", 32): strings.Repeat("b", 32)} {
		if got, err := ParseHandle(in); err != nil || got != want {
			t.Errorf("ParseHandle(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "@", "9ana", "_ana", "ana lima", "ana!", "ánä", strings.Repeat("b", 33), "ana\x1b[2J"} {
		if _, err := ParseHandle(in); ErrorCode(err) != EINVALID {
			t.Errorf("ParseHandle(%q): %v", in, err)
		}
	}
	for in, want := range map[string]Role{"facilitator": RoleFacilitator, " Member ": RoleMember, "OBSERVER": RoleObserver} {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseRole("admin"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseRole(admin): %v", err)
	}
}

func TestTeamAdd(t *testing.T) {
	team := sampleTeam()
	// an existing member: name and role updated, keys merged without duplicates
	if err := team.Add(Member{Name: "Ana L.", Handle: "ana", Role: RoleMember, Keys: []string{keyAna2}}); err != nil {
		t.Fatal(err)
	}
	// a new member is appended
	if err := team.Add(Member{Name: "Eve", Handle: "eve", Role: RoleObserver, Keys: []string{"ssh-ed25519 AAAAeve eve"}}); err != nil {
		t.Fatal(err)
	}
	if len(team.Members) != 5 {
		t.Fatalf("%d members: %+v", len(team.Members), team.Members)
	}
	ana, _ := team.Member("ana")
	if want := (Member{Name: "Ana L.", Handle: "ana", Role: RoleMember, Keys: []string{keyAna, keyAna2}}); !equalMember(ana, want) {
		t.Errorf("ana after Add: %+v, want %+v", ana, want)
	}
	if m, _ := team.Member("eve"); !equalMember(m, Member{Name: "Eve", Handle: "eve", Role: RoleObserver, Keys: []string{"ssh-ed25519 AAAAeve eve"}}) {
		t.Errorf("eve: %+v", m)
	}
}

// A key names one person: adding one that is on someone else is refused
// with both names, whether for a new member, an existing one, or a key
// with another comment; nothing changes.
func TestTeamOneKeyOnePerson(t *testing.T) {
	relabelled := strings.Replace(keyBen, " ben", " someone@else", 1)
	for name, add := range map[string]func(*Team) error{
		"new member":      func(t *Team) error { return t.Add(Member{Name: "Eve", Handle: "eve", Keys: []string{keyBen}}) },
		"existing member": func(t *Team) error { return t.Add(Member{Handle: "ana", Role: RoleObserver, Keys: []string{keyBen}}) },
		"key add":         func(t *Team) error { return t.AddKey("cy", relabelled) },
	} {
		team := sampleTeam()
		before := slices.Clone(team.Members)
		err := add(team)
		msg := ErrorMessage(err)
		if ErrorCode(err) != EINVALID || !strings.Contains(msg, "Ben Ode (@ben)") || !strings.Contains(msg, "ecdsa-sha2-nistp256 …") {
			t.Errorf("%s: %v", name, err)
		}
		if !slices.EqualFunc(team.Members, before, equalMember) {
			t.Errorf("%s: the refused change was applied: %+v", name, team.Members)
		}
	}
	team := sampleTeam()
	team.Members[3].Keys = []string{keyCy}
	if msg := ErrorMessage(team.Validate()); !strings.Contains(msg, "cy") || !strings.Contains(msg, "Dee Red (@dee.r-2_x)") {
		t.Errorf("Validate: %q", msg)
	}
	if err := sampleTeam().AddKey("ana", keyAna); err != nil { // already hers: kept once
		t.Errorf("re-adding ana's own key: %v", err)
	}
}

func TestTeamRemoveSetKeys(t *testing.T) {
	team := sampleTeam()
	if m, err := team.Remove("@BEN"); err != nil || m.Handle != "ben" || len(team.Members) != 3 {
		t.Fatalf("Remove: %+v %v", m, err)
	}
	if _, err := team.Remove("ben"); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("Remove twice: %v", err)
	}
	if m, err := team.Set("cy", "", "member"); err != nil || m.Role != RoleMember || m.Name != "cy" {
		t.Fatalf("Set role: %+v %v", m, err)
	}
	if _, err := team.Set("cy", "", "boss"); ErrorCode(err) != EINVALID {
		t.Fatalf("Set bad role: %v", err)
	}
	if m, _ := team.Member("cy"); m.Role != RoleMember {
		t.Fatalf("a refused Set changed the role: %+v", m)
	}
	if err := team.RemoveKey("ana", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx3m0kZqVf2m9dX6rJmN1c7mLw4l6M6Yk1nq3o7mS0a"); err != nil {
		t.Fatalf("RemoveKey without the comment: %v", err)
	}
	if m, _ := team.Member("ana"); !slices.Equal(m.Keys, []string{keyAna2}) {
		t.Fatalf("keys after RemoveKey: %v", m.Keys)
	}
	if err := team.RemoveKey("ana", keyAna); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("RemoveKey twice: %v", err)
	}
	if err := team.AddKey("ana", "not a key"); ErrorCode(err) != EINVALID {
		t.Fatalf("AddKey garbage: %v", err)
	}
	for i := len(team.Members[0].Keys); i < MaxKeysPerMember; i++ {
		if err := team.AddKey("ana", "ssh-ed25519 AAAA"+strings.Repeat("k", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := team.AddKey("ana", "ssh-ed25519 AAAAone-too-many"); ErrorCode(err) != EINVALID {
		t.Fatalf("more than %d keys: %v", MaxKeysPerMember, err)
	}
	if n := sampleTeam().Facilitators(); n != 1 {
		t.Fatalf("Facilitators = %d", n)
	}
}

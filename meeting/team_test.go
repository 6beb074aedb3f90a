package meeting

import (
	"strings"
	"testing"
)

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

func TestCheckMember(t *testing.T) {
	m, err := CheckMember(Member{Name: "  Dee \x1b[31mRed  ", Handle: "@Dee.R-2_x", Keys: []string{"ssh-ed25519 AAAAC3Nza dee@laptop"}})
	if err != nil || m.Name != "Dee Red" || m.Handle != "dee.r-2_x" || m.Role != RoleMember {
		t.Fatalf("CheckMember = %+v, %v", m, err)
	}
	if m, err := CheckMember(Member{Handle: "cy", Role: "Observer"}); err != nil || m.Name != "cy" || m.Role != RoleObserver {
		t.Errorf("defaults: %+v, %v", m, err)
	}
	for _, bad := range []Member{{Handle: "9lives"}, {Handle: "ana", Role: "boss"}, {Handle: "ana", Keys: []string{"AAAAC3Nza"}},
		{Handle: "ana", Name: strings.Repeat("n", MaxName+1)}} {
		if _, err := CheckMember(bad); ErrorCode(err) != EINVALID {
			t.Errorf("CheckMember(%+v): %v", bad, err)
		}
	}
}

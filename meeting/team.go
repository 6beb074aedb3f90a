package meeting

import (
	"regexp"
	"strings"
)

// Role is what a participant may do in a room.
type Role string

const (
	RoleFacilitator Role = "facilitator"
	RoleMember      Role = "member"
	RoleObserver    Role = "observer"
)

// ParseRole accepts facilitator, member or observer.
func ParseRole(s string) (Role, error) {
	switch r := Role(lower(s)); r {
	case RoleFacilitator, RoleMember, RoleObserver:
		return r, nil
	}
	return "", Errorf(EINVALID, "role %q is not facilitator, member or observer", clip(s))
}

// CanWrite reports whether the role may add records.
func (r Role) CanWrite() bool { return r == RoleFacilitator || r == RoleMember }

// Member is a person on the team.
type Member struct {
	Name   string   `yaml:"name" json:"name"`
	Handle string   `yaml:"handle" json:"handle"`
	Role   Role     `yaml:"role" json:"role"`
	Keys   []string `yaml:"keys,omitempty" json:"-"`
	Guest  bool     `yaml:"-" json:"guest,omitempty"`
}

var handleRe = regexp.MustCompile(`^[a-z][a-z0-9._-]{0,31}$`)

// ParseHandle validates a handle: lower-case letters, digits, . _ -, starting
// with a letter, at most 32 characters.
func ParseHandle(s string) (string, error) {
	h := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	if !handleRe.MatchString(h) {
		return "", Errorf(EINVALID, "handle %q must be 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter", clip(s))
	}
	return h, nil
}

// Team is the team file: who may join and in which role.
type Team struct {
	Members []Member `yaml:"members" json:"members"`
}

// Member returns the member with handle h.
func (t *Team) Member(h string) (Member, bool) {
	if t == nil {
		return Member{}, false
	}
	for _, m := range t.Members {
		if equalFold(m.Handle, h) {
			return m, true
		}
	}
	return Member{}, false
}

// Handles lists the team's handles, for owner completion.
func (t *Team) Handles() []string {
	if t == nil {
		return nil
	}
	out := make([]string, 0, len(t.Members))
	for _, m := range t.Members {
		out = append(out, m.Handle)
	}
	return out
}

// Display returns the name for handle h: the member's name, or h.
func (t *Team) Display(h string) string {
	if m, ok := t.Member(h); ok && m.Name != "" {
		return m.Name
	}
	return h
}

// CheckMember validates and normalises a member as the team file holds
// them: a valid handle (lower-cased, without "@"), a clean name (the handle
// when empty), a role (member when empty), OpenSSH public keys.
func CheckMember(m Member) (Member, error) {
	h, err := ParseHandle(m.Handle)
	if err != nil {
		return Member{}, err
	}
	m.Handle = h
	if m.Name, err = line("name", m.Name, MaxName, false); err != nil {
		return Member{}, err
	}
	if m.Name == "" {
		m.Name = h
	}
	if m.Role == "" {
		m.Role = RoleMember
	}
	if m.Role, err = ParseRole(string(m.Role)); err != nil {
		return Member{}, err
	}
	for _, k := range m.Keys {
		if f := strings.Fields(k); len(f) < 2 || !strings.HasPrefix(f[0], "ssh-") && !strings.HasPrefix(f[0], "ecdsa-") && !strings.HasPrefix(f[0], "sk-") {
			return Member{}, Errorf(EINVALID, "key %q is not an OpenSSH public key (ssh-ed25519 AAAA…)", clip(k))
		}
	}
	return m, nil
}

// Add adds a member or updates one (matched by handle): a name or role left
// empty keeps the existing one, keys are added to the existing ones.
func (t *Team) Add(m Member) error {
	h, err := ParseHandle(m.Handle)
	if err != nil {
		return err
	}
	m.Handle = h
	for i := range t.Members {
		if t.Members[i].Handle == m.Handle {
			if m.Name != "" {
				t.Members[i].Name = m.Name
			}
			if m.Role != "" {
				t.Members[i].Role = m.Role
			}
			for _, k := range m.Keys {
				if !contains(t.Members[i].Keys, k) {
					t.Members[i].Keys = append(t.Members[i].Keys, k)
				}
			}
			return nil
		}
	}
	if m.Role == "" {
		m.Role = RoleMember
	}
	if m.Name == "" {
		m.Name = m.Handle
	}
	t.Members = append(t.Members, m)
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

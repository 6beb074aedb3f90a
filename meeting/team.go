package meeting

import (
	"fmt"
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

// Limits of a team file, so that a team edit over SSH cannot grow it
// without bound.
const (
	MaxMembers       = 1000
	MaxKeysPerMember = 16
	MaxKeyLen        = 16 << 10 // an RSA-16384 key line is about 2.8 KB
	minKeyFields     = 2        // type and base64 blob
)

// Member is a person on the team.
type Member struct {
	Name   string   `json:"name"`
	Handle string   `json:"handle"`
	Role   Role     `json:"role"`
	Keys   []string `json:"-"`
	Guest  bool     `json:"guest,omitempty"`
	// Executive marks a C-suite member of the steering committee: with the
	// member (or facilitator) role they write the executive layer's records.
	Executive bool `json:"executive,omitempty"`
}

// Actor is the member as the policy sees them.
func (m Member) Actor() Actor {
	return Actor{Handle: m.Handle, Name: m.Name, Role: m.Role, Guest: m.Guest, Executive: m.Executive}
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

// CheckKey checks the shape of an authorized_keys line (type, base64 blob,
// optional comment) without decoding it; the SSH server parses it fully.
func CheckKey(k string) error {
	f := strings.Fields(k)
	if len(k) > MaxKeyLen || len(f) < minKeyFields || !strings.HasPrefix(f[0], "ssh-") && !strings.HasPrefix(f[0], "ecdsa-") && !strings.HasPrefix(f[0], "sk-") {
		return Errorf(EINVALID, "key %q is not an OpenSSH public key (ssh-ed25519 AAAA…)", clip(k))
	}
	return nil
}

// KeyID is what makes two key lines the same key: the type and the key
// material, without the comment.
func KeyID(k string) string {
	f := strings.Fields(k)
	if len(f) < minKeyFields {
		return strings.TrimSpace(k)
	}
	return f[0] + " " + f[1]
}

// ShortKey is a key as people can tell it apart in a message: its type and
// the end of its material ("ssh-ed25519 …9GKJl").
func ShortKey(k string) string {
	f := strings.Fields(k)
	if len(f) < minKeyFields {
		return clip(k)
	}
	blob := f[1]
	if len(blob) > 8 {
		blob = "…" + blob[len(blob)-8:]
	}
	return CleanLine(f[0], 40) + " " + CleanLine(blob, 12)
}

// Team is the team file: who may join and in which role.
type Team struct {
	Members []Member `json:"members"`
}

// Member returns the member with handle h.
func (t *Team) Member(h string) (Member, bool) {
	if i := t.index(h); i >= 0 {
		return t.Members[i], true
	}
	return Member{}, false
}

func (t *Team) index(h string) int {
	if t == nil {
		return -1
	}
	for i, m := range t.Members {
		if equalFold(m.Handle, h) {
			return i
		}
	}
	return -1
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

// who names a member in a message: "Ana Lima (@ana)".
func (m Member) who() string {
	if m.Name == "" || m.Name == m.Handle {
		return "@" + m.Handle
	}
	return fmt.Sprintf("%s (@%s)", m.Name, m.Handle)
}

// NormalizeMember cleans one member as read from a file or typed: the
// handle, the name (the handle when empty), the role (member when empty)
// and the shape of each key.
func NormalizeMember(m Member) (Member, error) {
	h, err := ParseHandle(m.Handle)
	if err != nil {
		return m, err
	}
	m.Handle = h
	if m.Name, err = line("name", m.Name, MaxName, false); err != nil {
		return m, err
	}
	if m.Name == "" {
		m.Name = h
	}
	if m.Role == "" {
		m.Role = RoleMember
	}
	if m.Role, err = ParseRole(string(m.Role)); err != nil {
		return m, err
	}
	if len(m.Keys) > MaxKeysPerMember {
		return m, Errorf(EINVALID, "%s has %d keys; at most %d", m.who(), len(m.Keys), MaxKeysPerMember)
	}
	for _, k := range m.Keys {
		if err := CheckKey(k); err != nil {
			return m, err
		}
	}
	return m, nil
}

// Validate checks the rules across members: at most MaxMembers, each
// handle once, and each SSH key on one member only (a key names one
// person; whoever was listed first would otherwise win silently).
func (t *Team) Validate() error {
	if len(t.Members) > MaxMembers {
		return Errorf(EINVALID, "the team has %d members; at most %d", len(t.Members), MaxMembers)
	}
	handles := make(map[string]int, len(t.Members))
	keys := map[string]int{}
	for i, m := range t.Members {
		if j, dup := handles[m.Handle]; dup {
			return Errorf(EINVALID, "handle %q is used by both %s and %s", m.Handle, t.Members[j].who(), m.who())
		}
		handles[m.Handle] = i
		for _, k := range m.Keys {
			id := KeyID(k)
			if j, dup := keys[id]; dup && j != i {
				return Errorf(EINVALID, "the SSH key %s is on both %s and %s; a key must name one person", ShortKey(k), t.Members[j].who(), m.who())
			}
			keys[id] = i
		}
	}
	return nil
}

// keyOwner returns the index of the member holding a key with the same
// material as k, or -1.
func (t *Team) keyOwner(k string) int {
	id := KeyID(k)
	for i, m := range t.Members {
		for _, mk := range m.Keys {
			if KeyID(mk) == id {
				return i
			}
		}
	}
	return -1
}

// Add adds a member or updates one (matched by handle): a name or role left
// empty keeps the existing one, keys are added to the existing ones. A key
// already on another member is refused, naming both.
func (t *Team) Add(m Member) error {
	h, err := ParseHandle(m.Handle)
	if err != nil {
		return err
	}
	m.Handle = h
	i := t.index(h)
	if i < 0 {
		if len(t.Members) >= MaxMembers {
			return Errorf(EINVALID, "the team already has %d members; at most %d", len(t.Members), MaxMembers)
		}
		if m.Name == "" {
			m.Name = m.Handle
		}
		keys := m.Keys
		m.Keys = nil
		t.Members = append(t.Members, m)
		i = len(t.Members) - 1
		for _, k := range keys {
			if err := t.AddKey(h, k); err != nil {
				t.Members = t.Members[:i]
				return err
			}
		}
		if t.Members[i].Role == "" {
			t.Members[i].Role = RoleMember
		}
		return nil
	}
	for _, k := range m.Keys { // keys first: a refused key changes nothing
		if o := t.keyOwner(k); o >= 0 && o != i {
			return t.keyTaken(k, o, t.Members[i])
		}
	}
	if m.Name != "" {
		t.Members[i].Name = m.Name
	}
	if m.Role != "" {
		t.Members[i].Role = m.Role
	}
	if m.Executive {
		t.Members[i].Executive = true
	}
	for _, k := range m.Keys {
		if err := t.AddKey(h, k); err != nil {
			return err
		}
	}
	return nil
}

func (t *Team) keyTaken(k string, owner int, to Member) error {
	return Errorf(EINVALID, "the SSH key %s is already on %s; a key must name one person, so it cannot also go on %s",
		ShortKey(k), t.Members[owner].who(), to.who())
}

// find is index for a handle as typed in a command ("@Ana").
func (t *Team) find(h string) int {
	return t.index(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

func (t *Team) notOnTeam(h string) error {
	return Errorf(ENOTFOUND, "nobody on the team has the handle %q; `team` lists them", clip(h))
}

// Remove takes the member with handle h off the team and returns them.
func (t *Team) Remove(h string) (Member, error) {
	i := t.find(h)
	if i < 0 {
		return Member{}, t.notOnTeam(h)
	}
	m := t.Members[i]
	t.Members = append(t.Members[:i:i], t.Members[i+1:]...)
	return m, nil
}

// Set changes a member's name and/or role (empty: unchanged).
func (t *Team) Set(h, name string, r Role) (Member, error) {
	i := t.find(h)
	if i < 0 {
		return Member{}, t.notOnTeam(h)
	}
	m := t.Members[i]
	if name != "" {
		n, err := line("name", name, MaxName, true)
		if err != nil {
			return Member{}, err
		}
		m.Name = n
	}
	if r != "" {
		var err error
		if m.Role, err = ParseRole(string(r)); err != nil {
			return Member{}, err
		}
	}
	t.Members[i] = m
	return m, nil
}

// SetExecutive marks (or unmarks) the member with handle h as an executive.
func (t *Team) SetExecutive(h string, on bool) (Member, error) {
	i := t.find(h)
	if i < 0 {
		return Member{}, t.notOnTeam(h)
	}
	t.Members[i].Executive = on
	return t.Members[i], nil
}

// AddKey adds an SSH key to the member with handle h. A key already on
// another member is refused, naming both; one already on h is kept once.
func (t *Team) AddKey(h, k string) error {
	i := t.find(h)
	if i < 0 {
		return t.notOnTeam(h)
	}
	if err := CheckKey(k); err != nil {
		return err
	}
	switch o := t.keyOwner(k); {
	case o == i:
		return nil
	case o >= 0:
		return t.keyTaken(k, o, t.Members[i])
	}
	if len(t.Members[i].Keys) >= MaxKeysPerMember {
		return Errorf(EINVALID, "%s already has %d keys; at most %d (remove one first)", t.Members[i].who(), len(t.Members[i].Keys), MaxKeysPerMember)
	}
	t.Members[i].Keys = append(t.Members[i].Keys, k)
	return nil
}

// RemoveKey removes the key with the same material as k from the member
// with handle h.
func (t *Team) RemoveKey(h, k string) error {
	i := t.find(h)
	if i < 0 {
		return t.notOnTeam(h)
	}
	id := KeyID(k)
	keys := t.Members[i].Keys
	for j, mk := range keys {
		if KeyID(mk) == id {
			t.Members[i].Keys = append(keys[:j:j], keys[j+1:]...)
			return nil
		}
	}
	return Errorf(ENOTFOUND, "%s has no key %s", t.Members[i].who(), ShortKey(k))
}

// Facilitators counts the facilitators who can sign in (have a key).
func (t *Team) Facilitators() int {
	n := 0
	for _, m := range t.Members {
		if m.Role == RoleFacilitator && len(m.Keys) > 0 {
			n++
		}
	}
	return n
}

package meeting

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// An action's owner is a person on the team, stored as their handle so that
// their lobby, `actions --mine` and the rule "owners update their own" find
// it, whether it was typed as "ana", "@ana", "Ana Silva", "ana silva" or
// "ａｎａ". Someone outside the team is an owner only when marked so
// ("+Bob Jones", or --external), and is shown as such.

// ExternalMark starts an owner typed as someone outside the team.
const ExternalMark = "+"

var folder = cases.Fold()

// foldName is how owners are compared: compatibility-normalised (full-width
// and half-width forms fold to the usual ones), case-folded, with runs of
// spaces made one and a leading @ dropped.
func foldName(s string) string {
	s = norm.NFKC.String(s)
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	return strings.Join(strings.Fields(folder.String(s)), " ")
}

// SameName reports whether a and b name the same person as foldName sees it.
func SameName(a, b string) bool { return foldName(a) == foldName(b) }

// Resolve finds the member that owner names: their handle, else their name,
// ignoring case, width and extra spaces. ok is false when nobody matches;
// a name two members share is an error naming both.
func (t *Team) Resolve(owner string) (m Member, ok bool, err error) {
	if t == nil {
		return Member{}, false, nil
	}
	return resolveIn(t.Members, owner)
}

func resolveIn(members []Member, owner string) (Member, bool, error) {
	f := foldName(owner)
	if f == "" {
		return Member{}, false, nil
	}
	for _, m := range members {
		if foldName(m.Handle) == f {
			return m, true, nil
		}
	}
	var hit []Member
	for _, m := range members {
		if m.Name != "" && foldName(m.Name) == f && !containsHandle(hit, m.Handle) {
			hit = append(hit, m)
		}
	}
	switch len(hit) {
	case 0:
		return Member{}, false, nil
	case 1:
		return hit[0], true, nil
	}
	return Member{}, false, Errorf(EINVALID, "%q is the name of both %s and %s; type the handle", clip(owner), hit[0].who(), hit[1].who())
}

func containsHandle(ms []Member, h string) bool {
	for _, m := range ms {
		if equalFold(m.Handle, h) {
			return true
		}
	}
	return false
}

// OwnerDirectory is who an owner can be: the team, plus the people in a
// room who are not on it (guests of an open server).
type OwnerDirectory struct {
	Team   *Team
	Others []Member
	// names: Suggestions, made once for a directory a room keeps
	names []string
}

// Suggestions are the names that complete an owner in a form: the handles
// of the team and of the others, then their names, each once. The slice
// may be shared: callers must not change it.
func (d OwnerDirectory) Suggestions() []string {
	if d.names != nil {
		return d.names
	}
	groups := d.members()
	out := make([]string, 0, 2*(len(groups[0])+len(groups[1])))
	seen := make(map[string]bool, cap(out))
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, ms := range groups {
		for _, m := range ms {
			add(m.Handle)
		}
	}
	for _, ms := range groups {
		for _, m := range ms {
			add(m.Name)
		}
	}
	return out
}

// members are the team's members and the others, in that order.
func (d OwnerDirectory) members() [2][]Member {
	if d.Team == nil {
		return [2][]Member{nil, d.Others}
	}
	return [2][]Member{d.Team.Members, d.Others}
}

// empty reports that there is no team to hold owners to (no team file):
// owners are then kept as typed, though still matched to the people in
// the room.
func (d OwnerDirectory) empty() bool { return d.Team == nil || len(d.Team.Members) == 0 }

// ResolveOwner turns the owner of x (as NewAction cleaned it) into a
// handle of the directory. An owner marked external keeps the name as
// typed, unless it names someone on the team. With no team (no team file)
// the owner is kept as typed. Anyone else is refused: a typo
// must not become an owner nobody is.
func (d OwnerDirectory) ResolveOwner(x *Action) error {
	m, ok, err := d.resolve(x.Owner)
	switch {
	case err != nil:
		return err
	case ok:
		x.Owner, x.External = m.Handle, false
		return nil
	case x.External || d.empty():
		return nil
	}
	return Errorf(EINVALID, "%q is not on the team; type a handle or a name from the team (tab completes), or %s%s for someone outside it",
		clip(x.Owner), ExternalMark, clip(x.Owner))
}

// Maker is who made a decision, from what was typed as Made by: named as
// an action's owner is, a team member's name being their handle (theirs
// to review); ExternalMark marks someone outside the team, and is not
// kept; any other name stays as typed (a decision may be an office's, or
// a board's). Nothing typed is nothing.
func (d OwnerDirectory) Maker(typed string) string {
	name := strings.TrimSpace(typed)
	if rest, ok := strings.CutPrefix(name, ExternalMark); ok {
		name = strings.TrimSpace(rest)
	}
	if m, ok, err := d.resolve(name); ok && err == nil {
		return m.Handle
	}
	return name
}

func (d OwnerDirectory) resolve(owner string) (Member, bool, error) {
	if d.Team != nil {
		if m, ok, err := d.Team.Resolve(owner); ok || err != nil {
			return m, ok, err
		}
	}
	return resolveIn(d.Others, owner)
}

// Describe says, for a form's hint, whom owner will name: "→ Ana Silva
// (@ana)", someone outside the team, or why it will be refused.
func (d OwnerDirectory) Describe(owner string) string {
	raw := strings.TrimSpace(owner)
	if raw == "" {
		return ""
	}
	x := &Action{Owner: raw}
	if rest, ok := strings.CutPrefix(raw, ExternalMark); ok {
		x.Owner, x.External = strings.TrimSpace(rest), true
	}
	x.Owner = CleanOwner(x.Owner)
	if x.Owner == "" {
		return ""
	}
	m, ok, err := d.resolve(x.Owner)
	switch {
	case err != nil:
		return ErrorMessage(err)
	case ok:
		return "→ " + m.who()
	case x.External:
		return fmt.Sprintf("→ %s, outside the team", x.Owner)
	case d.empty():
		return ""
	}
	if first, n := d.completing(owner); n == 1 {
		return "tab completes: " + first
	} else if n > 1 {
		return fmt.Sprintf("tab completes: %s (%d people match)", first, n)
	}
	return fmt.Sprintf("not on the team: %s%s for someone outside it", ExternalMark, x.Owner)
}

// completing returns what tab completes typed to, the first of the
// Suggestions that starts with it as typed (ignoring case, as a form's
// completion does), and how many people have a handle or a name that does.
func (d OwnerDirectory) completing(typed string) (first string, people int) {
	starts := func(s string) bool { return len(s) > len(typed) && strings.EqualFold(s[:len(typed)], typed) }
	for _, ms := range d.members() {
		for _, m := range ms {
			if starts(m.Handle) || starts(m.Name) {
				people++
			}
		}
	}
	if people == 0 {
		return "", 0
	}
	// the Suggestions are these people's handles and names: one starts so
	names := d.Suggestions()
	if i := slices.IndexFunc(names, starts); i >= 0 {
		return names[i], people
	}
	return "", 0
}

// OwnerLabel is the owner as people read it: an outside owner says so.
func (a *Action) OwnerLabel() string {
	if a.External {
		return a.Owner + " (outside the team)"
	}
	return a.Owner
}

// OwnerWarning is what to tell whoever recorded an action for someone
// outside the team ("" for a team member).
func (a *Action) OwnerWarning() string {
	if !a.External {
		return ""
	}
	return fmt.Sprintf("%s is not on the team: nobody can update %s but a facilitator", a.Owner, a.ID)
}

// Owners is the directory an owner typed between meetings resolves against.
func (s *Service) Owners() OwnerDirectory {
	if s.Team == nil {
		return OwnerDirectory{}
	}
	return OwnerDirectory{Team: s.Team()}
}

// With is the directory an action a adds resolves against: d, and a
// themselves when they are a guest (a guest may own what they take on).
func (d OwnerDirectory) With(a Actor) OwnerDirectory {
	if a.Guest {
		d.Others = append(slices.Clone(d.Others), Member{Handle: a.Handle, Name: a.Name, Role: a.Role, Guest: true})
		d.names = nil // made again with them, if asked
	}
	return d
}

func (s *Service) ownersFor(a Actor) OwnerDirectory { return s.Owners().With(a) }

// owners is the room's directory: the team, and whoever joined the meeting
// without being on it (a guest of an open server). On the loop goroutine.
func (r *Room) owners() OwnerDirectory { return r.directory(r.st.Meeting) }

// Owners is the room's owner directory as it stands (for a form's hints):
// the team and the meeting's attendees who are not on it.
func (r *Room) Owners() OwnerDirectory { return r.directory(r.Snapshot().Meeting) }

func (r *Room) directory(m *Meeting) OwnerDirectory {
	var t *Team
	if r.team != nil {
		t = r.team()
	}
	// a form's owner hint asks on every key: the directory is kept while
	// the meeting's record and the team are the ones it was made of (both
	// are replaced, never changed, when they change)
	if k := r.ownersKept.Load(); k != nil && k.m == m && k.team == t {
		return k.d
	}
	d := directoryOf(m, t)
	d.names = d.Suggestions()
	r.ownersKept.Store(&keptDirectory{m: m, team: t, d: d})
	return d
}

// keptDirectory is a room's owner directory and what it was made of.
type keptDirectory struct {
	m    *Meeting
	team *Team
	d    OwnerDirectory
}

func directoryOf(m *Meeting, t *Team) OwnerDirectory {
	d := OwnerDirectory{Team: t}
	if len(m.Attendees) == 0 {
		return d
	}
	known := map[string]bool{}
	if d.Team != nil {
		for _, tm := range d.Team.Members {
			known[strings.ToLower(tm.Handle)] = true
		}
	}
	for _, at := range m.Attendees {
		if h := strings.ToLower(at.Handle); !known[h] {
			known[h] = true
			d.Others = append(d.Others, Member{Handle: at.Handle, Name: at.Name, Role: at.Role, Guest: at.Guest})
		}
	}
	return d
}

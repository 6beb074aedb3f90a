package tui

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"charm.land/ssh"

	"cxroom/meeting"
)

// Identity: a session's actor comes from the public key it signed in with,
// against the team file as it is now; with Open, an unknown key is a guest
// named after its SSH user name.

// authorize is the public-key handler: a key on the team, or anyone with
// Open. Nothing is remembered here: sessions resolve identity again from
// the authenticated key.
func (s *Server) authorize(_ ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.Open {
		return true
	}
	_, ok := s.keys.member(s.cfg.Team.Get(), key, s.log)
	return ok
}

// Identify resolves who holds key: the team member it belongs to (the team
// as it is now), else with Open the guest that key is in the store (see
// meeting.Service.Guest: a name is bound to the key that first used it,
// for good). err is set when the key is not welcome (ENOTFOUND) or a
// guest cannot be let in (the guest places are gone, the store fails).
func (s *Server) Identify(ctx context.Context, key ssh.PublicKey, user string) (meeting.Actor, error) {
	if key == nil {
		return meeting.Actor{}, meeting.Errorf(meeting.ENOTFOUND, "no key")
	}
	team := s.cfg.Team.Get()
	if m, ok := s.keys.member(team, key, s.log); ok {
		a := m.Actor()
		a.Key = fingerprint(key)
		return a, nil
	}
	if !s.cfg.Open {
		return meeting.Actor{}, meeting.Errorf(meeting.ENOTFOUND, "your SSH key is not on this team; ask a facilitator to add it with `cxroom team add`")
	}
	a, err := s.cfg.Svc.Guest(ctx, GuestHandle(user, team), fingerprint(key))
	a.Key = fingerprint(key) // the ledger records which key did what
	return a, err
}

// GuestHandle turns an SSH user name into a guest handle: lower-case
// letters, digits, '.', '_' and '-', starting with a letter, at most 32
// characters, prefixed "guest-" when it is a team member's handle.
func GuestHandle(user string, team *meeting.Team) string {
	var b strings.Builder
	for _, r := range strings.ToLower(meeting.CleanLine(user, 64)) {
		switch {
		case r >= 'a' && r <= 'z', b.Len() > 0 && (r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'):
			b.WriteRune(r)
		case b.Len() > 0 && (r == ' ' || r == '@' || r == '+'):
			b.WriteByte('-')
		}
	}
	h := cut32(b.String())
	if h == "" {
		h = "guest"
	}
	taken := func(h string) bool { _, ok := team.Member(h); return ok }
	for i := 1; taken(h) && i < 100; i++ {
		prefix := "guest-"
		if i > 1 {
			prefix = "guest" + strconv.Itoa(i) + "-"
		}
		h = cut32(prefix + strings.TrimPrefix(h, "guest-"))
	}
	if _, err := meeting.ParseHandle(h); err != nil {
		return "guest"
	}
	return h
}

func cut32(h string) string {
	if len(h) > 32 {
		h = h[:32]
	}
	return strings.TrimRight(h, ".-_")
}

// teamKeys caches the team's keys (the team pointer changes whenever the
// file is re-read), by their wire form: a sign-in looks its key up once
// instead of comparing it with every key on the team (with 1,000 members,
// 1,000 people signing in made a million comparisons, each marshalling
// both keys). Whether a key is on the team is no secret a lookup's timing
// could leak: SSH tells a client which of its keys the server would take
// before it signs with one.
type teamKeys struct {
	mu    sync.Mutex
	team  *meeting.Team
	byKey map[string]meeting.Member
}

func (tk *teamKeys) member(team *meeting.Team, key ssh.PublicKey, log *slog.Logger) (meeting.Member, bool) {
	if key == nil || team == nil {
		return meeting.Member{}, false
	}
	tk.mu.Lock()
	if tk.team != team {
		tk.team, tk.byKey = team, map[string]meeting.Member{}
		for _, m := range team.Members {
			for _, k := range m.Keys {
				pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k))
				if err != nil {
					log.Warn("team file: a key does not parse; it is ignored", "handle", m.Handle, "err", err)
					continue
				}
				wire := string(pk.Marshal())
				if _, dup := tk.byKey[wire]; !dup { // the first member holding a key has it (the file refuses a key on two)
					tk.byKey[wire] = m
				}
			}
		}
	}
	byKey := tk.byKey
	tk.mu.Unlock()
	m, ok := byKey[string(key.Marshal())]
	return m, ok
}

// isMember reports whether key is on the team as it is now.
func (s *Server) isMember(key ssh.PublicKey) bool {
	_, ok := s.keys.member(s.cfg.Team.Get(), key, s.log)
	return ok
}

func keyFingerprint(k ssh.PublicKey) string {
	if k == nil {
		return ""
	}
	return fingerprint(k)
}

package tui

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// bigTeam is a team of n members with a key each (the last member has a
// second), and their signers.
func bigTeam(t testing.TB, n int) (*meeting.Team, []gossh.Signer) {
	team := &meeting.Team{}
	var signers []gossh.Signer
	for i := range n {
		s := newKey(t)
		signers = append(signers, s)
		team.Members = append(team.Members, meeting.Member{Name: fmt.Sprintf("Person %d", i), Handle: fmt.Sprintf("p%04d", i), Role: meeting.RoleMember,
			Keys: []string{keyLine(s)}})
	}
	second := newKey(t)
	signers = append(signers, second)
	last := &team.Members[n-1]
	last.Keys = append(last.Keys, keyLine(second))
	return team, signers
}

// TestTeamKeysFindTheirMember: every key on a large team signs in as its
// own member (a member's second key too), a stranger's key as nobody, a
// key that does not parse is skipped, and a re-read team file is looked up
// afresh.
func TestTeamKeysFindTheirMember(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	team, signers := bigTeam(t, 300)
	team.Members[5].Keys = append([]string{"ssh-ed25519 not-a-key"}, team.Members[5].Keys...)
	var tk teamKeys
	for i, s := range signers {
		want := team.Members[min(i, len(team.Members)-1)].Handle
		m, ok := tk.member(team, s.PublicKey(), log)
		if !ok || m.Handle != want {
			t.Fatalf("key %d signed in as %q (%v); want %s", i, m.Handle, ok, want)
		}
	}
	if m, ok := tk.member(team, newKey(t).PublicKey(), log); ok {
		t.Fatalf("a stranger's key signed in as %s", m.Handle)
	}
	if _, ok := tk.member(team, nil, log); ok {
		t.Fatal("no key signed in")
	}

	// the file is re-read without member 7: their key no longer works
	next := &meeting.Team{Members: append(append([]meeting.Member(nil), team.Members[:7]...), team.Members[8:]...)}
	if m, ok := tk.member(next, signers[7].PublicKey(), log); ok {
		t.Fatalf("a key removed from the team signed in as %s", m.Handle)
	}
	if m, ok := tk.member(next, signers[8].PublicKey(), log); !ok || m.Handle != team.Members[8].Handle {
		t.Fatalf("a key still on the team signed in as %q (%v)", m.Handle, ok)
	}
}

// BenchmarkTeamKeySignIn is what one sign-in pays to find its member on a
// team of 1,000 (go test ./tui -run '^$' -bench TeamKeySignIn).
func BenchmarkTeamKeySignIn(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	team, signers := bigTeam(b, 1000)
	var tk teamKeys
	tk.member(team, signers[0].PublicKey(), log)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, ok := tk.member(team, signers[i%len(signers)].PublicKey(), log); !ok {
			b.Fatal("a member's key was refused")
		}
	}
}

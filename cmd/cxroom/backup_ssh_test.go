package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// TestSSHBackupRoundTrip: `ssh host backup > cx.bak` from a facilitator
// streams a backup of the real server's database that `cxroom restore`
// takes into a fresh folder; members and observers are refused (exit 3)
// and get no bytes.
func TestSSHBackupRoundTrip(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	keys := map[string]gossh.Signer{"maria": crashKey(t), "ben": crashKey(t), "olga": crashKey(t)}
	team := &meeting.Team{}
	for h, role := range map[string]meeting.Role{"maria": meeting.RoleFacilitator, "ben": meeting.RoleMember, "olga": meeting.RoleObserver} {
		team.Members = append(team.Members, meeting.Member{Name: h, Handle: h, Role: role,
			Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(keys[h].PublicKey())))}})
	}
	b, err := teamfile.Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	teamFile := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(teamFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, data, "127.0.0.1:0", "--team", teamFile)
	if out, errs, code, err := sshRun(srv.addr, "maria", keys["maria"], "actions add Send the VOC digest --owner ben --due fri"); err != nil || code != 0 {
		t.Fatalf("actions add: %d %v %q %q", code, err, out, errs)
	}
	out, errs, code, err := sshRun(srv.addr, "maria", keys["maria"], "backup")
	if err != nil || code != 0 || errs != "" || len(out) < 64 {
		t.Fatalf("backup: %d %v, %d bytes, %q", code, err, len(out), errs)
	}
	for _, who := range []string{"ben", "olga"} {
		o, e, code, err := sshRun(srv.addr, who, keys[who], "backup")
		if err != nil || code != 3 || o != "" || !strings.Contains(e, "only a facilitator") {
			t.Errorf("%s backup: %d %v, %d bytes, %q", who, code, err, len(o), e)
		}
	}
	bak := filepath.Join(t.TempDir(), "cx.bak")
	if err := os.WriteFile(bak, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if o, e, err := runCLI(t, nil, "--data", fresh, "restore", bak); err != nil || !strings.Contains(o, "restored from") {
		t.Fatalf("restore the streamed backup: %v %q %q", err, o, e)
	}
	if o, _, _ := runCLI(t, nil, "--data", fresh, "actions"); !strings.Contains(o, "Send the VOC digest") {
		t.Fatalf("after the restore: %q", o)
	}
}

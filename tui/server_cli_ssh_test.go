package tui

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
	"cxroom/tui/cli"
)

// The command tree over SSH: the same commands as locally, with the
// caller's identity, for a member and an observer.

// fakeAdmin stands for the server's database behind `backup`: it writes a
// known stream and counts the calls. The real round trip (a Badger backup
// streamed over SSH, restored by `cxroom restore`) is cmd/cxroom's
// TestSSHBackupRoundTrip.
type fakeAdmin struct{ backups atomic.Int32 }

const backupStream = "CXROOM-BACKUP-STREAM a stand-in for the database"

func (f *fakeAdmin) Backup(w io.Writer) error {
	f.backups.Add(1)
	_, err := io.WriteString(w, backupStream)
	return err
}
func (f *fakeAdmin) BackupFile(string) (int64, error)    { return 0, errors.New("not over SSH") }
func (f *fakeAdmin) RestoreFile(string) error            { return errors.New("not over SSH") }
func (f *fakeAdmin) Empty(context.Context) (bool, error) { return false, nil }

func withAdmin(a cli.Admin) envOpt { return func(c *ServerConfig) { c.Admin = a } }

func oneLineErr(s string) bool {
	return strings.HasPrefix(s, "cxroom: ") && strings.Count(s, "\n") == 1
}

func keyLine(k gossh.Signer) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))
}

func (e *sshEnv) actionTexts(t *testing.T) []string { return actionTexts(t, e) }

func actionTexts(t *testing.T, e *sshEnv) (texts []string) {
	t.Helper()
	as, err := e.db.Actions(context.Background(), meeting.ActionFilter{})
	must(t, err)
	for _, a := range as {
		texts = append(texts, a.Text)
	}
	return texts
}

func TestSSHCommandTreeForAMemberAndAnObserver(t *testing.T) {
	e := newSSHEnv(t)
	join := e.srv.JoinCommand()

	// help lists what runs here, not what is refused
	out, errOut, code := e.run("ben", "help")
	_, cmds, _ := strings.Cut(out, "Available Commands:")
	if code != 0 || errOut != "" || !strings.Contains(cmds, "actions") || strings.Contains(cmds, "restore") || strings.Contains(cmds, "serve") || !strings.Contains(out, join+" actions --mine") {
		t.Fatalf("help over SSH: %d %q\n%s", code, errOut, out)
	}
	if out, _, code := e.run("ben", "actions add --help"); code != 0 || !strings.Contains(out, "Examples:") {
		t.Fatalf("actions add --help: %d\n%s", code, out)
	}

	// OpenSSH sends `ssh host actions add "Publish refund FAQ" …` without
	// the quotes: the words that are not flags are the text (issue 11.2)
	if out, errOut, code := e.run("ben", "actions add Publish refund FAQ --owner ben --due +1w"); code != 0 || !strings.Contains(out, "added: Publish refund FAQ (ben") {
		t.Fatalf("words as text: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := e.run("ben", "actions add --owner ben --due fri -- -2+3 churn: call the top accounts"); code != 0 {
		t.Fatalf("text after --: %d %q", code, errOut)
	}
	if _, errOut, code := e.run("ben", "actions add -2+3 churn --owner ben --due fri"); code != 0 {
		t.Fatalf("text starting with a dash: %d %q", code, errOut)
	}
	if got := strings.Join(e.actionTexts(t), "|"); !strings.Contains(got, "Publish refund FAQ") || !strings.Contains(got, "-2+3 churn: call the top accounts") || !strings.Contains(got, "-2+3 churn") {
		t.Fatalf("stored: %q", got)
	}

	// what still cannot parse says how to quote for ssh; an unclosed quote says so
	for cmd, frag := range map[string]string{
		"actions set A1 --status blocked --note waiting on legal": join + " 'actions set \"…\"'",
		`whoami "unclosed`: `unclosed " quote`,
		"actions --bogus":  "unknown flag: --bogus",
		"frobnicate":       `unknown command "frobnicate"`,
	} {
		out, errOut, code := e.run("ben", cmd)
		if code != 2 || out != "" || !oneLineErr(errOut) || !strings.Contains(errOut, frag) {
			t.Errorf("%s: %d %q %q, want %q", cmd, code, out, errOut, frag)
		}
	}

	// refused: an observer's writes, the server's files and process, global flags
	before := len(e.actionTexts(t))
	for _, tc := range []struct{ who, cmd string }{
		{"olga", "actions add Call Acme --owner ben --due fri"},
		{"olga", "team add Eve --handle eve --role facilitator"},
		{"olga", "backup"},
		{"ben", "team key add ben ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"},
		{"ben", "serve --listen 0.0.0.0:22"},
		{"ben", "demo --force"},
		{"maria", "restore /tmp/x.bak --force"},
		{"maria", "--data /tmp actions"},
		{"maria", "actions --team /etc/passwd"},
		{"maria", "backup /tmp/cx.bak"},
	} {
		out, errOut, code := e.run(tc.who, tc.cmd)
		if code != 3 || out != "" || !oneLineErr(errOut) {
			t.Errorf("%s: %s: %d %q %q", tc.who, tc.cmd, code, out, errOut)
		}
	}
	if n := len(e.actionTexts(t)); n != before {
		t.Fatalf("refused commands wrote %d actions", n-before)
	}
	if out, _, code := e.run("olga", "actions --json"); code != 0 || !strings.Contains(out, "Publish refund FAQ") {
		t.Fatalf("the observer reads: %d", code)
	}
	if out, _, code := e.run("olga", "version"); code != 0 || !strings.HasPrefix(out, "cxroom ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

// Facilitators administer the team over SSH (issue 11.4): the server's
// team file changes and the next session sees it; a key names one person.
func TestSSHTeamAdministration(t *testing.T) {
	e := newSSHEnv(t)
	devKey := newKey(t)
	out, errOut, code := e.run("maria", "team key add dev "+keyLine(devKey)+" dev@new-laptop")
	if code != 0 || !strings.Contains(out, "Dev Patel (@dev) has the key ssh-ed25519") || !strings.Contains(out, "next session") {
		t.Fatalf("team key add: %d %q %q", code, out, errOut)
	}
	// the next session with the new key is dev
	if out, _, code := e.runAs("dev", devKey, "whoami"); code != 0 || !strings.Contains(out, "(@dev), member") {
		t.Fatalf("dev's new key: %d %q", code, out)
	}
	// the same key on someone else: refused, naming both
	out, errOut, code = e.run("maria", "team key add ben "+keyLine(devKey))
	if code != 2 || out != "" || !oneLineErr(errOut) || !strings.Contains(errOut, "Dev Patel (@dev)") || !strings.Contains(errOut, "Ben Okafor (@ben)") {
		t.Fatalf("a key on two members: %d %q %q", code, out, errOut)
	}
	// roles: olga becomes a member and may add an action in her next session
	if out, errOut, code := e.run("maria", "team set olga --role member"); code != 0 || !strings.Contains(out, "Olga Berg (@olga) is member") {
		t.Fatalf("team set: %d %q %q", code, out, errOut)
	}
	if _, errOut, code := e.run("olga", "actions add Send the digest --owner olga --due fri"); code != 0 {
		t.Fatalf("olga as a member: %d %q", code, errOut)
	}
	// removed: chloe's key no longer gets in
	if out, errOut, code := e.run("maria", "team remove chloe"); code != 0 || !strings.Contains(out, "Chloe Martin (@chloe) is no longer on the team") {
		t.Fatalf("team remove: %d %q %q", code, out, errOut)
	}
	if _, err := e.dial("chloe", e.keys["chloe"]); err == nil {
		t.Fatal("a removed member still gets in")
	}
	// a new member, added over SSH with their key
	eve := newKey(t)
	if out, errOut, code := e.run("maria", `team add Eve Adams --handle eve --role observer --key "`+keyLine(eve)+`"`); code != 0 || !strings.Contains(out, "Eve Adams (@eve, observer)") {
		t.Fatalf("team add: %d %q %q", code, out, errOut)
	}
	if out, _, code := e.runAs("eve", eve, "whoami"); code != 0 || !strings.Contains(out, "Eve Adams (@eve), observer") {
		t.Fatalf("eve: %d %q", code, out)
	}
	// members may not; the last facilitator stays
	if _, errOut, code := e.run("ben", "team remove dev"); code != 3 || !strings.Contains(errOut, "only a facilitator") {
		t.Errorf("ben: team remove dev: %d %q", code, errOut)
	}
	if _, errOut, code := e.runAs("eve", eve, "team set eve --role facilitator"); code != 3 || !strings.Contains(errOut, "only a facilitator") {
		t.Errorf("eve: team set eve: %d %q", code, errOut)
	}
	if _, errOut, code := e.run("maria", "team set maria --role member"); code != 3 || !strings.Contains(errOut, "no facilitator") {
		t.Fatalf("demoting the last facilitator: %d %q", code, errOut)
	}
	team := e.team.Get()
	if m, ok := team.Member("maria"); !ok || m.Role != meeting.RoleFacilitator || len(team.Members) != 5 {
		t.Fatalf("team now: %+v", team.Members)
	}
}

// `ssh host backup > cx.bak`: a facilitator's backup streams on the
// session's stdout and restores; others are refused.
func TestSSHBackupStreamsToAFacilitator(t *testing.T) {
	admin := &fakeAdmin{}
	e := newSSHEnv(t, withAdmin(admin))
	out, errOut, code := e.run("maria", "backup")
	if code != 0 || errOut != "" || out != backupStream {
		t.Fatalf("backup: %d, %q, %q", code, out, errOut)
	}
	for _, who := range []string{"ben", "olga"} {
		if out, errOut, code := e.run(who, "backup"); code != 3 || out != "" || !strings.Contains(errOut, "only a facilitator") {
			t.Errorf("%s backup: %d %d bytes %q", who, code, len(out), errOut)
		}
	}
	if n := admin.backups.Load(); n != 1 {
		t.Errorf("the database was backed up %d times, want once (the facilitator's)", n)
	}
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// Issues 11.7 and 11.16 with the real binary: quitting `cxroom --serve`
// names who the SSH server's stop disconnects, and after the normal quit
// cxroom.log holds no escape sequence, no error and no "program was
// killed: context canceled".
func TestRealBinaryServeQuitNamesWhoAndLogsPlainly(t *testing.T) {
	data := t.TempDir()
	ben := crashKey(t)
	team := &meeting.Team{Members: []meeting.Member{
		{Name: "Maria Lopez", Handle: "maria", Role: meeting.RoleFacilitator, Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(crashKey(t).PublicKey())))}},
		{Name: "Ben Okafor", Handle: "ben", Role: meeting.RoleMember, Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(ben.PublicKey())))}},
	}}
	b, err := teamfile.Marshal(team)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "team.yaml"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"CXROOM_USER=maria", "TERM=xterm-256color", "HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()}
	s := startTTY(t, env, "--data", data, "--serve", "127.0.0.1:0")
	scr := s.waitFor("START A RITUAL", "team joins with: ssh -p ")
	port := regexp.MustCompile(`ssh -p (\d+) `).FindStringSubmatch(scr)
	if port == nil {
		t.Fatalf("no address on the screen:\n%s", scr)
	}
	c := dialTTY(t, "127.0.0.1:"+port[1], "ben", ben)
	c.waitFor("START A RITUAL")

	s.press("q")
	s.waitFor("Quitting stops the SSH server: Ben Okafor will be disconnected. Quit now? y/n")
	s.press("y")
	s.waitExit()
	<-c.done // the server ended ben's session

	log, err := os.ReadFile(filepath.Join(data, "cxroom.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "session ended") {
		t.Fatalf("the log does not say ben's session ended:\n%s", log)
	}
	for _, bad := range []string{"\x1b", "killed", "context canceled", "level=ERROR"} {
		if strings.Contains(string(log), bad) {
			t.Fatalf("cxroom.log holds %q:\n%s", bad, log)
		}
	}
}

package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Over SSH the minutes footer says how to save a copy with the server's
// own join command, once: it read "ssh ssh -p 2451 …" (issue 11.2).
func TestMinutesFooterOverSSHNamesTheJoinCommandOnce(t *testing.T) {
	st := NewStyles(true)
	for join, want := range map[string]string{
		"ssh -p 2451 cx.example.com": "save a copy: ssh -p 2451 cx.example.com export minutes M4 > M4.md",
		"cx.example.com":             "save a copy: ssh cx.example.com export minutes M4 > M4.md",
		"":                           "save a copy: ssh HOST export minutes M4 > M4.md",
	} {
		s := newMinutesScreen(&Deps{SSHAddr: join, Remote: true}, &st, "M4")
		s.width = 120
		s.update(minutesMsg{md: "# Minutes", title: "Weekly VOC triage"})
		got := ansi.Strip(s.view(120, 20))
		if !strings.Contains(got, want) || strings.Contains(got, "ssh ssh") {
			t.Errorf("SSHAddr %q: footer\n%s\nwant %q", join, got, want)
		}
	}
}

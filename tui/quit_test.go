package tui

import (
	"context"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// Issue 11.7: quitting `cxroom --serve` stops the SSH server; the question
// before it names who will be disconnected (and says the meeting keeps
// running), even from the lobby.
func TestQuittingTheServerNamesWhoIsDisconnected(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 120, 34)
	connected := []string{"Ana Silva", "Tom Reed"}
	s.d.Disconnects = func() []string { return connected }
	s.keys("q")
	s.expect("Quitting stops the SSH server: Ana Silva and Tom Reed will be disconnected. Quit now? y/n")
	s.keys("n")
	s.refuse("Quit now?")

	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s.expect("IN PROGRESS")
	s.keys("enter")
	s.expect("Segment 1/4")
	connected = []string{"Ana Silva", "Ben Okafor", "Chloe Martin", "Dev Patel", "Li Wei", "Olga Ivanova", "Sam Park", "Tom Reed"}
	s.keys("ctrl+c")
	s.expect("The meeting keeps running and can be resumed. Quitting stops the SSH server: Ana Silva, Ben Okafor,",
		"Li Wei and 3 others will be disconnected. Quit now? y/n")
	s.keys("n")

	// nobody connected: quitting the lobby asks nothing
	connected = nil
	s.keys("esc")
	s.expect("START A RITUAL")
	s.keys("q")
	s.refuse("Quit now?")
}

// ctrl+c at the question quits, as a second ctrl+c does in most terminal
// programs (the hostile-paste check found it dismissed the question and
// went back to the form); any other key but y keeps the program running.
func TestCtrlCTwiceQuits(t *testing.T) {
	w := newWorld(t)
	if _, err := w.hub.Start(context.Background(), actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")}); err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 120, 34)
	s.keys("enter")
	s.expect("Segment 1/4")
	s.keys("ctrl+c")
	s.expect("Quit now? y/n")
	if _, cmd := s.m.Update(keyMsg("n")); cmd != nil {
		if _, quits := cmd().(tea.QuitMsg); quits {
			t.Fatal("n at the question quit")
		}
	}
	s.keys("ctrl+c")
	s.expect("Quit now? y/n")
	_, cmd := s.m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c at the question did nothing")
	}
	if _, quits := cmd().(tea.QuitMsg); !quits {
		t.Fatal("ctrl+c at the question did not quit")
	}
}

// The server knows who has a screen open over SSH, by name, once each.
func TestSSHServerNamesWhoIsConnected(t *testing.T) {
	e := newSSHEnv(t)
	ben := e.connect("ben")
	ben.waitFor(wait, "START A RITUAL")
	ben2 := e.connect("ben")
	ben2.waitFor(wait, "START A RITUAL")
	chloe := e.connect("chloe")
	chloe.waitFor(wait, "START A RITUAL")
	if out, _, code := e.run("dev", "actions"); code != 0 {
		t.Fatalf("a command: %d %s", code, out)
	}
	if got := e.srv.ConnectedNames(); !slices.Equal(got, []string{"Ben Okafor", "Chloe Martin"}) {
		t.Fatalf("connected: %q", got)
	}
	chloe.conn.Close()
	waitUntil(t, wait, "chloe is gone", func() bool { return len(e.srv.ConnectedNames()) == 1 })
}

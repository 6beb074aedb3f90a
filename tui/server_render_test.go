package tui

import (
	"bytes"
	"strings"
	"testing"
)

// TestSSHNoHyperlinksFromRecords: text typed into records reaches nobody's
// terminal as a hyperlink (OSC 8), in the room or in the minutes, and the
// minutes' action table shows each cell as it was typed.
func TestSSHNoHyperlinksFromRecords(t *testing.T) {
	e := newSSHEnv(t)
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben := e.connect("ben")
	e.joinRoom(ben, r, 2)
	texts := []string{"[docs](evil.example) a@mail.example", "https://evil.example/x www.evil.example"}
	for i, text := range texts {
		fillAction(ben, text, "maria", "fri")
		ben.send(keyEnter)
		ben.waitFor(wait, "✓ saved A"+string(rune('1'+i)))
	}
	maria.send("M")
	maria.waitFor(wait, "a@mail.example", "www.evil.example", "[docs](evil.example)", "https://evil.example/x")
	if s := maria.screen(); strings.Contains(s, "http://www.") {
		t.Fatalf("the minutes rewrote www.evil.example:\n%s", s)
	}
	for _, c := range []*client{maria, ben} {
		if raw := c.since(0); bytes.Contains(raw, []byte("\x1b]8;")) {
			i := bytes.Index(raw, []byte("\x1b]8;"))
			t.Fatalf("%s's terminal got a hyperlink: %q", c.name, raw[max(0, i-40):min(len(raw), i+80)])
		}
	}
}

// TestRenderCachePerServer: two servers in one process share no rendering.
func TestRenderCachePerServer(t *testing.T) {
	a, b := newSSHEnv(t), newSSHEnv(t)
	if a.srv.cache == b.srv.cache {
		t.Fatal("two servers share one render cache")
	}
	maria := a.connect("maria")
	a.startVOC(maria) // renders the prompt's markdown and the room's panes
	if a.srv.cache.Bytes() == 0 {
		t.Fatal("the server's sessions did not render through its cache")
	}
	if n := b.srv.cache.Bytes(); n != 0 {
		t.Fatalf("the other server's cache holds %d bytes", n)
	}
	mb := b.connect("maria")
	b.startVOC(mb)
	if b.srv.cache.Bytes() == 0 {
		t.Fatal("the second server did not render through its own cache")
	}
}

package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// At 60 columns the lobby's first line cut the signed-in person's role
// ("cxroom  customer-experience leadership rituals Maria Alvarez · fa…"):
// who you are signed in as, and with what role, matters more than the
// tagline, which goes first.
func TestTheLobbyHeaderKeepsWhoYouAreOnANarrowScreen(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		s := newDemoTUI(t, "maria")
		s.send(tea.WindowSizeMsg{Width: w, Height: 16})
		first, _, _ := strings.Cut(s.content(), "\n")
		if !strings.Contains(first, "Maria Alvarez · facilitator") || !strings.HasPrefix(first, "cxroom") {
			t.Errorf("at %d columns the lobby's first line is %q", w, first)
		}
		if w >= 80 && !strings.Contains(first, "customer-experience leadership rituals") {
			t.Errorf("at %d columns there is room for the tagline: %q", w, first)
		}
	}
}

package meeting

import (
	"testing"
	"time"
)

// The lobby is told of changes at most every 200 ms while it is small; a
// town hall's lobby is told less often, so that it redraws at most ~500
// screens a second while a room fills, and never less than once a second.
func TestLobbyGapGrowsWithTheLobby(t *testing.T) {
	for _, c := range []struct {
		subscribers int
		want        time.Duration
	}{
		{0, 200 * time.Millisecond},
		{1, 200 * time.Millisecond},
		{100, 200 * time.Millisecond},
		{150, 300 * time.Millisecond},
		{300, 600 * time.Millisecond},
		{500, time.Second},
		{5000, time.Second},
	} {
		if got := lobbyGapFor(c.subscribers); got != c.want {
			t.Errorf("%d in the lobby: a signal every %s, want %s", c.subscribers, got, c.want)
		}
	}
}

// The hub paces its lobby signals by how many are subscribed now.
func TestHubPacesLobbySignalsByItsSubscribers(t *testing.T) {
	h := NewHub(nil, NewFakeClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), nil)
	defer h.cancel()
	if got := h.lobbyTold.gap(); got != lobbyGap {
		t.Fatalf("an empty lobby: a signal every %s, want %s", got, lobbyGap)
	}
	var subs []*Sub
	for range 400 {
		subs = append(subs, h.Subscribe())
	}
	if got := h.lobbyTold.gap(); got != 800*time.Millisecond {
		t.Fatalf("400 in the lobby: a signal every %s, want 800ms", got)
	}
	for _, s := range subs {
		s.Close()
	}
	if got := h.lobbyTold.gap(); got != lobbyGap {
		t.Fatalf("the lobby emptied again: a signal every %s, want %s", got, lobbyGap)
	}
}

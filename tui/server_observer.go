package tui

import "time"

// Observer is told what the SSH side does, for figures (the server's
// metrics, internal/metrics): it counts, it never decides. Its methods are
// called on hot paths (every frame of every session), so they must be
// cheap, never block and be safe for concurrent use.
type Observer interface {
	// SessionStarted: a session got past identity; kind is "tui" or
	// "command".
	SessionStarted(kind string)
	// Refused: the limits refused something; event is what
	// ("refused_connections", "failed_logins", "refused_sessions",
	// "closed_connections_without_a_session") and reason why
	// ("rate_limit", "server_cap", …): both the server's own words, never
	// a client's.
	Refused(event, reason string)
	// FrameWritten: bytes went to a session's terminal. latency is how
	// long after the room (or lobby) change it shows was published the
	// frame went out; 0 when it shows no such change (a key press, the
	// clock).
	FrameWritten(bytes int, latency time.Duration)
}

// Connections returns the number of open connections (signed in or not).
func (s *Server) Connections() int { return s.openConns() }

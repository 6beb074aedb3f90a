package meeting

import "time"

// Observer is told what the live rooms and the store do, for figures (the
// server's metrics): it counts, it never decides. Its methods are called on
// hot paths (a room's loop, a store's commit), so they must be cheap, never
// block and be safe for concurrent use. Package internal/metrics implements
// it; nothing here knows how the figures are kept or shown.
type Observer interface {
	// RecordsWritten: a transaction committed n records of kind (the
	// store's stable name for it: "action", "meeting", …).
	RecordsWritten(kind string, n int)
	// Committed: a read-write transaction was durable on disk, took after
	// its committing attempt started (the disk's sync included: a slow
	// disk slows every change, before any screen is told of it).
	Committed(took time.Duration)
	// Broadcast: a room published a change and signalled n subscribers.
	Broadcast(subscribers int)
}

// SetObserver makes o see the hub's rooms (those opened from now on: call
// it before Resume and Start). nil: nobody.
func (h *Hub) SetObserver(o Observer) {
	h.mu.Lock()
	h.obs = o
	h.mu.Unlock()
}

// Live returns the number of live rooms (every room, whoever may see it:
// for figures, not for people).
func (h *Hub) Live() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms)
}

// epoch is what a subscription's change times count from: a monotonic
// clock reading, so the latencies measured from them never go backwards.
var epoch = time.Now()

func sinceEpoch() int64 { return int64(time.Since(epoch)) + 1 } // never 0: 0 is "none"

// ChangedAt returns when the oldest change the subscription has not taken
// yet was published (the zero time if none), and takes it. A reader calls
// it after each receive from C, to measure how long changes take to reach
// it (the server's fan-out latency); the time is the process's monotonic
// clock, not the meeting's Clock.
func (s *Sub) ChangedAt() time.Time {
	n := s.at.Swap(0)
	if n == 0 {
		return time.Time{}
	}
	return epoch.Add(time.Duration(n - 1))
}

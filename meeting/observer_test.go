package meeting_test

import (
	"sync"
	"testing"
	"time"

	"cxroom/meeting"
)

// countingObserver records what the domain tells it.
type countingObserver struct {
	mu         sync.Mutex
	broadcasts int
	signalled  int
	lastSubs   int
	records    map[string]int
}

func (o *countingObserver) RecordsWritten(kind string, n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.records == nil {
		o.records = map[string]int{}
	}
	o.records[kind] += n
}

func (o *countingObserver) Committed(time.Duration) {}

func (o *countingObserver) Broadcast(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.broadcasts++
	o.signalled += n
	o.lastSubs = n
}

func TestObserverSeesBroadcastsAndLiveRooms(t *testing.T) {
	e := newEnv(t)
	o := &countingObserver{}
	e.hub.SetObserver(o)
	if e.hub.Live() != 0 {
		t.Fatalf("live rooms before any start: %d", e.hub.Live())
	}
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	if e.hub.Live() != 1 {
		t.Fatalf("live rooms: %d, want 1", e.hub.Live())
	}
	a, b := r.Subscribe(), r.Subscribe()
	defer a.Close()
	defer b.Close()
	o.mu.Lock()
	before := o.broadcasts
	o.mu.Unlock()
	join(t, r, maria) // one change, seen by two subscribers
	o.mu.Lock()
	got, subs := o.broadcasts-before, o.lastSubs
	o.mu.Unlock()
	if got != 1 || subs != 2 {
		t.Fatalf("after a join: %d broadcasts to %d subscribers, want 1 to 2", got, subs)
	}
}

func TestSubscriptionChangedAtKeepsTheOldestPendingChange(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	sub := r.Subscribe()
	defer sub.Close()
	if !sub.ChangedAt().IsZero() {
		t.Fatal("a new subscription has a change pending")
	}
	before := time.Now()
	join(t, r, maria)
	mid := time.Now()
	join(t, r, ana) // a second change while the first is not taken
	<-sub.C()
	at := sub.ChangedAt()
	if at.Before(before) || at.After(mid) {
		t.Fatalf("ChangedAt %v is not the first change's time (between %v and %v)", at, before, mid)
	}
	if !sub.ChangedAt().IsZero() {
		t.Fatal("ChangedAt did not take the change")
	}
}

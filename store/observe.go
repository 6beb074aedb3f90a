package store

import (
	"sync/atomic"
	"time"

	"cxroom/meeting"
)

// observer holds the DB's meeting.Observer (nil: none).
type observer struct {
	o atomic.Pointer[meeting.Observer]
}

// SetObserver makes o see the records every committed transaction wrote
// (nil: nobody). It may be called at any time.
func (db *DB) SetObserver(o meeting.Observer) {
	if o == nil {
		db.obs.o.Store(nil)
		return
	}
	db.obs.o.Store(&o)
}

// observe tells the observer what a committed transaction wrote, by kind.
func (db *DB) observe(kinds []string) {
	p := db.obs.o.Load()
	if p == nil || len(kinds) == 0 {
		return
	}
	n := map[string]int{}
	for _, k := range kinds {
		n[k]++
	}
	for k, c := range n {
		(*p).RecordsWritten(k, c)
	}
}

// observeCommit tells the observer a read-write transaction was durable
// after took.
func (db *DB) observeCommit(took time.Duration) {
	if p := db.obs.o.Load(); p != nil {
		(*p).Committed(took)
	}
}

// Writable reports whether the store would take a write now: open, its
// folder there and writable, its disk above the free-space reserve. The
// error is one sentence for an operator (a health check), the same one a
// refused write gets.
func (db *DB) Writable() error {
	db.mu.Lock()
	closed := db.closed
	db.mu.Unlock()
	if closed {
		return meeting.Errorf(meeting.EINTERNAL, "the data folder is closed: cxroom is stopping")
	}
	return db.canWrite()
}

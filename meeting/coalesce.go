package meeting

import (
	"sync"
	"time"
)

// coalescer runs fire at most once per gap: a poke after a quiet gap fires
// at once; pokes within the gap fire once, at its end. No poke is lost: the
// last one is always followed by a fire. Safe for concurrent use.
type coalescer struct {
	gap  func() time.Duration // the gap as of now
	fire func()

	mu    sync.Mutex
	last  time.Time   // the last fire
	timer *time.Timer // a fire due at the end of the gap; nil: none
}

func (c *coalescer) poke() {
	c.mu.Lock()
	if c.timer != nil { // the fire to come covers this poke
		c.mu.Unlock()
		return
	}
	if wait := c.gap() - time.Since(c.last); wait > 0 {
		c.timer = time.AfterFunc(wait, c.due)
		c.mu.Unlock()
		return
	}
	c.last = time.Now()
	c.mu.Unlock()
	c.fire()
}

func (c *coalescer) due() {
	c.mu.Lock()
	c.timer, c.last = nil, time.Now()
	c.mu.Unlock()
	c.fire()
}

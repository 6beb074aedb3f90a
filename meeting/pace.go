package meeting

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Default pace of what one person may write: records, edits, votes and
// status changes, in rooms and between meetings alike. A meeting produces a
// record every few seconds at most; a script adding a thousand actions in a
// minute is stopped after the burst.
const (
	DefaultWritesPerMinute = 60
	DefaultWriteBurst      = 30
	maxPaced               = 10000 // people tracked; past it the oldest record is forgotten

	// A raised hand and "typing…" are not writes but redraw every screen in
	// the room: each is paced on a budget of its own, as fast as writes
	// (Hub.SetPace sets all three).
	DefaultSignalsPerMinute = DefaultWritesPerMinute
	DefaultSignalBurst      = DefaultWriteBurst
)

// Pacer bounds how fast each person writes, by handle (so one person's
// sessions, terminals and commands share one budget), on the meeting clock.
type Pacer struct {
	clock Clock
	every rate.Limit
	burst int
	// refusal is the sentence for someone past their budget: the wait
	// first, as a narrow screen cuts the end of the line.
	refusal func(perMinute int, wait string) string

	mu   sync.Mutex
	by   map[string]*rate.Limiter
	last map[string]time.Time
}

// NewPacer allows perMinute writes a minute to each person, burst at once;
// perMinute < 0 allows everything.
func NewPacer(clock Clock, perMinute float64, burst int) *Pacer {
	p := &Pacer{clock: clock, burst: max(burst, 1), by: map[string]*rate.Limiter{}, last: map[string]time.Time{},
		refusal: func(n int, wait string) string {
			return fmt.Sprintf("wait %s and try again: you are saving faster than a meeting can follow (at most %d a minute)", wait, n)
		}}
	switch {
	case perMinute < 0:
		p.every = rate.Inf
	case perMinute == 0:
		p.every = rate.Limit(DefaultWritesPerMinute / 60.0)
	default:
		p.every = rate.Limit(perMinute / 60)
	}
	if burst == 0 {
		p.burst = DefaultWriteBurst
	}
	return p
}

// Allow takes one write from handle's budget, or says how long to wait.
func (p *Pacer) Allow(handle string) error {
	if p == nil || p.every == rate.Inf {
		return nil
	}
	now := p.clock.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.by[handle]
	if l == nil {
		if len(p.by) >= maxPaced {
			p.forgetOldest()
		}
		l = rate.NewLimiter(p.every, p.burst)
		p.by[handle] = l
	}
	p.last[handle] = now
	if l.AllowN(now, 1) {
		return nil
	}
	wait := time.Duration(float64(time.Second) / float64(p.every))
	e := Errorf(ECONFLICT, "%s", p.refusal(int(float64(p.every)*60+0.5), roundUp(wait)))
	e.Retry = wait
	return e
}

// newSignalPacer paces raised hands and "typing…" like NewPacer paces
// writes, with a budget of their own.
func newSignalPacer(clock Clock, perMinute float64, burst int) *Pacer {
	p := NewPacer(clock, perMinute, burst)
	p.refusal = func(n int, wait string) string {
		return fmt.Sprintf("wait %s and try again: you are raising your hand faster than the room can follow (at most %d a minute)", wait, n)
	}
	return p
}

func (p *Pacer) forgetOldest() {
	var who string
	var at time.Time
	for h, t := range p.last {
		if who == "" || t.Before(at) {
			who, at = h, t
		}
	}
	delete(p.by, who)
	delete(p.last, who)
}

func roundUp(d time.Duration) string {
	if d < time.Second {
		return "a second"
	}
	return fmt.Sprintf("%d s", int((d+time.Second-1)/time.Second))
}

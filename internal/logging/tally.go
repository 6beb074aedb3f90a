package logging

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultSummaryEvery is how often a Tally writes its summary.
const DefaultSummaryEvery = time.Minute

// maxSources bounds the distinct sources a Tally remembers per kind and
// period; past it the summary says "more than".
const maxSources = 10000

// Kind names what a Tally counts, for its summary line: "refused" (Event)
// "connections" (What) from N "addresses" (Source).
type Kind struct {
	Event, What, Source string
}

// Tally counts repeated events — refused connections, failed logins,
// refused sessions — and writes one summary line per kind and period, so
// that nobody can make the log grow by repeating an event:
//
//	level=WARN msg="refused 1,234 connections from 3 addresses (rate limit 1,200, cap 34)" …
//
// Reasons are the caller's own words (never user input); sources are
// counted, not written.
type Tally struct {
	log *slog.Logger

	mu      sync.Mutex
	counts  map[Kind]*tallyCount
	observe func(k Kind, reason string) // told of every event (metrics); nil: nobody
}

type tallyCount struct {
	n        int
	reasons  map[string]int
	sources  map[string]struct{}
	overflow bool
}

// NewTally returns a Tally that summarises on log.
func NewTally(log *slog.Logger) *Tally {
	return &Tally{log: log, counts: map[Kind]*tallyCount{}}
}

// Observe makes fn see every event added from now on, as it is added (the
// server's metrics count them by kind and reason). fn must be cheap and
// must not call the Tally. nil: nobody.
func (t *Tally) Observe(fn func(k Kind, reason string)) {
	t.mu.Lock()
	t.observe = fn
	t.mu.Unlock()
}

// Name is the kind as one word for figures: "refused_connections",
// "failed_logins", "closed_connections_without_a_session".
func (k Kind) Name() string { return strings.ReplaceAll(k.Event+" "+k.What, " ", "_") }

// Add counts one event of kind k for reason from source.
func (t *Tally) Add(k Kind, reason, source string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.observe != nil {
		t.observe(k, reason)
	}
	c := t.counts[k]
	if c == nil {
		c = &tallyCount{reasons: map[string]int{}, sources: map[string]struct{}{}}
		t.counts[k] = c
	}
	c.n++
	c.reasons[reason]++
	if _, ok := c.sources[source]; !ok {
		if len(c.sources) < maxSources {
			c.sources[source] = struct{}{}
		} else {
			c.overflow = true
		}
	}
}

// Count returns how many events of kind k were added since the last Flush.
func (t *Tally) Count(k Kind) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if c := t.counts[k]; c != nil {
		return c.n
	}
	return 0
}

// Flush writes one line per kind counted since the last Flush, and starts
// counting again.
func (t *Tally) Flush() {
	if t == nil {
		return
	}
	t.mu.Lock()
	counts := t.counts
	t.counts = map[Kind]*tallyCount{}
	t.mu.Unlock()
	kinds := make([]Kind, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b Kind) int { return strings.Compare(a.Event+a.What, b.Event+b.What) })
	for _, k := range kinds {
		c := counts[k]
		reasons := make([]string, 0, len(c.reasons))
		for r := range c.reasons {
			reasons = append(reasons, r)
		}
		slices.SortFunc(reasons, func(a, b string) int { return c.reasons[b] - c.reasons[a] })
		parts := make([]string, len(reasons))
		attrs := make([]any, len(reasons))
		for i, r := range reasons {
			parts[i] = strings.ReplaceAll(r, "_", " ") + " " + Thousands(c.reasons[r])
			attrs[i] = slog.Int(r, c.reasons[r])
		}
		sources := Thousands(len(c.sources))
		if c.overflow {
			sources = "more than " + sources
		}
		msg := fmt.Sprintf("%s %s %s from %s %s (%s)", k.Event, Thousands(c.n), count(k.What, c.n), sources, count(k.Source, len(c.sources)), strings.Join(parts, ", "))
		t.log.Warn(msg, "event", k.Event+"_"+k.What, "count", c.n, "sources", len(c.sources), slog.Group("reasons", attrs...))
	}
}

// Run flushes every period until ctx ends, then once more.
func (t *Tally) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultSummaryEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			t.Flush()
		case <-ctx.Done():
			t.Flush()
			return
		}
	}
}

// count is a plural noun phrase made singular for one: "connections
// without a session" → "connection without a session", "addresses" →
// "address".
func count(what string, n int) string {
	if n != 1 {
		return what
	}
	word, rest, _ := strings.Cut(what, " ")
	if strings.HasSuffix(word, "sses") {
		word = strings.TrimSuffix(word, "es")
	} else {
		word = strings.TrimSuffix(word, "s")
	}
	if rest != "" {
		return word + " " + rest
	}
	return word
}

// Thousands formats n with commas: 1,234,567.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

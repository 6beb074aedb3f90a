package tui

import "sync"

// RenderCache is what sessions share of their drawing: rendered markdown,
// rendered room panes, whole room screens, the clock lines and the frame
// steps of the shared-frames writer (frames.go). It is owned by whoever
// serves the sessions — one per Server, one per local TUI — and passed to
// each session in Deps, so two servers in one process share nothing. Every
// part is bounded in entries and bytes, so what sessions leave behind after
// they end is bounded too (a resize storm at the largest window cannot
// grow it).
type RenderCache struct {
	// markdown by text, width and palette: glamour is by far the most
	// expensive thing a screen draws
	md sharedMap[mdKey, string]
	// room panes: after a change, the first session to draw renders, the
	// rest of the room reuses it
	panes sharedMap[paneKey, []string]
	// whole room screens by their parts (roomScreen.view)
	bodies sharedMap[bodyKey, string]
	clocks clockShare
	steps  *stepCache
}

// Cache bounds.
const (
	mdCacheMax     = 1024     // rendered markdown texts
	mdCacheBytes   = 4 << 20  // and their bytes
	paneCacheMax   = 4096     // rendered panes
	paneCacheBytes = 16 << 20 // and their bytes
	bodyCacheMax   = 256      // whole room screens
	bodyCacheBytes = 8 << 20  // and their bytes
	clockShareMax  = 256      // rendered clock lines (by width, palette and what they show)
	clockBytes     = 2 << 20  // and their bytes
)

// NewRenderCache returns an empty cache.
func NewRenderCache() *RenderCache {
	return &RenderCache{
		md: sharedMap[mdKey, string]{maxEntries: mdCacheMax, maxBytes: mdCacheBytes,
			cost: func(k mdKey, s string) int { return len(k.text) + len(s) }},
		panes: sharedMap[paneKey, []string]{maxEntries: paneCacheMax, maxBytes: paneCacheBytes,
			cost: func(k paneKey, ls []string) int {
				n := len(k.text) + 16*len(ls)
				for _, l := range ls {
					n += len(l)
				}
				return n
			}},
		bodies: sharedMap[bodyKey, string]{maxEntries: bodyCacheMax, maxBytes: bodyCacheBytes,
			cost: func(k bodyKey, s string) int {
				return len(s) + len(k.head) + len(k.segLine) + len(k.clock) + len(k.proof) + len(k.people) + len(k.status)
			}},
		clocks: clockShare{lines: sharedMap[clockKey, string]{maxEntries: clockShareMax, maxBytes: clockBytes,
			cost: func(k clockKey, s string) int { return len(s) + len(k.text) + len(k.style) }}},
		steps: newStepCache(),
	}
}

// Bytes returns what the cache holds, roughly: the rendered text and frame
// steps it keeps alive.
func (c *RenderCache) Bytes() int {
	n := c.md.size() + c.panes.size() + c.bodies.size() + c.clocks.size()
	c.steps.mu.Lock()
	n += c.steps.bytes + c.steps.prevBytes
	c.steps.mu.Unlock()
	return n
}

// sharedMap is a map every session reads and fills, bounded in entries and
// bytes: when either bound is reached it starts again (what it holds is
// made again by the next session that needs it). An entry is never
// replaced: the same key is the same rendering.
type sharedMap[K comparable, V any] struct {
	mu                   sync.Mutex
	m                    map[K]V
	bytes                int
	maxEntries, maxBytes int
	cost                 func(K, V) int // an entry's bytes, its key's included
}

func (c *sharedMap[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// put keeps v under k; one entry over a quarter of the bound in bytes is
// not kept (it must not empty the map for everyone). It reports whether v
// is now kept.
func (c *sharedMap[K, V]) put(k K, v V) bool {
	n := c.cost(k, v)
	if n > c.maxBytes/4 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return false
	}
	if c.m == nil || len(c.m) >= c.maxEntries || c.bytes+n > c.maxBytes {
		c.m, c.bytes = map[K]V{}, 0
	}
	c.m[k] = v
	c.bytes += n
	return true
}

// size is the bytes held.
func (c *sharedMap[K, V]) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

type mdKey struct {
	text  string
	width int
	style string
}

// bodyKey is a room screen's parts: the short ones by their text, the two
// columns by their first line's address in the pane cache's slices (the
// key holds them, so no other slice can take that address while it is
// kept; panes are never changed once cached).
type bodyKey struct {
	head, segLine, clock, proof, people, status, sep string
	prompt, rights                                   *string
	w, bodyH                                         int
}

// clockShare holds the room's two clock lines by everything they show
// (clockKey): when the clock moves, every screen in a room redraws it, and
// all but the first take the lines from here. A room's clock moves every
// few seconds at most, so a few entries per room and width are in use at
// any time.
type clockShare struct {
	lines sharedMap[clockKey, string]
	mu    sync.Mutex
	bars  map[clockKey]int // the bar's width, by the key without it (barW and full zero)
	barsB int              // their keys' bytes
}

// bar returns the bar's width for k's clock lines (k's own barW and full
// are left out), when they were drawn.
func (c *clockShare) bar(k clockKey) (int, bool) {
	k.barW, k.full = 0, 0
	c.mu.Lock()
	defer c.mu.Unlock()
	w, ok := c.bars[k]
	return w, ok
}

func (c *clockShare) get(k clockKey) (string, bool) { return c.lines.get(k) }

// put keeps the lines s drawn for k, and the bar's width they were drawn
// with (also when another session kept the same lines first: the widths
// may have started again since).
func (c *clockShare) put(k clockKey, s string) {
	c.lines.put(k, s)
	w := k.barW
	k.barW, k.full = 0, 0
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.bars[k]; ok {
		return
	}
	if c.bars == nil || len(c.bars) >= clockShareMax {
		c.bars, c.barsB = map[clockKey]int{}, 0
	}
	c.bars[k] = w
	c.barsB += len(k.text) + len(k.style) + 64
}

// size is the bytes held.
func (c *clockShare) size() int {
	c.mu.Lock()
	n := c.barsB
	c.mu.Unlock()
	return n + c.lines.size()
}

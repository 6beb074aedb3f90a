package tui

import "sync"

// RenderCache is what sessions share of their drawing: rendered markdown,
// rendered room panes and the frame steps of the shared-frames writer
// (frames.go). It is owned by whoever serves the sessions — one per Server,
// one per local TUI — and passed to each session in Deps, so two servers in
// one process share nothing. Every part is bounded in entries and bytes, so
// what sessions leave behind after they end is bounded too (a resize storm
// at the largest window cannot grow it).
type RenderCache struct {
	md     mdCache
	panes  paneCache
	bodies bodyCache
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
)

// NewRenderCache returns an empty cache.
func NewRenderCache() *RenderCache {
	return &RenderCache{
		md:     mdCache{m: map[mdKey]string{}},
		panes:  paneCache{m: map[paneKey][]string{}},
		bodies: bodyCache{m: map[bodyKey]string{}},
		steps:  newStepCache(),
	}
}

// Bytes returns what the cache holds, roughly: the rendered text and frame
// steps it keeps alive.
func (c *RenderCache) Bytes() int {
	c.md.mu.Lock()
	n := c.md.bytes
	c.md.mu.Unlock()
	c.panes.mu.Lock()
	n += c.panes.bytes
	c.panes.mu.Unlock()
	c.bodies.mu.Lock()
	n += c.bodies.bytes
	c.bodies.mu.Unlock()
	c.steps.mu.Lock()
	n += c.steps.bytes + c.steps.prevBytes
	c.steps.mu.Unlock()
	return n
}

// mdCache holds rendered markdown by text, width and palette: the same
// prompt at the same width and palette renders to the same string, and
// glamour is by far the most expensive thing a screen draws.
type mdCache struct {
	mu    sync.Mutex
	m     map[mdKey]string
	bytes int
}

type mdKey struct {
	text  string
	width int
	style string
}

func (c *mdCache) get(k mdKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[k]
	return s, ok
}

func (c *mdCache) put(k mdKey, s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(k.text) + len(s)
	if n > mdCacheBytes/4 {
		return // one huge text must not empty the cache for everyone
	}
	if len(c.m) >= mdCacheMax || c.bytes+n > mdCacheBytes {
		c.m, c.bytes = map[mdKey]string{}, 0
	}
	if old, ok := c.m[k]; ok {
		c.bytes -= len(k.text) + len(old)
	}
	c.m[k] = s
	c.bytes += n
}

// paneCache holds rendered panes of the room screen. After a change, the
// first session to draw renders; the rest of the room reuses it.
type paneCache struct {
	mu    sync.Mutex
	m     map[paneKey][]string
	bytes int
}

func (c *paneCache) get(k paneKey) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ls, ok := c.m[k]
	return ls, ok
}

func (c *paneCache) put(k paneKey, ls []string) {
	n := len(k.text) + 16*len(ls)
	for _, l := range ls {
		n += len(l)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > paneCacheBytes/4 {
		return
	}
	if len(c.m) >= paneCacheMax || c.bytes+n > paneCacheBytes {
		c.m, c.bytes = map[paneKey][]string{}, 0
	}
	if _, ok := c.m[k]; ok {
		return // same key, same rendering
	}
	c.m[k] = ls
	c.bytes += n
}

// bodyCache holds whole room screens (roomScreen.view) by their parts:
// after a change, every session whose parts are the same shows the same
// screen, built once.
type bodyCache struct {
	mu    sync.Mutex
	m     map[bodyKey]string
	bytes int
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

func (c *bodyCache) get(k bodyKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[k]
	return s, ok
}

func (c *bodyCache) put(k bodyKey, s string) {
	n := len(s) + len(k.head) + len(k.segLine) + len(k.clock) + len(k.proof) + len(k.people) + len(k.status)
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > bodyCacheBytes/4 {
		return
	}
	if len(c.m) >= bodyCacheMax || c.bytes+n > bodyCacheBytes {
		c.m, c.bytes = map[bodyKey]string{}, 0
	}
	if _, ok := c.m[k]; ok {
		return
	}
	c.m[k] = s
	c.bytes += n
}

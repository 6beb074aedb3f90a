package tui

import (
	"strings"
	"testing"
)

// What sessions share is bounded: a map that reaches its entries or its
// bytes starts again, one entry over a quarter of the bytes is not kept, and
// a key keeps its first rendering.
func TestSharedMapBounds(t *testing.T) {
	c := sharedMap[int, string]{maxEntries: 4, maxBytes: 100, cost: func(_ int, s string) int { return len(s) }}
	for i := range 4 {
		if !c.put(i, "xx") {
			t.Fatalf("entry %d not kept", i)
		}
	}
	if c.put(0, "yy") {
		t.Fatal("a key's rendering was replaced")
	}
	if v, _ := c.get(0); v != "xx" {
		t.Fatalf("key 0 holds %q, want its first rendering", v)
	}
	if !c.put(4, "xx") || len(c.m) != 1 || c.size() != 2 {
		t.Fatalf("past 4 entries: %d entries of %d bytes, want the map started again with 1 of 2", len(c.m), c.size())
	}
	if _, ok := c.get(1); ok {
		t.Fatal("an entry survived the map starting again")
	}
	if c.put(5, strings.Repeat("x", 26)) {
		t.Fatal("an entry over a quarter of the bytes was kept")
	}
	for i := range 3 {
		c.put(10+i, strings.Repeat("x", 25)) // 2 + 75 bytes
	}
	if !c.put(20, strings.Repeat("x", 25)) || c.size() != 25 {
		t.Fatalf("past 100 bytes: %d bytes held, want the map started again with 25", c.size())
	}
}

// Every part of the render cache has its bounds set.
func TestRenderCacheBounded(t *testing.T) {
	c := NewRenderCache()
	for name, b := range map[string][2]int{
		"markdown": {c.md.maxEntries, c.md.maxBytes}, "panes": {c.panes.maxEntries, c.panes.maxBytes},
		"screens": {c.bodies.maxEntries, c.bodies.maxBytes}, "clocks": {c.clocks.lines.maxEntries, c.clocks.lines.maxBytes},
	} {
		if b[0] <= 0 || b[1] <= 0 {
			t.Errorf("%s: %d entries of %d bytes, want both bounded", name, b[0], b[1])
		}
	}
	if c.md.cost == nil || c.panes.cost == nil || c.bodies.cost == nil || c.clocks.lines.cost == nil {
		t.Error("a part of the cache counts no bytes")
	}
}

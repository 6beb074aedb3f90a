package tui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	xansi "github.com/charmbracelet/x/ansi"
)

func lipglossWidth(s string) int { return xansi.StringWidth(s) }

// Rendered markdown is shared by every session: the same prompt at the
// same width and palette renders to the same string, and glamour is by far
// the most expensive thing a screen draws. Bounded so resize storms cannot
// grow it without limit.
var mdCache = struct {
	sync.Mutex
	m map[mdKey]string
}{m: map[mdKey]string{}}

const mdCacheMax = 1024

type mdKey struct {
	text  string
	width int
	style string
}

func styleName(st *Styles) string {
	switch {
	case st.Plain:
		return "plain"
	case st.Dark:
		return "dark"
	}
	return "light"
}

func styleConfig(name string) ansi.StyleConfig {
	var c ansi.StyleConfig
	switch name {
	case "plain":
		// no colour, and no literal ** or * around emphasis either: on a
		// NO_COLOR terminal the markers are noise
		c = styles.ASCIIStyleConfig
		c.Strong.BlockPrefix, c.Strong.BlockSuffix = "", ""
		c.Emph.BlockPrefix, c.Emph.BlockSuffix = "", ""
	case "light":
		c = styles.LightStyleConfig
	default:
		c = styles.DarkStyleConfig
	}
	zero := uint(0)
	c.Document.Margin = &zero
	c.Document.BlockPrefix = ""
	c.Document.BlockSuffix = ""
	return c
}

// cachedMarkdown returns the rendering if it is cached.
func cachedMarkdown(text string, width int, st *Styles) (string, bool) {
	mdCache.Lock()
	defer mdCache.Unlock()
	s, ok := mdCache.m[mdKey{text, width, styleName(st)}]
	return s, ok
}

// renderMarkdown renders text at width with the session's palette, through
// the cache.
func renderMarkdown(text string, width int, st *Styles) string {
	if s, ok := cachedMarkdown(text, width, st); ok {
		return s
	}
	name := styleName(st)
	out := text
	r, err := glamour.NewTermRenderer(glamour.WithStyles(styleConfig(name)), glamour.WithWordWrap(max(width, 20)))
	if err == nil {
		if s, err := r.Render(text); err == nil {
			out = strings.Trim(s, "\n")
		}
	}
	mdCache.Lock()
	if len(mdCache.m) >= mdCacheMax {
		mdCache.m = map[mdKey]string{}
	}
	mdCache.m[mdKey{text, width, name}] = out
	mdCache.Unlock()
	return out
}

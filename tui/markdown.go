package tui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	uv "github.com/charmbracelet/ultraviolet"
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
			out = compactStyled(strings.Trim(s, "\n"))
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

// compactStyled rewrites styled text with as few escape sequences as show
// the same thing: glamour styles every padding space on its own ("ESC[38;5;
// 252m ESC[m" per cell) and every frame of every session that shows the
// text pays for parsing them. A space that has only a foreground colour
// (or bold, italic…) looks the same in any such style, so it takes the
// style of the text before it; runs of cells in one style share one
// sequence; trailing plain spaces go.
// Text without escapes is returned as is.
func compactStyled(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = compactLine(l)
	}
	return strings.Join(lines, "\n")
}

func compactLine(l string) string {
	if !strings.Contains(l, "\x1b") {
		return l
	}
	// room to spare: the buffer measures cells its own way
	w := 2*xansi.StringWidth(l) + 8
	buf := uv.NewScreenBuffer(w, 1)
	uv.NewStyledString(l).Draw(buf, buf.Bounds())
	line := buf.Line(0)
	// a space that shows nothing takes the style of the text before it (no
	// sequence to switch), or none at the end of the line
	var prev uv.Style
	last := -1 // the last cell that shows something
	for x := range line {
		c := &line[x]
		if c.Content == " " && c.Link.IsZero() && invisibleOnSpace(c.Style) {
			if invisibleOnSpace(prev) {
				c.Style = prev
			} else {
				c.Style = uv.Style{}
			}
			continue
		}
		if !c.IsZero() {
			prev, last = c.Style, x
		}
	}
	for x := last + 1; x < len(line); x++ {
		if line[x].Content == " " && line[x].Link.IsZero() && invisibleOnSpace(line[x].Style) {
			line[x].Style = uv.Style{}
		}
	}
	return strings.TrimRight(line.Render(), " ")
}

// invisibleOnSpace reports whether style st shows nothing on a space: no
// background, underline, reverse video or strike-through.
func invisibleOnSpace(st uv.Style) bool {
	return st.Bg == nil && st.Underline == uv.UnderlineNone &&
		st.Attrs&(uv.AttrReverse|uv.AttrStrikethrough) == 0
}

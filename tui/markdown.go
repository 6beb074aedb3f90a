package tui

import (
	"bytes"
	"strings"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	uv "github.com/charmbracelet/ultraviolet"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

func lipglossWidth(s string) int { return xansi.StringWidth(s) }

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
	// headings read as headings, not as markdown: no "## " in front (the
	// colour palettes make them bold and coloured; the plain one, which has
	// neither, writes them in capitals)
	upper := name == "plain"
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
		if upper {
			h.Upper = &upper
		}
	}
	if c.H1.BackgroundColor != nil {
		c.H1.Prefix, c.H1.Suffix = " ", " " // the band around the title
	}
	zero := uint(0)
	c.Document.Margin = &zero
	c.Document.BlockPrefix = ""
	c.Document.BlockSuffix = ""
	return c
}

// docMaxWidth is the widest a document (the minutes, a decision) is set,
// as a pager sets it: lines of 200 cells are hard to read, and a markdown
// table is stretched to the width it is given, its short columns first.
const docMaxWidth = 120

// docWidth is the width a document is set at on a screen w cells wide.
func docWidth(w int) int { return min(max(w-2, 20), docMaxWidth) }

// markdown renders text at width with the session's palette, through the
// cache. The output holds no hyperlinks and no other OSC sequence: text
// typed by people reaches every screen in the room, and a link there would
// be an invitation to click (see safeMarkdown).
func (c *RenderCache) markdown(text string, width int, st *Styles) string {
	name := styleName(st)
	k := mdKey{text, width, name}
	if s, ok := c.md.get(k); ok {
		return s
	}
	out := renderMarkdown(text, width, name)
	c.md.put(k, out)
	return out
}

// renderMarkdown renders text at width in the named palette, uncached.
func renderMarkdown(text string, width int, style string) string {
	var b bytes.Buffer
	if err := safeMarkdown(style, max(width, 20)).Convert([]byte(text), &b); err != nil {
		return stripOSC(text)
	}
	return stripOSC(compactStyled(strings.Trim(b.String(), "\n")))
}

// safeMarkdown is glamour's terminal renderer on a markdown parser without
// GFM's linkify: a bare URL, www.… or e-mail address in a record stays the
// text that was typed instead of becoming a link (glamour rewrites
// "www.x" as "http://www.x", and moves a table cell's links out of the
// table, dropping an e-mail address from its cell). Links written as
// markdown (an agenda's prompt) show their text and address inline, and
// stripOSC takes the hyperlink escapes away.
func safeMarkdown(style string, width int) goldmark.Markdown {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(softBreaks{}, 1000))),
	)
	// New lines are kept in paragraphs, and softBreaks has turned the soft
	// ones into spaces: what is left are the hard breaks ("**Date:** …␠␠"),
	// which then start a new line as they do in any other renderer.
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, Styles: styleConfig(style), InlineTableLinks: true, PreserveNewLines: true})
	md.SetRenderer(renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000))))
	return md
}

// softBreaks turns every soft line break (a new line inside a paragraph
// that markdown reads as a space) into a space in the source the renderer
// reads, so that only hard breaks (two trailing spaces or a backslash) stay
// new lines. glamour otherwise treats both alike: it joins every line of a
// paragraph, hard breaks included.
type softBreaks struct{}

func (softBreaks) Transform(doc *gast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		t, ok := n.(*gast.Text)
		if !entering || !ok || !t.SoftLineBreak() || t.HardLineBreak() {
			return gast.WalkContinue, nil
		}
		// the source from the end of the text to its new line is blanks
		end := t.Segment.Stop
		for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		if end < len(src) && src[end] == '\n' {
			src[end] = ' '
			t.Segment = t.Segment.WithStop(end + 1)
			t.SetSoftLineBreak(false)
		}
		return gast.WalkContinue, nil
	})
}

// stripOSC removes every OSC sequence (hyperlinks, titles, clipboard,
// colour changes) from rendered text, keeping the rest as it is.
func stripOSC(s string) string {
	if !strings.Contains(s, "\x1b]") && strings.IndexByte(s, 0x9d) < 0 {
		return s
	}
	p := xansi.GetParser()
	defer xansi.PutParser(p)
	var b strings.Builder
	b.Grow(len(s))
	var state byte
	for len(s) > 0 {
		seq, _, n, next := xansi.DecodeSequence(s, state, p)
		if n <= 0 {
			break
		}
		if !xansi.HasOscPrefix(seq) {
			b.WriteString(seq)
		}
		s, state = s[n:], next
	}
	return b.String()
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

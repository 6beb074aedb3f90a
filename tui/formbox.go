package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// formBox draws lines in the form's box, w cells wide: what
// st.Box.Width(w).Render(strings.Join(lines, "\n")) draws, byte for byte
// (TestFormBoxDrawsWhatLipglossDraws), measuring each line once instead of
// wrapping, aligning and bordering it in turn. A form is drawn again on
// every key typed into it, and the box was half of that. Lines that would
// need lipgloss's work (wider than the box, a style left open, a control
// character: a tab, a carriage return, a newline, a C1 byte) go through
// lipgloss.
func formBox(st *Styles, lines []string, w int) string {
	if s, ok := drawBox(st, lines, w); ok {
		return s
	}
	return st.Box.Width(w).Render(strings.Join(lines, "\n"))
}

// drawBox is formBox's own drawing; false: the lines need lipgloss's.
func drawBox(st *Styles, lines []string, w int) (string, bool) {
	inner := w - 4 // the borders and a cell of padding each side
	if inner < 1 {
		return "", false
	}
	widths := make([]int, len(lines))
	size := 0
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		if widths[i] > inner || !penClosed(l) || !plainLine(l) {
			return "", false
		}
		size += len(l) + inner - widths[i]
	}
	edge := st.boxEdges(w)
	var b strings.Builder
	b.Grow(size + len(lines)*(2*len(edge.side)+3) + len(edge.top) + len(edge.bottom) + 2)
	b.WriteString(edge.top)
	for i, l := range lines {
		b.WriteByte('\n')
		b.WriteString(edge.side)
		b.WriteByte(' ')
		b.WriteString(l)
		for range inner - widths[i] {
			b.WriteByte(' ')
		}
		b.WriteByte(' ')
		b.WriteString(edge.side)
	}
	b.WriteByte('\n')
	b.WriteString(edge.bottom)
	return b.String(), true
}

// boxEdges are the box's border lines and side, styled, for a width.
type boxEdges struct{ top, bottom, side string }

// boxEdges renders the edges of a box w cells wide once per width.
func (s *styleSet) boxEdges(w int) boxEdges {
	s.edgesMu.Lock()
	defer s.edgesMu.Unlock()
	if e, ok := s.edges[w]; ok {
		return e
	}
	border := s.Box.GetBorderStyle()
	paint := s.Box.UnsetBorderStyle().UnsetPadding().UnsetBorderForeground().Foreground(s.Box.GetBorderTopForeground())
	if s.Plain {
		paint = paint.UnsetForeground()
	}
	e := boxEdges{
		top:    paint.Render(border.TopLeft + strings.Repeat(border.Top, w-2) + border.TopRight),
		bottom: paint.Render(border.BottomLeft + strings.Repeat(border.Bottom, w-2) + border.BottomRight),
		side:   paint.Render(border.Left),
	}
	if s.edges == nil {
		s.edges = map[int]boxEdges{}
	}
	if len(s.edges) < 64 { // a few widths in a session's life; bounded
		s.edges[w] = e
	}
	return e
}

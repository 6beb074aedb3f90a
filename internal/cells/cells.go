// Package cells lays text out in columns by the cells it takes on a
// terminal, not by its bytes or runes: 李伟 takes four cells, 👩‍💼 (three
// runes joined) two, and é written as e + a combining accent one. Text is
// cut only between characters (grapheme clusters), with "…" where it was
// cut, and escape sequences (styles) take no room.
//
// The TUI's list screens use Fit and Row; the command line's tables use
// Table.
package cells

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks where text was cut.
const Ellipsis = "…"

// Width is the number of terminal cells s takes.
func Width(s string) int { return ansi.StringWidth(s) }

// Clip returns s cut to at most w cells, ending in "…" when it was cut.
func Clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Pad returns s followed by spaces up to w cells (s as it is when wider).
func Pad(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// Fit returns s in exactly w cells: cut with "…" when wider (a wide
// character that would straddle the edge goes, and a space takes its
// place), padded with spaces when narrower.
func Fit(s string, w int) string { return Pad(Clip(s, w), w) }

// Row lays one row out: cell i fitted to widths[i] cells, the cells
// separated by gap; the cells past widths (the last column, free text) as
// they are. Styled cells keep their styles.
func Row(gap string, widths []int, row ...string) string {
	var b strings.Builder
	for i, c := range row {
		if i > 0 {
			b.WriteString(gap)
		}
		if i < len(widths) {
			b.WriteString(Fit(c, widths[i]))
		} else {
			b.WriteString(c)
		}
	}
	return b.String()
}

// Widest returns the width of the widest of cells, at least lo and at most
// hi (hi <= 0: no limit).
func Widest(lo, hi int, cells ...string) int {
	w := lo
	for _, c := range cells {
		w = max(w, Width(c))
	}
	if hi > 0 {
		w = min(w, hi)
	}
	return w
}

// Table writes rows whose columns line up by cell width, as text/tabwriter
// would for ASCII: every column but the last as wide as its widest cell
// (at most Max cells, cut with "…" beyond), then Gap spaces; the last
// column as it is, no trailing spaces.
type Table struct {
	Gap  int // spaces between columns (0: 2)
	Max  int // widest a column other than the last may be (0: 40)
	rows [][]string
}

// Row adds a row.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// WriteTo writes the rows to w.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	gap, most := t.Gap, t.Max
	if gap <= 0 {
		gap = 2
	}
	if most <= 0 {
		most = 40
	}
	var widths []int
	for _, r := range t.rows {
		for i, c := range r[:max(len(r)-1, 0)] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], min(Width(c), most))
		}
	}
	var b strings.Builder
	sep := strings.Repeat(" ", gap)
	for _, r := range t.rows {
		line := Row(sep, widths[:min(len(widths), max(len(r)-1, 0))], r...)
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

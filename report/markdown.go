package report

import (
	"fmt"
	"regexp"
	"strings"
)

// ---- markdown building and escaping ----

// mdWriter builds a markdown document line by line.
type mdWriter struct{ strings.Builder }

func (w *mdWriter) line(s string) {
	w.WriteString(s)
	w.WriteByte('\n')
}

func (w *mdWriter) linef(format string, args ...any) { w.line(fmt.Sprintf(format, args...)) }

// fields writes lines that belong together ("**Date:** …", "**Facilitator:**
// …") with hard breaks between them (two trailing spaces), so a renderer
// shows one per line instead of joining them into a paragraph.
func (w *mdWriter) fields(lines ...string) {
	for i, l := range lines {
		if i < len(lines)-1 {
			l += hardBreak
		}
		w.line(l)
	}
}

// hardBreak ends a line that the next one must not join (two trailing
// spaces: markdown's hard line break).
const hardBreak = "  "

// blank ends a block with one empty line (never two in a row).
func (w *mdWriter) blank() {
	s := w.String()
	if s == "" || strings.HasSuffix(s, "\n\n") {
		return
	}
	w.WriteByte('\n')
}

// heading writes an ATX heading; text must already be escaped.
func (w *mdWriter) heading(level int, text string) {
	w.blank()
	w.line(strings.Repeat("#", level) + " " + text)
	w.blank()
}

var (
	orderedMarker = regexp.MustCompile(`^[0-9]{1,9}[.)]([ \t]|$)`)
	dashesOnly    = regexp.MustCompile(`^[-\s]+$`)
	equalsOnly    = regexp.MustCompile(`^=+\s*$`)
	entityLike    = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// mdEscapeLine escapes one line of user text so that markdown reads it as
// plain text wherever it is placed: inline punctuation that would start
// emphasis, code, links, HTML or a table cell, a heading's closing #s, and
// at the start of the line what would open a list, quote, heading, fence,
// setext underline or thematic break. Leading and trailing blanks go (they
// would make code blocks and hard breaks). Punctuation that cannot form
// structure where it stands (a "-" in "-8 NPS", a "<" before a space) is
// left alone, so the raw file stays readable.
func mdEscapeLine(s string) string {
	s = strings.TrimRight(strings.TrimLeft(s, " \t"), " \t")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if s != "" {
		next := byte(' ')
		if len(s) > 1 {
			next = s[1]
		}
		switch {
		case s[0] == '-' && (next == ' ' || next == '\t' || len(s) == 1 || dashesOnly.MatchString(s)),
			s[0] == '+' && (next == ' ' || next == '\t' || len(s) == 1),
			s[0] == '=' && equalsOnly.MatchString(s),
			s[0] == '>', s[0] == '#':
			b.WriteByte('\\')
			b.WriteByte(s[0])
			s = s[1:]
		}
		if loc := orderedMarker.FindStringIndex(s); loc != nil && b.Len() == 0 {
			p := strings.IndexAny(s, ".)")
			b.WriteString(s[:p])
			b.WriteByte('\\')
			s = s[p:]
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '|', '~':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(s) && (isASCIILetter(s[i+1]) || strings.IndexByte("/!?", s[i+1]) >= 0) {
				b.WriteByte('\\')
			}
		case '#':
			if strings.Trim(s[i:], "# ") == "" { // could close an ATX heading
				b.WriteByte('\\')
			}
		case '&':
			if entityLike.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// mdText escapes user text for use within one line (line breaks become
// spaces).
func mdText(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return mdEscapeLine(s)
	}
	return mdEscapeLine(strings.Join(strings.Fields(s), " "))
}

// mdOr is mdText, or "_not recorded_" for an empty field.
func mdOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return mdText(s)
}

// mdBlock escapes multi-line user text as one or more paragraphs.
func mdBlock(s string) string {
	lines := strings.Split(strings.Trim(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdEscapeLine(l)
		// a line typed on its own stays on its own: a hard break before
		// the next line of the same paragraph
		if i+1 < len(lines) && strings.TrimSpace(l) != "" && strings.TrimSpace(lines[i+1]) != "" {
			lines[i] = strings.TrimRight(lines[i], " ") + hardBreak
		}
	}
	return strings.Join(lines, "\n")
}

func blockOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return mdBlock(s)
}

// quoted is user text in double quotes, or "_not recorded_". Text that
// is one quotation already, in its own marks, keeps them and gets no
// second pair.
func quoted(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return notRecorded
	}
	for _, q := range quoteMarks {
		inner, opens := strings.CutPrefix(t, q[0])
		inner, closes := strings.CutSuffix(inner, q[1])
		if opens && closes && inner != "" && !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
			return mdText(t)
		}
	}
	return `"` + mdText(s) + `"`
}

// quoteMarks are the opening and closing marks a quotation may come in.
var quoteMarks = [][2]string{{"“", "”"}, {`"`, `"`}, {"«", "»"}, {"„", "“"}, {"‘", "’"}}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

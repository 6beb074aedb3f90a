package meeting

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length bounds for untrusted text, in runes.
const (
	MaxName  = 80   // a person's or journey's name
	MaxLine  = 280  // a title, an action, a one-line field
	MaxText  = 4000 // a multi-line answer, a prompt, a rationale
	MaxNotes = 8000 // private coaching notes
)

// CleanLine sanitises one line of untrusted text: escape sequences and
// control characters are removed, line breaks and tabs become spaces, runs of
// spaces collapse, and the result is trimmed and cut to max runes.
func CleanLine(s string, max int) string {
	return clean(s, max, false)
}

// CleanText is CleanLine for multi-line text: line breaks are kept (CR LF and
// lone CR become LF), at most two blank lines in a row.
func CleanText(s string, max int) string {
	return clean(s, max, true)
}

// clean is a single pass over s. It never produces more than max runes, and
// it stops reading once it has them, so a 1 MB paste costs no more than a
// short one beyond the scan of the part kept.
func clean(s string, max int, multiline bool) string {
	var b strings.Builder
	b.Grow(min(len(s), max*4))
	n := 0         // runes written
	space := false // a pending space (collapsed)
	newlines := 0  // pending line breaks (multiline)
	started := false
	emit := func(r rune) {
		if started {
			if newlines > 0 {
				for range min(newlines, 3) {
					if n < max {
						b.WriteByte('\n')
						n++
					}
				}
			} else if space && n < max {
				b.WriteByte(' ')
				n++
			}
		}
		newlines, space = 0, false
		if n < max {
			b.WriteRune(r)
			n++
			started = true
		}
	}
	for i := 0; i < len(s) && n < max; {
		c := s[i]
		if c == 0x1b { // ESC: skip the whole sequence
			i = skipEscape(s, i+1)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++ // invalid UTF-8: drop the byte
			continue
		}
		i += size
		switch {
		case r >= 0x80 && r <= 0x9f: // C1 controls; CSI, OSC, DCS, SOS, PM, APC start strings
			switch r {
			case 0x9b:
				i = skipCSI(s, i)
			case 0x9d, 0x90, 0x98, 0x9e, 0x9f:
				i = skipString(s, i)
			}
		case r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 || r == 0x0b || r == 0x0c || r == 0x85:
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			if multiline {
				if started {
					newlines++
				}
			} else {
				space = started
			}
		case r == '\t' || unicode.IsSpace(r):
			space = started
		case r < 0x20 || r == 0x7f:
			// other C0 controls and DEL
		case unicode.Is(unicode.Cf, r) || isInvisible(r):
			// format characters: bidi overrides and isolates, zero-width
			// spaces and joiners, BOM, soft hyphen, tags
		case unicode.Is(unicode.Co, r) || r == utf8.RuneError || (r >= 0xfff0 && r <= 0xfffd && r != 0xfffd):
			// private use and specials that draw unpredictably
		default:
			emit(r)
		}
	}
	return b.String()
}

func isInvisible(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f,
		r == 0xfeff, r == 0x180e, r == 0x061c, r == 0x00ad, r == 0x034f, r == 0x115f, r == 0x1160,
		r == 0x3164, r == 0xffa0, r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0000 && r <= 0xe0fff:
		return true
	}
	return false
}

// skipEscape skips what follows an ESC at s[i:].
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF sequences: intermediates 0x20–0x2f then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x7e {
			// not a CSI byte: the sequence is broken; stop here
			return i
		}
	}
	return i
}

// skipString skips an OSC/DCS/SOS/PM/APC body up to BEL, ESC \ or the 8-bit
// ST. An unterminated string swallows the rest: a terminal would too.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
		i++
	}
	return i
}

// Dirty reports whether s would change under CleanText with no length bound;
// used by tests and by validation to tell the user text was altered.
func Dirty(s string) bool { return CleanText(s, len(s)+1) != s }

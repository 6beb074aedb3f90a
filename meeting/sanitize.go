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
	out, _ := clean(s, max, false)
	return out
}

// CleanText is CleanLine for multi-line text: line breaks are kept (CR LF and
// lone CR become LF), at most two blank lines in a row.
func CleanText(s string, max int) string {
	out, _ := clean(s, max, true)
	return out
}

// clean is a single pass over s. It never produces more than max runes, and
// it stops reading at the first visible rune that does not fit, so a 1 MB
// paste costs no more than a short one beyond the scan of the part kept. A
// cut never leaves a trailing space or line break. cut reports whether
// visible text was left out.
func clean(s string, max int, multiline bool) (out string, cut bool) {
	return cleanAs(s, max, multiline, false)
}

// CleanDraft is what may stand in a form's field while it is typed: the
// characters CleanText (multiline) or CleanLine would drop are dropped, and
// line breaks a one-line field cannot hold become spaces, so the draft
// shows what will be stored. Unlike them it keeps a space at either end
// (the next key may be a word) and no bound: the field has its own. Runs
// of spaces within s are one space, as stored.
func CleanDraft(s string, multiline bool) string {
	out, _ := cleanAs(s, len(s)+1, multiline, true)
	return out
}

// cleanAs is clean; asTyped keeps spaces and line breaks where they stand
// (for CleanDraft) instead of trimming them and collapsing them into the
// next word's separator.
func cleanAs(s string, max int, multiline, asTyped bool) (out string, cut bool) {
	if max < 0 {
		max = 0
	}
	var b strings.Builder
	if grow := len(s); max < grow/4 {
		b.Grow(max * 4)
	} else {
		b.Grow(grow) // the output is never longer than the input
	}
	n := 0         // runes written
	var last rune  // the last rune written
	space := false // a pending space (collapsed)
	newlines := 0  // pending line breaks (multiline)
	started := false
	// emit writes the pending separator and r, or nothing (and reports
	// false) if they do not both fit.
	emit := func(r rune) bool {
		sep, sc := 0, byte(' ')
		if started {
			if newlines > 0 {
				sep, sc = min(newlines, 3), '\n'
			} else if space {
				sep = 1
			}
		}
		if n+sep+1 > max {
			return false
		}
		for range sep {
			b.WriteByte(sc)
		}
		b.WriteRune(r)
		n += sep + 1
		last = r
		newlines, space, started = 0, false, true
		return true
	}
	// glued reports whether r can be written straight after the last rune:
	// nothing pending in between and room for it.
	glued := func(room int) bool { return started && !space && newlines == 0 && n+room <= max }
	for i := 0; i < len(s); {
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
		case r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 || r == 0x0b || r == 0x0c || r == 0x85:
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			switch {
			case asTyped && multiline:
				emit('\n')
			case asTyped && last != ' ':
				emit(' ')
			case asTyped:
			case multiline:
				if started {
					newlines++
				}
			default:
				space = started
			}
		case r >= 0x80 && r <= 0x9f: // C1 controls; CSI, OSC, DCS, SOS, PM, APC start strings
			switch r {
			case 0x9b:
				i = skipCSI(s, i)
			case 0x9d, 0x90, 0x98, 0x9e, 0x9f:
				i = skipString(s, i)
			}
		case r == '\t' || unicode.IsSpace(r):
			if asTyped && last != ' ' {
				emit(' ')
			} else if !asTyped {
				space = started
			}
		case r < 0x20 || r == 0x7f:
			// other C0 controls and DEL
		case r == zwj && glued(2) && emojiPart(last) && i < len(s) && pictographic(nextRune(s[i:])):
			// a joiner inside an emoji sequence (👩‍💼): kept when the
			// pictograph it joins fits as well
			b.WriteRune(r)
			n, last = n+1, r
		case (r == vs15 || r == vs16) && glued(1) && (pictographic(last) || keycapBase(last)):
			// one presentation selector after an emoji or a keycap base (❤️, 1️⃣)
			b.WriteRune(r)
			n, last = n+1, r
		case r >= 0xe0020 && r <= 0xe007f && glued(1) && (last == 0x1f3f4 || last >= 0xe0020 && last <= 0xe007e):
			// the tags of a subdivision flag (🏴 + tags + cancel tag)
			b.WriteRune(r)
			n, last = n+1, r
		case unicode.Is(unicode.Cf, r) || isInvisible(r):
			// format characters: bidi overrides and isolates, zero-width
			// spaces and joiners, BOM, soft hyphen, tags; joiners and
			// selectors outside an emoji sequence, where they only hide text
		case unicode.Is(unicode.Co, r) || r == utf8.RuneError || (r >= 0xfff0 && r <= 0xfffd && r != 0xfffd):
			// private use and specials that draw unpredictably
		default:
			if !emit(r) {
				return b.String(), true
			}
		}
	}
	return b.String(), false
}

const (
	zwj  = 0x200d // zero-width joiner
	vs15 = 0xfe0e // text presentation selector
	vs16 = 0xfe0f // emoji presentation selector
)

func nextRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// emojiPart reports whether r can end the part of an emoji sequence that a
// joiner continues: a pictograph, a skin tone, or a presentation selector.
func emojiPart(r rune) bool { return pictographic(r) || r == vs16 }

func keycapBase(r rune) bool { return r >= '0' && r <= '9' || r == '#' || r == '*' }

// pictographic approximates Unicode's Extended_Pictographic property (the
// standard library has no table for it): the blocks emoji are drawn from.
func pictographic(r rune) bool {
	switch {
	case r >= 0x1f000 && r <= 0x1faff, r >= 0x2600 && r <= 0x27bf, r >= 0x2300 && r <= 0x23ff,
		r >= 0x2b00 && r <= 0x2bff, r >= 0x2190 && r <= 0x21ff, r >= 0x25a0 && r <= 0x25ff,
		r >= 0x2900 && r <= 0x297f, r >= 0x1f900 && r <= 0x1f9ff:
		return true
	}
	switch r {
	case 0x00a9, 0x00ae, 0x203c, 0x2049, 0x2122, 0x2139, 0x24c2, 0x3030, 0x303d, 0x3297, 0x3299:
		return true
	}
	return false
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
			return i // an ESC cancels the string and starts the next sequence
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
		i++
	}
	return i
}

// StripSequences removes escape sequences and 8-bit C1 control strings,
// their bodies included, and invalid UTF-8; every other character stays as
// it is. An input widget that drops control characters one at a time (and
// so would keep a sequence's body, an OSC title or a CSI's parameters, as
// text) gets pasted text through this first; CleanLine and CleanText still
// bound and clean what is stored.
func StripSequences(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == 0x1b:
			i = skipEscape(s, i+1)
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9b:
			i = skipCSI(s, i+2)
		case c == 0xc2 && i+1 < len(s) && (s[i+1] == 0x9d || s[i+1] == 0x90 || s[i+1] == 0x98 || s[i+1] == 0x9e || s[i+1] == 0x9f):
			i = skipString(s, i+2)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size > 1 {
				b.WriteString(s[i : i+size]) // invalid bytes go: no new sequence can form
			}
			i += size
		}
	}
	return b.String()
}

// Dirty reports whether s would change under CleanText with no length bound;
// used by tests and by validation to tell the user text was altered.
func Dirty(s string) bool { return CleanText(s, len(s)+1) != s }

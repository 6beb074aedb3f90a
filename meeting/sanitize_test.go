package meeting

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// injection is the escape-injection corpus: what a hostile or careless
// participant could paste to reach another participant's terminal.
var injection = []string{
	// CSI
	"\x1b[2J", "\x1b[2Jclear", "\x1b[31mred\x1b[0m", "\x1b[?1049h", "\x1b[?1049halt", "\x1b[1;1H\x1b[K",
	"\x1b[38;2;255;0;0mrgb", "\x1b[6n", "\x1b[31", "\x1b[", "a\x1b[31\nb",
	// OSC 0/2/8/52, BEL- and ST-terminated
	"\x1b]0;pwned\a", "\x1b]0;pwned\x1b\\text", "\x1b]2;title\atext", "\x1b]2;title\x1b\\text",
	"\x1b]52;c;aGVsbG8=\a", "\x1b]52;c;aGVsbG8=\x1b\\after",
	"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b]8;;http://x\alink\x1b]8;;\a",
	"ok\x1b]0;never ends", "\x1b]0;t\x1b[31mred",
	// DCS, APC, PM, SOS
	"\x1bPq#0;2;0;0;0#0~~@@vv\x1b\\ok", "\x1bP+q544e\x1b\\", "\x1b_Gf=100;AAAA\x1b\\ok", "\x1b^privacy\x1b\\ok", "\x1bXsos\x1b\\ok",
	// other ESC sequences
	"\x1b7save\x1b8", "\x1bcreset", "\x1b(Bascii", "\x1b#8", "\x1b", "abc\x1b", "\x1b\x1b[2Jx",
	// 8-bit C1 (as UTF-8)
	"\u009b31mred", "\u009b2J", "\u009d0;title\u009cok", "\u009d52;c;aGk=\aok", "\u0090dcs\u009cok", "\u009fapc\u009cok",
	"\u009epm\u009cok", "\u0098sos\u009cok", "\u0085nel", "a\u0084b\u0080c",
	// raw 8-bit bytes (invalid UTF-8)
	"\x9b31mred", "\x9d0;t\x07ok", "a\xffb\xc0", "\xed\xa0\x80surrogate", "\xf4\x90\x80\x80big", "trunc\xe2\x82",
	// C0, DEL, CR
	"a\x00b\x01c\x07d\x08e", "tab\there", "del\x7fete", "safe\rEVIL", "line1\r\nline2", "\x0b\x0cvt ff", "\x1a\x1c\x1d\x1e\x1f",
	"rm -rf /\r# harmless",
	// bidi overrides, isolates, marks
	"abc\u202edcba", "\u202aL\u202bR\u202cP\u202dO", "\u2066x\u2069", "\u2067y\u2068z\u2069", "\u200e\u200fmarks", "\u061calm",
	// zero width
	"a\u200bb\u200cc\u200dd\u2060e\ufefff", "\ufeffbom", "soft\u00adhyphen", "\u180emongolian",
	// separators and odd spaces
	"a\u2028b\u2029c", "nb\u00a0sp", "ideo\u3000space", "  lots   of\t\tspace  ",
	// private use and specials
	"\ue000pua\U000f0000", "\ufff9anchor\ufffb", "\ufffdreplacement",
	// tags, variation selectors
	"\U000e0041\U000e007ftag", "\u2764\ufe0f",
	// ordinary text
	"café naïve façade", "日本語のテキスト", "thumbs 👍 up", "Ω≈ç√∫", "", "   ", "\n\n\n",
	"a\n\n\n\n\n\nb", "\n\nleading and trailing\n\n", "para one\n\npara two\n",
}

// checkClean asserts the invariants every cleaned string keeps.
func checkClean(t *testing.T, fn string, in, out string, max int, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s(%q, %d) = %q: invalid UTF-8", fn, in, max, out)
	}
	if n := utf8.RuneCountInString(out); n > max {
		t.Fatalf("%s(%q, %d) = %q: %d runes", fn, in, max, out, n)
	}
	for i := 0; i < len(out); i++ {
		c := out[i]
		if (c < 0x20 && !(multiline && c == '\n')) || c == 0x7f {
			t.Fatalf("%s(%q, %d) = %q: control byte %#x at %d", fn, in, max, out, c, i)
		}
	}
	for _, r := range out {
		switch {
		case r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e,
			r >= 0x2066 && r <= 0x2069,
			r >= 0x200b && r <= 0x200f,
			r == 0xfeff, r == 0x2028, r == 0x2029:
			t.Fatalf("%s(%q, %d) = %q: forbidden rune %U", fn, in, max, out, r)
		}
	}
	if out != strings.TrimSpace(out) {
		t.Fatalf("%s(%q, %d) = %q: not trimmed", fn, in, max, out)
	}
	if strings.Contains(out, "  ") || strings.Contains(out, " \n") || strings.Contains(out, "\n ") {
		t.Fatalf("%s(%q, %d) = %q: uncollapsed spaces", fn, in, max, out)
	}
	if strings.Contains(out, "\n\n\n\n") {
		t.Fatalf("%s(%q, %d) = %q: more than two blank lines", fn, in, max, out)
	}
	if !multiline && strings.Contains(out, "\n") {
		t.Fatalf("%s(%q, %d) = %q: a line break in one line", fn, in, max, out)
	}
	again, _ := clean(out, max, multiline)
	if again != out {
		t.Fatalf("%s not idempotent on %q (max %d): %q then %q", fn, in, max, out, again)
	}
}

func TestCleanCorpusInvariants(t *testing.T) {
	for _, in := range injection {
		for _, max := range []int{0, 1, 3, 8, MaxName, MaxLine, MaxText} {
			checkClean(t, "CleanLine", in, CleanLine(in, max), max, false)
			checkClean(t, "CleanText", in, CleanText(in, max), max, true)
		}
	}
}

func TestCleanLineExact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hello", "hello"},
		{"  hello   world  ", "hello world"},
		{"a\tb", "a b"},
		{"a\nb", "a b"},
		{"a\r\nb", "a b"},
		{"\x1b[2Jclear", "clear"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b[?1049halt", "alt"},
		{"\x1b[38;2;255;0;0mrgb", "rgb"},
		{"\x1b[5@ok", "ok"}, // '@' (ICH) is a final byte too
		{"\x1b]0;pwned\x1b\\text", "text"},
		{"\x1b]2;title\atext", "text"},
		{"\x1b]52;c;aGVsbG8=\aafter", "after"},
		{"\x1b]52;c;aGVsbG8=\x1b\\after", "after"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1b]8;;http://x\alink\x1b]8;;\a", "link"},
		{"ok\x1b]0;never ends", "ok"},
		{"ok\x1b]52;c;" + strings.Repeat("QUFB", 1000), "ok"},
		// an ESC inside a string ends it and starts the next sequence
		{"\x1b]0;t\x1b[31mred", "red"},
		{"\x1bPq#0;2;0;0;0#0~~@@vv\x1b\\ok", "ok"},
		{"\x1b_Gf=100;AAAA\x1b\\ok", "ok"},
		{"\x1b^privacy\x1b\\ok", "ok"},
		{"\x1bXsos\x1b\\ok", "ok"},
		{"\x1b7save\x1b8", "save"},
		{"\x1b(Bascii", "ascii"},
		{"abc\x1b", "abc"},
		{"\u009b31mred", "red"},
		{"\u009d0;title\u009cok", "ok"},
		{"\u009d0;title\aok", "ok"},
		{"\u0090dcs\u009cok", "ok"},
		{"\u009fapc\u009cok", "ok"},
		{"a\u0084b\u0080c", "abc"},
		{"a\u0085b", "a b"}, // NEL is a line break
		{"a\x00b\x01c\x07d\x08e", "abcde"},
		{"del\x7fete", "delete"},
		{"safe\rEVIL", "safe EVIL"},
		{"abc\u202edcba", "abcdcba"},
		{"\u2066x\u2069", "x"},
		{"\u2067y\u2068z\u2069", "yz"},
		{"a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"},
		{"soft\u00adhyphen", "softhyphen"},
		{"a\xffb\xc0", "ab"},
		{"trunc\xe2\x82", "trunc"},
		{"nb\u00a0sp", "nb sp"},
		{"a\u2028b", "a b"},
		{"\ue000pua", "pua"},
		{"café naïve façade", "café naïve façade"},
		{"日本語のテキスト", "日本語のテキスト"},
		{"thumbs 👍 up", "thumbs 👍 up"},
		{"", ""},
		{" \t\n ", ""},
	}
	for _, tc := range tests {
		if got := CleanLine(tc.in, MaxLine); got != tc.want {
			t.Errorf("CleanLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanTextExact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\nb", "a\nb"},
		{"a\r\nb", "a\nb"},
		{"safe\rEVIL", "safe\nEVIL"},
		{"a\u2028b\u2029c", "a\nb\nc"},
		{"a\u0085b", "a\nb"},
		{"a\n\nb", "a\n\nb"},
		{"a\n\n\nb", "a\n\n\nb"},
		{"a\n\n\n\n\n\nb", "a\n\n\nb"}, // at most two blank lines
		{"\n\nleading and trailing\n\n", "leading and trailing"},
		{"a  \n  b", "a\nb"},
		{"a\t\tb", "a b"},
		{"x\x1b[2J\ny", "x\ny"},
		{"one\x1b]0;t\a\ntwo", "one\ntwo"},
		{"para one\n\npara two\n", "para one\n\npara two"},
	}
	for _, tc := range tests {
		if got := CleanText(tc.in, MaxText); got != tc.want {
			t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanBounds(t *testing.T) {
	tests := []struct {
		fn   func(string, int) string
		name string
		in   string
		max  int
		want string
	}{
		{CleanLine, "CleanLine", "hello world", 5, "hello"},
		// the cut never leaves a trailing space
		{CleanLine, "CleanLine", "hello world", 6, "hello"},
		{CleanLine, "CleanLine", "hello world", 7, "hello w"},
		{CleanLine, "CleanLine", "日本語です", 3, "日本語"},
		{CleanLine, "CleanLine", "👍👍👍", 2, "👍👍"},
		{CleanLine, "CleanLine", "abc", 0, ""},
		{CleanLine, "CleanLine", "\x1b[31mabc\x1b[0m", 3, "abc"},
		{CleanText, "CleanText", "a\n\nb", 1, "a"},
		{CleanText, "CleanText", "a\n\nb", 2, "a"},
		{CleanText, "CleanText", "a\n\nb", 3, "a"},
		{CleanText, "CleanText", "a\n\nb", 4, "a\n\nb"},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.in, tc.max); got != tc.want {
			t.Errorf("%s(%q, %d) = %q, want %q", tc.name, tc.in, tc.max, got, tc.want)
		}
	}
}

func TestCleanLargePaste(t *testing.T) {
	const mb = 1 << 20
	pastes := map[string]string{
		"text":            strings.Repeat("word ", mb/5),
		"escapes between": strings.Repeat("x\x1b[31m", mb/6),
		"escapes only":    strings.Repeat("\x1b[2J\x1b]0;t\a", mb/11),
		"unterminated":    "ok \x1b]52;c;" + strings.Repeat("A", mb),
		"controls":        strings.Repeat("\x00\x07\u202e\u200b", mb/8),
		"cjk":             strings.Repeat("語", mb/3),
	}
	for name, in := range pastes {
		for _, max := range []int{MaxLine, MaxText} {
			line, text := CleanLine(in, max), CleanText(in, max)
			checkClean(t, "CleanLine", name, line, max, false)
			checkClean(t, "CleanText", name, text, max, true)
			n := utf8.RuneCountInString(line)
			switch name {
			case "escapes only", "controls":
				if line != "" {
					t.Errorf("%s: %q", name, line)
				}
			case "unterminated":
				if line != "ok" {
					t.Errorf("%s: %q", name, line)
				}
			case "text": // the cut falls between words: no trailing space
				if n != max-1 || !strings.HasSuffix(line, "word") {
					t.Errorf("%s, max %d: got %d runes ending %q", name, max, n, line[len(line)-6:])
				}
			default:
				if n != max {
					t.Errorf("%s, max %d: got %d runes", name, max, n)
				}
			}
		}
		// One pass: the only allocation is the output, whatever the input's size.
		if a := testing.AllocsPerRun(3, func() { CleanLine(in, MaxLine) }); a > 1 {
			t.Errorf("%s: %v allocations per clean of 1 MB", name, a)
		}
	}
	if got := CleanLine(strings.Repeat("ab ", 1<<20), 4); got != "ab a" {
		t.Errorf("bounded paste = %q", got)
	}
}

func TestCleanDirty(t *testing.T) {
	tests := map[string]bool{
		"ok":                false,
		"café 👍":            false,
		"a\n\nb":            false,
		"":                  false,
		"a\x1b[2J":          true,
		" a":                true,
		"a\r\nb":            true,
		"a\u202eb":          true,
		"a  b":              true,
		"a\n\n\n\n\nb":      true,
		"\x1b]0;x\aheading": true,
	}
	for in, want := range tests {
		if got := Dirty(in); got != want {
			t.Errorf("Dirty(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range injection {
		f.Add(s, 280)
		f.Add(s, 5)
	}
	f.Add("hello world", 6)
	f.Add("a\n\nb", 2)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 {
			max = -max
		}
		max %= 1000
		if max < 0 { // -MinInt
			max = 0
		}
		checkClean(t, "CleanLine", s, CleanLine(s, max), max, false)
		checkClean(t, "CleanText", s, CleanText(s, max), max, true)
		// what fits is kept: an unbounded clean begins with the bounded one
		if full, cut := CleanText(s, len(s)+1), CleanText(s, max); !strings.HasPrefix(full, cut) {
			t.Fatalf("CleanText(%q, %d) = %q is not a prefix of the unbounded %q", s, max, cut, full)
		}
		if full, cut := CleanLine(s, len(s)+1), CleanLine(s, max); !strings.HasPrefix(full, cut) {
			t.Fatalf("CleanLine(%q, %d) = %q is not a prefix of the unbounded %q", s, max, cut, full)
		}
		// a draft holds what will be stored: cleaning it stores the same
		if d := CleanDraft(s, false); CleanLine(d, max) != CleanLine(s, max) || strings.ContainsAny(d, "\n\r\x1b\u2028") {
			t.Fatalf("CleanDraft(%q) = %q, stored as %q; the paste itself as %q", s, d, CleanLine(d, max), CleanLine(s, max))
		}
		if d := CleanDraft(s, true); CleanText(d, max) != CleanText(s, max) || strings.ContainsAny(d, "\r\x1b\u2028") {
			t.Fatalf("CleanDraft(%q, multi-line) = %q, stored as %q; the paste itself as %q", s, d, CleanText(d, max), CleanText(s, max))
		}
	})
}

// Emoji sequences keep their joiners and variation selectors (issue 11.13);
// the same characters are still removed where they would hide text.
func TestCleanKeepsEmojiSequences(t *testing.T) {
	keep := []string{
		"👩\u200d💼 Boss",                 // woman office worker (ZWJ)
		"👨\u200d👩\u200d👧\u200d👦 family", // a four-person ZWJ chain
		"🏳\ufe0f\u200d🌈 pride",          // VS16 then ZWJ
		"❤\ufe0f thanks",                // VS16 emoji presentation
		"1\ufe0f\u20e3 first",           // keycap
		"👍🏽 agreed",                     // skin tone modifier
		"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F Scotland", // tag sequence
		"李伟 and Ana",
	}
	for _, s := range keep {
		if got := CleanLine(s, MaxLine); got != s {
			t.Errorf("CleanLine(%q) = %q, want it kept as typed", s, got)
		}
	}
	strip := map[string]string{
		"pass\u200dword":             "password", // ZWJ between letters hides nothing useful
		"a\u200d👩":                   "a👩",       // a joiner after a letter
		"👩\u200d":                    "👩",        // a dangling joiner
		"👩\u200d\u200d💼":             "👩\u200d💼", // a doubled joiner keeps one
		"👩 \u200d💼":                  "👩 💼",      // a joiner after a space joins nothing
		"ok\ufe0f":                   "ok",       // VS16 on a letter
		"❤\ufe0f\ufe0f\ufe0f\ufe0f":  "❤\ufe0f",  // a run of selectors (smuggling) keeps one
		"x\U000E0041\U000E0042 tags": "x tags",   // tags outside a flag sequence
		"\u200d👩":                    "👩",        // a leading joiner
	}
	for in, want := range strip {
		if got := CleanLine(in, MaxLine); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
	// A joiner never makes the result exceed the bound.
	if got := CleanLine("👩\u200d💼", 2); utf8.RuneCountInString(got) > 2 || strings.HasSuffix(got, "\u200d") {
		t.Errorf("bounded: %q", got)
	}
}

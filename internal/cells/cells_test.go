package cells

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Names that rune counts get wrong: wide (CJK), emoji of several runes
// joined (ZWJ), a skin tone, a flag, and a combining accent.
var awkward = []string{"李伟", "王小明的团队负责人", "👩‍💼 Ana", "👍🏽 ok", "🇫🇷 Lyon", "Jose\u0301", "Zoë", "bob"}

func TestFitIsExactlyWide(t *testing.T) {
	for _, s := range awkward {
		for w := 1; w <= 12; w++ {
			got := Fit(s, w)
			if n := Width(got); n != w {
				t.Errorf("Fit(%q, %d) = %q, %d cells", s, w, got, n)
			}
			if Width(s) > w && !strings.Contains(got, Ellipsis) {
				t.Errorf("Fit(%q, %d) = %q: cut without …", s, w, got)
			}
			// never half a character: what is kept is a prefix of s
			kept := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(got, " "), Ellipsis), " ")
			if !strings.HasPrefix(s, kept) {
				t.Errorf("Fit(%q, %d) = %q is not a prefix of the text", s, w, got)
			}
		}
	}
	// a ZWJ sequence is one character: kept whole or dropped whole
	if got := Fit("👩‍💼👩‍💼", 3); got != "👩‍💼…" {
		t.Errorf("Fit(two ZWJ emoji, 3) = %q, want the first whole and …", got)
	}
	if got := Fit("李伟李", 4); got != "李… " {
		t.Errorf("Fit(李伟李, 4) = %q, want 李… and a space", got)
	}
}

func TestFitKeepsStyles(t *testing.T) {
	s := "\x1b[31m李伟李伟\x1b[m"
	got := Fit(s, 5)
	if Width(got) != 5 || !strings.HasPrefix(got, "\x1b[31m") {
		t.Errorf("Fit(styled, 5) = %q", got)
	}
}

func TestRowColumnsStartAtTheSameCell(t *testing.T) {
	widths := []int{8, 6}
	var lines []string
	for _, s := range awkward {
		lines = append(lines, Row(" ", widths, s, s, "end"))
	}
	for _, l := range lines {
		if got := ansi.Cut(l, 16, 19); got != "end" {
			t.Errorf("row %q: the last column does not start at cell 16 (%q there)", l, got)
		}
	}
}

func TestTableAlignsByCells(t *testing.T) {
	var tb Table
	tb.Row("HANDLE", "NAME", "ROLE", "KEYS")
	for _, s := range awkward {
		tb.Row("h", s, "member", "1")
	}
	tb.Row("x", strings.Repeat("长", 30), "observer", "0") // 60 cells: cut at 40
	var b strings.Builder
	if _, err := tb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	roleAt := strings.Index(lines[0], "ROLE")
	keysAt := strings.Index(lines[0], "KEYS")
	if roleAt != len("HANDLE")+2+40+2 {
		t.Fatalf("header %q: ROLE at %d, want 50 (the name column capped at 40 cells)", lines[0], roleAt)
	}
	for _, l := range lines[1:] {
		if got := ansi.Cut(l, roleAt, roleAt+1); got != "m" && got != "o" {
			t.Errorf("row %q: ROLE column does not start at cell %d (%q)", l, roleAt, got)
		}
		if got := ansi.Cut(l, keysAt, keysAt+1); got != "1" && got != "0" {
			t.Errorf("row %q: KEYS column does not start at cell %d (%q)", l, keysAt, got)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("row %q ends in spaces", l)
		}
	}
	if !strings.Contains(lines[len(lines)-1], Ellipsis) {
		t.Errorf("a 60-cell name was not cut: %q", lines[len(lines)-1])
	}
}

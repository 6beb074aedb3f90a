package tui

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// TestMarkdownHasNoHyperlinks: whatever the markdown — bare URLs, e-mail
// addresses, www. names, written links, autolinks, images — the rendering
// holds no OSC sequence, in every palette.
func TestMarkdownHasNoHyperlinks(t *testing.T) {
	inputs := []string{
		"see https://evil.example/x now",
		"mail a@mail.example now",
		"visit www.evil.example",
		"[docs](https://evil.example)",
		"<https://evil.example/auto>",
		"![img](https://evil.example/i.png)",
		"| A | B |\n|---|---|\n| https://evil.example | [x](https://evil.example) |\n",
	}
	for _, style := range []string{"dark", "light", "plain"} {
		for _, in := range inputs {
			out := renderMarkdown(in, 80, style)
			if strings.Contains(out, "\x1b]") {
				t.Errorf("%s: %q renders with an OSC sequence: %q", style, in, out)
			}
		}
	}
}

// TestMarkdownTableCellsAsTyped: a table of escaped user text (as the
// minutes write it) shows each cell as typed: no link moved out of its
// cell, no address rewritten, nothing dropped.
func TestMarkdownTableCellsAsTyped(t *testing.T) {
	md := "| ID | Action |\n|---|---|\n" +
		"| A1 | \\[docs\\](evil.example) |\n" +
		"| A2 | mail a@mail.example now |\n" +
		"| A3 | see https://evil.example/x ok |\n" +
		"| A4 | www.evil.example |\n"
	out := xansi.Strip(renderMarkdown(md, 100, "dark"))
	for _, want := range []string{"[docs](evil.example)", "mail a@mail.example now", "see https://evil.example/x ok", "www.evil.example"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table does not show %q as typed:\n%s", want, out)
		}
	}
	if strings.Contains(out, "http://www.") || strings.Contains(out, "[1]") {
		t.Errorf("the table rewrote a cell:\n%s", out)
	}
}

// TestStripOSC keeps everything but OSC sequences.
func TestStripOSC(t *testing.T) {
	in := "a\x1b[1mb\x1b]8;;https://x\x07link\x1b]8;;\x07\x1b]0;title\x1b\\c\x1b[m"
	if got, want := stripOSC(in), "a\x1b[1mblinkc\x1b[m"; got != want {
		t.Fatalf("stripOSC(%q) = %q, want %q", in, got, want)
	}
	if got := stripOSC("plain ŝ text"); got != "plain ŝ text" {
		t.Fatalf("plain text changed: %q", got)
	}
}

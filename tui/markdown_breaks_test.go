package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
	"cxroom/report"
)

// Issue 11.14: markdown shown in the TUI reads as rendered text: headings
// without their "##", header lines kept one per line by their hard breaks,
// while soft line breaks still flow into one paragraph.
func TestMarkdownHeadingsAndHardBreaks(t *testing.T) {
	md := "# Title\n\n## CX Decision Log Entry\n\n**Decision ID:** 2026-11-24-01  \n**Date:** 2026-11-24\n\nA long sentence written\nover two lines flows.\n"
	for _, style := range []string{"plain", "dark", "light"} {
		out := trimLines(ansi.Strip(renderMarkdown(md, 60, style)))
		if strings.Contains(out, "#") {
			t.Errorf("%s: a heading keeps its markdown:\n%s", style, out)
		}
		if !strings.Contains(strings.ToLower(out), "cx decision log entry") {
			t.Errorf("%s: the heading is gone:\n%s", style, out)
		}
		if !strings.Contains(out, "Decision ID: 2026-11-24-01\nDate: 2026-11-24") {
			t.Errorf("%s: the header lines are joined:\n%s", style, out)
		}
		if !strings.Contains(out, "A long sentence written over two lines flows.") {
			t.Errorf("%s: a soft break did not flow:\n%s", style, out)
		}
	}
}

// The decision log's entry view (enter on a decision) shows the entry
// rendered.
func TestDecisionEntryIsRendered(t *testing.T) {
	w := newWorld(t)
	d := &meeting.Decision{ID: "2026-11-24-01", Date: "2026-11-24", Title: "Pause the banner", Decision: "Pause the banner", MadeBy: "maria"}
	s := w.session("maria", 100, 30)
	s.send(pushMsg{newDocScreen(s.m.st, s.d.Cache, "Decision "+d.ID, report.DecisionsMarkdown([]*meeting.Decision{d}, nil))})
	out := trimLines(s.expect("CX DECISION LOG ENTRY"))
	if !strings.Contains(out, "\nDecision ID: 2026-11-24-01\nDate: 2026-11-24\nMade by: maria\n") || strings.Contains(out, "## ") {
		t.Fatalf("raw markdown:\n%s", out)
	}
}

func trimLines(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(ls, "\n")
}

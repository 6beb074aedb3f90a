package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A long document (the minutes, a decision) goes to its end with G or End
// and back to its start with g or Home, as in a pager. Before, neither key
// did anything: at 60×16 the end of a meeting's minutes was pages of j
// away (seen in tmux).
func TestViewerJumpsToTheEndAndBack(t *testing.T) {
	st := NewStyles(true)
	var md strings.Builder
	md.WriteString("# Minutes\n\n")
	for i := 1; i <= 80; i++ {
		fmt.Fprintf(&md, "- line %02d of the minutes\n", i)
	}
	keys := map[string]tea.KeyPressMsg{
		"G":    {Code: 'G', Text: "G"},
		"end":  {Code: tea.KeyEnd},
		"g":    {Code: 'g', Text: "g"},
		"home": {Code: tea.KeyHome},
	}
	for _, pair := range [][2]string{{"G", "g"}, {"end", "home"}} {
		s := newMinutesScreen(&Deps{Remote: true, Cache: NewRenderCache()}, &st, "M4")
		s.update(minutesMsg{md: md.String(), title: "Weekly VOC triage"})
		s.view(60, 16)
		if got := ansi.Strip(s.view(60, 16)); !strings.Contains(got, "line 01") {
			t.Fatalf("the minutes do not open at their start:\n%s", got)
		}
		s.update(keys[pair[0]])
		if got := ansi.Strip(s.view(60, 16)); !strings.Contains(got, "line 80") || strings.Contains(got, "line 01") {
			t.Errorf("%s: not at the end of the minutes:\n%s", pair[0], got)
		}
		s.update(keys[pair[1]])
		if got := ansi.Strip(s.view(60, 16)); !strings.Contains(got, "line 01") {
			t.Errorf("%s: not back at the start:\n%s", pair[1], got)
		}
	}
	// a decision's document scrolls with the same keys
	d := newDocScreen(&st, NewRenderCache(), "Decision", md.String())
	d.view(60, 16)
	d.update(keys["G"])
	if got := ansi.Strip(d.view(60, 16)); !strings.Contains(got, "line 80") {
		t.Errorf("G on a decision: not at its end:\n%s", got)
	}
}

// At 200 columns the minutes were set 198 wide: a table stretched to that
// width gave every short column the same ~34 cells ("A38" then 31 blanks
// before its title). A document is set at most docMaxWidth wide, as a
// pager does; narrower screens set it to their width.
func TestMinutesOnAWideScreenAreSetAtAReadableWidth(t *testing.T) {
	s := newDemoTUI(t, "maria")
	m := newMinutesScreen(s.d, s.m.st, "M14")
	m.update(m.init()())
	for _, w := range []int{200, 100} {
		out := ansi.Strip(m.view(w, 300))
		widest, row := 0, ""
		for _, l := range strings.Split(out, "\n") {
			widest = max(widest, ansi.StringWidth(strings.TrimRight(l, " ")))
			if strings.Contains(l, "A38") && strings.Contains(l, "Deduplicate") {
				row = l
			}
		}
		if want := min(w, docMaxWidth); widest > want {
			t.Errorf("at %d columns the minutes run %d cells wide, want at most %d", w, widest, want)
		}
		gap := strings.Index(row, "Deduplicate") - strings.Index(row, "A38")
		if row == "" || gap > 16 {
			t.Errorf("at %d columns the new actions' table puts %d cells between an id and its title:\n%s", w, gap, row)
		}
	}
}

// At 60 columns a long title pushed the minutes' meeting id off the first
// line, cut with no "…" ("Minutes · GUIDE coaching conversation — Making
// the case for"): the title gives way, the id stays.
func TestMinutesHeadKeepsTheMeetingIDOnANarrowScreen(t *testing.T) {
	st := NewStyles(true)
	s := newMinutesScreen(&Deps{Remote: true, Cache: NewRenderCache()}, &st, "M14")
	s.update(minutesMsg{md: "# Minutes", title: "GUIDE coaching conversation — Making the case for sample data in trials"})
	for _, w := range []int{60, 80} {
		first, _, _ := strings.Cut(ansi.Strip(s.view(w, 16)), "\n")
		if !strings.HasPrefix(first, "Minutes · GUIDE coaching") || !strings.HasSuffix(first, "… · M14") || ansi.StringWidth(first) != w {
			t.Errorf("at %d columns the minutes' first line is %q", w, first)
		}
	}
	first, _, _ := strings.Cut(ansi.Strip(s.view(200, 16)), "\n")
	if first != "Minutes · GUIDE coaching conversation — Making the case for sample data in trials · M14" {
		t.Errorf("at 200 columns: %q", first)
	}
}

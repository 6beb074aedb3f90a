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

package tui

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// A field holds at most its limit; what is typed or pasted past it is
// left out, and the form says so (the hostile-paste check: 2,000 pasted
// characters, or a flood of 20,000 keys, were saved cut to 280 with no
// word). Keys into a full field change nothing; the sentence goes once the
// text changes.
func TestAFullFieldSaysWhatItLeftOut(t *testing.T) {
	st := NewStyles(true)
	for _, c := range []struct {
		name  string
		field int // 0: the one-line Action, 1: the multi-line Notes
		fill  func(fm *form)
		limit int
	}{
		{"a paste past the limit", 0, func(fm *form) { fm.update(tea.PasteMsg{Content: strings.Repeat("中", 2000)}) }, meeting.MaxLine},
		{"keys past the limit", 0, func(fm *form) {
			for range meeting.MaxLine + 50 {
				fm.update(tea.KeyPressMsg{Code: 'a', Text: "a"})
			}
		}, meeting.MaxLine},
		{"a paste into notes", 1, func(fm *form) { fm.update(tea.PasteMsg{Content: strings.Repeat("x", meeting.MaxNotes+10)}) }, meeting.MaxNotes},
	} {
		t.Run(c.name, func(t *testing.T) {
			fm := newForm(&st, "New action", func(map[string]string) tea.Cmd { return nil })
			fm.add("text", "Action", required())
			fm.add("notes", "Notes", multiline(3))
			_ = fm.init()
			for range c.field {
				fm.update(tea.KeyPressMsg{Code: tea.KeyTab})
			}
			c.fill(fm)
			fl := fm.fields[c.field]
			if n := utf8.RuneCountInString(fl.value()); n != c.limit {
				t.Fatalf("the field holds %d characters, want its limit %d", n, c.limit)
			}
			want := fl.label + " holds at most " + itoa(c.limit) + " characters: the rest was left out"
			if fm.err != want {
				t.Fatalf("the form says %q, want %q", fm.err, want)
			}
			if view := fm.view(120, 0); !strings.Contains(view, "holds at most") {
				t.Errorf("the sentence is not on screen:\n%s", view)
			}
			// one more key: nothing changes, the sentence stays
			before := fl.value()
			fm.update(tea.KeyPressMsg{Code: 'z', Text: "z"})
			if fl.value() != before || fm.err != want {
				t.Errorf("a key into a full field: value changed %v, sentence %q", fl.value() != before, fm.err)
			}
			// room again: the sentence goes with the change
			fm.update(tea.KeyPressMsg{Code: tea.KeyBackspace})
			if fm.err != "" {
				t.Errorf("after a backspace the form still says %q", fm.err)
			}
		})
	}

	// text that fits says nothing, even when the paste held characters the
	// input drops
	fm := newForm(&st, "New action", func(map[string]string) tea.Cmd { return nil })
	fm.add("text", "Action", required())
	_ = fm.init()
	fm.update(tea.PasteMsg{Content: "call\x07 back " + strings.Repeat("b", meeting.MaxLine-20)})
	if fm.err != "" {
		t.Errorf("a paste that fits: the form says %q", fm.err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

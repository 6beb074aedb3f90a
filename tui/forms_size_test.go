package tui

import (
	"context"
	"strings"
	"testing"

	"cxroom/meeting"
)

// TestFormsFitTheSmallestScreen (issue 11.5): at 60×16, every form keeps
// the focused field, its whole label (wrapped at words, never cut) and the
// footer with the keys on screen while the person tabs through all fields.
func TestFormsFitTheSmallestScreen(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {80, 24}} {
		w := newWorld(t)
		ctx := context.Background()
		r, err := w.hub.Start(ctx, actor("maria"), meeting.StartInput{Agenda: w.agenda("voc-triage")})
		if err != nil {
			t.Fatal(err)
		}
		s := w.session("maria", size[0], size[1])
		s.keys("enter") // join the live room from the lobby
		if s.room() != r {
			t.Fatal("joined another room")
		}
		for _, open := range []string{"d", "a", "i", "s"} {
			s.keys(open)
			rs := s.m.top().(*roomScreen)
			if rs.form == nil {
				t.Fatalf("%q opened no form", open)
			}
			n := len(rs.form.fields)
			for i := 0; i < n; i++ {
				out := s.screen()
				if lines := strings.Count(out, "\n") + 1; lines != size[1] {
					t.Fatalf("%dx%d: %d lines", size[0], size[1], lines)
				}
				fl := rs.form.fields[rs.form.focused]
				flat := strings.Join(strings.Fields(out), " ")
				for _, word := range strings.Fields(fl.label) {
					if !strings.Contains(out, word) {
						t.Fatalf("%dx%d form %q, field %d (%q): the label word %q is not on screen:\n%s", size[0], size[1], rs.form.title, i, fl.label, word, out)
					}
				}
				if !strings.Contains(flat, "esc cancel") && !strings.Contains(flat, "esc") {
					t.Fatalf("%dx%d form %q, field %d: the footer with the keys is gone:\n%s", size[0], size[1], rs.form.title, i, out)
				}
				if !strings.Contains(out, "› ") {
					t.Fatalf("%dx%d form %q, field %d: the focused field is not on screen:\n%s", size[0], size[1], rs.form.title, i, out)
				}
				s.keys("tab")
			}
			s.keys("esc")
			if rs.form != nil {
				s.keys("esc")
			}
		}
	}
}

package tui

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
			want := fl.label + " is full (" + itoa(c.limit) + " characters): the rest was left out"
			if fm.err != want {
				t.Fatalf("the form says %q, want %q", fm.err, want)
			}
			if view := fm.view(120, 0); !strings.Contains(view, "is full (") {
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

// A field's text is laid out again when the form's width changes (the
// hostile-paste check, at 80 → 200 → 80 columns: every box row of a long
// value ended in "…" instead of "│" until the next key, and at 200 columns
// the input still showed only the 66 characters that fit at 80). The text
// input kept the window of characters it showed for the old width.
func TestAFieldsTextFollowsTheFormsWidth(t *testing.T) {
	st := NewStyles(true)
	for _, focusedAt := range []string{"end", "start", "middle", "spaces"} {
		t.Run(focusedAt, func(t *testing.T) {
			value := strings.Repeat("abcdefghij", 30) // 300 characters, cut to 280
			if focusedAt == "spaces" {
				value = strings.Repeat(" ", 120)
			}
			fm := newForm(&st, "New action", func(map[string]string) tea.Cmd { return nil })
			fm.add("text", "Action", required())
			fm.add("owner", "Owner")
			_ = fm.init()
			_ = fm.view(80, 0) // open at 80 columns, then the paste
			fm.update(tea.PasteMsg{Content: value})
			switch focusedAt {
			case "start":
				fm.update(tea.KeyPressMsg{Code: tea.KeyHome})
			case "middle":
				fm.update(tea.KeyPressMsg{Code: tea.KeyHome})
				for range 140 {
					fm.update(tea.KeyPressMsg{Code: tea.KeyRight})
				}
			}
			shows := func(w int) int {
				t.Helper()
				fm.update(tea.WindowSizeMsg{Width: w, Height: 24}) // as the room hands it on
				view := fm.view(w, 0)
				longest := 0
				for _, l := range strings.Split(view, "\n") {
					plain := ansi.Strip(l)
					if ansi.StringWidth(plain) != w {
						t.Fatalf("at %d columns a row is %d wide:\n%s", w, ansi.StringWidth(plain), view)
					}
					if !strings.HasSuffix(plain, "│") && !strings.HasSuffix(plain, "╮") && !strings.HasSuffix(plain, "╯") {
						t.Fatalf("at %d columns a row does not end at the box's edge: %q", w, plain)
					}
					run := 0
					for _, r := range plain {
						if strings.ContainsRune("abcdefghij", r) {
							run++
							longest = max(longest, run)
						} else {
							run = 0
						}
					}
				}
				return longest
			}
			for _, w := range []int{80, 200, 80, 60, 200} {
				n := shows(w)
				inputW := max(w-4, 20) - 6 - 3 // the box, the label ("Action"), the gaps
				if focusedAt != "spaces" && n < inputW-4 {
					t.Errorf("at %d columns the field shows %d characters of its text, want about %d", w, n, inputW-1)
				}
			}
		})
	}
}

// The draft shows what will be stored (the hostile-paste check: a pasted
// right-to-left override, line separators and a run of joiners reached
// the typist's own terminal and were dropped only on save, so "abc‮evil"
// on screen was stored as "abcevil", "L1L2L3" as "L1 L2 L3").
func TestADraftShowsWhatWillBeStored(t *testing.T) {
	st := NewStyles(true)
	for _, in := range []string{
		"abc\u202eevil.exe\u202cdef",
		"L1\u2028L2\u2029L3",
		"Z" + strings.Repeat("\u200d", 200) + "Z",
		"bad \xff\xfe mid \xc3 end",
		"tab\there\x07 bell",
		"family 👩\u200d👩\u200d👧\u200d👦 and ❤\ufe0f ok",
		"a\r\nb",
		"\u0301\u0301x",
	} {
		for _, multi := range []bool{false, true} {
			fm := newForm(&st, "New", func(map[string]string) tea.Cmd { return nil })
			if multi {
				fm.add("notes", "Notes", multiline(3))
			} else {
				fm.add("text", "Action")
			}
			_ = fm.init()
			fm.update(tea.PasteMsg{Content: in})
			got := fm.fields[0].value()
			want := meeting.CleanLine(in, meeting.MaxLine)
			if multi {
				want = meeting.CleanText(in, meeting.MaxNotes)
			}
			if got != want {
				t.Errorf("pasted %q (multi-line %v): the draft holds %q, the store would keep %q", in, multi, got, want)
			}
			// typed key by key, each key's text alone
			fm = newForm(&st, "New", func(map[string]string) tea.Cmd { return nil })
			fm.add("text", "Action")
			_ = fm.init()
			for _, r := range in {
				fm.update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			if got := fm.fields[0].value(); strings.ContainsAny(got, "\u202e\u202c\u2028\u2029\u200d\x07") && !strings.Contains(in, "👩") {
				t.Errorf("typed %q: the draft holds %q", in, got)
			}
		}
	}
}

// A form's error is read whole: it wraps inside the box, up to three
// lines (the hostile-paste check, at 80 columns: `Due date "eve" is not a
// date; try 2026-12-04, today, tomorrow, fri, +3d or …`, its end cut off).
// The box keeps to the window's height.
func TestAFormsErrorIsReadWhole(t *testing.T) {
	st := NewStyles(true)
	fm := newForm(&st, "New action", func(map[string]string) tea.Cmd { return nil })
	fm.add("text", "Action", required())
	fm.add("owner", "Owner")
	fm.add("due", "Due")
	_ = fm.init()
	fm.err = `Due date "eve" is not a date; try 2026-12-04, today, tomorrow, fri, +3d or +2w`
	for _, size := range [][2]int{{80, 0}, {60, 0}, {60, 9}, {60, 5}} {
		w, h := size[0], size[1]
		view := fm.view(w, h)
		rows := strings.Split(view, "\n")
		for _, r := range rows {
			if got := ansi.StringWidth(r); got != w {
				t.Fatalf("%d×%d: a row is %d wide:\n%s", w, h, got, view)
			}
		}
		if h > 0 && len(rows) > h {
			t.Errorf("%d×%d: the form is %d rows:\n%s", w, h, len(rows), view)
		}
		plain := ansi.Strip(view)
		if h == 0 || h >= 9 {
			if !strings.Contains(plain, "+2w") {
				t.Errorf("%d×%d: the error's end is cut off:\n%s", w, h, plain)
			}
		}
	}
}

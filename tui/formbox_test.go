package tui

import (
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The form's box is drawn, byte for byte, as lipgloss draws it
// (st.Box.Width(w).Render), in every palette: over random lines of styled
// text, wide characters and marks, blank lines, lines exactly as wide as
// the box, and lines lipgloss must wrap (which it still draws).
func TestFormBoxDrawsWhatLipglossDraws(t *testing.T) {
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 3))
	st0 := NewStyles(true)
	pieces := []string{"Owner", "ana", "漢字", "e\u0301", "👩‍💻", " ", "   ", "›", "…", "↓ 3 more",
		st0.FormLabelOn.Render("Action"), st0.Subtle.Render("tab completes"), st0.Selected.Render("[yes]"),
		lipgloss.NewStyle().Background(lipgloss.Color("#303030")).Render("  "), "\t", "x\ry"}
	for _, st := range []Styles{NewStyles(true), NewStyles(false), NewPlainStyles()} {
		drawn := 0
		for range 400 {
			w := 6 + rng.IntN(120)
			lines := make([]string, 1+rng.IntN(12))
			for i := range lines {
				// mostly lines that fit, now and then one a cell or two too
				// wide, a tab or a carriage return
				var b strings.Builder
				for target := rng.IntN(w - 2); ansi.StringWidth(b.String()) < target; {
					p := pieces[rng.IntN(len(pieces))]
					if (p == "\t" || p == "x\ry") && rng.IntN(20) > 0 {
						continue
					}
					b.WriteString(p)
				}
				lines[i] = b.String()
			}
			want := st.Box.Width(w).Render(strings.Join(lines, "\n"))
			got, ok := drawBox(&st, lines, w)
			if !ok {
				got = formBox(&st, lines, w)
			} else {
				drawn++
			}
			if got != want {
				t.Fatalf("seed %d, width %d, lines %q (drawn here: %v):\ngot  %q\nwant %q", seed, w, lines, ok, got, want)
			}
		}
		if drawn < 100 {
			t.Errorf("only %d of 400 boxes drawn without lipgloss", drawn)
		}
	}
}

// A form is drawn on every key, its unfocused fields from the lines drawn
// last (fieldLines): over random keys (typing, moving between fields and
// within one, completing, deleting, a kept draft put back), every view is
// the view of a form drawing every field afresh.
func TestAFormsKeptFieldLinesAreNeverStale(t *testing.T) {
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 5))
	keys := []tea.KeyPressMsg{
		{Code: tea.KeyTab}, {Code: tea.KeyTab, Mod: tea.ModShift}, {Code: tea.KeyLeft}, {Code: tea.KeyRight},
		{Code: tea.KeyHome}, {Code: tea.KeyEnd}, {Code: tea.KeyBackspace}, {Code: tea.KeyUp}, {Code: tea.KeyDown},
	}
	for _, w := range []int{60, 120} {
		m, _ := benchRoom(t, true)
		m.Update(tea.WindowSizeMsg{Width: w, Height: 40})
		m.Update(keyMsg("a"))
		f := m.top().(*roomScreen).form
		if f == nil {
			t.Fatal("no form open")
		}
		for i := range 600 {
			var k tea.KeyPressMsg
			switch n := rng.IntN(len(keys) + 12); {
			case n < len(keys):
				k = keys[n]
			default:
				r := []rune("ana fri Call the customer back, +1w 2026-12-04 Müller 漢字")[rng.IntN(50)]
				k = tea.KeyPressMsg{Code: r, Text: string(r)}
			}
			if rng.IntN(60) == 0 {
				f.setValues(map[string]string{"text": "a kept draft", "owner": "ana"})
			}
			m.Update(k)
			fw := []int{w/2 + 10, w - 2}[rng.IntN(2)]
			got := f.view(fw, 30)
			// the reference: every field drawn afresh, the kept lines
			// put back afterwards for the next key
			kept := make([][]string, len(f.fields))
			for j, fl := range f.fields {
				kept[j] = fl.drawn.lines
				fl.forget()
			}
			want := f.view(fw, 30)
			for j, fl := range f.fields {
				fl.drawn.lines = kept[j]
			}
			if got != want {
				t.Fatalf("seed %d, key %d (%s), width %d: a kept field is stale:\n%s\nwant:\n%s", seed, i, k, fw, got, want)
			}
		}
	}
}

// Odd lines (found in review) still make lipgloss's box: a newline or a C1
// byte inside a line, controls, separators, zero-width and no-break spaces,
// styles with colon parameters, lines exactly as wide as the box.
func TestFormBoxDrawsOddLinesAsLipgloss(t *testing.T) {
	odd := []string{"\u00a0", "a-b", "x\x1b[0m", "\x1b[1;4:3mX\x1b[0m", "\x1b[mfoo", "\u2028", "\x00", "\a", "\b", "\x7f",
		"\u200b", "x ", " ", "\x9b1mX", "X\u009b1mY", "a\nb", "\u00ad", "\x1b[1mX\x1b[m", "é", "\x1b[7mX\x1b[0m\x1b[m", "\ufeff", "\u3000"}
	for _, st := range []Styles{NewStyles(true), NewStyles(false), NewPlainStyles()} {
		for _, p := range odd {
			for _, w := range []int{8, 12, 30} {
				lines := []string{"title", p, strings.Repeat("y", w-4-1) + p}
				want := st.Box.Width(w).Render(strings.Join(lines, "\n"))
				if got := formBox(&st, lines, w); got != want {
					t.Errorf("%s, width %d, %q:\ngot  %q\nwant %q", styleName(&st), w, p, got, want)
				}
			}
		}
	}
}

// The terminal's answer about its background can come after a form is
// open: the palette changes in place, and a field not focused is drawn in
// the new one (found in review).
func TestAFormsKeptFieldLinesFollowThePalette(t *testing.T) {
	m, _ := benchRoom(t, true) // dark
	m.Update(keyMsg("a"))
	f := m.top().(*roomScreen).form
	if f == nil {
		t.Fatal("no form open")
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab}) // the first field is not focused now
	_ = f.view(100, 30)                         // its lines are kept
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	got := f.view(100, 30)
	for _, fl := range f.fields {
		fl.forget()
	}
	if want := f.view(100, 30); got != want {
		t.Errorf("a field kept its lines in the old palette:\ngot:\n%q\nwant:\n%q", got, want)
	}
}

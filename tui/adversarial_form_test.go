package tui

import (
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// formProbe is one form in a real Bubble Tea program: the same input
// decoder (bracketed paste, escape sequences, UTF-8) and the same form code
// as an SSH session, without the session. formHeld feeds it the bytes a
// client sends and returns what the form held when it was submitted: the
// adversarial tests compare what the room stored with CleanLine of that.
type formProbe struct{ f *form }

func (p *formProbe) Init() tea.Cmd { return p.f.init() }
func (p *formProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.f.update(msg)
	return p, cmd
}
func (p *formProbe) View() tea.View { return tea.NewView("") }

// formHeld types input into a one-field form (the first field of every room
// form: a line of MaxLine runes) and returns the field's value at ctrl+s.
func formHeld(t testing.TB, input ...string) string {
	t.Helper()
	st := NewStyles(true)
	got := make(chan map[string]string, 1)
	f := newForm(&st, "probe", func(v map[string]string) tea.Cmd {
		got <- v
		return tea.Quit
	})
	f.add("text", "Text")
	r, w := io.Pipe()
	p := tea.NewProgram(&formProbe{f: f}, tea.WithInput(r), tea.WithOutput(io.Discard),
		tea.WithoutSignalHandler(), tea.WithWindowSize(120, 40))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	go func() {
		for _, s := range input {
			// as the SSH client sends them: one write per piece, 32 KiB at most
			for len(s) > 0 {
				n := min(len(s), 32<<10)
				if _, err := io.WriteString(w, s[:n]); err != nil {
					return
				}
				s = s[n:]
			}
		}
		_, _ = io.WriteString(w, "\x13") // ctrl+s
	}()
	var v map[string]string
	select {
	case v = <-got:
	case <-time.After(wait):
		p.Kill()
		t.Fatal("the probe form never submitted")
	}
	_ = w.Close()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("the probe program did not end")
	}
	return v["text"]
}

// FuzzFormInput feeds a form field arbitrary typed keys and pastes, the way
// a client's terminal would deliver them: the form never panics, never holds
// more than its limit, and what the room would store from it is clean.
func FuzzFormInput(f *testing.F) {
	for _, s := range []string{
		"Call Acme re refunds",
		"\x1b]52;c;SU5KRUNU\a\x1b[2J\rwipe",
		"\u202eevil\u2066\u200b\ufeff",
		"\xff\xfe\xc0\xaf",
		"\u009b6n\u009d0;x\u009c",
		strings.Repeat("é", 400),
		"a\tb\nc\r\nd",
	} {
		f.Add(s, true, uint8(0))
		f.Add(s, false, uint8(3))
	}
	st := NewStyles(true)
	f.Fuzz(func(t *testing.T, in string, paste bool, moves uint8) {
		fm := newForm(&st, "fuzz", func(map[string]string) tea.Cmd { return nil })
		fm.add("text", "Text", required())
		fm.add("owner", "Owner", suggest([]string{"maria", "ben"}))
		fm.add("notes", "Notes", multiline(3))
		_ = fm.init()
		for range int(moves % 4) {
			fm.update(tea.KeyPressMsg{Code: tea.KeyTab})
		}
		if paste {
			fm.update(tea.PasteMsg{Content: in})
		} else {
			for _, r := range in {
				fm.update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
		_ = fm.view(80, 0)
		stripped := meeting.StripSequences(in)
		if !utf8.ValidString(stripped) || strings.ContainsAny(stripped, "\x1b\u009b\u009d\u0090\u0098\u009e\u009f") {
			t.Fatalf("StripSequences(%q) = %q", in, stripped)
		}
		if a, b := meeting.CleanLine(in, meeting.MaxLine), meeting.CleanLine(stripped, meeting.MaxLine); a != b {
			t.Fatalf("CleanLine changes after StripSequences: %q → %q vs %q", in, a, b)
		}
		for _, fl := range fm.fields {
			v := fl.value()
			limit := meeting.MaxLine
			if fl.multi {
				limit = meeting.MaxNotes
			}
			if n := utf8.RuneCountInString(v); n > limit {
				t.Fatalf("field %s holds %d runes (limit %d)", fl.key, n, limit)
			}
			c := meeting.CleanLine(v, meeting.MaxLine)
			if strings.ContainsAny(c, "\x1b\a\r\n\u009b\u009d\u202e\u200b\ufeff") || meeting.Dirty(c) {
				t.Fatalf("cleaned value %q still dirty", c)
			}
			if x, err := meeting.NewAction(v, "maria", "2026-12-04", "ben", time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)); err == nil && x.Text != c {
				t.Fatalf("stored %q, want CleanLine %q", x.Text, c)
			}
		}
	})
}

// TestAdversarialFormProbe checks the probe itself on inputs whose result
// is known.
func TestAdversarialFormProbe(t *testing.T) {
	if got := formHeld(t, "Call Acme"); got != "Call Acme" {
		t.Fatalf("typed: %q", got)
	}
	if got := formHeld(t, "\x1b[200~one\ntwo\x1b[201~"); got != "one two" {
		t.Fatalf("pasted: %q", got)
	}
	// 8-bit control strings lose their bodies too, typed key by key or
	// pasted (the text input alone would keep "6666n" and "0;PW").
	c1 := "a\u009b6666nb\u009d0;PW\u009cc"
	if got := formHeld(t, c1); got != "abc" {
		t.Fatalf("typed C1: %q", got)
	}
	if got := formHeld(t, paste(c1)); got != "abc" {
		t.Fatalf("pasted C1: %q", got)
	}
}

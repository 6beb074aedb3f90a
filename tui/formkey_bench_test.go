package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// BenchmarkFormKey is what one key typed into the room's action form costs
// the typist's session before its frame is drawn: the update and the view.
func BenchmarkFormKey(b *testing.B) {
	m, _ := benchRoom(b, true)
	m.Update(keyMsg("a"))
	_ = m.View()
	text := "Call the customer back about the refund"
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%len(text) == 0 && i > 0 {
			for range len(text) {
				m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
			}
		}
		r := rune(text[i%len(text)])
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		_ = m.View()
	}
}

// BenchmarkKeyIntoAFullField is what a key typed into a full field costs
// the typist's session (no frame: keys that arrive together draw once). A
// raw paste of a megabyte is a million of them.
func BenchmarkKeyIntoAFullField(b *testing.B) {
	m, _ := benchRoom(b, true)
	m.Update(keyMsg("a"))
	_ = m.View()
	m.Update(tea.PasteMsg{Content: strings.Repeat("x", meeting.MaxLine)})
	_ = m.View()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	}
}

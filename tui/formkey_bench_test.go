package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
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

package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func BenchmarkTmpKeyFullField(b *testing.B) {
	m, _ := benchRoom(b, true)
	m.Update(keyMsg("a"))
	_ = m.View()
	m.Update(tea.PasteMsg{Content: strings.Repeat("x", 400)})
	_ = m.View()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	}
}

func BenchmarkTmpKeyHalfField(b *testing.B) {
	m, _ := benchRoom(b, true)
	m.Update(keyMsg("a"))
	_ = m.View()
	m.Update(tea.PasteMsg{Content: strings.Repeat("x", 140)})
	_ = m.View()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
		} else {
			m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
	}
}

package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cxroom/agendas"
	"cxroom/meeting"
	"cxroom/store"
)

func BenchmarkRoomKeystroke(b *testing.B) {
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	clock := meeting.NewFakeClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	hub := meeting.NewHub(db, clock, nil)
	defer hub.Close()
	set, _ := agendas.Load("")
	ag, _ := set.Get("voc-triage")
	a := meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator}
	r, err := hub.Start(context.Background(), a, meeting.StartInput{Agenda: ag})
	if err != nil {
		b.Fatal(err)
	}
	d := &Deps{Ctx: context.Background(), Hub: hub, Svc: &meeting.Service{Store: db, Clock: clock, Hub: hub}, Agendas: set, Actor: a, Dark: true}
	m := New(d)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(pushMsg{newRoomScreen(d, m.st, r)})
	m.Update(tea.KeyPressMsg{Code: 'i', Text: "i"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
		_ = m.View()
	}
}

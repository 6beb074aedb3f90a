package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

// benchRoom returns a session's root model inside a VOC triage with a few
// records, sized 120×40 like the fan-out benchmark's clients.
func benchRoom(b testing.TB, dark bool) (*Model, *meeting.Room) {
	db := memstore.New()
	clock := meeting.NewFakeClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	hub := meeting.NewHub(db, clock, nil)
	b.Cleanup(hub.Close)
	set, _ := agendas.Load("")
	ag, _ := set.Get("voc-triage")
	a := meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator}
	r, err := hub.Start(context.Background(), a, meeting.StartInput{Agenda: ag})
	if err != nil {
		b.Fatal(err)
	}
	leave, _ := r.Join(context.Background(), a)
	b.Cleanup(leave)
	for i := range 8 {
		_, _ = r.AddAction(context.Background(), a, meeting.ActionInput{Text: fmt.Sprintf("Follow up on item %d with the billing team", i), Owner: "ana", Due: "fri"})
		_, _ = r.AddIssue(context.Background(), a, meeting.IssueInput{Title: fmt.Sprintf("Issue number %d about checkout", i)})
	}
	d := &Deps{Ctx: context.Background(), Hub: hub, Svc: meeting.NewService(db, clock, hub, nil), Agendas: set, Actor: a, Dark: dark}
	m := New(d)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(pushMsg{newRoomScreen(d, m.st, r)})
	m.top().(*roomScreen).snap = r.Snapshot()
	_ = m.View()
	return m, r
}

// BenchmarkRoomView is what each session pays to build its frame after a
// change: our View code only.
func BenchmarkRoomView(b *testing.B) {
	m, _ := benchRoom(b, true)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_ = m.View()
	}
}

// BenchmarkRoomFrame adds what Bubble Tea's renderer does with the frame
// before diffing: parse the styled string into a cell buffer.
func BenchmarkRoomFrame(b *testing.B) {
	m, _ := benchRoom(b, true)
	buf := uv.NewScreenBuffer(120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		v := m.View()
		buf.Clear()
		uv.NewStyledString(v.Content).Draw(buf, buf.Bounds())
	}
}

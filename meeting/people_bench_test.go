package meeting_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

// townHall starts a VOC triage with n members joined at once (as a town
// hall arrives: in batches).
func townHall(tb testing.TB, n int) (*meeting.Room, []meeting.Actor) {
	tb.Helper()
	clock := meeting.NewFakeClock(t0)
	db := memstore.New()
	hub := meeting.NewHub(db, clock, nil)
	tb.Cleanup(hub.Close)
	hub.SetPace(-1, 0)
	var ag meeting.Agenda
	for _, a := range agendas.Builtin() {
		if a.ID == "voc-triage" {
			ag = a
		}
	}
	r, err := hub.Start(context.Background(), maria, meeting.StartInput{Agenda: ag})
	if err != nil {
		tb.Fatal(err)
	}
	people := make([]meeting.Actor, n)
	var wg sync.WaitGroup
	for i := range people {
		people[i] = meeting.Actor{Handle: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("Person %d", i), Role: meeting.RoleMember}
		wg.Go(func() {
			if _, err := r.Join(context.Background(), people[i]); err != nil {
				tb.Error(err)
			}
		})
	}
	wg.Wait()
	return r, people
}

// BenchmarkTypingInATownHall: one person's "typing…" on and off in a room
// of 500, as each add does. What a change costs the room before any screen
// draws it (copying and ordering its people).
func BenchmarkTypingInATownHall(b *testing.B) {
	r, people := townHall(b, 500)
	ctx := context.Background()
	on := false
	b.ReportAllocs()
	for b.Loop() {
		on = !on
		if err := r.SetTyping(ctx, people[250], on); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAPublishedRoomNeverChanges: a snapshot's people stay as they were
// when it was published, whatever the room does after (screens read them
// without a lock while the room moves on).
func TestAPublishedRoomNeverChanges(t *testing.T) {
	r, people := townHall(t, 40)
	ctx := context.Background()
	before := r.Snapshot()
	was := fmt.Sprint(before.People)
	if err := r.SetTyping(ctx, people[3], true); err != nil {
		t.Fatal(err)
	}
	if err := r.RaiseHand(ctx, people[7], true); err != nil {
		t.Fatal(err)
	}
	leave, err := r.Join(ctx, people[9]) // a second session
	if err != nil {
		t.Fatal(err)
	}
	leave()
	if _, err := r.AddAction(ctx, people[3], meeting.ActionInput{Text: "Call back", Owner: "p0003", Due: "fri"}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(before.People); got != was {
		t.Fatalf("a published snapshot's people changed:\nwas %s\nnow %s", was, got)
	}
	after := r.Snapshot()
	if after.People[0].Handle != "p0007" || !after.People[0].Hand {
		t.Fatalf("the raised hand does not lead: %+v", after.People[0])
	}
	for _, p := range after.People {
		if p.Handle == "p0003" && p.Typing {
			t.Fatal("the stored action left its writer typing…")
		}
	}
}

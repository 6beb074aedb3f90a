package tui

import (
	"context"
	"testing"
	"time"
	_ "time/tzdata" // the zones, whatever the machine has
)

// Issue 11.15: an ad-hoc meeting creates no series; its end offers one to
// the facilitator, in their time zone, and S starts it.
func TestTheEndOfAFirstMeetingOffersASeries(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	s := w.session("maria", 100, 30)
	s.d.Zone = tokyo
	s.startRitual(0)
	s.keys("enter")
	s.expect("Segment 1/4")
	r := s.room()
	ana := w.session("ana", 100, 30)
	ana.keys("enter")
	ana.expect("Segment 1/4")
	s.keys("e")
	s.expect("End the meeting for everyone? y/n")
	s.keys("y")
	s.expect("Minutes", "S: repeat it weekly on Tuesdays at 18:00 (Asia/Tokyo)", "S start a series")
	if all, _ := w.db.SeriesList(ctx); len(all) != 0 {
		t.Fatalf("the meeting made a series: %+v", all)
	}
	ana.expect("Minutes")
	ana.refuse("repeat it", "start a series") // members schedule nothing
	s.keys("S")
	s.expect("✓ a series now (R1), weekly on Tuesdays at 18:00 (Asia/Tokyo)")
	s.refuse("S: repeat it")
	got, err := w.db.Meeting(ctx, r.ID())
	if err != nil || got.SeriesID != "R1" {
		t.Fatalf("the meeting's series: %+v %v", got, err)
	}
}

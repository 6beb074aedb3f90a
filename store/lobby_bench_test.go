package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cxroom/internal/storetest"
	"cxroom/meeting"
)

// BenchmarkLobbyRecentMeetings: what each lobby that opens asks the store
// for (the ended meetings, newest first), while a town hall of 1,000 is
// live: its record lists everyone in it.
//
//	go test ./store -run '^$' -bench LobbyRecentMeetings -count 3
func BenchmarkLobbyRecentMeetings(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c := context.Background()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	live := storetest.Meeting("", at.Add(48*time.Hour), false)
	if err := db.CreateMeeting(c, live); err != nil {
		b.Fatal(err)
	}
	// they arrive in batches of ten, each batch one write of the record
	for i := 0; i < meeting.MaxAttendees; i += 10 {
		_, err := db.UpdateMeeting(c, live.ID, func(m *meeting.Meeting) error {
			for k := i; k < i+10; k++ {
				m.Attendees = append(m.Attendees, meeting.Attendee{Handle: fmt.Sprintf("p%04d", k), Name: fmt.Sprintf("Person number %d", k), Role: meeting.RoleMember, JoinedAt: at})
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ms, err := db.Meetings(c, meeting.MeetingFilter{Ended: true, Limit: 12})
		if err != nil || len(ms) != 0 {
			b.Fatalf("%d meetings, %v", len(ms), err)
		}
	}
}

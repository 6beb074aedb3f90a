package meeting_test

import (
	"testing"
	"time"

	"cxroom/meeting"
)

// Issue 11.14: a journey registered a minute ago is not "not reviewed for
// 90+ days"; one never reviewed counts from when it was registered.
func TestNeverReviewedCountsFromRegistration(t *testing.T) {
	j, err := meeting.NewJourney("Onboarding", "ana", t0)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) meeting.Date { return meeting.DateOf(t0.Add(time.Duration(d) * 24 * time.Hour)) }
	for d, want := range map[int]bool{0: false, 89: false, 90: true, 400: true} {
		if got := j.ReviewOverdue(day(d)); got != want {
			t.Errorf("never reviewed, registered %d days ago: overdue %v, want %v", d, got, want)
		}
	}
	j.LastReviewed = day(10)
	if j.ReviewOverdue(day(99)) || !j.ReviewOverdue(day(100)) {
		t.Error("reviewed: overdue 90 days after the review")
	}
	old := &meeting.Journey{Name: "Legacy", Critical: true} // no registration time recorded
	if !old.ReviewOverdue(day(0)) {
		t.Error("a journey with no dates at all is overdue")
	}
}

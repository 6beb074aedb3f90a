package store

import (
	"context"
	"fmt"
	"testing"

	"cxroom/meeting"
)

// BenchmarkDecisionLog: the decision log of 40,000 decisions (ten years of
// weekly rituals), read whole as before paging and as its first screen
// (one page of 200, newest first) and a page in its middle.
//
//	go test ./store -run '^$' -bench DecisionLog -count 3
func BenchmarkDecisionLog(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c := context.Background()
	for batch := range 200 {
		err := db.Atomically(c, func(tx meeting.Tx) error {
			for i := range 200 {
				n := batch*200 + i
				d := &meeting.Decision{Date: meeting.Date(fmt.Sprintf("20%02d-%02d-%02d", 16+n/4000, 1+n%12, 1+n%28)),
					Decision:  fmt.Sprint("decision number ", n, " about the refund policy for annual plans"),
					Rationale: "because the customers asked for it in the last three triage meetings", MeetingID: fmt.Sprint("M", 1+n/4), MadeBy: "ana"}
				if err := tx.CreateDecision(c, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []struct {
		name string
		f    meeting.DecisionFilter
	}{
		{"whole", meeting.DecisionFilter{Newest: true}},
		{"first-page", meeting.DecisionFilter{Newest: true, Limit: 200}},
		{"page-at-20000", meeting.DecisionFilter{Newest: true, Offset: 20000, Limit: 200}},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Decisions(c, q.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

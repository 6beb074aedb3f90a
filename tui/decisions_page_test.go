package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cxroom/meeting"
)

// TestDecisionLogReadsAPageAtATime: over a log of years the first screen
// reads one page of the newest decisions; moving down reads the next pages
// until the oldest, each decision once, newest first; r lists those whose
// review is due from the whole log, not only from what was read.
func TestDecisionLogReadsAPageAtATime(t *testing.T) {
	s := newDemoTUI(t, "maria")
	ctx := context.Background()
	const n = 2*decisionPage + 50
	for i := range n {
		d, err := meeting.NewDecision(meeting.DecisionInput{Title: fmt.Sprintf("Old decision %d", i), Decision: "Do it"}, "maria", demoNow)
		if err != nil {
			t.Fatal(err)
		}
		d.Date = meeting.Date(fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28))
		if i == 7 { // long ago, its review still due: only the whole log has it
			d.ReviewDate = "2024-09-01"
		}
		if err := s.db.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	whole, err := s.d.Svc.Decisions(ctx, s.d.Actor, meeting.DecisionFilter{Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	l := newDecisionLog(s.d, s.m.st)
	s.open(l)
	if len(l.rows) != decisionPage || !l.more {
		t.Fatalf("the first screen read %d decisions (more: %v), want one page of %d", len(l.rows), l.more, decisionPage)
	}
	if scr := s.content(); !strings.Contains(scr, whole[0].ID) || strings.Contains(scr, whole[len(whole)-1].ID) {
		t.Fatalf("the first screen does not start at the newest decision %s:\n%s", whole[0].ID, scr)
	}
	for range len(whole) + 5 {
		s.press("down")
	}
	ids := func(ds []*meeting.Decision) (out []string) {
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return
	}
	if got, want := ids(l.rows), ids(whole); !slices.Equal(got, want) {
		t.Fatalf("scrolled to the end: read %d decisions, want the %d of the log in order", len(got), len(want))
	}
	if l.more || l.cursor != len(whole)-1 {
		t.Fatalf("at the end: more %v, cursor %d of %d", l.more, l.cursor, len(whole))
	}
	s.press("r")
	if !slices.ContainsFunc(l.rows, func(d *meeting.Decision) bool { return strings.HasSuffix(d.Title, "decision 7") }) {
		t.Fatalf("review due lists %d decisions, not the one due since 2024-09-01", len(l.rows))
	}
	for _, d := range l.rows {
		if !d.ReviewDue(s.d.Svc.Today()) {
			t.Fatalf("review due lists %s, whose review is not due", d.ID)
		}
	}
}

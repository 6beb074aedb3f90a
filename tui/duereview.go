package tui

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
)

// dueReviewLines lists the series' earlier decisions whose review date has
// come: the review segment is where the room checks whether they were right.
func (s *roomScreen) dueReviewLines(w int) []string {
	if len(s.snap.DueReview) == 0 {
		return nil
	}
	st := s.st
	lines := []string{"", st.Section.Render(fmt.Sprintf("DECISIONS DUE FOR REVIEW (%d)", len(s.snap.DueReview)))}
	for _, d := range s.snap.DueReview {
		lines = append(lines, ansi.Truncate(fmt.Sprintf("  %s %s %s", st.Accent.Render(d.ID), d.Title, st.Subtle.Render("· review "+string(d.ReviewDate))), w, "…"))
	}
	return lines
}

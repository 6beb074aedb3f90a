package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"cxroom/meeting"
)

// Issue 11.14: the header lines of the minutes and of a decision entry end
// in hard breaks, so a markdown renderer shows one per line instead of
// joining them into one paragraph.
func TestHeaderLinesHaveHardBreaks(t *testing.T) {
	html := func(md string) string {
		var b bytes.Buffer
		if err := goldmark.Convert([]byte(md), &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	minutes := html(Minutes(mnVocBundle(t), mnTeam(), mnAt(70)))
	decision := html(DecisionsMarkdown([]*meeting.Decision{mnDecision()}, nil))
	for _, want := range []string{
		"<strong>Date:</strong> 2026-11-24<br>\n<strong>Facilitator:</strong> Maria Lopez<br>\n<strong>Attendees:</strong>",
		"<strong>Ritual:</strong> Weekly VOC triage (voc-triage)<br>\n<strong>Duration:</strong> 63 min (60 min planned, 3 over)<br>\n<strong>State:</strong> ended</p>",
		"<strong>Decision ID:</strong> 2026-11-24-01<br>\n<strong>Date:</strong> 2026-11-24<br>\n<strong>Made by:</strong>",
	} {
		if !strings.Contains(minutes, want) {
			t.Errorf("the minutes render without hard breaks; want %q in\n%s", want, minutes[:min(len(minutes), 600)])
		}
	}
	if !strings.Contains(decision, "<strong>Decision ID:</strong> 2026-11-24-01<br>\n<strong>Date:</strong>") {
		t.Errorf("a decision entry renders without hard breaks:\n%s", decision[:min(len(decision), 400)])
	}
}

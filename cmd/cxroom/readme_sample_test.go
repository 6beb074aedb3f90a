package main

import (
	"os"
	"strings"
	"testing"
)

// Issue 11.17: the README's first screen is today's layout (no boxed panes,
// the demo's people, the footer of who is here) and says, near the top,
// who you are locally (CXROOM_USER).
func TestReadmeSampleIsTodaysLayout(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	demo, err := os.ReadFile("../../demo/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(readme), "```\n")
	sample, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("README.md has no sample screen")
	}
	if strings.ContainsAny(sample, "╭╮╰╯") {
		t.Errorf("the sample screen has boxed panes; the room draws none:\n%s", sample)
	}
	for _, want := range []string{"facilitator: ", "Segment ", "Meeting: ", "Prompt", " │ ", "Here ("} {
		if !strings.Contains(sample, want) {
			t.Errorf("the sample screen lacks %q", want)
		}
	}
	for _, l := range strings.Split(sample, "\n") {
		if w := len([]rune(l)); w > 120 {
			t.Errorf("a sample line is %d cells wide, wider than the 120 it was captured at: %q", w, l)
		}
		if here, ok := strings.CutPrefix(l, "Here ("); ok {
			_, names, _ := strings.Cut(here, "): ")
			for _, n := range strings.Split(names, " · ") {
				n = strings.TrimSpace(strings.NewReplacer("★", "", "✋", "", "typing…", "", "(observer)", "").Replace(n))
				if n != "" && !strings.Contains(string(demo), "name: "+n+"\n") {
					t.Errorf("the sample names %q, who is not in the demo", n)
				}
			}
		}
	}
	top, _, _ := strings.Cut(string(readme), "## Running a meeting")
	if !strings.Contains(top, "CXROOM_USER") {
		t.Error("README.md does not say near the top who you are locally (CXROOM_USER)")
	}
}

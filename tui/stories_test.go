package tui

import (
	"strings"
	"testing"
)

func TestStoriesGolden(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.open(newStoriesScreen(s.d, s.m.st))
	requireGolden(t, "stories_list", s.content())
	s.press("enter")
	s.expect("Story S12", "Customer quote", "From meeting", "M14 · Weekly VOC triage · 2026-11-24")
	requireGolden(t, "stories_detail", s.content())
	s.press("esc")
	s.expect("12 of 12 · stage: all stages")
}

func TestStoriesSearchNarrowsTheList(t *testing.T) {
	s := newDemoTUI(t, "ana")
	s.open(newStoriesScreen(s.d, s.m.st))
	s.expect("12 of 12")
	s.press("/")
	s.typeText("PARCEL") // case does not matter
	s.expect("1 of 12", "“Why did I get two 'your parcel is on its way' texts?")
	s.refuse("“I almost gave up.")
	s.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	s.typeText("abandon at") // in the impact, not the quote
	s.expect("1 of 12", "“I almost gave up. Your error message")
	s.press("enter") // keep the search, leave the line
	s.expect("“abandon at” · 1 of 12")
	s.press("enter")
	s.expect("Story S1", "23% abandon at this step")
	s.press("esc", "/", "esc") // esc in the search clears it
	s.expect("12 of 12 · stage: all stages")
	s.press("/")
	s.typeText("no such words")
	s.expect("0 of 12", "no story matches")
	s.press("esc")

	// tab visits only the stages of what the search finds
	s.press("/")
	s.typeText("onboard")
	s.press("enter")
	s.expect("“onboard” · 5 of 12 · stage: all stages")
	for _, want := range []string{"3 of 12 · stage: Onboarding → Account setup", "1 of 12 · stage: Onboarding → First login",
		"1 of 12 · stage: Onboarding → First value", "5 of 12 · stage: all stages"} {
		s.press("tab")
		s.expect(want)
	}
}

func TestStoriesStageCycles(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.open(newStoriesScreen(s.d, s.m.st))
	s.press("tab")
	s.expect("stage: Billing → Invoices")
	s.press("tab") // Billing → Renewal
	s.expect("1 of 12 · stage: Billing → Renewal", "“I waited 40 minutes to ask why my bill went up.”")
	s.refuse("“I almost gave up.")
	for range 20 {
		if strings.Contains(s.content(), "stage: all stages") {
			break
		}
		s.press("tab")
	}
	s.expect("12 of 12 · stage: all stages")
	// a stage and a search together
	for !strings.Contains(s.content(), "stage: Onboarding → Account setup") {
		s.press("tab")
	}
	s.expect("3 of 12")
	s.press("/")
	s.typeText("invite")
	s.expect("1 of 12", "“Nobody told me I had to invite my team first.”")
}

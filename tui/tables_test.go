package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// Display width: every list screen lays its columns out by terminal cells,
// so a name in CJK (李伟 takes four cells in two runes), an emoji of three
// runes joined by a ZWJ (👩‍💼, two cells) or a letter with a combining
// accent (José written e + U+0301, four cells in five runes) shifts
// nothing after it.

var awkwardNames = []string{"李伟", "👩‍💼 Ana", "José", "王小明的团队负责人很长的名字", "bob"}

// headerStarts returns the cell each of words starts at on the header line
// (the line holding all of them).
func headerStarts(t *testing.T, screen string, words ...string) (string, []int) {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		at := make([]int, 0, len(words))
		for _, w := range words {
			i := strings.Index(l, w)
			if i < 0 {
				break
			}
			at = append(at, ansi.StringWidth(l[:i]))
		}
		if len(at) == len(words) {
			return l, at
		}
	}
	t.Fatalf("no header with %q in\n%s", words, screen)
	return "", nil
}

// rowsWith returns the screen's lines holding one of texts each, in order.
func rowsWith(t *testing.T, screen string, texts ...string) []string {
	t.Helper()
	var out []string
	lines := strings.Split(screen, "\n")
	for _, x := range texts {
		found := false
		for _, l := range lines {
			if strings.Contains(l, x) {
				out, found = append(out, l), true
				break
			}
		}
		if !found {
			t.Fatalf("no row with %q in\n%s", x, screen)
		}
	}
	return out
}

// sameColumns fails unless on every row each column starts at its
// header's cell: a space before it, text at it.
func sameColumns(t *testing.T, screen string, at []int, rows []string) {
	t.Helper()
	for _, l := range rows {
		for _, c := range at {
			before, here := ansi.Cut(l, c-1, c), ansi.Cut(l, c, c+2) // two cells: a wide character takes both
			if before != " " || here == "" || here[0] == ' ' {
				t.Errorf("row %q: no column starts at cell %d (%q then %q)\n%s", l, c, before, here, screen)
			}
		}
	}
}

func TestListScreensLineUpByCellWidth(t *testing.T) {
	s := newDemoTUI(t, "maria")
	ctx := context.Background()
	maria := s.d.Actor
	var texts []string
	for i, n := range awkwardNames {
		text := "Width check " + string(rune('a'+i))
		if _, err := s.d.Svc.AddAction(ctx, maria, text, n, "fri"); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, text)
		d, err := meeting.NewDecision(meeting.DecisionInput{Title: "Width decision " + string(rune('a'+i)), Decision: "Do it"}, n, demoNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.db.CreateDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
		x, err := meeting.NewStory(meeting.StoryInput{Quote: "Width story " + string(rune('a'+i)), Stage: n + " → stage"}, "ana", demoNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.db.CreateStory(ctx, x); err != nil {
			t.Fatal(err)
		}
		if _, err := s.d.Svc.AddJourney(ctx, maria, n+" journey", ""); err != nil {
			t.Fatal(err)
		}
	}
	s.send(tea.WindowSizeMsg{Width: 140, Height: 60})

	t.Run("tracker", func(t *testing.T) {
		s.open(newTracker(s.d, s.m.st))
		scr := s.content()
		_, at := headerStarts(t, scr, "ID", "DUE", "OWNER", "STATUS", "ACTION")
		sameColumns(t, scr, at, rowsWith(t, scr, texts...))
		s.press("esc")
	})
	t.Run("decisions", func(t *testing.T) {
		s.open(newDecisionLog(s.d, s.m.st))
		scr := s.content()
		_, at := headerStarts(t, scr, "ID", "MADE BY", "REVIEW", "DECISION")
		sameColumns(t, scr, at, rowsWith(t, scr, "Width decision a", "Width decision b", "Width decision c", "Width decision d"))
		s.press("esc")
	})
	t.Run("stories", func(t *testing.T) {
		s.open(newStoriesScreen(s.d, s.m.st))
		scr := s.content()
		_, at := headerStarts(t, scr, "ID", "SHARED", "JOURNEY STAGE", "CUSTOMER QUOTE")
		sameColumns(t, scr, at, rowsWith(t, scr, "Width story a", "Width story b", "Width story c", "Width story d"))
		s.press("esc")
	})
	t.Run("journeys", func(t *testing.T) {
		s.open(newJourneysScreen(s.d, s.m.st))
		scr := s.content()
		_, at := headerStarts(t, scr, "JOURNEY", "OWNER", "CRIT", "LAST REVIEWED")
		sameColumns(t, scr, at, rowsWith(t, scr, "李伟 journey", "👩‍💼 Ana journey", "José journey", "王小明"))
		s.press("esc")
	})
	t.Run("start", func(t *testing.T) {
		ag, ok := s.d.Agendas.Get("journey-review")
		if !ok {
			t.Fatal("no journey-review ritual")
		}
		s.open(newStartScreen(s.d, s.m.st, ag))
		scr := s.content()
		rows := rowsWith(t, scr, "李伟 journey", "👩‍💼 Ana journey", "José journey", "王小明", "bob journey")
		at := strings.Index(rows[0], "never reviewed")
		if at < 0 {
			t.Fatalf("no review column in %q", rows[0])
		}
		sameColumns(t, scr, []int{ansi.StringWidth(rows[0][:at])}, rows)
		s.press("esc")
	})
}

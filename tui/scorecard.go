package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
	"cxroom/report"
)

// scorecardDays is the period the screen shows, up to today.
const scorecardDays = 90

// scorecardScreen is the seed's balanced scorecard, computed from the
// records: category, metric, actual, target and a traffic light; the
// selected row opens to say how its figure was computed and what is behind
// it.
type scorecardScreen struct {
	d      *Deps
	st     *Styles
	keys   scorecardKeys
	scores []meeting.Score
	since  meeting.Date
	today  meeting.Date
	cursor int
	err    string
	loaded bool
}

type scorecardKeys struct {
	listKeys
	Reload key.Binding
	global globalKeys
}

func (k scorecardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Reload, k.global.Back, k.global.Help}
}

func (k scorecardKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Reload, k.global.Back, k.global.Quit}}
}

type scorecardMsg struct {
	scores       []meeting.Score
	since, today meeting.Date
	err          error
}

func newScorecardScreen(d *Deps, st *Styles) screen {
	l := newListKeys("")
	return &scorecardScreen{d: d, st: st, keys: scorecardKeys{
		listKeys: l,
		Reload:   bind([]string{"r"}, "r", "recompute"),
		global:   newGlobalKeys(),
	}}
}

// init computes the scorecard off the UI goroutine.
func (s *scorecardScreen) init() tea.Cmd {
	d := s.d
	return func() tea.Msg {
		today := d.Svc.Today()
		in, err := d.Svc.ScorecardInput(d.Ctx, d.Actor, today)
		if err != nil {
			return scorecardMsg{err: err}
		}
		in.Since = today.AddDays(-scorecardDays)
		return scorecardMsg{scores: meeting.Scorecard(in), since: in.Since, today: today}
	}
}

func (s *scorecardScreen) close()            {}
func (s *scorecardScreen) capturing() bool   { return false }
func (s *scorecardScreen) live() bool        { return false }
func (s *scorecardScreen) help() help.KeyMap { return s.keys }

func (s *scorecardScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case scorecardMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.scores, s.since, s.today, s.loaded, s.err = msg.scores, msg.since, msg.today, true, ""
		s.cursor = min(s.cursor, max(len(s.scores)-1, 0))
	case tea.KeyPressMsg:
		k := s.keys
		switch {
		case key.Matches(msg, k.global.Back):
			return s, pop
		case k.isMove(msg):
			s.cursor, _ = k.move(msg, s.cursor, len(s.scores))
		case key.Matches(msg, k.Reload):
			return s, s.init()
		}
	}
	return s, nil
}

// scoreLight is the traffic light: a coloured ● and the word, or the word
// alone in the plain palette.
func scoreLight(st *Styles, status meeting.ScoreStatus) string {
	word := string(status)
	if st.Plain {
		return word
	}
	switch status {
	case meeting.ScoreGreen:
		return st.OK.Render("●") + " " + word
	case meeting.ScoreAmber:
		return st.Warn.Render("●") + " " + word
	case meeting.ScoreRed:
		return st.Danger.Render("●") + " " + word
	}
	return st.Subtle.Render("○ " + word)
}

func (s *scorecardScreen) view(w, h int) string {
	st := s.st
	var b strings.Builder
	period := ""
	if s.loaded {
		period = fmt.Sprintf("%s to %s (%d days)", s.since, s.today, scorecardDays)
	}
	b.WriteString(spread(st.Title.Render("CX leadership scorecard"), st.Subtle.Render(period), w) + "\n")
	if !s.loaded {
		if s.err != "" {
			return b.String() + st.Error.Render(s.err)
		}
		return b.String() + st.Subtle.Render("computing…")
	}
	catW, nameW, actW, tgtW := 10, 6, 6, 6
	for _, sc := range s.scores {
		catW = max(catW, ansi.StringWidth(sc.Category))
		nameW = max(nameW, ansi.StringWidth(sc.Name))
		actW = max(actW, ansi.StringWidth(report.ScoreActual(sc)))
		tgtW = max(tgtW, ansi.StringWidth(sc.Target))
	}
	// the metric name gives way first on a narrow terminal
	nameW = max(min(nameW, w-2-catW-actW-tgtW-8-10), 12)
	row := func(cat, name, actual, target, status string) string {
		return padRight(cat, catW) + "  " + padRight(ansi.Truncate(name, nameW, "…"), nameW) + "  " +
			padRight(actual, actW) + "  " + padRight(target, tgtW) + "  " + status
	}
	b.WriteString(st.Section.Render("  "+row("CATEGORY", "METRIC", "ACTUAL", "TARGET", "STATUS")) + "\n")
	legend := "green = on track · amber = needs attention · red = at risk · n/a = nothing to measure yet"
	if !st.Plain {
		legend = scoreLight(st, meeting.ScoreGreen) + " on track · " + scoreLight(st, meeting.ScoreAmber) + " needs attention · " +
			scoreLight(st, meeting.ScoreRed) + " at risk"
	}
	// what the open row may use: the screen less the table, legend and title
	room := max(h-len(s.scores)-5, 2)
	for i, sc := range s.scores {
		line := row(sc.Category, sc.Name, report.ScoreActual(sc), sc.Target, "")
		if i != s.cursor {
			b.WriteString(ansi.Truncate("  "+line+scoreLight(st, sc.Status), w, "…") + "\n")
			continue
		}
		b.WriteString(ansi.Truncate(st.Cursor.Render("› ")+st.Selected.Render(line)+scoreLight(st, sc.Status), w, "…") + "\n")
		b.WriteString(s.explain(sc, w, room))
	}
	b.WriteString("\n" + ansi.Truncate(st.Subtle.Render(legend), w, "…"))
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err))
	}
	return b.String()
}

// explain is the open row: how the figure was computed, then the items
// behind it, in at most max lines.
func (s *scorecardScreen) explain(sc meeting.Score, w, maxLines int) string {
	st := s.st
	indent := "    "
	text := lipgloss.NewStyle().Width(max(w-len(indent)-1, 20)).Render(sc.Explanation)
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, indent+st.Subtle.Render(strings.TrimRight(l, " ")))
	}
	for _, d := range sc.Details {
		lines = append(lines, ansi.Truncate(indent+"· "+d, w, "…"))
	}
	if len(lines) > maxLines {
		more := len(lines) - maxLines + 1
		lines = append(lines[:maxLines-1], indent+st.Subtle.Render(fmt.Sprintf("… %d more line%s", more, plural(more))))
	}
	return strings.Join(lines, "\n") + "\n"
}

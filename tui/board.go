package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
	"cxroom/report"
)

// boardScreen is the quarter's board report as the terminal shows it: the
// twelve Metrics That Matter with current, prior quarter, year ago,
// target, a sparkline of the last five quarters and the status; executive
// response time; the executive summary and key insights; the strategic
// actions (charters with their next go/no-go point, open escalations);
// and the top at-risk accounts. [ and ] move between quarters; the rest
// scrolls. It reads only: figures and the brief are written with the
// board commands (`cxroom board enter`, `board brief`).
type boardScreen struct {
	d      *Deps
	st     *Styles
	keys   boardKeys
	v      *meeting.BoardView
	period meeting.Period // zero: the current quarter
	top    int            // first line shown
	err    string
	notice string
	loaded bool
}

type boardKeys struct {
	listKeys
	Prev, Next, Reload key.Binding
	global             globalKeys
}

func (k boardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Prev, k.Next, k.global.Back, k.global.Help}
}

func (k boardKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Prev, k.Next, k.Reload}, {k.global.Back, k.global.Quit}}
}

type boardMsg struct {
	v   *meeting.BoardView
	err error
}

func newBoardScreen(d *Deps, st *Styles) screen {
	return &boardScreen{d: d, st: st, keys: boardKeys{
		listKeys: listKeys{
			Up:     bind([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:   bind([]string{"down", "j"}, "↓/j", "scroll down"),
			Top:    bind([]string{"home", "g"}, "g", "top"),
			Bottom: bind([]string{"end", "G"}, "G", "bottom"),
		},
		Prev:   bind([]string{"["}, "[", "prior quarter"),
		Next:   bind([]string{"]"}, "]", "next quarter"),
		Reload: bind([]string{"r"}, "r", "recompute"),
		global: newGlobalKeys(),
	}}
}

// init computes the report off the UI goroutine.
func (s *boardScreen) init() tea.Cmd {
	d, p := s.d, s.period
	return func() tea.Msg {
		v, err := d.Svc.BoardReport(d.Ctx, d.Actor, meeting.ScorecardQuery{Period: p})
		return boardMsg{v, err}
	}
}

func (s *boardScreen) close()            {}
func (s *boardScreen) capturing() bool   { return false }
func (s *boardScreen) live() bool        { return false }
func (s *boardScreen) help() help.KeyMap { return s.keys }

func (s *boardScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case boardMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.v, s.loaded, s.err = msg.v, true, ""
		s.period = msg.v.Period
	case tea.KeyPressMsg:
		k := s.keys
		s.notice = ""
		switch {
		case key.Matches(msg, k.global.Back):
			return s, pop
		case key.Matches(msg, k.Up):
			s.top = max(s.top-1, 0)
		case key.Matches(msg, k.Down):
			s.top++
		case key.Matches(msg, k.Top):
			s.top = 0
		case key.Matches(msg, k.Bottom):
			s.top = math.MaxInt32
		case key.Matches(msg, k.Reload):
			return s, s.init()
		case key.Matches(msg, k.Prev) && s.loaded:
			s.period, s.top = s.v.Period.Prev(), 0
			return s, s.init()
		case key.Matches(msg, k.Next) && s.loaded:
			if cur := s.d.Svc.CurrentPeriod(nil); s.v.Period.Before(cur) {
				s.period, s.top = s.v.Period.Next(), 0
				return s, s.init()
			}
			s.notice = s.v.Period.Next().Label() + " has not begun"
		}
	}
	return s, nil
}

// boardSpark draws a figure's quarters as block characters, low to high
// (a gap where a quarter has no figure); the blocks rise with the value,
// whichever way the metric gets better.
func boardSpark(f meeting.BoardFigure) string {
	const bars = "▁▂▃▄▅▆▇█"
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range f.Series {
		if p.Has {
			lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		}
	}
	runes := []rune(bars)
	var b strings.Builder
	for _, p := range f.Series {
		switch {
		case !p.Has:
			b.WriteString("·")
		case hi-lo < 1e-9:
			b.WriteRune(runes[3])
		default:
			b.WriteRune(runes[int(math.Round((p.Value-lo)/(hi-lo)*float64(len(runes)-1)))])
		}
	}
	return b.String()
}

// lines is the whole report, one terminal line each, for a width w.
func (s *boardScreen) lines(w int) []string {
	st, v := s.st, s.v
	var out []string
	add := func(l string) { out = append(out, ansi.Truncate(l, w, "…")) }
	wrap := func(prefix, text string) {
		for _, l := range strings.Split(lipgloss.NewStyle().Width(max(w-ansi.StringWidth(prefix), 20)).Render(text), "\n") {
			add(prefix + strings.TrimRight(l, " "))
			prefix = strings.Repeat(" ", ansi.StringWidth(prefix))
		}
	}
	nameW, curW, priW, agoW, tgtW := 6, 7, 7, 8, 6
	for _, f := range v.Figures {
		nameW = max(nameW, ansi.StringWidth(f.Metric.Name))
		curW = max(curW, ansi.StringWidth(f.ValueText()))
		priW = max(priW, ansi.StringWidth(f.PriorText()))
		agoW = max(agoW, ansi.StringWidth(f.YearAgoText()))
		tgtW = max(tgtW, ansi.StringWidth(f.TargetText()))
	}
	nameW = max(min(nameW, w-4-curW-priW-agoW-tgtW-meeting.TrendQuarters-8*2-8), 12)
	row := func(mark, name, cur, pri, ago, tgt, trend, status string) string {
		return mark + padRight(ansi.Truncate(name, nameW, "…"), nameW) + "  " + padRight(cur, curW) + "  " + padRight(pri, priW) + "  " +
			padRight(ago, agoW) + "  " + padRight(tgt, tgtW) + "  " + padRight(trend, max(meeting.TrendQuarters, 5)) + "  " + status
	}
	add(st.Section.Render(row("  ", "METRIC", "CURRENT", "PRIOR Q", "YEAR AGO", "TARGET", "TREND", "STATUS")))
	for _, f := range v.Figures {
		mark := "  "
		if f.Metric.OnBoard {
			mark = "* "
		}
		add(row(mark, f.Metric.Name, f.ValueText(), f.PriorText(), f.YearAgoText(), f.TargetText(), boardSpark(f), "") + scoreLight(st, f.Status))
	}
	add(st.Subtle.Render(fmt.Sprintf("* on the board's page · trend: %s to %s", v.Period.Prev().Prev().Prev().Prev().Label(), v.Period.Label())))
	add("")
	add(st.Section.Render("EXECUTIVE RESPONSE (internal only)"))
	wrap("  ", v.Response.Summary()+"; targets: assigned < 24 h, resolved < 5 days")
	add("")
	add(st.Section.Render("EXECUTIVE SUMMARY"))
	if strings.TrimSpace(v.Brief.Summary) != "" {
		wrap("  ", strings.ReplaceAll(v.Brief.Summary, "\n", " "))
	} else {
		add("  " + st.Subtle.Render("not written yet: cxroom board brief summary TEXT"))
	}
	for _, m := range v.Movements {
		wrap("  · ", m)
	}
	add("")
	add(st.Section.Render("KEY INSIGHTS"))
	insight := func(label, text string, proposed []string) {
		if strings.TrimSpace(text) == "" {
			text = strings.Join(proposed, "; ")
			if text != "" {
				text += " (proposed)"
			}
		}
		wrap("  "+label+": ", or(text, "—"))
	}
	insight("Working", v.Brief.Working, v.Working)
	insight("Concerns", v.Brief.Concerns, v.Concerns)
	var themes []string
	for _, t := range v.Themes {
		themes = append(themes, fmt.Sprintf("%s (%d issues, %d votes)", t.Theme, len(t.Issues), t.Votes))
	}
	wrap("  Customer themes: ", or(strings.Join(themes, "; "), "none with a theme this quarter"))
	add("")
	add(st.Section.Render("STRATEGIC ACTIONS"))
	if len(v.Actions) == 0 {
		add("  " + st.Subtle.Render("no chartered initiative or open escalation"))
	}
	team := s.d.Team()
	today := s.d.Svc.Today()
	for i, a := range v.Actions {
		owner := team.Display(a.Owner)
		if a.OwnerRole != "" {
			owner += " (" + a.OwnerRole + ")"
		}
		wrap(fmt.Sprintf("  %d. ", i+1), fmt.Sprintf("%s · %s · %s · %s", a.Initiative, owner, a.Timeline, a.Source))
	}
	for _, c := range v.Charters {
		for _, g := range c.DueGates(today) {
			add("  " + st.Warn.Render(fmt.Sprintf("! %s %s: the %s go/no-go point (%s) is due", c.ID, c.Name, g.Point, g.Due)))
		}
	}
	add("")
	add(st.Section.Render(fmt.Sprintf("AT-RISK ACCOUNTS (top %d)", meeting.TopAtRisk)))
	if len(v.AtRisk) == 0 {
		add("  " + st.Subtle.Render("none on the list"))
	}
	for _, x := range v.AtRisk {
		arr := ""
		if x.ARR > 0 {
			arr = " · " + meeting.FormatMoney(x.ARR)
		}
		mit := "no mitigation yet"
		if x.Mitigation != "" {
			mit = x.Mitigation + " (" + or(team.Display(x.Owner), "no owner") + ", " + or(string(x.Due), "no date") + ")"
		}
		add(fmt.Sprintf("  %s %s%s · %s · %s", x.Health, x.Account, arr, x.Risk, mit))
	}
	add("")
	add(st.Section.Render("COMPETITIVE POSITION AND FORWARD LOOK"))
	wrap("  ", or(strings.ReplaceAll(v.Brief.Competitive, "\n", " "), "not written yet"))
	wrap("  ", or(strings.ReplaceAll(v.Brief.Forward, "\n", " "), "not written yet"))
	add("")
	add(st.Subtle.Render(fmt.Sprintf("cxroom report board --quarter %s --format html > board.html prints it for the board", v.Period)))
	return out
}

func or(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	return a
}

func (s *boardScreen) view(w, h int) string {
	st := s.st
	var b strings.Builder
	title, scope := "Board CX scorecard", ""
	if s.loaded {
		title += " · " + s.v.Period.Label()
		scope = report.BoardScope(s.v)
	}
	b.WriteString(spread(st.Title.Render(title), st.Subtle.Render(ansi.Truncate(scope, max(w-ansi.StringWidth(title)-2, 0), "…")), w) + "\n")
	if !s.loaded {
		if s.err != "" {
			return b.String() + st.Error.Render(s.err)
		}
		return b.String() + st.Subtle.Render("computing…")
	}
	lines := s.lines(w)
	avail := max(h-2, 3) // the title, the notice
	s.top = max(min(s.top, len(lines)-avail), 0)
	for _, l := range lines[s.top:min(len(lines), s.top+avail)] {
		b.WriteString(l + "\n")
	}
	switch {
	case s.err != "":
		b.WriteString(st.Error.Render(ansi.Truncate(s.err, w, "…")))
	case s.notice != "":
		b.WriteString(st.OK.Render(ansi.Truncate(s.notice, w, "…")))
	}
	return strings.TrimRight(b.String(), "\n")
}

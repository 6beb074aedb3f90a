package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/internal/cells"
	"cxroom/meeting"
	"cxroom/report"
)

// decisionLog lists the decision log; enter opens an entry, r shows only
// decisions whose review date has come.
type decisionLog struct {
	d       *Deps
	st      *Styles
	keys    decisionKeys
	all     []*meeting.Decision
	rows    []*meeting.Decision
	cursor  int
	dueOnly bool
	err     string
	loaded  bool
}

type decisionKeys struct {
	listKeys
	Due    key.Binding
	global globalKeys
}

func (k decisionKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Due, k.global.Back, k.global.Help}
}
func (k decisionKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Enter, k.Due}, {k.global.Back, k.global.Quit}}
}

type decisionsMsg struct {
	ds  []*meeting.Decision
	err error
}

func newDecisionLog(d *Deps, st *Styles) *decisionLog {
	return &decisionLog{d: d, st: st, keys: decisionKeys{
		listKeys: newListKeys("open entry"),
		Due:      bind([]string{"r"}, "r", "review due only"),
		global:   newGlobalKeys(),
	}}
}

func (l *decisionLog) init() tea.Cmd {
	d := l.d
	return func() tea.Msg {
		ds, err := d.Svc.Decisions(d.Ctx, d.Actor, meeting.DecisionFilter{})
		return decisionsMsg{ds, err}
	}
}

func (l *decisionLog) close()            {}
func (l *decisionLog) capturing() bool   { return false }
func (l *decisionLog) live() bool        { return false }
func (l *decisionLog) help() help.KeyMap { return l.keys }

func (l *decisionLog) filter() {
	today := l.d.Svc.Today()
	l.rows = l.rows[:0]
	// newest first: the log is read from the top
	for i := len(l.all) - 1; i >= 0; i-- {
		if !l.dueOnly || l.all[i].ReviewDue(today) {
			l.rows = append(l.rows, l.all[i])
		}
	}
	l.cursor = min(l.cursor, max(len(l.rows)-1, 0))
}

func (l *decisionLog) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case decisionsMsg:
		if msg.err != nil {
			l.err = errorSentence(msg.err)
			return l, nil
		}
		l.all, l.loaded = msg.ds, true
		l.filter()
	case tea.KeyPressMsg:
		k := l.keys
		switch {
		case key.Matches(msg, k.global.Back):
			return l, pop
		case key.Matches(msg, k.Up):
			l.cursor = max(l.cursor-1, 0)
		case key.Matches(msg, k.Down):
			l.cursor = min(l.cursor+1, max(len(l.rows)-1, 0))
		case key.Matches(msg, k.Due):
			l.dueOnly = !l.dueOnly
			l.filter()
		case key.Matches(msg, k.Enter) && l.cursor < len(l.rows):
			d := l.rows[l.cursor]
			return l, push(newDocScreen(l.st, l.d.Cache, "Decision "+d.ID, report.DecisionsMarkdown([]*meeting.Decision{d})))
		}
	}
	return l, nil
}

func (l *decisionLog) view(w, h int) string {
	st := l.st
	var b strings.Builder
	title := "Decision log"
	if l.dueOnly {
		title += st.Subtle.Render(" · review due")
	}
	b.WriteString(st.Title.Render(title) + "\n")
	if !l.loaded {
		return b.String() + st.Subtle.Render("loading…")
	}
	idW := 14
	for _, d := range l.rows {
		idW = max(idW, cells.Width(d.ID))
	}
	// columns by terminal cells: a maker named 李伟 shifts nothing; the
	// header starts after the rows' cursor column
	cols := []int{idW, 10, 12}
	b.WriteString(st.Section.Render(" "+cells.Row(" ", cols, "ID", "MADE BY", "REVIEW", "DECISION")) + "\n")
	today := l.d.Svc.Today()
	listH := max(h-5, 3)
	start := max(0, l.cursor-listH+1)
	for i := start; i < len(l.rows) && i < start+listH; i++ {
		d := l.rows[i]
		review := cells.Fit(dashIfEmpty(string(d.ReviewDate)), cols[2])
		if d.ReviewDue(today) {
			review = st.Warn.Render(review)
		}
		line := cells.Row(" ", cols, d.ID, d.MadeBy, review, d.Title)
		if !d.Documented() {
			line += st.Subtle.Render(" (undocumented)")
		}
		if i == l.cursor {
			line = st.Cursor.Render("›") + line
		} else {
			line = " " + line
		}
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	if len(l.rows) == 0 {
		b.WriteString(st.Subtle.Render(" no decisions") + "\n")
	}
	if l.err != "" {
		b.WriteString("\n" + st.Error.Render(l.err))
	}
	return b.String()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// docScreen shows a markdown document in a scrollable viewport.
type docScreen struct {
	st    *Styles
	cache *RenderCache
	title string
	md    string
	keys  viewerKeys
	vp    viewport.Model
	width int
}

func newDocScreen(st *Styles, cache *RenderCache, title, md string) *docScreen {
	k := newViewerKeys()
	k.Write.SetEnabled(false)
	return &docScreen{st: st, cache: cache, title: title, md: md, keys: k, vp: viewport.New()}
}

func (s *docScreen) init() tea.Cmd     { return nil }
func (s *docScreen) close()            {}
func (s *docScreen) capturing() bool   { return false }
func (s *docScreen) live() bool        { return false }
func (s *docScreen) help() help.KeyMap { return s.keys }
func (s *docScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, s.keys.global.Back):
			return s, pop
		default:
			s.keys.scroll(msg, &s.vp)
		}
	}
	return s, nil
}

func (s *docScreen) view(w, h int) string {
	if w != s.width {
		s.width = w
		s.vp.SetContent(s.cache.markdown(s.md, max(w-2, 20), s.st))
	}
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-1, 1))
	return s.st.Title.Render(s.title) + "\n" + s.vp.View()
}

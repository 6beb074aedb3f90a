package tui

import (
	"fmt"
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
// decisions whose review date has come and that are not reviewed yet, v
// records a review: what actually happened against the expected impact.
type decisionLog struct {
	d       *Deps
	st      *Styles
	keys    decisionKeys
	rows    []*meeting.Decision // newest first, the pages read so far
	cursor  int
	dueOnly bool
	more    bool // the last page read was full: there may be older ones
	loading bool
	form    *form
	err     string
	notice  string
	loaded  bool
}

// decisionPage is how many decisions the log reads at a time: the first
// screen of a log of years costs one page; scrolling down reads the next.
const decisionPage = 200

type decisionKeys struct {
	listKeys
	Due, Review key.Binding
	global      globalKeys
}

func (k decisionKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Due, k.Review, k.global.Back, k.global.Help}
}
func (k decisionKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Enter, k.Due, k.Review}, {k.global.Back, k.global.Quit}}
}

type decisionsMsg struct {
	ds     []*meeting.Decision
	err    error
	offset int  // where the page starts
	due    bool // review due only
}

func newDecisionLog(d *Deps, st *Styles) *decisionLog {
	return &decisionLog{d: d, st: st, keys: decisionKeys{
		listKeys: newListKeys("open entry"),
		Due:      bind([]string{"r"}, "r", "review due only"),
		Review:   bind([]string{"v"}, "v", "record review"),
		global:   newGlobalKeys(),
	}}
}

func (l *decisionLog) init() tea.Cmd { return l.load(0) }

// load reads the page of the log (newest first) from offset.
func (l *decisionLog) load(offset int) tea.Cmd {
	d, due := l.d, l.dueOnly
	l.loading = true
	return func() tea.Msg {
		f := meeting.DecisionFilter{Newest: true, Offset: offset, Limit: decisionPage}
		if due {
			f.ReviewDueBy = d.Svc.Today()
		}
		ds, err := d.Svc.Decisions(d.Ctx, d.Actor, f)
		return decisionsMsg{ds: ds, err: err, offset: offset, due: due}
	}
}

func (l *decisionLog) close()          {}
func (l *decisionLog) capturing() bool { return l.form != nil }
func (l *decisionLog) live() bool      { return false }
func (l *decisionLog) help() help.KeyMap {
	if l.form != nil {
		return l.form.keys
	}
	return l.keys
}

// next reads the next page when the cursor nears the end of what is read.
func (l *decisionLog) next() tea.Cmd {
	if !l.more || l.loading || l.cursor < len(l.rows)-decisionPage/4 {
		return nil
	}
	return l.load(len(l.rows))
}

func (l *decisionLog) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case decisionsMsg:
		if msg.due != l.dueOnly || msg.offset > len(l.rows) {
			return l, nil // a page of the list before r toggled it
		}
		l.loading = false
		if msg.err != nil {
			l.err = errorSentence(msg.err)
			return l, nil
		}
		// newest first: the log is read from the top
		l.rows = append(l.rows[:msg.offset:msg.offset], msg.ds...)
		l.loaded, l.more = true, len(msg.ds) == decisionPage
		l.cursor = min(l.cursor, max(len(l.rows)-1, 0))
		return l, l.next()
	case formDoneMsg:
		if l.form == nil {
			return l, nil
		}
		if msg.err != nil {
			l.form.update(msg)
			return l, nil
		}
		l.form, l.notice, l.err = nil, msg.notice, ""
		return l, l.init()
	case tea.KeyPressMsg:
		if l.form != nil {
			out, cmd := l.form.update(msg)
			if out == formCancelled {
				l.form = nil
			}
			return l, cmd
		}
		k := l.keys
		l.notice = ""
		switch {
		case key.Matches(msg, k.global.Back):
			return l, pop
		case key.Matches(msg, k.Up):
			l.cursor = max(l.cursor-1, 0)
		case key.Matches(msg, k.Down):
			l.cursor = min(l.cursor+1, max(len(l.rows)-1, 0))
			return l, l.next()
		case key.Matches(msg, k.Due):
			l.err = ""
			l.dueOnly, l.cursor = !l.dueOnly, 0
			return l, l.load(0)
		case key.Matches(msg, k.Review) && l.cursor < len(l.rows):
			d := l.rows[l.cursor]
			switch err := meeting.Check(l.d.Actor, meeting.OpReviewDecision, meeting.Subject{Maker: d.MadeBy, ID: d.ID}); {
			case err != nil:
				l.err = errorSentence(err)
			case d.Review != nil:
				l.err = fmt.Sprintf("%s was reviewed on %s: %s", d.ID, d.Review.Date, d.Review.Verdict)
			default:
				l.err, l.form = "", l.reviewForm(d)
				return l, l.form.init()
			}
		case key.Matches(msg, k.Enter) && l.cursor < len(l.rows):
			d := l.rows[l.cursor]
			return l, push(newDocScreen(l.st, l.d.Cache, "Decision "+d.ID, report.DecisionsMarkdown([]*meeting.Decision{d}, l.d.team())))
		}
	default:
		if l.form != nil { // a paste, a cursor blink
			_, cmd := l.form.update(msg)
			return l, cmd
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
	if l.form != nil {
		return b.String() + l.form.view(min(w, 100), max(h-2, 6))
	}
	team := l.d.team()
	idW := 14
	makerW := 10
	for _, d := range l.rows {
		idW = max(idW, cells.Width(d.ID))
		makerW = max(makerW, cells.Width(makerLine(team, d)))
	}
	makerW = min(makerW, max(w/3, 10))
	// columns by terminal cells: a maker named 李伟 shifts nothing; the
	// header starts after the rows' cursor column
	cols := []int{idW, makerW, 5, 12}
	b.WriteString(st.Section.Render(" "+cells.Row(" ", cols, "ID", "MADE BY", "MAJOR", "REVIEW", "DECISION")) + "\n")
	today := l.d.Svc.Today()
	listH := max(h-5, 3)
	start := max(0, l.cursor-listH+1)
	for i := start; i < len(l.rows) && i < start+listH; i++ {
		d := l.rows[i]
		review := cells.Fit(dashIfEmpty(string(d.ReviewDate)), cols[3])
		if d.ReviewDue(today) {
			review = st.Warn.Render(review)
		}
		major := ""
		if d.Major {
			major = "major"
		}
		line := cells.Row(" ", cols, d.ID, makerLine(team, d), major, review, d.Title)
		switch {
		case d.Review != nil:
			line += st.Subtle.Render(" (reviewed: " + string(d.Review.Verdict) + ")")
		case d.ReviewDue(today):
			line += st.Warn.Render(" (review due)")
		}
		if !d.Documented() {
			line += st.Subtle.Render(" (undocumented)")
		}
		line += proofTag(st, d)
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
	switch {
	case l.err != "":
		b.WriteString("\n" + st.Error.Render(l.err))
	case l.notice != "":
		b.WriteString("\n" + st.OK.Render("✓ "+l.notice))
	}
	return b.String()
}

// makerLine is "Name / Role".
func makerLine(team *meeting.Team, d *meeting.Decision) string {
	name := d.MakerName()
	if m, ok := team.Member(d.MadeBy); ok && m.Name != "" {
		name = m.Name
	}
	if d.MadeByRole != "" {
		return name + " / " + d.MadeByRole
	}
	return name
}

// reviewForm records what a decision actually did against its expected
// impact (the seed's learning loop).
func (l *decisionLog) reviewForm(x *meeting.Decision) *form {
	d, id := l.d, x.ID
	expected := strings.Join(nonEmpty(x.Expected.Customer, x.Expected.Business, x.Expected.Metrics), " · ")
	if expected == "" {
		expected = "no expected impact was recorded"
	}
	f := newForm(l.st, fmt.Sprintf("Review %s: %s (expected: %s)", x.ID, x.Title, expected), func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			r, err := d.Svc.ReviewDecision(d.Ctx, d.Actor, id, meeting.ReviewInput{Happened: v["happened"], Verdict: v["verdict"], Learning: v["learning"]})
			if err != nil {
				return formDoneMsg{err: err}
			}
			when := "on time"
			if !r.ReviewedOnTime() {
				when = "late"
			}
			return formDoneMsg{notice: fmt.Sprintf("%s reviewed (%s): expected impact %s", r.ID, when, r.Review.Verdict)}
		}
	})
	f.add("happened", "What happened", required(), multiline(4), placeholder("what actually happened: customer and business outcomes, the metrics"))
	f.add("verdict", "Expected impact", choices(string(meeting.VerdictMet), string(meeting.VerdictPartly), string(meeting.VerdictMissed)))
	f.add("learning", "Learning", placeholder("what we learn from it"))
	return f
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
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
		s.vp.SetContent(s.cache.markdown(s.md, docWidth(w), s.st))
	}
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-1, 1))
	return s.st.Title.Render(s.title) + "\n" + s.vp.View()
}

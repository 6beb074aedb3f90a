package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/internal/cells"
	"cxroom/meeting"
)

// storiesScreen is the story library: every customer story captured in any
// meeting, newest first. / searches as you type across the seed's fields,
// tab narrows to one journey stage, enter opens a story.
type storiesScreen struct {
	d        *Deps
	st       *Styles
	keys     storiesKeys
	skeys    storySearchKeys
	dkeys    viewerKeys
	all      []*meeting.Story
	rows     []*meeting.Story
	from     map[string]string // meeting id → where a story came from
	journeys map[string]string // journey id → name
	stages   []string          // distinct stages of the stories the search finds, sorted
	stage    string
	search   textinput.Model
	finding  bool // the search line has the keyboard
	cursor   int
	detail   *meeting.Story
	top      int // first line of the open story shown
	err      string
	loaded   bool
}

type storiesKeys struct {
	listKeys
	Search, Stage key.Binding
	global        globalKeys
}

func (k storiesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Search, k.Stage, k.global.Back, k.global.Help}
}

func (k storiesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Enter}, {k.Search, k.Stage}, {k.global.Back, k.global.Quit}}
}

// storySearchKeys: while typing a search.
type storySearchKeys struct {
	Up, Down, Stage, Done, Clear key.Binding
}

func (k storySearchKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Done, k.Clear, k.Up, k.Down, k.Stage}
}
func (k storySearchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type storiesMsg struct {
	stories  []*meeting.Story
	journeys map[string]string
	err      error
}

func newStoriesScreen(d *Deps, st *Styles) screen {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search quote, context, stage, theme, impact, learning, status"
	in.CharLimit = meeting.MaxName
	ts := textinput.DefaultStyles(st.Dark)
	ts.Cursor.Blink = false
	in.SetStyles(ts)
	s := &storiesScreen{d: d, st: st, search: in, dkeys: newViewerKeys(),
		keys: storiesKeys{
			listKeys: newListKeys("open story"),
			Search:   bind([]string{"/"}, "/", "search"),
			Stage:    bind([]string{"tab"}, "tab", "next journey stage"),
			global:   newGlobalKeys(),
		},
		skeys: storySearchKeys{
			Up:    bind([]string{"up"}, "↑", "up"),
			Down:  bind([]string{"down"}, "↓", "down"),
			Stage: bind([]string{"tab"}, "tab", "next journey stage"),
			Done:  bind([]string{"enter"}, "enter", "keep the search"),
			Clear: bind([]string{"esc"}, "esc", "clear the search"),
		}}
	s.dkeys.Write.SetEnabled(false)
	s.dkeys.PageUp.SetEnabled(false)
	s.dkeys.PageDown.SetEnabled(false)
	return s
}

// init loads the library and the journeys' names off the UI goroutine.
// Where a story came from is looked up when it is opened (fromMeeting):
// a library of years names thousands of meetings.
func (s *storiesScreen) init() tea.Cmd {
	d := s.d
	return func() tea.Msg {
		ss, err := d.Svc.Stories(d.Ctx, d.Actor, meeting.StoryFilter{})
		if err != nil {
			return storiesMsg{err: err}
		}
		js, err := d.Svc.Journeys(d.Ctx)
		if err != nil {
			return storiesMsg{err: err}
		}
		names := map[string]string{}
		for _, j := range js {
			names[j.ID] = j.Name
		}
		return storiesMsg{stories: ss, journeys: names}
	}
}

// fromMsg says where the story's meeting was.
type fromMsg struct{ meetingID, from string }

// fromMeeting looks up the meeting a story came from, once per meeting. A
// story from a private coaching session does not name the session to
// anyone but its coach and coachee.
func (s *storiesScreen) fromMeeting(x *meeting.Story) tea.Cmd {
	if x.MeetingID == "" || s.from[x.MeetingID] != "" {
		return nil
	}
	d, id := s.d, x.MeetingID
	return func() tea.Msg {
		m, err := d.Svc.Meeting(d.Ctx, d.Actor, id)
		switch {
		case meeting.IsNotFound(err):
			return fromMsg{id, id + " (no longer stored)"}
		case err != nil:
			return fromMsg{id, errorSentence(err)}
		case !m.VisibleTo(d.Actor):
			return fromMsg{id, "a private coaching session"}
		}
		return fromMsg{id, fmt.Sprintf("%s · %s · %s", m.ID, m.Title, m.Date)}
	}
}

func (s *storiesScreen) close()          {}
func (s *storiesScreen) capturing() bool { return s.finding }
func (s *storiesScreen) live() bool      { return false }
func (s *storiesScreen) help() help.KeyMap {
	switch {
	case s.finding:
		return s.skeys
	case s.detail != nil:
		return s.dkeys
	}
	return s.keys
}

// filter applies the search and the stage to the library, keeping the
// selected story selected if it still matches.
func (s *storiesScreen) filter() {
	var sel string
	if s.cursor < len(s.rows) {
		sel = s.rows[s.cursor].ID
	}
	// tab visits the stages of the stories the search finds
	found := meeting.StoryFilter{Query: s.search.Value()}
	s.stages = s.stages[:0]
	for _, x := range s.all {
		if x.Stage != "" && found.Match(x) && !slices.Contains(s.stages, x.Stage) {
			s.stages = append(s.stages, x.Stage)
		}
	}
	slices.Sort(s.stages)
	if s.stage != "" && !slices.Contains(s.stages, s.stage) {
		s.stage = ""
	}
	f := meeting.StoryFilter{Query: s.search.Value(), Stage: s.stage}
	s.rows = s.rows[:0]
	for _, x := range s.all {
		if f.Match(x) {
			s.rows = append(s.rows, x)
		}
	}
	if i := slices.IndexFunc(s.rows, func(x *meeting.Story) bool { return x.ID == sel }); i >= 0 {
		s.cursor = i
	}
	s.cursor = min(s.cursor, max(len(s.rows)-1, 0))
}

func (s *storiesScreen) nextStage() {
	if len(s.stages) == 0 {
		return
	}
	all := append([]string{""}, s.stages...)
	s.stage = next(all, s.stage)
	s.filter()
}

func (s *storiesScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case storiesMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.all, s.journeys, s.loaded, s.err = msg.stories, msg.journeys, true, ""
		if s.from == nil {
			s.from = map[string]string{}
		}
		s.filter()
	case fromMsg:
		if s.from != nil {
			s.from[msg.meetingID] = msg.from
		}
	case tea.KeyPressMsg:
		switch {
		case s.finding:
			return s, s.searchKey(msg)
		case s.detail != nil:
			s.detailKey(msg)
			return s, nil
		}
		k := s.keys
		switch {
		case key.Matches(msg, k.global.Back):
			return s, pop
		case k.isMove(msg):
			s.cursor, _ = k.move(msg, s.cursor, len(s.rows))
		case key.Matches(msg, k.Stage):
			s.nextStage()
		case key.Matches(msg, k.Search):
			s.finding = true
			return s, s.search.Focus()
		case key.Matches(msg, k.Enter) && s.cursor < len(s.rows):
			s.detail, s.top = s.rows[s.cursor], 0
			return s, s.fromMeeting(s.detail)
		}
	default:
		if s.finding {
			var cmd tea.Cmd
			s.search, cmd = s.search.Update(msg)
			return s, cmd
		}
	}
	return s, nil
}

// searchKey: the search line has the keyboard; the list narrows as it is
// typed.
func (s *storiesScreen) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.skeys
	switch {
	case key.Matches(msg, k.Done):
		s.finding = false
		s.search.Blur()
		return nil
	case key.Matches(msg, k.Clear):
		s.finding = false
		s.search.Blur()
		s.search.Reset()
		s.filter()
		return nil
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
		return nil
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, max(len(s.rows)-1, 0))
		return nil
	case key.Matches(msg, k.Stage):
		s.nextStage()
		return nil
	}
	before := s.search.Value()
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(msg)
	if s.search.Value() != before {
		s.filter()
	}
	return cmd
}

func (s *storiesScreen) detailKey(msg tea.KeyPressMsg) {
	k := s.dkeys
	switch {
	case key.Matches(msg, k.global.Back):
		s.detail = nil
	case key.Matches(msg, k.Up):
		s.top = max(s.top-1, 0)
	case key.Matches(msg, k.Down):
		s.top++ // bounded by the view
	case key.Matches(msg, k.Top):
		s.top = 0
	case key.Matches(msg, k.Bottom):
		s.top = math.MaxInt // the view stops it at the last page
	}
}

func (s *storiesScreen) view(w, h int) string {
	if s.detail != nil {
		return s.detailView(w, h)
	}
	st := s.st
	var b strings.Builder
	stage := "all stages"
	if s.stage != "" {
		stage = s.stage
	}
	right := ""
	if s.loaded {
		right = fmt.Sprintf("%d of %d · stage: %s", len(s.rows), len(s.all), stage)
		if q := strings.TrimSpace(s.search.Value()); q != "" && !s.finding {
			right = fmt.Sprintf("“%s” · ", q) + right
		}
	}
	b.WriteString(spread(st.Title.Render("Story library"), st.Subtle.Render(right), w) + "\n")
	if s.finding {
		s.search.SetWidth(max(w-4, 10))
		b.WriteString(s.search.View() + "\n")
	}
	if !s.loaded {
		if s.err != "" {
			return b.String() + st.Error.Render(s.err)
		}
		return b.String() + st.Subtle.Render("loading…")
	}
	if len(s.all) == 0 {
		return b.String() + st.Subtle.Render("No stories yet. Every story shared in a meeting lands here.")
	}
	stageW := 12
	for _, x := range s.rows {
		stageW = max(stageW, ansi.StringWidth(x.Stage))
	}
	stageW = min(stageW, 30)
	idW := 4
	for _, x := range s.rows {
		idW = max(idW, cells.Width(x.ID))
	}
	// by terminal cells: a stage named in CJK or with emoji shifts nothing
	row := func(id, date, stage, quote string) string {
		return cells.Fit(id, idW) + " " + cells.Fit(date, 10) + "  " + cells.Fit(stage, stageW) + "  " + quote
	}
	b.WriteString(st.Section.Render("  "+row("ID", "SHARED", "JOURNEY STAGE", "CUSTOMER QUOTE")) + "\n")
	listH := max(h-strings.Count(b.String(), "\n")-4, 3)
	start := max(0, s.cursor-listH+1)
	for i := start; i < len(s.rows) && i < start+listH; i++ {
		x := s.rows[i]
		line := row(x.ID, string(meeting.DateOf(x.CreatedAt)), dashIfEmpty(x.Stage), quote(x.Quote))
		if i == s.cursor {
			line = st.Cursor.Render("› ") + line
		} else {
			line = "  " + line
		}
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	if len(s.rows) == 0 {
		b.WriteString(st.Subtle.Render("  no story matches the search; / then esc clears it") + "\n")
	}
	if s.cursor < len(s.rows) {
		x := s.rows[s.cursor]
		b.WriteString("\n" + ansi.Truncate(st.Subtle.Render("learning: ")+dashIfEmpty(x.Learning), w, "…"))
		b.WriteString("\n" + ansi.Truncate(st.Subtle.Render("status: ")+dashIfEmpty(x.Status), w, "…"))
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(s.err))
	}
	return b.String()
}

// detailView is one story with the seed's six fields and where it came from.
func (s *storiesScreen) detailView(w, h int) string {
	st := s.st
	x := s.detail
	by := x.CreatedBy
	if t := s.d.team(); t != nil {
		by = t.Display(x.CreatedBy)
	}
	head := spread(st.Title.Render("Story "+x.ID), st.Subtle.Render(fmt.Sprintf("shared by %s on %s", by, meeting.DateOf(x.CreatedAt))), w)
	from := "—"
	if x.MeetingID != "" {
		if from = s.from[x.MeetingID]; from == "" {
			from = "…"
		}
	}
	journey := "—"
	if x.JourneyID != "" {
		journey = x.JourneyID
		if n := s.journeys[x.JourneyID]; n != "" {
			journey = n
		}
	}
	labelW := 16
	valW := max(w-labelW-2, 20)
	var lines []string
	for _, f := range [][2]string{
		{"Customer quote", quote(x.Quote)},
		{"Context", x.Context},
		{"Journey stage", x.Stage},
		{"Impact", x.Impact},
		{"Learning", x.Learning},
		{"Status", x.Status},
		{"", ""},
		{"Theme", x.Theme},
		{"Journey", journey},
		{"From meeting", from},
	} {
		if f[0] == "" {
			lines = append(lines, "")
			continue
		}
		v := lipgloss.NewStyle().Width(valW).Render(dashIfEmpty(f[1]))
		for i, l := range strings.Split(v, "\n") {
			label := ""
			if i == 0 {
				label = f[0]
			}
			lines = append(lines, st.FormLabel.Render(padRight(label, labelW))+"  "+strings.TrimRight(l, " "))
		}
	}
	bodyH := max(h-2, 1)
	s.top = min(s.top, max(len(lines)-bodyH, 0))
	end := min(s.top+bodyH, len(lines))
	return head + "\n\n" + strings.Join(lines[s.top:end], "\n")
}

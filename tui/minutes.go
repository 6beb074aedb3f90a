package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
	"cxroom/report"
)

// minutesScreen shows a meeting's minutes (the seed's templates) rendered
// with glamour in a scrollable viewport; w writes them to a file.
type minutesScreen struct {
	d       *Deps
	st      *Styles
	id      string
	keys    viewerKeys
	vp      viewport.Model
	md      string // the markdown
	title   string
	width   int
	err     string
	notice  string
	loaded  bool
	unowned []*meeting.Issue
	offer   *meeting.Series // a series this first meeting could start (S)
	series  key.Binding
}

type minutesMsg struct {
	md      string
	title   string
	unowned []*meeting.Issue
	offer   *meeting.Series
	err     error
}

// seriesMsg is the series a first meeting started.
type seriesMsg struct {
	s   *meeting.Series
	err error
}

type renderedMsg struct {
	width int
	text  string
}

type wroteMsg struct {
	path string
	err  error
}

func newMinutesScreen(d *Deps, st *Styles, id string) *minutesScreen {
	s := &minutesScreen{d: d, st: st, id: id, keys: newViewerKeys(), vp: viewport.New(),
		series: bind([]string{"S"}, "S", "start a series")}
	s.series.SetEnabled(false)
	if d.MinutesDir == "" {
		s.keys.Write.SetEnabled(false)
	}
	return s
}

func (s *minutesScreen) init() tea.Cmd {
	d, id := s.d, s.id
	return func() tea.Msg {
		b, err := d.Svc.Minutes(d.Ctx, d.Actor, id)
		if err != nil {
			return minutesMsg{err: err}
		}
		// the first meeting of a ritual with a cadence: offer its series
		offer, err := d.Svc.OfferSeries(d.Ctx, d.Actor, id, d.Zone)
		if err != nil || b.Meeting.Live() {
			offer = nil
		}
		return minutesMsg{md: report.Minutes(b, d.team(), d.now()), title: b.Meeting.Title, unowned: b.Unowned(), offer: offer}
	}
}

// startSeries makes the meeting the first of its series.
func (s *minutesScreen) startSeries() tea.Cmd {
	d, id := s.d, s.id
	return func() tea.Msg {
		sr, err := d.Svc.StartSeries(d.Ctx, d.Actor, id, d.Zone)
		return seriesMsg{sr, err}
	}
}

func (s *minutesScreen) close()            {}
func (s *minutesScreen) capturing() bool   { return false }
func (s *minutesScreen) live() bool        { return false }
func (s *minutesScreen) help() help.KeyMap { return minutesHelp{s.keys, s.series} }

// minutesHelp is the viewer's keys, and S while a series is offered.
type minutesHelp struct {
	viewerKeys
	series key.Binding
}

func (k minutesHelp) ShortHelp() []key.Binding {
	return append([]key.Binding{k.series}, k.viewerKeys.ShortHelp()...)
}

func (s *minutesScreen) render() tea.Cmd {
	md, w, st, cache := s.md, docWidth(s.width), *s.st, s.d.Cache
	return func() tea.Msg { return renderedMsg{width: w, text: cache.markdown(md, w, &st)} }
}

func (s *minutesScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case minutesMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.md, s.title, s.unowned, s.loaded = msg.md, msg.title, msg.unowned, true
		s.offer = msg.offer
		s.series.SetEnabled(s.offer != nil)
		if s.width > 0 {
			return s, s.render()
		}
	case renderedMsg:
		if msg.width == docWidth(s.width) {
			s.vp.SetContent(msg.text)
		}
	case seriesMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.offer = nil
		s.series.SetEnabled(false)
		s.err, s.notice = "", fmt.Sprintf("a series now (%s), %s", msg.s.ID, msg.s.Schedule())
	case wroteMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
		} else {
			s.err, s.notice = "", "written to "+msg.path
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.global.Back):
			return s, pop
		case key.Matches(msg, s.keys.Write) && s.keys.Write.Enabled() && s.loaded:
			return s, s.write()
		case key.Matches(msg, s.series):
			return s, s.startSeries()
		default:
			s.keys.scroll(msg, &s.vp)
		}
	}
	return s, nil
}

// write saves the markdown to MinutesDir/<id>.md, atomically.
func (s *minutesScreen) write() tea.Cmd {
	dir, id, md := s.d.MinutesDir, s.id, s.md
	return func() tea.Msg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return wroteMsg{err: fmt.Errorf("cannot create %s: %w", dir, err)}
		}
		path := filepath.Join(dir, id+".md")
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(md), 0o600); err != nil {
			return wroteMsg{err: fmt.Errorf("cannot write %s: %w", path, err)}
		}
		if err := os.Rename(tmp, path); err != nil {
			return wroteMsg{err: fmt.Errorf("cannot write %s: %w", path, err)}
		}
		return wroteMsg{path: path}
	}
}

func (s *minutesScreen) view(w, h int) string {
	st := s.st
	if w != s.width {
		s.width = w
		if s.loaded {
			// rendering is cached per width; a resize renders synchronously
			// once so the text is never shown at the wrong width
			s.vp.SetContent(s.d.Cache.markdown(s.md, docWidth(w), st))
		}
	}
	// the title gives way on a narrow screen, the meeting's id stays
	title := ansi.Truncate(s.title, max(w-ansi.StringWidth("Minutes ·  · "+s.id), 1), "…")
	head := st.Title.Render("Minutes") + st.Subtle.Render(" · "+title+" · "+s.id)
	var foot string
	switch {
	case s.err != "":
		foot = st.Error.Render(s.err)
	case s.notice != "":
		foot = st.Notice.Render("✓ " + s.notice)
	case len(s.unowned) > 0:
		var ids []string
		for _, i := range s.unowned {
			ids = append(ids, i.ID)
		}
		foot = st.Danger.Render(fmt.Sprintf("Still unowned after the deep-dive: %s", strings.Join(ids, ", ")))
	case s.d.MinutesDir == "":
		foot = st.Subtle.Render("save a copy: " + joinHint(s.d.SSHAddr) + " export minutes " + s.id + " > " + s.id + ".md")
	default:
		foot = st.Subtle.Render(fmt.Sprintf("%3.0f%% · w writes %s", s.vp.ScrollPercent()*100, filepath.Join(s.d.MinutesDir, s.id+".md")))
	}
	if !s.loaded && s.err == "" {
		return head + "\n\n" + st.Subtle.Render("loading…")
	}
	foot = ansi.Truncate(foot, w, "…")
	if s.offer != nil && s.err == "" {
		// the end of a first meeting: a series is offered, not made
		offer := "S: repeat it " + s.offer.Schedule() + " — the next one carries its open actions"
		foot = ansi.Truncate(st.Notice.Render(offer), w, "…") + "\n" + foot
	}
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-2-strings.Count(foot, "\n")-1, 1))
	return head + "\n" + s.vp.View() + "\n" + foot
}

// joinHint is how people reach the server: Deps.SSHAddr is already the
// whole command ("ssh -p 2222 host"); a bare address gets its "ssh".
func joinHint(join string) string {
	switch {
	case join == "":
		return "ssh HOST"
	case strings.HasPrefix(join, "ssh "):
		return join
	}
	return "ssh " + join
}

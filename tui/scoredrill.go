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

// scoreDrill is one figure of the scorecard opened: its actual, target,
// prior, trend and status with the reason, how it was made, and the
// records behind it (what needs attention first). Enter on a meeting opens
// its minutes; on a decision, its log entry.
type scoreDrill struct {
	d      *Deps
	st     *Styles
	keys   listKeys
	global globalKeys
	v      *meeting.ScorecardView
	sc     meeting.Score
	cursor int
	top    int
	err    string
}

type drillHelp struct {
	listKeys
	global globalKeys
}

func (k drillHelp) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Enter, k.global.Back, k.global.Help}
}

func (k drillHelp) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Enter}, {k.global.Back, k.global.Quit}}
}

func newScoreDrill(d *Deps, st *Styles, v *meeting.ScorecardView, sc meeting.Score) *scoreDrill {
	return &scoreDrill{d: d, st: st, keys: newListKeys("open the record"), global: newGlobalKeys(), v: v, sc: sc}
}

func (s *scoreDrill) init() tea.Cmd     { return nil }
func (s *scoreDrill) close()            {}
func (s *scoreDrill) capturing() bool   { return false }
func (s *scoreDrill) live() bool        { return false }
func (s *scoreDrill) help() help.KeyMap { return drillHelp{s.keys, s.global} }

// decisionDocMsg carries a decision's log entry to show.
type decisionDocMsg struct {
	d   *meeting.Decision
	err error
}

func (s *scoreDrill) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case decisionDocMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		return s, push(newDocScreen(s.st, s.d.Cache, "Decision "+msg.d.ID, report.DecisionsMarkdown([]*meeting.Decision{msg.d}, s.d.team())))
	case tea.KeyPressMsg:
		s.err = ""
		switch {
		case key.Matches(msg, s.global.Back):
			return s, pop
		case s.keys.isMove(msg):
			s.cursor, _ = s.keys.move(msg, s.cursor, len(s.sc.Drill))
		case key.Matches(msg, s.keys.Enter) && s.cursor < len(s.sc.Drill):
			return s, s.open(s.sc.Drill[s.cursor])
		}
	}
	return s, nil
}

// open shows the record a row stands for, where there is one to show.
func (s *scoreDrill) open(r meeting.DrillRow) tea.Cmd {
	d := s.d
	switch {
	case strings.HasPrefix(r.ID, "M") && (r.Kind == "occurrence" || r.Kind == "meeting"):
		return push(newMinutesScreen(d, s.st, r.ID))
	case r.Kind == "decision":
		id := r.ID
		return func() tea.Msg {
			x, err := d.Svc.Decision(d.Ctx, d.Actor, id)
			return decisionDocMsg{x, err}
		}
	}
	s.err = "Nothing more to open for this record"
	return nil
}

func (s *scoreDrill) view(w, h int) string {
	st, sc := s.st, s.sc
	var b strings.Builder
	b.WriteString(spread(st.Title.Render(sc.Name+" · "+s.v.Period.Label()), st.Subtle.Render(sc.Category+" · "+string(sc.Source)), w) + "\n")
	b.WriteString(ansi.Truncate(scoreHeading(s.v, sc), w, "…") + "\n")
	light := scoreLight(st, sc.Status)
	if sc.Overridden {
		light += "* (overridden)"
	}
	b.WriteString(ansi.Truncate(light+"  "+sc.StatusReason, w, "…") + "\n")
	wrap := lipgloss.NewStyle().Width(max(w-1, 20))
	expl := strings.Split(wrap.Render(sc.Explanation), "\n")
	for _, l := range expl {
		b.WriteString(st.Subtle.Render(strings.TrimRight(l, " ")) + "\n")
	}
	b.WriteString(st.Section.Render(fmt.Sprintf("RECORDS BEHIND THE FIGURE (%d)", len(sc.Drill))) + "\n")
	if len(sc.Drill) == 0 {
		b.WriteString(st.Subtle.Render("  none") + "\n")
	}
	avail := max(h-4-len(expl)-1, 3)
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+avail {
		s.top = s.cursor - avail + 1
	}
	for i := s.top; i < len(sc.Drill) && i < s.top+avail; i++ {
		r := sc.Drill[i]
		mark := "  "
		if r.Flag {
			mark = "! "
			if !st.Plain {
				mark = st.Warn.Render("⚑") + " "
			}
		}
		line := mark + r.Line()
		if i == s.cursor {
			line = st.Cursor.Render("›") + st.Selected.Render(line)
		} else {
			line = " " + line
		}
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	if more := len(sc.Drill) - s.top - avail; more > 0 {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  ↓ %d more", more)) + "\n")
	}
	if s.err != "" {
		b.WriteString(st.Error.Render(s.err))
	}
	return strings.TrimRight(b.String(), "\n")
}

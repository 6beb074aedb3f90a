package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/internal/cells"
	"cxroom/meeting"
)

// startScreen prepares a ritual: the journey to review or the coachee and
// topic, then who is invited.
type startScreen struct {
	d        *Deps
	st       *Styles
	agenda   meeting.Agenda
	step     startStep
	keys     startKeys
	journeys []*meeting.Journey
	jcursor  int
	people   []meeting.Member
	invited  map[string]bool
	pcursor  int
	coachees []meeting.Member // GUIDE: who may be coached (the team, not the coach)
	picked   map[string]bool
	ccursor  int
	form     *form
	in       meeting.StartInput
	err      string
	starting bool
}

type startStep int

const (
	stepJourney startStep = iota
	stepCoachee
	stepAttendees
)

type startKeys struct {
	listKeys
	Toggle, All, NewJourney, Back key.Binding
}

func (k startKeys) ShortHelp() []key.Binding {
	out := []key.Binding{k.Up, k.Down, k.Toggle, k.All, k.Enter, k.NewJourney, k.Back}
	on := out[:0]
	for _, b := range out {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	return on
}
func (k startKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type journeysMsg struct {
	js  []*meeting.Journey
	err error
}

func newStartScreen(d *Deps, st *Styles, a meeting.Agenda) *startScreen {
	s := &startScreen{d: d, st: st, agenda: a, invited: map[string]bool{}, picked: map[string]bool{}}
	s.keys = startKeys{
		listKeys:   newListKeys("continue"),
		Toggle:     bind([]string{"space", "x"}, "space", "invite/uninvite"),
		All:        bind([]string{"A"}, "A", "the whole team"),
		NewJourney: bind([]string{"N"}, "N", "new journey"),
		Back:       bind([]string{"esc"}, "esc", "back"),
	}
	s.in.Agenda = a
	needJ, needC := a.Needs()
	switch {
	case needC:
		s.step = stepCoachee
	case needJ:
		s.step = stepJourney
	default:
		s.step = stepAttendees
	}
	if t := d.team(); t != nil {
		for _, m := range t.Members {
			s.people = append(s.people, m)
			s.invited[m.Handle] = m.Role != meeting.RoleObserver
			if !strings.EqualFold(m.Handle, d.Actor.Handle) {
				s.coachees = append(s.coachees, m)
			}
		}
	}
	s.keys.All.SetEnabled(s.step == stepCoachee)
	s.keys.NewJourney.SetEnabled(s.step == stepJourney)
	if s.step == stepCoachee {
		s.keys.Toggle.SetHelp("space", "coach/not")
		s.keys.Enter.SetHelp("enter", "topic")
	}
	return s
}

func (s *startScreen) init() tea.Cmd {
	switch s.step {
	case stepJourney:
		return s.loadJourneys()
	case stepCoachee:
		if len(s.coachees) == 0 { // no team to pick from: type who
			s.form = s.coacheeForm()
			return s.form.init()
		}
	}
	return nil
}

func (s *startScreen) loadJourneys() tea.Cmd {
	d := s.d
	return func() tea.Msg {
		js, err := d.Svc.Journeys(d.Ctx)
		return journeysMsg{js, err}
	}
}

// coacheeForm asks for the topic; without a team to pick from it also asks
// who is coached (handles, comma-separated).
func (s *startScreen) coacheeForm() *form {
	picked := s.pickedHandles()
	title := "GUIDE coaching conversation"
	if len(picked) > 0 {
		title += " with " + meeting.AndList(picked)
	}
	f := newForm(s.st, title, func(v map[string]string) tea.Cmd {
		s.in.Coachees = append(slices.Clone(picked), v["coachees"])
		s.in.Coachee, s.in.Topic = "", v["topic"]
		s.in.Invited = []string{s.d.Actor.Handle}
		return startCmd(s.d.Ctx, s.d, s.in)
	})
	if len(picked) == 0 {
		f.add("coachees", "Team members", required(), placeholder("who you are coaching: one or more handles, comma-separated"))
	}
	f.add("topic", "Topic", required(), placeholder("what you are discussing"))
	return f
}

// pickedHandles are the coachees picked in the list, in team order.
func (s *startScreen) pickedHandles() []string {
	var out []string
	for _, m := range s.coachees {
		if s.picked[m.Handle] {
			out = append(out, m.Handle)
		}
	}
	return out
}

func (s *startScreen) journeyForm() *form {
	f := newForm(s.st, "Register a journey", func(v map[string]string) tea.Cmd {
		d := s.d
		return func() tea.Msg {
			j, err := d.Svc.AddJourney(d.Ctx, d.Actor, v["name"], v["owner"])
			if err != nil {
				return formDoneMsg{err: err}
			}
			return formDoneMsg{notice: "added " + j.Name}
		}
	})
	f.add("name", "Journey", required(), placeholder("e.g. Onboarding → Account setup"))
	f.add("owner", "Owner", suggest(s.d.team().Handles()), placeholder("journey owner (tab completes)"))
	return f
}

func (s *startScreen) capturing() bool { return s.form != nil }
func (s *startScreen) live() bool      { return false }
func (s *startScreen) close()          {}
func (s *startScreen) help() help.KeyMap {
	if s.form != nil {
		return s.form.keys
	}
	return s.keys
}

func (s *startScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case journeysMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.journeys = sortJourneysForReview(msg.js)
		s.jcursor = 0
		return s, nil
	case startedMsg:
		s.starting = false
		if msg.err != nil {
			if s.form != nil {
				s.form.update(formDoneMsg{err: msg.err})
			}
			s.err = errorSentence(msg.err)
			return s, nil
		}
		return newRoomScreen(s.d, s.st, msg.room), nil
	case formDoneMsg:
		if s.form != nil && s.step == stepJourney {
			if msg.err != nil {
				s.form.update(msg)
				return s, nil
			}
			s.form = nil
			return s, s.loadJourneys()
		}
	case tea.KeyPressMsg:
		if s.form != nil {
			out, cmd := s.form.update(msg)
			if out == formCancelled {
				s.form = nil
				if s.step == stepCoachee && len(s.coachees) == 0 {
					return s, pop
				}
			}
			return s, cmd
		}
		if s.starting {
			return s, nil
		}
		k := s.keys
		if key.Matches(msg, k.Back) {
			return s, pop
		}
		switch s.step {
		case stepJourney:
			switch {
			case key.Matches(msg, k.Up):
				s.jcursor = max(s.jcursor-1, 0)
			case key.Matches(msg, k.Down):
				s.jcursor = min(s.jcursor+1, max(len(s.journeys)-1, 0))
			case key.Matches(msg, k.NewJourney):
				s.form = s.journeyForm()
				return s, s.form.init()
			case key.Matches(msg, k.Enter) && len(s.journeys) > 0:
				s.in.JourneyID = s.journeys[s.jcursor].ID
				s.step = stepAttendees
				if len(s.people) == 0 {
					return s, s.start()
				}
			}
		case stepCoachee:
			return s, s.coacheeKey(msg)
		case stepAttendees:
			switch {
			case key.Matches(msg, k.Up):
				s.pcursor = max(s.pcursor-1, 0)
			case key.Matches(msg, k.Down):
				s.pcursor = min(s.pcursor+1, max(len(s.people)-1, 0))
			case key.Matches(msg, k.Toggle) && len(s.people) > 0:
				h := s.people[s.pcursor].Handle
				s.invited[h] = !s.invited[h]
			case key.Matches(msg, k.Enter):
				return s, s.start()
			}
		}
	}
	if s.form != nil {
		_, cmd := s.form.update(msg)
		return s, cmd
	}
	return s, nil
}

// coacheeKey moves through the team, picks who is coached (one person or
// several: the whole team with A) and goes on to the topic.
func (s *startScreen) coacheeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.ccursor = max(s.ccursor-1, 0)
	case key.Matches(msg, k.Down):
		s.ccursor = min(s.ccursor+1, max(len(s.coachees)-1, 0))
	case key.Matches(msg, k.Toggle) && len(s.coachees) > 0:
		h := s.coachees[s.ccursor].Handle
		s.picked[h] = !s.picked[h]
		s.err = ""
	case key.Matches(msg, k.All):
		all := len(s.pickedHandles()) < len(s.coachees)
		for _, m := range s.coachees {
			s.picked[m.Handle] = all
		}
		s.err = ""
	case key.Matches(msg, k.Enter):
		if len(s.pickedHandles()) == 0 && len(s.coachees) > 0 {
			// enter on a name with nobody picked yet coaches that one person
			s.picked[s.coachees[s.ccursor].Handle] = true
		}
		s.form = s.coacheeForm()
		return s.form.init()
	}
	return nil
}

func (s *startScreen) start() tea.Cmd {
	s.in.Invited = nil
	for _, p := range s.people {
		if s.invited[p.Handle] {
			s.in.Invited = append(s.in.Invited, p.Handle)
		}
	}
	s.starting = true
	return startCmd(s.d.Ctx, s.d, s.in)
}

// sortJourneysForReview puts the suggested journey (least recently
// reviewed) first, then the rest by name.
func sortJourneysForReview(js []*meeting.Journey) []*meeting.Journey {
	out := slices.Clone(js)
	if sug := meeting.SuggestJourney(out); sug != nil {
		i := slices.Index(out, sug)
		out = append([]*meeting.Journey{sug}, slices.Delete(out, i, i+1)...)
	}
	return out
}

func (s *startScreen) view(w, h int) string {
	st := s.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Start: "+s.agenda.Title) + st.Subtle.Render(fmt.Sprintf("  %d min, %d segments", s.agenda.Minutes, len(s.agenda.Segments))) + "\n")
	for i, seg := range s.agenda.Segments {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  %2d–%-3d %s", s.agenda.Offset(i), s.agenda.Offset(i)+seg.Minutes, seg.Title)) + "\n")
	}
	b.WriteString("\n")
	if s.form != nil {
		b.WriteString(s.form.view(min(w, 80), 0) + "\n")
	}
	switch s.step {
	case stepJourney:
		if s.form == nil {
			b.WriteString(st.Section.Render("WHICH JOURNEY? — least recently reviewed first") + "\n")
			if len(s.journeys) == 0 {
				b.WriteString(st.Subtle.Render("No journeys yet. Press N to register one.") + "\n")
			}
			today := s.d.Svc.Today()
			// the name column by terminal cells: names in CJK or with
			// emoji shift nothing after them
			nameW := 0
			for i, j := range s.journeys {
				nameW = max(nameW, cells.Width(j.Name))
				if i == 0 {
					nameW = max(nameW, cells.Width(j.Name+startSuggested))
				}
			}
			nameW = min(nameW, 40)
			for i, j := range s.journeys {
				last := "never reviewed"
				if j.LastReviewed != "" {
					last = "reviewed " + string(j.LastReviewed) + " (" + daysAgo(j.DaysSinceReview(today)) + ")"
				}
				flags := ""
				if j.ReviewOverdue(today) {
					flags += st.Danger.Render("  ⚑ not reviewed for 90+ days")
				}
				if j.Owner == "" {
					flags += st.Warn.Render("  ⚑ no owner")
				}
				name := j.Name
				if i == 0 {
					name = cells.Clip(name, nameW-cells.Width(startSuggested)) + st.Accent.Render(startSuggested)
				}
				line := cells.Row("  ", []int{nameW}, name, st.Subtle.Render(last)+flags)
				if i == s.jcursor {
					b.WriteString(st.Cursor.Render("› ") + line + "\n")
				} else {
					b.WriteString("  " + line + "\n")
				}
			}
		}
	case stepCoachee:
		if s.form == nil {
			s.coacheeList(&b)
		}
	case stepAttendees:
		b.WriteString(st.Section.Render("WHO IS INVITED? — space toggles, enter starts the meeting") + "\n")
		if len(s.people) == 0 {
			b.WriteString(st.Subtle.Render("No team file: press enter to start.") + "\n")
		}
		nameW := 0
		for _, p := range s.people {
			nameW = max(nameW, cells.Width(p.Name))
		}
		nameW = min(nameW, 30)
		for i, p := range s.people {
			box := "[ ]"
			if s.invited[p.Handle] {
				box = "[x]"
			}
			line := cells.Row(" ", []int{3, nameW}, box, p.Name, st.Subtle.Render("@"+p.Handle+" · "+string(p.Role)))
			if i == s.pcursor {
				b.WriteString(st.Cursor.Render("› ") + line + "\n")
			} else {
				b.WriteString("  " + line + "\n")
			}
		}
	}
	if s.starting {
		b.WriteString("\n" + st.Subtle.Render("starting…"))
	}
	if s.err != "" {
		b.WriteString("\n" + st.Error.Render(ansi.Truncate(s.err, w, "…")))
	}
	return b.String()
}

// startSuggested tags the journey the start screen suggests.
const startSuggested = " (suggested)"

// coacheeList is the team to pick coachees from.
func (s *startScreen) coacheeList(b *strings.Builder) {
	st := s.st
	b.WriteString(st.Section.Render("WHO ARE YOU COACHING? — one team member or the whole team: space picks, A all, enter continues") + "\n")
	for i, m := range s.coachees {
		box := "[ ]"
		if s.picked[m.Handle] {
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s %s", box, m.Name, st.Subtle.Render("@"+m.Handle+" · "+string(m.Role)))
		if i == s.ccursor {
			b.WriteString(st.Cursor.Render("› ") + line + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if n := len(s.pickedHandles()); n > 0 {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("%d picked: the answers are theirs to see; your coaching notes stay yours alone.", n)) + "\n")
	}
}

package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// home is the lobby: meetings in progress to join, rituals to start, recent
// minutes, and the actions that are yours.
type home struct {
	d      *Deps
	st     *Styles
	keys   homeKeys
	sub    *meeting.Sub
	data   homeData
	items  []homeItem
	cursor int
	err    string
	rooms  int // live rooms at the last store load
}

type homeItemKind int

const (
	itemRoom homeItemKind = iota
	itemRitual
	itemMeeting
)

type homeItem struct {
	kind    homeItemKind
	room    *meeting.Room
	agenda  meeting.Agenda
	meeting *meeting.Meeting
}

type homeData struct {
	recent                 []*meeting.Meeting
	mine                   []*meeting.Action
	open, overdue, blocked int
	reviews                int // decisions due for review
	loaded                 bool
}

type homeDataMsg struct {
	data homeData
	err  error
}

func newHome(d *Deps, st *Styles) *home {
	h := &home{d: d, st: st, keys: newHomeKeys()}
	h.keys.Board.SetEnabled(meeting.Can(d.Actor, meeting.OpSeeExecutive, meeting.Subject{}))
	return h
}

func (h *home) init() tea.Cmd {
	if h.sub == nil {
		sub := h.d.Hub.Subscribe()
		h.sub = sub
		sub.CloseWith(h.d.Ctx) // ends with the session, even if close is never called
	}
	h.rooms = len(h.d.Hub.Rooms(h.d.Actor))
	h.rebuild()
	return tea.Batch(h.load(), listen(h.d.Ctx, h.sub))
}

func (h *home) close() {
	if h.sub != nil {
		h.sub.Close()
		h.sub = nil
	}
}

// covered: a room (or another screen) over the lobby. The lobby's changes
// are nobody's while it is hidden: its subscription goes, and with it the
// goroutine waiting on it, and every lobby change stops waking each
// person in a room. Back on top, init subscribes and reloads.
func (h *home) covered() { h.close() }

func (h *home) capturing() bool   { return false }
func (h *home) live() bool        { return false }
func (h *home) help() help.KeyMap { return h.keys }

// load reads what the lobby shows from the store, off the UI goroutine.
func (h *home) load() tea.Cmd {
	d := h.d
	return func() tea.Msg {
		ctx := d.Ctx
		var hd homeData
		// the ended ones: the live rooms are the hub's, and a live town
		// hall's record (everyone in it) is not read by each lobby opening
		ms, err := d.Svc.Meetings(ctx, d.Actor, meeting.MeetingFilter{Ended: true, Limit: 12})
		if err != nil {
			return homeDataMsg{err: err}
		}
		hd.recent = ms[:min(len(ms), 6)] // of those this person may see
		// counts come from the store's indexes: the lobby must stay fast
		// with years of actions (see `cxroom bench store`)
		today := d.Svc.Today()
		for _, q := range []struct {
			n *int
			f meeting.ActionFilter
		}{
			{&hd.open, meeting.ActionFilter{Active: true}},
			{&hd.overdue, meeting.ActionFilter{OverdueOn: today}},
			{&hd.blocked, meeting.ActionFilter{Status: meeting.StatusBlocked}},
		} {
			if *q.n, err = d.Svc.CountActions(ctx, d.Actor, q.f); err != nil {
				return homeDataMsg{err: err}
			}
		}
		if hd.mine, err = d.Svc.Actions(ctx, d.Actor, meeting.ActionFilter{Owner: d.Actor.Handle, Active: true}, meeting.Page{}); err != nil {
			return homeDataMsg{err: err}
		}
		due, err := d.Svc.DecisionsDue(ctx, d.Actor)
		if err != nil {
			return homeDataMsg{err: err}
		}
		hd.reviews = len(due)
		hd.loaded = true
		return homeDataMsg{data: hd}
	}
}

func (h *home) rebuild() {
	var items []homeItem
	for _, r := range h.d.Hub.Rooms(h.d.Actor) {
		items = append(items, homeItem{kind: itemRoom, room: r})
	}
	for _, a := range h.d.Agendas.List() {
		if meeting.CanStart(h.d.Actor, a) {
			items = append(items, homeItem{kind: itemRitual, agenda: a})
		}
	}
	for _, m := range h.data.recent {
		items = append(items, homeItem{kind: itemMeeting, meeting: m})
	}
	h.items = items
	h.cursor = min(h.cursor, max(len(items)-1, 0))
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case changedMsg:
		if msg.sub != h.sub {
			return h, nil
		}
		// The room list is in memory: redraw it on every change. What the
		// store holds (recent minutes, actions) changes when a meeting
		// starts or ends; reload it then, not on every join or segment.
		rooms := len(h.d.Hub.Rooms(h.d.Actor))
		h.rebuild()
		cmds := []tea.Cmd{listen(h.d.Ctx, h.sub)}
		if rooms != h.rooms {
			h.rooms = rooms
			cmds = append(cmds, h.load())
		}
		return h, tea.Batch(cmds...)
	case homeDataMsg:
		if msg.err != nil {
			h.err = errorSentence(msg.err)
			return h, nil
		}
		h.err = ""
		h.data = msg.data
		h.rebuild()
	case startedMsg:
		if msg.err != nil {
			h.err = errorSentence(msg.err)
			return h, nil
		}
		return h, push(newRoomScreen(h.d, h.st, msg.room))
	case tea.KeyPressMsg:
		k := h.keys
		switch {
		case k.isMove(msg):
			h.cursor, _ = k.move(msg, h.cursor, len(h.items))
		case key.Matches(msg, k.Enter):
			return h, h.open()
		case key.Matches(msg, k.Tracker):
			return h, push(newTracker(h.d, h.st))
		case key.Matches(msg, k.Decisions):
			return h, push(newDecisionLog(h.d, h.st))
		case key.Matches(msg, k.Journeys):
			return h, push(newJourneysScreen(h.d, h.st))
		case key.Matches(msg, k.Scorecard):
			return h, push(newScorecardScreen(h.d, h.st))
		case key.Matches(msg, k.Stories):
			return h, push(newStoriesScreen(h.d, h.st))
		case key.Matches(msg, k.Board):
			return h, push(newBoardScreen(h.d, h.st))
		}
	}
	return h, nil
}

func (h *home) open() tea.Cmd {
	if h.cursor >= len(h.items) {
		return nil
	}
	it := h.items[h.cursor]
	switch it.kind {
	case itemRoom:
		return push(newRoomScreen(h.d, h.st, it.room))
	case itemRitual:
		return push(newStartScreen(h.d, h.st, it.agenda))
	case itemMeeting:
		return push(newMinutesScreen(h.d, h.st, it.meeting.ID))
	}
	return nil
}

func (h *home) view(w, ht int) string {
	st := h.st
	var b strings.Builder
	who := h.d.Actor.Name
	if h.d.Actor.Guest {
		who += " (guest)"
	}
	right := fmt.Sprintf("%s · %s", who, h.d.Actor.Role)
	// who you are and with what role before the tagline: on a narrow
	// screen the tagline goes first
	head := st.Title.Render("cxroom")
	if tagline := "  customer-experience leadership rituals"; len("cxroom")+len(tagline)+1+ansi.StringWidth(right) <= w {
		head += st.Subtle.Render(tagline)
	}
	b.WriteString(spread(head, st.Subtle.Render(right), w))
	b.WriteString("\n")
	if h.d.SSHAddr != "" {
		b.WriteString(st.Faint.Render("team joins with: " + h.d.SSHAddr))
	}
	b.WriteString("\n")
	// a small terminal has no room below the lists: your actions come first,
	// on one line
	compact := w < 100 && ht < 30
	if compact && h.data.loaded && len(h.data.mine) > 0 {
		b.WriteString(ansi.Truncate(h.mineLine(), w, "…") + "\n")
	}

	leftW := w
	if w >= 100 {
		leftW = w * 3 / 5
	}
	var left strings.Builder
	cursorLine := -1 // the line of the list the cursor is on
	section := func(title string) { left.WriteString("\n" + st.Section.Render(title) + "\n") }
	row := func(i int, text string) {
		line := "  " + text
		if i == h.cursor {
			line = st.Cursor.Render("› ") + st.Selected.Render(text)
			cursorLine = strings.Count(left.String(), "\n")
		}
		left.WriteString(ansi.Truncate(line, leftW-1, "…") + "\n")
	}
	now := h.d.now()
	last := homeItemKind(-1)
	for i, it := range h.items {
		if it.kind != last {
			switch it.kind {
			case itemRoom:
				section("IN PROGRESS — enter to join")
			case itemRitual:
				section("START A RITUAL")
			case itemMeeting:
				section("RECENT MINUTES")
			}
			last = it.kind
		}
		switch it.kind {
		case itemRoom:
			s := it.room.Snapshot()
			t := s.Meeting.Timer.Timing(now)
			state := fmt.Sprintf("segment %d/%d · %d min left · %d here", t.Segment+1, t.Segments,
				meeting.ClockMinutes(t.AgendaLeft), len(s.People))
			if t.Paused {
				state = "paused · " + state
			}
			row(i, fmt.Sprintf("● %s  %s", s.Meeting.Title, st.Subtle.Render(state)))
		case itemRitual:
			cad := it.agenda.Cadence
			if cad != "" {
				cad = ", " + cad
			}
			row(i, fmt.Sprintf("%s %s", it.agenda.Title, st.Subtle.Render(fmt.Sprintf("(%d min%s)", it.agenda.Minutes, cad))))
		case itemMeeting:
			row(i, fmt.Sprintf("%s  %s", it.meeting.Title, st.Subtle.Render(string(it.meeting.Date)+" · "+it.meeting.ID)))
		}
	}
	if len(h.items) == 0 {
		left.WriteString("\n" + st.Subtle.Render("No meetings in progress. A facilitator starts one; it will appear here.") + "\n")
	}

	var right2 strings.Builder
	right2.WriteString(st.Section.Render("YOUR ACTIONS") + "\n")
	if !h.data.loaded {
		right2.WriteString(st.Subtle.Render("loading…") + "\n")
	} else {
		today := h.d.Svc.Today()
		if len(h.data.mine) == 0 {
			right2.WriteString(st.Subtle.Render("nothing open for you") + "\n")
		}
		for i, a := range h.data.mine {
			if i == 6 {
				right2.WriteString(st.Subtle.Render(fmt.Sprintf("… %d more (t)", len(h.data.mine)-i)) + "\n")
				break
			}
			due := string(a.Due)
			style := st.Subtle
			if a.Overdue(today) {
				style, due = st.Danger, due+" overdue"
			}
			right2.WriteString(fmt.Sprintf("%s %s %s\n", st.Accent.Render(a.ID), a.Text, style.Render("· "+due)))
		}
		right2.WriteString("\n" + st.Section.Render("TEAM") + "\n")
		right2.WriteString(fmt.Sprintf("%d open · ", h.data.open))
		od := fmt.Sprintf("%d overdue", h.data.overdue)
		if h.data.overdue > 0 {
			od = st.Danger.Render(od)
		}
		right2.WriteString(od + fmt.Sprintf(" · %d blocked\n", h.data.blocked))
		if n := h.data.reviews; n > 0 {
			right2.WriteString(st.Warn.Render(fmt.Sprintf("%d decision%s due for review", n, plural(n))) + st.Subtle.Render(" (l)") + "\n")
		}
	}
	if h.err != "" {
		right2.WriteString("\n" + st.Error.Render(h.err) + "\n")
	}
	if compact {
		// the list scrolls to keep the cursor in view
		lines := strings.Split(strings.TrimSuffix(left.String(), "\n"), "\n")
		if avail := ht - strings.Count(b.String(), "\n"); avail > 0 && len(lines) > avail && cursorLine >= avail {
			first := min(cursorLine-avail+1, len(lines)-avail)
			lines = lines[first : first+avail]
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
		if h.err != "" {
			b.WriteString("\n" + st.Error.Render(h.err))
		}
		return b.String()
	}
	if w >= 100 {
		rw := w - leftW - 2
		r := lipgloss.NewStyle().Width(rw).Render(right2.String())
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(leftW).Render(left.String()), "  ", "\n"+r))
	} else {
		b.WriteString(left.String())
		b.WriteString("\n" + lipgloss.NewStyle().Width(w).Render(right2.String()))
	}
	return b.String()
}

// mineLine is YOUR ACTIONS on one line: the first, and how many more.
func (h *home) mineLine() string {
	st := h.st
	a := h.data.mine[0]
	due := string(a.Due)
	style := st.Subtle
	if a.Overdue(h.d.Svc.Today()) {
		style, due = st.Danger, due+" overdue"
	}
	line := st.Section.Render("YOUR ACTIONS") + " " + st.Accent.Render(a.ID) + " " + a.Text + " " + style.Render("· "+due)
	if n := len(h.data.mine) - 1; n > 0 {
		line = st.Section.Render("YOUR ACTIONS") + st.Subtle.Render(fmt.Sprintf(" (%d more: t)", n)) + " " + st.Accent.Render(a.ID) + " " + a.Text + " " + style.Render("· "+due)
	}
	return line
}

// spread puts left and right on one line of width w.
func spread(left, right string, w int) string {
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left+" "+right, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// startedMsg is the result of starting a meeting.
type startedMsg struct {
	room *meeting.Room
	err  error
}

func startCmd(ctx context.Context, d *Deps, in meeting.StartInput) tea.Cmd {
	return func() tea.Msg {
		r, err := d.Hub.Start(ctx, d.Actor, in)
		return startedMsg{room: r, err: err}
	}
}

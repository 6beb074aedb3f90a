package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

func bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// globalKeys work on every screen.
type globalKeys struct {
	Help, Quit, Back key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help: bind([]string{"?"}, "?", "help"),
		Quit: bind([]string{"q", "ctrl+c"}, "q", "quit"),
		Back: bind([]string{"esc"}, "esc", "back"),
	}
}

// listKeys move a cursor through a list.
type listKeys struct {
	Up, Down, Top, Bottom, Enter key.Binding
}

// move applies a cursor key to cursor over n rows; ok reports whether msg
// was one of them.
func (k listKeys) move(msg tea.KeyPressMsg, cursor, n int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return max(cursor-1, 0), true
	case key.Matches(msg, k.Down):
		return min(cursor+1, max(n-1, 0)), true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return max(n-1, 0), true
	}
	return cursor, false
}

// isMove reports whether msg is a cursor key.
func (k listKeys) isMove(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom)
}

func newListKeys(enter string) listKeys {
	return listKeys{
		Up:     bind([]string{"up", "k"}, "↑/k", "up"),
		Down:   bind([]string{"down", "j"}, "↓/j", "down"),
		Top:    bind([]string{"home", "g"}, "g", "top"),
		Bottom: bind([]string{"end", "G"}, "G", "bottom"),
		Enter:  bind([]string{"enter"}, "enter", enter),
	}
}

// homeKeys: the lobby.
type homeKeys struct {
	listKeys
	Tracker, Decisions, Journeys, Scorecard, Stories key.Binding
	Board                                            key.Binding // the board report: in the full help only
	global                                           globalKeys
}

func newHomeKeys() homeKeys {
	return homeKeys{
		listKeys:  newListKeys("open"),
		Tracker:   bind([]string{"t"}, "t", "actions"),
		Decisions: bind([]string{"l"}, "l", "decision log"),
		Journeys:  bind([]string{"J"}, "J", "journeys"),
		Scorecard: bind([]string{"c"}, "c", "scorecard"),
		Stories:   bind([]string{"y"}, "y", "story library"),
		Board:     bind([]string{"b"}, "b", "board report"),
		global:    newGlobalKeys(),
	}
}

func (k homeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Tracker, k.Decisions, k.Journeys, k.Scorecard, k.Stories, k.global.Help, k.global.Quit}
}

func (k homeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Enter},
		{k.Tracker, k.Decisions, k.Journeys, k.Scorecard, k.Stories, k.Board},
		{k.global.Help, k.global.Quit},
	}
}

// roomKeys: the live room. Which are enabled depends on the segment and on
// the viewer's role, so the help is always true.
type roomKeys struct {
	listKeys
	// facilitator
	Next, Prev, Pause, Extend, End, MoveUp, MoveDown, Resolve, HandOver key.Binding
	// everyone who writes
	Action, Decision, Issue, Story, Vote, Hand, Status key.Binding
	// segment-specific
	Done, OnTrack, Blocked, Escalated, WalkPrev, WalkNext key.Binding
	Metrics, Answer, Notes, History, Promise, Proposal    key.Binding
	Systemic, Initiative, Experiment, Targets, Scorecard  key.Binding
	// the executive panes (roomexec.go)
	Figure, Gate   key.Binding
	Minutes, Leave key.Binding
	// proof of what was decided (roomproof.go)
	Motion, SignOff, VoteFor, VoteAgainst, Abstain key.Binding
	global                                         globalKeys
}

func newRoomKeys() roomKeys {
	return roomKeys{
		listKeys:  newListKeys("edit"),
		Next:      bind([]string{"n"}, "n", "next segment"),
		Prev:      bind([]string{"b", "B"}, "b", "previous segment"),
		Pause:     bind([]string{"p"}, "p", "pause/resume"),
		Extend:    bind([]string{"+", "="}, "+", "extend 5 min"),
		End:       bind([]string{"e"}, "e", "end meeting"),
		MoveUp:    bind([]string{"K", "shift+up"}, "K", "rank up"),
		MoveDown:  bind([]string{"J", "shift+down"}, "J", "rank down"),
		Resolve:   bind([]string{"r"}, "r", "resolve issue"),
		Hand:      bind([]string{"h"}, "h", "raise hand"),
		HandOver:  bind([]string{"f"}, "f", "hand over facilitation"),
		Action:    bind([]string{"a"}, "a", "action"),
		Decision:  bind([]string{"d", "D"}, "d", "decision"),
		Issue:     bind([]string{"i"}, "i", "issue"),
		Story:     bind([]string{"s"}, "s", "story"),
		Vote:      bind([]string{"v"}, "v", "vote"),
		Status:    bind([]string{"enter"}, "enter", "update status"),
		Done:      bind([]string{"d"}, "d", "done"),
		OnTrack:   bind([]string{"o"}, "o", "on track"),
		Blocked:   bind([]string{"b"}, "b", "blocked"),
		Escalated: bind([]string{"x"}, "x", "escalated"),
		WalkPrev:  bind([]string{"left"}, "←", "previous action"),
		WalkNext:  bind([]string{"right"}, "→", "skip"),
		Metrics:   bind([]string{"m"}, "m", "enter metrics"),
		Answer:    bind([]string{"enter"}, "enter", "answer"),
		Notes:     bind([]string{"enter"}, "enter", "write notes"),
		History:   bind([]string{"H"}, "H", "past sessions"),
		Promise:   bind([]string{"i"}, "i", "promise"),
		Systemic:  bind([]string{"i"}, "i", "systemic issue"),
		// the journey review's pipeline and targets
		Initiative:  bind([]string{"I"}, "I", "initiative"),
		Experiment:  bind([]string{"x"}, "x", "experiment"),
		Targets:     bind([]string{"t"}, "t", "targets"),
		Proposal:    bind([]string{"P"}, "P", "proposal"),
		Scorecard:   bind([]string{"c"}, "c", "scorecard"),
		Figure:      bind([]string{"enter"}, "enter", "quarter's figure"),
		Gate:        bind([]string{"enter"}, "enter", "go/no-go"),
		Minutes:     bind([]string{"M"}, "M", "minutes preview"),
		Leave:       bind([]string{"esc"}, "esc", "lobby"),
		Motion:      bind([]string{"V"}, "V", "put to a vote"),
		SignOff:     bind([]string{"G"}, "G", "up for sign-off"),
		VoteFor:     bind([]string{"Y"}, "Y", "vote for"),
		VoteAgainst: bind([]string{"N"}, "N", "vote against"),
		Abstain:     bind([]string{"A"}, "A", "abstain"),
		global:      newGlobalKeys(),
	}
}

func (k roomKeys) ShortHelp() []key.Binding {
	var out []key.Binding
	for _, b := range k.short() {
		if b.Enabled() {
			out = append(out, *b)
		}
	}
	return out
}

// short is the keys ShortHelp offers when enabled, in its order.
func (k *roomKeys) short() [30]*key.Binding {
	return [...]*key.Binding{&k.VoteFor, &k.VoteAgainst, &k.Abstain, &k.Done, &k.OnTrack, &k.Blocked, &k.Escalated, &k.Metrics, &k.Targets, &k.Figure, &k.Gate, &k.Answer, &k.Notes,
		&k.Action, &k.Issue, &k.Promise, &k.Systemic, &k.Initiative, &k.Experiment, &k.Decision, &k.Proposal, &k.Story, &k.Scorecard, &k.Next, &k.Prev, &k.Pause, &k.Extend, &k.End, &k.Hand, &k.global.Help}
}

func (k roomKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Action, k.Decision, k.Proposal, k.Issue, k.Promise, k.Systemic, k.Initiative, k.Experiment, k.Story, k.Vote, k.Hand, k.Status},
		{k.Done, k.OnTrack, k.Blocked, k.Escalated, k.WalkPrev, k.WalkNext, k.Metrics, k.Targets, k.Figure, k.Gate, k.Answer, k.Notes, k.History, k.Scorecard},
		{k.Next, k.Prev, k.Pause, k.Extend, k.End, k.MoveUp, k.MoveDown, k.Resolve, k.HandOver, k.Motion, k.SignOff},
		{k.VoteFor, k.VoteAgainst, k.Abstain},
		{k.Up, k.Down, k.Minutes, k.Leave, k.global.Help, k.global.Quit},
	}
}

// formKeys: inside a form.
type formKeys struct {
	Next, Prev, Submit, Cancel key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:   bind([]string{"tab", "down"}, "tab", "next field"),
		Prev:   bind([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
		Submit: bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
	}
}

func (k formKeys) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Submit, k.Cancel} }
func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Submit, k.Cancel}}
}

// viewerKeys: scrollable documents (minutes, a decision).
type viewerKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Write key.Binding
	global                                         globalKeys
}

func newViewerKeys() viewerKeys {
	return viewerKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "scroll down"),
		PageUp:   bind([]string{"pgup", "b"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
		Top:      bind([]string{"home", "g"}, "g", "top"),
		Bottom:   bind([]string{"end", "G"}, "G", "bottom"),
		Write:    bind([]string{"w"}, "w", "write to file"),
		global:   newGlobalKeys(),
	}
}

// scroll applies a scrolling key to vp.
func (k viewerKeys) scroll(msg tea.KeyPressMsg, vp *viewport.Model) {
	switch {
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	}
}

func (k viewerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.PageDown, k.Write, k.global.Back, k.global.Help}
}

func (k viewerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Write, k.global.Back, k.global.Help, k.global.Quit}}
}

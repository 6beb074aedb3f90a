package tui

import (
	"context"
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

// tracker is the action tracker between meetings: every action, filtered
// by owner, status and overdue; owners update their own.
//
// With years of actions a filter can match tens of thousands: the tracker
// holds a window of them (a page read from the store's indexes, around the
// cursor) and their count, and reads the next window when the cursor
// nears the edge of the one it has.
type tracker struct {
	d       *Deps
	st      *Styles
	keys    trackerKeys
	rows    []*meeting.Action // the window: rows[i] is the list's first+i-th
	first   int
	total   int      // how many the filters match
	gen     int      // the query the window answers (a newer one replaces it)
	seen    []string // owners seen in results, for the o filter
	loading bool
	cursor  int    // in the whole list
	owner   string // "" all
	status  string // "", "active", or a status
	overdue bool
	form    *form
	err     string
	notice  string
	loaded  bool
}

// trackerPage is how many rows a window holds (several screens);
// trackerMargin how close the cursor gets to a window's edge before the
// next is read.
const (
	trackerPage   = 200
	trackerMargin = 60
)

type trackerKeys struct {
	listKeys
	Owner, Mine, Status, Overdue key.Binding
	global                       globalKeys
}

func (k trackerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Owner, k.Mine, k.Status, k.Overdue, k.global.Back, k.global.Help}
}
func (k trackerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Enter}, {k.Owner, k.Mine, k.Status, k.Overdue}, {k.global.Back, k.global.Quit}}
}

type actionsMsg struct {
	as    []*meeting.Action
	first int // the window's place in the list
	total int
	gen   int
	err   error
}

func newTracker(d *Deps, st *Styles) *tracker {
	t := &tracker{d: d, st: st, status: "active"}
	t.keys = trackerKeys{
		listKeys: newListKeys("update status"),
		Owner:    bind([]string{"o"}, "o", "next owner"),
		Mine:     bind([]string{"m"}, "m", "mine"),
		Status:   bind([]string{"s"}, "s", "next status"),
		Overdue:  bind([]string{"v"}, "v", "overdue only"),
		global:   newGlobalKeys(),
	}
	// who may update which action is the policy's: someone who may update
	// none (an observer) gets no key
	t.keys.Enter.SetEnabled(meeting.Can(d.Actor, meeting.OpUpdateAction, meeting.Subject{Owner: d.Actor.Handle}))
	return t
}

// init reads the window around the cursor of what the filters show, and
// their count: a page from the store's indexes, not every action (with
// years of data "any status" was a second of decoding).
func (t *tracker) init() tea.Cmd {
	return t.fetch(max(t.cursor-trackerPage/2, 0))
}

// fetch reads the window starting at the list's first-th action.
func (t *tracker) fetch(first int) tea.Cmd {
	d, f := t.d, t.query()
	t.loading = true
	t.gen++
	gen := t.gen
	return func() tea.Msg {
		n, err := d.Svc.CountActions(d.Ctx, d.Actor, f)
		if err != nil {
			return actionsMsg{gen: gen, err: err}
		}
		first := min(first, max(n-trackerPage, 0))
		as, err := d.Svc.Actions(d.Ctx, d.Actor, f, meeting.Page{Offset: first, Limit: trackerPage})
		return actionsMsg{as: as, first: first, total: n, gen: gen, err: err}
	}
}

// follow reads the window around the cursor when it nears the edge of the
// one held and there is more beyond.
func (t *tracker) follow() tea.Cmd {
	if t.loading {
		return nil
	}
	end := t.first + len(t.rows)
	before := t.first > 0 && t.cursor < t.first+trackerMargin
	after := end < t.total && t.cursor >= end-trackerMargin
	if !before && !after {
		return nil
	}
	return t.fetch(max(t.cursor-trackerPage/2, 0))
}

// row returns the cursor's action, if the window holds it.
func (t *tracker) row() *meeting.Action {
	if i := t.cursor - t.first; i >= 0 && i < len(t.rows) {
		return t.rows[i]
	}
	return nil
}

func (t *tracker) query() meeting.ActionFilter {
	f := meeting.ActionFilter{Owner: t.owner}
	switch t.status {
	case "active":
		f.Active = true
	case "":
	default:
		f.Status = meeting.Status(t.status)
	}
	if t.overdue {
		f.OverdueOn = t.d.Svc.Today()
	}
	return f
}

func (t *tracker) close()          {}
func (t *tracker) capturing() bool { return t.form != nil }
func (t *tracker) live() bool      { return false }
func (t *tracker) help() help.KeyMap {
	if t.form != nil {
		return t.form.keys
	}
	return t.keys
}

var trackerStatuses = []string{"active", "", "open", "blocked", "escalated", "done", "dropped"}

// owners lists the team and the owners seen so far, for the o filter.
func (t *tracker) owners() []string {
	seen := map[string]bool{}
	out := []string{""}
	for _, h := range t.d.team().Handles() {
		seen[h] = true
		out = append(out, h)
	}
	for _, o := range t.seen {
		if !seen[strings.ToLower(o)] {
			seen[strings.ToLower(o)] = true
			out = append(out, o)
		}
	}
	return out
}

// refilter asks the store again after a filter changed.
func (t *tracker) refilter() tea.Cmd {
	t.cursor = 0
	return t.init()
}

func next(list []string, cur string) string {
	for i, x := range list {
		if strings.EqualFold(x, cur) {
			return list[(i+1)%len(list)]
		}
	}
	return list[0]
}

func (t *tracker) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case actionsMsg:
		if msg.gen != t.gen {
			return t, nil // an answer to filters since changed
		}
		t.loading = false
		if msg.err != nil {
			t.err = errorSentence(msg.err)
			return t, nil
		}
		t.rows, t.first, t.total, t.loaded = msg.as, msg.first, msg.total, true
		for _, a := range msg.as {
			if len(t.seen) < 200 && !slices.Contains(t.seen, a.Owner) {
				t.seen = append(t.seen, a.Owner)
			}
		}
		t.cursor = min(t.cursor, max(t.total-1, 0))
		return t, t.follow()
	case formDoneMsg:
		if t.form == nil {
			return t, nil
		}
		if msg.err != nil {
			t.form.update(msg)
			return t, nil
		}
		t.form, t.notice = nil, msg.notice
		return t, t.init()
	case tea.KeyPressMsg:
		if t.form != nil {
			if out, cmd := t.form.update(msg); out == formCancelled {
				t.form = nil
			} else {
				return t, cmd
			}
			return t, nil
		}
		k := t.keys
		t.notice, t.err = "", ""
		switch {
		case key.Matches(msg, k.global.Back):
			return t, pop
		case k.isMove(msg):
			t.cursor, _ = k.move(msg, t.cursor, t.total)
			return t, t.follow()
		case key.Matches(msg, k.Owner):
			t.owner = next(t.owners(), t.owner)
			return t, t.refilter()
		case key.Matches(msg, k.Mine):
			if strings.EqualFold(t.owner, t.d.Actor.Handle) {
				t.owner = ""
			} else {
				t.owner = t.d.Actor.Handle
			}
			return t, t.refilter()
		case key.Matches(msg, k.Status):
			t.status = next(trackerStatuses, t.status)
			return t, t.refilter()
		case key.Matches(msg, k.Overdue):
			t.overdue = !t.overdue
			return t, t.refilter()
		case key.Matches(msg, k.Enter) && k.Enter.Enabled() && t.row() != nil:
			// say who may, before a form is filled in for nothing
			x := t.row()
			if err := meeting.Check(t.d.Actor, meeting.OpUpdateAction, actionSubject(x, t.d.team())); err != nil {
				t.err = errorSentence(err)
				return t, nil
			}
			t.form = t.statusForm(x)
			return t, t.form.init()
		}
	default:
		if t.form != nil {
			_, cmd := t.form.update(msg)
			return t, cmd
		}
	}
	return t, nil
}

func (t *tracker) statusForm(x *meeting.Action) *form {
	d := t.d
	var names []string
	for _, st := range meeting.Statuses {
		names = append(names, string(st))
	}
	f := newForm(t.st, fmt.Sprintf("%s: %s", x.ID, x.Text), func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			st, err := meeting.ParseStatus(v["status"])
			if err != nil {
				return formDoneMsg{err: err}
			}
			y, err := d.Svc.SetActionStatus(context.Background(), d.Actor, x.ID, st, v["note"])
			if err != nil {
				return formDoneMsg{err: err}
			}
			return formDoneMsg{notice: fmt.Sprintf("%s is now %s", y.ID, y.Status)}
		}
	})
	f.add("status", "Status", choices(names...), chosen(string(x.Status)))
	f.add("note", "Note", placeholder("blocked: what unblocks it · escalated: to whom"))
	return f
}

func (t *tracker) view(w, h int) string {
	st := t.st
	var b strings.Builder
	owner := t.owner
	if owner == "" {
		owner = "everyone"
	}
	status := t.status
	if status == "" {
		status = "any status"
	}
	filters := fmt.Sprintf("owner: %s · status: %s", owner, status)
	if t.overdue {
		filters += " · overdue only"
	}
	b.WriteString(spread(st.Title.Render("Action tracker"), st.Subtle.Render(filters), w) + "\n")
	if t.form != nil {
		b.WriteString(t.form.view(min(w, 90), 0) + "\n")
	}
	if !t.loaded {
		b.WriteString(st.Subtle.Render("loading…"))
		return b.String()
	}
	// columns by terminal cells (internal/cells): an owner named 李伟 or
	// 👩‍💼 shifts nothing after it; the header starts after the rows'
	// cursor column
	cols := []int{trackerIDWidth(t.rows), 10, 12, 10}
	b.WriteString(st.Section.Render(" "+cells.Row(" ", cols, "ID", "DUE", "OWNER", "STATUS", "ACTION")) + "\n")
	today := t.d.Svc.Today()
	listH := max(h-6-strings.Count(b.String(), "\n"), 3)
	start := max(0, t.cursor-listH+1)
	for i := start; i < t.total && i < start+listH; i++ {
		if i < t.first || i >= t.first+len(t.rows) {
			b.WriteString(st.Subtle.Render(" …") + "\n") // in a window still being read
			continue
		}
		a := t.rows[i-t.first]
		stat := cells.Fit(string(a.Status), cols[3])
		switch {
		case a.Overdue(today):
			stat = st.Danger.Render(cells.Fit("overdue", cols[3]))
		case a.Status == meeting.StatusBlocked || a.Status == meeting.StatusEscalated:
			stat = st.Warn.Render(stat)
		case a.Status == meeting.StatusDone:
			stat = st.OK.Render(stat)
		}
		owner := a.Owner
		if a.External {
			owner = meeting.ExternalMark + owner // as it is typed: someone outside the team
		}
		line := cells.Row(" ", cols, a.ID, string(a.Due), owner, stat, a.Text)
		if n := a.LastChange().Note; a.Status.Active() && a.Status != meeting.StatusOpen && n != "" {
			line += st.Subtle.Render(" — " + n)
		}
		if i == t.cursor {
			line = st.Cursor.Render("›") + line
		} else {
			line = " " + line
		}
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	if t.total == 0 {
		b.WriteString(st.Subtle.Render(" no actions match these filters") + "\n")
	}
	total := "\n" + count(t.total, "action")
	if t.loading {
		total += " · loading…"
	}
	b.WriteString(st.Subtle.Render(total))
	if t.err != "" {
		b.WriteString("\n" + st.Error.Render(t.err))
	} else if t.notice != "" {
		b.WriteString("\n" + st.Notice.Render("✓ "+t.notice))
	}
	return b.String()
}

// trackerIDWidth is the ID column's width: 6 cells, more for longer ids
// (never cut: an id is what a person types).
func trackerIDWidth(rows []*meeting.Action) int {
	w := 6
	for _, a := range rows {
		w = max(w, cells.Width(a.ID))
	}
	return w
}

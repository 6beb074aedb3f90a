package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/internal/cells"
	"cxroom/meeting"
)

// journeysScreen is the journey registry: who owns each critical journey,
// when it was last reviewed, and how its health metrics are trending. Enter
// shows every reading; facilitators register journeys and change owners.
type journeysScreen struct {
	d      *Deps
	st     *Styles
	keys   journeysKeys
	hkeys  viewerKeys
	rows   []*meeting.Journey
	titles map[string]string // meeting id → "M9 Monthly journey review"
	cursor int
	focus  string // select this journey id after the next load
	form   *form
	hist   *meeting.Journey // the journey whose readings are shown
	top    int              // first reading row shown
	err    string
	notice string
	loaded bool
}

type journeysKeys struct {
	listKeys
	New, Owner key.Binding
	global     globalKeys
}

func (k journeysKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.New, k.Owner, k.global.Back, k.global.Help}
}

func (k journeysKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Enter}, {k.New, k.Owner}, {k.global.Back, k.global.Quit}}
}

// journeyAddedMsg says a journey was registered: it is selected once the
// registry reloads.
type journeyAddedMsg struct{ id, notice string }

type journeyListMsg struct {
	js     []*meeting.Journey
	titles map[string]string
	err    error
}

func newJourneysScreen(d *Deps, st *Styles) screen {
	s := &journeysScreen{d: d, st: st, hkeys: newViewerKeys(), keys: journeysKeys{
		listKeys: newListKeys("every reading"),
		New:      bind([]string{"N"}, "N", "register journey"),
		Owner:    bind([]string{"o"}, "o", "change owner"),
		global:   newGlobalKeys(),
	}}
	s.hkeys.Write.SetEnabled(false)
	s.hkeys.PageUp.SetEnabled(false) // b and f mean nothing here
	s.hkeys.PageDown.SetEnabled(false)
	// keys the policy refuses stay out of the help; pressing them says why
	s.keys.New.SetEnabled(meeting.Can(d.Actor, meeting.OpAddJourney, meeting.Subject{}))
	s.keys.Owner.SetEnabled(meeting.Can(d.Actor, meeting.OpEditJourney, meeting.Subject{}))
	return s
}

// init loads the registry (and the titles of the meetings that recorded a
// reading) off the UI goroutine.
func (s *journeysScreen) init() tea.Cmd {
	d := s.d
	return func() tea.Msg {
		js, err := d.Svc.Journeys(d.Ctx)
		if err != nil {
			return journeyListMsg{err: err}
		}
		titles := map[string]string{}
		for _, j := range js {
			for _, r := range j.Readings {
				if r.MeetingID == "" || titles[r.MeetingID] != "" {
					continue
				}
				m, err := d.Svc.Meeting(d.Ctx, d.Actor, r.MeetingID)
				switch {
				case meeting.IsNotFound(err):
					titles[r.MeetingID] = r.MeetingID
				case err != nil:
					return journeyListMsg{err: err}
				default:
					titles[r.MeetingID] = m.ID + " " + m.Agenda.Title
				}
			}
		}
		return journeyListMsg{js: js, titles: titles}
	}
}

func (s *journeysScreen) close()          {}
func (s *journeysScreen) capturing() bool { return s.form != nil }
func (s *journeysScreen) live() bool      { return false }
func (s *journeysScreen) help() help.KeyMap {
	switch {
	case s.form != nil:
		return s.form.keys
	case s.hist != nil:
		return s.hkeys
	}
	return s.keys
}

func (s *journeysScreen) selected() *meeting.Journey {
	if s.cursor < len(s.rows) {
		return s.rows[s.cursor]
	}
	return nil
}

func (s *journeysScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case journeyListMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.rows, s.titles, s.loaded = msg.js, msg.titles, true
		if i := slices.IndexFunc(s.rows, func(j *meeting.Journey) bool { return j.ID == s.focus }); i >= 0 {
			s.cursor = i
		}
		s.focus = ""
		s.cursor = min(s.cursor, max(len(s.rows)-1, 0))
		if s.hist != nil { // keep showing the fresh copy
			if i := slices.IndexFunc(s.rows, func(j *meeting.Journey) bool { return j.ID == s.hist.ID }); i >= 0 {
				s.hist = s.rows[i]
			}
		}
	case journeyAddedMsg:
		s.form, s.notice, s.err, s.focus = nil, msg.notice, "", msg.id
		return s, s.init()
	case formDoneMsg:
		if s.form == nil {
			return s, nil
		}
		if msg.err != nil {
			s.form.update(msg)
			return s, nil
		}
		s.form, s.notice, s.err = nil, msg.notice, ""
		return s, s.init()
	case tea.KeyPressMsg:
		switch {
		case s.form != nil:
			if out, cmd := s.form.update(msg); out == formCancelled {
				s.form = nil
			} else {
				return s, cmd
			}
			return s, nil
		case s.hist != nil:
			s.histKey(msg)
			return s, nil
		}
		return s.listKey(msg)
	default:
		if s.form != nil {
			_, cmd := s.form.update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *journeysScreen) listKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.keys
	s.notice = ""
	switch {
	case key.Matches(msg, k.global.Back):
		return s, pop
	case k.isMove(msg):
		s.cursor, _ = k.move(msg, s.cursor, len(s.rows))
	case key.Matches(msg, k.Enter):
		if j := s.selected(); j != nil {
			s.hist, s.top = j, 0
		}
	case key.Matches(msg, k.New):
		s.err = ""
		s.form = s.registerForm()
		return s, s.form.init()
	case key.Matches(msg, k.Owner):
		if j := s.selected(); j != nil {
			s.err = ""
			s.form = s.ownerForm(j)
			return s, s.form.init()
		}
	case slices.Contains(k.New.Keys(), msg.String()):
		s.err = errorSentence(meeting.Check(s.d.Actor, meeting.OpAddJourney, meeting.Subject{}))
	case slices.Contains(k.Owner.Keys(), msg.String()):
		s.err = errorSentence(meeting.Check(s.d.Actor, meeting.OpEditJourney, meeting.Subject{}))
	}
	return s, nil
}

func (s *journeysScreen) histKey(msg tea.KeyPressMsg) {
	k := s.hkeys
	switch {
	case key.Matches(msg, k.global.Back):
		s.hist = nil
	case key.Matches(msg, k.Up):
		s.top = max(s.top-1, 0)
	case key.Matches(msg, k.Down):
		s.top = min(s.top+1, max(len(s.hist.Readings)-1, 0))
	case key.Matches(msg, k.Top):
		s.top = 0
	case key.Matches(msg, k.Bottom):
		s.top = max(len(s.hist.Readings)-1, 0)
	}
}

func (s *journeysScreen) registerForm() *form {
	d := s.d
	f := newForm(s.st, "Register a journey", func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			j, err := d.Svc.AddJourney(d.Ctx, d.Actor, v["name"], v["owner"])
			if err != nil {
				return formDoneMsg{err: err}
			}
			if j.Owner == "" {
				return journeyAddedMsg{j.ID, fmt.Sprintf("registered %s: %s — it has no owner yet", j.ID, j.Name)}
			}
			return journeyAddedMsg{j.ID, fmt.Sprintf("registered %s: %s, owned by %s", j.ID, j.Name, j.Owner)}
		}
	})
	f.add("name", "Journey", required(), placeholder("e.g. Onboarding → Account setup"))
	f.add("owner", "Owner", suggest(d.team().Handles()), placeholder("the accountable owner (tab completes)"))
	return f
}

func (s *journeysScreen) ownerForm(j *meeting.Journey) *form {
	d, id := s.d, j.ID
	f := newForm(s.st, "Owner of "+j.Name, func(v map[string]string) tea.Cmd {
		return setJourneyOwner(d, id, v["owner"])
	})
	f.add("owner", "Owner", value(j.Owner), suggest(d.team().Handles()), placeholder("handle (tab completes); empty: no owner"))
	return f
}

// setJourneyOwner changes a journey's owner through the service, which
// asks the policy table.
func setJourneyOwner(d *Deps, id, owner string) tea.Cmd {
	return func() tea.Msg {
		j, err := d.Svc.SetJourneyOwner(d.Ctx, d.Actor, id, owner)
		if err != nil {
			return formDoneMsg{err: err}
		}
		if j.Owner == "" {
			return formDoneMsg{notice: j.Name + " has no owner now"}
		}
		return formDoneMsg{notice: fmt.Sprintf("%s is now owned by %s", j.Name, j.Owner)}
	}
}

// ---- view ----

func (s *journeysScreen) view(w, h int) string {
	if s.hist != nil && s.form == nil {
		return s.historyView(w, h)
	}
	st := s.st
	today := s.d.Svc.Today()
	var b strings.Builder
	summary := ""
	if s.loaded {
		unowned, stale := 0, 0
		for _, j := range s.rows {
			if j.Owner == "" {
				unowned++
			}
			if j.ReviewOverdue(today) {
				stale++
			}
		}
		summary = fmt.Sprintf("%d journey%s · %d without an owner · %d overdue for review", len(s.rows), plural(len(s.rows)), unowned, stale)
	}
	b.WriteString(spread(st.Title.Render("Journeys"), st.Subtle.Render(summary), w) + "\n")
	if s.form != nil {
		b.WriteString(s.form.view(min(w, 90), 0) + "\n")
	}
	if !s.loaded {
		if s.err != "" {
			return b.String() + st.Error.Render(s.err)
		}
		return b.String() + st.Subtle.Render("loading…")
	}
	if len(s.rows) == 0 {
		b.WriteString(st.Subtle.Render("No journeys yet. A facilitator registers one with N.") + "\n")
		return b.String() + s.status()
	}
	// columns by terminal cells (internal/cells): names in CJK or with
	// emoji shift nothing after them
	nameW, ownerW := 12, cells.Width("⚑ no owner")
	for _, j := range s.rows {
		nameW, ownerW = max(nameW, cells.Width(j.Name)), max(ownerW, cells.Width(j.Owner))
	}
	cols := []int{min(nameW, 30), min(ownerW, 16), 4, 24}
	b.WriteString(st.Section.Render("  "+cells.Row("  ", cols, "JOURNEY", "OWNER", "CRIT", "LAST REVIEWED", "FLAGS")) + "\n")
	// the list takes what the detail below leaves
	listH := max(h-strings.Count(b.String(), "\n")-len(meeting.DefaultMetrics())-6, 3)
	start := max(0, s.cursor-listH+1)
	for i := start; i < len(s.rows) && i < start+listH; i++ {
		j := s.rows[i]
		owner := j.Owner
		if j.Owner == "" {
			owner = st.Danger.Render(cells.Fit("⚑ no owner", cols[1]))
		}
		crit := "no"
		if j.Critical {
			crit = "yes"
		}
		last := "never"
		if j.LastReviewed != "" {
			n := j.DaysSinceReview(today)
			last = fmt.Sprintf("%s, %d day%s ago", j.LastReviewed, n, plural(n))
			if n == 0 {
				last = string(j.LastReviewed) + ", today"
			}
		}
		flags := ""
		if j.ReviewOverdue(today) {
			flags = st.Danger.Render("⚑ not reviewed in 90+ days")
		}
		line := cells.Row("  ", cols, j.Name, owner, crit, last, flags)
		if i == s.cursor {
			line = st.Cursor.Render("› ") + line
		} else {
			line = "  " + line
		}
		b.WriteString(ansi.Truncate(strings.TrimRight(line, " "), w, "…") + "\n")
	}
	if j := s.selected(); j != nil {
		b.WriteString("\n" + s.healthLines(j, w))
	}
	return b.String() + s.status()
}

func (s *journeysScreen) status() string {
	switch {
	case s.err != "":
		return "\n" + s.st.Error.Render(s.err)
	case s.notice != "":
		return "\n" + s.st.Notice.Render("✓ "+s.notice)
	}
	return ""
}

// healthLines is the selected journey's metrics: now, target, prior, trend
// and the history as a sparkline.
func (s *journeysScreen) healthLines(j *meeting.Journey, w int) string {
	st := s.st
	var b strings.Builder
	owner := st.Subtle.Render("owner: ") + j.Owner
	if j.Owner == "" {
		owner = st.Danger.Render("⚑ no owner — without authority, ownership is theater")
	}
	b.WriteString(ansi.Truncate(st.Header.Render(j.Name)+st.Subtle.Render(" · ")+owner, w, "…") + "\n")
	nameW, cols := 28, []int{8, 8, 8, 13}
	b.WriteString(st.Section.Render("  "+cells.Fit("METRIC", nameW)+"  "+cells.Row(" ", cols, "NOW", "TARGET", "PRIOR", "TREND", "HISTORY")) + "\n")
	for _, hl := range j.Health() {
		m := hl.Metric
		cur, prior := "—", "—"
		if hl.HasValue {
			cur = journeyValue(m, hl.Current)
		}
		if hl.HasPrior {
			prior = journeyValue(m, hl.Prior)
		}
		curS := cells.Fit(cur, cols[0])
		switch {
		case !hl.HasValue:
		case hl.OnTarget:
			curS = st.OK.Render(curS)
		default:
			curS = st.Warn.Render(curS)
		}
		trend := cells.Fit(hl.Trend.Arrow()+" "+string(hl.Trend), cols[3])
		switch hl.Trend {
		case meeting.TrendImproving:
			trend = st.OK.Render(trend)
		case meeting.TrendDeclining:
			trend = st.Danger.Render(trend)
		}
		line := "  " + cells.Fit(m.Name, nameW) + "  " + cells.Row(" ", cols, curS,
			targetSign(m)+journeyValue(m, m.Target), prior, trend, st.Accent.Render(sparkline(j.Series(m.Key), 24)))
		b.WriteString(ansi.Truncate(line, w, "…") + "\n")
	}
	n := len(j.Readings)
	switch n {
	case 0:
		b.WriteString(st.Subtle.Render("  no readings yet: they are recorded in the monthly journey review"))
	default:
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  %d reading%s, %s to %s · enter: every reading", n, plural(n), j.Readings[0].Date, j.Readings[n-1].Date)))
	}
	return b.String()
}

// journeyValue formats a metric value: "72%", "3.0".
func journeyValue(m meeting.Metric, v float64) string {
	if m.Unit == "" && v == math.Trunc(v) && math.Abs(v) < 1e6 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%g%s", v, m.Unit)
}

// journeyShort is a metric's column heading: what is in brackets ("CES"),
// the name, or for a long name its key ("activation").
func journeyShort(m meeting.Metric) string {
	if i, k := strings.LastIndexByte(m.Name, '('), strings.LastIndexByte(m.Name, ')'); i >= 0 && k > i+1 {
		return m.Name[i+1 : k]
	}
	if len(m.Name) > 16 && m.Key != "" {
		return m.Key
	}
	return m.Name
}

// historyView lists every reading of the journey, by date, per metric.
func (s *journeysScreen) historyView(w, h int) string {
	st := s.st
	j := s.hist
	var b strings.Builder
	owner := "owner: " + j.Owner
	if j.Owner == "" {
		owner = "⚑ no owner"
	}
	right := owner
	if j.LastReviewed != "" {
		right += " · last reviewed " + string(j.LastReviewed)
	}
	b.WriteString(spread(st.Title.Render(j.Name+" — every reading"), st.Subtle.Render(right), w) + "\n")
	cols := make([]int, len(j.Metrics))
	head := cells.Fit("DATE", 12)
	for i, m := range j.Metrics {
		cols[i] = min(max(cells.Width(journeyShort(m)), 11), 30) + 2
		head += cells.Fit(strings.ToUpper(journeyShort(m)), cols[i]-2) + "  "
	}
	b.WriteString(st.Section.Render("  "+head+"MEETING") + "\n")
	target := cells.Fit("target", 12)
	for i, m := range j.Metrics {
		target += cells.Fit(targetSign(m)+journeyValue(m, m.Target), cols[i]-2) + "  "
	}
	b.WriteString(st.Subtle.Render(strings.TrimRight("  "+target, " ")) + "\n")
	if len(j.Readings) == 0 {
		b.WriteString(st.Subtle.Render("  no readings yet") + "\n")
	}
	rowsH := max(h-6, 1)
	s.top = min(s.top, max(len(j.Readings)-rowsH, 0))
	for i := s.top; i < len(j.Readings) && i < s.top+rowsH; i++ {
		r := j.Readings[i]
		line := cells.Fit(string(r.Date), 12)
		for k, m := range j.Metrics {
			v, ok := r.Values[m.Key]
			cell := cells.Fit("—", cols[k])
			if ok {
				cell = cells.Fit(journeyValue(m, v), cols[k]-2) + "  "
				if m.Met(v) {
					cell = st.OK.Render(cell)
				} else {
					cell = st.Warn.Render(cell)
				}
			}
			line += cell
		}
		from := "—"
		if r.MeetingID != "" {
			from = s.titles[r.MeetingID]
			if from == "" {
				from = r.MeetingID
			}
		}
		b.WriteString(ansi.Truncate("  "+line+st.Subtle.Render(from), w, "…") + "\n")
	}
	trend := cells.Fit("trend", 12)
	for i, hl := range j.Health() {
		trend += cells.Fit(hl.Trend.Arrow()+" "+string(hl.Trend), cols[i]-2) + "  "
	}
	b.WriteString(st.Subtle.Render(strings.TrimRight("  "+trend, " ")) + "\n")
	if more := len(j.Readings) - s.top - rowsH; more > 0 {
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  … %d more (↓)", more)))
	}
	return b.String()
}

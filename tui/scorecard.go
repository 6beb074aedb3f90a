package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// scorecardScreen is the seed's balanced scorecard for a quarter: category,
// metric, the quarter's actual, the next quarter's target, the prior
// quarter's figure, the trend and a traffic light, then the ritual health
// indicators and the status rule. Enter opens the records behind a figure;
// [ and ] move between quarters; a facilitator enters figures, sets targets
// and overrides statuses; anyone who writes logs shadowing.
type scorecardScreen struct {
	d      *Deps
	st     *Styles
	keys   scorecardKeys
	card   *meeting.ScorecardView
	period meeting.Period // zero: the current quarter
	cursor int            // over Scores then Health
	top    int            // first row shown
	form   *form
	err    string
	notice string
	loaded bool
}

type scorecardKeys struct {
	listKeys
	Prev, Next, Figure, Target, Override, Shadow, Reload key.Binding
	global                                               globalKeys
}

func (k scorecardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Prev, k.Next, k.Figure, k.Target, k.Override, k.Shadow, k.global.Back, k.global.Help}
}

func (k scorecardKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Enter, k.Prev, k.Next},
		{k.Figure, k.Target, k.Override, k.Shadow, k.Reload}, {k.global.Back, k.global.Quit}}
}

type scorecardMsg struct {
	v   *meeting.ScorecardView
	err error
}

func newScorecardScreen(d *Deps, st *Styles) screen {
	s := &scorecardScreen{d: d, st: st, keys: scorecardKeys{
		listKeys: newListKeys("records behind it"),
		Prev:     bind([]string{"["}, "[", "prior quarter"),
		Next:     bind([]string{"]"}, "]", "next quarter"),
		Figure:   bind([]string{"e"}, "e", "enter figure"),
		Target:   bind([]string{"t"}, "t", "set target"),
		Override: bind([]string{"o"}, "o", "override status"),
		Shadow:   bind([]string{"s"}, "s", "log shadowing"),
		Reload:   bind([]string{"r"}, "r", "recompute"),
		global:   newGlobalKeys(),
	}}
	// the keys a role may not use stay out of the help
	fac := meeting.Can(d.Actor, meeting.OpEnterMetric, meeting.Subject{})
	s.keys.Figure.SetEnabled(fac)
	s.keys.Target.SetEnabled(fac)
	s.keys.Override.SetEnabled(fac)
	s.keys.Shadow.SetEnabled(meeting.Can(d.Actor, meeting.OpLogShadowing, meeting.Subject{}))
	return s
}

// init computes the scorecard off the UI goroutine.
func (s *scorecardScreen) init() tea.Cmd {
	d, p := s.d, s.period
	return func() tea.Msg {
		v, err := d.Svc.Scorecard(d.Ctx, d.Actor, meeting.ScorecardQuery{Period: p})
		return scorecardMsg{v, err}
	}
}

func (s *scorecardScreen) close()          {}
func (s *scorecardScreen) capturing() bool { return s.form != nil }
func (s *scorecardScreen) live() bool      { return false }
func (s *scorecardScreen) help() help.KeyMap {
	if s.form != nil {
		return s.form.keys
	}
	return s.keys
}

// rows is every row the cursor moves over: the metrics, then ritual health.
func (s *scorecardScreen) rows() []meeting.Score {
	if s.card == nil {
		return nil
	}
	return append(slices.Clip(s.card.Scores), s.card.Health...)
}

func (s *scorecardScreen) selected() (meeting.Score, bool) {
	rows := s.rows()
	if s.cursor < len(rows) {
		return rows[s.cursor], true
	}
	return meeting.Score{}, false
}

func (s *scorecardScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case scorecardMsg:
		if msg.err != nil {
			s.err = errorSentence(msg.err)
			return s, nil
		}
		s.card, s.loaded, s.err = msg.v, true, ""
		s.period = msg.v.Period
		s.cursor = min(s.cursor, max(len(s.rows())-1, 0))
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
		if s.form != nil {
			out, cmd := s.form.update(msg)
			if out == formCancelled {
				s.form = nil
			}
			return s, cmd
		}
		return s.key(msg)
	default:
		if s.form != nil {
			_, cmd := s.form.update(msg)
			return s, cmd
		}
	}
	return s, nil
}

func (s *scorecardScreen) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := s.keys
	s.notice = ""
	forbidden := func(b key.Binding) bool { return !b.Enabled() && slices.Contains(b.Keys(), msg.String()) }
	switch {
	case key.Matches(msg, k.global.Back):
		return s, pop
	case k.isMove(msg):
		s.cursor, _ = k.move(msg, s.cursor, len(s.rows()))
	case key.Matches(msg, k.Reload):
		return s, s.init()
	case key.Matches(msg, k.Prev) && s.loaded:
		s.period = s.card.Period.Prev()
		return s, s.init()
	case key.Matches(msg, k.Next) && s.loaded:
		if cur := s.d.Svc.CurrentPeriod(nil); s.card.Period.Before(cur) {
			s.period = s.card.Period.Next()
			return s, s.init()
		}
		s.notice = s.card.Period.Next().Label() + " has not begun"
	case key.Matches(msg, k.Enter):
		if sc, ok := s.selected(); ok {
			return s, push(newScoreDrill(s.d, s.st, s.card, sc))
		}
	case key.Matches(msg, k.Figure), key.Matches(msg, k.Target), key.Matches(msg, k.Override):
		sc, ok := s.selected()
		switch {
		case !ok || !s.loaded:
		case sc.Category == meeting.CategoryRitualHealth:
			s.err = "Ritual health indicators are computed from the rituals; pick one of the twenty metrics"
		case key.Matches(msg, k.Figure):
			s.form = s.enterForm(sc)
		case key.Matches(msg, k.Target):
			s.form = s.targetForm(sc)
		default:
			s.form = s.overrideForm(sc)
		}
		if s.form != nil {
			s.err = ""
			return s, s.form.init()
		}
	case key.Matches(msg, k.Shadow):
		s.err, s.form = "", s.shadowForm()
		return s, s.form.init()
	case forbidden(k.Figure), forbidden(k.Target), forbidden(k.Override):
		s.err = errorSentence(meeting.Check(s.d.Actor, meeting.OpEnterMetric, meeting.Subject{}))
	case forbidden(k.Shadow):
		s.err = errorSentence(meeting.Check(s.d.Actor, meeting.OpLogShadowing, meeting.Subject{}))
	}
	return s, nil
}

// ---- forms ----

func (s *scorecardScreen) enterForm(sc meeting.Score) *form {
	d, p, def := s.d, s.card.Period, sc.Def()
	title := fmt.Sprintf("%s figure: %s", p.Label(), sc.Name)
	if def.Computed {
		title += " (history: shown only if cxroom holds no records then)"
	}
	f := newForm(s.st, title, func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			en, err := d.Svc.EnterMetric(d.Ctx, d.Actor, def.Key, p, v["value"], v["source"], nil)
			if err != nil {
				return formDoneMsg{err: err}
			}
			return formDoneMsg{notice: en.Describe(def, p)}
		}
	})
	cur := ""
	if sc.HasValue && sc.Source == meeting.SourceEntered {
		cur = fmt.Sprint(sc.Value)
	}
	f.add("value", "Value", required(), value(cur), placeholder(fmt.Sprintf("in %s; clear removes it (%s)", orWord(def.Unit, "units"), def.Measure)))
	f.add("source", "Source", value(sc.EnteredSource), placeholder("where it comes from: a survey, a report (n=…)"))
	return f
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (s *scorecardScreen) targetForm(sc meeting.Score) *form {
	d, def, next := s.d, sc.Def(), s.card.Next
	f := newForm(s.st, "Target: "+sc.Name, func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			p, err := meeting.ParsePeriod(v["quarter"])
			if err != nil {
				return formDoneMsg{err: err}
			}
			en, err := d.Svc.SetTarget(d.Ctx, d.Actor, def.Key, p, v["value"], nil)
			if err != nil {
				return formDoneMsg{err: err}
			}
			if en.Target == nil {
				return formDoneMsg{notice: fmt.Sprintf("%s %s: back to the earlier target", def.Name, p)}
			}
			return formDoneMsg{notice: fmt.Sprintf("%s: target %s from %s on", def.Name, def.FormatTarget(*en.Target), p)}
		}
	})
	f.add("value", "Target", required(), placeholder(fmt.Sprintf("now %s (seed: %s); default goes back", sc.TargetText(), def.SeedTarget)))
	f.add("quarter", "From quarter", required(), value(next.String()), placeholder("2027Q1"))
	return f
}

func (s *scorecardScreen) overrideForm(sc meeting.Score) *form {
	d, p, def := s.d, s.card.Period, sc.Def()
	f := newForm(s.st, fmt.Sprintf("Status of %s in %s (the rule says %s)", sc.Name, p.Label(), ruleSays(sc)), func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			en, err := d.Svc.OverrideStatus(d.Ctx, d.Actor, def.Key, p, v["status"], v["reason"], nil)
			if err != nil {
				return formDoneMsg{err: err}
			}
			if en.Override == "" {
				return formDoneMsg{notice: def.Name + ": the status follows the rule again"}
			}
			return formDoneMsg{notice: fmt.Sprintf("%s: %s (%s)", def.Name, en.Override, en.OverrideReason)}
		}
	})
	cur := "clear"
	if sc.Overridden {
		cur = string(sc.Status)
	}
	f.add("status", "Status", choices("green", "amber", "red", "clear"), chosen(cur))
	f.add("reason", "Reason", placeholder("one line, shown next to the status"))
	return f
}

// ruleSays is the status the rule gives, for an overridden score too.
func ruleSays(sc meeting.Score) string {
	if !sc.Overridden {
		return string(sc.Status)
	}
	if _, after, ok := strings.Cut(sc.StatusReason, "the rule says "); ok {
		w, _, _ := strings.Cut(after, ",")
		return w
	}
	return string(sc.Status)
}

func (s *scorecardScreen) shadowForm() *form {
	d := s.d
	f := newForm(s.st, "Log time you spent with customers", func(v map[string]string) tea.Cmd {
		return func() tea.Msg {
			x, err := d.Svc.LogShadowing(d.Ctx, d.Actor, meeting.ShadowingInput{Duration: v["duration"], Date: v["date"], Customer: v["customer"], Note: v["note"]})
			if err != nil {
				return formDoneMsg{err: err}
			}
			return formDoneMsg{notice: fmt.Sprintf("%s logged: %s hours with %s on %s", x.ID, fmt.Sprint(x.Hours()), orWord(x.Customer, "customers"), x.Date)}
		}
	})
	f.add("duration", "Duration", required(), placeholder("2h, 90m, 1h30m"))
	f.add("customer", "Customer", placeholder("who you shadowed: a customer or segment"))
	f.add("note", "Note", placeholder("what you did or learned"))
	f.add("date", "Day", placeholder("today, yesterday or 2026-11-20"))
	return f
}

// ---- view ----

// scoreLight is the traffic light: a coloured ● and the word, or the word
// alone in the plain palette.
func scoreLight(st *Styles, status meeting.ScoreStatus) string {
	word := string(status)
	if st.Plain {
		return word
	}
	switch status {
	case meeting.ScoreGreen:
		return st.OK.Render("●") + " " + word
	case meeting.ScoreAmber:
		return st.Warn.Render("●") + " " + word
	case meeting.ScoreRed:
		return st.Danger.Render("●") + " " + word
	}
	return st.Subtle.Render("○ " + word)
}

// statusText is the light; an overridden one is marked and says why.
func statusText(st *Styles, sc meeting.Score) string {
	if sc.Overridden {
		reason, _, _ := strings.Cut(sc.StatusReason, " (set by ")
		return scoreLight(st, sc.Status) + "* " + st.Subtle.Render(reason)
	}
	return scoreLight(st, sc.Status)
}

func (s *scorecardScreen) view(w, h int) string {
	st := s.st
	var b strings.Builder
	title, scope := "CX leadership scorecard", ""
	if s.loaded {
		title += " · " + s.card.Period.Label()
		scope = fmt.Sprintf("%s to %s", s.card.From, s.card.To)
		if s.card.InProgress {
			scope += " so far"
		}
		scope += " · " + s.card.Zone
	}
	b.WriteString(spread(st.Title.Render(title), st.Subtle.Render(scope), w) + "\n")
	if !s.loaded {
		if s.err != "" {
			return b.String() + st.Error.Render(s.err)
		}
		return b.String() + st.Subtle.Render("computing…")
	}
	if s.form != nil {
		b.WriteString(s.form.view(min(w, 100), max(h-2, 6)))
		return b.String()
	}
	v := s.card
	rows := s.rows()
	catW, nameW, actW, tgtW, priW := 10, 6, 9, 9, 8
	for _, sc := range rows {
		catW = max(catW, ansi.StringWidth(sc.Category))
		nameW = max(nameW, ansi.StringWidth(sc.Name))
		actW = max(actW, ansi.StringWidth(sc.ActualText()))
		tgtW = max(tgtW, ansi.StringWidth(sc.TargetText()))
		priW = max(priW, ansi.StringWidth(sc.PriorText()))
	}
	catW = min(catW, 10) // "Capability"; ritual health has its own heading
	// the metric name gives way first on a narrow terminal
	nameW = max(min(nameW, w-2-catW-actW-tgtW-priW-5-12-12), 12)
	row := func(cat, name, actual, target, prior, trend, status string) string {
		return padRight(ansi.Truncate(cat, catW, "…"), catW) + "  " + padRight(ansi.Truncate(name, nameW, "…"), nameW) + "  " +
			padRight(actual, actW) + "  " + padRight(target, tgtW) + "  " + padRight(prior, priW) + "  " + padRight(trend, 5) + "  " + status
	}
	cur, nxt, pri := fmt.Sprintf("Q%d", v.Period.Quarter), fmt.Sprintf("Q%d", v.Next.Quarter), fmt.Sprintf("Q%d", v.Prior.Quarter)
	b.WriteString(st.Section.Render("  "+row("CATEGORY", "METRIC", cur+" ACTUAL", nxt+" TARGET", pri+" PRIOR", "TREND", "STATUS")) + "\n")

	// the lines below the table: the selected row's reason, the legend and
	// the rule, the notice and the help
	rule := lipgloss.NewStyle().Width(max(w-1, 20)).Render(v.Rule)
	ruleLines := strings.Split(rule, "\n")
	avail := max(h-3-2-len(ruleLines)-1, 4) // title, header, reason, health heading, rule, notice
	if s.cursor < s.top {
		s.top = s.cursor
	}
	if s.cursor >= s.top+avail {
		s.top = s.cursor - avail + 1
	}
	s.top = max(min(s.top, len(rows)-avail), 0)
	for i := s.top; i < len(rows) && i < s.top+avail; i++ {
		sc := rows[i]
		if i == len(v.Scores) {
			b.WriteString(st.Section.Render("  RITUAL HEALTH (activity, not outcomes)") + "\n")
		}
		cat := sc.Category
		if sc.Category == meeting.CategoryRitualHealth {
			cat = ""
		}
		line := row(cat, sc.Name, sc.ActualText(), sc.TargetText(), sc.PriorText(), sc.Trend.Arrow(), "")
		if i != s.cursor {
			b.WriteString(ansi.Truncate("  "+line+statusText(st, sc), w, "…") + "\n")
			continue
		}
		b.WriteString(ansi.Truncate(st.Cursor.Render("› ")+st.Selected.Render(line)+statusText(st, sc), w, "…") + "\n")
		b.WriteString(ansi.Truncate("    "+st.Subtle.Render(sc.StatusReason), w, "…") + "\n")
	}
	legend := "green on track · amber needs attention · red at risk · n/a no figure · * overridden · ↑ improving ↓ declining → steady"
	b.WriteString(ansi.Truncate(st.Subtle.Render(legend), w, "…") + "\n")
	for _, l := range ruleLines {
		b.WriteString(st.Subtle.Render(strings.TrimRight(l, " ")) + "\n")
	}
	switch {
	case s.err != "":
		b.WriteString(st.Error.Render(ansi.Truncate(s.err, w, "…")))
	case s.notice != "":
		b.WriteString(st.OK.Render(ansi.Truncate("✓ "+s.notice, w, "…")))
	}
	return strings.TrimRight(b.String(), "\n")
}

// scoreHeading is a figure's one line: "88% (22 of 25) · target 95% (Q1
// 2027) · prior 85% (Q3 2026) · ↑ improving".
func scoreHeading(v *meeting.ScorecardView, sc meeting.Score) string {
	return fmt.Sprintf("%s (%s) · target %s (%s) · prior %s (%s) · %s %s", sc.ActualText(), sc.Source, sc.TargetText(), v.Next.Label(),
		sc.PriorText(), v.Prior.Label(), sc.Trend.Arrow(), sc.Trend)
}

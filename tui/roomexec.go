package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// The room's panes for the executive rituals (the steering committee, the
// executive review, the board review, the at-risk accounts review): the
// quarter's twelve Metrics That Matter (a segment that produces board),
// the initiative charters with their next go/no-go point (charters) and
// the top 10 at-risk accounts (accounts). Their records are written
// between meetings too; the Service tells the hub, which has the room
// reload them (meeting/room_exec.go), so the panes follow every change.
// From the board pane a facilitator or an executive enters the quarter's
// figure; from the charters pane, a go or no-go. Both go through the
// Service, which asks the policy table with the person's team role.

// execKind reports whether kind is one of the executive panes.
func execKind(kind meeting.RecordKind) bool {
	return kind == meeting.KindBoard || kind == meeting.KindCharters || kind == meeting.KindAccounts
}

// seesExecutive reports whether the viewer may see the executive layer
// (guests may not).
func (s *roomScreen) seesExecutive() bool {
	return meeting.Can(s.d.Actor, meeting.OpSeeExecutive, meeting.Subject{})
}

// safe is record text as drawn: one line, no control or escape sequences
// (the records were cleaned when written; what is drawn is cleaned again).
func safe(s string) string { return meeting.CleanLine(s, meeting.MaxLine) }

// execNeed is how many lines the executive pane of kind wants (title,
// table, the line under it, the tally), so a narrow room can give it the
// room before the prompt; 0 for any other pane.
func (s *roomScreen) execNeed(kind meeting.RecordKind) int {
	switch kind {
	case meeting.KindBoard:
		return 2 + len(s.snap.Board) + 2 + 1
	case meeting.KindCharters:
		return 2 + max(len(s.snap.Chartered), 1) + 2 + 1
	case meeting.KindAccounts:
		return 2 + max(len(s.snap.Accounts), 1) + 2 + 1 // at 72 columns and more: one line each
	}
	return 0
}

// execRows is how many selectable rows the executive pane has.
func (s *roomScreen) execRows(kind meeting.RecordKind) int {
	switch kind {
	case meeting.KindBoard:
		return len(s.snap.Board)
	case meeting.KindCharters:
		return len(s.snap.Chartered)
	case meeting.KindAccounts:
		return len(s.snap.Accounts)
	}
	return 0
}

// enableExecKeys offers the board figure and go/no-go keys to whoever the
// policy lets write them, asked with the team role (the role the Service
// checks); for anyone else they are refusals that say why.
func (s *roomScreen) enableExecKeys(kind meeting.RecordKind) {
	k := &s.keys
	a := s.d.Actor
	gate := func(b *key.Binding, offered bool, op meeting.Op) {
		ok := meeting.Can(a, op, meeting.Subject{})
		b.SetEnabled(offered && ok)
		if offered && !ok {
			s.refusals = append(s.refusals, refusal{keys: b.Keys(), op: op, team: true})
		}
	}
	gate(&k.Figure, kind == meeting.KindBoard && len(s.snap.Board) > 0, meeting.OpEnterBoard)
	gate(&k.Gate, kind == meeting.KindCharters && len(s.snap.Chartered) > 0, meeting.OpEditCharter)
}

// boardPeriod is the quarter the room's board figures are for.
func (s *roomScreen) boardPeriod() meeting.Period {
	if b := s.snap.Board; len(b) > 0 && len(b[0].Series) > 0 {
		return b[0].Series[len(b[0].Series)-1].Period
	}
	return meeting.PeriodOf(s.snap.Meeting.Date)
}

// execView renders the executive pane of kind.
func (s *roomScreen) execView(kind meeting.RecordKind, w int) (string, []string, int) {
	if !s.seesExecutive() {
		title := map[meeting.RecordKind]string{meeting.KindBoard: "Metrics That Matter", meeting.KindCharters: "Initiative charters",
			meeting.KindAccounts: "Top 10 at-risk accounts"}[kind]
		return title, []string{s.st.Subtle.Render("Guests cannot see the executive layer (board metrics, charters, at-risk accounts).")}, -1
	}
	var title string
	var lines []string
	sel := -1
	switch kind {
	case meeting.KindBoard:
		title, lines, sel = s.boardPane(w)
	case meeting.KindCharters:
		title, lines, sel = s.chartersPane(w)
	default:
		title, lines, sel = s.accountsPane(w)
	}
	return title, append(lines, s.execRecords(kind, w)...), sel
}

// execRecords lists what the segment recorded under its table: its
// actions, and in a charters segment the meeting's decisions.
func (s *roomScreen) execRecords(kind meeting.RecordKind, w int) []string {
	st := s.st
	var lines []string
	if kind == meeting.KindCharters {
		for _, d := range s.snap.Decisions {
			lines = append(lines, ansi.Truncate("  "+st.Accent.Render(d.ID)+" "+safe(d.Title)+proofTag(st, d), w, "…"))
		}
		if len(lines) > 0 {
			lines = append([]string{"", st.Section.Render("DECISIONS")}, lines...)
		}
	}
	acts := s.segmentActions()
	if len(acts) == 0 {
		return lines
	}
	lines = append(lines, "", st.Section.Render("ACTIONS FROM THIS SEGMENT"))
	today := s.d.Svc.Today()
	for _, a := range acts {
		status := string(a.Status)
		if a.Overdue(today) {
			status = st.Danger.Render("overdue")
		}
		lines = append(lines, ansi.Truncate("  "+st.Accent.Render(a.ID)+" "+safe(a.Text)+
			st.Subtle.Render(fmt.Sprintf(" — %s, due %s, ", safe(a.OwnerLabel()), a.Due))+status, w, "…"))
	}
	return lines
}

// boardPane is the quarter's twelve Metrics That Matter, one row each:
// the figure, the target and the status (the board report's), then
// executive response time and where the selected figure comes from.
func (s *roomScreen) boardPane(w int) (string, []string, int) {
	st := s.st
	p := s.boardPeriod()
	title := "Metrics That Matter · " + p.Label() + s.hints(hint{s.keys.Figure, "enter: this quarter's figure"})
	figs := s.snap.Board
	if len(figs) == 0 {
		return title, []string{st.Subtle.Render("No board figures for this meeting.")}, -1
	}
	curW, tgtW := 5, 6
	for _, f := range figs {
		curW = max(curW, ansi.StringWidth(f.ValueText()))
		tgtW = max(tgtW, ansi.StringWidth(f.TargetText()))
	}
	const statusW = 7
	nameW := max(min(26, w-2-curW-tgtW-statusW-6), 8)
	row := func(cur, name, val, tgt, status string) string {
		return cur + padRight(ansi.Truncate(name, nameW, "…"), nameW) + "  " + padRight(val, curW) + "  " + padRight(tgt, tgtW) + "  " + status
	}
	lines := []string{ansi.Truncate(st.Section.Render(row("  ", "METRIC", "NOW", "TARGET", "STATUS")), w, "…")}
	sel := -1
	for i, f := range figs {
		if i == s.sel {
			sel = len(lines)
		}
		val := padRight(f.ValueText(), curW)
		switch f.Status {
		case meeting.ScoreGreen:
			val = st.OK.Render(val)
		case meeting.ScoreAmber:
			val = st.Warn.Render(val)
		case meeting.ScoreRed:
			val = st.Danger.Render(val)
		}
		name := f.Metric.Name
		if f.Metric.OnBoard {
			name = "*" + name
		}
		lines = append(lines, ansi.Truncate(row(s.cursor(i), name, val, f.TargetText(), scoreLight(st, f.Status)), w, "…"))
	}
	lines = append(lines, ansi.Truncate(st.Subtle.Render("executive response: ")+safe(s.snap.Response.Summary()), w, "…"))
	if s.sel >= 0 && s.sel < len(figs) {
		lines = append(lines, ansi.Truncate(st.Subtle.Render(figureSource(figs[s.sel], s.d.team())), w, "…"))
	}
	return title, lines, sel
}

// figureSource says where a figure comes from: who entered it, when and
// from what, or how it is computed.
func figureSource(f meeting.BoardFigure, team *meeting.Team) string {
	name := f.Metric.Name + ": "
	switch {
	case f.Source == meeting.SourceComputed:
		return name + "computed from cxroom's escalations"
	case !f.Has:
		return name + "no figure this quarter yet · accountable: " + f.Metric.Accountable
	}
	by := f.EnteredBy
	if team != nil {
		by = team.Display(by)
	}
	return name + safe(fmt.Sprintf("%s · %s · %s, %s", f.ValueText(), f.Note, by, meeting.DateOf(f.EnteredAt)))
}

// chartersPane lists the charters: sponsor, status and the next go/no-go
// point, due or overdue marked; the selected one's objective and latest
// decision under them.
func (s *roomScreen) chartersPane(w int) (string, []string, int) {
	st := s.st
	cs := s.snap.Chartered
	title := "Initiative charters — go/no-go at 30 days, 90 days, 6 months" + s.hints(hint{s.keys.Gate, "enter: go/no-go"})
	if len(cs) == 0 {
		return title, []string{st.Subtle.Render("No chartered initiative. `cxroom charters add` charters one.")}, -1
	}
	team := s.d.team()
	today := s.d.Svc.Today()
	sponsor := func(c *meeting.Charter) string {
		n := strings.TrimPrefix(c.Sponsor, "+") // "+Name": someone outside the team
		if team != nil {
			n = team.Display(n)
		}
		return safe(n)
	}
	sponW, idW := 8, 2
	for _, c := range cs {
		sponW = max(sponW, ansi.StringWidth(sponsor(c)))
		idW = max(idW, len(c.ID))
	}
	sponW = min(sponW, 16)
	const nextW = 32 // "30 days 2026-10-31 ⚑ overdue 24d"
	statusW := 9
	if w < 72 {
		statusW = 0 // narrow: a stopped charter's next point says it
	}
	nameW := max(min(28, w-2-idW-1-2-sponW-2-statusW-nextW), 12)
	row := func(cur, id, name, spon, status, next string) string {
		return cur + padRight(id, idW) + " " + padRight(ansi.Truncate(name, nameW, "…"), nameW) + "  " +
			padRight(ansi.Truncate(spon, sponW, "…"), sponW) + "  " + padRight(ansi.Truncate(status, statusW, ""), statusW) + next
	}
	lines := []string{ansi.Truncate(st.Section.Render(row("  ", "ID", "INITIATIVE", "SPONSOR", "STATUS", "NEXT POINT")), w, "…")}
	sel := -1
	for i, c := range cs {
		if i == s.sel {
			sel = len(lines)
		}
		status := string(c.Status)
		if c.Status == meeting.CharterStopped && statusW > 0 {
			status = st.Danger.Render(padRight(status, statusW))
		}
		lines = append(lines, ansi.Truncate(row(s.cursor(i), st.Accent.Render(c.ID), safe(c.Name), sponsor(c), status, s.nextPoint(c, today)), w, "…"))
	}
	if s.sel >= 0 && s.sel < len(cs) {
		c := cs[s.sel]
		detail := st.Subtle.Render(c.ID+" objective: ") + safe(c.Objective)
		if c.SponsorRole != "" {
			detail += st.Subtle.Render(" · sponsor role: " + safe(c.SponsorRole))
		}
		lines = append(lines, "", ansi.Truncate(detail, w, "…"))
		for _, g := range c.Gates {
			if g.Decided() {
				d := fmt.Sprintf("%s: %s on %s", g.Point, g.Decision, meeting.DateOf(g.DecidedAt))
				if g.Note != "" {
					d += " — " + g.Note
				}
				lines = append(lines, ansi.Truncate("  "+st.Subtle.Render(safe(d)), w, "…"))
			}
		}
	}
	return title, lines, sel
}

// nextPoint is a charter's next undecided go/no-go point and when it is
// due: overdue and due today stand out.
func (s *roomScreen) nextPoint(c *meeting.Charter, today meeting.Date) string {
	st := s.st
	if c.Status != meeting.CharterActive {
		for i := len(c.Gates) - 1; i >= 0; i-- {
			if g := c.Gates[i]; g.Decided() {
				return st.Subtle.Render(fmt.Sprintf("%s at %s", g.Decision, g.Point))
			}
		}
		return st.Subtle.Render("closed")
	}
	g, ok := c.NextGate()
	if !ok {
		return st.OK.Render("every point decided")
	}
	at := fmt.Sprintf("%s %s ", g.Point, g.Due)
	days := g.Due.DaysUntil(today) // > 0: past its day
	switch {
	case days > 0:
		return at + st.Danger.Render(fmt.Sprintf("⚑ overdue %dd", days))
	case days == 0:
		return at + st.Warn.Render("⚑ due today")
	}
	return at + st.Subtle.Render(fmt.Sprintf("in %dd", -days))
}

// accountsPane is the top 10 at-risk accounts: health, risk, the
// mitigation's owner and date, an overdue mitigation marked; the selected
// one's mitigation, ARR and renewal under them.
func (s *roomScreen) accountsPane(w int) (string, []string, int) {
	st := s.st
	xs := s.snap.Accounts
	title := fmt.Sprintf("Top %d at-risk accounts — health, risk, mitigation owner and date", meeting.TopAtRisk)
	if len(xs) == 0 {
		return title, []string{st.Subtle.Render("No account on the at-risk list. `cxroom accounts add` puts one there.")}, -1
	}
	team := s.d.team()
	today := s.d.Svc.Today()
	owner := func(x *meeting.Account) string {
		if x.Owner == "" {
			return "—"
		}
		if team != nil {
			return safe(team.Display(x.Owner))
		}
		return safe(x.Owner)
	}
	const healthW, dateW = 6, 10
	accW, ownW := 8, 5
	for _, x := range xs {
		accW = max(accW, ansi.StringWidth(safe(x.Account)))
		ownW = max(ownW, ansi.StringWidth(owner(x)))
	}
	accW, ownW = min(accW, 18), min(ownW, 14)
	const markW = 11 // " ⚑ overdue"
	idW := 2
	for _, x := range xs {
		idW = max(idW, len(x.ID))
	}
	riskW := max(w-2-idW-1-accW-2-healthW-2-2-ownW-2-dateW-markW, 0)
	narrow := riskW < 16 // the risk goes under the row
	if narrow {
		riskW = 0
	}
	row := func(cur, id, acc, health, risk, own, due string) string {
		l := cur + padRight(id, idW) + " " + padRight(ansi.Truncate(acc, accW, "…"), accW) + "  " + padRight(health, healthW) + "  "
		if !narrow {
			l += padRight(ansi.Truncate(risk, riskW, "…"), riskW) + "  "
		}
		return l + padRight(ansi.Truncate(own, ownW, "…"), ownW) + "  " + due
	}
	lines := []string{ansi.Truncate(st.Section.Render(row("  ", "ID", "ACCOUNT", "HEALTH", "RISK", "OWNER", "BY")), w, "…")}
	sel := -1
	for i, x := range xs {
		if i == s.sel {
			sel = len(lines)
		}
		health := padRight(string(x.Health), healthW)
		switch x.Health {
		case meeting.HealthRed:
			health = st.Danger.Render(health)
		case meeting.HealthYellow:
			health = st.Warn.Render(health)
		case meeting.HealthGreen:
			health = st.OK.Render(health)
		}
		due := or(string(x.Due), "—")
		if x.Due != "" && x.Due.Before(today) {
			due += st.Danger.Render(" ⚑ overdue")
		}
		lines = append(lines, ansi.Truncate(row(s.cursor(i), st.Accent.Render(x.ID), safe(x.Account), health, safe(x.Risk), owner(x), due), w, "…"))
		if narrow {
			lines = append(lines, ansi.Truncate(strings.Repeat(" ", 3+idW)+st.Subtle.Render("risk: ")+safe(x.Risk), w, "…"))
		}
	}
	if s.sel >= 0 && s.sel < len(xs) {
		x := xs[s.sel]
		detail := x.ID + " mitigation: " + or(x.Mitigation, "none yet")
		if x.ARR > 0 {
			detail += " · ARR " + meeting.FormatMoney(x.ARR)
		}
		if x.Renewal != "" {
			detail += " · renews " + string(x.Renewal)
		}
		lines = append(lines, "", ansi.Truncate(st.Subtle.Render(safe(detail)), w, "…"))
	}
	return title, lines, sel
}

// ---- forms ----

// figureForm enters the quarter's figure for a board metric, through the
// Service (which asks the policy table): "clear" removes it.
func (s *roomScreen) figureForm(f meeting.BoardFigure) *form {
	d, a := s.d, s.d.Actor
	p := s.boardPeriod()
	m := f.Metric
	title := fmt.Sprintf("%s · %s (target %s)", m.Name, p.Label(), f.TargetText())
	fm := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		e, bm, err := d.Svc.EnterBoardMetric(ctx, a, m.Key, p, v["value"], v["source"], d.Zone)
		if err != nil {
			return "", err
		}
		if e.Value == nil {
			return fmt.Sprintf("cleared %s for %s", bm.Name, p.Label()), nil
		}
		return fmt.Sprintf("saved %s for %s: %s", bm.Name, p.Label(), bm.FormatValue(*e.Value)), nil
	}))
	fm.target = m.Key
	cur, src := "", ""
	if f.Has {
		cur, src = fmt.Sprint(f.Value), f.Note
	}
	unit := m.Unit
	if unit == "" {
		unit = "a number"
	}
	fm.add("value", "Figure", required(), value(cur), placeholder(fmt.Sprintf("in %s, e.g. %g (clear removes it)", unit, m.Target)))
	fm.add("source", "Source", value(src), placeholder("where it comes from, e.g. "+p.Label()+" finance close"))
	return fm
}

// gateForm records a go or no-go at a charter's next point, through the
// Service, as decided in this meeting.
func (s *roomScreen) gateForm(c *meeting.Charter, g meeting.Gate) *form {
	d, a, id := s.d, s.d.Actor, s.room.ID()
	title := fmt.Sprintf("%s %s: the %s go/no-go point (due %s)", c.ID, safe(c.Name), g.Point, g.Due)
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		x, gate, err := d.Svc.DecideGate(ctx, a, c.ID, g.Point, v["decision"], v["note"], id)
		if err != nil {
			return "", err
		}
		return gate.Describe(x), nil
	}))
	f.target = c.ID
	f.add("decision", "Decision", choices(string(meeting.GateGo), string(meeting.GateNoGo)), chosen(string(meeting.GateGo)))
	f.add("note", "Note", placeholder("a no-go says what stops and where the budget goes"))
	return f
}

// enterFigure opens the figure form for the selected metric.
func (s *roomScreen) enterFigure() tea.Cmd {
	if s.sel < 0 || s.sel >= len(s.snap.Board) {
		return nil
	}
	f := s.snap.Board[s.sel]
	if f.Metric.Computed {
		s.err = f.Metric.Name + " is computed from cxroom's escalations; it cannot be entered"
		return nil
	}
	return s.openForm(s.figureForm(f), "board figure")
}

// enterGate opens the go/no-go form for the selected charter's next point.
func (s *roomScreen) enterGate() tea.Cmd {
	if s.sel < 0 || s.sel >= len(s.snap.Chartered) {
		return nil
	}
	c := s.snap.Chartered[s.sel]
	if c.Status != meeting.CharterActive {
		s.err = fmt.Sprintf("%s is %s; its go/no-go points are closed", c.ID, c.Status)
		return nil
	}
	g, ok := c.NextGate()
	if !ok {
		s.err = "every go/no-go point of " + c.ID + " is decided"
		return nil
	}
	return s.openForm(s.gateForm(c, g), "go/no-go")
}

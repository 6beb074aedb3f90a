package tui

// Long on purpose: the room's panes per segment kind share one cache key and one layout; split by kind they would repeat both.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

func (s *roomScreen) view(w, h int) string {
	st := s.st
	m := s.snap.Meeting
	now := s.d.now()
	s.width = w

	head, segLine := s.header(w)
	clock, barW := s.clock.lines(st, m, now, w, &s.d.Cache.clocks)
	s.barW = barW

	people, status := s.footer(w)
	proof := s.proofPanel(w) // a motion or a sign-off: everyone sees it
	headH := 4
	footH := strings.Count(people, "\n") + strings.Count(status, "\n") + 2
	if proof != "" {
		footH += strings.Count(proof, "\n") + 1
	}
	bodyH := max(h-headH-footH, 3)

	if w < 100 {
		var b strings.Builder
		b.Grow(w * (h + 4))
		b.WriteString(head + "\n" + segLine + "\n" + clock + "\n")
		ph := min(bodyH/3, 8)
		// an executive pane's table comes before the prompt: the segment
		// line says what it is for, and the prompt needs three lines or none
		if need := s.execNeed(primaryKind(m.Segment())); need > 0 && bodyH-ph < need {
			if ph = max(bodyH-need, 0); ph < 3 {
				ph = 0
			}
		}
		prompt := s.promptColumn(w, ph)
		rights, _ := s.rightPane(w, bodyH-ph)
		if ph > 0 && s.form == nil && !s.showHis {
			prompt, rights = s.givePromptSpare(w, ph, prompt, rights)
		}
		for _, l := range prompt {
			b.WriteString(l + "\n")
		}
		for _, l := range rights {
			b.WriteString(l + "\n")
		}
		writeFooter(&b, proof, people, status)
		return b.String()
	}
	// prompt column | records: the prompt is padded to its width, the
	// records are not (trailing blanks cost every session a parse)
	pw := w * 2 / 5
	prompt := s.promptColumn(pw-1, bodyH)
	rights, shared := s.rightPane(w-pw-2, bodyH)
	sep := s.shared(paneKey{kind: "sep", style: styleName(st)}, func() string { return st.Faint.Render("│") })
	// every session showing the same parts shows the same screen: the
	// first one builds it, the rest of the room takes it
	var key bodyKey
	if shared && len(prompt) > 0 && len(rights) > 0 {
		key = bodyKey{head: head, segLine: segLine, clock: clock, proof: proof, people: people, status: status,
			prompt: &prompt[0], rights: &rights[0], sep: sep, w: w, bodyH: bodyH}
		if body, ok := s.d.Cache.bodies.get(key); ok {
			return body
		}
	}
	var b strings.Builder
	b.Grow(len(head) + len(segLine) + len(clock) + len(proof) + len(people) + len(status) + 8 +
		bodyH*(len(prompt[0])+len(sep)+len(rights[0])+8))
	b.WriteString(head)
	b.WriteByte('\n')
	b.WriteString(segLine)
	b.WriteByte('\n')
	b.WriteString(clock)
	b.WriteByte('\n')
	for i := range bodyH {
		b.WriteString(prompt[i])
		b.WriteString(sep)
		b.WriteByte(' ')
		b.WriteString(rights[i])
		b.WriteByte('\n')
	}
	writeFooter(&b, proof, people, status)
	body := b.String()
	if key.prompt != nil {
		s.d.Cache.bodies.put(key, body)
	}
	return body
}

// givePromptSpare gives the prompt (ph lines of w) the lines the records
// below it leave empty, as many as it has more to say: at 80×24 a third of
// the body showed two of a segment's four questions above eight empty
// lines. The records keep every line they fill.
func (s *roomScreen) givePromptSpare(w, ph int, prompt, rights []string) ([]string, []string) {
	spare := 0
	for i := len(rights) - 1; i >= 0 && blankLine(rights[i]); i-- {
		spare++
	}
	if spare == 0 {
		return prompt, rights
	}
	more := s.promptColumn(w, ph+spare)
	used := len(more)
	for used > ph && blankLine(more[used-1]) {
		used--
	}
	if used == ph {
		return prompt, rights
	}
	return more[:used], rights[:len(rights)-(used-ph)]
}

// blankLine reports whether a drawn line shows nothing.
func blankLine(l string) bool { return strings.TrimSpace(ansi.Strip(l)) == "" }

// writeFooter ends a room screen: the proof panel (if any), who is here
// and the status line.
func writeFooter(b *strings.Builder, proof, people, status string) {
	if proof != "" {
		b.WriteString(proof)
		b.WriteByte('\n')
	}
	b.WriteString(people)
	b.WriteByte('\n')
	b.WriteString(status)
}

// header is the ritual, its ID and who facilitates, then the segment k/n,
// its title and output: the same for everyone in the room, so rendered
// once per change and width and shared.
func (s *roomScreen) header(w int) (head, segLine string) {
	st := s.st
	m := s.snap.Meeting
	fac := s.d.team().Display(m.Facilitator)
	key := paneKey{kind: "header", room: s.room, version: s.snap.Version, text: fac, w: w, style: styleName(st)}
	if ls, ok := s.d.Cache.panes.get(key); ok {
		return ls[0], ls[1]
	}
	seg := m.Segment()
	left := st.Title.Render(m.Title) + st.Subtle.Render(" · "+m.ID)
	right := st.Subtle.Render("facilitator: " + fac)
	head = spread(left, right, w)
	segLine = st.Header.Render(fmt.Sprintf("Segment %d/%d · %s", m.Timer.Current+1, len(m.Agenda.Segments), seg.Title))
	if seg.Output != "" {
		segLine += st.Subtle.Render("  → " + seg.Output)
	}
	segLine = ansi.Truncate(segLine, w, "…")
	s.d.Cache.panes.put(key, []string{head, segLine})
	return head, segLine
}

// shared returns the line cached under key, rendering it on a miss.
func (s *roomScreen) shared(key paneKey, render func() string) string {
	if ls, ok := s.d.Cache.panes.get(key); ok {
		return ls[0]
	}
	l := render()
	s.d.Cache.panes.put(key, []string{l})
	return l
}

// fitted tells the root model every line is already within the width.
func (s *roomScreen) fitted() bool { return true }

// promptColumn renders the segment's prompt (markdown) as exactly h lines
// padded to w: shared by every session showing the same prompt at the same
// size and palette.
func (s *roomScreen) promptColumn(w, h int) []string {
	st := s.st
	if seg := s.snap.Meeting.Timer.Current + 1; s.promptSeg != seg {
		s.prompt, s.promptSeg = promptText(s.snap.Meeting), seg
	}
	text := s.prompt
	key := paneKey{kind: "prompt", text: text, w: w, h: h, style: styleName(st)}
	if ls, ok := s.d.Cache.panes.get(key); ok {
		return ls
	}
	md := s.d.Cache.markdown(text, max(w-2, 10), st)
	ls := column(st.BoxTitle.Render("Prompt")+"\n"+md, w, h, true)
	s.d.Cache.panes.put(key, ls)
	return ls
}

// promptText is the segment's prompt, with the agenda's principles in the
// first segment.
func promptText(m *meeting.Meeting) string {
	text := m.Segment().Prompt
	if len(m.Agenda.Principles) == 0 || m.Timer.Current != 0 {
		return text
	}
	var b strings.Builder
	b.WriteString(text)
	b.WriteString("\n\n**Principles**\n")
	for _, p := range m.Agenda.Principles {
		b.WriteString("- ")
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return b.String()
}

// column cuts s into exactly h lines, each truncated to w cells and, if pad,
// padded to w.
func column(s string, w, h int, pad bool) []string {
	src := strings.Split(s, "\n")
	out := make([]string, h)
	for i := range out {
		l := ""
		if i < len(src) {
			l = src[i]
		}
		lw := ansi.StringWidth(l)
		if lw > w {
			l, lw = ansi.Truncate(l, w, "…"), w
		}
		if pad && lw < w {
			l += strings.Repeat(" ", w-lw)
		}
		out[i] = l
	}
	return out
}

// paneKey identifies a rendered pane. Everything a pane shows is derived
// from these fields, so sessions with the same key share one rendering.
type paneKey struct {
	kind    string
	room    *meeting.Room // the instance: a resumed or restored meeting starts its versions again
	version uint64
	text    string
	viewer  string // only where the pane differs per person (GUIDE)
	role    meeting.Role
	sel     int
	today   meeting.Date
	w, h    int
	style   string
}

// rightPane renders the segment's records as exactly h lines within w
// (shared: the lines are the pane cache's, the same for every session
// showing them).
func (s *roomScreen) rightPane(w, h int) (lines []string, shared bool) {
	st := s.st
	if s.form != nil {
		return column(s.form.view(w, h), w, h, false), false
	}
	if s.showHis {
		return column(st.BoxTitle.Render("Past GUIDE sessions with "+meeting.AndList(s.snap.Meeting.Coachees)+"  (any key closes)")+"\n"+s.historyView(w), w, h, false), false
	}
	kind := primaryKind(s.snap.Meeting.Segment())
	key := paneKey{kind: "records", room: s.room, version: s.snap.Version, role: s.role(), sel: s.sel,
		today: s.d.Svc.Today(), w: w, h: h, style: styleName(st)}
	if kind == meeting.KindGuide || kind == meeting.KindNotes {
		key.viewer = s.d.Actor.Handle
	}
	if execKind(kind) && !s.seesExecutive() {
		key.viewer = "guest" // the executive layer is not a guest's to see
	}
	// the panes offer only the keys this person can use (an observer none;
	// the walk's outcomes to the action's owner): sessions offered the same
	// keys share the pane
	s.enableKeys()
	key.text = s.keySig()
	if ls, ok := s.d.Cache.panes.get(key); ok {
		return ls, true
	}
	var title string
	selLine := -1
	switch kind {
	case meeting.KindIssues:
		title, lines, selLine = s.issuesView(w)
	case meeting.KindReview:
		title, lines, selLine = s.walkView(w)
	case meeting.KindMetrics:
		title, lines = s.healthView(w)
	case meeting.KindPromises:
		title, lines, selLine = s.promisesView(w)
	case meeting.KindJourneys:
		title, lines, selLine = s.journeysView(w)
	case meeting.KindPipeline:
		title, lines, selLine = s.pipelineView(w)
	case meeting.KindBoard, meeting.KindCharters, meeting.KindAccounts:
		title, lines, selLine = s.execView(kind, w)
	case meeting.KindStories:
		title, lines, selLine = s.storiesView(w)
	case meeting.KindGuide:
		title, lines = s.guideView(w)
	case meeting.KindNotes:
		title, lines = s.notesView(w)
	default:
		title, lines, selLine = s.actionsView(w, kind == meeting.KindDecisions)
	}
	lines = append(lines, "", st.Subtle.Render(s.tally(w)))
	// keep the selected row in view
	if innerH := max(h-2, 1); selLine >= innerH {
		lines = lines[selLine-innerH+2:]
	}
	ls := column(st.BoxTitle.Render(title)+"\n"+strings.Join(lines, "\n"), w, h, false)
	s.d.Cache.panes.put(key, ls)
	return ls, true
}

// tally counts what the meeting has recorded so far, in w cells: the
// counts whole rather than "this meeting:" before them cut short.
func (s *roomScreen) tally(w int) string {
	b := s.snap
	counts := count(len(b.Actions), "action") + " · " + count(len(b.Decisions), "decision") + " · " +
		count(len(b.Issues), "issue") + " · " + count(len(b.Stories), "story")
	if line := "this meeting: " + counts; ansi.StringWidth(line) <= w {
		return line
	}
	return counts
}

func (s *roomScreen) cursor(i int) string {
	if i == s.sel {
		return s.st.Cursor.Render("› ")
	}
	return "  "
}

func (s *roomScreen) issuesView(w int) (string, []string, int) {
	st := s.st
	seg := s.snap.Meeting.Segment()
	title := "VOC issues — ranked" + s.hints(hint{s.keys.MoveUp, "K/J move"}, hint{s.keys.Vote, "v vote"})
	if seg.Top > 0 {
		title = fmt.Sprintf("Deep-dive: top %d — every issue leaves with an owner and a next step", seg.Top)
	}
	var lines []string
	sel := -1
	if len(s.snap.Issues) == 0 {
		lines = append(lines, st.Subtle.Render("No issues yet."+s.press(s.keys.Issue, " Press i to raise one.")))
	}
	rank := 0
	for i, is := range s.snap.Issues {
		if i == s.sel {
			sel = len(lines)
		}
		if !is.Resolved {
			rank++
		}
		n := fmt.Sprintf("%d.", rank)
		if is.Resolved {
			n = "✓"
		}
		meta := []string{}
		if is.Theme != "" {
			meta = append(meta, is.Theme)
		}
		if is.Signal != "" {
			meta = append(meta, string(is.Signal))
		}
		if v := len(is.Votes); v > 0 {
			meta = append(meta, fmt.Sprintf("%d vote%s", v, plural(v)))
		}
		if age := s.snap.AgeOf(is); age.Carried {
			meta = append(meta, fmt.Sprintf("carried · open %dd, %d mtgs", age.Days, age.Meetings))
		}
		meta, flag := vocLoopMeta(is, meta, s.d.now())
		line := fmt.Sprintf("%s%s %s %s", s.cursor(i), n, st.Accent.Render(is.ID), is.Title)
		if len(meta) > 0 {
			line += st.Subtle.Render("  " + strings.Join(meta, " · "))
		}
		if flag != "" {
			line += "  " + st.Danger.Render(flag)
		}
		lines = append(lines, ansi.Truncate(line, w, "…"))
		// evidence and ownership are the deep-dive's business; elsewhere
		// one line per issue keeps the ranking readable
		if seg.Top > 0 && rank <= seg.Top && !is.Resolved {
			ind := "     "
			if is.Story != "" || is.Stat != "" {
				lines = append(lines, ansi.Truncate(ind+st.Subtle.Render("evidence: ")+join2(quote(is.Story), is.Stat), w, "…"))
			}
			var ir []string
			if is.Impact != "" {
				ir = append(ir, st.Subtle.Render("impact: ")+is.Impact)
			}
			if is.RootCause != "" {
				ir = append(ir, st.Subtle.Render("root cause: ")+is.RootCause)
			}
			if len(ir) > 0 {
				lines = append(lines, ansi.Truncate(ind+strings.Join(ir, "  "), w, "…"))
			}
			lines = append(lines, s.issueNextSteps(is, ind, w)...)
		}
	}
	return title, lines, sel
}

// issueNextSteps shows the actions that own a deep-dived issue as they are
// now (text, owner, due date, status), or the flag when there is none.
func (s *roomScreen) issueNextSteps(is *meeting.Issue, ind string, w int) []string {
	st := s.st
	if !s.snap.IssueOwned(is) {
		if !is.DeepDive {
			return nil
		}
		hint := " (a: add its action)"
		if !s.can(meeting.OpAddRecord, meeting.Subject{}) {
			hint = ""
		}
		return []string{ansi.Truncate(ind+st.Danger.Render("⚑ needs an owner and a next step"+hint), w, "…")}
	}
	var lines []string
	for _, a := range s.snap.IssueActions(is) {
		status := string(a.Status)
		if a.Overdue(s.d.Svc.Today()) {
			status = st.Danger.Render("overdue")
		}
		lines = append(lines, ansi.Truncate(ind+st.OK.Render("next: ")+st.Accent.Render(a.ID)+" "+a.Text+
			st.Subtle.Render(fmt.Sprintf(" — %s, due %s, ", a.OwnerLabel(), a.Due))+status, w, "…"))
	}
	return lines
}

func (s *roomScreen) walkView(w int) (string, []string, int) {
	st := s.st
	m := s.snap.Meeting
	done := 0 // reviewed, wherever the walk stands (it can go back to correct one)
	for _, a := range s.snap.Carried {
		if _, ok := m.Reviewed(a.ID); ok {
			done++
		}
	}
	title := fmt.Sprintf("Prior actions — %d of %d walked", done, len(s.snap.Carried))
	var lines []string
	if len(s.snap.Carried) == 0 {
		return title, append([]string{st.Subtle.Render("No open actions from earlier meetings of this series.")}, s.dueReviewLines(w)...), -1
	}
	today := s.d.Svc.Today()
	sel := -1
	for i, a := range s.snap.Carried {
		mark := "  ·"
		style := st.Text
		if rev, ok := m.Reviewed(a.ID); ok {
			mark = "  ✓"
			style = st.Subtle
			_ = rev
		}
		if i == m.Walk {
			mark = st.Cursor.Render("› ▶")
			sel = len(lines)
		}
		due := string(a.Due)
		if a.Overdue(today) {
			due = st.Danger.Render(due + " overdue")
		}
		line := fmt.Sprintf("%s %s %s %s", mark, st.Accent.Render(a.ID), style.Render(a.Text), st.Subtle.Render("("+a.OwnerLabel()+", due ")+due+st.Subtle.Render(")"))
		lines = append(lines, ansi.Truncate(line, w, "…"))
		status := string(a.Status)
		if rev, ok := m.Reviewed(a.ID); ok {
			status = rev.Outcome
			if rev.Note != "" && rev.Note != "on track" {
				status += ": " + rev.Note
			}
		} else if n := a.LastChange().Note; a.Status != meeting.StatusOpen && n != "" {
			status += ": " + n
		}
		lines = append(lines, ansi.Truncate("      "+st.Subtle.Render(status), w, "…"))
		if i == m.Walk {
			if hint := s.walkHint(); hint != "" {
				lines = append(lines, ansi.Truncate("      "+st.Key.Render(hint), w, "…"))
			}
		}
	}
	if m.Walk >= len(s.snap.Carried) {
		done := st.OK.Render("All earlier actions walked.")
		if s.keys.WalkPrev.Enabled() {
			done += st.Subtle.Render(" ← goes back to correct one")
		}
		lines = append(lines, "", done)
		sel = len(lines) - 1 // keep the end of the walk in view
	}
	lines = append(lines, s.dueReviewLines(w)...)
	return title, lines, sel
}

// hint is a key named in a pane's title, offered only when enabled.
type hint struct {
	b    key.Binding
	text string
}

// hints is " (a add · enter status)" for the keys this person can use, or
// "" (an observer is offered none).
func (s *roomScreen) hints(hs ...hint) string {
	var parts []string
	for _, h := range hs {
		if h.b.Enabled() {
			parts = append(parts, h.text)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " · ") + ")"
}

// press is text, when b is a key this person can use.
func (s *roomScreen) press(b key.Binding, text string) string {
	if b.Enabled() {
		return text
	}
	return ""
}

// keySig names the keys enabled for this person, for the pane cache.
func (s *roomScreen) keySig() string { return s.keySigCache }

func (s *roomScreen) computeKeySig() string {
	k := &s.keys
	var b strings.Builder
	for _, x := range []*key.Binding{&k.Action, &k.Decision, &k.Issue, &k.Story, &k.Promise, &k.Vote, &k.MoveUp, &k.Status,
		&k.Done, &k.WalkPrev, &k.WalkNext, &k.Metrics, &k.Answer, &k.Notes, &k.Figure, &k.Gate} {
		if x.Enabled() {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// walkHint is the keys this person can use on the action under review:
// its outcomes (its owner, a facilitator), moving along (the facilitator).
func (s *roomScreen) walkHint() string {
	k := s.keys
	var parts []string
	if k.Done.Enabled() {
		parts = append(parts, "d done · o on track · b blocked · x escalated")
	}
	if k.WalkPrev.Enabled() {
		parts = append(parts, "← back")
	}
	if k.WalkNext.Enabled() {
		parts = append(parts, "→ skip")
	}
	return strings.Join(parts, " · ")
}

func (s *roomScreen) healthView(w int) (string, []string) {
	st := s.st
	j := s.snap.Journey
	if j == nil {
		return "Journey health", []string{st.Subtle.Render("No journey picked for this review.")}
	}
	owner := j.Owner
	if owner == "" {
		owner = st.Danger.Render("no owner — without authority, ownership is theater")
	}
	title := fmt.Sprintf("Journey health — %s", j.Name)
	lines := []string{st.Subtle.Render("owner: ") + owner, ""}
	nameW := min(28, max(w-46, 12))
	lines = append(lines, st.Section.Render(padRight("METRIC", nameW)+"  NOW     TARGET  PRIOR   TREND"))
	for _, h := range j.Health() {
		cur, prior := "—", "—"
		if h.HasValue {
			cur = fmt.Sprintf("%g%s", h.Current, h.Metric.Unit)
		}
		if h.HasPrior {
			prior = fmt.Sprintf("%g%s", h.Prior, h.Metric.Unit)
		}
		target := fmt.Sprintf("%s%g%s", targetSign(h.Metric), h.Metric.Target, h.Metric.Unit)
		curS := padRight(cur, 8)
		switch {
		case !h.HasValue:
		case h.OnTarget:
			curS = st.OK.Render(curS)
		default:
			curS = st.Warn.Render(curS)
		}
		trend := h.Trend.Arrow() + " " + string(h.Trend)
		switch h.Trend {
		case meeting.TrendImproving:
			trend = st.OK.Render(trend)
		case meeting.TrendDeclining:
			trend = st.Danger.Render(trend)
		}
		line := padRight(ansi.Truncate(h.Metric.Name, nameW, "…"), nameW) + "  " + curS + padRight(target, 8) + padRight(prior, 8) + trend
		lines = append(lines, ansi.Truncate(line, w, "…"))
		if sp := sparkline(j.Series(h.Metric.Key), 24); sp != "" {
			lines = append(lines, padRight("", nameW)+"  "+st.Accent.Render(sp))
		}
	}
	if len(j.Readings) == 0 || j.Readings[len(j.Readings)-1].MeetingID != s.snap.Meeting.ID {
		lines = append(lines, "", st.Key.Render("m: enter this period's values"))
	} else {
		lines = append(lines, "", st.OK.Render("This period's values are recorded.")+st.Subtle.Render(" (m to correct)"))
	}
	if s.keys.Targets.Enabled() {
		lines = append(lines, st.Subtle.Render("t: change this journey's targets"))
	}
	return title, lines
}

// sparkline draws the last n values as block characters.
func sparkline(vs []float64, n int) string {
	if len(vs) < 2 {
		return ""
	}
	if len(vs) > n {
		vs = vs[len(vs)-n:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	blocks := []rune("▁▂▃▄▅▆▇█")
	var b strings.Builder
	for _, v := range vs {
		i := len(blocks) / 2
		if hi > lo {
			i = int((v - lo) / (hi - lo) * float64(len(blocks)-1))
		}
		b.WriteRune(blocks[i])
	}
	return b.String()
}

func (s *roomScreen) promisesView(w int) (string, []string, int) {
	st := s.st
	title := "Promises — reality against each promise (i add · enter audit)"
	if len(s.snap.Promises) == 0 {
		return title, []string{st.Subtle.Render("No promises listed yet. Press i to add one: what promise are we making?")}, -1
	}
	var lines []string
	sel := -1
	sum, n := 0.0, 0
	for i, p := range s.snap.Promises {
		if i == s.sel {
			sel = len(lines)
		}
		rate := "—"
		if p.KeepRate >= 0 {
			rate = fmt.Sprintf("%g%%", p.KeepRate)
			sum += p.KeepRate
			n++
		}
		gap := p.GapToPromise()
		switch {
		case !gap.Known:
		case gap.Broken:
			rate = st.Warn.Render(rate)
		default:
			rate = st.OK.Render(rate)
		}
		act := string(p.Action)
		if act == "" {
			act = st.Subtle.Render("undecided")
		}
		promise := p.Promise
		if p.Promised != nil {
			promise += st.Subtle.Render(" (" + p.Promised.String() + ")")
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s  %s  → %s", s.cursor(i), st.Accent.Render(p.ID), promise, rate, act), w, "…"))
		if p.Reality != "" {
			lines = append(lines, ansi.Truncate("     "+st.Subtle.Render("reality: ")+p.Reality, w, "…"))
		}
		if g := join2(p.Gap, gap.Text); g != "" {
			if gap.Broken {
				g = st.Warn.Render(g)
			}
			lines = append(lines, ansi.Truncate("     "+st.Subtle.Render("gap: ")+g, w, "…"))
		}
	}
	if n > 0 {
		lines = append(lines, "", fmt.Sprintf("Promise-keep rate: %.0f%% across %d promise%s (the audit's target: %g%%+)", sum/float64(n), n, plural(n), meeting.PromiseTarget))
	}
	return title, lines, sel
}

func (s *roomScreen) storiesView(w int) (string, []string, int) {
	st := s.st
	title := "Customer stories" + s.hints(hint{s.keys.Story, "s to share one"})
	if len(s.snap.Stories) == 0 {
		return title, []string{st.Subtle.Render("No story yet." + s.press(s.keys.Story, " Press s: the customer's words, the context, what we learn."))}, -1
	}
	var lines []string
	sel := -1
	for i, x := range s.snap.Stories {
		if i == s.sel {
			sel = len(lines)
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s “%s”", s.cursor(i), st.Accent.Render(x.ID), x.Quote), w, "…"))
		meta := join2(x.Stage, x.Learning)
		if meta != "" {
			lines = append(lines, ansi.Truncate("     "+st.Subtle.Render(meta), w, "…"))
		}
	}
	return title, lines, sel
}

func (s *roomScreen) actionsView(w int, decisions bool) (string, []string, int) {
	st := s.st
	var lines []string
	sel := -1
	row := 0
	title := "Actions from this segment" + s.hints(hint{s.keys.Action, "a add"}, hint{s.keys.Status, "enter status"})
	if decisions {
		title = "Decisions and commitments" + s.hints(hint{s.keys.Decision, "d decision"}, hint{s.keys.Action, "a action"})
		if len(s.snap.Decisions) == 0 {
			lines = append(lines, st.Subtle.Render("No decisions yet."+s.press(s.keys.Decision, " Press d to record one.")))
		}
		for _, d := range s.snap.Decisions {
			if row == s.sel {
				sel = len(lines)
			}
			kind := ""
			if d.Kind != "" {
				kind = st.Subtle.Render(" [" + string(d.Kind) + "]")
			}
			kind += proofTag(st, d)
			lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s%s", s.cursor(row), st.Accent.Render(d.ID), d.Title, kind), w, "…"))
			if !d.Documented() {
				lines = append(lines, "     "+st.Warn.Render("needs a rationale and a review date to count as documented"))
			}
			row++
		}
		lines = append(lines, "")
	}
	if decisions {
		defer func() { lines = append(lines, s.dueReviewLines(w)...) }()
	}
	acts := s.segmentActions()
	if len(acts) == 0 {
		lines = append(lines, st.Subtle.Render("No actions in this segment yet."+s.press(s.keys.Action, " Press a: text, owner, due date.")))
	}
	today := s.d.Svc.Today()
	for _, a := range acts {
		if row == s.sel {
			sel = len(lines)
		}
		status := string(a.Status)
		if a.Overdue(today) {
			status = st.Danger.Render("overdue")
		}
		lines = append(lines, ansi.Truncate(fmt.Sprintf("%s%s %s %s", s.cursor(row), st.Accent.Render(a.ID), a.Text,
			st.Subtle.Render(fmt.Sprintf("— %s, due %s, ", a.OwnerLabel(), a.Due))+status), w, "…"))
		row++
	}
	return title, lines, sel
}

func (s *roomScreen) guideView(w int) (string, []string) {
	st := s.st
	seg := s.snap.Meeting.Segment()
	i := seg.GuideStep()
	g := s.snap.GuideFor(s.d.Actor.Handle)
	if i < 0 {
		return "GUIDE", nil
	}
	step := meeting.GuideSteps[i]
	title := fmt.Sprintf("%s — %s: %s", step.Letter, step.Name, step.Purpose)
	lines := []string{st.Header.Render("“" + step.Question + "”"), ""}
	if g == nil {
		return title, append(lines, st.Subtle.Render("This coaching session is private."))
	}
	ans := g.Answers[i]
	if ans == "" {
		lines = append(lines, st.Subtle.Render("No answer yet. Press enter to write it."))
	} else {
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(max(w, 10)).Render(ans), "\n")...)
	}
	lines = append(lines, "", st.Subtle.Render(fmt.Sprintf("with %s · topic: %s · H past sessions", meeting.AndList(g.Coachees), g.Topic)))
	return title, lines
}

func (s *roomScreen) notesView(w int) (string, []string) {
	st := s.st
	g := s.snap.GuideFor(s.d.Actor.Handle)
	title := "Coaching notes — private to the coach"
	if g == nil || !s.isCoach() {
		return title, []string{st.Subtle.Render("Coaching notes are the coach's alone.")}
	}
	if g.Notes == "" {
		return title, []string{st.Subtle.Render("What went well, what to work on, development areas. Press enter to write.")}
	}
	return title, strings.Split(lipgloss.NewStyle().Width(max(w, 10)).Render(g.Notes), "\n")
}

func (s *roomScreen) historyView(w int) string {
	st := s.st
	if len(s.history) == 0 {
		return st.Subtle.Render("No sessions yet.")
	}
	var b strings.Builder
	for _, g := range s.history {
		b.WriteString(st.Accent.Render(string(g.Date)) + " " + g.Topic + st.Subtle.Render(" · coach "+g.Coach) + "\n")
		for i, step := range meeting.GuideSteps {
			if g.Answers[i] != "" {
				b.WriteString(ansi.Truncate("   "+step.Letter+": "+strings.ReplaceAll(g.Answers[i], "\n", " "), w, "…") + "\n")
			}
		}
		if g.Notes != "" {
			b.WriteString(ansi.Truncate("   notes: "+strings.ReplaceAll(g.Notes, "\n", " "), w, "…") + "\n")
		}
	}
	return b.String()
}

// peopleLine is who is here, within w: the same for everyone in the room,
// so it is rendered once per change and shared. Raised hands come first,
// in the order they went up (meeting.Snapshot.People); names stop
// whole once the line is full, and the rest are counted with the hands
// among them: "+37 more (2 ✋)". The room is told how many it names
// (Sub.Drew): "typing…" of someone counted does not wake this screen.
func (s *roomScreen) peopleLine(w int) string {
	line, named := s.namePeople(w)
	if s.sub != nil {
		s.sub.Drew(s.snap.Version, named)
	}
	return line
}

// namePeople is peopleLine's line and how many of the room's people it
// names (the first named of Snapshot.People).
func (s *roomScreen) namePeople(w int) (line string, named int) {
	st := s.st
	key := paneKey{kind: "people", room: s.room, version: s.snap.Version, w: w, style: styleName(st)}
	if ls, ok := s.d.Cache.panes.get(key); ok && len(ls) == 2 {
		// the count tells the room which "typing…" this screen may pass by:
		// an entry that does not hold one is drawn again
		if n, err := strconv.Atoi(ls[1]); err == nil {
			return ls[0], n
		}
	}
	m := s.snap.Meeting
	people := s.snap.People // raised hands first, in the order raised
	// Hands are counted among those not named; who is typing among them is
	// not: in a room of hundreds that count would change every few seconds
	// and redraw every screen with it, to say someone somewhere is typing.
	hands := 0
	for hands < len(people) && people[hands].Hand {
		hands++
	}
	// more is people[i:] counted: "+37 more", "+37 more (2 ✋)"
	more := func(i int) (count, raised string) {
		if count = fmt.Sprintf("+%d more", len(people)-i); hands > i {
			raised = fmt.Sprintf("%d ✋", hands-i)
		}
		return count, raised
	}
	moreWidth := func(i int) int {
		count, raised := more(i)
		if raised == "" {
			return len(count)
		}
		return len(count) + 2 + ansi.StringWidth(raised) + 1
	}
	sep := st.Subtle.Render(" · ")
	line = st.Subtle.Render(fmt.Sprintf("Here (%d): ", len(people)))
	used := ansi.StringWidth(line)
	named = len(people)
	for i, p := range people {
		name := p.Name
		switch {
		case strings.EqualFold(p.Handle, m.Facilitator):
			name += st.Accent.Render(" ★")
		case p.Role == meeting.RoleObserver:
			name += st.Subtle.Render(" (observer)")
		case p.Guest:
			name += st.Subtle.Render(" (guest)")
		}
		if p.Hand {
			name += st.Hand.Render(" ✋")
		}
		if p.Typing {
			name += st.Typing.Render(" typing…")
		}
		nameW := ansi.StringWidth(name)
		need := nameW
		if i > 0 {
			need += 3
		}
		if i+1 < len(people) { // room for the count of those after
			need += 3 + moreWidth(i+1)
		}
		if i > 0 && used+need > w {
			named = i
			count, raised := more(i)
			line += sep + st.Subtle.Render(count)
			if raised != "" {
				line += st.Subtle.Render(" (") + st.Hand.Render(raised) + st.Subtle.Render(")")
			}
			break
		}
		if i > 0 {
			line += sep
			used += 3
		}
		line += name
		used += nameW
	}
	line = ansi.Truncate(line, w, "…")
	s.d.Cache.panes.put(key, []string{line, strconv.Itoa(named)})
	return line, named
}

// footer: who is here, then the latest event, notice or error, or a question
// (the status, up to three lines).
func (s *roomScreen) footer(w int) (people, status string) {
	st := s.st
	people = s.peopleLine(w)
	switch {
	case s.ask != nil:
		status = st.Warn.Render(s.ask.text)
	case s.err != "":
		status = st.Error.Render(s.err)
	case s.notice != "":
		status = st.Notice.Render("✓ " + s.notice)
	case s.snap.Last != "":
		// the room's latest event, the same line for every member: shared
		observer := s.role() == meeting.RoleObserver
		return people, s.shared(paneKey{kind: "last", room: s.room, version: s.snap.Version, role: s.role(), w: w, style: styleName(st)}, func() string {
			status := st.Subtle.Render(s.snap.Last)
			if observer {
				status = st.Subtle.Render("You are observing: you see everything live; only members add records. ") + status
			}
			return ansi.Truncate(status, w, "…")
		})
	}
	if s.role() == meeting.RoleObserver && s.ask == nil && s.err == "" {
		status = st.Subtle.Render("You are observing: you see everything live; only members add records. ") + status
	}
	if s.ask != nil || (s.err != "" || s.notice != "") && ansi.StringWidth(status) > w {
		// a question, or what this person's last key did (a refusal, a
		// warning with the save), must be read whole: it wraps (up to
		// three lines)
		lines := strings.Split(lipgloss.NewStyle().Width(w).Render(status), "\n")
		status = strings.Join(lines[:min(len(lines), 3)], "\n")
	} else {
		status = ansi.Truncate(status, w, "…")
	}
	return people, status
}

// daysAgo is "today", "1 day ago", "12 days ago".
func daysAgo(n int) string {
	switch {
	case n <= 0:
		return "today"
	case n == 1:
		return "1 day ago"
	}
	return fmt.Sprintf("%d days ago", n)
}

// count is "1 action", "2 actions", "3 stories".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func quote(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}

func join2(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " · " + b
}

package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"cxroom/meeting"
)

// The clock on screen changes only when what it shows changes: minutes
// normally, seconds in the last two minutes of a segment, and a bar cell
// every budget/width. Ticking exactly then (instead of every second) keeps
// idle rooms quiet: with hundreds of sessions, a per-second repaint of each
// is the largest idle cost (see BENCHMARKS.md).

// tickMsg asks the room to redraw its clock; it carries only the
// generation of the schedule that sent it (a tick from an older schedule
// is ignored), since the clock is read from the room's own.
type tickMsg struct {
	gen int
}

// nextTick returns how long until the clock display changes, or 0 when it
// never will (paused, ended).
func nextTick(t meeting.Timing, barWidth int) time.Duration {
	if !t.Started || t.Ended || t.Paused {
		return 0
	}
	const slack = 20 * time.Millisecond // land just after the boundary
	next := time.Minute
	if t.Warning {
		next = t.SegRemaining % time.Second
		if next == 0 {
			next = time.Second
		}
	} else if t.SegRemaining > 0 {
		// the display shows whole minutes rounded up; it changes when the
		// remaining time crosses a minute
		r := t.SegRemaining % time.Minute
		if r == 0 {
			r = time.Minute
		}
		next = min(next, r)
		// and the warning starts WarnWithin before the end
		if w := t.SegRemaining - meeting.WarnWithin; w > 0 {
			next = min(next, w)
		}
	} else {
		next = min(next, time.Minute-t.SegOverrun%time.Minute)
	}
	if t.MeetingRemaining > 0 {
		r := t.MeetingRemaining % time.Minute
		if r == 0 {
			r = time.Minute
		}
		next = min(next, r)
	}
	if barWidth > 0 && t.SegBudget > 0 && t.SegElapsed < t.SegBudget {
		cell := t.SegBudget / time.Duration(barWidth)
		if cell > 0 {
			next = min(next, cell-t.SegElapsed%cell)
		}
	}
	return max(next, 50*time.Millisecond) + slack
}

// roomWait is a room screen's one pending wait: for the room's next change
// or the clock's next tick, whichever comes first. One goroutine waits for
// both: a wait for each, batched, held three per session (the batch's own
// waited for the other two) in a room of hundreds. The clock is one timer
// per screen, moved rather than made anew on every change, so no tick is
// left behind to fire (a redraw of every session) at the same instants.
type roomWait struct {
	gen   int           // of the pending wait
	timer *time.Timer   // the clock's next tick; nil until the first
	tick  chan struct{} // capacity 1: the timer fired
}

// next returns the next wait: until sub changes, or d passes (a tick;
// never when d is 0: the clock is still), or ctx ends (nothing then). The
// wait it replaces, when one is still pending (the screen came back from
// one above it), delivers its change as a stale one (changedMsg.wait).
func (w *roomWait) next(ctx context.Context, sub *meeting.Sub, d time.Duration) tea.Cmd {
	if w.tick == nil {
		w.tick = make(chan struct{}, 1)
	}
	if w.timer == nil && d > 0 {
		tick := w.tick
		w.timer = time.AfterFunc(d, func() {
			select {
			case tick <- struct{}{}:
			default:
			}
		})
	} else if w.timer != nil {
		w.timer.Stop()
		select { // a tick due before now is superseded by this schedule
		case <-w.tick:
		default:
		}
		if d > 0 {
			w.timer.Reset(d)
		}
	}
	w.gen++
	gen, tick := w.gen, w.tick
	return func() tea.Msg {
		select {
		case <-sub.C():
			return changedMsg{sub: sub, at: sub.ChangedAt(), wait: gen}
		case <-tick:
			return tickMsg{gen: gen}
		case <-sub.Done():
		case <-ctx.Done():
		}
		return nil
	}
}

// stop ends the clock's ticks (the screen is closing).
func (w *roomWait) stop() {
	if w.timer != nil {
		w.timer.Stop()
	}
}

// clockText is the segment's remaining time as people read it.
func clockText(t meeting.Timing) string {
	switch {
	case !t.Started:
		return "not started"
	case t.Ended:
		return "ended"
	case t.SegOverrun > 0:
		return fmt.Sprintf("%d min over", meeting.ClockMinutes(t.SegOverrun))
	case t.Warning:
		s := int((t.SegRemaining + time.Second - 1) / time.Second)
		return fmt.Sprintf("%d:%02d left", s/60, s%60)
	}
	return fmt.Sprintf("%d min left", meeting.CeilMinutes(t.SegRemaining))
}

// bar draws the segment's progress in width cells.
func bar(st *Styles, t meeting.Timing, width int) string {
	if width <= 0 {
		return ""
	}
	full := barCells(t, width)
	style := st.BarFull
	switch {
	case t.SegOverrun > 0:
		style = st.BarOver
	case t.Warning:
		style = st.BarWarn
	}
	fill, empty := "━", "─"
	if st.Plain {
		fill, empty = "#", "-"
	}
	return style.Render(strings.Repeat(fill, full)) + st.BarEmpty.Render(strings.Repeat(empty, width-full))
}

// clockKey is everything the clock lines show; they are redrawn only when
// it changes.
type clockKey struct {
	text                       string
	full, barW, w              int
	over, warn, paused, ended  bool
	extra, left, planned, past int
	giveUp, early, elapsed     int
	last                       bool
	style                      string
}

type clockCache struct {
	key clockKey
	out string
	bar int
}

// clockLines renders the room's two clock lines for width w, through the
// session's cache, then the lines every session shares (when the clock
// moves, every screen in the room shows the same new lines: one of them
// renders them).
func (c *clockCache) lines(st *Styles, m *meeting.Meeting, now time.Time, w int, shared *clockShare) (string, int) {
	t := m.Timer.Timing(now)
	text := clockText(t)
	k := clockKey{text: text, w: w, over: t.SegOverrun > 0, warn: t.Warning, paused: t.Paused, ended: t.Ended,
		extra: meeting.ClockMinutes(m.Timer.Extra[t.Segment]), left: meeting.ClockMinutes(t.AgendaLeft),
		planned: meeting.ClockMinutes(t.MeetingPlanned), past: meeting.ClockMinutes(t.MeetingOverrun),
		giveUp: meeting.ClockMinutes(t.GiveUp), early: meeting.ClockMinutes(t.Early), elapsed: meeting.ClockMinutes(t.MeetingElapsed),
		last: t.Last, style: styleName(st)}
	if c.bar > 0 && c.out != "" { // what this session drew last: no lock taken
		mine := k
		mine.barW, mine.full = c.bar, barCells(t, c.bar)
		if mine == c.key {
			return c.out, c.bar
		}
	}
	// the bar's width follows from the rest (the width, and the text
	// beside the bar): a session's first frame finds it too
	bar, ok := shared.bar(k)
	if !ok {
		bar = c.bar
	}
	if bar > 0 {
		k.barW, k.full = bar, barCells(t, bar)
		// stored under the bar's width they were drawn with: found, that
		// is this width's bar too (the rest of the key decides it)
		if out, ok := shared.get(k); ok {
			c.key, c.out, c.bar = k, out, bar
			return out, bar
		}
	}
	out, barW := clockLines(st, m, now, w)
	k.barW, k.full = barW, barCells(t, barW)
	c.key, c.out, c.bar = k, out, barW
	shared.put(k, out)
	return out, barW
}

// barCells is how many of width cells the segment's progress fills.
func barCells(t meeting.Timing, width int) int {
	if t.SegBudget > 0 && t.SegElapsed < t.SegBudget {
		return int(int64(width) * int64(t.SegElapsed) / int64(t.SegBudget))
	}
	return width
}

// clockLines renders the room's two clock lines for width w.
func clockLines(st *Styles, m *meeting.Meeting, now time.Time, w int) (string, int) {
	t := m.Timer.Timing(now)
	text := clockText(t)
	var status string
	switch {
	case t.Ended:
		status = st.Subtle.Render("ended")
	case t.Paused:
		status = st.Warn.Render("PAUSED · " + text)
	case t.SegOverrun > 0:
		status = st.Danger.Render(text)
	case t.Warning:
		status = st.Warn.Render(text)
	default:
		status = st.Text.Render(text)
	}
	extra := ""
	if e := m.Timer.Extra[t.Segment]; e > 0 {
		extra = st.Subtle.Render(fmt.Sprintf(" (+%d)", meeting.CeilMinutes(e)))
	}
	barW := max(w-lipglossWidth(status)-lipglossWidth(extra)-3, 10)
	line1 := bar(st, t, barW) + "  " + status + extra

	return line1 + "\n" + meetingLine(st, t), barW
}

// meetingLine is the clock's second line: what the agenda still needs and
// whether the meeting will end on time. Every figure uses meeting.ClockMinutes,
// and it says "over time" whenever the meeting will end late.
func meetingLine(st *Styles, t meeting.Timing) string {
	planned := meeting.ClockMinutes(t.MeetingPlanned)
	if t.MeetingOverrun > 0 {
		return st.Subtle.Render(fmt.Sprintf("Meeting: %d min past its %d", meeting.ClockMinutes(t.MeetingOverrun), planned)) +
			" · " + st.Danger.Render("over time")
	}
	line := st.Subtle.Render(fmt.Sprintf("Meeting: %d of %d min left", meeting.ClockMinutes(t.AgendaLeft), planned))
	switch {
	case t.Ended:
		return st.Subtle.Render(fmt.Sprintf("Meeting: took %d of %d min", meeting.ClockMinutes(t.MeetingElapsed), planned))
	case t.GiveUp > 0 && !t.Last:
		return line + " · " + st.Danger.Render(fmt.Sprintf("over time: later segments must give up %d min to end on time", meeting.ClockMinutes(t.GiveUp)))
	case t.GiveUp > 0:
		return line + " · " + st.Danger.Render(fmt.Sprintf("%d min over time", meeting.ClockMinutes(t.GiveUp)))
	case t.Last && t.SegOverrun > 0:
		return line + " · " + st.Warn.Render(fmt.Sprintf("past the agenda by %d min, %d min before the planned end",
			meeting.ClockMinutes(t.SegOverrun), meeting.ClockMinutes(t.Early)))
	}
	if t.Early >= time.Minute {
		// what the agenda still needs and the planned length disagree
		// with the clock on the wall: say why
		return line + st.Subtle.Render(fmt.Sprintf(" · on time, %d min early", meeting.ClockMinutes(t.Early)))
	}
	return line + st.Subtle.Render(" · on time")
}

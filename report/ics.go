package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cxroom/meeting"
)

// ---- iCalendar ----

const icsProdID = "-//cxroom//cxroom//EN"

// icsWriter writes iCalendar content lines: CRLF endings, folded at 75
// octets. The first error sticks.
type icsWriter struct {
	w   io.Writer
	err error
}

func (iw *icsWriter) line(s string) {
	if iw.err == nil {
		_, iw.err = io.WriteString(iw.w, icsFold(s))
	}
}

// text writes a property whose value is TEXT, escaped.
func (iw *icsWriter) text(name, value string) { iw.line(name + ":" + icsText(value)) }

// icsFold folds a content line (RFC 5545 §3.1): no line longer than 75
// octets, continuation lines starting with a space, never splitting a UTF-8
// sequence. It returns the line with its CRLF.
func icsFold(s string) string {
	const max = 75
	if len(s) <= max {
		return s + "\r\n"
	}
	var b strings.Builder
	limit := max
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = max - 1 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

var icsTextEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string { return icsTextEscaper.Replace(s) }

func icsUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsDate formats a Date as an iCalendar DATE, or "" if it is not one.
func icsDate(d meeting.Date) string {
	t := d.Time(time.UTC)
	if d == "" || t.IsZero() {
		return ""
	}
	return t.Format("20060102")
}

func icsBegin(iw *icsWriter) {
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:" + icsProdID)
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
}

// ActionsICS writes actions as an iCalendar file of to-dos, one VTODO per
// action with its due date, so owners see their commitments in their own
// calendar. Done is COMPLETED, dropped CANCELLED; blocked and escalated
// stay NEEDS-ACTION (iCalendar has no such states) and say so in the
// description.
func ActionsICS(w io.Writer, as []*meeting.Action, now time.Time) error {
	iw := &icsWriter{w: w}
	icsBegin(iw)
	for _, a := range as {
		iw.line("BEGIN:VTODO")
		iw.line("UID:" + icsText(a.ID) + "@cxroom")
		iw.line("DTSTAMP:" + icsUTC(now))
		if !a.CreatedAt.IsZero() {
			iw.line("CREATED:" + icsUTC(a.CreatedAt))
		}
		if !a.UpdatedAt.IsZero() {
			iw.line("LAST-MODIFIED:" + icsUTC(a.UpdatedAt))
		}
		iw.text("SUMMARY", a.Text)
		if d := icsDate(a.Due); d != "" {
			iw.line("DUE;VALUE=DATE:" + d)
		}
		switch a.Status {
		case meeting.StatusDone:
			iw.line("STATUS:COMPLETED")
			iw.line("PERCENT-COMPLETE:100")
			if c := doneAt(a); !c.IsZero() {
				iw.line("COMPLETED:" + icsUTC(c))
			}
		case meeting.StatusDropped:
			iw.line("STATUS:CANCELLED")
		default:
			iw.line("STATUS:NEEDS-ACTION")
		}
		iw.text("DESCRIPTION", actionDescription(a))
		iw.line("END:VTODO")
	}
	iw.line("END:VCALENDAR")
	return iw.err
}

// doneAt is when the action was last marked done.
func doneAt(a *meeting.Action) time.Time {
	for i := len(a.History) - 1; i >= 0; i-- {
		if a.History[i].To == meeting.StatusDone {
			return a.History[i].At
		}
	}
	return time.Time{}
}

func actionDescription(a *meeting.Action) string {
	lines := []string{"Owner: " + a.Owner}
	st := "Status: " + string(a.Status)
	if (a.Status == meeting.StatusBlocked || a.Status == meeting.StatusEscalated) && a.LastChange().Note != "" {
		st += " (" + a.LastChange().Note + ")"
	}
	lines = append(lines, st)
	if a.MeetingID != "" {
		m := "Meeting: " + a.MeetingID
		if a.Segment != "" {
			m += " (" + a.Segment + ")"
		}
		lines = append(lines, m)
	}
	lines = append(lines, "Action: "+a.ID)
	return strings.Join(lines, "\n")
}

// CalendarICS writes the series as recurring iCalendar events, one VEVENT
// per series with its recurrence rule.
//
// Times: a series with a time zone starts at local time with
// DTSTART;TZID=<IANA name>, so a weekly 09:00 meeting stays at 09:00 across
// daylight-saving changes (a UTC start would drift by an hour for half the
// year). RFC 5545 asks for a VTIMEZONE for every TZID, so one is written
// per zone from Go's own zone data: every offset change from the earliest
// series start to ten years past the latest of now and that start. Calendar
// apps that know the IANA name use their own rules; the rest use ours. A
// series without a time zone is in UTC and uses the plain "Z" form.
func CalendarICS(w io.Writer, series []*meeting.Series, now time.Time) error {
	type zone struct {
		loc      *time.Location
		from, to time.Time
	}
	zones := map[string]*zone{}
	starts := make([]time.Time, len(series))
	for i, s := range series {
		loc, err := s.Location()
		if err != nil {
			return fmt.Errorf("series %s: %w", s.ID, err)
		}
		st := s.StartTime()
		if st.IsZero() {
			return meeting.Errorf(meeting.EINVALID, "series %s has no valid start (%q at %q)", s.ID, clip(string(s.Start)), clip(s.Time))
		}
		starts[i] = st
		if s.Timezone == "" {
			continue
		}
		to := st
		if now.After(to) {
			to = now
		}
		to = to.AddDate(10, 0, 0)
		if z := zones[s.Timezone]; z == nil {
			zones[s.Timezone] = &zone{loc: loc, from: st, to: to}
		} else {
			if st.Before(z.from) {
				z.from = st
			}
			if to.After(z.to) {
				z.to = to
			}
		}
	}
	iw := &icsWriter{w: w}
	icsBegin(iw)
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		z := zones[n]
		writeVTimezone(iw, n, z.loc, z.from, z.to)
	}
	for i, s := range series {
		st := starts[i]
		iw.line("BEGIN:VEVENT")
		iw.line("UID:" + icsText(s.ID) + "@cxroom")
		iw.line("DTSTAMP:" + icsUTC(now))
		if !s.CreatedAt.IsZero() {
			iw.line("CREATED:" + icsUTC(s.CreatedAt))
		}
		iw.text("SUMMARY", s.Title)
		if s.Timezone == "" {
			iw.line("DTSTART:" + icsUTC(st))
		} else {
			iw.line("DTSTART;TZID=" + s.Timezone + ":" + st.Format("20060102T150405"))
		}
		mins := s.Minutes
		if mins <= 0 {
			mins = 60
		}
		iw.line(fmt.Sprintf("DURATION:PT%dM", mins))
		iw.line("RRULE:" + s.RRule())
		desc := []string{"Ritual: " + s.AgendaID}
		if s.Facilitator != "" {
			desc = append(desc, "Facilitator: "+s.Facilitator)
		}
		if len(s.Attendees) > 0 {
			desc = append(desc, "Attendees: "+strings.Join(s.Attendees, ", "))
		}
		if s.JourneyID != "" {
			desc = append(desc, "Journey: "+s.JourneyID)
		}
		desc = append(desc, "Series: "+s.ID)
		iw.text("DESCRIPTION", strings.Join(desc, "\n"))
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	return iw.err
}

// writeVTimezone writes a VTIMEZONE for loc with the observance in effect
// at from and every offset change up to to, grouped into STANDARD and
// DAYLIGHT sub-components (first onset as DTSTART, the others as RDATE).
func writeVTimezone(iw *icsWriter, name string, loc *time.Location, from, to time.Time) {
	type onset struct {
		at       time.Time
		off      int // offset before the onset
		toOff    int
		abbr     string
		daylight bool
	}
	offsetAt := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	t := from.In(loc)
	abbr, off := t.Zone()
	begin, _ := t.ZoneBounds()
	first := onset{at: begin, off: off, toOff: off, abbr: abbr, daylight: t.IsDST()}
	if begin.IsZero() {
		first.at = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(off) * time.Second)
	} else {
		first.off = offsetAt(begin.Add(-time.Second))
	}
	onsets := []onset{first}
	for range 1000 { // bounded: zones change at most a few times a year
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			break
		}
		t = end.In(loc)
		a, o := t.Zone()
		onsets = append(onsets, onset{at: end, off: offsetAt(end.Add(-time.Second)), toOff: o, abbr: a, daylight: t.IsDST()})
	}
	// Group identical observances; keep the order of first appearance.
	type key struct {
		daylight  bool
		from, off int
		abbr      string
	}
	var order []key
	groups := map[key][]time.Time{}
	for _, o := range onsets {
		k := key{o.daylight, o.off, o.toOff, o.abbr}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		// DTSTART and RDATE of an observance are local times in the offset
		// in effect before the onset.
		groups[k] = append(groups[k], o.at.UTC().Add(time.Duration(o.off)*time.Second))
	}
	iw.line("BEGIN:VTIMEZONE")
	iw.line("TZID:" + name)
	for _, k := range order {
		kind := "STANDARD"
		if k.daylight {
			kind = "DAYLIGHT"
		}
		iw.line("BEGIN:" + kind)
		times := groups[k]
		iw.line("DTSTART:" + times[0].Format("20060102T150405"))
		for _, r := range times[1:] {
			iw.line("RDATE:" + r.Format("20060102T150405"))
		}
		iw.line("TZOFFSETFROM:" + icsOffset(k.from))
		iw.line("TZOFFSETTO:" + icsOffset(k.off))
		if k.abbr != "" {
			iw.text("TZNAME", k.abbr)
		}
		iw.line("END:" + kind)
	}
	iw.line("END:VTIMEZONE")
}

// icsOffset formats a UTC offset in seconds as ±hhmm (±hhmmss if needed).
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"cxroom/meeting"
)

var exNow = time.Date(2026, 11, 24, 10, 30, 0, 0, time.UTC)

// exActions holds the awkward text an export must survive: commas,
// semicolons, quotes, a line break, backslashes, accents, emoji, formula
// starters, and a summary long enough to fold with a multi-byte character
// on the fold boundary.
func exActions() []*meeting.Action {
	t := func(h int) time.Time { return exNow.Add(time.Duration(h) * time.Hour) }
	return []*meeting.Action{
		{ID: "A1", Text: `Call Zoë, Ana; review "café" menu 🎉`, Owner: "maria", Due: "2026-12-01", Status: meeting.StatusOpen,
			MeetingID: "M7", Segment: "Deep-dive the top 3 issues", CreatedBy: "maria", CreatedAt: t(-48), UpdatedAt: t(-48),
			History: []meeting.Change{{At: t(-48), By: "maria", To: meeting.StatusOpen, Note: "created"}}},
		{ID: "A2", Text: "=HYPERLINK(\"http://evil.example\",\"click\")", Owner: "@sam", Due: "2026-12-02", Status: meeting.StatusDone,
			CreatedBy: "sam", CreatedAt: t(-30), UpdatedAt: t(-2),
			History: []meeting.Change{{At: t(-30), By: "sam", To: meeting.StatusOpen, Note: "created"}, {At: t(-2), By: "sam", From: meeting.StatusOpen, To: meeting.StatusDone, Note: "+1 shipped"}}},
		{ID: "A3", Text: "Line one\nline two, with a \\ backslash", Owner: "-priya", Due: "2026-12-03", Status: meeting.StatusBlocked,
			CreatedBy: "maria", CreatedAt: t(-20), UpdatedAt: t(-1),
			History: []meeting.Change{{At: t(-20), By: "maria", To: meeting.StatusOpen}, {At: t(-1), By: "priya", From: meeting.StatusOpen, To: meeting.StatusBlocked, Note: "waiting on legal; ask Jo"}}},
		{ID: "A4", Text: strings.Repeat("x", 60) + "é" + strings.Repeat("ü", 10) + "👍🏽 done by Friday, or escalate", Owner: "Ext Agency",
			Due: "2026-12-04", Status: meeting.StatusEscalated, CreatedAt: t(-10), UpdatedAt: t(-1),
			History: []meeting.Change{{At: t(-1), By: "maria", From: meeting.StatusOpen, To: meeting.StatusEscalated, Note: "to the COO"}}},
		{ID: "A5", Text: "@mention me", Owner: "maria", Due: "2026-12-05", Status: meeting.StatusDropped, CreatedAt: t(-5), UpdatedAt: t(-3)},
	}
}

func TestExportActionsCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := ActionsCSV(&buf, exActions(), mnTeam()); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasSuffix(raw, "\r\n") || strings.Count(raw, "\r\n") < 6 {
		t.Errorf("CSV lines should end in CRLF (RFC 4180): %q", raw)
	}
	r := csv.NewReader(strings.NewReader(raw))
	r.FieldsPerRecord = len(ActionsCSVHeader)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("want header + 5 rows, got %d", len(recs))
	}
	if want := "id,text,owner,owner_name,due,status,meeting_id,segment,created_by,created_at,updated_at,last_note"; strings.Join(recs[0], ",") != want {
		t.Errorf("header %q", recs[0])
	}
	col := func(row int, name string) string { return recs[row][slices.Index(ActionsCSVHeader, name)] }
	checks := []struct {
		row        int
		name, want string
	}{
		{1, "text", `Call Zoë, Ana; review "café" menu 🎉`},
		{1, "owner_name", "Maria Lopez"},
		{1, "segment", "Deep-dive the top 3 issues"},
		{1, "created_at", "2026-11-22T10:30:00Z"},
		{1, "last_note", "created"},
		{2, "text", `'=HYPERLINK("http://evil.example","click")`},
		{2, "owner", "'@sam"},
		{2, "owner_name", "'@sam"},
		{2, "status", "done"},
		{2, "last_note", "'+1 shipped"},
		{3, "text", "Line one\nline two, with a \\ backslash"},
		{3, "owner", "'-priya"},
		{3, "last_note", "waiting on legal; ask Jo"},
		{4, "owner_name", "Ext Agency"},
		{5, "text", "'@mention me"},
		{5, "last_note", ""},
		{5, "due", "2026-12-05"},
	}
	for _, c := range checks {
		if got := col(c.row, c.name); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.name, got, c.want)
		}
	}
	// No cell a spreadsheet would evaluate.
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q starts with a formula character", cell)
			}
		}
	}
	buf.Reset()
	if err := ActionsCSV(&buf, nil, nil); err != nil || buf.String() != strings.Join(ActionsCSVHeader, ",")+"\r\n" {
		t.Errorf("empty CSV %q, %v", buf.String(), err)
	}
}

func TestExportActionsJSON(t *testing.T) {
	in := exActions()
	data, err := ActionsJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	var back []*meeting.Action
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	in[4].History = []meeting.Change{} // exported as [] rather than null
	if !reflect.DeepEqual(back, in) {
		t.Errorf("JSON round trip differs:\n%s", data)
	}
	if bytes.Contains(data, []byte("null")) {
		t.Errorf("JSON has a null: %s", data)
	}
	for _, empty := range [][]*meeting.Action{nil, {}} {
		if data, err := ActionsJSON(empty); err != nil || string(data) != "[]" {
			t.Errorf("empty actions: %s, %v", data, err)
		}
	}
}

// icsLines splits raw iCalendar text into physical lines, checking that
// every line ends in CRLF, holds at most 75 octets and is valid UTF-8 on
// its own (a fold never splits a character).
func icsLines(t *testing.T, raw string) []string {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") {
		t.Error("the calendar does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare CR or LF in line %q", l)
		}
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a UTF-8 sequence: %q", l)
		}
	}
	return lines
}

func TestExportActionsICS(t *testing.T) {
	as := exActions()
	var buf bytes.Buffer
	if err := ActionsICS(&buf, as, exNow); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	lines := icsLines(t, raw)
	if lines[0] != "BEGIN:VCALENDAR" || !slices.Contains(lines, "VERSION:2.0") || !slices.Contains(lines, "PRODID:-//cxroom//cxroom//EN") {
		t.Errorf("calendar header: %q", lines[:4])
	}
	folded := 0
	for _, l := range lines {
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("expected the long summary to be folded")
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	todos := cal.Todos()
	if len(todos) != len(as) {
		t.Fatalf("got %d VTODOs, want %d", len(todos), len(as))
	}
	wantStatus := []string{"NEEDS-ACTION", "COMPLETED", "NEEDS-ACTION", "NEEDS-ACTION", "CANCELLED"}
	for i, td := range todos {
		a := as[i]
		if td.Id() != a.ID+"@cxroom" {
			t.Errorf("UID %q", td.Id())
		}
		sum := td.GetProperty(ics.ComponentPropertySummary)
		if sum == nil || sum.Value != a.Text {
			t.Errorf("%s SUMMARY = %v, want %q", a.ID, sum, a.Text)
		}
		due := td.GetProperty(ics.ComponentPropertyDue)
		if due == nil || due.Value != strings.ReplaceAll(string(a.Due), "-", "") || !slices.Equal(due.ICalParameters["VALUE"], []string{"DATE"}) {
			t.Errorf("%s DUE = %+v", a.ID, due)
		}
		if d, err := td.GetAllDayDueAt(); err != nil || meeting.DateOf(d) != a.Due {
			t.Errorf("%s due parses as %v, %v", a.ID, d, err)
		}
		if st := td.GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != wantStatus[i] {
			t.Errorf("%s STATUS = %v, want %s", a.ID, st, wantStatus[i])
		}
		if ds := td.GetProperty(ics.ComponentPropertyDtstamp); ds == nil || ds.Value != "20261124T103000Z" {
			t.Errorf("%s DTSTAMP = %v", a.ID, ds)
		}
		desc := td.GetProperty(ics.ComponentPropertyDescription)
		if desc == nil || !strings.Contains(desc.Value, "Owner: "+a.Owner+"\n") || !strings.Contains(desc.Value, "Status: "+string(a.Status)) {
			t.Errorf("%s DESCRIPTION = %v", a.ID, desc)
		}
	}
	if d := todos[2].GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "Status: blocked (waiting on legal; ask Jo)") {
		t.Errorf("blocked action's description %q lacks its status and note", d)
	}
	if d := todos[0].GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "Meeting: M7 (Deep-dive the top 3 issues)") {
		t.Errorf("description %q lacks the meeting", d)
	}
	if c := todos[1].GetProperty(ics.ComponentPropertyCompleted); c == nil || c.Value != "20261124T083000Z" {
		t.Errorf("done action COMPLETED = %v", c)
	}
	// The escaped forms on the wire.
	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Call Zoë\, Ana\; review "café" menu 🎉` + "\r\n",
		`SUMMARY:Line one\nline two\, with a \\ backslash` + "\r\n",
		"DUE;VALUE=DATE:20261201\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestExportICSFold(t *testing.T) {
	for _, s := range []string{
		"",
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("a", 74) + "é" + "tail", // 2-byte char straddles octet 75
		strings.Repeat("a", 73) + "👍" + "tail",   // 4-byte char straddles octet 75
		strings.Repeat("€", 200),                 // 3-byte chars throughout
		strings.Repeat("b", 149) + "🎉🎉🎉" + "end", // straddles the second fold
	} {
		out := icsFold(s)
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF: %q", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		var b strings.Builder
		for i, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("bad folded line %q (%d octets)", l, len(l))
			}
			if i > 0 {
				if !strings.HasPrefix(l, " ") {
					t.Errorf("continuation %q does not start with a space", l)
				}
				l = l[1:]
			}
			b.WriteString(l)
		}
		if b.String() != s {
			t.Errorf("unfold(fold(%q)) = %q", s, b.String())
		}
	}
	if got := icsText("a\\b;c,d\ne"); got != `a\\b\;c\,d\ne` {
		t.Errorf("icsText = %q", got)
	}
}

func exSeries() []*meeting.Series {
	return []*meeting.Series{
		{ID: "S1", Title: "Weekly VOC triage, EMEA", AgendaID: "voc-triage", Cadence: meeting.CadenceWeekly, Start: "2026-11-24",
			Time: "09:00", Minutes: 60, Timezone: "Europe/Berlin", Facilitator: "maria", Attendees: []string{"sam", "priya"}},
		{ID: "S2", Title: "Monthly journey review", AgendaID: "journey-review", Cadence: meeting.CadenceMonthly, Start: "2026-11-05",
			Time: "15:30", Minutes: 90, Facilitator: "sam", JourneyID: "J1"},
		{ID: "S3", Title: "Quarterly promise-proof audit", AgendaID: "promise-audit", Cadence: meeting.CadenceQuarterly, Start: "2026-12-31",
			Time: "10:00", Minutes: 120, Timezone: "Europe/Berlin"},
	}
}

func TestExportCalendarICS(t *testing.T) {
	ss := exSeries()
	var buf bytes.Buffer
	if err := CalendarICS(&buf, ss, exNow); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	icsLines(t, raw)
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != len(ss) {
		t.Fatalf("got %d VEVENTs, want %d", len(evs), len(ss))
	}
	want := []struct {
		uid, summary, dtstart, tzid, duration, rrule string
	}{
		{"S1@cxroom", "Weekly VOC triage, EMEA", "20261124T090000", "Europe/Berlin", "PT60M", "FREQ=WEEKLY;BYDAY=TU"},
		{"S2@cxroom", "Monthly journey review", "20261105T153000Z", "", "PT90M", "FREQ=MONTHLY;BYDAY=1TH"},
		{"S3@cxroom", "Quarterly promise-proof audit", "20261231T100000", "Europe/Berlin", "PT120M", "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH"},
	}
	for i, e := range evs {
		w := want[i]
		get := func(p ics.ComponentProperty) *ics.IANAProperty { return e.GetProperty(p) }
		if e.Id() != w.uid || get(ics.ComponentPropertySummary).Value != w.summary {
			t.Errorf("event %d: UID %q SUMMARY %q", i, e.Id(), get(ics.ComponentPropertySummary).Value)
		}
		ds := get(ics.ComponentPropertyDtStart)
		if ds.Value != w.dtstart || strings.Join(ds.ICalParameters["TZID"], "") != w.tzid {
			t.Errorf("event %d DTSTART %q params %v, want %q TZID=%q", i, ds.Value, ds.ICalParameters, w.dtstart, w.tzid)
		}
		if d := get(ics.ComponentPropertyDuration); d == nil || d.Value != w.duration {
			t.Errorf("event %d DURATION %v", i, d)
		}
		if r := get(ics.ComponentPropertyRrule); r == nil || r.Value != w.rrule || r.Value != ss[i].RRule() {
			t.Errorf("event %d RRULE %v, want %q", i, r, w.rrule)
		}
		if st, err := e.GetStartAt(); err != nil || !st.Equal(ss[i].StartTime()) {
			t.Errorf("event %d starts %v (%v), want %v", i, st, err, ss[i].StartTime())
		}
	}
	desc := evs[0].GetProperty(ics.ComponentPropertyDescription).Value
	if !strings.Contains(desc, "Ritual: voc-triage") || !strings.Contains(desc, "Facilitator: maria") {
		t.Errorf("description %q lacks the agenda id or facilitator", desc)
	}
	// One VTIMEZONE for Europe/Berlin, built from the zone data: the
	// series starts in winter time (CET since 2026-10-25 03:00 CEST), and
	// summer time starts 2027-03-28 at 02:00 CET.
	tzs := cal.Timezones()
	if len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != "Europe/Berlin" {
		t.Fatalf("want one VTIMEZONE for Europe/Berlin, got %d", len(tzs))
	}
	for _, want := range []string{
		"BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nRDATE:20271031T030000\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nRDATE:20280326T020000\r\n",
		"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n",
		"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("VTIMEZONE lacks %q", want)
		}
	}
	if !strings.Contains(raw, "RDATE:20361026T030000\r\n") || strings.Contains(raw, "RDATE:2037") {
		t.Error("VTIMEZONE should cover ten years past the latest series start")
	}
	// A bad series is refused with its id.
	bad := []*meeting.Series{{ID: "S9", Title: "x", Start: "not a date", Time: "09:00"}}
	if err := CalendarICS(&bytes.Buffer{}, bad, exNow); err == nil || !strings.Contains(err.Error(), "S9") {
		t.Errorf("bad series: %v", err)
	}
}

func TestExportDecisions(t *testing.T) {
	b := mnJourneyBundle(t)
	ds := append([]*meeting.Decision{mnDecision()}, b.Decisions...)
	team := &meeting.Team{Members: []meeting.Member{{Name: "Sam Okafor", Handle: "sam"}, {Name: "Maria Lopez", Handle: "maria"}}}
	md := DecisionsMarkdown(ds, team)
	got := mdOutline(t, md)
	want := []mdHeading{mdH(1, "CX Decision Log")}
	for range ds {
		want = append(want, mdTemplate2...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("outline\n got %v\nwant %v", got, want)
	}
	// The same renderer as the minutes: each entry appears verbatim there.
	minutes := Minutes(mnVocBundle(t), team, exNow)
	entry := md[strings.Index(md, "## CX Decision Log Entry"):strings.Index(md, "**Decision ID:** 2026-11-24-02")]
	entry = strings.TrimSuffix(entry, "## CX Decision Log Entry\n\n")
	if !strings.Contains(minutes, entry) {
		t.Errorf("decision entry differs between minutes and the decision log:\n%s", entry)
	}
	mdMustLines(t, md,
		"**Decision ID:** 2026-11-24-05",
		"**Made by:** Sam Okafor",
		"**Status:** blocker · **Owner:** Maria Lopez",
		"- [ ] Shared with _not recorded_",
		"- **Business:** _not recorded_",
	)
	if empty := DecisionsMarkdown(nil, nil); !strings.Contains(empty, "_No decisions recorded._") {
		t.Errorf("empty log: %q", empty)
	}

	data, err := DecisionsJSON(ds)
	if err != nil {
		t.Fatal(err)
	}
	var back []*meeting.Decision
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ds) {
		t.Errorf("decisions JSON round trip differs:\n%s", data)
	}
	if data, err := DecisionsJSON(nil); err != nil || string(data) != "[]" {
		t.Errorf("empty decisions: %s, %v", data, err)
	}
}

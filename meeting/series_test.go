package meeting

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func dates(ds ...string) []Date {
	out := make([]Date, len(ds))
	for i, d := range ds {
		out[i] = Date(d)
	}
	return out
}

func TestSeriesOccurrences(t *testing.T) {
	tests := []struct {
		name     string
		cadence  Cadence
		start    Date
		from, to Date
		want     []Date
	}{
		{"weekly Tuesdays", CadenceWeekly, "2026-12-01", "2026-11-01", "2026-12-31",
			dates("2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29")},
		{"weekly from mid-series, to inclusive", CadenceWeekly, "2026-12-01", "2026-12-10", "2027-01-12",
			dates("2026-12-15", "2026-12-22", "2026-12-29", "2027-01-05", "2027-01-12")},
		{"weekly from an occurrence", CadenceWeekly, "2026-12-01", "2026-12-08", "2026-12-08", dates("2026-12-08")},
		{"weekly, window between occurrences", CadenceWeekly, "2026-12-01", "2026-12-09", "2026-12-14", nil},
		{"weekly, window before start", CadenceWeekly, "2026-12-01", "2026-01-01", "2026-11-30", nil},
		{"weekly, reversed window", CadenceWeekly, "2026-12-01", "2026-12-31", "2026-12-01", nil},
		{"biweekly", CadenceBiweekly, "2026-12-01", "2026-11-01", "2027-01-31",
			dates("2026-12-01", "2026-12-15", "2026-12-29", "2027-01-12", "2027-01-26")},
		{"biweekly keeps its phase", CadenceBiweekly, "2026-12-01", "2027-01-01", "2027-01-20", dates("2027-01-12")},
		{"monthly first Thursday", CadenceMonthly, "2026-12-03", "2026-12-01", "2027-05-31",
			dates("2026-12-03", "2027-01-07", "2027-02-04", "2027-03-04", "2027-04-01", "2027-05-06")},
		{"monthly second Monday", CadenceMonthly, "2027-02-08", "2027-01-01", "2027-06-30",
			dates("2027-02-08", "2027-03-08", "2027-04-12", "2027-05-10", "2027-06-14")},
		{"monthly fourth Thursday", CadenceMonthly, "2027-01-28", "2027-01-01", "2027-04-30",
			dates("2027-01-28", "2027-02-25", "2027-03-25", "2027-04-22")},
		{"monthly 5th weekday means the last", CadenceMonthly, "2026-12-29", "2026-12-01", "2027-07-31",
			dates("2026-12-29", "2027-01-26", "2027-02-23", "2027-03-30", "2027-04-27", "2027-05-25", "2027-06-29", "2027-07-27")},
		{"monthly last Friday on the 31st", CadenceMonthly, "2027-12-31", "2027-12-01", "2028-03-31",
			dates("2027-12-31", "2028-01-28", "2028-02-25", "2028-03-31")},
		{"quarterly first Thursday", CadenceQuarterly, "2026-12-03", "2026-01-01", "2027-12-31",
			dates("2026-12-03", "2027-03-04", "2027-06-03", "2027-09-02", "2027-12-02")},
		{"quarterly window", CadenceQuarterly, "2026-12-03", "2027-04-01", "2027-08-31", dates("2027-06-03")},
	}
	for _, tc := range tests {
		s := &Series{Cadence: tc.cadence, Start: tc.start}
		if got := s.Occurrences(tc.from, tc.to); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Occurrences(%s, %s) = %v, want %v", tc.name, tc.from, tc.to, got, tc.want)
		}
	}
}

func TestSeriesOccurrencesDegenerate(t *testing.T) {
	// none of these may loop for ever or panic
	s := &Series{Cadence: CadenceWeekly, Start: "2026-12-01"}
	for _, to := range []Date{"", "bogus", "9999-99-99"} {
		if got := s.Occurrences("2026-12-01", to); got != nil {
			t.Errorf("Occurrences to %q = %v", to, got)
		}
	}
	if got := (&Series{Cadence: CadenceWeekly}).Occurrences("2026-01-01", "2026-12-31"); got != nil {
		t.Errorf("no start: %v", got)
	}
	if got := (&Series{Cadence: "daily", Start: "2026-12-01"}).Occurrences("2026-01-01", "2026-12-31"); got != nil {
		t.Errorf("unknown cadence: %v", got)
	}
	if got := (&Series{Cadence: CadenceWeekly, Start: "2026-12-01"}).Next(""); got != "" {
		t.Errorf("Next(\"\") = %q", got)
	}
}

func TestSeriesNext(t *testing.T) {
	tests := []struct {
		cadence Cadence
		start   Date
		day     Date
		want    Date
	}{
		{CadenceWeekly, "2026-12-01", "2026-01-01", "2026-12-01"}, // before the series starts
		{CadenceWeekly, "2026-12-01", "2026-12-01", "2026-12-01"}, // on or after
		{CadenceWeekly, "2026-12-01", "2026-12-02", "2026-12-08"},
		{CadenceWeekly, "2026-12-01", "2026-12-30", "2027-01-05"},
		{CadenceBiweekly, "2026-12-01", "2026-12-02", "2026-12-15"},
		{CadenceMonthly, "2026-12-03", "2026-12-04", "2027-01-07"},
		{CadenceMonthly, "2026-12-29", "2027-01-27", "2027-02-23"},
		{CadenceQuarterly, "2026-12-03", "2026-12-04", "2027-03-04"},
		{CadenceQuarterly, "2026-12-03", "2030-06-02", "2030-06-06"},
	}
	for _, tc := range tests {
		s := &Series{Cadence: tc.cadence, Start: tc.start}
		if got := s.Next(tc.day); got != tc.want {
			t.Errorf("%s from %s: Next(%s) = %s, want %s", tc.cadence, tc.start, tc.day, got, tc.want)
		}
	}
}

func TestSeriesRRule(t *testing.T) {
	tests := []struct {
		cadence Cadence
		start   Date
		want    string
	}{
		{CadenceWeekly, "2026-12-01", "FREQ=WEEKLY;BYDAY=TU"},
		{CadenceWeekly, "2026-11-29", "FREQ=WEEKLY;BYDAY=SU"},
		{CadenceBiweekly, "2026-12-01", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"},
		{CadenceMonthly, "2026-12-03", "FREQ=MONTHLY;BYDAY=1TH"},
		{CadenceMonthly, "2027-02-08", "FREQ=MONTHLY;BYDAY=2MO"},
		{CadenceMonthly, "2027-01-28", "FREQ=MONTHLY;BYDAY=4TH"},
		{CadenceMonthly, "2026-12-29", "FREQ=MONTHLY;BYDAY=-1TU"},
		{CadenceQuarterly, "2026-12-03", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH"},
		{CadenceQuarterly, "2027-12-31", "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR"},
	}
	for _, tc := range tests {
		s := &Series{Cadence: tc.cadence, Start: tc.start}
		if got := s.RRule(); got != tc.want {
			t.Errorf("%s from %s: RRule = %q, want %q", tc.cadence, tc.start, got, tc.want)
		}
	}
}

func validSeries() Series {
	return Series{Title: "Weekly VOC triage", AgendaID: "voc-triage", Cadence: "Weekly", Start: "2026-12-01", Time: "9:00", Minutes: 60}
}

func TestSeriesValidate(t *testing.T) {
	s := validSeries()
	s.Title = "  Weekly \x1b[1mVOC\x1b[0m triage "
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Title != "Weekly VOC triage" || s.Cadence != CadenceWeekly || s.Time != "09:00" {
		t.Fatalf("not normalised: %+v", s)
	}
	tests := []struct {
		name string
		edit func(*Series)
		frag string
	}{
		{"no title", func(s *Series) { s.Title = " " }, "series title is required"},
		{"no agenda", func(s *Series) { s.AgendaID = "" }, "needs a ritual"},
		{"bad cadence", func(s *Series) { s.Cadence = "daily" }, `cadence "daily" is not weekly, biweekly, monthly or quarterly`},
		{"no cadence", func(s *Series) { s.Cadence = "" }, `cadence "" is not`},
		{"bad start", func(s *Series) { s.Start = "2026-02-30" }, "series start: "},
		{"no start", func(s *Series) { s.Start = "" }, "series start: "},
		{"bad time", func(s *Series) { s.Time = "25:00" }, `time "25:00" is not HH:MM (24-hour)`},
		{"minute out of range", func(s *Series) { s.Time = "09:60" }, "is not HH:MM"},
		{"am/pm", func(s *Series) { s.Time = "9am" }, `time "9am" is not HH:MM`},
		{"no time", func(s *Series) { s.Time = "" }, "is not HH:MM"},
		{"zero minutes", func(s *Series) { s.Minutes = 0 }, "lasts 1 to 480 minutes"},
		{"too long", func(s *Series) { s.Minutes = 481 }, "lasts 1 to 480 minutes"},
		{"bad zone", func(s *Series) { s.Timezone = "Mars/Olympus_Mons" }, `time zone "Mars/Olympus_Mons" is unknown`},
	}
	for _, tc := range tests {
		s := validSeries()
		tc.edit(&s)
		err := s.Validate()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.frag) {
			t.Errorf("%s: %s %q, want EINVALID containing %q", tc.name, ErrorCode(err), ErrorMessage(err), tc.frag)
		}
	}
	for in, want := range map[string]Cadence{"biweekly": CadenceBiweekly, "Fortnightly": CadenceBiweekly, " monthly ": CadenceMonthly, "QUARTERLY": CadenceQuarterly} {
		if got, err := ParseCadence(in); err != nil || got != want {
			t.Errorf("ParseCadence(%q) = %q, %v", in, got, err)
		}
	}
	for in, want := range map[string]string{"09:00": "09:00", "9:05": "09:05", " 23:59 ": "23:59", "00:00": "00:00"} {
		if got, err := ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %q, %v", in, got, err)
		}
	}
}

func TestSeriesLocationAndStartTime(t *testing.T) {
	s := validSeries()
	loc, err := s.Location()
	if err != nil || loc != time.UTC {
		t.Fatalf("empty zone: %v %v", loc, err)
	}
	if got := s.StartTime(); !got.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("StartTime UTC = %v", got)
	}
	s.Timezone = "Europe/Berlin"
	if err := s.Validate(); err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	// 09:00 in Berlin in December is 08:00 UTC
	if got := s.StartTime(); !got.Equal(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)) || got.Location().String() != "Europe/Berlin" {
		t.Errorf("StartTime Berlin = %v", got)
	}
}

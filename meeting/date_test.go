package meeting

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	wed = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) // Wednesday
	fri = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) // Friday
)

func TestParseDue(t *testing.T) {
	tests := []struct {
		in   string
		now  time.Time
		want Date
	}{
		{"2026-12-04", wed, "2026-12-04"},
		{" 2026-12-04 ", wed, "2026-12-04"},
		{"2026-11-25", wed, "2026-11-25"}, // today is not the past
		{"today", wed, "2026-11-25"},
		{"TODAY", wed, "2026-11-25"},
		{"tomorrow", wed, "2026-11-26"},
		{"tmrw", wed, "2026-11-26"},
		{"  Tomorrow\t", wed, "2026-11-26"},
		// weekday names: the coming one; today's name means a week today
		{"thu", wed, "2026-11-26"},
		{"thur", wed, "2026-11-26"},
		{"thurs", wed, "2026-11-26"},
		{"thursday", wed, "2026-11-26"},
		{"fri", wed, "2026-11-27"},
		{"friday", wed, "2026-11-27"},
		{"FRI", wed, "2026-11-27"},
		{" Fri ", wed, "2026-11-27"},
		{"sat", wed, "2026-11-28"},
		{"saturday", wed, "2026-11-28"},
		{"sun", wed, "2026-11-29"},
		{"sunday", wed, "2026-11-29"},
		{"Sunday", wed, "2026-11-29"},
		{"mon", wed, "2026-11-30"},
		{"monday", wed, "2026-11-30"},
		{"tue", wed, "2026-12-01"},
		{"tues", wed, "2026-12-01"},
		{"tuesday", wed, "2026-12-01"},
		{"wed", wed, "2026-12-02"},
		{"wednesday", wed, "2026-12-02"},
		{"+0d", wed, "2026-11-25"},
		{"+1d", wed, "2026-11-26"},
		{"+3d", wed, "2026-11-28"},
		{"+3D", wed, "2026-11-28"},
		{"+7d", wed, "2026-12-02"},
		{"+03d", wed, "2026-11-28"},
		{"+2w", wed, "2026-12-09"},
		{"+2W", wed, "2026-12-09"},
		{"+0w", wed, "2026-11-25"},
		{"+732d", wed, "2028-11-26"}, // exactly MaxDueDays
		{"2028-11-26", wed, "2028-11-26"},
		// on a Friday
		{"today", fri, "2026-11-27"},
		{"fri", fri, "2026-12-04"},
		{"friday", fri, "2026-12-04"},
		{"sat", fri, "2026-11-28"},
		{"sun", fri, "2026-11-29"},
		{"mon", fri, "2026-11-30"},
		{"thu", fri, "2026-12-03"},
		{"wed", fri, "2026-12-02"},
		{"+3d", fri, "2026-11-30"},
		{"+1w", fri, "2026-12-04"},
		// across the year end
		{"tomorrow", time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "2027-01-01"},
		{"mon", time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC), "2027-01-04"},
		// the day is now's day in now's location, not UTC's
		{"today", time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("PST", -8*3600)), "2026-11-25"},
		{"thu", time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("PST", -8*3600)), "2026-11-26"},
		{"today", time.Date(2026, 11, 26, 0, 30, 0, 0, time.FixedZone("CET", 3600)), "2026-11-26"},
	}
	for _, tc := range tests {
		got, err := ParseDue(tc.in, tc.now)
		if err != nil {
			t.Errorf("ParseDue(%q, %s %s): %v", tc.in, tc.now.Weekday(), DateOf(tc.now), err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseDue(%q, %s %s) = %s, want %s", tc.in, tc.now.Weekday(), DateOf(tc.now), got, tc.want)
		}
	}
}

func TestParseDueRefused(t *testing.T) {
	tests := []struct {
		in   string
		hint string // the message must contain this
	}{
		{"", "required"},
		{"   ", "required"},
		{"someday", `"someday" is not a date; try 2026-12-04`},
		{"next week", "try 2026-12-04, today, tomorrow, fri, +3d or +2w"},
		{"fr", "is not a date"},
		{"2026-13-01", "not a real date"},
		{"2026-02-30", "not a real date"},
		{"2026-00-10", "not a real date"},
		{"2026-1-01x", "use YYYY-MM-DD"},
		{"2026/12/04", "not a date"},
		{"04-12-2026", "not a date"},
		{"2026-11-24", "2026-11-24 is in the past"},
		{"2020-01-01", "in the past"},
		{"1999-01-01", "1999-01-01 is in the past"},
		{"+3x", "is not a date"},
		{"+3", "is not a date"},
		{"+d", "is not a date"},
		{"+", "is not a date"},
		{"+-3d", "is not a date"},
		{"+-0d", "is not a date"},
		{"++3d", "is not a date"},
		{"+ 3d", "is not a date"},
		{"+3.5d", "is not a date"},
		{"+99999d", "+99999d is more than two years away"},
		{"+99999999999999999999999d", "is not a date"},
		{"+733d", "more than two years away"},
		{"+105w", "more than two years away"},
		{"2029-01-01", "more than two years away"},
		{"2199-12-31", "more than two years away"},
		{"2200-01-01", "more than two years away"},
		{"-3d", "is not a date"},
		{"fri\x1b[2J", "is not a date"},
	}
	for _, tc := range tests {
		d, err := ParseDue(tc.in, wed)
		if err == nil {
			t.Errorf("ParseDue(%q) = %s, want an error", tc.in, d)
			continue
		}
		if ErrorCode(err) != EINVALID {
			t.Errorf("ParseDue(%q): code %s, want %s", tc.in, ErrorCode(err), EINVALID)
		}
		msg := ErrorMessage(err)
		if !strings.Contains(msg, tc.hint) {
			t.Errorf("ParseDue(%q): message %q does not contain %q", tc.in, msg, tc.hint)
		}
		assertSentence(t, msg)
	}
}

// assertSentence checks an error message is one clean line a person reads.
func assertSentence(t *testing.T, msg string) {
	t.Helper()
	if msg == "" || strings.ContainsAny(msg, "\n\r\x1b\x07") || strings.Contains(strings.ReplaceAll(msg, "e.g. ", ""), ". ") || !utf8.ValidString(msg) {
		t.Errorf("message %q is not one clean sentence", msg)
	}
	if runeLen(msg) > 200 {
		t.Errorf("message is %d runes long: %q", runeLen(msg), msg)
	}
	for _, r := range msg {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Errorf("message %q has control %U", msg, r)
		}
	}
}

func TestParseDueQuotesInputSafely(t *testing.T) {
	long := strings.Repeat("x", 500)
	_, err := ParseDue(long, wed)
	if err == nil {
		t.Fatal("accepted 500 x")
	}
	if !strings.Contains(ErrorMessage(err), `"`+strings.Repeat("x", 40)+`"`) {
		t.Fatalf("long input is not clipped to 40 runes in %q", ErrorMessage(err))
	}
}

func TestParseDate(t *testing.T) {
	ok := []struct{ in, want string }{
		{"2026-12-04", "2026-12-04"},
		{" 2026-12-04\n", "2026-12-04"},
		{"2000-01-01", "2000-01-01"},
		{"2199-12-31", "2199-12-31"},
		{"2028-02-29", "2028-02-29"},
		{"2000-02-29", "2000-02-29"},
	}
	for _, tc := range ok {
		got, err := ParseDate(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	bad := []struct{ in, hint string }{
		{"", "not a date"},
		{"2026-1-04", "not a date"},
		{"2026-01-4", "not a date"},
		{"26-01-04", "not a date"},
		{"2026/01/04", "not a date"},
		{"2026-01-04T10:00:00Z", "not a date"},
		{"2026-01-04 10:00", "not a date"},
		{"2026-02-29", "not a date"},
		{"2100-02-29", "not a date"},
		{"2026-04-31", "not a date"},
		{"2026-13-01", "not a date"},
		{"2026-12-00", "not a date"},
		{"+2026-12-4", "not a date"},
		{"２０２６-12-04", "not a date"},
		{"1999-12-31", "out of range (years 2000 to 2199)"},
		{"2200-01-01", "out of range"},
		{"0000-01-01", "out of range"},
	}
	for _, tc := range bad {
		got, err := ParseDate(tc.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", tc.in, got)
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.hint) {
			t.Errorf("ParseDate(%q): %s %q, want EINVALID containing %q", tc.in, ErrorCode(err), ErrorMessage(err), tc.hint)
		}
	}
}

func TestDateValid(t *testing.T) {
	for in, want := range map[Date]bool{"": true, "2026-12-04": true, "2026-02-30": false, "today": false, "1999-01-01": false} {
		if got := in.Valid(); got != want {
			t.Errorf("Date(%q).Valid() = %v, want %v", in, got, want)
		}
	}
}

func TestDateAddDays(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{"2026-11-25", 0, "2026-11-25"},
		{"2026-11-25", 5, "2026-11-30"},
		{"2026-11-30", 1, "2026-12-01"},
		{"2026-12-01", -1, "2026-11-30"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2027-02-28", 1, "2027-03-01"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2028-02-29", 1, "2028-03-01"},
		{"2028-02-29", 365, "2029-02-28"},
		{"2026-03-28", 2, "2026-03-30"}, // across Europe's DST change: still whole days
		{"2026-11-25", 732, "2028-11-26"},
	}
	for _, tc := range tests {
		if got := tc.d.AddDays(tc.n); got != tc.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tc.d, tc.n, got, tc.want)
		}
	}
}

func TestDateDaysUntilAndBefore(t *testing.T) {
	tests := []struct {
		a, b   Date
		days   int
		before bool
	}{
		{"2026-11-25", "2026-12-04", 9, true},
		{"2026-12-04", "2026-11-25", -9, false},
		{"2026-11-25", "2026-11-25", 0, false},
		{"2026-12-31", "2027-01-01", 1, true},
		{"2028-01-01", "2029-01-01", 366, true},
		{"2027-01-01", "2028-01-01", 365, true},
		{"2026-02-28", "2026-03-01", 1, true},
		{"2028-02-28", "2028-03-01", 2, true},
	}
	for _, tc := range tests {
		if got := tc.a.DaysUntil(tc.b); got != tc.days {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tc.a, tc.b, got, tc.days)
		}
		if got := tc.a.Before(tc.b); got != tc.before {
			t.Errorf("%s.Before(%s) = %v, want %v", tc.a, tc.b, got, tc.before)
		}
	}
	// the empty date is before none and none is before it
	if Date("").Before("2026-11-25") || Date("2026-11-25").Before("") || Date("").Before("") {
		t.Error("the empty date takes part in Before")
	}
}

func TestDateOfAndTime(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	instant := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	if got := DateOf(instant); got != "2026-11-26" {
		t.Errorf("DateOf UTC = %s", got)
	}
	if got := DateOf(instant.In(ny)); got != "2026-11-25" {
		t.Errorf("DateOf EST = %s", got)
	}
	mid := Date("2026-11-25").Time(ny)
	if !mid.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, ny)) {
		t.Errorf("Time(EST) = %v", mid)
	}
	if !Date("bogus").Time(time.UTC).IsZero() || !Date("").Time(time.UTC).IsZero() {
		t.Error("Time of a non-date is not the zero time")
	}
	if Date("2026-11-25").String() != "2026-11-25" {
		t.Error("String")
	}
}

func FuzzParseDue(f *testing.F) {
	for _, s := range []string{
		"2026-12-04", "today", "tomorrow", "tmrw", "fri", "FRIDAY", "sun", "thurs", "+3d", "+2w", "+0d", "+732d", "+733d",
		"+-3d", "+99999d", "+3x", "someday", "2026-13-01", "2026-02-30", "1999-01-01", "", " ", "+", "+d", "++1d",
		"2026-11-24", "\x1b[31mfri", "9999-99-99", "2026-12-04\x00",
	} {
		f.Add(s, uint16(0))
		f.Add(s, uint16(50))
	}
	base := wed
	f.Fuzz(func(t *testing.T, s string, hours uint16) {
		now := base.Add(time.Duration(hours) * time.Hour) // up to ~7.5 years on
		today := DateOf(now)
		d, err := ParseDue(s, now)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseDue(%q): code %s", s, ErrorCode(err))
			}
			msg := ErrorMessage(err)
			if msg == "" || strings.ContainsAny(msg, "\n\x1b") || !utf8.ValidString(msg) {
				t.Fatalf("ParseDue(%q): bad message %q", s, msg)
			}
			if d != "" {
				t.Fatalf("ParseDue(%q) returned %q with an error", s, d)
			}
			return
		}
		if d == "" || !d.Valid() {
			t.Fatalf("ParseDue(%q) = %q: not a valid date", s, d)
		}
		if _, err := ParseDate(string(d)); err != nil {
			t.Fatalf("ParseDue(%q) = %q: %v", s, d, err)
		}
		if d.Before(today) {
			t.Fatalf("ParseDue(%q) = %s: before today %s", s, d, today)
		}
		if n := today.DaysUntil(d); n < 0 || n > MaxDueDays {
			t.Fatalf("ParseDue(%q) = %s: %d days away", s, d, n)
		}
	})
}

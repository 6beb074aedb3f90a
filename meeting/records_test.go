package meeting

// Long on purpose: table tests of every record's constructor, validation and filters, side by side.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// wantErr checks err against an expected code and message fragment; an
// empty code means no error.
func wantErr(t *testing.T, what string, err error, code Code, frag string) bool {
	t.Helper()
	switch {
	case code == "" && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
		return false
	case code == "":
		return true
	case err == nil:
		t.Errorf("%s: no error, want %s %q", what, code, frag)
	case ErrorCode(err) != code:
		t.Errorf("%s: code %s (%v), want %s", what, ErrorCode(err), err, code)
	case !strings.Contains(ErrorMessage(err), frag):
		t.Errorf("%s: message %q does not contain %q", what, ErrorMessage(err), frag)
	default:
		assertSentence(t, ErrorMessage(err))
	}
	return false
}

func TestNewAction(t *testing.T) {
	long := strings.Repeat("a", MaxLine)
	tests := []struct {
		name             string
		text, owner, due string
		code             Code
		frag             string
		wText, wOwner    string
		wDue             Date
	}{
		{name: "ok", text: "Call back Acme about the refund", owner: "@ana", due: "fri",
			wText: "Call back Acme about the refund", wOwner: "ana", wDue: "2026-11-27"},
		{name: "outside owner", text: "Send the survey", owner: "  Jo from Finance ", due: "2026-12-04",
			wText: "Send the survey", wOwner: "Jo from Finance", wDue: "2026-12-04"},
		{name: "escapes removed before storing", text: "Fix \x1b]52;c;aGVsbG8=\alogin\x1b[2J \u202eflow", owner: "@be\x1b[31mn", due: "+3d",
			wText: "Fix login flow", wOwner: "ben", wDue: "2026-11-28"},
		{name: "lines joined", text: "first\nsecond\r\nthird", owner: "ana", due: "today",
			wText: "first second third", wOwner: "ana", wDue: "2026-11-25"},
		{name: "exactly the limit", text: long, owner: "ana", due: "today", wText: long, wOwner: "ana", wDue: "2026-11-25"},
		{name: "escapes do not count towards the limit", text: "\x1b[1m" + long + "\x1b[0m  ", owner: "ana", due: "today",
			wText: long, wOwner: "ana", wDue: "2026-11-25"},
		{name: "too long", text: long + "b", owner: "ana", due: "today", code: EINVALID, frag: "action text is longer than 280 characters"},
		{name: "too long by a word", text: long + " b", owner: "ana", due: "today", code: EINVALID, frag: "longer than 280"},
		{name: "text required", text: "", owner: "ana", due: "today", code: EINVALID, frag: "action text is required"},
		{name: "blank text", text: " \t\n", owner: "ana", due: "today", code: EINVALID, frag: "action text is required"},
		{name: "only escapes", text: "\x1b[31m\x1b[0m\u200b", owner: "ana", due: "today", code: EINVALID, frag: "action text is required"},
		{name: "owner required", text: "x", owner: "", due: "today", code: EINVALID, frag: "every action needs an owner"},
		{name: "owner only @", text: "x", owner: " @ ", due: "today", code: EINVALID, frag: "every action needs an owner"},
		{name: "owner too long", text: "x", owner: strings.Repeat("o", MaxName+1), due: "today", code: EINVALID, frag: "owner is longer than 80 characters"},
		{name: "due required", text: "x", owner: "ana", due: "", code: EINVALID, frag: "a due date is required"},
		{name: "bad due", text: "x", owner: "ana", due: "someday", code: EINVALID, frag: `"someday" is not a date`},
		{name: "past due", text: "x", owner: "ana", due: "2026-11-01", code: EINVALID, frag: "in the past"},
	}
	for _, tc := range tests {
		a, err := NewAction(tc.text, tc.owner, tc.due, "lee", wed)
		if !wantErr(t, tc.name, err, tc.code, tc.frag) {
			if err != nil && a != nil {
				t.Errorf("%s: returned an action with the error", tc.name)
			}
			continue
		}
		if a.Text != tc.wText || a.Owner != tc.wOwner || a.Due != tc.wDue {
			t.Errorf("%s: got text %q owner %q due %s; want %q %q %s", tc.name, a.Text, a.Owner, a.Due, tc.wText, tc.wOwner, tc.wDue)
		}
		if a.Status != StatusOpen || a.CreatedBy != "lee" || !a.CreatedAt.Equal(wed) || !a.UpdatedAt.Equal(wed) {
			t.Errorf("%s: status %s by %q at %v/%v", tc.name, a.Status, a.CreatedBy, a.CreatedAt, a.UpdatedAt)
		}
		want := []Change{{At: wed, By: "lee", To: StatusOpen, Note: "created"}}
		if !slices.Equal(a.History, want) {
			t.Errorf("%s: history %+v", tc.name, a.History)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: a new action does not validate: %v", tc.name, err)
		}
	}
}

func TestActionValidate(t *testing.T) {
	good := Action{Text: "x", Owner: "ana", Due: "2026-12-04", Status: StatusOpen}
	tests := []struct {
		name string
		edit func(*Action)
		frag string
	}{
		{"ok", func(*Action) {}, ""},
		{"no text", func(a *Action) { a.Text = "" }, "action text is required"},
		{"long text", func(a *Action) { a.Text = strings.Repeat("é", MaxLine+1) }, "longer than 280"},
		{"no owner", func(a *Action) { a.Owner = "" }, "needs an owner"},
		{"long owner", func(a *Action) { a.Owner = strings.Repeat("o", MaxName+1) }, "owner is longer than 80"},
		{"no due", func(a *Action) { a.Due = "" }, "needs a due date"},
		{"bad due", func(a *Action) { a.Due = "2026-02-30" }, `"2026-02-30" is not a date`},
		{"bad status", func(a *Action) { a.Status = "closed" }, `status "closed" is not one of`},
		{"no status", func(a *Action) { a.Status = "" }, "is not one of"},
	}
	for _, tc := range tests {
		a := good
		tc.edit(&a)
		code := Code("")
		if tc.frag != "" {
			code = EINVALID
		}
		wantErr(t, tc.name, a.Validate(), code, tc.frag)
	}
}

func TestActionSetStatus(t *testing.T) {
	at := wed.Add(time.Hour)
	tests := []struct {
		name  string
		from  Status
		to    Status
		note  string
		code  Code
		frag  string
		want  Status
		wNote string
	}{
		{name: "done", from: StatusOpen, to: StatusDone, want: StatusDone},
		{name: "done with note", from: StatusBlocked, to: StatusDone, note: "shipped", want: StatusDone, wNote: "shipped"},
		{name: "blocked needs a note", from: StatusOpen, to: StatusBlocked, code: EINVALID, frag: "saying what would unblock it"},
		{name: "blocked note of only spaces", from: StatusOpen, to: StatusBlocked, note: "  \x1b[2J ", code: EINVALID, frag: "unblock"},
		{name: "blocked", from: StatusOpen, to: StatusBlocked, note: "needs legal sign-off", want: StatusBlocked, wNote: "needs legal sign-off"},
		{name: "escalated needs a note", from: StatusBlocked, to: StatusEscalated, code: EINVALID, frag: "saying to whom"},
		{name: "escalated", from: StatusBlocked, to: StatusEscalated, note: "to the VP Support", want: StatusEscalated, wNote: "to the VP Support"},
		{name: "check-in keeps the status", from: StatusOpen, to: StatusOpen, note: "on track", want: StatusOpen, wNote: "on track"},
		{name: "dropped", from: StatusOpen, to: StatusDropped, want: StatusDropped},
		{name: "reopen", from: StatusDone, to: StatusOpen, want: StatusOpen},
		{name: "note cleaned", from: StatusOpen, to: StatusBlocked, note: "wait\x1b]0;x\a for\n\nIT", want: StatusBlocked, wNote: "wait for IT"},
		{name: "note too long", from: StatusOpen, to: StatusDone, note: strings.Repeat("n", MaxLine+1), code: EINVALID, frag: "note is longer than 280"},
		{name: "unknown status", from: StatusOpen, to: "closed", code: EINVALID, frag: `"closed" is not one of`},
		{name: "empty status", from: StatusOpen, to: "", code: EINVALID, frag: "is not one of"},
		// statuses as typed are normalised before the rules apply
		{name: "alias stored canonically", from: StatusBlocked, to: "on-track", want: StatusOpen},
		{name: "upper case blocked still needs a note", from: StatusOpen, to: "BLOCKED", code: EINVALID, frag: "unblock"},
		{name: "upper case stored canonically", from: StatusOpen, to: " Done ", want: StatusDone},
	}
	for _, tc := range tests {
		a, err := NewAction("Call Acme", "ana", "fri", "lee", wed)
		if err != nil {
			t.Fatal(err)
		}
		a.Status = tc.from
		before := a.Clone()
		err = a.SetStatus(tc.to, tc.note, "ana", at)
		if !wantErr(t, tc.name, err, tc.code, tc.frag) {
			if err != nil && (a.Status != before.Status || len(a.History) != len(before.History) || !a.UpdatedAt.Equal(before.UpdatedAt)) {
				t.Errorf("%s: a refused change altered the action: %+v", tc.name, a)
			}
			continue
		}
		if a.Status != tc.want {
			t.Errorf("%s: status %q, want %q", tc.name, a.Status, tc.want)
		}
		if len(a.History) != 2 {
			t.Fatalf("%s: history %+v", tc.name, a.History)
		}
		want := Change{At: at, By: "ana", From: tc.from, To: tc.want, Note: tc.wNote}
		if a.LastChange() != want {
			t.Errorf("%s: last change %+v, want %+v", tc.name, a.LastChange(), want)
		}
		if !a.UpdatedAt.Equal(at) || !a.CreatedAt.Equal(wed) {
			t.Errorf("%s: updated %v created %v", tc.name, a.UpdatedAt, a.CreatedAt)
		}
		if before.History[0] != a.History[0] {
			t.Errorf("%s: the creation entry changed", tc.name)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestActionHistoryAccumulates(t *testing.T) {
	clk := NewFakeClock(wed)
	a, err := NewAction("Call Acme", "ana", "fri", "lee", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		to   Status
		note string
		by   string
	}{
		{StatusOpen, "on track", "ana"},
		{StatusBlocked, "waiting on legal", "ana"},
		{StatusEscalated, "to the COO", "lee"},
		{StatusDone, "", "ana"},
	}
	for _, s := range steps {
		clk.Advance(24 * time.Hour)
		if err := a.SetStatus(s.to, s.note, s.by, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	want := []Change{
		{At: wed, By: "lee", To: StatusOpen, Note: "created"},
		{At: wed.Add(24 * time.Hour), By: "ana", From: StatusOpen, To: StatusOpen, Note: "on track"},
		{At: wed.Add(48 * time.Hour), By: "ana", From: StatusOpen, To: StatusBlocked, Note: "waiting on legal"},
		{At: wed.Add(72 * time.Hour), By: "lee", From: StatusBlocked, To: StatusEscalated, Note: "to the COO"},
		{At: wed.Add(96 * time.Hour), By: "ana", From: StatusEscalated, To: StatusDone},
	}
	if !slices.Equal(a.History, want) {
		t.Fatalf("history:\n got %+v\nwant %+v", a.History, want)
	}
	c := a.Clone()
	c.History[0].Note = "changed"
	if a.History[0].Note != "created" {
		t.Fatal("Clone shares the history")
	}
	if (&Action{}).LastChange() != (Change{}) {
		t.Fatal("LastChange of an empty history")
	}
}

func TestActionParseStatus(t *testing.T) {
	tests := []struct {
		in   string
		want Status
	}{
		{"open", StatusOpen}, {"Done", StatusDone}, {" BLOCKED ", StatusBlocked}, {"escalated", StatusEscalated},
		{"dropped", StatusDropped}, {"on-track", StatusOpen}, {"ontrack", StatusOpen}, {"On_Track", StatusOpen},
	}
	for _, tc := range tests {
		got, err := ParseStatus(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "closed", "on track", "doneish", "\x1b[31mopen"} {
		_, err := ParseStatus(in)
		wantErr(t, "ParseStatus("+in+")", err, EINVALID, "is not one of open, done, blocked, escalated, dropped")
	}
	active := map[Status]bool{StatusOpen: true, StatusBlocked: true, StatusEscalated: true, StatusDone: false, StatusDropped: false, "": false}
	for st, want := range active {
		if st.Active() != want {
			t.Errorf("%q.Active() = %v", st, st.Active())
		}
	}
	if len(Statuses) != 5 {
		t.Errorf("Statuses = %v", Statuses)
	}
}

func TestActionOverdue(t *testing.T) {
	today := Date("2026-11-25")
	tests := []struct {
		due    Date
		status Status
		want   bool
	}{
		{"2026-11-24", StatusOpen, true},
		{"2026-11-24", StatusBlocked, true},
		{"2026-11-24", StatusEscalated, true},
		{"2026-11-24", StatusDone, false},
		{"2026-11-24", StatusDropped, false},
		{"2026-11-25", StatusOpen, false}, // due today is not overdue
		{"2026-12-01", StatusOpen, false},
		{"", StatusOpen, false},
	}
	for _, tc := range tests {
		a := &Action{Due: tc.due, Status: tc.status}
		if got := a.Overdue(today); got != tc.want {
			t.Errorf("due %q %s: Overdue = %v, want %v", tc.due, tc.status, got, tc.want)
		}
	}
}

func TestActionFilterMatch(t *testing.T) {
	acts := []*Action{
		{ID: "A1", Owner: "ana", Due: "2026-11-20", Status: StatusOpen, MeetingID: "M1", SeriesID: "S1"},
		{ID: "A2", Owner: "Ana", Due: "2026-12-20", Status: StatusBlocked, MeetingID: "M1", SeriesID: "S1", IssueID: "I1"},
		{ID: "A3", Owner: "ben", Due: "2026-11-01", Status: StatusDone, MeetingID: "M2", SeriesID: "S1"},
		{ID: "A4", Owner: "Jo from Finance", Due: "2026-11-24", Status: StatusEscalated, MeetingID: "M2", SeriesID: "S2"},
		{ID: "A5", Owner: "ben", Due: "2026-11-02", Status: StatusDropped, MeetingID: "M3"},
	}
	tests := []struct {
		name string
		f    ActionFilter
		want []string
	}{
		{"all", ActionFilter{}, []string{"A1", "A2", "A3", "A4", "A5"}},
		{"owner case-insensitive", ActionFilter{Owner: "ANA"}, []string{"A1", "A2"}},
		{"owner free text", ActionFilter{Owner: "jo from finance"}, []string{"A4"}},
		{"owner is not a substring", ActionFilter{Owner: "an"}, nil},
		{"status", ActionFilter{Status: StatusDone}, []string{"A3"}},
		{"active", ActionFilter{Active: true}, []string{"A1", "A2", "A4"}},
		{"overdue", ActionFilter{OverdueOn: "2026-11-25"}, []string{"A1", "A4"}},
		{"overdue earlier", ActionFilter{OverdueOn: "2026-11-24"}, []string{"A1"}},
		{"overdue by owner", ActionFilter{OverdueOn: "2026-11-25", Owner: "ana"}, []string{"A1"}},
		{"meeting", ActionFilter{MeetingID: "M2"}, []string{"A3", "A4"}},
		{"series active", ActionFilter{SeriesID: "S1", Active: true}, []string{"A1", "A2"}},
		{"issue", ActionFilter{IssueID: "I1"}, []string{"A2"}},
	}
	for _, tc := range tests {
		var got []string
		for _, a := range acts {
			if tc.f.Match(a) {
				got = append(got, a.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSortActions(t *testing.T) {
	as := []*Action{
		{ID: "A10", Due: "2026-12-01"},
		{ID: "A9", Due: "2026-12-01"},
		{ID: "A2", Due: "2026-12-05"},
		{ID: "A11", Due: "2026-11-30"},
		{ID: "A1", Due: "2026-12-01"},
	}
	SortActions(as)
	var got []string
	for _, a := range as {
		got = append(got, a.ID)
	}
	if want := []string{"A11", "A1", "A9", "A10", "A2"}; !slices.Equal(got, want) {
		t.Fatalf("SortActions: %v, want %v", got, want)
	}
}

func TestActionCompareAndNormalizeIDs(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"A9", "A10", -1}, {"A10", "A9", 1}, {"A10", "A10", 0}, {"A1", "B0", -1}, {"I2", "A3", 1}, {"A", "A1", -1},
	}
	for _, tc := range tests {
		if got := CompareIDs(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if NormalizeID(" a12 ") != "A12" {
		t.Errorf("NormalizeID = %q", NormalizeID(" a12 "))
	}
}

func TestNewDecision(t *testing.T) {
	opts := func(n int) []Option {
		var o []Option
		for i := range n {
			o = append(o, Option{Description: fmt.Sprintf("option %d", i+1)})
		}
		return o
	}
	tests := []struct {
		name  string
		in    DecisionInput
		code  Code
		frag  string
		check func(*testing.T, *Decision)
	}{
		{name: "full template", in: DecisionInput{
			Title: "Refund window", Context: "Refund complaints up 40%\nsince the change.", Decision: "Extend the refund window to 60 days",
			Rationale: "Customers cite the window in 1 of 3 complaints", Options: []Option{
				{Description: "Keep 30 days", Pros: "cheap", Cons: "complaints", CustomerImpact: "negative"},
				{Description: "  ", Pros: "dropped: no description"},
				{Description: "Extend to 60 days", Pros: "fewer complaints", Cons: "cost", CustomerImpact: "\x1b[1mpositive"},
			},
			Customer: "fewer refund complaints", Business: "churn down", Metrics: "CSAT +3",
			ReviewDate: "+2w", CommunicatedTo: "support, finance, , @cs-team ", Kind: "Approved", Owner: "@ana", Deadline: "fri",
		}, check: func(t *testing.T, d *Decision) {
			if d.Title != "Refund window" || d.Decision != "Extend the refund window to 60 days" || d.Context != "Refund complaints up 40%\nsince the change." {
				t.Errorf("fields: %+v", d)
			}
			if d.Date != "2026-11-25" || d.MadeBy != "lee" || d.CreatedBy != "lee" || !d.CreatedAt.Equal(wed) {
				t.Errorf("made: %s %q %q %v", d.Date, d.MadeBy, d.CreatedBy, d.CreatedAt)
			}
			wantOpts := []Option{
				{Description: "Keep 30 days", Pros: "cheap", Cons: "complaints", CustomerImpact: "negative"},
				{Description: "Extend to 60 days", Pros: "fewer complaints", Cons: "cost", CustomerImpact: "positive"},
			}
			if !slices.Equal(d.Options, wantOpts) {
				t.Errorf("options %+v", d.Options)
			}
			if d.Expected != (Impact{Customer: "fewer refund complaints", Business: "churn down", Metrics: "CSAT +3"}) {
				t.Errorf("expected %+v", d.Expected)
			}
			if d.ReviewDate != "2026-12-09" || d.Deadline != "2026-11-27" || d.Kind != DecisionApproved || d.Owner != "ana" {
				t.Errorf("review %s deadline %s kind %q owner %q", d.ReviewDate, d.Deadline, d.Kind, d.Owner)
			}
			if !slices.Equal(d.CommunicatedTo, []string{"support", "finance", "@cs-team"}) {
				t.Errorf("communicated to %q", d.CommunicatedTo)
			}
			if !d.Documented() {
				t.Error("a decision with a rationale and a review date is documented")
			}
		}},
		{name: "title defaults to the decision", in: DecisionInput{Decision: strings.Repeat("word ", 30) + "\nmore"}, check: func(t *testing.T, d *Decision) {
			if d.Title != strings.TrimSpace(strings.Repeat("word ", 16)) || runeLen(d.Title) > 80 {
				t.Errorf("title %q", d.Title)
			}
			if d.ReviewDate != "" || d.Kind != "" || d.Documented() {
				t.Errorf("optional fields: %+v", d)
			}
		}},
		{name: "multi-line decision kept", in: DecisionInput{Decision: "Do A\n\nthen B"}, check: func(t *testing.T, d *Decision) {
			if d.Decision != "Do A\n\nthen B" || d.Title != "Do A then B" {
				t.Errorf("decision %q title %q", d.Decision, d.Title)
			}
		}},
		{name: "deferred", in: DecisionInput{Decision: "Later", Kind: " deferred "}, check: func(t *testing.T, d *Decision) {
			if d.Kind != DecisionDeferred {
				t.Errorf("kind %q", d.Kind)
			}
		}},
		{name: "blocker", in: DecisionInput{Decision: "Blocked on data", Kind: "BLOCKER"}, check: func(t *testing.T, d *Decision) {
			if d.Kind != DecisionBlocker {
				t.Errorf("kind %q", d.Kind)
			}
		}},
		{name: "ten options", in: DecisionInput{Decision: "x", Options: opts(10)}, check: func(t *testing.T, d *Decision) {
			if len(d.Options) != 10 {
				t.Errorf("%d options", len(d.Options))
			}
		}},
		{name: "decision required", in: DecisionInput{Title: "t"}, code: EINVALID, frag: "the decision is required"},
		{name: "decision of escapes only", in: DecisionInput{Decision: "\x1b[2J"}, code: EINVALID, frag: "the decision is required"},
		{name: "decision too long", in: DecisionInput{Decision: strings.Repeat("d", 2*MaxLine+1)}, code: EINVALID, frag: "the decision is longer than 560"},
		{name: "title too long", in: DecisionInput{Decision: "x", Title: strings.Repeat("t", MaxLine+1)}, code: EINVALID, frag: "title is longer than 280"},
		{name: "rationale too long", in: DecisionInput{Decision: "x", Rationale: strings.Repeat("r", MaxText+1)}, code: EINVALID, frag: "rationale is longer than 4000"},
		{name: "option too long", in: DecisionInput{Decision: "x", Options: []Option{{Description: strings.Repeat("o", MaxLine+1)}}}, code: EINVALID, frag: "option 1 is longer"},
		{name: "eleven options", in: DecisionInput{Decision: "x", Options: opts(11)}, code: EINVALID, frag: "at most 10 options"},
		{name: "bad review date", in: DecisionInput{Decision: "x", ReviewDate: "someday"}, code: EINVALID, frag: `"someday" is not a date`},
		{name: "past review date", in: DecisionInput{Decision: "x", ReviewDate: "2026-01-01"}, code: EINVALID, frag: "in the past"},
		{name: "bad deadline", in: DecisionInput{Decision: "x", Deadline: "2026-02-30"}, code: EINVALID, frag: "deadline"},
		{name: "bad kind", in: DecisionInput{Decision: "x", Kind: "maybe"}, code: EINVALID, frag: `decision kind "maybe" is not approved, deferred or blocker`},
	}
	for _, tc := range tests {
		d, err := NewDecision(tc.in, "lee", wed)
		if wantErr(t, tc.name, err, tc.code, tc.frag) && tc.check != nil {
			tc.check(t, d)
		}
	}
}

func TestDecisionReviewDue(t *testing.T) {
	d := &Decision{ReviewDate: "2026-12-09", Rationale: "r", MeetingID: "M1", SeriesID: "S1", JourneyID: "J1"}
	for today, want := range map[Date]bool{"2026-12-08": false, "2026-12-09": true, "2026-12-10": true} {
		if got := d.ReviewDue(today); got != want {
			t.Errorf("ReviewDue(%s) = %v", today, got)
		}
	}
	if (&Decision{}).ReviewDue("2030-01-01") {
		t.Error("a decision without a review date is never due")
	}
	filters := []struct {
		f    DecisionFilter
		want bool
	}{
		{DecisionFilter{}, true},
		{DecisionFilter{MeetingID: "M1", SeriesID: "S1", JourneyID: "J1"}, true},
		{DecisionFilter{MeetingID: "M2"}, false},
		{DecisionFilter{JourneyID: "J2"}, false},
		{DecisionFilter{ReviewDueBy: "2026-12-09"}, true},
		{DecisionFilter{ReviewDueBy: "2026-12-08"}, false},
	}
	for _, tc := range filters {
		if got := tc.f.Match(d); got != tc.want {
			t.Errorf("%+v.Match = %v", tc.f, got)
		}
	}
}

func TestParseDecisionID(t *testing.T) {
	ok := []struct {
		id string
		d  Date
		n  int
	}{
		{"2026-11-25-01", "2026-11-25", 1},
		{"2026-11-25-12", "2026-11-25", 12},
		{"2026-11-25-123", "2026-11-25", 123},
		{DecisionID("2026-12-04", 3), "2026-12-04", 3},
		{DecisionID("2026-12-04", 100), "2026-12-04", 100},
	}
	for _, tc := range ok {
		d, n, err := ParseDecisionID(tc.id)
		if err != nil || d != tc.d || n != tc.n {
			t.Errorf("ParseDecisionID(%q) = %s, %d, %v; want %s, %d", tc.id, d, n, err, tc.d, tc.n)
		}
	}
	if got := DecisionID("2026-11-25", 7); got != "2026-11-25-07" {
		t.Errorf("DecisionID = %q", got)
	}
	for _, id := range []string{"", "x", "2026-11-25", "2026-11-25-1", "2026-11-25-ab", "2026-11-2501", " 2026-11-25-01",
		"2026-13-25-01", "2026-02-30-01", "2026-11-25-99999999999999999999"} {
		d, n, err := ParseDecisionID(id)
		if err == nil {
			t.Errorf("ParseDecisionID(%q) = %s, %d; want an error", id, d, n)
		} else if ErrorCode(err) != EINVALID {
			t.Errorf("ParseDecisionID(%q): code %s", id, ErrorCode(err))
		}
	}
}

func TestNewIssue(t *testing.T) {
	i, err := NewIssue(IssueInput{
		Title: "Checkout \x1b[31mtimeouts\x1b[0m", Theme: "payments", Signal: "Spike", Story: "Maria gave up\nafter three tries",
		Stat: "+40% tickets", Impact: "lost orders", RootCause: "gateway",
	}, "lee", wed)
	if err != nil {
		t.Fatal(err)
	}
	want := Issue{Title: "Checkout timeouts", Theme: "payments", Signal: SignalSpike, Story: "Maria gave up after three tries",
		Stat: "+40% tickets", Impact: "lost orders", RootCause: "gateway",
		CreatedBy: "lee", CreatedAt: wed, UpdatedAt: wed}
	if fmt.Sprintf("%+v", *i) != fmt.Sprintf("%+v", want) {
		t.Fatalf("NewIssue:\n got %+v\nwant %+v", *i, want)
	}

	bad := []struct {
		name string
		in   IssueInput
		frag string
	}{
		{"title required", IssueInput{Theme: "x"}, "issue title is required"},
		{"title too long", IssueInput{Title: strings.Repeat("t", MaxLine+1)}, "issue title is longer than 280"},
		{"theme too long", IssueInput{Title: "t", Theme: strings.Repeat("t", MaxName+1)}, "theme is longer than 80"},
		{"bad signal", IssueInput{Title: "t", Signal: "rumour"}, `signal "rumour" is not spike, sentiment-shift or new-theme`},
	}
	for _, tc := range bad {
		_, err := NewIssue(tc.in, "lee", wed)
		wantErr(t, tc.name, err, EINVALID, tc.frag)
	}
}

func TestIssueEdit(t *testing.T) {
	i, err := NewIssue(IssueInput{Title: "Checkout timeouts", Theme: "payments", Signal: "spike"}, "lee", wed)
	if err != nil {
		t.Fatal(err)
	}
	later := wed.Add(time.Hour)
	if err := i.Edit(IssueInput{RootCause: "gateway timeouts", Signal: "new"}, later); err != nil {
		t.Fatal(err)
	}
	if i.Title != "Checkout timeouts" || i.Theme != "payments" || i.RootCause != "gateway timeouts" ||
		i.Signal != SignalNewTheme || !i.UpdatedAt.Equal(later) || !i.CreatedAt.Equal(wed) {
		t.Fatalf("after edit: %+v", i)
	}
	// a refused edit changes nothing
	before := *i.Clone()
	for _, in := range []IssueInput{{Signal: "rumour", Impact: "churn"}, {Title: strings.Repeat("x", MaxLine+1), Theme: "new theme"}} {
		if err := i.Edit(in, later.Add(time.Hour)); ErrorCode(err) != EINVALID {
			t.Fatalf("Edit(%+v): %v", in, err)
		}
		if fmt.Sprintf("%+v", *i) != fmt.Sprintf("%+v", before) {
			t.Fatalf("refused edit changed the issue:\n%+v\n%+v", *i, before)
		}
	}
}

func TestIssueOwned(t *testing.T) {
	tests := []struct {
		i    Issue
		want bool
	}{
		{Issue{}, false},
		{Issue{Owner: "ana"}, false},
		{Issue{NextStep: "call"}, false},
		// issue 11.9: free text is not ownership; a linked action is
		{Issue{Owner: "ana", NextStep: "call"}, false},
		{Issue{ActionIDs: []string{"A1"}}, true},
		{Issue{Owner: "ana", ActionIDs: []string{"A1"}}, true},
	}
	for _, tc := range tests {
		if got := tc.i.Owned(); got != tc.want {
			t.Errorf("%+v.Owned() = %v", tc.i, got)
		}
	}
}

func TestSortIssues(t *testing.T) {
	is := []*Issue{
		{ID: "I1", Votes: []string{"a"}, CreatedAt: wed.Add(2 * time.Minute)},
		{ID: "I2", Rank: 2, CreatedAt: wed},
		{ID: "I3", Votes: []string{"a", "b", "c"}, CreatedAt: wed.Add(5 * time.Minute)},
		{ID: "I4", Votes: []string{"b"}, CreatedAt: wed.Add(1 * time.Minute)},
		{ID: "I5", Rank: 1, Votes: nil, CreatedAt: wed.Add(9 * time.Minute)},
		{ID: "I6", CreatedAt: wed},
		{ID: "I7", Rank: 3, Votes: []string{"a", "b", "c", "d"}, CreatedAt: wed},
	}
	SortIssues(is)
	var got []string
	for _, i := range is {
		got = append(got, i.ID)
	}
	if want := []string{"I5", "I2", "I7", "I3", "I4", "I1", "I6"}; !slices.Equal(got, want) {
		t.Fatalf("SortIssues: %v, want %v", got, want)
	}
}

func TestIssueFilterAndClone(t *testing.T) {
	i := &Issue{MeetingID: "M1", SeriesID: "S1", Votes: []string{"a"}, ActionIDs: []string{"A1"}}
	c := i.Clone()
	c.Votes[0], c.ActionIDs[0] = "x", "x"
	if i.Votes[0] != "a" || i.ActionIDs[0] != "A1" {
		t.Fatal("Clone shares slices")
	}
	for f, want := range map[IssueFilter]bool{
		{}: true, {MeetingID: "M1"}: true, {MeetingID: "M2"}: false, {SeriesID: "S1", Unresolved: true}: true,
	} {
		if f.Match(i) != want {
			t.Errorf("%+v.Match = %v", f, !want)
		}
	}
	i.Resolved = true
	if (IssueFilter{Unresolved: true}).Match(i) {
		t.Error("a resolved issue passed Unresolved")
	}
}

func TestIssueParseSignal(t *testing.T) {
	tests := map[string]Signal{
		"": "", "spike": SignalSpike, " Spike ": SignalSpike, "sentiment-shift": SignalSentiment, "sentiment": SignalSentiment,
		"shift": SignalSentiment, "new-theme": SignalNewTheme, "new": SignalNewTheme, "THEME": SignalNewTheme,
	}
	for in, want := range tests {
		got, err := ParseSignal(in)
		if err != nil || got != want {
			t.Errorf("ParseSignal(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"rumour", "spikes", "new theme"} {
		_, err := ParseSignal(in)
		wantErr(t, "ParseSignal("+in+")", err, EINVALID, "is not spike, sentiment-shift or new-theme")
	}
}

func TestNewStory(t *testing.T) {
	s, err := NewStory(StoryInput{
		Quote: "“I gave up after\nthree tries.”", Context: "Mobile checkout", Stage: "Purchase → Payment", Theme: "payments",
		Impact: "lost order", Learning: "retry is hidden", Status: "fix in progress", JourneyID: "J1\x1b[2J",
	}, "lee", wed)
	if err != nil {
		t.Fatal(err)
	}
	want := Story{Quote: "“I gave up after three tries.”", Context: "Mobile checkout", Stage: "Purchase → Payment", Theme: "payments",
		Impact: "lost order", Learning: "retry is hidden", Status: "fix in progress", JourneyID: "J1", CreatedBy: "lee", CreatedAt: wed}
	if *s != want {
		t.Fatalf("NewStory:\n got %+v\nwant %+v", *s, want)
	}
	bad := []struct {
		name string
		in   StoryInput
		frag string
	}{
		{"quote required", StoryInput{Context: "x"}, "the customer's quote is required"},
		{"quote too long", StoryInput{Quote: strings.Repeat("q", MaxText+1)}, "longer than 4000"},
		{"stage too long", StoryInput{Quote: "q", Stage: strings.Repeat("s", MaxName+1)}, "journey stage is longer than 80"},
	}
	for _, tc := range bad {
		_, err := NewStory(tc.in, "lee", wed)
		wantErr(t, tc.name, err, EINVALID, tc.frag)
	}
}

func TestStoryFilter(t *testing.T) {
	stories := []*Story{
		{ID: "S1", Quote: "I waited 40 minutes on hold", Stage: "Support → Phone", Theme: "wait times", JourneyID: "J1"},
		{ID: "S2", Quote: "Setup was easy", Stage: "Onboarding → Account setup", Theme: "onboarding", Learning: "Keep the REFUND link visible", JourneyID: "J2"},
		{ID: "S3", Quote: "Where is my refund?", Context: "email", Stage: "Billing → Refunds", Theme: "refunds", Status: "fixed", JourneyID: "J1"},
	}
	tests := []struct {
		name string
		f    StoryFilter
		want []string
	}{
		{"all", StoryFilter{}, []string{"S1", "S2", "S3"}},
		{"query across fields, any case", StoryFilter{Query: "refund"}, []string{"S2", "S3"}},
		{"query trimmed", StoryFilter{Query: "  HOLD "}, []string{"S1"}},
		{"query in status", StoryFilter{Query: "fixed"}, []string{"S3"}},
		{"query in stage", StoryFilter{Query: "account setup"}, []string{"S2"}},
		{"stage substring", StoryFilter{Stage: "onboarding"}, []string{"S2"}},
		{"stage sub-step", StoryFilter{Stage: "→ refunds"}, []string{"S3"}},
		{"theme", StoryFilter{Theme: "wait"}, []string{"S1"}},
		{"journey exact", StoryFilter{JourneyID: "J1"}, []string{"S1", "S3"}},
		{"journey and query", StoryFilter{JourneyID: "J1", Query: "refund"}, []string{"S3"}},
		{"nothing", StoryFilter{Query: "delight"}, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, s := range stories {
			if tc.f.Match(s) {
				got = append(got, s.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNewPromise(t *testing.T) {
	tests := []struct {
		name string
		in   PromiseInput
		code Code
		frag string
		rate float64
		gap  string // reality against the promise itself; "" unknown
		act  PromiseAction
	}{
		{name: "percent sign", in: PromiseInput{Promise: "24/7 support", KeepRate: "85%", Action: "Fix"}, rate: 85, gap: "broken 15% of the time", act: PromiseFix},
		{name: "plain number", in: PromiseInput{Promise: "Refund in 5 days", KeepRate: " 72.5 "}, rate: 72.5, gap: "broken 27.5% of the time"},
		// The audit's 90% target is not a promise's baseline: a promise kept
		// 95% or 90% of the time is still broken the rest of the time.
		{name: "above target", in: PromiseInput{Promise: "p", KeepRate: "95", Action: "keep"}, rate: 95, gap: "broken 5% of the time", act: PromiseKeep},
		{name: "exactly target", in: PromiseInput{Promise: "p", KeepRate: "90%"}, rate: 90, gap: "broken 10% of the time"},
		{name: "always", in: PromiseInput{Promise: "p", KeepRate: "100"}, rate: 100, gap: "kept every time"},
		{name: "zero", in: PromiseInput{Promise: "p", KeepRate: "0"}, rate: 0, gap: "broken 100% of the time"},
		{name: "unknown", in: PromiseInput{Promise: "p", Action: "retire"}, rate: -1, act: PromiseRetire},
		{name: "escapes only is unknown", in: PromiseInput{Promise: "p", KeepRate: "\x1b[2J"}, rate: -1},
		{name: "amounts win over the rate", in: PromiseInput{Promise: "Easy setup in 5 min", KeepRate: "40", Promised: "≤ 5 min", Measured: "12 min"},
			rate: 40, gap: "12 min against ≤ 5 min promised: 140% over the promise"},
		{name: "promise required", in: PromiseInput{KeepRate: "50"}, code: EINVALID, frag: "promise is required"},
		{name: "over 100", in: PromiseInput{Promise: "p", KeepRate: "150"}, code: EINVALID, frag: "promise-keep rate: 150 is not a percentage between 0 and 100"},
		{name: "negative", in: PromiseInput{Promise: "p", KeepRate: "-5%"}, code: EINVALID, frag: "between 0 and 100"},
		{name: "not a number", in: PromiseInput{Promise: "p", KeepRate: "most"}, code: EINVALID, frag: `"most" is not a number`},
		{name: "NaN", in: PromiseInput{Promise: "p", KeepRate: "NaN"}, code: EINVALID, frag: "is not a number"},
		{name: "bad action", in: PromiseInput{Promise: "p", Action: "ignore"}, code: EINVALID, frag: `"ignore" is not fix, revise, retire or keep`},
		{name: "measured with a bound", in: PromiseInput{Promise: "p", Measured: "≤ 3 min"}, code: EINVALID, frag: "give the number without"},
		{name: "promised not a number", in: PromiseInput{Promise: "p", Promised: "soon"}, code: EINVALID, frag: `"soon" is not a number with a unit`},
		{name: "long unit", in: PromiseInput{Promise: "p", Promised: "5 " + strings.Repeat("u", 17)}, code: EINVALID, frag: "longer than 16"},
	}
	for _, tc := range tests {
		p, err := NewPromise(tc.in, "lee", wed)
		if !wantErr(t, tc.name, err, tc.code, tc.frag) {
			continue
		}
		if p.KeepRate != tc.rate || p.Action != tc.act {
			t.Errorf("%s: rate %v action %q", tc.name, p.KeepRate, p.Action)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if g := p.GapToPromise(); g.Text != tc.gap || g.Known != (tc.gap != "") {
			t.Errorf("%s: gap %+v, want %q", tc.name, g, tc.gap)
		}
	}
	for in, want := range map[string]PromiseAction{"": "", "FIX": PromiseFix, "revise": PromiseRevise, " retire": PromiseRetire, "keep": PromiseKeep} {
		if got, err := ParsePromiseAction(in); err != nil || got != want {
			t.Errorf("ParsePromiseAction(%q) = %q, %v", in, got, err)
		}
	}
}

func TestGuide(t *testing.T) {
	g, err := NewGuide("coach", []string{" Ana "}, "Onboarding friction", wed)
	if err != nil {
		t.Fatal(err)
	}
	if g.Coach != "coach" || !slices.Equal(g.Coachees, []string{"Ana"}) || g.Topic != "Onboarding friction" || g.Date != "2026-11-25" {
		t.Fatalf("NewGuide: %+v", g)
	}
	for _, tc := range []struct {
		coachees    []string
		topic, frag string
	}{
		{nil, "t", "pick at least one person to coach"},
		{[]string{" ", ","}, "t", "pick at least one person to coach"},
		{[]string{"ana"}, " ", "topic is required"},
		{[]string{"ana", "@Coach"}, "t", "a coach cannot coach themselves"},
		{many(MaxCoachees+1, func(i int) string { return fmt.Sprint("p", i) }), "t", "at most 30 coachees"},
	} {
		_, err := NewGuide("coach", tc.coachees, tc.topic, wed)
		wantErr(t, tc.frag, err, EINVALID, tc.frag)
	}
	team, err := NewGuide("coach", []string{"ana, tom", "@li", "ANA"}, "Team coaching", wed)
	if err != nil || !slices.Equal(team.Coachees, []string{"ana", "tom", "li"}) {
		t.Fatalf("a team's coachees: %v, %v", team, err)
	}

	later := wed.Add(10 * time.Minute)
	answers := []string{"Get paid on time", "Three forms,\nthen a wait", "They churn", "One form", "Time to first payout"}
	for i, a := range answers {
		if err := g.SetAnswer(i, a, later); err != nil {
			t.Fatalf("SetAnswer(%d): %v", i, err)
		}
	}
	if g.Answers[1] != "Three forms,\nthen a wait" || g.Answers[4] != "Time to first payout" || !g.UpdatedAt.Equal(later) {
		t.Fatalf("answers %q updated %v", g.Answers, g.UpdatedAt)
	}
	for _, i := range []int{-1, 5} {
		err := g.SetAnswer(i, "x", later)
		wantErr(t, fmt.Sprint("SetAnswer ", i), err, EINVALID, "GUIDE has five steps")
	}
	err = g.SetAnswer(2, strings.Repeat("x", MaxText+1), later)
	wantErr(t, "long answer", err, EINVALID, "Impact answer is longer than 4000")
	if g.Answers[2] != "They churn" {
		t.Fatalf("a refused answer replaced the old one: %q", g.Answers[2])
	}
	if err := g.SetAnswer(2, "They churn \x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\", later); err != nil || g.Answers[2] != "They churn here" {
		t.Fatalf("answer not cleaned: %q %v", g.Answers[2], err)
	}

	if err := g.SetNotes("Went well: listening.\nWork on: silence.", later); err != nil {
		t.Fatal(err)
	}
	err = g.SetNotes(strings.Repeat("n", MaxNotes+1), later)
	wantErr(t, "long notes", err, EINVALID, "coaching notes is longer than 8000")

	coach := g.VisibleTo("COACH")
	if coach == nil || coach.Notes != "Went well: listening.\nWork on: silence." || coach.Answers != g.Answers {
		t.Fatalf("coach view: %+v", coach)
	}
	coachee := g.VisibleTo("ana")
	if coachee == nil || coachee.Notes != "" || coachee.Answers != g.Answers || coachee.Topic != g.Topic {
		t.Fatalf("coachee view: %+v", coachee)
	}
	if g.Notes == "" {
		t.Fatal("the coachee's view erased the coach's notes")
	}
	for _, h := range []string{"ben", "", "an"} {
		if v := g.VisibleTo(h); v != nil {
			t.Fatalf("VisibleTo(%q) = %+v, want nil", h, v)
		}
	}
	var none *Guide
	if none.VisibleTo("coach") != nil {
		t.Fatal("nil guide visible")
	}
	if !(GuideFilter{Coach: "Coach", Coachee: "ANA"}).Match(g) || (GuideFilter{Coachee: "ben"}).Match(g) {
		t.Fatal("GuideFilter")
	}
	if GuideSteps[0].Question != "What is the customer trying to accomplish?" || GuideSteps[4].Letter != "E" {
		t.Fatal("GUIDE steps differ from the seed")
	}
}

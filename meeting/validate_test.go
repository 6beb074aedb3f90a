package meeting

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// validCase is one edit of a valid record and the refusal it must cause
// ("" : still valid).
type validCase[T any] struct {
	name string
	edit func(*T)
	frag string
}

func runValidate[T any](t *testing.T, good func() *T, validate func(*T) error, cases []validCase[T]) {
	t.Helper()
	if err := validate(good()); err != nil {
		t.Fatalf("the good record is refused: %v", err)
	}
	for _, tc := range cases {
		rec := good()
		tc.edit(rec)
		code := Code("")
		if tc.frag != "" {
			code = EINVALID
		}
		wantErr(t, tc.name, validate(rec), code, tc.frag)
	}
}

const dirty = "bad \x1b[31mtext"

func many(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestActionValidateRules(t *testing.T) {
	good := func() *Action {
		a, err := NewAction("Call Acme", "ana", "2026-12-04", "lee", wed)
		if err != nil {
			t.Fatal(err)
		}
		a.ID, a.MeetingID, a.SeriesID, a.IssueID, a.GuideID = "A12", "M3", "R1", "I4", "G2"
		return a
	}
	runValidate(t, good, (*Action).Validate, []validCase[Action]{
		{"stored id", func(a *Action) { a.ID = "A1" }, ""},
		{"not stored yet", func(a *Action) { a.ID = "" }, ""},
		{"bad id", func(a *Action) { a.ID = "X1" }, `action id "X1" is not A followed by a number`},
		{"id with text", func(a *Action) { a.ID = "A1; drop" }, "is not A followed by a number"},
		{"escape in text", func(a *Action) { a.Text = dirty }, "action text holds control characters"},
		{"line break in text", func(a *Action) { a.Text = "two\nlines" }, "action text holds control characters"},
		{"padded owner", func(a *Action) { a.Owner = " ana" }, "owner holds control characters"},
		{"alias status", func(a *Action) { a.Status = "on-track" }, `status "on-track" is not one of`},
		{"bad meeting ref", func(a *Action) { a.MeetingID = "I3" }, `meeting "I3" is not a M id`},
		{"bad issue ref", func(a *Action) { a.IssueID = "i3" }, `issue "i3" is not a I id`},
		{"bad guide ref", func(a *Action) { a.GuideID = "G" }, "GUIDE session"},
		{"history too long", func(a *Action) { a.History = make([]Change, MaxHistory+1) }, "history holds more than 500 entries"},
		{"bad history status", func(a *Action) { a.History[0].To = "closed" }, `history status "closed"`},
		{"dirty history note", func(a *Action) { a.History[0].Note = dirty }, "note holds control characters"},
		{"long note", func(a *Action) { a.History[0].Note = strings.Repeat("n", MaxLine+1) }, "note is longer than 280"},
	})
}

func TestMeetingValidate(t *testing.T) {
	good := func() *Meeting {
		ag := Agenda{ID: "voc-triage", Title: "VOC triage", Segments: []Segment{{Title: "One", Minutes: 10}, {Title: "Two", Minutes: 5, Top: 3}}}
		m := NewMeeting(ag, "maria", wed)
		_ = m.Timer.Start(wed)
		m.ID, m.SeriesID, m.Carried = "M4", "R1", []string{"A1", "A2"}
		m.Join(Attendee{Handle: "ana", Name: "Ana Silva", Role: RoleMember})
		m.Reviews = []Review{{ActionID: "A1", Outcome: OutcomeDone, By: "maria", At: wed}}
		m.Walk = 1
		return m
	}
	runValidate(t, good, (*Meeting).Validate, []validCase[Meeting]{
		{"walk at the end", func(m *Meeting) { m.Walk = 2 }, ""},
		{"no title", func(m *Meeting) { m.Title = "" }, "meeting title is required"},
		{"dirty title", func(m *Meeting) { m.Title = dirty }, "meeting title holds"},
		{"no segments", func(m *Meeting) { m.Agenda.Segments = nil }, "at least one segment"},
		{"too many segments", func(m *Meeting) {
			m.Agenda.Segments = make([]Segment, MaxSegments+1)
			m.Timer = NewTimer(m.Agenda.Planned())
		}, "at most 50 segments"},
		{"clock not matching", func(m *Meeting) { m.Timer.Elapsed = m.Timer.Elapsed[:1] }, "does not match its 2 agenda segments"},
		{"segment out of range", func(m *Meeting) { m.Timer.Current = 2 }, "at segment 3 of 2"},
		{"negative timebox", func(m *Meeting) { m.Agenda.Segments[0].Minutes = -1 }, "negative timebox"},
		{"no date", func(m *Meeting) { m.Date = "" }, "meeting date is required"},
		{"bad date", func(m *Meeting) { m.Date = "2026-02-30" }, `meeting date "2026-02-30" is not a date`},
		{"no facilitator", func(m *Meeting) { m.Facilitator = "" }, "facilitator is required"},
		{"bad series ref", func(m *Meeting) { m.SeriesID = "S1" }, `series "S1" is not a R id`},
		{"bad journey ref", func(m *Meeting) { m.JourneyID = "onboarding" }, "is not a J id"},
		{"too many invited", func(m *Meeting) { m.Invited = many(MaxInvited+1, func(i int) string { return fmt.Sprint("p", i) }) }, "invited holds more than 500"},
		{"empty invitee", func(m *Meeting) { m.Invited = []string{""} }, "invited is required"},
		{"too many attendees", func(m *Meeting) { m.Attendees = make([]Attendee, MaxAttendees+1) }, "attendees holds more than 1000"},
		{"dirty attendee", func(m *Meeting) { m.Attendees[0].Name = dirty }, "attendee name holds"},
		{"bad attendee role", func(m *Meeting) { m.Attendees[0].Role = "admin" }, `attendee role "admin"`},
		{"bad carried id", func(m *Meeting) { m.Carried[1] = "I2" }, "earlier actions"},
		{"walk past the end", func(m *Meeting) { m.Walk = 3 }, "review walk is at 3 of 2"},
		{"negative walk", func(m *Meeting) { m.Walk = -1 }, "review walk"},
		{"bad outcome", func(m *Meeting) { m.Reviews[0].Outcome = "meh" }, `review outcome "meh"`},
		{"too many reviews", func(m *Meeting) {
			m.Reviews = make([]Review, MaxReviews+1)
			for i := range m.Reviews {
				m.Reviews[i] = Review{ActionID: "A1", Outcome: OutcomeDone}
			}
		}, "reviews holds more than 2000"},
	})
}

func TestDecisionValidate(t *testing.T) {
	good := func() *Decision {
		d, err := NewDecision(DecisionInput{Decision: "Ship guided setup\nin two steps", Rationale: "fewer drop-offs",
			Options: []Option{{Description: "Wizard"}}, ReviewDate: "+30d", CommunicatedTo: "ana, tom", Kind: "approved",
			Owner: "ana", Deadline: "fri"}, "maria", wed)
		if err != nil {
			t.Fatal(err)
		}
		d.ID, d.MeetingID, d.SeriesID, d.JourneyID = "2026-11-25-01", "M1", "R1", "J1"
		return d
	}
	runValidate(t, good, (*Decision).Validate, []validCase[Decision]{
		{"not stored yet", func(d *Decision) { d.ID = "" }, ""},
		{"bad id", func(d *Decision) { d.ID = "D1" }, `decision id "D1" is not YYYY-MM-DD-NN`},
		{"no date", func(d *Decision) { d.Date = "" }, "decision date is required"},
		{"no decision", func(d *Decision) { d.Decision = "" }, "the decision is required"},
		{"dirty decision", func(d *Decision) { d.Decision = dirty }, "the decision holds"},
		{"title with a break", func(d *Decision) { d.Title = "a\nb" }, "title holds"},
		{"too many options", func(d *Decision) { d.Options = make([]Option, MaxOptions+1) }, "options holds more than 10"},
		{"empty option", func(d *Decision) { d.Options[0].Description = "" }, "option is required"},
		{"bad review date", func(d *Decision) { d.ReviewDate = "soon" }, `review date "soon" is not a date`},
		{"too many recipients", func(d *Decision) {
			d.CommunicatedTo = many(MaxRecipient+1, func(i int) string { return fmt.Sprint("p", i) })
		}, "communicated to holds more than 50"},
		{"bad kind", func(d *Decision) { d.Kind = "maybe" }, `decision kind "maybe"`},
		{"bad deadline", func(d *Decision) { d.Deadline = "2026-13-01" }, "deadline"},
		{"bad journey ref", func(d *Decision) { d.JourneyID = "Onboarding" }, "journey"},
		{"long rationale", func(d *Decision) { d.Rationale = strings.Repeat("r", MaxText+1) }, "rationale is longer than 4000"},
	})
}

func TestIssueValidate(t *testing.T) {
	good := func() *Issue {
		i, err := NewIssue(IssueInput{Title: "Setup abandonment", Signal: "spike"}, "tom", wed)
		if err != nil {
			t.Fatal(err)
		}
		i.ID, i.Rank, i.Votes, i.ActionIDs, i.MeetingID = "I7", 2, []string{"ana", "tom"}, []string{"A1"}, "M2"
		return i
	}
	runValidate(t, good, (*Issue).Validate, []validCase[Issue]{
		{"no title", func(i *Issue) { i.Title = "" }, "issue title is required"},
		{"dirty story", func(i *Issue) { i.Story = "line\u202e" }, "story holds"},
		{"alias signal", func(i *Issue) { i.Signal = "theme" }, `signal "theme"`},
		{"negative rank", func(i *Issue) { i.Rank = -1 }, "rank -1 is out of range"},
		{"too many votes", func(i *Issue) { i.Votes = many(MaxVotes+1, func(k int) string { return fmt.Sprint("v", k) }) }, "votes holds more than 1000"},
		{"empty voter", func(i *Issue) { i.Votes = []string{""} }, "voter is required"},
		{"too many links", func(i *Issue) { i.ActionIDs = many(MaxLinks+1, func(k int) string { return fmt.Sprint("A", k+1) }) }, "linked actions holds more than 1000"},
		{"bad link", func(i *Issue) { i.ActionIDs = []string{"A1", "x"} }, "linked actions"},
		{"long theme", func(i *Issue) { i.Theme = strings.Repeat("t", MaxName+1) }, "theme is longer than 80"},
	})
}

func TestStoryValidate(t *testing.T) {
	good := func() *Story {
		s, err := NewStory(StoryInput{Quote: "I gave up", Stage: "Onboarding", JourneyID: "onboarding journey"}, "ana", wed)
		if err != nil {
			t.Fatal(err)
		}
		s.ID = "S3"
		return s
	}
	runValidate(t, good, (*Story).Validate, []validCase[Story]{
		{"no quote", func(s *Story) { s.Quote = "" }, "quote is required"},
		{"long quote", func(s *Story) { s.Quote = strings.Repeat("q", MaxText+1) }, "quote is longer than 4000"},
		{"dirty stage", func(s *Story) { s.Stage = dirty }, "journey stage holds"},
		{"bad id", func(s *Story) { s.ID = "A3" }, "story id"},
		{"bad meeting ref", func(s *Story) { s.MeetingID = "meeting 1" }, "meeting"},
	})
}

func TestJourneyValidate(t *testing.T) {
	good := func() *Journey {
		j, err := NewJourney("Onboarding", "ana", wed)
		if err != nil {
			t.Fatal(err)
		}
		j.ID = "J2"
		j.Record(Reading{Date: "2026-11-20", MeetingID: "M1", Values: map[string]float64{"completion": 71}})
		return j
	}
	runValidate(t, good, (*Journey).Validate, []validCase[Journey]{
		{"no metrics", func(j *Journey) { j.Metrics = nil }, ""},
		{"no name", func(j *Journey) { j.Name = "" }, "journey name is required"},
		{"dirty owner", func(j *Journey) { j.Owner = dirty }, "owner holds"},
		{"too many metrics", func(j *Journey) {
			j.Metrics = nil
			for i := range MaxMetrics + 1 {
				j.Metrics = append(j.Metrics, Metric{Key: fmt.Sprint("k", i), Name: "n"})
			}
		}, "metrics holds more than 20"},
		{"duplicate metric", func(j *Journey) { j.Metrics = append(j.Metrics, j.Metrics[0]) }, `metric "completion" appears twice`},
		{"infinite target", func(j *Journey) { j.Metrics[0].Target = math.Inf(1) }, "target is not a number in range"},
		{"NaN reading", func(j *Journey) { j.Readings[0].Values["completion"] = math.NaN() }, "completion is not a number in range"},
		{"reading without a date", func(j *Journey) { j.Readings[0].Date = "" }, "reading date is required"},
		{"too many readings", func(j *Journey) {
			j.Readings = make([]Reading, MaxReadings+1)
			for i := range j.Readings {
				j.Readings[i] = Reading{Date: "2026-01-01"}
			}
		}, "readings holds more than 1000"},
		{"bad last reviewed", func(j *Journey) { j.LastReviewed = "yesterday" }, "last reviewed"},
	})
}

func TestGuideValidate(t *testing.T) {
	good := func() *Guide {
		g, err := NewGuide("maria", []string{"ana"}, "Checkout friction", wed)
		if err != nil {
			t.Fatal(err)
		}
		g.ID, g.MeetingID, g.ActionIDs = "G1", "M5", []string{"A4"}
		_ = g.SetAnswer(0, "finish checkout\nwithout help", wed)
		_ = g.SetNotes("private", wed)
		return g
	}
	runValidate(t, good, (*Guide).Validate, []validCase[Guide]{
		{"no coach", func(g *Guide) { g.Coach = "" }, "coach is required"},
		{"no coachee", func(g *Guide) { g.Coachees = nil }, "coaches at least one person"},
		{"empty coachee", func(g *Guide) { g.Coachees = []string{"ana", ""} }, "coachee is required"},
		{"too many coachees", func(g *Guide) { g.Coachees = make([]string, MaxCoachees+1) }, "more than 30"},
		{"no topic", func(g *Guide) { g.Topic = "" }, "topic is required"},
		{"dirty answer", func(g *Guide) { g.Answers[2] = dirty }, "Impact answer holds"},
		{"long notes", func(g *Guide) { g.Notes = strings.Repeat("n", MaxNotes+1) }, "coaching notes is longer than 8000"},
		{"bad next step", func(g *Guide) { g.ActionIDs = []string{"M1"} }, "next steps"},
	})
}

func TestSeriesValidateRules(t *testing.T) {
	good := func() *Series {
		s := validSeries()
		s.ID, s.Facilitator, s.Attendees, s.JourneyID = "R2", "maria", []string{"ana"}, "J1"
		return &s
	}
	runValidate(t, good, (*Series).Validate, []validCase[Series]{
		{"bad id", func(s *Series) { s.ID = "S2" }, "series id"},
		{"dirty facilitator", func(s *Series) { s.Facilitator = dirty }, "facilitator holds"},
		{"too many attendees", func(s *Series) { s.Attendees = many(MaxInvited+1, func(i int) string { return fmt.Sprint("p", i) }) }, "attendees holds more than 500"},
		{"bad journey ref", func(s *Series) { s.JourneyID = "x" }, "journey"},
	})
}

func TestPromiseValidate(t *testing.T) {
	good := func() *Promise {
		p, err := NewPromise(PromiseInput{Promise: "24/7 support", KeepRate: "82", Action: "fix", Owner: "ana"}, "maria", wed)
		if err != nil {
			t.Fatal(err)
		}
		p.ID, p.MeetingID = "P1", "M1"
		return p
	}
	runValidate(t, good, (*Promise).Validate, []validCase[Promise]{
		{"unknown keep rate", func(p *Promise) { p.KeepRate = -1 }, ""},
		{"no promise", func(p *Promise) { p.Promise = "" }, "promise is required"},
		{"keep rate over 100", func(p *Promise) { p.KeepRate = 100.5 }, "is not a percentage between 0 and 100"},
		{"NaN keep rate", func(p *Promise) { p.KeepRate = math.NaN() }, "is not a percentage"},
		{"bad verdict", func(p *Promise) { p.Action = "FIX" }, `promise verdict "FIX"`},
		{"dirty gap", func(p *Promise) { p.Gap = dirty }, "gap holds"},
	})
}

// TestValidateAcceptsWhatConstructorsBuild: every constructor's output,
// from hostile input, is a valid record (what the form accepted, the store
// accepts).
func TestValidateAcceptsWhatConstructorsBuild(t *testing.T) {
	hostile := "  \x1b]0;pwn\a Refund \u202eloop\u200b\r\nagain\t  "
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	a, err := NewAction(hostile, "@"+hostile, "fri", "ana", now)
	must(t, err)
	must(t, a.SetStatus(StatusBlocked, hostile, "ana", now))
	must(t, a.Validate())
	d, err := NewDecision(DecisionInput{Title: hostile, Decision: hostile, Context: hostile, Rationale: hostile,
		Options:  []Option{{Description: hostile, Pros: hostile, Cons: hostile, CustomerImpact: hostile}},
		Customer: hostile, CommunicatedTo: hostile + "," + hostile, Owner: hostile}, "ana", now)
	must(t, err)
	must(t, d.Validate())
	i, err := NewIssue(IssueInput{Title: hostile, Theme: hostile, Story: hostile, Stat: hostile, Impact: hostile,
		RootCause: hostile}, "ana", now)
	must(t, err)
	must(t, i.Edit(IssueInput{Story: hostile + hostile}, now))
	must(t, i.Validate())
	s, err := NewStory(StoryInput{Quote: hostile, Context: hostile, Stage: hostile, Theme: hostile, Impact: hostile,
		Learning: hostile, Status: hostile, JourneyID: hostile}, "ana", now)
	must(t, err)
	must(t, s.Validate())
	j, err := NewJourney(hostile, hostile, now)
	must(t, err)
	must(t, j.Validate())
	g, err := NewGuide("maria", []string{hostile}, hostile, now)
	must(t, err)
	must(t, g.SetAnswer(1, hostile, now))
	must(t, g.SetNotes(hostile, now))
	must(t, g.Validate())
	p, err := NewPromise(PromiseInput{Promise: hostile, Source: hostile, Evidence: hostile, Reality: hostile, Gap: hostile, Owner: hostile}, "ana", now)
	must(t, err)
	must(t, p.Validate())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Package storetest is the contract every meeting.Store keeps, as one test
// suite (Run) that the Badger store and the in-memory store both pass, and
// the test doubles built on it: Faulty, a store that fails its n-th write,
// and Dump, everything a store holds as comparable text.
package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

var (
	bg  = context.Background()
	now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

// Run runs the contract suite; open returns an empty store, closed when
// its test ends.
func Run(t *testing.T, open func(t *testing.T) meeting.Store) {
	for _, c := range []struct {
		name string
		fn   func(t *testing.T, s meeting.Store)
	}{
		{"RoundTrips", roundTrips},
		{"IDs", ids},
		{"ActionFilters", actionFilters},
		{"CountActions", countActions},
		{"ActionPages", actionPages},
		{"DecisionPages", decisionPages},
		{"MeetingOrder", meetingOrder},
		{"ReferenceFilters", referenceFilters},
		{"LibraryFilters", libraryFilters},
		{"ValidateRefuses", validateRefuses},
		{"UpdateFailureWritesNothing", updateFailureWritesNothing},
		{"Copies", copies},
		{"ConcurrentUpdates", concurrentUpdates},
		{"ConcurrentCreates", concurrentCreates},
		{"CanceledContext", canceledContext},
		{"NestedCalls", nestedCalls},
		{"TxReadsItsWrites", txReadsItsWrites},
		{"TxRollsBackOnError", txRollsBack},
		{"TxNthWriteFails", txNthWriteFails},
		{"TxConcurrent", txConcurrent},
		{"TxOver", txOver},
		{"GuestPasses", guestPasses},
		{"PipelineRecords", pipelineRecords},
		{"ScorecardRecords", scorecardRecords},
		{"Ledger", ledgerEntries},
		{"ExecutiveRecords", executiveRecords},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

// Dump returns every record s holds, every listing as JSON, one per line:
// equal dumps mean equal contents.
func Dump(t testing.TB, s meeting.Store) string {
	t.Helper()
	var b strings.Builder
	add := func(v any, err error) {
		t.Helper()
		must(t, err)
		j, err := json.Marshal(v)
		must(t, err)
		b.Write(j)
		b.WriteByte('\n')
	}
	add(s.Actions(bg, meeting.ActionFilter{}))
	add(s.GuestPasses(bg, ""))
	add(s.Meetings(bg, meeting.MeetingFilter{}))
	add(s.Decisions(bg, meeting.DecisionFilter{}))
	add(s.Issues(bg, meeting.IssueFilter{}))
	add(s.Stories(bg, meeting.StoryFilter{}))
	add(s.Journeys(bg))
	add(s.Guides(bg, meeting.GuideFilter{}))
	add(s.SeriesList(bg))
	add(s.Promises(bg, ""))
	add(s.Systemics(bg, meeting.SystemicFilter{}))
	add(s.Initiatives(bg, meeting.PipelineFilter{}))
	add(s.Experiments(bg, meeting.PipelineFilter{}))
	add(s.Proposals(bg, meeting.ProposalFilter{}))
	add(s.ScoreSheets(bg))
	add(s.Shadowings(bg, meeting.ShadowingFilter{}))
	add(s.Ledger(bg, meeting.LedgerFilter{}))
	add(s.Charters(bg, meeting.CharterFilter{}))
	add(s.Accounts(bg, meeting.AccountFilter{}))
	add(s.BoardBriefs(bg))
	return b.String()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

func wantCode(t testing.TB, err error, code meeting.Code, contains string) {
	t.Helper()
	if meeting.ErrorCode(err) != code || !strings.Contains(meeting.ErrorMessage(err), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, meeting.ErrorCode(err), code, contains)
	}
}

// Fixtures: valid records of every kind.

// Action returns a valid open action.
func Action(text, owner string, due meeting.Date) *meeting.Action {
	return &meeting.Action{Text: text, Owner: owner, Due: due, Status: meeting.StatusOpen, CreatedBy: "ann",
		CreatedAt: now, UpdatedAt: now, History: []meeting.Change{{At: now, By: "ann", To: meeting.StatusOpen, Note: "created"}}}
}

// Agenda is a two-segment agenda; the second is a deep dive on the top
// issue.
var Agenda = meeting.Agenda{ID: "voc-triage", Title: "VOC triage", Minutes: 30, Segments: []meeting.Segment{
	{ID: "review", Title: "Review", Minutes: 15}, {ID: "deep", Title: "Deep dive", Minutes: 15, Top: 1}}}

// Meeting returns a running meeting of series sid created at at (ended if
// ended).
func Meeting(sid string, at time.Time, ended bool) *meeting.Meeting {
	m := meeting.NewMeeting(Agenda, "ann", at)
	m.SeriesID = sid
	_ = m.Timer.Start(at)
	if ended {
		_ = m.Timer.End(at.Add(time.Hour))
	}
	return m
}

// Series returns a valid weekly series.
func Series(title string) *meeting.Series {
	return &meeting.Series{Title: title, AgendaID: "voc-triage", Cadence: meeting.CadenceWeekly,
		Start: "2026-11-03", Time: "09:00", Minutes: 60, CreatedAt: now}
}

func decision(date meeting.Date, text string) *meeting.Decision {
	return &meeting.Decision{Date: date, Decision: text, CreatedAt: now}
}

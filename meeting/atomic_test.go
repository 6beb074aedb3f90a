package meeting_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/internal/storetest"
	"cxroom/meeting"
)

// oneSentence checks that msg is one clean sentence with nothing internal
// in it.
func oneSentence(t *testing.T, msg string) {
	t.Helper()
	if msg == "" || strings.ContainsAny(msg, "\n\r\x1b") || strings.Contains(msg, ". ") || !utf8.ValidString(msg) ||
		utf8.RuneCountInString(msg) > 200 {
		t.Errorf("message %q is not one clean sentence", msg)
	}
	for _, leak := range []string{"storetest", "injected", "disk full", "badger", "memstore", ":"} {
		if strings.Contains(strings.ToLower(msg), leak) {
			t.Errorf("message %q shows internal text %q", msg, leak)
		}
	}
}

// multiCommand is a user command that writes several records.
type multiCommand struct {
	name  string
	setup func(t *testing.T, e *env) *meeting.Room // nil room: the command makes one
	run   func(e *env, r *meeting.Room) error
}

func multiCommands() []multiCommand {
	voc := func(t *testing.T, e *env) *meeting.Room {
		r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
		join(t, r, maria, ana)
		for _, title := range []string{"Setup abandonment", "Slow refunds", "Login loops"} {
			if _, err := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: title}); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	return []multiCommand{
		{"AddAction linked to an issue", voc, func(e *env, r *meeting.Room) error {
			_, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Call churned customers", Owner: "ana", Due: "fri", IssueID: "I2"})
			return err
		}},
		{"AddAction in a GUIDE session", func(t *testing.T, e *env) *meeting.Room {
			r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "Checkout friction"})
			join(t, r, maria, ana)
			return r
		}, func(e *env, r *meeting.Room) error {
			_, err := r.AddAction(e.ctx, ana, meeting.ActionInput{Text: "Shadow three checkouts", Owner: "ana", Due: "fri"})
			return err
		}},
		{"Next into the deep dive", voc, func(e *env, r *meeting.Room) error {
			return r.Next(e.ctx, maria)
		}},
		{"MoveIssue", voc, func(e *env, r *meeting.Room) error {
			return r.MoveIssue(e.ctx, maria, "I3", -2)
		}},
		{"Review", func(t *testing.T, e *env) *meeting.Room {
			weeklySeries(t, e, "voc-triage")
			r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
			join(t, r, maria)
			if _, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix the refund queue", Owner: "ana", Due: "fri"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.End(e.ctx, maria); err != nil {
				t.Fatal(err)
			}
			r = e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
			join(t, r, maria)
			return r
		}, func(e *env, r *meeting.Room) error {
			_, err := r.Review(e.ctx, maria, "A1", meeting.OutcomeBlocked, "waiting on finance")
			return err
		}},
		{"End a journey review", func(t *testing.T, e *env) *meeting.Room {
			j, err := e.svc.AddJourney(e.ctx, maria, "Onboarding", "ana")
			if err != nil {
				t.Fatal(err)
			}
			r := e.start(t, meeting.StartInput{Agenda: agenda(t, "journey-review"), JourneyID: j.ID})
			join(t, r, maria)
			return r
		}, func(e *env, r *meeting.Room) error {
			_, err := r.End(e.ctx, maria)
			return err
		}},
		{"Start a GUIDE session", nil, func(e *env, _ *meeting.Room) error {
			_, err := e.hub.Start(e.ctx, maria, meeting.StartInput{Agenda: agendaNamed("guide-coaching"), Coachee: "ana", Topic: "Churn"})
			return err
		}},
		{"Start a series from a first meeting", func(t *testing.T, e *env) *meeting.Room {
			r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
			join(t, r, maria)
			if _, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Fix the refund queue", Owner: "ana", Due: "fri"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.AddIssue(e.ctx, maria, meeting.IssueInput{Title: "Refunds take weeks"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.End(e.ctx, maria); err != nil {
				t.Fatal(err)
			}
			return r
		}, func(e *env, r *meeting.Room) error {
			_, err := e.svc.StartSeries(e.ctx, maria, r.ID(), time.UTC)
			return err
		}},
	}
}

// TestCommandsCommitOnce fails each write of every multi-record command in
// turn: the command says one sentence and leaves nothing behind, neither
// in the store nor in the room; with no failure it lands whole.
func TestCommandsCommitOnce(t *testing.T) {
	for _, c := range multiCommands() {
		t.Run(c.name, func(t *testing.T) {
			f := storetest.NewFaulty(memstore.New())
			e := newEnvOn(t, f)
			var r *meeting.Room
			if c.setup != nil {
				r = c.setup(t, e)
			}
			before, roomBefore := storetest.Dump(t, f), roomState(t, e, r)
			for n := 1; ; n++ {
				f.FailAt(n)
				err := c.run(e, r)
				if err == nil {
					if n-1 < 2 {
						t.Fatalf("the command made %d writes; it is not a multi-record command", n-1)
					}
					break
				}
				if meeting.ErrorCode(err) != meeting.EINTERNAL {
					t.Fatalf("write %d failed: %v (%s), want an internal error", n, err, meeting.ErrorCode(err))
				}
				oneSentence(t, meeting.ErrorMessage(err))
				if got := storetest.Dump(t, f); got != before {
					t.Fatalf("write %d failed, yet the store changed:\n%s\nwant\n%s", n, got, before)
				}
				if got := roomState(t, e, r); got != roomBefore {
					t.Fatalf("write %d failed, yet the room changed:\n%s\nwant\n%s", n, got, roomBefore)
				}
			}
			// (an ended room shows nothing new: only the store can change)
			ended := r != nil && r.Snapshot().Meeting.Timer.Ended()
			if storetest.Dump(t, f) == before || !ended && roomState(t, e, r) == roomBefore {
				t.Fatal("the command succeeded but changed nothing")
			}
		})
	}
}

// roomState is what the room shows (or, without a room, which rooms are
// live), after a command that publishes the working state: a failed
// command must not have changed it either.
func roomState(t *testing.T, e *env, r *meeting.Room) string {
	t.Helper()
	if r == nil {
		var ids []string
		for _, r := range e.hub.Rooms(maria) {
			ids = append(ids, r.ID())
		}
		return strings.Join(ids, ",")
	}
	for _, up := range []bool{true, false} { // publishes whatever the room holds
		if r.Snapshot().Meeting.Timer.Ended() {
			break // an ended room takes no more commands
		}
		if err := r.RaiseHand(e.ctx, maria, up); err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.Marshal(r.Snapshot().BundleFor(maria.Handle))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func agendaNamed(id string) meeting.Agenda {
	for _, a := range agendas.Builtin() {
		if a.ID == id {
			return a
		}
	}
	return meeting.Agenda{}
}

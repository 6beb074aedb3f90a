package meeting_test

import (
	"errors"
	"testing"
	"time"

	"cxroom/internal/memstore"
	"cxroom/internal/storetest"
	"cxroom/meeting"
)

// TestAnEditThatChangesNothingWritesNothing: saving an edit form as it
// opened wrote the record again and told every screen "Eve updated I22";
// a raw paste of 5,000 line breaks re-opened and re-saved an issue 29
// times, each a store write and a redraw of every screen. Such an edit
// now says so (ErrUnchanged), writes nothing and publishes nothing; a
// real change still saves.
func TestAnEditThatChangesNothingWritesNothing(t *testing.T) {
	cases := []struct {
		name   string
		agenda string
		add    func(e *env, r *meeting.Room) (string, error)
		same   func(e *env, r *meeting.Room, id string) error
		change func(e *env, r *meeting.Room, id string) error
	}{
		{"issue", "voc-triage",
			func(e *env, r *meeting.Room) (string, error) {
				x, err := r.AddIssue(e.ctx, ana, meeting.IssueInput{Title: "Refund status unclear", Theme: "Returns", Impact: "churn"})
				if err != nil {
					return "", err
				}
				return x.ID, nil
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditIssue(e.ctx, ana, id, meeting.IssueInput{Title: "Refund status unclear", Theme: "Returns", Impact: "churn"})
				return err
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditIssue(e.ctx, ana, id, meeting.IssueInput{Impact: "churn in month one"})
				return err
			}},
		{"systemic issue", "qbr",
			func(e *env, r *meeting.Room) (string, error) {
				x, err := r.AddSystemic(e.ctx, ana, meeting.SystemicInput{Issue: "Handoffs lose context", RootCause: "two ticket systems"})
				if err != nil {
					return "", err
				}
				return x.ID, nil
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditSystemic(e.ctx, ana, id, meeting.SystemicInput{Issue: "Handoffs lose context", RootCause: "two ticket systems"})
				return err
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditSystemic(e.ctx, ana, id, meeting.SystemicInput{RootCause: "three ticket systems"})
				return err
			}},
		{"initiative", "journey-review",
			func(e *env, r *meeting.Room) (string, error) {
				x, err := r.AddInitiative(e.ctx, tom, meeting.InitiativeInput{Title: "Guided setup", ExpectedImpact: "completion +10 pts"})
				if err != nil {
					return "", err
				}
				return x.ID, nil
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditInitiative(e.ctx, tom, id, meeting.InitiativeInput{ExpectedImpact: "completion +10 pts"})
				return err
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditInitiative(e.ctx, tom, id, meeting.InitiativeInput{ExpectedImpact: "completion +12 pts"})
				return err
			}},
		{"experiment", "journey-review",
			func(e *env, r *meeting.Room) (string, error) {
				x, err := r.AddExperiment(e.ctx, tom, meeting.ExperimentInput{Title: "Skip the tour", Effort: "low", Impact: "h"})
				if err != nil {
					return "", err
				}
				return x.ID, nil
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditExperiment(e.ctx, tom, id, meeting.ExperimentInput{Title: "Skip the tour"})
				return err
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditExperiment(e.ctx, tom, id, meeting.ExperimentInput{Title: "Skip the product tour"})
				return err
			}},
		{"promise", "promise-audit",
			func(e *env, r *meeting.Room) (string, error) {
				x, err := r.AddPromise(e.ctx, maria, meeting.PromiseInput{Promise: "24/7 support", Source: "pricing page", KeepRate: "80"})
				if err != nil {
					return "", err
				}
				return x.ID, nil
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditPromise(e.ctx, maria, id, meeting.PromiseInput{Promise: "24/7 support", KeepRate: "80"})
				return err
			},
			func(e *env, r *meeting.Room, id string) error {
				_, err := r.EditPromise(e.ctx, maria, id, meeting.PromiseInput{KeepRate: "85"})
				return err
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := storetest.NewFaulty(memstore.New())
			e := newEnvOn(t, db)
			var r *meeting.Room
			if c.agenda == "journey-review" {
				_, r = pipelineReview(t, e)
			} else {
				r = e.start(t, meeting.StartInput{Agenda: agenda(t, c.agenda)})
				join(t, r, maria, ana, tom)
			}
			id, err := c.add(e, r)
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Minute)
			db.FailAt(0) // count from here
			v0 := r.Snapshot().Version

			err = c.same(e, r, id)
			if !errors.Is(err, meeting.ErrUnchanged) {
				t.Errorf("saving %s %s as it was: %v, want ErrUnchanged", c.name, id, err)
			}
			if w := db.Writes(); w != 0 {
				t.Errorf("saving %s as it was wrote %d records", id, w)
			}
			if v := r.Snapshot().Version; v != v0 {
				t.Errorf("saving %s as it was published %d changes", id, v-v0)
			}

			if err := c.change(e, r, id); err != nil {
				t.Fatalf("a real change to %s: %v", id, err)
			}
			if v := r.Snapshot().Version; v == v0 {
				t.Errorf("a real change to %s was not published", id)
			}
		})
	}
}

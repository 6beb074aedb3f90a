package meeting_test

import (
	"fmt"
	"testing"

	"cxroom/meeting"
)

// A page of the service's actions is the page of what the person may see:
// actions born in a private coaching session someone else ran are skipped
// without shifting anything (issue 16: pages come from the store).
func TestServiceActionPagesKeepPrivacy(t *testing.T) {
	e := newEnv(t)
	e.hub.SetPace(-1, 0)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "onboarding calls"})
	join(t, r, maria, ana)
	dues := []string{"2026-11-25", "2026-11-27", "2026-12-01"}
	for i := range 9 {
		if _, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: fmt.Sprintf("coaching %d", i), Owner: "ana", Due: dues[i%3]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, err := e.svc.AddAction(e.ctx, maria, fmt.Sprintf("public %d", i), "ana", dues[i%3]); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []meeting.Actor{maria, tom} {
		for _, f := range []meeting.ActionFilter{{}, {Active: true}, {Owner: "ana"}} {
			all, err := e.svc.Actions(e.ctx, who, f, meeting.Page{})
			if err != nil {
				t.Fatal(err)
			}
			want := 39
			if who == tom {
				want = 30
			}
			if len(all) != want {
				t.Fatalf("%s sees %d actions, want %d", who.Handle, len(all), want)
			}
			for _, p := range []meeting.Page{{Offset: 0, Limit: 5}, {Offset: 3, Limit: 10}, {Offset: 25, Limit: 10}, {Offset: 38, Limit: 5}, {Offset: 50, Limit: 5}, {Offset: 4}} {
				got, err := e.svc.Actions(e.ctx, who, f, p)
				if err != nil {
					t.Fatal(err)
				}
				from := min(p.Offset, len(all))
				to := len(all)
				if p.Limit > 0 {
					to = min(from+p.Limit, len(all))
				}
				if g, w := actionIDs(got), actionIDs(all[from:to]); g != w {
					t.Fatalf("%s, %+v, page %+v: %s, want %s", who.Handle, f, p, g, w)
				}
			}
		}
	}
}

func actionIDs(as []*meeting.Action) string {
	s := ""
	for _, a := range as {
		s += a.ID + " "
	}
	return s
}

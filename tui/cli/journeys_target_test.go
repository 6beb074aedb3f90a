package cli

import (
	"context"
	"strings"
	"testing"

	"cxroom/meeting"
)

func TestJourneysTarget(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.AddJourney(ctx, facil, "Checkout & payment", "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddJourney(ctx, facil, "Billing", "tom"); err != nil {
		t.Fatal(err)
	}
	// the owner, a member, over SSH: words of the journey's name, then the metric and the value
	out, errOut, code := f.run(member, true, "journeys", "target", "Checkout", "&", "payment", "completion", "80%")
	if code != 0 || out != "Checkout & payment (J1): Completion rate target is now ≥ 80% (was ≥ 75%)\n" {
		t.Fatalf("owner: %d %q %q", code, out, errOut)
	}
	out, _, code = f.run(facil, false, "journeys", "target", "J2", "effort", "2.8")
	if code != 0 || !strings.Contains(out, "Customer effort (CES) target is now ≤ 2.8 (was ≤ 3)") {
		t.Fatalf("facilitator: %d %q", code, out)
	}
	for _, c := range []struct {
		who  meeting.Actor
		args []string
		want string
	}{
		{member, []string{"journeys", "target", "Billing", "completion", "80"}, "only a facilitator or tom (the journey owner) can change the journey's targets"},
		{watch, []string{"journeys", "target", "J1", "completion", "80"}, "(the journey owner) can change"},
		{facil, []string{"journeys", "target", "J1", "nps", "40"}, `has no metric "nps"`},
		{facil, []string{"journeys", "target", "J1", "completion", "180%"}, "not a percentage"},
		{facil, []string{"journeys", "target", "J1", "completion"}, "give the journey, the metric and the target"},
		{facil, []string{"journeys", "target", "Nowhere", "completion", "80"}, `no journey is called "Nowhere"`},
	} {
		_, errOut, code := f.run(c.who, false, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: %d %q, want one line with %q", c.args, code, errOut, c.want)
		}
	}
	j, _ := f.db.Journey(ctx, "J1")
	if m, _ := j.Metric("completion"); m.Target != 80 {
		t.Fatalf("a refused command changed the target: %v", m.Target)
	}
}

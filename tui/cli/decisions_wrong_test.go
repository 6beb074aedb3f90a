package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"cxroom/meeting"
)

// Issue 13, item 8: `export decisions` prints the names of the people, as
// the minutes do, not their handles.
func TestWrongToday8ExportDecisionsPrintsNames(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := &meeting.Decision{Date: "2026-11-25", Title: "Pause the banner", Decision: "Pause the banner on Safari",
		MadeBy: "maria", CommunicatedTo: []string{"ana"}, CreatedBy: "maria", CreatedAt: f.clock.Now()}
	if err := f.db.CreateDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	team := &meeting.Team{Members: []meeting.Member{
		{Name: "Maria Santos", Handle: "maria", Role: meeting.RoleFacilitator},
		{Name: "Ana Silva", Handle: "ana", Role: meeting.RoleMember},
	}}
	var out, errb bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errb, Actor: member, Svc: f.svc, Agendas: f.set, Team: team}
	if code := Run(ctx, e, []string{"export", "decisions"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	md := out.String()
	for _, want := range []string{"Maria Santos", "Shared with Ana Silva"} {
		if !strings.Contains(md, want) {
			t.Errorf("export decisions lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "**Made by:** maria") {
		t.Errorf("export decisions prints the handle:\n%s", md)
	}
}

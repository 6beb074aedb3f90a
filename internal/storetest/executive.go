package storetest

import (
	"context"
	"testing"

	"cxroom/meeting"
)

// The executive layer's records under the contract: charters, at-risk
// accounts and board briefs round-trip, take their ids, list in order and
// filter; an invalid one is refused with nothing written.
func executiveRecords(t *testing.T, db meeting.Store) {
	c, err := meeting.NewCharter(meeting.CharterInput{Name: "Onboarding automation", Sponsor: "cfo", SponsorRole: "CFO",
		Objective: "Cut time-to-value from 90 to 54 days", Outcomes: []string{"Faster go-live; metric: time-to-value; target: 54 days"},
		Budget: "$5M", BudgetTimeframe: "18 months", Headcount: "6", Payback: "18", NPV: "$12M", Start: "2026-10-01",
		SuccessMetrics: []string{"Time-to-value; baseline: 90 days; 6m: 70 days; 12m: 54 days"},
		Risks:          []string{"Integration backlog -> dedicated integration squad"}}, "ann", now)
	must(t, err)
	trip[meeting.Charter]{"charter", "K", c, func(c *meeting.Charter) *string { return &c.ID },
		db.CreateCharter, db.Charter, db.UpdateCharter,
		func(ctx context.Context) ([]*meeting.Charter, error) {
			return db.Charters(ctx, meeting.CharterFilter{})
		},
		func(c *meeting.Charter) {
			c.Gates[0].Decision, c.Gates[0].DecidedBy, c.Gates[0].Note = meeting.GateGo, "ann", "on plan"
		}}.run(t)

	x, err := meeting.NewAccount(meeting.AccountInput{Account: "Globex", Health: "red", ARR: "$1.2M", Risk: "Sponsor left",
		Mitigation: "CEO call with the new CIO", Owner: "ann", Due: "2026-12-04"}, "ann", now)
	must(t, err)
	trip[meeting.Account]{"account", "W", x, func(x *meeting.Account) *string { return &x.ID },
		db.CreateAccount, db.Account, db.UpdateAccount,
		func(ctx context.Context) ([]*meeting.Account, error) {
			return db.Accounts(ctx, meeting.AccountFilter{})
		},
		func(x *meeting.Account) { x.Health = meeting.HealthYellow }}.run(t)

	b := &meeting.BoardBrief{Period: "2026Q4", Summary: "CX health improved.", UpdatedBy: "ann", CreatedAt: now, UpdatedAt: now}
	trip[meeting.BoardBrief]{"board brief", "B", b, func(b *meeting.BoardBrief) *string { return &b.ID },
		db.CreateBoardBrief, db.BoardBrief, db.UpdateBoardBrief, db.BoardBriefs,
		func(b *meeting.BoardBrief) { b.Forward = "NRR to 115% by Q2." }}.run(t)

	// briefs list by period; charters and accounts filter
	must(t, db.CreateBoardBrief(bg, &meeting.BoardBrief{Period: "2026Q2", UpdatedBy: "ann"}))
	bs, err := db.BoardBriefs(bg)
	must(t, err)
	if got := idsOf(bs, func(b *meeting.BoardBrief) string { return b.Period }); got != "2026Q2,2026Q4" {
		t.Fatalf("briefs by period: %s", got)
	}
	stopped, err := meeting.NewCharter(meeting.CharterInput{Name: "Chatbot", Sponsor: "cto", Objective: "Deflect tickets", Start: "2026-06-01"}, "ann", now)
	must(t, err)
	must(t, stopped.Decide(0, meeting.GateNoGo, "no deflection in 30 days", "ann", "", now))
	must(t, db.CreateCharter(bg, stopped))
	cid := func(c *meeting.Charter) string { return c.ID }
	active, err := db.Charters(bg, meeting.CharterFilter{Status: meeting.CharterActive})
	must(t, err)
	due, err := db.Charters(bg, meeting.CharterFilter{DueBy: "2026-11-01"}) // K1's 30-day point is decided; its 90-day is due 2026-12-30
	must(t, err)
	dueLater, err := db.Charters(bg, meeting.CharterFilter{DueBy: "2026-12-30"})
	must(t, err)
	if got := idsOf(active, cid) + " " + idsOf(due, cid) + " " + idsOf(dueLater, cid); got != "K1  K1" {
		t.Fatalf("charter filters: %q", got)
	}
	saved, err := meeting.NewAccount(meeting.AccountInput{Account: "Initech", Health: "yellow", Risk: "Budget cut", Status: "saved"}, "ann", now)
	must(t, err)
	must(t, db.CreateAccount(bg, saved))
	atRisk, err := db.Accounts(bg, meeting.AccountFilter{Status: meeting.AccountAtRisk})
	must(t, err)
	if got := idsOf(atRisk, func(x *meeting.Account) string { return x.ID }); got != "W1" {
		t.Fatalf("at-risk accounts: %s", got)
	}

	// refused: nothing written
	before := Dump(t, db)
	noName := c.Clone()
	noName.ID, noName.Name = "", ""
	twoGates := c.Clone()
	twoGates.ID, twoGates.Gates = "", twoGates.Gates[:2]
	for what, err := range map[string]error{
		"charter without a name":     db.CreateCharter(bg, noName),
		"charter with two gates":     db.CreateCharter(bg, twoGates),
		"account without health":     db.CreateAccount(bg, &meeting.Account{Account: "X", Risk: "y", Status: meeting.AccountAtRisk}),
		"account with escape in it":  db.CreateAccount(bg, &meeting.Account{Account: "X\x1b[31m", Health: meeting.HealthRed, Risk: "y", Status: meeting.AccountAtRisk}),
		"brief with a bad period":    db.CreateBoardBrief(bg, &meeting.BoardBrief{Period: "2026Q9", UpdatedBy: "ann"}),
		"brief without who wrote it": db.CreateBoardBrief(bg, &meeting.BoardBrief{Period: "2026Q1"}),
	} {
		if meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%s: %v, want EINVALID", what, err)
		}
	}
	if after := Dump(t, db); after != before {
		t.Fatal("a refused record was written")
	}
}

package demo_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/demo"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

// Everything the demo decides goes through the ledger: signed with the
// host key, the whole chain and every decision and action status verify,
// and its resolved issues each carry the evidence that the fix worked.
func TestDemoLedgerVerifies(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	host, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sign := func() (gossh.Signer, error) { return host, nil }
	db := memstore.New()
	if _, err := demo.RunSigned(context.Background(), db, meeting.NewFakeClock(demoNow), shipped, sign); err != nil {
		t.Fatal(err)
	}
	svc := meeting.NewService(db, meeting.NewFakeClock(demoNow), nil, nil)
	svc.SetLedgerSigner(sign)
	rep, err := svc.VerifyLedger(context.Background(), meeting.Actor{Handle: "jo", Role: meeting.RoleObserver})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries < 50 || rep.Before != 0 {
		t.Fatalf("the demo's ledger: %d entries, %d from before, problems %v", rep.Entries, rep.Before, rep.Problems)
	}
	is, err := db.Issues(context.Background(), meeting.IssueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	resolved := 0
	for _, i := range is {
		if i.Resolved {
			resolved++
			if i.RootCause == "" || len(i.ActionIDs) == 0 || i.FixStat == "" && i.FixQuote == "" || i.ResolvedAt.IsZero() {
				t.Errorf("%s was resolved without closing the loop: %+v", i.ID, i)
			}
		}
	}
	if resolved == 0 {
		t.Error("the demo resolves no issue")
	}
}

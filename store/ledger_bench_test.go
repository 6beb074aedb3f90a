package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// What the ledger costs a status change on Badger (synced to disk): the
// status written alone, as before the ledger, against the status, its
// ledger entry and the head's signature in one transaction.
func BenchmarkStatusChange(b *testing.B) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	host, _ := gossh.NewSignerFromKey(priv)
	for _, ledger := range []bool{false, true} {
		b.Run(fmt.Sprintf("ledger=%v", ledger), func(b *testing.B) {
			db := openT(b, b.TempDir())
			svc := unpaced(b, db, host)
			x, err := svc.AddAction(ctx, ledgerFac, "Patch Safari checkout", "ana", "2026-11-27")
			must(b, err)
			sts := []meeting.Status{meeting.StatusOpen, meeting.StatusDone}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if i%400 == 399 { // an action's history is bounded
					b.StopTimer()
					x, err = svc.AddAction(ctx, ledgerFac, "Patch Safari checkout", "ana", "2026-11-27")
					must(b, err)
					b.StartTimer()
				}
				st := sts[i%2]
				if ledger {
					_, err = svc.SetActionStatus(ctx, ledgerFac, x.ID, st, "")
				} else {
					_, err = db.UpdateAction(ctx, x.ID, func(a *meeting.Action) error { return a.SetStatus(st, "", "maria", now) })
				}
				must(b, err)
			}
		})
	}
}

// Verifying a ledger of 10,000 decisions: the chain, every head's
// signature and every decision against its latest entry.
func BenchmarkVerifyLedger10k(b *testing.B) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	host, _ := gossh.NewSignerFromKey(priv)
	db := openT(b, b.TempDir())
	svc := unpaced(b, db, host)
	for i := range 10_000 {
		_, err := svc.AddDecision(ctx, ledgerFac, meeting.DecisionInput{Decision: fmt.Sprintf("Decision %d: refund within 5 days", i),
			Rationale: "refund complaints doubled in a month", ReviewDate: "+4w"})
		must(b, err)
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := svc.VerifyLedger(ctx, ledgerObs)
		must(b, err)
		if !rep.OK() || rep.Entries != 10_000 {
			b.Fatalf("%+v", rep.Problems)
		}
	}
}

// unpaced is a service whose writes are not paced (one person writing
// thousands of times a minute).
func unpaced(tb testing.TB, db *DB, host gossh.Signer) *meeting.Service {
	hub := meeting.NewHub(db, meeting.NewFakeClock(now), nil)
	tb.Cleanup(hub.Close)
	hub.SetPace(-1, 0)
	hub.SetLedgerSigner(func() (gossh.Signer, error) { return host, nil })
	return meeting.NewService(db, hub.Clock(), hub, nil)
}

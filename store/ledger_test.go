package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// ledgerEnv is a service on db whose heads are signed with host.
func ledgerSvc(db *DB, host gossh.Signer) *meeting.Service {
	svc := meeting.NewService(db, meeting.NewFakeClock(now), nil, nil)
	svc.SetLedgerSigner(func() (gossh.Signer, error) { return host, nil })
	return svc
}

var (
	ledgerFac = meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator, Key: "SHA256:mariaskey"}
	ledgerObs = meeting.Actor{Handle: "olga", Name: "Olga", Role: meeting.RoleObserver}
)

func verifyOn(t *testing.T, svc *meeting.Service) *meeting.LedgerReport {
	t.Helper()
	rep, err := svc.VerifyLedger(ctx, ledgerObs)
	must(t, err)
	return rep
}

func rawGet(t *testing.T, db *DB, key string) []byte {
	t.Helper()
	var v []byte
	must(t, db.bdb.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(key))
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	}))
	return v
}

func rawSet(t *testing.T, db *DB, kv ...[]byte) {
	t.Helper()
	must(t, db.bdb.Update(func(txn *badger.Txn) error {
		for i := 0; i+1 < len(kv); i += 2 {
			var err error
			if kv[i+1] == nil {
				err = txn.Delete(kv[i])
			} else {
				err = txn.Set(kv[i], kv[i+1])
			}
			if err != nil {
				return err
			}
		}
		return nil
	}))
}

// The ledger in Badger: a byte of an entry or of a decision changed in the
// database by hand, an entry deleted, two entries swapped — each is
// detected and the entry (or record) named; put back, the chain verifies
// again. A restart and a backup restored elsewhere keep it valid, and the
// chain goes on from its head.
func TestLedgerTamperRestartAndRestore(t *testing.T) {
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	host, err := gossh.NewSignerFromKey(priv)
	must(t, err)
	db := openT(t, dir)
	svc := ledgerSvc(db, host)
	var ds []*meeting.Decision
	for _, text := range []string{"Pause the Safari banner", "Refund within 5 days", "Hire a support lead"} {
		d, err := svc.AddDecision(ctx, ledgerFac, meeting.DecisionInput{Decision: text})
		must(t, err)
		ds = append(ds, d)
	}
	x, err := svc.AddAction(ctx, ledgerFac, "Publish refund FAQ", "ana", "2026-11-27")
	must(t, err)
	_, err = svc.SetActionStatus(ctx, ledgerFac, x.ID, meeting.StatusDone, "")
	must(t, err)
	if rep := verifyOn(t, svc); !rep.OK() || rep.Entries != 4 || rep.Records != 4 {
		t.Fatalf("before: %+v", rep)
	}

	l2, l3, dv := []byte("r/ledger/L2"), []byte("r/ledger/L3"), []byte("r/decision/"+ds[0].ID)
	v2, v3, vd := rawGet(t, db, string(l2)), rawGet(t, db, string(l3)), rawGet(t, db, string(dv))
	flip := func(v []byte, from, to string) []byte {
		if !bytes.Contains(v, []byte(from)) {
			t.Fatalf("%q is not in %s", from, v)
		}
		return bytes.Replace(v, []byte(from), []byte(to), 1)
	}
	name2 := "entry 2 (decision " + ds[1].ID + " recorded, 2026-11-23 10:00 UTC)"
	cases := []struct {
		name  string
		kv    [][]byte
		want  string
		after func()
	}{
		{"a byte of an entry", [][]byte{l2, flip(v2, `"author":"maria"`, `"author":"mario"`)}, name2 + " was changed after it was written", nil},
		{"a byte of a decision", [][]byte{dv, flip(vd, "Safari", "Safara")}, "decision " + ds[0].ID + " differs from its latest ledger entry (entry 1)", nil},
		{"an entry deleted", [][]byte{l2, nil}, "entry 2 is missing: the chain goes from entry 1 to entry 3", nil},
		{"two entries swapped", [][]byte{l2, v3, l3, v2}, "comes before entry 2: entries were swapped or moved", nil},
	}
	for _, c := range cases {
		rawSet(t, db, c.kv...)
		rep := verifyOn(t, svc)
		if rep.OK() || !strings.Contains(rep.Problems[0].Problem, c.want) {
			t.Errorf("%s: %v, want %q", c.name, rep.Problems, c.want)
		}
		rawSet(t, db, l2, v2, l3, v3, dv, vd)
		if rep := verifyOn(t, svc); !rep.OK() {
			t.Fatalf("%s, put back: %v", c.name, rep.Problems)
		}
	}

	// a restart: the chain is as it was and goes on from its head
	must(t, db.Close())
	db = openT(t, dir)
	svc = ledgerSvc(db, host)
	_, err = svc.AddDecision(ctx, ledgerFac, meeting.DecisionInput{Decision: "After the restart"})
	must(t, err)
	if rep := verifyOn(t, svc); !rep.OK() || rep.Entries != 5 {
		t.Fatalf("after a restart: %+v", rep)
	}

	// a backup restored into another data folder verifies there
	var backup bytes.Buffer
	must(t, db.Backup(&backup))
	other := openT(t, t.TempDir())
	must(t, other.Restore(&backup))
	osvc := ledgerSvc(other, host)
	if rep := verifyOn(t, osvc); !rep.OK() || rep.Entries != 5 || rep.Records != 5 {
		t.Fatalf("after backup → restore: %+v", rep)
	}
	_, err = osvc.AddDecision(ctx, ledgerFac, meeting.DecisionInput{Decision: "After the restore"})
	must(t, err)
	if rep := verifyOn(t, osvc); !rep.OK() || rep.Entries != 6 {
		t.Fatalf("appended after the restore: %+v", rep)
	}
	checkIndexes(t, other)
}

package meeting_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// hostKey is a fresh ed25519 host key.
func hostKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newSignedEnv is newEnv whose hub signs the ledger's heads with host.
func newSignedEnv(t *testing.T) (*env, gossh.Signer) {
	t.Helper()
	e := newEnv(t)
	host := hostKey(t)
	e.hub.SetLedgerSigner(func() (gossh.Signer, error) { return host, nil })
	return e, host
}

func ledger(t *testing.T, e *env) []*meeting.LedgerEntry {
	t.Helper()
	es, err := e.db.Ledger(e.ctx, meeting.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func verify(t *testing.T, e *env) *meeting.LedgerReport {
	t.Helper()
	rep, err := e.svc.VerifyLedger(e.ctx, obs) // observers (board members) may check
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func firstProblem(rep *meeting.LedgerReport) string {
	if len(rep.Problems) == 0 {
		return ""
	}
	return rep.Problems[0].Problem
}

// Decisions (in a room and between meetings, and their review), action
// status changes (in a room, in the walk, from the tracker) and the
// minutes of the meeting that ended go into the chain in order, each with
// who did it and with which key, each head signed by the host key; the
// whole chain then verifies.
func TestLedgerRecordsWhatWasDecided(t *testing.T) {
	e, host := newSignedEnv(t)
	anaSSH := ana
	anaSSH.Key = "SHA256:anaskey"
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria, anaSSH, obs)
	d, err := r.AddDecision(e.ctx, anaSSH, meeting.DecisionInput{Decision: "Pause the Safari banner", Rationale: "12% failures", ReviewDate: "+4w"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.Present, ",") != "ana,maria" {
		t.Errorf("present when recorded: %v (observers do not count)", d.Present)
	}
	x, err := r.AddAction(e.ctx, maria, meeting.ActionInput{Text: "Patch Safari", Owner: "ana", Due: "fri"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.SetActionStatus(e.ctx, anaSSH, x.ID, meeting.StatusBlocked, "waiting on QA"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetActionStatus(e.ctx, anaSSH, x.ID, meeting.StatusDone, ""); err != nil {
		t.Fatal(err)
	}
	d2, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Hire a second support lead"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(24 * 60 * 60e9 * 30)
	if _, err := e.svc.ReviewDecision(e.ctx, maria, d.ID, meeting.ReviewInput{Happened: "failures fell to 0.4%", Verdict: "met"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.End(e.ctx, maria); err != nil {
		t.Fatal(err)
	}
	es := ledger(t, e)
	var got []string
	for _, x := range es {
		got = append(got, fmt.Sprintf("%d %s %s %s %s %s", x.Seq, x.Kind, x.Ref, x.Event, x.Author, x.Key))
	}
	want := []string{
		"1 decision " + d.ID + " recorded ana SHA256:anaskey",
		"2 action " + x.ID + " blocked ana SHA256:anaskey",
		"3 action " + x.ID + " done ana SHA256:anaskey",
		"4 decision " + d2.ID + " recorded maria local",
		"5 decision " + d.ID + " reviewed: met maria local",
		"6 minutes " + r.ID() + " ended maria local",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ledger:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var min meeting.MinutesRecord
	if err := json.Unmarshal(es[5].Record, &min); err != nil || min.Meeting.ID != r.ID() || len(min.Decisions) != 1 || len(min.Actions) != 1 {
		t.Errorf("minutes record: %v %+v", err, min)
	}
	rep := verify(t, e)
	if !rep.OK() || rep.Entries != 6 || rep.HeadSeq != 6 || rep.SignedBy != gossh.FingerprintSHA256(host.PublicKey()) || rep.Records != 3 {
		t.Fatalf("verify: %+v", rep)
	}
	// guests do not read the ledger
	if _, err := e.svc.VerifyLedger(e.ctx, meeting.Actor{Handle: "gus", Role: meeting.RoleMember, Guest: true}); code(err) != meeting.EFORBIDDEN {
		t.Errorf("a guest verified: %v", err)
	}
}

// The first entry that does not match is named, whatever was done to the
// chain: a value changed, a record changed, an entry deleted, two
// entries swapped, the chain rewritten without the host key (hashes and
// links recomputed), signed by another key, or not signed at all.
func TestLedgerVerifyNamesTheFirstEntryThatDoesNotMatch(t *testing.T) {
	e, host := newSignedEnv(t)
	for i := range 4 {
		if _, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: fmt.Sprintf("Decision %d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	clean := ledger(t, e)
	if rep := meeting.VerifyChain(clean, host.PublicKey()); !rep.OK() {
		t.Fatalf("the untouched chain: %v", rep.Problems)
	}
	fresh := func() []*meeting.LedgerEntry {
		out := make([]*meeting.LedgerEntry, len(clean))
		for i, x := range clean {
			c := *x
			out[i] = &c
		}
		return out
	}
	other := hostKey(t)
	cases := []struct {
		name   string
		tamper func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry
		host   gossh.PublicKey
		want   string
	}{
		{"value changed", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			es[1].Author = "mallory"
			return es
		}, host.PublicKey(), "entry 2 (decision " + clean[1].Ref + " recorded, 2026-11-24 09:00 UTC) was changed after it was written"},
		{"record changed", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			es[2].Record = json.RawMessage(strings.Replace(string(es[2].Record), "Decision 3", "Decision 9", 1))
			return es
		}, host.PublicKey(), "the record in entry 3 "},
		{"entry deleted", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			return append(es[:1], es[2:]...)
		}, host.PublicKey(), "entry 2 is missing: the chain goes from entry 1 to entry 3"},
		{"entries swapped", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			es[1], es[2] = es[2], es[1]
			return es
		}, host.PublicKey(), "entry 3 (decision " + clean[2].Ref + " recorded, 2026-11-24 09:00 UTC) comes before entry 2: entries were swapped or moved"},
		{"rewritten without the host key", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			es[1].Event = "recorded by the board"
			for i := 1; i < len(es); i++ {
				es[i].Prev = es[i-1].Hash
				es[i].Hash = es[i].ComputeHash()
			}
			return es
		}, host.PublicKey(), "entry 2 (decision " + clean[1].Ref + " recorded by the board, 2026-11-24 09:00 UTC) carries a server signature that does not match it"},
		{"another host key", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry { return es }, other.PublicKey(),
			"entry 1 (decision " + clean[0].Ref + " recorded, 2026-11-24 09:00 UTC) is signed by " + gossh.FingerprintSHA256(host.PublicKey())},
		{"unsigned", func(es []*meeting.LedgerEntry) []*meeting.LedgerEntry {
			es[3].HeadSig = ""
			return es
		}, nil, "entry 4 (decision " + clean[3].Ref + " recorded, 2026-11-24 09:00 UTC) carries no signature of the server"},
	}
	for _, c := range cases {
		rep := meeting.VerifyChain(c.tamper(fresh()), c.host)
		if rep.OK() || !strings.Contains(firstProblem(rep), c.want) {
			t.Errorf("%s: %q, want it to say %q", c.name, firstProblem(rep), c.want)
		}
		if len(rep.Problems) != 1 {
			t.Errorf("%s: the check goes on after the first break: %v", c.name, rep.Problems)
		}
	}
}

// A decision or an action changed, added or removed behind cxroom's back
// (straight in the store) differs from the ledger and is named.
func TestLedgerFindsRecordsChangedOutsideCxroom(t *testing.T) {
	e, _ := newSignedEnv(t)
	d, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Refund within 5 days"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.svc.AddAction(e.ctx, maria, "Publish refund FAQ", "ana", "fri")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SetActionStatus(e.ctx, maria, x.ID, meeting.StatusDone, ""); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, e); !rep.OK() || rep.Records != 2 {
		t.Fatalf("before: %+v", rep)
	}
	if _, err := e.db.UpdateDecision(e.ctx, d.ID, func(d *meeting.Decision) error { d.Decision = "Refund within 30 days"; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := firstProblem(verify(t, e)); got != "decision "+d.ID+" differs from its latest ledger entry (entry 1): it was changed outside cxroom" {
		t.Errorf("decision changed: %q", got)
	}
	if _, err := e.db.UpdateDecision(e.ctx, d.ID, func(d *meeting.Decision) error { d.Decision = "Refund within 5 days"; return nil }); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, e); !rep.OK() {
		t.Fatalf("put back: %v", rep.Problems)
	}
	if _, err := e.db.UpdateAction(e.ctx, x.ID, func(a *meeting.Action) error { a.Status = meeting.StatusOpen; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := firstProblem(verify(t, e)); got != "action "+x.ID+" differs from its latest ledger entry (entry 2): it was changed outside cxroom" {
		t.Errorf("action changed: %q", got)
	}
	if _, err := e.db.UpdateAction(e.ctx, x.ID, func(a *meeting.Action) error { a.Status = meeting.StatusDone; return nil }); err != nil {
		t.Fatal(err)
	}
	sneaky := &meeting.Decision{Date: "2026-11-24", Decision: "Cancel the refund policy", CreatedAt: t0.Add(60e9)}
	if err := e.db.CreateDecision(e.ctx, sneaky); err != nil {
		t.Fatal(err)
	}
	if got := firstProblem(verify(t, e)); got != "decision "+sneaky.ID+" is not in the ledger: it was added outside cxroom" {
		t.Errorf("decision added: %q", got)
	}
}

// Status changes made at once from many sessions all go into one chain,
// each linked to the one before (run with -race).
func TestLedgerConcurrentAppends(t *testing.T) {
	e, _ := newSignedEnv(t)
	e.hub.SetPace(-1, 0)
	var ids []string
	for i := range 6 {
		x, err := e.svc.AddAction(e.ctx, maria, fmt.Sprintf("Action %d", i), "ana", "fri")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, x.ID)
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, st := range []meeting.Status{meeting.StatusBlocked, meeting.StatusOpen, meeting.StatusDone} {
				note := ""
				if st == meeting.StatusBlocked {
					note = "waiting"
				}
				if _, err := e.svc.SetActionStatus(e.ctx, ana, id, st, note); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if rep := verify(t, e); !rep.OK() || rep.Entries != 18 || rep.Records != 6 {
		t.Fatalf("verify: %+v", rep)
	}
}

// The records of a private coaching session are sealed: the export leaves
// them out, and the exported chain still verifies.
func TestLedgerSealsPrivateRecords(t *testing.T) {
	e, host := newSignedEnv(t)
	r, err := e.hub.Start(e.ctx, maria, meeting.StartInput{Agenda: agenda(t, "guide-coaching"), Coachee: "ana", Topic: "Onboarding"})
	if err != nil {
		t.Fatal(err)
	}
	join(t, r, maria)
	if _, err := r.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Ana shadows three onboarding calls"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddDecision(e.ctx, maria, meeting.DecisionInput{Decision: "Public one"}); err != nil {
		t.Fatal(err)
	}
	out, err := e.svc.LedgerExport(e.ctx, tom)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !out[0].Sealed || out[0].Record != nil || out[1].Sealed || out[1].Record == nil {
		t.Fatalf("export: sealed %v/%v, records %d/%d bytes", out[0].Sealed, out[1].Sealed, len(out[0].Record), len(out[1].Record))
	}
	if strings.Contains(fmt.Sprint(out[0]), "shadows") {
		t.Error("the export shows a private record")
	}
	if rep := meeting.VerifyChain(out, host.PublicKey()); !rep.OK() {
		t.Fatalf("the exported chain: %v", rep.Problems)
	}
}

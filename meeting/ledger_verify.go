package meeting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

// LedgerProblem is one place where the ledger, or a record it vouches for,
// does not match.
type LedgerProblem struct {
	Seq     uint64     `json:"seq,omitempty"` // the entry; 0: a record with no entry
	Kind    LedgerKind `json:"kind,omitempty"`
	Ref     string     `json:"ref,omitempty"`
	Problem string     `json:"problem"` // one sentence
}

// LedgerReport is what a verification found.
type LedgerReport struct {
	Entries  int       `json:"entries"`
	First    time.Time `json:"first,omitzero"`
	Last     time.Time `json:"last,omitzero"`
	HeadSeq  uint64    `json:"head_seq,omitempty"`
	HeadHash string    `json:"head_hash,omitempty"`
	// SignedBy is the fingerprint of the key that signed the heads (the
	// server's host key).
	SignedBy string `json:"signed_by,omitempty"`
	// Records is how many decisions and actions were checked against
	// their latest entries; Before how many decisions were recorded
	// before the ledger began (nothing to check them against).
	Records  int             `json:"records"`
	Before   int             `json:"before_ledger"`
	Problems []LedgerProblem `json:"problems"`
}

// OK reports whether everything matched.
func (r *LedgerReport) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds a report: the first problem is the one that matters.
const maxProblems = 50

func (r *LedgerReport) problem(e *LedgerEntry, format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		return
	}
	p := LedgerProblem{Problem: fmt.Sprintf(format, args...)}
	if e != nil {
		p.Seq, p.Kind, p.Ref = e.Seq, e.Kind, e.Ref
	}
	r.Problems = append(r.Problems, p)
}

// VerifyChain checks entries (in the order they are kept) as a chain: each
// in its place, matching its hash, linked to the one before, its record
// matching its digest, and signed as a head by host (nil: by whichever key
// signed the first, which the report names). It stops at the first entry
// that does not match: what follows a break cannot be trusted either.
func VerifyChain(entries []*LedgerEntry, host gossh.PublicKey) *LedgerReport {
	r := &LedgerReport{Entries: len(entries), Problems: []LedgerProblem{}}
	if len(entries) == 0 {
		return r
	}
	r.First, r.Last = entries[0].At, entries[len(entries)-1].At
	if host != nil {
		r.SignedBy = gossh.FingerprintSHA256(host)
	}
	at := make(map[uint64]int, len(entries)) // seq → position
	for i, e := range entries {
		if _, dup := at[e.Seq]; !dup {
			at[e.Seq] = i
		}
	}
	prev, want := "", uint64(1)
	for i, e := range entries {
		if j, ok := at[want]; ok && e.Seq != want && j > i {
			r.problem(e, "%s comes before entry %d: entries were swapped or moved", e.Name(), want)
			return r
		}
		if msg := chainProblem(e, prev, want); msg != "" {
			r.problem(e, "%s", msg)
			return r
		}
		key, msg := headProblem(e, host)
		if msg != "" {
			r.problem(e, "%s", msg)
			return r
		}
		if host == nil {
			host, r.SignedBy = key, gossh.FingerprintSHA256(key)
		}
		prev, want = e.Hash, e.Seq+1
		r.HeadSeq, r.HeadHash = e.Seq, e.Hash
	}
	return r
}

// chainProblem says how e fails its place in the chain, "" when it does
// not.
func chainProblem(e *LedgerEntry, prev string, want uint64) string {
	switch {
	case e.ID != "" && e.ID != LedgerID(e.Seq):
		return fmt.Sprintf("the entry kept as %s says it is %s: entries were moved or swapped", CleanLine(e.ID, 24), e.Name())
	case e.Seq > want && want == e.Seq-1:
		return fmt.Sprintf("entry %d is missing: the chain goes from entry %d to entry %d", want, want-1, e.Seq)
	case e.Seq > want:
		return fmt.Sprintf("entries %d to %d are missing: the chain goes from entry %d to entry %d", want, e.Seq-1, want-1, e.Seq)
	case e.Seq < want:
		return fmt.Sprintf("%s is out of place: it comes after entry %d", e.Name(), want-1)
	case e.ComputeHash() != e.Hash:
		return fmt.Sprintf("%s was changed after it was written: its hash does not match", e.Name())
	case e.Prev != prev:
		return fmt.Sprintf("%s does not follow the entry before it: its link does not match that entry's hash", e.Name())
	}
	if len(e.Record) > 0 {
		rec, err := canonicalJSON(e.Record)
		if err != nil || Digest(rec) != e.Digest {
			return fmt.Sprintf("the record in %s was changed after it was written: it does not match its digest", e.Name())
		}
	}
	return ""
}

// headProblem checks e's head signature (by host, when given) and returns
// the key that made it.
func headProblem(e *LedgerEntry, host gossh.PublicKey) (gossh.PublicKey, string) {
	if e.HeadSig == "" {
		return nil, fmt.Sprintf("%s carries no signature of the server", e.Name())
	}
	sig, err := sshsig.Parse([]byte(e.HeadSig))
	if err != nil {
		return nil, fmt.Sprintf("%s carries a server signature that does not parse", e.Name())
	}
	if host != nil && !bytes.Equal(sig.PublicKey.Marshal(), host.Marshal()) {
		return nil, fmt.Sprintf("%s is signed by %s, not by the server's host key %s", e.Name(),
			gossh.FingerprintSHA256(sig.PublicKey), gossh.FingerprintSHA256(host))
	}
	if err := sig.Verify(LedgerNamespace, []byte(e.Hash)); err != nil {
		return nil, fmt.Sprintf("%s carries a server signature that does not match it", e.Name())
	}
	return sig.PublicKey, ""
}

// checkRecords compares the decisions and the actions the store holds with
// their latest entries: a record changed, added or removed outside cxroom
// differs from the ledger.
func checkRecords(r *LedgerReport, entries []*LedgerEntry, ds []*Decision, as []*Action) {
	latest := map[string]*LedgerEntry{}
	var changes = map[string][]*LedgerEntry{}
	for _, e := range entries {
		switch e.Kind {
		case LedgerDecision:
			latest[e.Ref] = e
		case LedgerAction:
			changes[e.Ref] = append(changes[e.Ref], e)
		}
	}
	var began time.Time
	if len(entries) > 0 {
		began = entries[0].At
	}
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.ID] = true
		e := latest[d.ID]
		if e == nil {
			if began.IsZero() || d.CreatedAt.Before(began) {
				r.Before++
				continue
			}
			r.problem(nil, "decision %s is not in the ledger: it was added outside cxroom", d.ID)
			r.Problems[len(r.Problems)-1].Kind, r.Problems[len(r.Problems)-1].Ref = LedgerDecision, d.ID
			continue
		}
		r.Records++
		if !sameRecord(d, e.Record) {
			r.problem(e, "decision %s differs from its latest ledger entry (entry %d): it was changed outside cxroom", d.ID, e.Seq)
		}
	}
	for ref, e := range latest {
		if !seen[ref] {
			r.problem(e, "decision %s is in the ledger (entry %d) but no longer in the store: it was deleted", CleanLine(ref, 40), e.Seq)
		}
	}
	byID := map[string]*Action{}
	for _, a := range as {
		byID[a.ID] = a
	}
	for ref, es := range changes {
		a := byID[ref]
		if a == nil {
			r.problem(es[0], "action %s is in the ledger (entry %d) but no longer in the store: it was deleted", CleanLine(ref, 40), es[0].Seq)
			continue
		}
		r.Records++
		if msg := actionDiffers(a, es); msg != "" {
			r.problem(es[len(es)-1], "%s", msg)
		}
	}
}

// sameRecord reports whether v encodes to the record an entry holds.
func sameRecord(v any, record json.RawMessage) bool {
	a, err1 := Canonical(v)
	b, err2 := canonicalJSON(record)
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

// actionDiffers says how action a differs from its logged status changes
// es (oldest first), "" when it does not: every logged change is still in
// its history, and the latest is its latest change and status.
func actionDiffers(a *Action, es []*LedgerEntry) string {
	for i, e := range es {
		var ch actionChange
		if err := json.Unmarshal(e.Record, &ch); err != nil {
			return fmt.Sprintf("the record in %s does not read as a status change", e.Name())
		}
		found := false
		for _, h := range a.History {
			if sameRecord(h, mustJSON(ch.Change)) {
				found = true
			}
		}
		if !found {
			return fmt.Sprintf("action %s's history no longer holds the change of entry %d: it was changed outside cxroom", a.ID, e.Seq)
		}
		if i == len(es)-1 && (!sameRecord(a.LastChange(), mustJSON(ch.Change)) || a.Status != ch.Change.To) {
			return fmt.Sprintf("action %s differs from its latest ledger entry (entry %d): it was changed outside cxroom", a.ID, e.Seq)
		}
	}
	return ""
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

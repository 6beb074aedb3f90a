package meeting

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

// The ledger is a hash chain of what was decided: every decision as it is
// recorded and changed (signed, voted on, reviewed), every change of an
// action's status, every VOC issue resolved or reopened and the minutes of
// every meeting that ended. Each entry holds the record's canonical JSON
// (see Canonical), the previous entry's hash, when, who and with which SSH
// key; the entry is written in the same transaction as the change it
// records, and the server signs the new head with its SSH host key (SSHSIG,
// namespace LedgerNamespace). Changing, removing or reordering an entry
// afterwards breaks the chain at that entry; changing a decision or an
// action outside cxroom makes it differ from its latest entry. VerifyLedger
// finds both.

// LedgerKind is what an entry records.
type LedgerKind string

const (
	LedgerDecision LedgerKind = "decision" // a decision as it now stands
	LedgerAction   LedgerKind = "action"   // one change of an action's status
	LedgerIssue    LedgerKind = "issue"    // a VOC issue resolved or reopened
	LedgerMinutes  LedgerKind = "minutes"  // a meeting's records as it ended
)

// Namespaces of the SSH signatures cxroom makes and checks (ssh-keygen's
// -n).
const (
	LedgerNamespace   = "cxroom-ledger"   // the server's signature of a chain head
	DecisionNamespace = "cxroom-decision" // a person's signature of a decision
	// ServerPrincipal names the server's host key in allowed_signers.
	ServerPrincipal = "cxroom-server"
	// LocalKey is the key fingerprint of what was done on the server's own
	// machine (no SSH key was involved).
	LocalKey = "local"
	// MaxLedgerRecord bounds one entry's record (a meeting's minutes are
	// the largest).
	MaxLedgerRecord = 4 << 20
)

// LedgerEntry is one link of the chain.
type LedgerEntry struct {
	ID        string          `json:"id"` // L<seq>: where the store keeps it
	Seq       uint64          `json:"seq"`
	Kind      LedgerKind      `json:"kind"`
	Ref       string          `json:"ref"`   // the record's id: 2026-11-24-01, A12, I3, M7
	Event     string          `json:"event"` // what happened: "recorded", "signed by maria", "done"
	MeetingID string          `json:"meeting_id,omitempty"`
	Digest    string          `json:"digest"`           // sha256:<hex> of Record
	Record    json.RawMessage `json:"record,omitempty"` // the record's canonical JSON
	// Sealed: the record belongs to a private coaching session; exports
	// leave it out (the digest still binds it).
	Sealed bool      `json:"sealed,omitempty"`
	Prev   string    `json:"prev"` // the previous entry's hash; "" for the first
	At     time.Time `json:"at"`
	Author string    `json:"author"` // the handle of who did it
	Key    string    `json:"key"`    // the SHA256 fingerprint of their SSH key, or "local"
	Hash   string    `json:"hash"`   // hex SHA-256 of the entry's canonical body (LedgerBody)
	// HeadSig is the server's SSHSIG signature of Hash, made when the entry
	// became the head of the chain.
	HeadSig string `json:"head_sig,omitempty"`
}

// LedgerBody is what an entry's hash covers: every field but the record
// itself (bound by its digest), the hash and the head signature. Its
// canonical JSON has exactly these keys, sorted.
type LedgerBody struct {
	Seq       uint64     `json:"seq"`
	Kind      LedgerKind `json:"kind"`
	Ref       string     `json:"ref"`
	Event     string     `json:"event"`
	MeetingID string     `json:"meeting_id"`
	Digest    string     `json:"digest"`
	Sealed    bool       `json:"sealed"`
	Prev      string     `json:"prev"`
	At        time.Time  `json:"at"`
	Author    string     `json:"author"`
	Key       string     `json:"key"`
}

// Body returns what e's hash covers.
func (e *LedgerEntry) Body() LedgerBody {
	return LedgerBody{Seq: e.Seq, Kind: e.Kind, Ref: e.Ref, Event: e.Event, MeetingID: e.MeetingID, Digest: e.Digest,
		Sealed: e.Sealed, Prev: e.Prev, At: e.At, Author: e.Author, Key: e.Key}
}

// ComputeHash returns the hash e should carry.
func (e *LedgerEntry) ComputeHash() string {
	b, err := Canonical(e.Body())
	if err != nil { // a body of plain fields always encodes
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Name is how a message names the entry: "entry 7 (decision 2026-11-24-01
// signed by maria, 2026-11-24 10:02 UTC)".
func (e *LedgerEntry) Name() string {
	return fmt.Sprintf("entry %d (%s %s %s, %s)", e.Seq, e.Kind, CleanLine(e.Ref, 40), CleanLine(e.Event, 80),
		e.At.UTC().Format("2006-01-02 15:04 MST"))
}

// LedgerFilter narrows a ledger query.
type LedgerFilter struct {
	Ref  string // one record's entries
	From uint64 // entries from this seq on
}

// Match reports whether e passes the filter.
func (f LedgerFilter) Match(e *LedgerEntry) bool {
	return (f.Ref == "" || e.Ref == f.Ref) && e.Seq >= f.From
}

// LedgerStore keeps the chain. AppendLedger stores e as entry e.Seq and
// refuses it unless e.Seq is one past the head's, so two transactions never
// both extend the chain from the same head (one of them is run again).
type LedgerStore interface {
	AppendLedger(ctx context.Context, e *LedgerEntry) error
	// LedgerHead returns the latest entry, nil when the chain is empty.
	LedgerHead(ctx context.Context) (*LedgerEntry, error)
	// Ledger lists the entries f matches, by seq.
	Ledger(ctx context.Context, f LedgerFilter) ([]*LedgerEntry, error)
}

// LedgerID is the store id of entry seq.
func LedgerID(seq uint64) string { return "L" + strconv.FormatUint(seq, 10) }

var (
	digestRe = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	hashRe   = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Validate checks an entry before it is stored.
func (e *LedgerEntry) Validate() error {
	var c check
	c.id("ledger entry", 'L', e.ID)
	switch {
	case c.err != nil:
	case e.Seq == 0:
		c.fail("a ledger entry's seq starts at 1")
	case e.ID != "" && e.ID != LedgerID(e.Seq):
		c.fail("ledger entry %s says it is entry %d", e.ID, e.Seq)
	}
	switch e.Kind {
	case LedgerDecision, LedgerAction, LedgerIssue, LedgerMinutes:
	default:
		c.fail("ledger kind %q is not decision, action, issue or minutes", clip(string(e.Kind)))
	}
	c.line("ledger ref", e.Ref, 40, true)
	c.line("ledger event", e.Event, MaxLine, true)
	c.ref("meeting", 'M', e.MeetingID)
	if c.err == nil && !digestRe.MatchString(e.Digest) {
		c.fail("ledger digest %q is not sha256:<64 hex digits>", clip(e.Digest))
	}
	if c.err == nil && len(e.Record) > MaxLedgerRecord {
		c.fail("a ledger record is larger than %d bytes", MaxLedgerRecord)
	}
	if c.err == nil && len(e.Record) > 0 && !json.Valid(e.Record) {
		c.fail("a ledger record is not JSON")
	}
	if c.err == nil && (e.Prev != "" && !hashRe.MatchString(e.Prev) || !hashRe.MatchString(e.Hash)) {
		c.fail("a ledger hash is not 64 hex digits")
	}
	if c.err == nil && e.At.IsZero() {
		c.fail("a ledger entry needs its time")
	}
	c.handle("ledger author", e.Author, true)
	c.line("ledger key", e.Key, 100, true)
	if c.err == nil && len(e.HeadSig) > sshsig.MaxArmored {
		c.fail("a ledger signature is longer than %d bytes", sshsig.MaxArmored)
	}
	return c.err
}

// Canonical is v's canonical JSON: encoded by encoding/json, then with
// every object's keys sorted, no insignificant space, numbers as written
// and no HTML escaping. Anyone can recompute it: parse the JSON and write
// it back with sorted keys and no spaces (Python: json.dumps(obj,
// sort_keys=True, separators=(",", ":"), ensure_ascii=False)).
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode for the ledger: %w", err)
	}
	return canonicalJSON(raw)
}

func canonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("decode for the ledger: %w", err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return nil, fmt.Errorf("encode for the ledger: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Digest is the sha256:<hex> of data.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// HeadSigner returns the key that signs the chain's heads (the server's
// SSH host key), loaded when first needed; nil leaves heads unsigned.
type HeadSigner func() (gossh.Signer, error)

// ledgerWrite is one entry to append: what, about which record, by whom.
type ledgerWrite struct {
	kind      LedgerKind
	ref       string
	event     string
	meetingID string
	sealed    bool
	record    any
}

// appendLedger appends w to the chain in tx: after the head, with its hash
// and, when sign is set, the server's signature of the new head.
func appendLedger(ctx context.Context, tx Tx, sign HeadSigner, a Actor, w ledgerWrite, now time.Time) (*LedgerEntry, error) {
	rec, err := Canonical(w.record)
	if err != nil {
		return nil, err
	}
	head, err := tx.LedgerHead(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the ledger's head: %w", err)
	}
	key := a.Key
	if key == "" {
		key = LocalKey
	}
	e := &LedgerEntry{Seq: 1, Kind: w.kind, Ref: w.ref, Event: CleanLine(w.event, MaxLine), MeetingID: w.meetingID,
		Digest: Digest(rec), Record: rec, Sealed: w.sealed, At: now.UTC(), Author: a.Handle, Key: key}
	if len(rec) > MaxLedgerRecord {
		e.Record = nil // too large to keep twice: the digest still binds it
	}
	if e.Author == "" {
		e.Author = "cxroom"
	}
	if head != nil {
		e.Seq, e.Prev = head.Seq+1, head.Hash
	}
	e.Hash = e.ComputeHash()
	if sign != nil {
		s, err := sign()
		if err != nil {
			return nil, fmt.Errorf("load the key that signs the ledger: %w", err)
		}
		if s != nil {
			sig, err := sshsig.Sign(s, LedgerNamespace, []byte(e.Hash))
			if err != nil {
				return nil, fmt.Errorf("sign the ledger's head: %w", err)
			}
			e.HeadSig = string(sig)
		}
	}
	if err := tx.AppendLedger(ctx, e); err != nil {
		return nil, fmt.Errorf("append to the ledger: %w", err)
	}
	return e, nil
}

// actionChange is an action status change as the ledger records it.
type actionChange struct {
	Action string `json:"action"`
	Text   string `json:"text"`
	Owner  string `json:"owner"`
	Due    Date   `json:"due"`
	Change Change `json:"change"`
}

// ledgerAction is the entry for x's latest status change.
func ledgerAction(x *Action, sealed bool) ledgerWrite {
	ch := x.LastChange()
	return ledgerWrite{kind: LedgerAction, ref: x.ID, event: string(ch.To), meetingID: x.MeetingID, sealed: sealed,
		record: actionChange{Action: x.ID, Text: x.Text, Owner: x.Owner, Due: x.Due, Change: ch}}
}

// ledgerDecision is the entry for decision d as it now stands.
func ledgerDecision(d *Decision, event string, sealed bool) ledgerWrite {
	return ledgerWrite{kind: LedgerDecision, ref: d.ID, event: event, meetingID: d.MeetingID, sealed: sealed, record: d}
}

// ledgerIssue is the entry for issue i resolved or reopened.
func ledgerIssue(i *Issue, event string) ledgerWrite {
	return ledgerWrite{kind: LedgerIssue, ref: i.ID, event: event, meetingID: i.MeetingID, record: i}
}

// MinutesRecord is what the ledger keeps of a meeting that ended: the
// meeting and every record it produced, as they stood (coaching notes are
// the coach's alone and are left out).
type MinutesRecord struct {
	Meeting   *Meeting    `json:"meeting"`
	Actions   []*Action   `json:"actions"`
	Carried   []*Action   `json:"carried"`
	Issues    []*Issue    `json:"issues"`
	Decisions []*Decision `json:"decisions"`
	Stories   []*Story    `json:"stories"`
	Promises  []*Promise  `json:"promises"`
	Proposals []*Proposal `json:"proposals"`
	Guide     *Guide      `json:"guide,omitempty"`
}

func ledgerMinutes(b *Bundle, guide *Guide) ledgerWrite {
	rec := MinutesRecord{Meeting: b.Meeting, Actions: b.Actions, Carried: b.Carried, Issues: b.Issues, Decisions: b.Decisions,
		Stories: b.Stories, Promises: b.Promises, Proposals: b.Proposals}
	if guide != nil {
		g := *guide
		g.Notes = ""
		rec.Guide = &g
	}
	return ledgerWrite{kind: LedgerMinutes, ref: b.Meeting.ID, event: "ended", meetingID: b.Meeting.ID, sealed: b.Meeting.Private, record: rec}
}

package meeting

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

// Signatures from the attendees' own SSH keys. The server never holds a
// person's private key: they fetch the decision's signing text (`decisions
// digest ID > d.txt`), sign it on their machine with `ssh-keygen -Y sign -n
// cxroom-decision`, and send the .sig back (`decisions sign ID <
// d.txt.sig`). The server checks it against the key the team file registers
// for them and keeps it with the decision, so that `ssh-keygen -Y verify`
// with the exported allowed_signers file checks it anywhere.

// MaxSigners bounds the signatures one decision keeps.
const MaxSigners = 200

// DecisionSignature is one person's SSHSIG signature of a decision.
type DecisionSignature struct {
	Handle    string    `json:"handle"`
	Name      string    `json:"name,omitempty"`
	Key       string    `json:"key"`        // SHA256 fingerprint of the key that signed
	PublicKey string    `json:"public_key"` // that key, as in authorized_keys
	Digest    string    `json:"digest"`     // sha256:<hex>: the decision's content hash it signs
	Signature string    `json:"signature"`  // armored SSHSIG, namespace cxroom-decision
	At        time.Time `json:"at"`
}

// ContentHash is the SHA-256 (hex) of what was decided: the decision's
// canonical JSON without who was present, who signed, the vote and the
// later review. Signing it signs the decision, not its paperwork.
func (d *Decision) ContentHash() string {
	c := *d
	c.Present, c.Signatures, c.Motion, c.Review = nil, nil, nil, nil
	b, err := Canonical(&c)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SigningText is what a person signs for the decision: one line naming it
// and its content hash.
func (d *Decision) SigningText() string {
	return fmt.Sprintf("cxroom decision %s sha256:%s\n", d.ID, d.ContentHash())
}

// SignatureOf returns handle's signature, nil if none.
func (d *Decision) SignatureOf(handle string) *DecisionSignature {
	for i := range d.Signatures {
		if equalFold(d.Signatures[i].Handle, handle) {
			return &d.Signatures[i]
		}
	}
	return nil
}

// Signers lists the names of those who signed the decision as it stands
// (a signature over an earlier version does not count), in signing order.
func (d *Decision) Signers() []string {
	want := "sha256:" + d.ContentHash()
	var out []string
	for _, s := range d.Signatures {
		if s.Digest == want {
			out = append(out, or(s.Name, s.Handle))
		}
	}
	return out
}

// SignedLine is "signed by Maria, Ana (2 of 4 present)": who signed, and
// how many of those present when it was decided did; "" when nobody has.
func (d *Decision) SignedLine() string {
	names := d.Signers()
	if len(names) == 0 {
		return ""
	}
	line := "signed by " + strings.Join(names, ", ")
	if len(d.Present) == 0 {
		return line
	}
	want, n := "sha256:"+d.ContentHash(), 0
	for _, s := range d.Signatures {
		if s.Digest == want && slices.ContainsFunc(d.Present, func(h string) bool { return equalFold(h, s.Handle) }) {
			n++
		}
	}
	return fmt.Sprintf("%s (%d of %d present)", line, n, len(d.Present))
}

// addPresent adds handles to those present, once each, within the bound.
func (d *Decision) addPresent(handles []string) {
	for _, h := range handles {
		if len(d.Present) < MaxAttendees && !slices.ContainsFunc(d.Present, func(x string) bool { return equalFold(x, h) }) {
			d.Present = append(d.Present, h)
		}
	}
}

var armorRe = regexp.MustCompile(`^-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]+\n-----END SSH SIGNATURE-----\n$`)

func (d *Decision) validateProof() error {
	var c check
	c.count("present", len(d.Present), MaxAttendees)
	for _, h := range d.Present {
		c.handle("present", h, true)
	}
	c.count("signatures", len(d.Signatures), MaxSigners)
	seen := map[string]bool{}
	for _, s := range d.Signatures {
		c.handle("signed by", s.Handle, true)
		c.line("signer's name", s.Name, MaxName, false)
		c.line("signing key", s.Key, 100, true)
		c.line("signing public key", s.PublicKey, MaxKeyLen, true)
		switch {
		case c.err != nil:
		case seen[lower(s.Handle)]:
			c.fail("%s signed decision %s twice", s.Handle, d.ID)
		case !digestRe.MatchString(s.Digest):
			c.fail("a signature's digest %q is not sha256:<64 hex digits>", clip(s.Digest))
		case len(s.Signature) > sshsig.MaxArmored || !armorRe.MatchString(s.Signature):
			c.fail("a signature of decision %s is not an armored SSH signature", d.ID)
		case s.At.IsZero():
			c.fail("a signature needs its time")
		}
		seen[lower(s.Handle)] = true
	}
	if d.Motion != nil {
		c.err = firstErr(c.err, d.Motion.Validate())
	}
	return c.err
}

// DecisionDigest returns the text a signs for decision id (see
// SigningText), if a may see the decision.
func (s *Service) DecisionDigest(ctx context.Context, a Actor, id string) (string, error) {
	d, err := s.Decision(ctx, a, id)
	if err != nil {
		return "", err
	}
	return d.SigningText(), nil
}

// keyOwner returns the member of team who registered key.
func keyOwner(team *Team, key gossh.PublicKey) (Member, bool) {
	if team == nil {
		return Member{}, false
	}
	want := key.Marshal()
	for _, m := range team.Members {
		for _, k := range m.Keys {
			if pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err == nil && bytes.Equal(pk.Marshal(), want) {
				return m, true
			}
		}
	}
	return Member{}, false
}

// SignDecision checks armored, an SSHSIG signature, and keeps it with
// decision id as a's: it must be made for the namespace cxroom-decision,
// with a key team registers for a, over the decision's signing text as it
// stands. A new signature by a replaces a's earlier one. The decision and
// its ledger entry are written together; rooms showing it are told.
func (s *Service) SignDecision(ctx context.Context, a Actor, team *Team, id string, armored []byte) (*Decision, error) {
	if err := Check(a, OpSignDecision, Subject{ID: id}); err != nil {
		return nil, err
	}
	cur, err := s.Decision(ctx, a, id)
	if err != nil {
		return nil, err
	}
	sig, err := sshsig.Parse(armored)
	if err != nil {
		return nil, Errorf(EINVALID, "that is not an SSH signature: sign the digest with `ssh-keygen -Y sign -f KEY -n %s d.txt` and send d.txt.sig", DecisionNamespace)
	}
	if sig.Namespace != DecisionNamespace {
		return nil, Errorf(EINVALID, "that signature is for %q, not %s: sign with -n %s", CleanLine(sig.Namespace, 40), DecisionNamespace, DecisionNamespace)
	}
	fp := gossh.FingerprintSHA256(sig.PublicKey)
	owner, ok := keyOwner(team, sig.PublicKey)
	switch {
	case !ok:
		return nil, Errorf(EFORBIDDEN, "that signature was made with a key that is not on the team (%s); sign with the key registered for you", fp)
	case !equalFold(owner.Handle, a.Handle):
		return nil, Errorf(EFORBIDDEN, "that signature was made with %s's key, not yours; sign with your own key", or(owner.Name, owner.Handle))
	}
	if err := s.pace(a); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	pub := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sig.PublicKey)))
	var saved *Decision
	err = s.store.Atomically(ctx, func(tx Tx) error {
		d, err := tx.Decision(ctx, cur.ID)
		if err != nil {
			return err
		}
		if err := sig.Verify(DecisionNamespace, []byte(d.SigningText())); err != nil {
			if errors.Is(err, sshsig.ErrMismatch) {
				return Errorf(EINVALID, "that signature is not over decision %s as it stands; run `decisions digest %s` again and sign what it prints", d.ID, d.ID)
			}
			return Errorf(EINVALID, "that signature does not check out; sign what `decisions digest %s` prints with ssh-keygen -Y sign -n %s", d.ID, DecisionNamespace)
		}
		entry := DecisionSignature{Handle: a.Handle, Name: CleanLine(or(a.Name, owner.Name), MaxName), Key: fp, PublicKey: pub,
			Digest: "sha256:" + d.ContentHash(), Signature: string(sig.Armor()), At: now}
		sealed, err := sealedMeeting(ctx, tx, d.MeetingID)
		if err != nil {
			return err
		}
		if saved, err = tx.UpdateDecision(ctx, d.ID, func(d *Decision) error {
			d.Signatures = slices.DeleteFunc(d.Signatures, func(x DecisionSignature) bool { return equalFold(x.Handle, a.Handle) })
			if len(d.Signatures) >= MaxSigners {
				return Errorf(EINVALID, "decision %s already holds %d signatures", d.ID, MaxSigners)
			}
			d.Signatures = append(d.Signatures, entry)
			return nil
		}); err != nil {
			return err
		}
		_, err = appendLedger(ctx, tx, s.ledgerSigner(), a, ledgerDecision(saved, "signed by "+a.Handle, sealed), now)
		return err
	})
	if err != nil {
		return nil, s.public(err)
	}
	if s.Hub != nil {
		s.Hub.DecisionChanged(saved)
	}
	return saved, nil
}

// sealedMeeting reports whether meeting id is private (its records are
// sealed in ledger exports).
func sealedMeeting(ctx context.Context, tx Tx, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	m, err := tx.Meeting(ctx, id)
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Private, nil
}

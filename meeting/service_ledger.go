package meeting

import (
	"context"
	"slices"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

// HostKey returns the public key that signs the ledger's heads, nil when
// none is set.
func (s *Service) HostKey() (gossh.PublicKey, error) {
	sign := s.ledgerSigner()
	if sign == nil {
		return nil, nil
	}
	k, err := sign()
	if err != nil {
		return nil, s.public(err)
	}
	if k == nil {
		return nil, nil
	}
	return k.PublicKey(), nil
}

// VerifyLedger recomputes the whole chain (see VerifyChain) against the
// server's host key and compares every decision and every logged action
// with its latest entry, all as of one moment.
func (s *Service) VerifyLedger(ctx context.Context, a Actor) (*LedgerReport, error) {
	if err := Check(a, OpSeeLedger, Subject{}); err != nil {
		return nil, err
	}
	host, err := s.HostKey()
	if err != nil {
		return nil, err
	}
	var rep *LedgerReport
	err = s.store.Atomically(ctx, func(tx Tx) error {
		entries, err := tx.Ledger(ctx, LedgerFilter{})
		if err != nil {
			return err
		}
		ds, err := tx.Decisions(ctx, DecisionFilter{})
		if err != nil {
			return err
		}
		as, err := tx.Actions(ctx, ActionFilter{})
		if err != nil {
			return err
		}
		rep = VerifyChain(entries, host)
		head, err := tx.LedgerHead(ctx)
		switch {
		case IsNotFound(err) && len(entries) > 0:
			rep.problem(entries[len(entries)-1], "the entries after entry %d are missing: the ledger's head is gone", entries[len(entries)-1].Seq)
		case IsNotFound(err):
			rep.problem(nil, "every entry of the ledger is missing")
		case err != nil:
			return err
		case head != nil && len(entries) > 0 && head.Seq != entries[len(entries)-1].Seq:
			rep.problem(entries[len(entries)-1], "the entries after entry %d are missing: the ledger's head is entry %d", entries[len(entries)-1].Seq, head.Seq)
		case head == nil && len(entries) > 0:
			rep.problem(nil, "the ledger's head is missing")
		}
		checkRecords(rep, entries, ds, as)
		return nil
	})
	if err != nil {
		return nil, s.public(err)
	}
	return rep, nil
}

// LedgerExport returns the whole chain for someone outside to check: the
// records of private coaching sessions are left out (their digests stay,
// so the chain still verifies), every record in its canonical form.
func (s *Service) LedgerExport(ctx context.Context, a Actor) ([]*LedgerEntry, error) {
	if err := Check(a, OpSeeLedger, Subject{}); err != nil {
		return nil, err
	}
	es, err := s.store.Ledger(ctx, LedgerFilter{})
	if err != nil {
		return nil, s.public(err)
	}
	for _, e := range es {
		if e.Sealed {
			e.Record = nil
			continue
		}
		if c, err := canonicalJSON(e.Record); err == nil {
			e.Record = c
		}
	}
	return es, nil
}

// AllowedSigners is an OpenSSH allowed_signers file for checking cxroom's
// signatures with ssh-keygen -Y verify anywhere: every team member's keys
// (principal: the handle) for decisions, the keys that signed decisions
// before their owner changed keys or left, and the server's host key
// (principal cxroom-server) for the ledger's heads.
func (s *Service) AllowedSigners(ctx context.Context, a Actor, team *Team) (string, error) {
	if err := Check(a, OpSeeLedger, Subject{}); err != nil {
		return "", err
	}
	var lines []string
	seen := map[string]bool{}
	add := func(principal string, key gossh.PublicKey, ns string) {
		id := principal + " " + string(key.Marshal())
		if seen[id] {
			return
		}
		seen[id] = true
		lines = append(lines, sshsig.AllowedSigner(principal, []string{ns}, key))
	}
	if team != nil {
		for _, m := range team.Members {
			if m.Guest {
				continue
			}
			for _, k := range m.Keys {
				if pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err == nil {
					add(m.Handle, pk, DecisionNamespace)
				}
			}
		}
	}
	ds, err := s.Decisions(ctx, a, DecisionFilter{})
	if err != nil {
		return "", err
	}
	for _, d := range ds {
		for _, sig := range d.Signatures {
			if pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(sig.PublicKey)); err == nil {
				add(sig.Handle, pk, DecisionNamespace)
			}
		}
	}
	host, err := s.HostKey()
	if err != nil {
		return "", err
	}
	if host != nil {
		add(ServerPrincipal, host, LedgerNamespace)
	}
	slices.Sort(lines)
	if len(lines) == 0 {
		return "", nil
	}
	return strings.Join(lines, "\n") + "\n", nil
}

package tui

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
	"cxroom/tui/cli"
)

// The proof tests run the real OpenSSH ssh-keygen: .ci/run installs
// openssh-client when it is missing, so they never skip.
func sshKeygen(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Fatal("ssh-keygen is not installed: install openssh-client (.ci/run does)")
	}
	return p
}

// keyFile writes a fresh ed25519 private key where ssh-keygen reads it
// (~/.ssh/id_ed25519 as it were) and returns its path and the
// authorized_keys line.
func keyFile(t *testing.T, dir, name string) (string, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	block, err := gossh.MarshalPrivateKey(priv, name)
	must(t, err)
	path := filepath.Join(dir, name)
	must(t, os.WriteFile(path, pem.EncodeToMemory(block), 0o600))
	s, err := gossh.NewSignerFromKey(priv)
	must(t, err)
	return path, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

// runIn runs a command over SSH as handle with stdin.
func (e *sshEnv) runIn(handle, cmd string, stdin []byte) (string, string, int) {
	e.t.Helper()
	c, err := e.dial(handle, e.keys[handle])
	must(e.t, err)
	defer c.Close()
	s, err := c.NewSession()
	must(e.t, err)
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr, s.Stdin = &out, &errb, bytes.NewReader(stdin)
	err = s.Run(cmd)
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitStatus()
	case err != nil:
		e.t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errb.String(), 0
}

// signLedger makes the hub sign the ledger's heads with the server's host
// key, as cmd/cxroom wires it.
func (e *sshEnv) signLedger() {
	host, err := LoadHostKey(e.cfg.HostKeyPath)
	must(e.t, err)
	e.hub.SetLedgerSigner(func() (gossh.Signer, error) { return host, nil })
}

// keygenSign signs file with key for namespace using the real ssh-keygen
// and returns the signature.
func keygenSign(t *testing.T, kg, key, namespace, file string) []byte {
	t.Helper()
	_ = os.Remove(file + ".sig")
	if out, err := exec.Command(kg, "-Y", "sign", "-f", key, "-n", namespace, file).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
	}
	sig, err := os.ReadFile(file + ".sig")
	must(t, err)
	return sig
}

// A decision made in a meeting of four members (and an observer) is
// signed by two of them with their own keys: each fetches its digest over
// SSH, signs it with the real `ssh-keygen -Y sign`, and sends the .sig
// back over SSH. The exported allowed_signers file lets the real
// `ssh-keygen -Y verify` check each signature, and the server's signature
// of the ledger's head, on any machine. The decision log and the minutes
// say "signed by Ben Okafor, Maria Lopez (2 of 4 present)". A signature made
// with another member's key, with a key not on the team, for another
// namespace or over another decision's digest is refused with one
// sentence, and nothing is written.
func TestSSHSignaturesCheckableWithOpenSSH(t *testing.T) {
	kg := sshKeygen(t)
	e := newSSHEnv(t)
	e.signLedger()
	dir := t.TempDir()
	benKey, benPub := keyFile(t, dir, "ben_ed25519")
	mariaKey, mariaPub := keyFile(t, dir, "maria_ed25519")
	strangerKey, _ := keyFile(t, dir, "stranger_ed25519")
	// each registers the key they sign with (on their laptop) next to the
	// one they log in with
	for _, c := range []string{"team key add ben " + benPub, "team key add maria " + mariaPub} {
		if out, errs, code := e.run("maria", c); code != 0 {
			t.Fatalf("%s: %d %s %s", c, code, out, errs)
		}
	}

	ctx := context.Background()
	who := func(h string) meeting.Actor {
		m, _ := e.team.Get().Member(h)
		return meeting.Actor{Handle: m.Handle, Name: m.Name, Role: m.Role}
	}
	r, err := e.hub.Start(ctx, who("maria"), meeting.StartInput{Agenda: agendaByID(t, e, "voc-triage")})
	must(t, err)
	for _, h := range []string{"maria", "ben", "chloe", "dev", "olga"} {
		leave, err := r.Join(ctx, who(h))
		must(t, err)
		t.Cleanup(leave)
	}
	d, err := r.AddDecision(ctx, who("maria"), meeting.DecisionInput{Decision: "Pause the Safari banner", Rationale: "12% of checkouts fail"})
	must(t, err)
	other, err := r.AddDecision(ctx, who("maria"), meeting.DecisionInput{Decision: "Hire a second support lead"})
	must(t, err)

	// ben and maria sign, each with their own key
	digestFile := filepath.Join(dir, "d.txt")
	for _, s := range []struct{ handle, key string }{{"ben", benKey}, {"maria", mariaKey}} {
		out, errs, code := e.run(s.handle, "decisions digest "+d.ID)
		if code != 0 || out != d.SigningText() {
			t.Fatalf("digest for %s: %d %q %q", s.handle, code, out, errs)
		}
		must(t, os.WriteFile(digestFile, []byte(out), 0o644))
		sig := keygenSign(t, kg, s.key, "cxroom-decision", digestFile)
		out, errs, code = e.runIn(s.handle, "decisions sign "+d.ID, sig)
		if code != 0 || !strings.Contains(out, "signed by") {
			t.Fatalf("sign as %s: %d %q %q", s.handle, code, out, errs)
		}
	}
	benSig := keygenSign(t, kg, benKey, "cxroom-decision", digestFile) // over d's digest, as maria's was

	// anyone checks them with stock OpenSSH
	signers, errs, code := e.run("olga", "export signers")
	if code != 0 || !strings.Contains(signers, "ben namespaces=\"cxroom-decision\" "+benPub) ||
		!strings.Contains(signers, "cxroom-server namespaces=\"cxroom-ledger\" ") {
		t.Fatalf("export signers: %d %q %q", code, signers, errs)
	}
	allowed := filepath.Join(dir, "allowed_signers")
	must(t, os.WriteFile(allowed, []byte(signers), 0o644))
	verify := func(principal, ns, sigFile string, msg []byte) error {
		cmd := exec.Command(kg, "-Y", "verify", "-f", allowed, "-I", principal, "-n", ns, "-s", sigFile)
		cmd.Stdin = bytes.NewReader(msg)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return errors.New(string(out))
		}
		return nil
	}
	must(t, os.WriteFile(digestFile+".sig", benSig, 0o644))
	if err := verify("ben", "cxroom-decision", digestFile+".sig", []byte(d.SigningText())); err != nil {
		t.Fatalf("ssh-keygen -Y verify of ben's signature: %v", err)
	}
	if err := verify("maria", "cxroom-decision", digestFile+".sig", []byte(d.SigningText())); err == nil {
		t.Fatal("ssh-keygen took ben's signature for maria's")
	}
	signed, err := e.svc.Decision(ctx, who("olga"), d.ID)
	must(t, err)
	for _, s := range signed.Signatures {
		f := filepath.Join(dir, s.Handle+".sig")
		must(t, os.WriteFile(f, []byte(s.Signature), 0o644))
		if err := verify(s.Handle, "cxroom-decision", f, []byte(d.SigningText())); err != nil {
			t.Errorf("the stored signature of %s does not verify with ssh-keygen: %v", s.Handle, err)
		}
	}

	// refused, one sentence each, nothing written
	bad := []struct {
		name, handle, cmd string
		sig               []byte
		code              int
		want              string
	}{
		{"another member's key", "chloe", "decisions sign " + d.ID, benSig, cli.ExitForbidden, "that signature was made with Ben Okafor's key, not yours; sign with your own key"},
		{"a key not on the team", "ben", "decisions sign " + d.ID, keygenSign(t, kg, strangerKey, "cxroom-decision", digestFile), cli.ExitForbidden, "a key that is not on the team"},
		{"another namespace", "ben", "decisions sign " + d.ID, keygenSign(t, kg, benKey, "file", digestFile), cli.ExitUsage, `that signature is for "file", not cxroom-decision`},
		{"another decision's digest", "ben", "decisions sign " + other.ID, benSig, cli.ExitUsage, "that signature is not over decision " + other.ID + " as it stands"},
		{"not a signature", "ben", "decisions sign " + d.ID, []byte("I agree\n"), cli.ExitUsage, "that is not an SSH signature"},
		{"an observer", "olga", "decisions sign " + d.ID, benSig, cli.ExitForbidden, "observers and guests cannot sign decisions"},
	}
	before := e.ledgerLen()
	for _, b := range bad {
		out, errs, code := e.runIn(b.handle, b.cmd, b.sig)
		if code != b.code || out != "" || !oneLineErr(errs) || !strings.Contains(errs, b.want) {
			t.Errorf("%s: %d %q %q, want %d and %q", b.name, code, out, errs, b.code, b.want)
		}
	}
	if n := e.ledgerLen(); n != before {
		t.Errorf("refused signatures wrote %d ledger entries", n-before)
	}

	// the decision log and the minutes say who signed, of those present
	want := "signed by Ben Okafor, Maria Lopez (2 of 4 present)"
	if out, _, code := e.run("chloe", "decisions show "+d.ID); code != 0 || !strings.Contains(out, want) {
		t.Errorf("decisions show: %d\n%s", code, out)
	}
	if out, _, code := e.run("chloe", "export minutes "+r.ID()); code != 0 || !strings.Contains(out, want) {
		t.Errorf("minutes: %d\n%s", code, out)
	}

	// the ledger verifies over SSH, and its head's signature with OpenSSH
	if out, errs, code := e.run("olga", "verify"); code != 0 || !strings.Contains(out, "OK: every entry matches") {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	ledgerOut, _, code := e.run("olga", "export ledger")
	if code != 0 {
		t.Fatalf("export ledger: %d", code)
	}
	lines := strings.Split(strings.TrimSpace(ledgerOut), "\n")
	if len(lines) != e.ledgerLen() {
		t.Fatalf("export ledger wrote %d lines for %d entries", len(lines), e.ledgerLen())
	}
	head, err := e.db.LedgerHead(ctx)
	must(t, err)
	hs := filepath.Join(dir, "head.sig")
	must(t, os.WriteFile(hs, []byte(head.HeadSig), 0o644))
	if err := verify("cxroom-server", "cxroom-ledger", hs, []byte(head.Hash)); err != nil {
		t.Fatalf("ssh-keygen -Y verify of the ledger's head: %v", err)
	}
	lf := filepath.Join(dir, "ledger.jsonl")
	must(t, os.WriteFile(lf, []byte(ledgerOut), 0o644))
	var vout, verr bytes.Buffer
	code = cli.Run(ctx, &cli.Env{Stdout: &vout, Stderr: &verr, Actor: who("olga")}, []string{"verify", "--file", lf})
	if code != 0 || !strings.Contains(vout.String(), "heads signed by the server's host key "+HostKeyFingerprint(mustHostKey(t, e))) {
		t.Fatalf("verify --file: %d %q %q", code, vout.String(), verr.String())
	}
	tampered := strings.Replace(ledgerOut, "Pause the Safari banner", "Pause the Chrome banner", 1)
	must(t, os.WriteFile(lf, []byte(tampered), 0o644))
	vout.Reset()
	code = cli.Run(ctx, &cli.Env{Stdout: &vout, Stderr: &verr, Actor: who("olga")}, []string{"verify", "--file", lf})
	if code != cli.ExitFailed || !strings.Contains(vout.String(), "NOT OK: the record in entry 1 ") {
		t.Fatalf("verify --file of a changed ledger: %d %q", code, vout.String())
	}
}

func (e *sshEnv) ledgerLen() int {
	es, err := e.db.Ledger(context.Background(), meeting.LedgerFilter{})
	must(e.t, err)
	return len(es)
}

func mustHostKey(t *testing.T, e *sshEnv) gossh.Signer {
	t.Helper()
	k, err := LoadHostKey(e.cfg.HostKeyPath)
	must(t, err)
	return k
}

func agendaByID(t *testing.T, e *sshEnv, id string) meeting.Agenda {
	t.Helper()
	a, ok := e.set.Get(id)
	if !ok {
		t.Fatalf("no agenda %s", id)
	}
	return a
}

// A motion over SSH, with the facilitator, three members and an observer
// each in their own terminal: the facilitator puts a decision to the vote;
// each member votes from their own session (one of them from two sessions:
// still one vote, the latest); the facilitator sees each vote, the others
// the tally; the observer cannot vote; closing records the result and the
// votes in the decision log entry, the ledger and the minutes.
func TestSSHMotionVotes(t *testing.T) {
	e := newSSHEnv(t)
	e.signLedger()
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben, chloe, dev, olga := e.connect("ben"), e.connect("chloe"), e.connect("dev"), e.connect("olga")
	for i, c := range []*client{ben, chloe, dev, olga} {
		e.joinRoom(c, r, i+2)
	}
	ctx := context.Background()
	d, err := r.AddDecision(ctx, actorOf("maria"), meeting.DecisionInput{Decision: "Refund within 5 days", Rationale: "refund complaints doubled"})
	must(t, err)
	everyone := []*client{maria, ben, chloe, dev, olga}
	for _, c := range everyone {
		c.waitFor(wait, "recorded decision "+d.ID)
	}

	maria.send("V")
	for _, c := range everyone {
		c.waitFor(wait, "Motion on "+d.ID+": Refund within 5 days", "0 for · 0 against · 0 abstained · 4 yet to vote")
	}
	ben.waitFor(wait, "your vote: not yet")
	olga.waitFor(wait, "observers and guests watch the vote")

	// ben votes from a second terminal too: still one vote, the latest
	ben2 := e.connect("ben")
	e.joinRoom(ben2, r, 5)
	ben.send("Y")
	ben.waitFor(wait, "your vote: for")
	ben2.send("N")
	ben2.waitFor(wait, "your vote: against")
	ben2.send("Y")
	ben2.waitFor(wait, "your vote: for")
	chloe.send("N")
	chloe.waitFor(wait, "your vote: against")
	dev.send("A")
	dev.waitFor(wait, "your vote: abstain")
	olga.send("Y") // not a key an observer has
	maria.waitFor(wait, "1 for · 1 against · 1 abstained · 1 yet to vote",
		"votes: Ben Okafor for · Chloe Martin against · Dev Patel abstain · waiting for Maria Lopez")
	chloe.waitFor(wait, "1 for · 1 against · 1 abstained", "your vote: against")
	if strings.Contains(chloe.screen(), "votes: Ben Okafor") {
		t.Error("a member sees each vote; only the facilitator does")
	}
	if err := r.CastVote(ctx, actorOf("olga"), meeting.ChoiceFor); code(err) != meeting.EFORBIDDEN {
		t.Errorf("the room let the observer vote: %v", err)
	}
	if mo := r.Snapshot().Meeting.Motion; len(mo.Votes) != 3 || mo.VoteOf("ben").Choice != meeting.ChoiceFor {
		t.Fatalf("votes: %+v", mo.Votes)
	}

	maria.send("Y") // the facilitator votes too
	maria.waitFor(wait, "2 for · 1 against · 1 abstained", "votes: Ben Okafor for · Chloe Martin against · Dev Patel abstain · Maria Lopez for")
	maria.send("V")
	maria.waitFor(wait, "Close the motion on "+d.ID)
	maria.send("y")
	for _, c := range []*client{maria, olga} { // the others still see their own "you voted" notice
		c.waitFor(wait, "the motion on "+d.ID+" carried 2–1") // the observer's line is cut at the width
	}
	for _, c := range everyone {
		if err := c.await(wait, func(s string) bool { return !strings.Contains(s, "Motion on") }); err != nil {
			t.Errorf("%s still shows the closed motion: %v", c.name, err)
		}
	}

	want := "**Motion:** carried 2–1 (1 abstained) — Ben Okafor for, Chloe Martin against, Dev Patel abstained, Maria Lopez for"
	if out, errs, c := e.run("olga", "decisions show "+d.ID); c != 0 || !strings.Contains(out, want) {
		t.Errorf("decision log: %d %q\n%s", c, errs, out)
	}
	if out, _, c := e.run("dev", "export minutes "+r.ID()); c != 0 || !strings.Contains(out, want) {
		t.Errorf("minutes: %d\n%s", c, out)
	}
	es, err := e.db.Ledger(ctx, meeting.LedgerFilter{Ref: d.ID})
	must(t, err)
	if last := es[len(es)-1]; last.Event != "motion carried 2–1 (1 abstained)" || last.Author != "maria" || !strings.HasPrefix(last.Key, "SHA256:") {
		t.Errorf("ledger: %+v", last)
	}
	if out, _, c := e.run("olga", "verify"); c != 0 {
		t.Errorf("verify: %d\n%s", c, out)
	}
}

func code(err error) meeting.Code {
	if err == nil {
		return ""
	}
	return meeting.ErrorCode(err)
}

// In the room, the facilitator puts a decision up for sign-off: everyone
// present sees who has signed and who has not, and how to sign; a
// signature sent over SSH shows on every screen at once.
func TestSSHSignOffInTheRoom(t *testing.T) {
	kg := sshKeygen(t)
	e := newSSHEnv(t)
	e.signLedger()
	dir := t.TempDir()
	benKey, benPub := keyFile(t, dir, "ben_ed25519")
	if out, errs, code := e.run("maria", "team key add ben "+benPub); code != 0 {
		t.Fatalf("team key add: %d %s %s", code, out, errs)
	}
	maria := e.connect("maria")
	r := e.startVOC(maria)
	ben, olga := e.connect("ben"), e.connect("olga")
	e.joinRoom(ben, r, 2)
	e.joinRoom(olga, r, 3)
	d, err := r.AddDecision(context.Background(), actorOf("maria"), meeting.DecisionInput{Decision: "Publish the refund promise on the pricing page"})
	must(t, err)
	maria.waitFor(wait, "recorded decision "+d.ID)
	olga.send("G") // not an observer's key
	maria.send("G")
	for _, c := range []*client{maria, ben, olga} {
		c.waitFor(wait, "Sign-off "+d.ID+": Publish the refund promise", "nobody has signed yet · waiting for Maria Lopez, Ben Okafor")
	}
	ben.waitFor(wait, "decisions digest "+d.ID+" > d.txt && ssh-keygen -Y sign", "decisions sign "+d.ID+" < d.txt.sig")
	if strings.Contains(olga.screen(), "to sign:") {
		t.Error("the observer is told how to sign")
	}
	out, _, code := e.run("ben", "decisions digest "+d.ID)
	if code != 0 {
		t.Fatalf("digest: %d", code)
	}
	f := filepath.Join(dir, "d.txt")
	must(t, os.WriteFile(f, []byte(out), 0o644))
	if out, errs, code := e.runIn("ben", "decisions sign "+d.ID, keygenSign(t, kg, benKey, "cxroom-decision", f)); code != 0 {
		t.Fatalf("sign: %d %s %s", code, out, errs)
	}
	for _, c := range []*client{maria, ben, olga} {
		c.waitFor(wait, "signed by Ben Okafor (1 of 2 present) · waiting for Maria Lopez")
	}
	if err := ben.await(wait, func(s string) bool { return !strings.Contains(s, "to sign:") }); err != nil {
		t.Errorf("ben is still told how to sign: %v", err)
	}
	maria.send("G")
	if err := maria.await(wait, func(s string) bool { return !strings.Contains(s, "Sign-off ") }); err != nil {
		t.Fatalf("the sign-off stays up: %v", err)
	}
}

package sshsig_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

func keygen(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Fatal("ssh-keygen is not installed: install openssh-client (.ci/run does)")
	}
	return p
}

func newKey(t *testing.T, dir, name string) (ssh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(s.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// A signature made by the real ssh-keygen verifies here, and one made here
// verifies with the real ssh-keygen; a changed message, another namespace
// or a damaged signature does not.
func TestInteropWithSSHKeygen(t *testing.T) {
	kg := keygen(t)
	dir := t.TempDir()
	signer, keyPath := newKey(t, dir, "id_ed25519")
	msg := []byte("cxroom decision 2026-12-01-01 sha256:abc\n")
	msgPath := filepath.Join(dir, "d.txt")
	if err := os.WriteFile(msgPath, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(kg, "-Y", "sign", "-f", keyPath, "-n", "cxroom-decision", msgPath).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
	}
	armored, err := os.ReadFile(msgPath + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	pk, err := sshsig.Verify(armored, "cxroom-decision", msg)
	if err != nil {
		t.Fatalf("ssh-keygen's signature does not verify: %v", err)
	}
	if !bytes.Equal(pk.Marshal(), signer.PublicKey().Marshal()) {
		t.Fatal("the signature names another key")
	}
	if _, err := sshsig.Verify(armored, "cxroom-decision", append(msg, 'x')); !errors.Is(err, sshsig.ErrMismatch) {
		t.Errorf("a changed message: %v", err)
	}
	if _, err := sshsig.Verify(armored, "file", msg); !errors.Is(err, sshsig.ErrNamespace) {
		t.Errorf("another namespace: %v", err)
	}
	damaged := bytes.Replace(armored, []byte("A"), []byte("B"), 1)
	if _, err := sshsig.Verify(damaged, "cxroom-decision", msg); err == nil {
		t.Error("a damaged signature verified")
	}
	for _, junk := range []string{"", "hello", "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----", strings.Repeat("A", sshsig.MaxArmored+1)} {
		if _, err := sshsig.Parse([]byte(junk)); !errors.Is(err, sshsig.ErrMalformed) {
			t.Errorf("Parse(%.20q) = %v, want ErrMalformed", junk, err)
		}
	}

	// ours, checked by ssh-keygen against an allowed_signers file
	ours, err := sshsig.Sign(signer, "cxroom-ledger", []byte("head"))
	if err != nil {
		t.Fatal(err)
	}
	sigPath := filepath.Join(dir, "h.sig")
	allowed := filepath.Join(dir, "allowed_signers")
	must(t, os.WriteFile(sigPath, ours, 0o644))
	must(t, os.WriteFile(allowed, []byte(sshsig.AllowedSigner("cxroom-server", []string{"cxroom-ledger"}, signer.PublicKey())+"\n"), 0o644))
	cmd := exec.Command(kg, "-Y", "verify", "-f", allowed, "-I", "cxroom-server", "-n", "cxroom-ledger", "-s", sigPath)
	cmd.Stdin = strings.NewReader("head")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y verify of our signature: %v\n%s", err, out)
	}
	cmd = exec.Command(kg, "-Y", "verify", "-f", allowed, "-I", "cxroom-server", "-n", "cxroom-ledger", "-s", sigPath)
	cmd.Stdin = strings.NewReader("tail")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("ssh-keygen accepted our signature over another message:\n%s", out)
	}
	if _, err := sshsig.Verify(ours, "cxroom-ledger", []byte("head")); err != nil {
		t.Fatalf("our own signature: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package sshsig_test

import (
	"crypto/ed25519"
	"testing"

	"golang.org/x/crypto/ssh"

	"cxroom/internal/sshsig"
)

// Whatever a stranger sends as a signature, Parse and Verify answer
// without panicking, and nothing verifies that was not signed.
func FuzzParse(f *testing.F) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		f.Fatal(err)
	}
	good, err := sshsig.Sign(s, "cxroom-decision", []byte("msg"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		sig, err := sshsig.Parse(b)
		if err != nil {
			return
		}
		_ = sig.Armor()
		if err := sig.Verify("cxroom-decision", []byte("other")); err == nil {
			t.Fatalf("a signature verified over a message nobody signed: %q", b)
		}
	})
}

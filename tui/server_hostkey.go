package tui

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
)

// LoadHostKey reads the server's host key from path, generating an ed25519
// key there (mode 0600, with a .pub beside it) the first time. A key file
// that others can read is refused, the way OpenSSH refuses one.
func LoadHostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := writeHostKey(path); err != nil {
			return nil, err
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read the SSH host key %s: %w", path, err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		return nil, meeting.Errorf(meeting.EINVALID, "the SSH host key %s can be read by others (mode %04o); run: chmod 600 %s", path, info.Mode().Perm(), path)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "the SSH host key %s does not parse (%v); move it away to generate a new one", path, err)
	}
	return signer, nil
}

// writeHostKey creates a new ed25519 key at path. It never replaces an
// existing file: two processes racing keep the first key.
func writeHostKey(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create the folder for the SSH host key: %w", err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("generate the SSH host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "cxroom host key")
	if err != nil {
		return fmt.Errorf("encode the SSH host key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ssh_host_key-*")
	if err != nil {
		return fmt.Errorf("write the SSH host key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err = tmp.Chmod(0o600); err == nil {
		if _, err = tmp.Write(pem.EncodeToMemory(block)); err == nil {
			err = tmp.Sync()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the SSH host key: %w", err)
	}
	// Link fails if path appeared meanwhile: the first key wins.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		return fmt.Errorf("write the SSH host key %s: %w", path, err)
	}
	if sp, err := gossh.NewPublicKey(pub); err == nil {
		_ = os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(sp), 0o644)
	}
	return nil
}

// HostKeyFingerprint returns the SHA256 fingerprint of the host key, as
// OpenSSH shows it on first connect.
func HostKeyFingerprint(s gossh.Signer) string {
	if s == nil {
		return ""
	}
	return fingerprint(s.PublicKey())
}

func fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }

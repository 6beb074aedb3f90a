package main

import (
	"path/filepath"
	"sync"

	gossh "golang.org/x/crypto/ssh"

	"cxroom/meeting"
	"cxroom/tui"
)

// hostKeySigner signs the ledger's heads with the data folder's SSH host
// key, the key the SSH server serves with: loaded (or created) the first
// time something is appended, so a command that only reads never makes
// one.
func hostKeySigner(dir string) meeting.HeadSigner {
	var (
		once sync.Once
		key  gossh.Signer
		err  error
	)
	return func() (gossh.Signer, error) {
		once.Do(func() { key, err = tui.LoadHostKey(filepath.Join(dir, "ssh_host_ed25519")) })
		return key, err
	}
}

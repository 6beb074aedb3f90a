//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"fmt"
	"os"
	"syscall"
)

// statfsFree is the space an unprivileged process may still use on the
// filesystem holding path (f_bavail: root's own reserve is not counted).
func statfsFree(path string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}

// writable reports whether this process may create files in dir (EACCES,
// or EROFS on a read-only mount, are errors; root passes permission bits).
func writable(dir string) error {
	return syscall.Access(dir, 0x2 /* W_OK */)
}

// lockFolder takes an exclusive, non-blocking lock on the folder itself
// (flock on its descriptor: nothing is created, so it works on a full disk),
// held until the returned file is closed.
func lockFolder(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return f, nil
}

// tempOwned reports whether fi (a file in the system temp folder) belongs
// to this process's user.
func tempOwned(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

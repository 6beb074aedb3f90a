//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package store

import (
	"math"
	"os"
)

// On other systems the reserve is not checked (no statfs) and the folder is
// locked by Badger alone.

func statfsFree(string) (uint64, error) { return math.MaxUint64, nil }

func writable(string) error { return nil }

func lockFolder(dir string) (*os.File, error) { return os.Open(dir) }

func tempOwned(os.FileInfo) bool { return false }

package store

import (
	"os"
	"syscall"
)

const seekHole = 4 // SEEK_HOLE

// firstHole is the offset of the first hole in the file at path (its size
// when it has none, or when the filesystem does not say).
func firstHole(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	off, err := syscall.Seek(int(f.Fd()), 0, seekHole)
	if err != nil {
		fi, serr := f.Stat()
		if serr != nil {
			return 0, serr
		}
		return fi.Size(), nil
	}
	return off, nil
}

//go:build !linux

package store

import "os"

// firstHole is the file's size: holes are not looked for here.
func firstHole(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

//go:build unix

package agendas

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A named pipe in the agendas folder must not hang the load.
func TestNamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if _, err := ParseFile(fifo); err == nil || err.Error() != fifo+": not a regular file" {
		t.Errorf("ParseFile: %v", err)
	}
	set, errs := Load(dir)
	if len(errs) != 1 || len(set.List()) != len(builtinFiles) {
		t.Errorf("Load: %d agendas, %v", len(set.List()), errs)
	}
}

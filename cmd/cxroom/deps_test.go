package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The shipped binary carries no benchmark: the harness, the SSH load
// generator and its virtual terminal live in cmd/cxroom-bench.
func TestShippedBinaryCarriesNoBenchmarks(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "cxroom/internal/bench", "cxroom/internal/sshload", "cxroom/tui/sshload", "github.com/hinshun/vt10x":
			t.Errorf("cxroom links %s", dep)
		}
	}
}

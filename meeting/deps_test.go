package meeting_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The domain renders nothing and reads no files: minutes and exports are
// report's, the demo is demo's, the team file's YAML is teamfile's.
func TestDomainImportsNoPresentation(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case dep == "encoding/csv", strings.Contains(dep, "yaml"), dep == "text/tabwriter",
			dep == "cxroom/report", dep == "cxroom/demo", dep == "cxroom/internal/teamfile", strings.HasPrefix(dep, "cxroom/tui"):
			t.Errorf("meeting imports %s", dep)
		}
	}
}

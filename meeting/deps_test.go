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

// TestOneWayIn reads the whole module's import graph, tests included: only
// store/ (which is Badger) and cmd/ (which wires) import the store or
// Badger; the in-memory store is for tests; the domain imports no store,
// screens, renderers or file formats.
func TestOneWayIn(t *testing.T) {
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}} {{join .XTestImports " "}}`, "cxroom/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			t.Fatalf("go list line %q", line)
		}
		pkg, prod, tests := f[0], strings.Fields(f[1]), strings.Fields(f[2])
		seen++
		storeSide := pkg == "cxroom/store" || strings.HasPrefix(pkg, "cxroom/cmd/")
		for i, imp := range append(prod, tests...) {
			inTest := i >= len(prod)
			switch {
			case (imp == "cxroom/store" || strings.HasPrefix(imp, "github.com/dgraph-io/badger")) && !storeSide:
				t.Errorf("%s imports %s: only store/ and cmd/ may (tests use internal/memstore)", pkg, imp)
			case imp == "cxroom/internal/memstore" && !inTest && !storeSide:
				t.Errorf("%s imports the in-memory store outside its tests", pkg)
			case pkg == "cxroom/meeting" && !inTest && (imp == "cxroom/store" || strings.HasPrefix(imp, "cxroom/tui") || imp == "cxroom/report" ||
				imp == "cxroom/demo" || strings.Contains(imp, "yaml") || imp == "encoding/csv" || strings.HasPrefix(imp, "charm.land/")):
				t.Errorf("the domain imports %s", imp)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("go list saw only %d packages", seen)
	}
}

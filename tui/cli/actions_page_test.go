package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cxroom/meeting"
)

// `actions --limit N --offset M` lists that page of the list, in its order
// (issue 16); a negative one is a usage error.
func TestActionsPage(t *testing.T) {
	f := newFixture(t)
	for i := range 12 {
		if _, _, code := f.run(facil, false, "actions", "add", fmt.Sprintf("Task %02d", i), "--owner", "ana", "--due", fmt.Sprintf("2026-12-%02d", 1+i%4)); code != 0 {
			t.Fatalf("add %d failed", i)
		}
	}
	list := func(args ...string) []string {
		t.Helper()
		out, errs, code := f.run(member, true, append([]string{"actions", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var as []*meeting.Action
		if err := json.Unmarshal([]byte(out), &as); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range as {
			ids = append(ids, a.ID)
		}
		return ids
	}
	all := list()
	if len(all) != 12 {
		t.Fatalf("%d actions", len(all))
	}
	if got, want := strings.Join(list("--limit", "5", "--offset", "3"), ","), strings.Join(all[3:8], ","); got != want {
		t.Fatalf("page 3+5: %s, want %s", got, want)
	}
	if got, want := strings.Join(list("--offset", "10"), ","), strings.Join(all[10:], ","); got != want {
		t.Fatalf("from 10: %s, want %s", got, want)
	}
	if got := list("--offset", "40", "--limit", "5"); len(got) != 0 {
		t.Fatalf("past the end: %v", got)
	}
	if _, errs, code := f.run(member, true, "actions", "--limit", "-1"); code != 2 || !strings.Contains(errs, "--limit and --offset") {
		t.Fatalf("negative limit: exit %d, %q", code, errs)
	}
}

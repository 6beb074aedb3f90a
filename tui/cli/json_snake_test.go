package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"cxroom/agendas"
	"cxroom/demo"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestEveryCommandsJSONIsSnakeCase (issue 12.2) walks the command tree:
// every command with --json (or --format json) runs on the demo
// organisation, and every key of what it prints is lower snake_case. A
// command that offers JSON and is not exercised here fails the test.
func TestEveryCommandsJSONIsSnakeCase(t *testing.T) {
	ctx := context.Background()
	db := memstore.New()
	clock := meeting.NewFakeClock(time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC))
	set, _ := agendas.Load("")
	sum, err := demo.Run(ctx, db, clock, set.Get)
	if err != nil {
		t.Fatal(err)
	}
	svc := meeting.NewService(db, clock, nil, nil)
	svc.Team = func() *meeting.Team { return sum.Team }
	maria := meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator}
	first := func(ids func() ([]string, error)) string {
		got, err := ids()
		if err != nil || len(got) == 0 {
			t.Fatalf("the demo has none to show: %v", err)
		}
		return got[0]
	}
	// the argument each command with one needs, from the demo's records
	arg := map[string]string{
		"agendas show": "voc-triage",
		"export minutes": first(func() (out []string, err error) {
			ms, err := svc.Meetings(ctx, maria, meeting.MeetingFilter{})
			for _, m := range ms {
				out = append(out, m.ID)
			}
			return
		}),
		"decisions show": first(func() (out []string, err error) {
			ds, err := svc.Decisions(ctx, maria, meeting.DecisionFilter{})
			for _, d := range ds {
				out = append(out, d.ID)
			}
			return
		}),
		"charters show": "K1",
	}
	env := func(out *bytes.Buffer, errb *bytes.Buffer) *Env {
		return &Env{Stdout: out, Stderr: errb, Stdin: strings.NewReader(""), Actor: maria, Svc: svc, Agendas: set, Team: sum.Team, Remote: true}
	}
	var paths [][]string
	walk(newRoot(env(&bytes.Buffer{}, &bytes.Buffer{})), func(c *cobra.Command) {
		if isLocal(c) || c.Hidden {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		switch {
		case c.Flags().Lookup("json") != nil:
			paths = append(paths, append(path, "--json"))
		case c.Flags().Lookup("format") != nil && strings.Contains(c.Flags().Lookup("format").Usage, "json"):
			paths = append(paths, append(path, "--format", "json"))
		}
	})
	t.Logf("%d commands offer JSON", len(paths))
	if len(paths) < 15 {
		t.Fatalf("only %d commands offer JSON: the walk is broken", len(paths))
	}
	for _, p := range paths {
		name := strings.Join(p[:len(p)-1], " ")
		name = strings.TrimSuffix(name, " --format")
		args := p
		if a, ok := arg[name]; ok {
			args = append(append([]string{}, p[:len(strings.Fields(name))]...), append([]string{a}, p[len(strings.Fields(name)):]...)...)
		}
		var out, errb bytes.Buffer
		code := Run(ctx, env(&out, &errb), args)
		if code != ExitOK && !(name == "verify" && code == ExitFailed && out.Len() > 0) { // verify says "not valid" as JSON too
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errb.String())
			continue
		}
		var doc any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Errorf("%s: not JSON: %v\n%.300s", strings.Join(args, " "), err, out.String())
			continue
		}
		var bad []string
		jsonKeys(doc, "", func(path, k string) {
			if !snakeKey.MatchString(k) {
				bad = append(bad, path+k)
			}
		})
		if len(bad) > 0 {
			t.Errorf("%s: keys not in snake_case: %v", strings.Join(args, " "), bad[:min(len(bad), 5)])
		}
	}
}

func jsonKeys(v any, path string, fn func(path, k string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, v := range x {
			fn(path, k)
			jsonKeys(v, path+k+".", fn)
		}
	case []any:
		for _, v := range x {
			jsonKeys(v, path, fn)
		}
	}
}

package cli

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxroom/internal/memstore"
	"cxroom/internal/storetest"
	"cxroom/meeting"
)

var refRE = regexp.MustCompile(`\(ref ([0-9A-F]{6})\)`)

// TestInternalFailuresShowAReference (issue 10.6): a failure inside (the
// store refusing a write, a bug that panics in a command) reaches the person
// as one sentence with a short reference, and the log holds the same
// reference with the cause; the internal text never reaches the terminal.
func TestInternalFailuresShowAReference(t *testing.T) {
	faulty := storetest.NewFaulty(memstore.New())
	faulty.FailAt(1)
	clock := meeting.NewFakeClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))

	svc := meeting.NewService(faulty, clock, nil, log) // as wired: the service and the edge share the log
	for name, e := range map[string]*Env{
		"a store failure": {Actor: facil, Svc: svc, Remote: true, Log: log},
		"a panic":         {Actor: facil, Svc: nil, Remote: true, Log: log}, // a command with no service panics
	} {
		logs.Reset()
		var out, errb bytes.Buffer
		e.Stdout, e.Stderr, e.Team = &out, &errb, &meeting.Team{}
		code := Run(context.Background(), e, []string{"actions", "add", "Call", "Acme", "--owner", "ana", "--due", "fri"})
		msg := errb.String()
		m := refRE.FindStringSubmatch(msg)
		if code != ExitFailed || strings.Count(msg, "\n") != 1 || m == nil {
			t.Errorf("%s: exit %d, stderr %q: want one line with a reference", name, code, msg)
			continue
		}
		for _, leak := range []string{storetest.ErrInjected.Error(), "nil pointer", "goroutine", ".go:"} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: the person sees internal text %q: %q", name, leak, msg)
			}
		}
		if !strings.Contains(logs.String(), "ref="+m[1]) {
			t.Errorf("%s: the log lacks reference %s:\n%s", name, m[1], logs.String())
		}
	}
}

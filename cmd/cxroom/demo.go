package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"cxroom/agendas"
	"cxroom/demo"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// runDemo fills the data folder with a sample organisation
// (`cxroom [--data DIR] demo [--force]`). It refuses a folder that already
// holds meetings unless force (the demo is then added to what is there),
// and writes the demo team as the team file when there is none yet.
func runDemo(ctx context.Context, g globals, force bool, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, g, stderr, true)
	if err != nil {
		return err
	}
	defer a.close()
	held, err := a.db.Meetings(ctx, meeting.MeetingFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(held) > 0 && !force {
		return meeting.Errorf(meeting.EINVALID,
			"%s already holds meetings; the demo goes into an empty folder (pick another with --data, or add it anyway with --force)", g.data)
	}
	builtin, _ := agendas.Load("") // the shipped rituals, whatever the user replaced
	sum, err := demo.RunSigned(ctx, a.db, meeting.SystemClock{}, builtin.Get, a.hub.LedgerSigner())
	if err != nil {
		return err
	}
	teamNote, err := writeDemoTeam(g.team, sum.Team)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo organisation written to %s: %d people, %d journeys, %d meetings, %d actions (%s), %d decisions, %d VOC issues, %d stories, %d GUIDE sessions, %d promises\n",
		g.data, len(sum.Team.Members), sum.Journeys, sum.Meetings, sum.Actions, demoStatuses(sum), sum.Decisions, sum.Issues, sum.Stories, sum.Guides, sum.Promises)
	fmt.Fprintln(stdout, teamNote)
	fmt.Fprintf(stdout, "run: cxroom --data %s   (as Maria, the CX leader: CXROOM_USER=maria cxroom --data %[1]s)\n", shellQuote(g.data))
	return nil
}

// demoStatuses is "12 open, 2 blocked, 3 escalated, 19 done, 1 dropped; 3 overdue".
func demoStatuses(sum demo.Summary) string {
	var parts []string
	for _, st := range meeting.Statuses {
		if n := sum.ByStatus[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return fmt.Sprintf("%s; %d overdue", strings.Join(parts, ", "), sum.Overdue)
}

// writeDemoTeam writes the demo team to path unless a team file is there
// already, and says what it did.
func writeDemoTeam(path string, team *meeting.Team) (string, error) {
	if _, err := os.Stat(path); err == nil {
		return fmt.Sprintf("team file %s kept as it is (the demo's people are maria, tom, ana, priya, li, sam and jo)", path), nil
	} else if !os.IsNotExist(err) {
		return "", fmt.Errorf("check the team file: %w", err)
	}
	data, err := teamfile.Marshal(team)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("write the team file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("write the team file: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", fmt.Errorf("write the team file: %w", err)
	}
	return fmt.Sprintf("team file written to %s; the demo people have no SSH keys yet: add one with `cxroom team add \"Maria Alvarez\" --handle maria --role facilitator --key ~/.ssh/id_ed25519.pub`", path), nil
}

// shellQuote quotes a path for the command line when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

type fixture struct {
	t     testing.TB
	db    *memstore.Store
	admin *fakeAdmin
	clock *meeting.FakeClock
	svc   *meeting.Service
	set   *agendas.Set
	team  string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := memstore.New()
	clock := meeting.NewFakeClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)) // a Wednesday
	set, _ := agendas.Load("")
	return &fixture{t: t, db: db, admin: &fakeAdmin{db: db}, clock: clock, svc: meeting.NewService(db, clock, nil, nil), set: set,
		team: filepath.Join(t.TempDir(), "team.yaml")}
}

var (
	facil  = meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator}
	member = meeting.Actor{Handle: "ana", Name: "Ana", Role: meeting.RoleMember}
	watch  = meeting.Actor{Handle: "olga", Name: "Olga", Role: meeting.RoleObserver}
)

// run runs a command line as a and returns stdout, stderr and the status.
func (f *fixture) run(a meeting.Actor, remote bool, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	e := &Env{Stdout: &out, Stderr: &errb, Actor: a, Svc: f.svc, Agendas: f.set, Team: &meeting.Team{}, Remote: remote}
	if !remote {
		e.TeamPath, e.Admin = f.team, f.admin
	}
	code := Run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

// fakeAdmin stands for the database behind backup and restore: the
// commands' own rules (a file that exists, --force over data, a stream over
// SSH for a facilitator) are tested here; the real backup and restore are
// the store's and cmd/cxroom's tests.
type fakeAdmin struct {
	db       *memstore.Store
	backups  int
	restored int
}

const fakeBackup = "cxroom fake backup\n"

func (f *fakeAdmin) Backup(w io.Writer) error {
	f.backups++
	_, err := io.WriteString(w, fakeBackup)
	return err
}

func (f *fakeAdmin) BackupFile(path string) (int64, error) {
	f.backups++
	return int64(len(fakeBackup)), os.WriteFile(path, []byte(fakeBackup), 0o600)
}

func (f *fakeAdmin) RestoreFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil || string(b) != fakeBackup {
		return meeting.Errorf(meeting.EINVALID, "that is not a cxroom backup")
	}
	f.restored++
	return nil
}

func (f *fakeAdmin) Empty(ctx context.Context) (bool, error) {
	as, err := f.db.Actions(ctx, meeting.ActionFilter{})
	return len(as) == 0, err
}

func (f *fixture) count() int {
	as, err := f.db.Actions(context.Background(), meeting.ActionFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(as)
}

func TestBadArgumentsAreOneLineExit2AndWriteNothing(t *testing.T) {
	f := newFixture(t)
	cases := [][]string{
		{"actions", "add", "Call Acme", "--owner", "ana", "--due", "someday"},
		{"actions", "add", "Call Acme", "--owner", "ana", "--due", "2026-02-30"},
		{"actions", "add", "Call Acme", "--owner", "ana", "--due", "2026-11-01"},
		{"actions", "add", "Call Acme", "--due", "fri"},
		{"actions", "add", "Call Acme", "--owner", "ana"},
		{"actions", "add", "--owner", "ana", "--due", "fri"},
		{"actions", "add", "", "--owner", "ana", "--due", "fri"},
		{"actions", "add", strings.Repeat("x", 300), "--owner", "ana", "--due", "fri"},
		{"actions", "add", "Call", "--owner", "ana", "--due"},
		{"actions", "add", "Call", "--owner", "ana", "--due", "fri", "--bogus", "1"},
		{"actions", "--status", "finished"},
		{"actions", "set", "A1", "--status", "done"},
		{"actions", "set", "A1"},
		{"export", "actions", "--format", "xlsx"},
		{"export", "actions"},
		{"agendas", "show", "nope"},
		{"nonsense"},
		{"journeys", "add", ""},
		{"series", "add", "--agenda", "voc-triage", "--cadence", "hourly"},
		{"series", "add", "--agenda", "voc-triage", "--time", "25:00"},
	}
	for _, args := range cases {
		out, errs, code := f.run(facil, false, args...)
		if code != ExitUsage {
			t.Errorf("%q: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		if strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 || !strings.HasPrefix(errs, "cxroom: ") {
			t.Errorf("%q: stderr is not one line: %q", args, errs)
		}
		if out != "" {
			t.Errorf("%q: wrote to stdout: %q", args, out)
		}
	}
	if n := f.count(); n != 0 {
		t.Fatalf("bad commands wrote %d actions", n)
	}
	js, _ := f.db.Journeys(context.Background())
	ss, _ := f.db.SeriesList(context.Background())
	if len(js)+len(ss) != 0 {
		t.Fatal("bad commands wrote journeys or series")
	}
}

func TestActionsAddListSet(t *testing.T) {
	f := newFixture(t)
	out, errs, code := f.run(facil, false, "actions", "add", "Call Acme about billing", "--owner", "@ana", "--due", "fri")
	if code != 0 || out != "A1 added: Call Acme about billing (ana, due 2026-11-27)\n" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	f.run(facil, false, "actions", "add", "Draft the FAQ", "--owner", "tom", "--due", "today")
	f.clock.Advance(24 * time.Hour) // Thursday: the FAQ is overdue, the call is not
	out, _, _ = f.run(facil, false, "actions", "--json")
	var as []map[string]any
	if err := json.Unmarshal([]byte(out), &as); err != nil || len(as) != 2 {
		t.Fatalf("json: %v %q", err, out)
	}
	for _, k := range []string{"id", "text", "owner", "due", "status"} {
		if _, ok := as[0][k]; !ok {
			t.Fatalf("action JSON lacks %q: %v", k, as[0])
		}
	}
	if as[0]["due"] != "2026-11-25" || as[0]["owner"] != "tom" {
		t.Fatalf("sorted by due: %v", as)
	}
	out, _, _ = f.run(facil, false, "actions", "--overdue")
	if !strings.Contains(out, "A2") || strings.Contains(out, "A1 ") || !strings.Contains(out, "overdue") {
		t.Fatalf("overdue: %q", out)
	}
	out, _, _ = f.run(facil, false, "actions", "--owner", "ANA", "--json")
	if !strings.Contains(out, `"A1"`) || strings.Contains(out, `"A2"`) {
		t.Fatalf("owner filter: %q", out)
	}
	// members update their own actions only; observers nothing
	if _, errs, code := f.run(member, true, "actions", "set", "A2", "--status", "done"); code != ExitForbidden || !strings.Contains(errs, "only tom or a facilitator") {
		t.Fatalf("member on another's action: %d %q", code, errs)
	}
	if _, _, code := f.run(watch, true, "actions", "add", "x", "--owner", "ana", "--due", "fri"); code != ExitForbidden {
		t.Fatalf("observer add: %d", code)
	}
	if _, errs, code := f.run(member, true, "actions", "set", "a1", "--status", "blocked"); code != ExitUsage || !strings.Contains(errs, "unblock") {
		t.Fatalf("blocked without a note: %d %q", code, errs)
	}
	out, _, code = f.run(member, true, "actions", "set", "a1", "--status", "blocked", "--note", "waiting on legal")
	if code != 0 || out != "A1 is now blocked: Call Acme about billing\n" {
		t.Fatalf("member on own: %d %q", code, out)
	}
	a, _ := f.db.Action(context.Background(), "A1")
	if c := a.LastChange(); c.By != "ana" || c.From != meeting.StatusOpen || c.To != meeting.StatusBlocked || c.Note != "waiting on legal" {
		t.Fatalf("history: %+v", a.History)
	}
	if f.count() != 2 {
		t.Fatal("refused commands wrote")
	}
}

func TestAgendaShowMatchesTheSeedTable(t *testing.T) {
	f := newFixture(t)
	out, _, code := f.run(facil, true, "agendas", "show", "voc-triage", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var a struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Minutes  int    `json:"minutes"`
		Segments []struct {
			Title    string   `json:"title"`
			Minutes  int      `json:"minutes"`
			Output   string   `json:"output"`
			Prompt   string   `json:"prompt"`
			Produces []string `json:"produces"`
		} `json:"segments"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	// the seed's "Weekly VOC Triage (60 minutes)" agenda table
	want := []struct {
		title   string
		minutes int
		output  string
	}{
		{"Review VOC dashboard: themes, spikes, sentiment shifts", 15, "Prioritized issue list"},
		{"Deep-dive top 3 issues: evidence, impact, root cause", 20, "Ownership assigned"},
		{"Review status of prior week's actions", 15, "Unblock or escalate"},
		{"Share one customer story that matters", 10, "Team learning"},
	}
	if a.ID != "voc-triage" || a.Minutes != 60 || len(a.Segments) != len(want) {
		t.Fatalf("agenda %+v", a)
	}
	for i, w := range want {
		s := a.Segments[i]
		if s.Title != w.title || s.Minutes != w.minutes || s.Output != w.output || s.Prompt == "" || len(s.Produces) == 0 {
			t.Errorf("segment %d: %+v, want %+v", i, s, w)
		}
	}
	out, _, _ = f.run(facil, true, "agendas", "list", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != len(agendas.Builtin()) {
		t.Fatalf("list: %v %d", err, len(list))
	}
}

func TestLocalOnlyCommandsAreRefusedOverSSH(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{{"backup", "x"}, {"restore", "x"}, {"agendas", "validate", "/etc/passwd"}, {"serve"}, {"demo", "--force"}, {"docs"}, {"--data", "/etc", "actions"}} {
		_, errs, code := f.run(facil, true, args...)
		if code != ExitForbidden || !strings.Contains(errs, "only on the server's own machine") {
			t.Errorf("%q over SSH: %d %q", args, code, errs)
		}
	}
}

func TestBackupRestoreAndTeamAdd(t *testing.T) {
	f := newFixture(t)
	f.run(facil, false, "actions", "add", "Call Acme", "--owner", "ana", "--due", "fri")
	dir := t.TempDir()
	file := filepath.Join(dir, "b.cxb")
	if out, errs, code := f.run(facil, false, "backup", file); code != 0 || !strings.Contains(out, "backed up to") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	if _, _, code := f.run(facil, false, "backup", file); code != ExitUsage {
		t.Fatal("backup overwrote an existing file")
	}
	if _, errs, code := f.run(facil, false, "restore", file); code != ExitUsage || !strings.Contains(errs, "--force") {
		t.Fatalf("restore over data: %d %q", code, errs)
	}
	garbage := filepath.Join(dir, "junk")
	os.WriteFile(garbage, []byte("not a backup"), 0o600)
	if _, _, code := f.run(facil, false, "restore", garbage, "--force"); code != ExitUsage {
		t.Fatalf("garbage restore: %d", code)
	}
	if f.count() != 1 {
		t.Fatal("a failed restore changed the data")
	}
	if _, _, code := f.run(facil, false, "restore", file, "--force"); code != 0 {
		t.Fatal("restore")
	}
	// team add writes a valid team file, merging keys
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl maria@laptop"
	if out, errs, code := f.run(facil, false, "team", "add", "Maria Lopez", "--handle", "maria", "--role", "facilitator", "--key", key); code != 0 {
		t.Fatalf("team add: %q %q", out, errs)
	}
	if _, errs, code := f.run(facil, false, "team", "add", "Bad", "--handle", "Bad Handle"); code != ExitUsage {
		t.Fatalf("bad handle: %q", errs)
	}
	if _, _, code := f.run(facil, false, "team", "add", "X", "--handle", "x", "--key", "ssh-ed25519 notbase64"); code != ExitUsage {
		t.Fatal("bad key accepted")
	}
	data, _ := os.ReadFile(f.team)
	team, err := teamfile.Parse("team.yaml", data)
	if err != nil || len(team.Members) != 1 || team.Members[0].Role != meeting.RoleFacilitator || len(team.Members[0].Keys) != 1 {
		t.Fatalf("team file: %v %s", err, data)
	}
	info, _ := os.Stat(f.team)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("team file mode %v", info.Mode())
	}
}

func TestExportsAndListsOnAnEmptyStore(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{{"actions", "--json"}, {"meetings", "--json"}, {"decisions", "--json"}, {"journeys", "--json"}, {"stories", "--json"}, {"series", "--json"}} {
		out, errs, code := f.run(facil, false, args...)
		if code != 0 || strings.TrimSpace(out) != "[]" {
			t.Errorf("%q: %d %q %q", args, code, out, errs)
		}
	}
	out, _, code := f.run(facil, false, "export", "actions", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "id,text,owner") {
		t.Fatalf("csv: %q", out)
	}
	out, _, code = f.run(facil, false, "export", "actions", "--format", "ics")
	if code != 0 || !strings.Contains(out, "BEGIN:VCALENDAR") {
		t.Fatalf("ics: %q", out)
	}
	if _, errs, code := f.run(facil, false, "export", "minutes", "M9"); code != ExitUsage || !strings.Contains(errs, "M9") {
		t.Fatalf("missing meeting: %d %q", code, errs)
	}
	out, _, code = f.run(facil, false, "scorecard", "--json")
	if code != 0 || !strings.Contains(out, "ritual_consistency") {
		t.Fatalf("scorecard: %q", out)
	}
}

func TestSeriesAddAndCalendar(t *testing.T) {
	f := newFixture(t)
	out, errs, code := f.run(facil, false, "series", "add", "--agenda", "voc-triage", "--start", "2026-12-01", "--time", "09:00", "--zone", "Europe/Berlin")
	if code != 0 || !strings.Contains(out, "FREQ=WEEKLY;BYDAY=TU") {
		t.Fatalf("series add: %d %q %q", code, out, errs)
	}
	if _, _, code := f.run(member, false, "series", "add", "--agenda", "qbr"); code != ExitForbidden {
		t.Fatal("a member scheduled a ritual")
	}
	out, _, _ = f.run(facil, false, "export", "calendar")
	if !strings.Contains(out, "RRULE:FREQ=WEEKLY;BYDAY=TU") || !strings.Contains(out, "TZID=Europe/Berlin") {
		t.Fatalf("calendar: %q", out)
	}
}

func FuzzArgs(f *testing.F) {
	for _, s := range []string{
		"actions add x --owner ana --due fri", "actions --json --overdue", "actions set A1 --status done --note x",
		"export actions --format csv", "agendas show voc-triage --json", "series add --agenda qbr --time 9:00",
		"journeys add Onboarding --owner ana", "decisions --review-due", "--", "-", "--=", "actions --owner=",
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		if len(args) > 0 && (args[0] == "backup" || args[0] == "restore" || args[0] == "team") {
			return // they touch files
		}
		var out, errb bytes.Buffer
		e := &Env{Stdout: &out, Stderr: &errb, Actor: facil, Svc: fx.svc, Agendas: fx.set, Team: &meeting.Team{}, Remote: true}
		code := Run(context.Background(), e, args)
		if code != 0 {
			if strings.Count(strings.TrimRight(errb.String(), "\n"), "\n") != 0 {
				t.Fatalf("%q: error is not one line: %q", line, errb.String())
			}
			if strings.ContainsAny(errb.String(), "\x1b\r") {
				t.Fatalf("%q: escape in error: %q", line, errb.String())
			}
		}
	})
}

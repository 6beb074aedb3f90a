package store

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// seed writes a few records of every kind.
func seed(t *testing.T, db *DB) {
	t.Helper()
	for i, owner := range []string{"bob", "alice", "bob"} {
		a := action(fmt.Sprintf("action %d", i+1), owner, meeting.Date(fmt.Sprintf("2026-11-%02d", 20+i)))
		a.MeetingID, a.SeriesID = "M1", "R1"
		must(t, db.CreateAction(ctx, a))
	}
	must(t, db.CreateSeries(ctx, newSeries("Weekly VOC triage")))
	for i := range 2 {
		must(t, db.CreateMeeting(ctx, newMeeting("R1", now.Add(time.Duration(i)*time.Hour))))
		must(t, db.CreateDecision(ctx, &meeting.Decision{Date: "2026-11-23", Decision: fmt.Sprint("decision ", i), MeetingID: "M1"}))
		must(t, db.CreateIssue(ctx, &meeting.Issue{Title: fmt.Sprint("issue ", i), Rank: i + 1, MeetingID: "M1"}))
	}
	j, _ := meeting.NewJourney("Onboarding", "ann", now)
	must(t, db.CreateJourney(ctx, j))
	g, _ := meeting.NewGuide("coach", []string{"ann"}, "Churn", now)
	must(t, db.CreateGuide(ctx, g))
	must(t, db.CreateStory(ctx, &meeting.Story{Quote: "I gave up", CreatedAt: now}))
	must(t, db.CreatePromise(ctx, &meeting.Promise{Promise: "24/7 support", KeepRate: 82, MeetingID: "M1"}))
	_, err := db.UpdateAction(ctx, "A2", func(a *meeting.Action) error { return a.SetStatus(meeting.StatusDone, "", "alice", now) })
	must(t, err)
}

// dump is every listing, as JSON.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	var out []any
	add := func(v any, err error) {
		must(t, err)
		out = append(out, v)
	}
	add(db.Actions(ctx, meeting.ActionFilter{}))
	add(db.Meetings(ctx, meeting.MeetingFilter{}))
	add(db.Decisions(ctx, meeting.DecisionFilter{}))
	add(db.Issues(ctx, meeting.IssueFilter{}))
	add(db.Stories(ctx, meeting.StoryFilter{}))
	add(db.Journeys(ctx))
	add(db.Guides(ctx, meeting.GuideFilter{}))
	add(db.SeriesList(ctx))
	add(db.Promises(ctx, ""))
	return jsonOf(t, out)
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{})
	must(t, err)
	seed(t, db)
	want := dump(t, db)
	must(t, db.Close())
	must(t, db.Close())
	if _, err := os.Stat(filepath.Join(dir, ownerFile)); !os.IsNotExist(err) {
		t.Fatalf("owner file left behind: %v", err)
	}
	db = openT(t, dir)
	if got := dump(t, db); got != want {
		t.Fatalf("after reopen:\n%s\nwant\n%s", got, want)
	}
	a := action("after reopen", "bob", "2026-11-30")
	must(t, db.CreateAction(ctx, a))
	if a.ID != "A4" {
		t.Fatalf("counter lost on reopen: %s", a.ID)
	}
	checkIndexes(t, db)
}

func TestCreatesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data")
	openT(t, dir)
	fi, err := os.Stat(dir)
	must(t, err)
	if fi.Mode().Perm() != 0o700 {
		t.Fatalf("data folder mode %v", fi.Mode().Perm())
	}
}

func TestBackupRestore(t *testing.T) {
	src := openT(t, t.TempDir())
	seed(t, src)
	want := dump(t, src)
	var backup bytes.Buffer
	must(t, src.Backup(&backup))

	dst := openT(t, t.TempDir())
	if empty, err := dst.Empty(ctx); err != nil || !empty {
		t.Fatalf("new database: empty %v, %v", empty, err)
	}
	must(t, dst.CreateAction(ctx, action("replaced by the restore", "eve", "2026-12-01")))
	if empty, err := dst.Empty(ctx); err != nil || empty {
		t.Fatalf("with an action: empty %v, %v", empty, err)
	}
	must(t, dst.Restore(bytes.NewReader(backup.Bytes())))
	if got := dump(t, dst); got != want {
		t.Fatalf("restored:\n%s\nwant\n%s", got, want)
	}
	checkIndexes(t, dst)
	a := action("after restore", "bob", "2026-11-30")
	must(t, dst.CreateAction(ctx, a))
	if a.ID != "A4" {
		t.Fatalf("counters not restored: %s", a.ID)
	}

	// Refused: garbage, empty, truncated, another program's Badger backup,
	// a backup from a newer cxroom. The data stays as it was.
	other, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(quiet{}))
	must(t, err)
	must(t, other.Update(func(txn *badger.Txn) error { return txn.Set([]byte("hello"), []byte("world")) }))
	var foreign bytes.Buffer
	_, err = other.Backup(&foreign, 0)
	must(t, err)
	must(t, other.Close())
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rand.IntN(256))
	}
	junk := map[string][]byte{"text": []byte("this is not a backup"), "empty": nil, "noise": noise,
		"truncated": backup.Bytes()[:backup.Len()-7], "foreign": foreign.Bytes()}
	for name, b := range junk {
		err := src.Restore(bytes.NewReader(b))
		wantCode(t, err, meeting.EINVALID, "the file is not a cxroom backup")
		if got := dump(t, src); got != want {
			t.Fatalf("%s: a refused restore changed the data", name)
		}
	}
	newer, err := Open(t.TempDir(), Options{migrations: append(slices.Clone(migrations), migration{to: schemaOf(migrations) + 1, fn: func(*badger.Txn) error { return nil }})})
	must(t, err)
	var nb bytes.Buffer
	must(t, newer.Backup(&nb))
	must(t, newer.Close())
	err = src.Restore(&nb)
	wantCode(t, err, meeting.EINVALID, "newer cxroom")
	if got := dump(t, src); got != want {
		t.Fatal("a refused restore changed the data")
	}
}

// child starts this test binary running test name with env, its stdin
// and stdout piped.
func child(t *testing.T, name string, env ...string) (*exec.Cmd, io.WriteCloser, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$")
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	must(t, err)
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("child stderr: %s", stderr.String())
		}
	})
	return cmd, in, lines
}

// TestHolderChild is the other process of TestFolderInUse (it does nothing
// in a normal run): it holds the folder until its stdin closes.
func TestHolderChild(t *testing.T) {
	dir := os.Getenv("CXROOM_HOLD_DIR")
	if dir == "" {
		return
	}
	db, err := Open(dir, Options{})
	must(t, err)
	must(t, db.Announce("0.0.0.0:2222"))
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	must(t, db.Close())
}

func TestFolderInUse(t *testing.T) {
	dir := t.TempDir()
	db := openT(t, dir)
	check := func(err error, pid int, ssh string) {
		t.Helper()
		msg := meeting.ErrorMessage(err)
		wantCode(t, err, meeting.ECONFLICT, "the data folder "+dir+" is in use by another cxroom")
		if !strings.Contains(msg, fmt.Sprintf("pid %d", pid)) || !strings.Contains(msg, ssh) ||
			strings.Contains(msg, "Cannot acquire") || strings.Contains(msg, "Badger") || !strings.HasSuffix(msg, "pick another folder with --data") {
			t.Fatalf("message %q: want pid %d and %q, no Badger text", msg, pid, ssh)
		}
	}
	_, err := Open(dir, Options{})
	check(err, os.Getpid(), "); stop it or pick another folder with --data")
	must(t, db.Announce("127.0.0.1:2222"))
	_, err = Open(dir, Options{})
	check(err, os.Getpid(), "serving SSH on 127.0.0.1:2222: ssh -p 2222 127.0.0.1)")

	// A stale owner file (another pid than Badger's lock) is not believed.
	must(t, os.WriteFile(filepath.Join(dir, ownerFile), []byte(`{"pid":999999,"ssh_addr":"10.9.9.9:22"}`), 0o600))
	_, err = Open(dir, Options{})
	check(err, os.Getpid(), "")
	if strings.Contains(err.Error(), "10.9.9.9") {
		t.Fatalf("stale owner file believed: %v", err)
	}
	must(t, db.Close())

	// Another process.
	cmd, stdin, lines := child(t, "TestHolderChild", "CXROOM_HOLD_DIR="+dir)
	if l := <-lines; l != "ready" {
		t.Fatalf("child said %q", l)
	}
	_, err = Open(dir, Options{})
	check(err, cmd.Process.Pid, "serving SSH on 0.0.0.0:2222: ssh -p 2222 localhost)")
	must(t, stdin.Close())
	must(t, cmd.Wait())
	openT(t, dir) // free again
}

// TestCrashWriterChild is the writer of TestCrashSafety (it does nothing
// in a normal run): it creates actions as fast as it can from 4 goroutines
// and prints each id only once CreateAction has returned.
func TestCrashWriterChild(t *testing.T) {
	dir := os.Getenv("CXROOM_CRASH_DIR")
	if dir == "" {
		return
	}
	db, err := Open(dir, Options{})
	must(t, err)
	var wg sync.WaitGroup
	stop := time.Now().Add(30 * time.Second) // in case nobody kills us
	for g := range 4 {
		wg.Go(func() {
			for i := 0; time.Now().Before(stop); i++ {
				a := action(fmt.Sprintf("writer %d line %d", g, i), "bob", "2026-11-30")
				if err := db.CreateAction(ctx, a); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(3)
				}
				fmt.Printf("%s %s\n", a.ID, a.Text)
			}
		})
	}
	wg.Wait()
}

func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	cmd, _, lines := child(t, "TestCrashWriterChild", "CXROOM_CRASH_DIR="+dir)
	acked := map[string]string{}
	record := func(l string) {
		if id, text, ok := strings.Cut(l, " "); ok && strings.HasPrefix(id, "A") {
			acked[id] = text
		}
	}
	// Up to 20 s for the writer to start (a loaded machine, -race), then
	// ~1.5 s of writes or 200 acknowledged ones, whichever comes first.
	deadline := time.After(20 * time.Second)
read:
	for len(acked) < 200 {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the writer stopped before it was killed")
			}
			if record(l); len(acked) == 1 {
				deadline = time.After(1500 * time.Millisecond)
			}
		case <-deadline:
			break read
		}
	}
	must(t, cmd.Process.Kill())
	for l := range lines { // what it printed before it died was acknowledged too
		record(l)
	}
	_ = cmd.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d writes acknowledged", len(acked))
	}
	db := openT(t, dir)
	for id, text := range acked {
		a, err := db.Action(ctx, id)
		if err != nil || a.Text != text {
			t.Fatalf("acknowledged %s %q lost after kill -9: %v %v", id, text, a, err)
		}
	}
	as, err := db.Actions(ctx, meeting.ActionFilter{Owner: "bob"})
	must(t, err)
	t.Logf("%d acknowledged writes, %d actions on disk after kill -9", len(acked), len(as))
	checkIndexes(t, db)
}

func TestSchema(t *testing.T) {
	var ran atomic.Int32
	cur := schemaOf(migrations)
	upper := append(slices.Clone(migrations), migration{to: cur + 1, fn: func(txn *badger.Txn) error {
		ran.Add(1)
		item, err := txn.Get(actions.key("A1"))
		if err != nil {
			return err
		}
		a, err := decode(actions, item)
		if err != nil {
			return err
		}
		a.Text = strings.ToUpper(a.Text)
		return put(txn, actions, a, actions.indexOf(a))
	}})
	version := func(db *DB) (v uint64) {
		must(t, db.bdb.View(func(txn *badger.Txn) (err error) { v, err = u64(txn, schemaKey); return err }))
		return v
	}

	// A fresh database is stamped with the current version; nothing runs.
	fresh := openT(t, "")
	if v := version(fresh); v != uint64(cur) {
		t.Fatalf("fresh version %d", v)
	}
	db, err := Open("", Options{InMemory: true, migrations: upper})
	must(t, err)
	if v := version(db); v != uint64(cur+1) || ran.Load() != 0 {
		t.Fatalf("fresh with a migration: version %d, ran %d", v, ran.Load())
	}
	must(t, db.Close())

	// An older database is migrated once.
	dir := t.TempDir()
	db, err = Open(dir, Options{})
	must(t, err)
	must(t, db.CreateAction(ctx, action("shout", "bob", "2026-11-30")))
	must(t, db.Close())
	fail := append(slices.Clone(migrations), migration{to: cur + 1, fn: func(*badger.Txn) error { return fmt.Errorf("disk on fire") }})
	if _, err := Open(dir, Options{migrations: fail}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("failing migration: %v", err)
	}
	for range 2 {
		db, err = Open(dir, Options{migrations: upper})
		must(t, err)
		a, err := db.Action(ctx, "A1")
		must(t, err)
		if a.Text != "SHOUT" || version(db) != uint64(cur+1) || ran.Load() != 1 {
			t.Fatalf("after migration: %q, version %d, ran %d", a.Text, version(db), ran.Load())
		}
		must(t, db.Close())
	}

	// A newer database is refused, and the folder is left free.
	_, err = Open(dir, Options{})
	wantCode(t, err, meeting.EINVALID, fmt.Sprintf("the data folder %s was written by a newer cxroom (data version %d; this one reads up to %d)", dir, cur+1, cur))
	db, err = Open(dir, Options{migrations: upper})
	must(t, err)
	must(t, db.Close())
}

type countLog struct{ n atomic.Int64 }

func (l *countLog) Errorf(string, ...any)   { l.n.Add(1) }
func (l *countLog) Warningf(string, ...any) { l.n.Add(1) }
func (l *countLog) Infof(string, ...any)    { l.n.Add(1) }
func (l *countLog) Debugf(string, ...any)   { l.n.Add(1) }

func TestGCAndLogger(t *testing.T) {
	log := &countLog{}
	db, err := Open(t.TempDir(), Options{GCInterval: 2 * time.Millisecond, Logger: log})
	must(t, err)
	must(t, db.CreateAction(ctx, action("churn", "bob", "2026-11-30")))
	for i := range 100 {
		_, err := db.UpdateAction(ctx, "A1", func(a *meeting.Action) error { a.Text = fmt.Sprint("churn ", i); return nil })
		must(t, err)
	}
	time.Sleep(20 * time.Millisecond)
	must(t, db.Close())
	if log.n.Load() == 0 {
		t.Fatal("the logger got nothing: Badger is not using it")
	}
}

func TestHeapAfterOpen(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	db := openT(t, t.TempDir())
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap after opening an empty database: %.1f MB", float64(heap)/(1<<20))
	if heap > 40<<20 {
		t.Fatalf("opening an empty database takes %d MB of heap; check the Badger options", heap>>20)
	}
	_ = db
}

// TestOpenAfterAKillDuringOpen: Badger creates a new memtable log (and,
// when a value log fills, a new value log) by creating the file and then
// sizing it. A process killed between the two (a `restore` or `actions`
// killed as it opens the data folder) leaves an empty log, and Badger
// refuses to open a folder holding one ("while opening fid: 1 err: Create
// a new file"). An empty log holds nothing: the next open, read-write or
// read-only, proceeds with the data intact.
func TestOpenAfterAKillDuringOpen(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(map[bool]string{false: "read-write", true: "read-only"}[readOnly], func(t *testing.T) {
			dir := t.TempDir()
			db, err := Open(dir, Options{})
			must(t, err)
			seed(t, db)
			want := dump(t, db)
			must(t, db.Close())
			active, err := readCurrent(dir)
			must(t, err)
			if active == "" {
				active = dir
			} else {
				active = filepath.Join(dir, active)
			}
			for _, name := range []string{"00007.mem", "000009.vlog"} {
				must(t, os.WriteFile(filepath.Join(active, name), nil, 0o600))
			}
			opt := Options{}
			if readOnly {
				opt.freeSpace = func(string) (uint64, error) { return 1 << 20, nil }
			}
			db, err = Open(dir, opt)
			if err != nil {
				t.Fatalf("open after a kill during open: %v", err)
			}
			defer db.Close()
			if got := dump(t, db); got != want {
				t.Fatalf("after reopen:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

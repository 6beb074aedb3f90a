package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cxroom/agendas"
	"cxroom/meeting"
)

// logRec collects what the store logs, for "logged once" checks.
type logRec struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRec) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRec) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.msgs = append(l.msgs, r.Message)
	l.mu.Unlock()
	return nil
}
func (l *logRec) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRec) WithGroup(string) slog.Handler      { return l }

// count is how many logged messages contain s.
func (l *logRec) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			n++
		}
	}
	return n
}

// fakeDisk is a free-space function the test sets.
type fakeDisk struct{ free atomic.Int64 }

func (d *fakeDisk) fn(string) (uint64, error) { return uint64(d.free.Load()), nil }

const fullSentence = "the server's disk is almost full (12 MB free, 256 MB reserved); nothing was saved — free some space"

// TestReserveRefusesWrites: below the reserve every kind of write is
// refused with one sentence and writes nothing, while reads, listings,
// backups (exports) go on; once space returns writes resume by themselves.
// Each change is logged once.
func TestReserveRefusesWrites(t *testing.T) {
	disk, rec := &fakeDisk{}, &logRec{}
	disk.free.Store(10 << 30)
	db, err := Open(t.TempDir(), Options{freeSpace: disk.fn, Log: slog.New(rec)})
	must(t, err)
	t.Cleanup(func() { _ = db.Close() })
	seed(t, db)
	want := dump(t, db)
	var full bytes.Buffer
	must(t, db.Backup(&full))

	disk.free.Store(12 << 20)
	for range 3 {
		wantCode(t, db.CreateAction(ctx, action("on a full disk", "bob", "2026-12-01")), meeting.EINTERNAL, fullSentence)
		_, err := db.UpdateAction(ctx, "A1", func(a *meeting.Action) error { a.Text = "changed"; return nil })
		wantCode(t, err, meeting.EINTERNAL, fullSentence)
		if !ErrDiskFull(err) {
			t.Fatalf("ErrDiskFull(%v) = false", err)
		}
	}
	wantCode(t, db.CreateDecision(ctx, &meeting.Decision{Date: "2026-11-23", Decision: "no room"}), meeting.EINTERNAL, fullSentence)
	wantCode(t, Fill(ctx, db, FillSpec{Actions: 10}), meeting.EINTERNAL, fullSentence)
	wantCode(t, db.Restore(bytes.NewReader(full.Bytes())), meeting.EINTERNAL, fullSentence)
	if got := dump(t, db); got != want {
		t.Fatal("a refused write changed the data")
	}
	if empty, err := db.Empty(ctx); err != nil || empty {
		t.Fatalf("Empty on a full disk: %v %v", empty, err)
	}
	var b bytes.Buffer
	must(t, db.Backup(&b))
	if b.Len() == 0 {
		t.Fatal("no backup on a full disk")
	}
	if n := rec.count("below the free-space reserve"); n != 1 {
		t.Fatalf("the full disk was logged %d times, want once: %q", n, rec.msgs)
	}

	disk.free.Store(300 << 20) // space returns
	a := action("space is back", "bob", "2026-12-01")
	must(t, db.CreateAction(ctx, a))
	if a.ID != "A4" {
		t.Fatalf("id after the refusals: %s", a.ID)
	}
	must(t, db.CreateAction(ctx, action("and again", "bob", "2026-12-01")))
	if n := rec.count("above the free-space reserve again: writes resume"); n != 1 {
		t.Fatalf("the recovery was logged %d times, want once: %q", n, rec.msgs)
	}
	checkIndexes(t, db)

	// A negative reserve turns it off.
	off, err := Open(t.TempDir(), Options{Reserve: -1, freeSpace: func(string) (uint64, error) { return 0, nil }})
	must(t, err)
	defer off.Close()
	must(t, off.CreateAction(ctx, action("no reserve", "bob", "2026-12-01")))
}

// TestOpenBelowReserve: a folder opened below the reserve is opened
// read-only: nothing is written to it (not even Badger's own new files),
// reads work, writes are refused with the sentence; with space again, the
// next start writes.
func TestOpenBelowReserve(t *testing.T) {
	dir := t.TempDir()
	db := openT(t, dir)
	seed(t, db)
	want := dump(t, db)
	must(t, db.Close())
	active := filepath.Join(dir, firstDB)
	before := listing(t, active)

	disk := &fakeDisk{}
	disk.free.Store(12 << 20)
	db, err := Open(dir, Options{freeSpace: disk.fn})
	must(t, err)
	if got := dump(t, db); got != want {
		t.Fatal("read-only open reads other data")
	}
	wantCode(t, db.CreateAction(ctx, action("x", "bob", "2026-12-01")), meeting.EINTERNAL, fullSentence)
	disk.free.Store(1 << 30)
	wantCode(t, db.CreateAction(ctx, action("x", "bob", "2026-12-01")), meeting.EINTERNAL, "opened the data read-only; nothing was saved — restart cxroom")
	must(t, db.Close())
	if after := listing(t, active); after != before {
		t.Fatalf("a read-only open changed the database folder:\n%s\nwas\n%s", after, before)
	}

	// A fresh folder cannot be set up on a full disk: one sentence.
	disk.free.Store(12 << 20)
	_, err = Open(filepath.Join(t.TempDir(), "new"), Options{freeSpace: disk.fn})
	wantCode(t, err, meeting.EINTERNAL, "is almost full (12 MB free, 256 MB reserved); free some space so cxroom can set up its database")

	db, err = Open(dir, Options{})
	must(t, err)
	defer db.Close()
	must(t, db.CreateAction(ctx, action("with space", "bob", "2026-12-01")))
}

// listing is the names, sizes and times of the files in dir.
func listing(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	must(t, err)
	var b strings.Builder
	for _, e := range ents {
		fi, err := e.Info()
		must(t, err)
		b.WriteString(e.Name() + " " + fi.ModTime().String() + " " + string(rune('0'+fi.Size()%10)) + "\n")
	}
	return b.String()
}

// crashImage copies the Badger folder of an open database, as a crash
// would leave it: the memtable logs full-size, nothing flushed.
func crashImage(t *testing.T, db *DB, to string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Join(to, firstDB), 0o700))
	must(t, os.WriteFile(filepath.Join(to, currentFile), []byte(firstDB+"\n"), 0o600))
	ents, err := os.ReadDir(db.active)
	must(t, err)
	for _, e := range ents {
		if e.Name() == "LOCK" {
			continue
		}
		in, err := os.Open(filepath.Join(db.active, e.Name()))
		must(t, err)
		out, err := os.Create(filepath.Join(to, firstDB, e.Name()))
		must(t, err)
		_, err = io.Copy(out, in)
		must(t, err)
		in.Close()
		must(t, out.Close())
	}
}

// TestOpenBelowReserveAfterCrash: after a crash (or a Close that could not
// flush on a full disk), the memtable log is still full-size; Badger
// refuses to open it read-only, so Open first cuts it to its last entry.
func TestOpenBelowReserveAfterCrash(t *testing.T) {
	src := openT(t, t.TempDir())
	seed(t, src)
	want := dump(t, src)
	dir := t.TempDir()
	crashImage(t, src, dir)

	disk := &fakeDisk{}
	disk.free.Store(0)
	db, err := Open(dir, Options{freeSpace: disk.fn})
	must(t, err)
	if got := dump(t, db); got != want {
		t.Fatal("the crashed database reads other data read-only")
	}
	wantCode(t, db.CreateAction(ctx, action("x", "bob", "2026-12-01")), meeting.EINTERNAL, "the server's disk is almost full (0 KB free, 256 MB reserved)")
	must(t, db.Close())
	db = openT(t, dir)
	if got := dump(t, db); got != want {
		t.Fatal("reopened with space, the data changed")
	}
	must(t, db.CreateAction(ctx, action("x", "bob", "2026-12-01")))
}

// TestVanishedFolder (issue 9.9): deleting the data folder under a running
// store is noticed at the next write (and by the monitor), logged once,
// every write is refused with one sentence without a path, and Close ends
// promptly instead of retrying a flush forever. A folder replaced by a new
// one of the same name is the same case.
func TestVanishedFolder(t *testing.T) {
	for _, replace := range []bool{false, true} {
		dir, rec := filepath.Join(t.TempDir(), "data"), &logRec{}
		db, err := Open(dir, Options{Log: slog.New(rec)})
		must(t, err)
		seed(t, db) // the memtable holds data: Close would flush it
		must(t, os.RemoveAll(dir))
		if replace {
			must(t, os.MkdirAll(dir, 0o700))
		}
		const sentence = "the server's data folder has vanished; nothing was saved — tell whoever runs cxroom"
		for range 3 {
			err := db.CreateAction(ctx, action("into the void", "bob", "2026-12-01"))
			wantCode(t, err, meeting.EINTERNAL, sentence)
			if strings.Contains(meeting.ErrorMessage(err), dir) {
				t.Fatalf("the sentence shows the path: %v", err)
			}
		}
		if _, err := db.Action(ctx, "A1"); err != nil {
			t.Fatalf("reads after the folder vanished: %v", err)
		}
		if n := rec.count("has vanished"); n != 1 {
			t.Fatalf("logged %d times, want once: %q", n, rec.msgs)
		}
		closed := make(chan error, 1)
		go func() { closed <- db.Close() }()
		select {
		case err := <-closed:
			if err == nil || !strings.Contains(err.Error(), "vanished") {
				t.Fatalf("Close: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Close hangs after the data folder vanished")
		}
	}
}

// TestUnwritableFolder: a folder that cannot be written refuses writes with
// one sentence (logged once) and accepts them again when it can.
func TestUnwritableFolder(t *testing.T) {
	var bad atomic.Bool
	rec := &logRec{}
	db, err := Open(t.TempDir(), Options{Log: slog.New(rec), writable: func(string) error {
		if bad.Load() {
			return &os.PathError{Op: "access", Path: "/x", Err: errors.New("read-only file system")}
		}
		return nil
	}})
	must(t, err)
	defer db.Close()
	must(t, db.CreateAction(ctx, action("before", "bob", "2026-12-01")))
	bad.Store(true)
	for range 2 {
		wantCode(t, db.CreateAction(ctx, action("now", "bob", "2026-12-01")), meeting.EINTERNAL,
			"the server's data folder cannot be written; nothing was saved — tell whoever runs cxroom")
	}
	bad.Store(false)
	must(t, db.CreateAction(ctx, action("after", "bob", "2026-12-01")))
	if rec.count("cannot be written") != 1 || rec.count("can be written again") != 1 {
		t.Fatalf("log: %q", rec.msgs)
	}
}

// TestCloseTimeout: a Close that Badger cannot finish (its flush at Close
// retries forever: here the table it must create is blocked by a folder of
// that name) is given up after CloseTimeout.
func TestCloseTimeout(t *testing.T) {
	db, err := Open(t.TempDir(), Options{CloseTimeout: 200 * time.Millisecond})
	must(t, err)
	seed(t, db)
	must(t, os.Mkdir(filepath.Join(db.active, "000001.sst"), 0o700))
	done := make(chan error, 1)
	go func() { done <- db.Close() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not done after 200ms") {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Close did not return within its timeout")
	}
}

// TestRoomOnFullDisk: a live room on a disk below the reserve stays up:
// its writes answer the sentence and change nothing, everyone still reads
// its state, and once space returns it saves again.
func TestRoomOnFullDisk(t *testing.T) {
	disk := &fakeDisk{}
	disk.free.Store(10 << 30)
	db, err := Open(t.TempDir(), Options{freeSpace: disk.fn})
	must(t, err)
	hub := meeting.NewHub(db, meeting.NewFakeClock(now), nil)
	defer func() { hub.Close(); db.Close() }()
	var voc meeting.Agenda
	for _, a := range agendas.Builtin() {
		if a.ID == "voc-triage" {
			voc = a
		}
	}
	maria := meeting.Actor{Handle: "maria", Name: "Maria", Role: meeting.RoleFacilitator}
	r, err := hub.Start(ctx, maria, meeting.StartInput{Agenda: voc})
	must(t, err)
	leave, err := r.Join(ctx, maria)
	must(t, err)
	defer leave()
	before := r.Snapshot()

	disk.free.Store(12 << 20)
	_, err = r.AddAction(ctx, maria, meeting.ActionInput{Text: "call the churned accounts", Owner: "maria", Due: "2026-12-01"})
	wantCode(t, err, meeting.EINTERNAL, fullSentence)
	wantCode(t, r.Next(ctx, maria), meeting.EINTERNAL, fullSentence)
	if s := r.Snapshot(); s.Version != before.Version || len(s.Actions) != 0 {
		t.Fatalf("a refused write changed the room: version %d → %d, %d actions", before.Version, s.Version, len(s.Actions))
	}
	select {
	case <-r.Done():
		t.Fatal("the room ended on a full disk")
	default:
	}

	disk.free.Store(1 << 30)
	_, err = r.AddAction(ctx, maria, meeting.ActionInput{Text: "call the churned accounts", Owner: "maria", Due: "2026-12-01"})
	must(t, err)
	must(t, r.Next(ctx, maria))
	if len(r.Snapshot().Actions) != 1 {
		t.Fatal("the room did not save once space returned")
	}
}

// TestMonitorNotices: with nobody writing, the timer notices the disk going
// below the reserve and back, and the folder vanishing, and logs each once.
func TestMonitorNotices(t *testing.T) {
	disk, rec := &fakeDisk{}, &logRec{}
	disk.free.Store(10 << 30)
	dir := filepath.Join(t.TempDir(), "data")
	db, err := Open(dir, Options{freeSpace: disk.fn, Log: slog.New(rec), checkEvery: time.Millisecond})
	must(t, err)
	defer db.Close()
	waitLog := func(msg string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for rec.count(msg) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("never logged %q: %q", msg, rec.msgs)
			}
			time.Sleep(time.Millisecond)
		}
	}
	disk.free.Store(1 << 20)
	waitLog("below the free-space reserve")
	disk.free.Store(1 << 30)
	waitLog("writes resume")
	must(t, os.RemoveAll(dir))
	waitLog("has vanished")
	for _, m := range []string{"below the free-space reserve", "writes resume", "has vanished"} {
		if n := rec.count(m); n != 1 {
			t.Fatalf("%q logged %d times", m, n)
		}
	}
}

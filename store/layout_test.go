package store

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// firstLayout makes dir hold a seeded database the way the first cxroom
// kept it, Badger's files in the data folder itself, and returns its dump
// and the names of the files.
func firstLayout(t *testing.T, dir string) (string, []string) {
	t.Helper()
	db, err := Open(dir, Options{})
	must(t, err)
	seed(t, db)
	want := dump(t, db)
	must(t, db.Close())
	ents, err := os.ReadDir(filepath.Join(dir, firstDB))
	must(t, err)
	var names []string
	for _, e := range ents {
		must(t, os.Rename(filepath.Join(dir, firstDB, e.Name()), filepath.Join(dir, e.Name())))
		names = append(names, e.Name())
	}
	must(t, os.Remove(filepath.Join(dir, firstDB)))
	must(t, os.Remove(filepath.Join(dir, currentFile)))
	return want, names
}

// TestFirstLayoutMoved: a data folder of the first layout is moved into
// db-000001 and named by CURRENT, and a move cut short after any file is
// finished by the next Open, the data intact each time.
func TestFirstLayoutMoved(t *testing.T) {
	base := t.TempDir()
	want, names := firstLayout(t, filepath.Join(base, "proto"))
	if len(names) < 3 {
		t.Fatalf("a Badger folder of %d files: %v", len(names), names)
	}
	for cut := 0; cut <= len(names); cut++ {
		dir := filepath.Join(base, "cut", string(rune('a'+cut)))
		must(t, os.CopyFS(dir, os.DirFS(filepath.Join(base, "proto"))))
		if cut > 0 { // the move got through `cut` files, then the process died
			must(t, os.Mkdir(filepath.Join(dir, firstDB), 0o700))
			for _, n := range names[:cut] {
				must(t, os.Rename(filepath.Join(dir, n), filepath.Join(dir, firstDB, n)))
			}
		}
		rec := &logRec{}
		db, err := Open(dir, Options{Log: slog.New(rec)})
		must(t, err)
		if got := dump(t, db); got != want {
			t.Fatalf("cut after %d files: the data changed", cut)
		}
		must(t, db.CreateAction(ctx, action("after the move", "bob", "2026-12-01")))
		must(t, db.Close())
		if cur, err := readCurrent(dir); err != nil || cur != firstDB {
			t.Fatalf("CURRENT %q %v", cur, err)
		}
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				t.Fatalf("cut after %d: %s still in the data folder", cut, n)
			}
		}
		if cut < len(names) && rec.count("moved the database into its own folder") != 1 {
			t.Fatalf("the move was not logged: %q", rec.msgs)
		}
	}
}

// TestLeftoversRemoved: what interrupted restores, migrations and backups
// leave — database folders CURRENT does not name, CURRENT.tmp, a backup's
// .partial file, the temp files older versions left in the system temp
// folder — is removed by the next Open, and logged.
func TestLeftoversRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	db := openT(t, dir)
	seed(t, db)
	want := dump(t, db)
	must(t, db.Close())

	junk := filepath.Join(dir, "db-000002")
	must(t, os.Mkdir(junk, 0o700))
	must(t, os.WriteFile(filepath.Join(junk, "000001.sst"), make([]byte, 1<<20), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, currentFile+".tmp"), []byte("db-000002\n"), 0o600))
	partial := filepath.Join(t.TempDir(), "weekly.bak.partial")
	must(t, os.WriteFile(partial, []byte("half a backup"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, backupMarker), []byte(partial+"\n"), 0o600))
	oldTemp := filepath.Join(tmp, "cxroom-restore-123456")
	must(t, os.WriteFile(oldTemp, make([]byte, 1<<20), 0o600))
	keep := filepath.Join(tmp, "someone-else")
	must(t, os.WriteFile(keep, nil, 0o600))

	rec := &logRec{}
	db, err := Open(dir, Options{Log: slog.New(rec)})
	must(t, err)
	defer db.Close()
	if got := dump(t, db); got != want {
		t.Fatal("the data changed")
	}
	for _, p := range []string{junk, filepath.Join(dir, currentFile+".tmp"), partial, filepath.Join(dir, backupMarker), oldTemp} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left: %v", p, err)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("another program's temp file removed: %v", err)
	}
	for _, m := range []string{"interrupted restore", "interrupted backup", "temp file of an interrupted restore"} {
		if rec.count(m) == 0 {
			t.Errorf("not logged: %q in %q", m, rec.msgs)
		}
	}
}

// TestFirstLayoutInUse: an older cxroom serving the first layout holds
// Badger's lock on the data folder itself; this one says so and moves
// nothing.
func TestFirstLayoutInUse(t *testing.T) {
	dir := t.TempDir()
	_, names := firstLayout(t, dir)
	old, err := badger.Open(badgerOptions(dir, quiet{}))
	must(t, err)
	defer old.Close()
	_, err = Open(dir, Options{})
	wantCode(t, err, meeting.ECONFLICT, "is in use by another cxroom (pid ")
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Fatalf("%s moved while in use: %v", n, err)
		}
	}
}

// TestDamagedLayout: a CURRENT naming nothing is one sentence.
func TestDamagedLayout(t *testing.T) {
	for _, cur := range []string{"db-000009\n", "../../etc\n", "MANIFEST-000001\n"} {
		dir := t.TempDir()
		must(t, os.WriteFile(filepath.Join(dir, currentFile), []byte(cur), 0o600))
		_, err := Open(dir, Options{})
		wantCode(t, err, meeting.EINVALID, "looks damaged")
	}
}

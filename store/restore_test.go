package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cxroom/meeting"
)

// dbFolders lists the db-* folders in dir.
func dbFolders(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	must(t, err)
	var out []string
	for _, e := range ents {
		if dbDirName.MatchString(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

// failAfter is a reader that fails after n bytes.
type failAfter struct {
	r io.Reader
	n int
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("the disk holding the backup failed")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// TestRestoreAllOrNothing: a restore that fails part-way (a read error, a
// cut file) leaves exactly the old data and no second database folder; a
// whole one leaves exactly the backup's data (same digest as its source)
// in one folder named by CURRENT.
func TestRestoreAllOrNothing(t *testing.T) {
	src := openT(t, t.TempDir())
	seed(t, src)
	must(t, Fill(ctx, src, FillSpec{Series: 2, Meetings: 20, Actions: 3000, Now: now}))
	srcDigest, err := src.Digest(ctx)
	must(t, err)
	var backup bytes.Buffer
	must(t, src.Backup(&backup))

	dir := t.TempDir()
	db := openT(t, dir)
	must(t, db.CreateAction(ctx, action("the old data", "eve", "2026-12-01")))
	oldDigest, err := db.Digest(ctx)
	must(t, err)
	for _, n := range []int{0, 8, 100, backup.Len() / 3, backup.Len() - 1} {
		err := db.Restore(&failAfter{r: bytes.NewReader(backup.Bytes()), n: n})
		wantCode(t, err, meeting.EINTERNAL, "cannot read the backup: the disk holding the backup failed; nothing was changed")
		if d, _ := db.Digest(ctx); d != oldDigest {
			t.Fatalf("cut at %d: the data changed", n)
		}
		if got := dbFolders(t, dir); len(got) != 1 {
			t.Fatalf("cut at %d: folders %v", n, got)
		}
	}
	cut := backup.Bytes()[:backup.Len()/2]
	wantCode(t, db.Restore(bytes.NewReader(cut)), meeting.EINVALID, "the file is not a cxroom backup")

	must(t, db.Restore(bytes.NewReader(backup.Bytes())))
	if d, _ := db.Digest(ctx); d != srcDigest {
		t.Fatal("the restored database differs from its source")
	}
	if got := dbFolders(t, dir); len(got) != 1 || got[0] != "db-000002" {
		t.Fatalf("folders after the restore: %v", got)
	}
	if cur, _ := readCurrent(dir); cur != "db-000002" {
		t.Fatalf("CURRENT %q", cur)
	}
	must(t, db.CreateAction(ctx, action("after", "bob", "2026-12-01")))
	must(t, db.Close())
	db = openT(t, dir)
	if _, err := db.Action(ctx, "A3004"); err != nil {
		t.Fatalf("the write after the restore is lost: %v", err)
	}
	checkIndexes(t, db)
}

// TestBackupAndRestoreFiles: backup FILE never fails on its own stale
// FILE.partial, never overwrites, and says what is wrong with a folder;
// restore DIR or a missing file is one sentence without Go's wording.
func TestBackupAndRestoreFiles(t *testing.T) {
	db := openT(t, t.TempDir())
	seed(t, db)
	want := dump(t, db)
	out := t.TempDir()
	file := filepath.Join(out, "weekly.bak")
	must(t, os.WriteFile(file+".partial", []byte("left by a killed backup"), 0o600))
	size, err := db.BackupFile(file)
	must(t, err)
	if fi, err := os.Stat(file); err != nil || fi.Size() != size || size < 100 {
		t.Fatalf("backup %d bytes: %v %v", size, fi, err)
	}
	if _, err := os.Stat(file + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("the .partial file is left: %v", err)
	}
	if _, err := os.Stat(filepath.Join(db.dir, backupMarker)); !os.IsNotExist(err) {
		t.Fatalf("the backup marker is left: %v", err)
	}
	_, err = db.BackupFile(file)
	wantCode(t, err, meeting.EINVALID, "weekly.bak already exists; pick a new file name")
	_, err = db.BackupFile(out)
	wantCode(t, err, meeting.EINVALID, "is a folder; give the name of a new file for the backup")
	_, err = db.BackupFile(filepath.Join(out, "no", "such", "folder.bak"))
	wantCode(t, err, meeting.EINTERNAL, "cannot create the backup "+filepath.Join(out, "no", "such", "folder.bak")+": no such file or directory")

	wantCode(t, db.RestoreFile(out), meeting.EINVALID, out+" is a folder, not a backup; give the file `cxroom backup` wrote")
	err = db.RestoreFile(filepath.Join(out, "missing.bak"))
	wantCode(t, err, meeting.EINVALID, "cannot open "+filepath.Join(out, "missing.bak")+": no such file or directory")
	if msg := meeting.ErrorMessage(err); strings.Contains(msg, "copy_file_range") || strings.HasPrefix(msg, "open ") || strings.HasPrefix(msg, "stat ") {
		t.Fatal(err)
	}
	must(t, db.CreateAction(ctx, action("replaced", "eve", "2026-12-01")))
	must(t, db.RestoreFile(file))
	if got := dump(t, db); got != want {
		t.Fatal("restored from the file: other data")
	}
}

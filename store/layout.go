package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"cxroom/meeting"
)

// The data folder's layout. Badger's files live in a sub-folder named by
// the file CURRENT, the way LevelDB names its manifest:
//
//	<data>/CURRENT          "db-000002\n", replaced atomically (write, fsync, rename, fsync)
//	<data>/db-000002/       the active Badger database
//	<data>/db-000003/       a restore being built (anything CURRENT does not name is a leftover)
//
// So a restore builds and checks the new database beside the old one and
// swaps it in with one rename: at every instant the folder holds either the
// complete old database or the complete new one. Open removes what an
// interrupted restore (or migration) left behind.
//
// The first cxroom kept Badger's files in the data folder itself; Open moves
// them into db-000001 (file by file, then CURRENT; an interrupted move is
// finished by the next Open, because until CURRENT exists nothing reads them).
const (
	currentFile   = "CURRENT"
	firstDB       = "db-000001"
	backupMarker  = "cxroom-backup-in-progress" // names the .partial file of a running backup
	oldTempPrefix = "cxroom-restore-"           // the temp files older versions left in the system temp folder
)

var dbDirName = regexp.MustCompile(`^db-[0-9]{6}$`)

// errNoRoomToSetUp: the folder has no database yet and the disk is below
// the reserve.
var errNoRoomToSetUp = fmt.Errorf("no database to open read-only: %w", errDiskFull)

// badgerFile reports whether name is one of the files Badger keeps in its
// folder.
func badgerFile(name string) bool {
	switch name {
	case "MANIFEST", "MANIFEST-REWRITE", "KEYREGISTRY", "REWRITE-KEYREGISTRY", "DISCARD", "LOCK":
		return true
	}
	return strings.HasSuffix(name, ".sst") || strings.HasSuffix(name, ".vlog") || strings.HasSuffix(name, ".mem")
}

// damaged is the sentence for a data folder whose layout makes no sense
// (someone edited it by hand).
func damaged(dir, what string) error {
	return meeting.Errorf(meeting.EINVALID, "the data folder %s looks damaged (%s); restore a backup into a new folder with --data", dir, what)
}

// readCurrent returns the folder CURRENT names, "" when there is no CURRENT.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", currentFile, err)
	}
	name := strings.TrimSpace(string(b))
	if !dbDirName.MatchString(name) {
		return "", damaged(dir, "CURRENT names no database")
	}
	if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.IsDir() {
		return "", damaged(dir, "CURRENT names a database that is not there")
	}
	return name, nil
}

// setCurrent points CURRENT at name, atomically and durably.
func setCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := writeSynced(tmp, []byte(name+"\n")); err != nil {
		return fmt.Errorf("write %s: %w", currentFile, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("replace %s: %w", currentFile, err)
	}
	return syncDir(dir)
}

// writeSynced writes a new file and syncs it.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes the names in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// syncTree syncs every file in dir, then dir itself: a database Badger
// closed is made durable before CURRENT may name it.
func syncTree(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", e.Name(), err)
		}
	}
	return syncDir(dir)
}

// nextDBName is the name after the highest db-NNNNNN in dir.
func nextDBName(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	high := 0
	for _, e := range ents {
		if dbDirName.MatchString(e.Name()) {
			n, _ := strconv.Atoi(e.Name()[3:])
			high = max(high, n)
		}
	}
	if high >= 999999 {
		return "", damaged(dir, "too many database folders")
	}
	return fmt.Sprintf("db-%06d", high+1), nil
}

// layout prepares the data folder (already locked by this process) and
// returns the folder Badger opens. It removes leftovers of interrupted
// restores and backups, finishes or starts the move from the first layout,
// and creates a fresh database's folder. With low set (the disk is below the
// reserve, asked after the leftovers are gone) it writes nothing that needs
// space: no move, no new database.
func layout(dir string, isLow func() bool, log *slog.Logger) (string, error) {
	_ = os.Remove(filepath.Join(dir, currentFile+".tmp"))
	cleanBackup(dir, log)
	cleanOldTemp(log)
	cur, err := readCurrent(dir)
	if err != nil {
		return "", err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("read the data folder: %w", err)
	}
	var inRoot []string
	for _, e := range ents {
		name := e.Name()
		switch {
		case dbDirName.MatchString(name) && name != cur && (cur != "" || name != firstDB):
			// A restore that never became CURRENT, or the database a
			// finished restore replaced.
			size := treeSize(filepath.Join(dir, name))
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				log.Warn("could not remove the leftovers of an interrupted restore", "folder", filepath.Join(dir, name), "err", err)
				continue
			}
			log.Info("removed the leftovers of an interrupted restore", "folder", filepath.Join(dir, name), "mb", size>>20)
		case cur == "" && e.Type().IsRegular() && badgerFile(name):
			inRoot = append(inRoot, name)
		}
	}
	low := isLow()
	if cur != "" {
		return filepath.Join(dir, cur), nil
	}

	// No CURRENT: the first layout (Badger's files in dir), a move into
	// db-000001 that was interrupted, or a new folder.
	first := filepath.Join(dir, firstDB)
	_, statErr := os.Stat(first)
	started := statErr == nil
	// (An older cxroom still running on the first layout holds a flock on
	// dir itself, as this one does: Open has already refused it.)
	if low {
		switch {
		case len(inRoot) > 0 && !started:
			return dir, nil // the first layout, opened where it is (read-only)
		case len(inRoot) == 0 && started:
			return first, nil
		}
		return "", errNoRoomToSetUp
	}
	if !started {
		if err := os.Mkdir(first, 0o700); err != nil {
			return "", fmt.Errorf("create %s: %w", first, err)
		}
	}
	for _, name := range inRoot {
		if name == "LOCK" {
			_ = os.Remove(filepath.Join(dir, name)) // stale: nobody holds it
			continue
		}
		to := filepath.Join(first, name)
		if _, err := os.Lstat(to); err == nil {
			return "", damaged(dir, name+" is both in the folder and in "+firstDB)
		}
		if err := os.Rename(filepath.Join(dir, name), to); err != nil {
			return "", fmt.Errorf("move %s into %s: %w", name, firstDB, err)
		}
	}
	if err := syncDir(first); err != nil {
		return "", err
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	if err := setCurrent(dir, firstDB); err != nil {
		return "", err
	}
	if len(inRoot) > 0 {
		log.Info("moved the database into its own folder", "folder", first)
	}
	return first, nil
}

// treeSize is the bytes of the regular files under dir.
func treeSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// cleanBackup removes the .partial file of a backup that was interrupted
// (the marker in the data folder names it).
func cleanBackup(dir string, log *slog.Logger) {
	marker := filepath.Join(dir, backupMarker)
	b, err := os.ReadFile(marker)
	if err != nil {
		return
	}
	partial := strings.TrimSpace(string(b))
	if strings.HasSuffix(partial, ".partial") && filepath.IsAbs(partial) {
		if fi, err := os.Lstat(partial); err == nil && fi.Mode().IsRegular() {
			if os.Remove(partial) == nil {
				log.Info("removed the unfinished file of an interrupted backup", "file", partial, "mb", fi.Size()>>20)
			}
		}
	}
	_ = os.Remove(marker)
}

// cleanOldTemp removes the temp files an interrupted restore of an older
// cxroom left in the system temp folder (as large as the backup, each).
func cleanOldTemp(log *slog.Logger) {
	tmp := os.TempDir()
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), oldTempPrefix) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil || !tempOwned(fi) {
			continue
		}
		if os.Remove(filepath.Join(tmp, e.Name())) == nil {
			log.Info("removed the temp file of an interrupted restore", "file", filepath.Join(tmp, e.Name()), "mb", fi.Size()>>20)
		}
	}
}

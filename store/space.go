package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	"cxroom/meeting"
)

// A full disk must never crash the process. Badger writes its memtable log,
// its value log and the tables it builds through memory-mapped files, and a
// write into a mapped page the filesystem cannot back is a SIGBUS, not an
// error. So the store keeps a free-space reserve: every write transaction
// first checks (statfs) that the data folder's filesystem has at least
// Reserve bytes free, and is refused with one sentence when it has not;
// reads go on. A timer repeats the check so that the change is logged once
// each way, and writes resume by themselves when space returns.
//
// DefaultReserve is what Badger may write on its own after the last write
// let in, with the options Open sets, at a few GB of data:
//
//	the memtable's log, and the next one's      2 × 8 MB     16 MB
//	flushing a memtable to a level-0 table      1 × 8 MB      8 MB
//	level 0 → base compaction, written before   4 × 8 MB +
//	  its inputs are deleted                      ~10 MB base 42 MB
//	the second compactor: a table and its        ~11 × 4 MB   44 MB
//	  overlap in the next level
//	a new value-log file (values over 1 MB         16 MB      16 MB
//	  only; cxroom's records are a few KB)
//	                                                         ≈126 MB
//
// The default is twice that.
const DefaultReserve = 256 << 20

// closeRoom is the least free space Close needs to flush the memtable
// (one table of at most memTableSize). With less, Close leaves the memtable
// in its log, where the next Open finds it, as after a crash.
const closeRoom = 2*memTableSize + 1<<20

// checkEvery is how often the monitor re-checks the disk and the folder.
const checkEvery = 2 * time.Second

// folderError is the one sentence users get once the data folder has
// vanished or cannot be written (the log has the path and the cause).
func folderError(what string, cause error) *meeting.Error {
	return &meeting.Error{Code: meeting.EINTERNAL, Err: cause,
		Message: "the server's data folder " + what + "; nothing was saved — tell whoever runs cxroom"}
}

// diskFull is the sentence for a write refused by the reserve.
func diskFull(free uint64, reserve int64) *meeting.Error {
	return &meeting.Error{Code: meeting.EINTERNAL, Err: errDiskFull, Message: fmt.Sprintf(
		"the server's disk is almost full (%s free, %s reserved); nothing was saved — free some space", mb(int64(free)), mb(reserve))}
}

var errDiskFull = errors.New("free space below the reserve")

// ErrDiskFull reports whether err is a write refused because the disk is
// below the reserve.
func ErrDiskFull(err error) bool { return errors.Is(err, errDiskFull) }

// mb formats a byte count for people: "12 MB", "1.5 GB", "800 KB".
func mb(n int64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	default:
		return fmt.Sprintf("%d KB", n>>10)
	}
}

// canWrite is the hook every write passes first: nil, or the sentence that
// says why nothing may be written now.
func (db *DB) canWrite() error {
	if db.dir == "" {
		return nil
	}
	if err := db.checkFolder(); err != nil {
		return err
	}
	if db.reserve > 0 {
		free, err := db.freeSpace(db.dir)
		if err != nil {
			return db.setBroken(folderError("cannot be read", fmt.Errorf("statfs %s: %w", db.dir, err)))
		}
		if int64(free) < db.reserve {
			if db.low.CompareAndSwap(false, true) {
				db.events.Warn("the disk is below the free-space reserve: writes are refused until space is freed",
					"folder", db.dir, "free_mb", free>>20, "reserve_mb", db.reserve>>20)
			}
			return diskFull(free, db.reserve)
		}
		if db.low.CompareAndSwap(true, false) {
			if db.readOnly {
				db.events.Info("the disk is above the free-space reserve again: restart cxroom to save again (it opened the data read-only)",
					"folder", db.dir, "free_mb", free>>20)
			} else {
				db.events.Info("the disk is above the free-space reserve again: writes resume",
					"folder", db.dir, "free_mb", free>>20)
			}
		}
	}
	if db.readOnly {
		return &meeting.Error{Code: meeting.EINTERNAL, Err: errDiskFull,
			Message: "the server's disk was almost full when cxroom started, so it opened the data read-only; nothing was saved — restart cxroom now that there is space"}
	}
	return nil
}

// checkFolder notices a data folder (or active database folder) that was
// deleted, replaced, or made unwritable since Open. A vanished folder is
// final: the files Badger has open are no longer reachable by their names.
func (db *DB) checkFolder() error {
	if e := db.broken.Load(); e != nil {
		return e
	}
	for _, f := range []struct {
		path string
		was  os.FileInfo
	}{{db.dir, db.dirInfo}, {db.active, db.activeInfo}} {
		fi, err := os.Stat(f.path)
		if err != nil || !os.SameFile(fi, f.was) {
			if err == nil {
				err = fmt.Errorf("%s was replaced by another folder", f.path)
			}
			return db.setBroken(folderError("has vanished", err))
		}
	}
	if db.readOnly {
		return nil
	}
	if err := db.writable(db.active); err != nil {
		if db.unwritable.CompareAndSwap(false, true) {
			db.events.Error("the data folder cannot be written: writes are refused", "folder", db.active, "err", err)
		}
		return folderError("cannot be written", err)
	}
	if db.unwritable.CompareAndSwap(true, false) {
		db.events.Info("the data folder can be written again: writes resume", "folder", db.active)
	}
	return nil
}

// setBroken records the first fatal folder error, logs it once, and returns
// the recorded one.
func (db *DB) setBroken(e *meeting.Error) error {
	if db.broken.CompareAndSwap(nil, e) {
		db.events.Error("the data folder has vanished or cannot be read: writes are refused; restart cxroom with a data folder",
			"folder", db.dir, "err", e.Err)
	}
	return db.broken.Load()
}

// monitor re-checks the disk and the folder every checkEvery, and runs the
// value-log GC every gcEvery, until Close. It skips a turn while a Restore
// (which holds gcMu) swaps the database.
func (db *DB) monitor(gcEvery time.Duration) {
	defer close(db.gcDone)
	check := time.NewTicker(db.checkEvery)
	defer check.Stop()
	gc := time.NewTicker(gcEvery)
	defer gc.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-check.C:
			if db.gcMu.TryLock() {
				_ = db.canWrite() // logs the changes
				db.gcMu.Unlock()
			}
		case <-gc.C:
			if db.gcMu.TryLock() {
				if !db.readOnly && db.canWrite() == nil {
					db.runGC()
				}
				db.gcMu.Unlock()
			}
		}
	}
}

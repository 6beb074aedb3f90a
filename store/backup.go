package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"
)

// Backup writes the whole database to w (Badger's backup format).
func (db *DB) Backup(w io.Writer) error {
	if _, err := db.bdb.Backup(w, 0); err != nil {
		return fmt.Errorf("back up the database: %w", err)
	}
	return nil
}

// BackupFile writes a backup to the new file path and returns its size.
// It writes path.partial first (replacing a stale one an interrupted backup
// left), syncs it and renames it, so path only ever holds a whole backup;
// the data folder names the .partial file while it is written, so that the
// next Open removes it if this process dies.
func (db *DB) BackupFile(path string) (int64, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("backup file %s: %w", path, err)
	}
	if fi, err := os.Lstat(abs); err == nil {
		if fi.IsDir() {
			return 0, meeting.Errorf(meeting.EINVALID, "%s is a folder; give the name of a new file for the backup", path)
		}
		return 0, meeting.Errorf(meeting.EINVALID, "%s already exists; pick a new file name", path)
	}
	tmp := abs + ".partial"
	if fi, err := os.Lstat(tmp); err == nil {
		if fi.IsDir() {
			return 0, meeting.Errorf(meeting.EINVALID, "%s.partial is a folder in the way; move it or pick another file name", path)
		}
		if err := os.Remove(tmp); err != nil { // left by an interrupted backup
			return 0, fileError("replace the unfinished backup", path+".partial", err)
		}
	}
	if db.dir != "" {
		marker := filepath.Join(db.dir, backupMarker)
		if writeSynced(marker, []byte(tmp+"\n")) == nil {
			defer os.Remove(marker)
		}
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, fileError("create the backup", path, err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := db.Backup(w); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) || errors.Is(err, syscall.ENOSPC) {
			return 0, fileError("write the backup", path, err)
		}
		return 0, err
	}
	err = w.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, abs)
	}
	if err != nil {
		return 0, fileError("write the backup", path, err)
	}
	done = true
	_ = syncDir(filepath.Dir(abs))
	fi, err := os.Stat(abs)
	if err != nil {
		return 0, fileError("read the backup", path, err)
	}
	return fi.Size(), nil
}

// fileError is the one sentence for a file the user named that could not
// be used: what was being done, the file, and the system's reason without
// the path repeated.
func fileError(doing, path string, err error) error {
	reason := err.Error()
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.Is(err, syscall.ENOSPC):
		reason = "the disk is full"
	case errors.As(err, &pe):
		reason = pe.Err.Error()
	case errors.As(err, &le):
		reason = le.Err.Error()
	}
	return &meeting.Error{Code: meeting.EINTERNAL, Err: err, Message: fmt.Sprintf("cannot %s %s: %s", doing, path, reason)}
}

// RestoreFile replaces the whole database with the backup in the file at
// path (see Restore).
func (db *DB) RestoreFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return meeting.Errorf(meeting.EINVALID, "cannot open %s: %s", path, err)
	}
	if fi.IsDir() {
		return meeting.Errorf(meeting.EINVALID, "%s is a folder, not a backup; give the file `cxroom backup` wrote", path)
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return meeting.Errorf(meeting.EINVALID, "cannot open %s: %s", path, err)
	}
	defer f.Close()
	return db.Restore(f)
}

// Restore replaces the whole database with the backup read from r, all or
// nothing. The backup is loaded into a new database folder beside the
// active one, every frame checked before Badger sees it (a file that is not
// a cxroom backup, or comes from a newer cxroom, is refused with an
// EINVALID error); the new database is closed, reopened and its record
// counts compared with the backup's; only then does CURRENT name it (one
// atomic rename). A crash at any point leaves the old database or the new
// one, never a mix; the next Open removes the loser. Nothing else may use
// the database while it runs.
func (db *DB) Restore(r io.Reader) error {
	if err := db.canWrite(); err != nil {
		return err
	}
	size := int64(-1)
	if st, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size >= 0 && db.dir != "" && db.reserve > 0 {
		// The new database is about the backup's size; twice that leaves
		// room for the compactions while the old one is still there.
		if free, err := db.freeSpace(db.dir); err == nil && int64(free)-2*size < db.reserve {
			return &meeting.Error{Code: meeting.EINTERNAL, Err: errDiskFull, Message: fmt.Sprintf(
				"the server's disk has too little space to restore this backup (%s free; it needs about %s plus the %s reserve); nothing was changed — free some space",
				mb(int64(free)), mb(2*size), mb(db.reserve))}
		}
	}
	db.gcMu.Lock()
	defer db.gcMu.Unlock()

	newDir := ""
	if db.dir != "" {
		name, err := nextDBName(db.dir)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		newDir = filepath.Join(db.dir, name)
		if err := os.Mkdir(newDir, 0o700); err != nil {
			return fileError("create the folder for the restore", newDir, err)
		}
	}
	nb, err := openBadger(newDir, false, false, db.log)
	if err != nil {
		_ = os.RemoveAll(newDir)
		return fmt.Errorf("restore: %w", err)
	}
	fail := func(err error) error {
		_ = nb.Close()
		if newDir != "" {
			_ = os.RemoveAll(newDir)
		}
		return err
	}
	cr := newCheckedReader(r, size, schemaOf(db.migrations), db.canWrite)
	if err := nb.Load(cr, 16); err != nil {
		if cr.err != nil && cr.err != io.EOF {
			return fail(cr.err)
		}
		return fail(fmt.Errorf("restore: load the backup: %w", err))
	}
	if err := cr.finish(); err != nil {
		return fail(err)
	}
	if newDir != "" {
		// It must open as a database, from its files alone.
		if err := nb.Close(); err != nil {
			return fail(fmt.Errorf("restore: close the new database: %w", err))
		}
		if nb, err = openBadger(newDir, false, false, db.log); err != nil {
			nb = nil
			_ = os.RemoveAll(newDir)
			return fmt.Errorf("restore: reopen the new database: %w", err)
		}
	}
	got, err := countKeys(nb)
	if err != nil {
		return fail(fmt.Errorf("restore: count the new database: %w", err))
	}
	if !maps.Equal(got, cr.counts) {
		return fail(&meeting.Error{Code: meeting.EINVALID, Message: "the backup did not restore whole (its record counts differ once loaded); nothing was changed",
			Err: fmt.Errorf("loaded %v, backup %v", got, cr.counts)})
	}
	if newDir == "" {
		old := db.bdb
		db.bdb = nb
		_ = old.Close()
		return db.migrate()
	}
	if err := nb.Close(); err != nil {
		return fail(fmt.Errorf("restore: close the new database: %w", err))
	}
	if err := syncTree(newDir); err != nil {
		_ = os.RemoveAll(newDir)
		return fmt.Errorf("restore: %w", err)
	}
	return db.swapIn(newDir)
}

// swapIn makes the database in newDir (closed, synced) the active one:
// close the old, point CURRENT at the new (the commit), open it, remove the
// old folder. If CURRENT cannot be replaced the old database is reopened.
func (db *DB) swapIn(newDir string) error {
	oldDir := db.active
	if err := db.closeBadgerWithin(db.bdb); err != nil {
		_ = os.RemoveAll(newDir)
		return fmt.Errorf("restore: close the current database: %w", err)
	}
	reopen := func(dir string) error {
		b, err := openBadger(dir, false, false, db.log)
		if err != nil {
			return err
		}
		fi, err := os.Stat(dir)
		if err != nil {
			_ = b.Close()
			return err
		}
		db.bdb, db.active, db.activeInfo = b, dir, fi
		return nil
	}
	if err := setCurrent(db.dir, filepath.Base(newDir)); err != nil {
		_ = os.RemoveAll(newDir)
		if rerr := reopen(oldDir); rerr != nil {
			return fmt.Errorf("restore: %w (and reopening the current database: %v)", err, rerr)
		}
		return fmt.Errorf("restore: %w", err)
	}
	if err := reopen(newDir); err != nil {
		return fmt.Errorf("restore: open the restored database (restart cxroom): %w", err)
	}
	if filepath.Dir(oldDir) == db.dir && dbDirName.MatchString(filepath.Base(oldDir)) {
		_ = os.RemoveAll(oldDir) // if this is cut short, the next Open finishes it
	}
	return db.migrate()
}

// closeBadgerWithin closes b within the close timeout.
func (db *DB) closeBadgerWithin(b *badger.DB) error {
	done := make(chan error, 1)
	go func() { done <- b.Close() }()
	t := time.NewTimer(db.closeTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("not closed after %s", db.closeTimeout)
	}
}

// keyClass groups keys for the restore's counts.
func keyClass(k []byte) string {
	if i := bytes.IndexByte(k, '/'); i > 0 && i < 3 {
		return string(k[:i+1])
	}
	return "other"
}

// countKeys counts the live keys of b by class.
func countKeys(b *badger.DB) (map[string]int, error) {
	counts := map[string]int{}
	err := b.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			counts[keyClass(it.Item().Key())]++
		}
		return nil
	})
	return counts, err
}

// Badger's meta bits, as its backup writes them.
const (
	metaDelete = 1 << 0
)

// maxFrame bounds one frame of a backup of unknown size.
const maxFrame = 256 << 20

// checkedReader hands Badger's Load a backup one frame at a time, each
// frame checked before it is passed on: it must decode, every key must be
// one cxroom writes, and its size must fit what is left of the file. It
// counts the live keys by class and finds the data version, and calls
// space between frames (every 4 MB) so a restore stops before the disk
// runs below the reserve.
type checkedReader struct {
	src     *bufio.Reader
	size    int64 // -1: unknown
	read    int64
	current int
	space   func() error
	unsure  int64 // bytes since space was last called

	frame []byte // checked, being handed out
	off   int
	err   error // sticky: io.EOF at the clean end

	counts      map[string]int
	version, at uint64 // the data version and the Badger version that wrote it
}

func newCheckedReader(r io.Reader, size int64, current int, space func() error) *checkedReader {
	return &checkedReader{src: bufio.NewReaderSize(r, 64<<10), size: size, current: current, space: space, counts: map[string]int{}}
}

func (c *checkedReader) Read(p []byte) (int, error) {
	for c.off == len(c.frame) {
		if c.err != nil {
			return 0, c.err
		}
		c.err = c.next()
	}
	n := copy(p, c.frame[c.off:])
	c.off += n
	return n, nil
}

func notBackup(format string, args ...any) error {
	return &meeting.Error{Code: meeting.EINVALID, Message: "the file is not a cxroom backup", Err: fmt.Errorf(format, args...)}
}

// readError is a backup cut short (not a backup) or one that could not be
// read (the sentence says why).
func readError(err error, format string, args ...any) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return notBackup(format+": %v", append(args, err)...)
	}
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return &meeting.Error{Code: meeting.EINTERNAL, Err: fmt.Errorf(format+": %w", append(args, err)...),
		Message: "cannot read the backup: " + reason + "; nothing was changed"}
}

// next reads and checks the next frame into c.frame.
func (c *checkedReader) next() error {
	var hdr [8]byte
	if _, err := io.ReadFull(c.src, hdr[:]); err == io.EOF {
		return io.EOF
	} else if err != nil {
		return readError(err, "frame header at %d", c.read)
	}
	n := binary.LittleEndian.Uint64(hdr[:])
	c.read += 8
	limit := uint64(maxFrame)
	if c.size >= 0 {
		limit = uint64(max(c.size-c.read, 0))
	}
	if n > limit {
		return notBackup("frame at %d claims %d bytes", c.read, n)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, 1<<20)) + 8)
	buf.Write(hdr[:])
	if got, err := io.CopyN(&buf, c.src, int64(n)); err != nil {
		return readError(err, "frame at %d: %d of %d bytes", c.read, got, n)
	}
	c.read += int64(n)
	var list pb.KVList
	if err := proto.Unmarshal(buf.Bytes()[8:], &list); err != nil {
		return notBackup("frame at %d: %v", c.read, err)
	}
	var last []byte
	now := uint64(time.Now().Unix())
	for _, kv := range list.Kv {
		k := string(kv.Key)
		switch {
		case k == schemaKey:
			if len(kv.Value) == 8 && kv.Version >= c.at {
				c.version, c.at = binary.BigEndian.Uint64(kv.Value), kv.Version
			}
		case !strings.HasPrefix(k, "r/") && !strings.HasPrefix(k, "x/") && !strings.HasPrefix(k, "s/"):
			return notBackup("unexpected key %q", k)
		}
		// A key's versions come together, newest first: the first says
		// whether it is live.
		if bytes.Equal(kv.Key, last) {
			continue
		}
		last = kv.Key
		deleted := len(kv.Meta) > 0 && kv.Meta[0]&metaDelete != 0
		expired := kv.ExpiresAt != 0 && kv.ExpiresAt <= now
		if !deleted && !expired {
			c.counts[keyClass(kv.Key)]++
		}
	}
	c.frame, c.off = buf.Bytes(), 0
	if c.unsure += int64(n) + 8; c.unsure >= 4<<20 && c.space != nil {
		c.unsure = 0
		if err := c.space(); err != nil {
			return err
		}
	}
	return nil
}

// finish checks what only the whole backup tells: its data version.
func (c *checkedReader) finish() error {
	switch {
	case c.err != io.EOF:
		return notBackup("not read to its end")
	case c.version == 0:
		return notBackup("no data version")
	case c.version > uint64(c.current):
		return meeting.Errorf(meeting.EINVALID, "the backup was made by a newer cxroom (data version %d; this one reads up to %d); upgrade cxroom to restore it", c.version, c.current)
	}
	return nil
}

// Digest is a SHA-256 over every live key and value of the database, in
// key order: two databases hold the same data exactly when their digests
// are equal (a restore's result equals its source).
func (db *DB) Digest(ctx context.Context) (string, error) {
	h := sha256.New()
	err := db.bdb.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		var n [8]byte
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := it.Item()
			binary.BigEndian.PutUint64(n[:], uint64(len(item.Key())))
			h.Write(n[:])
			h.Write(item.Key())
			if err := item.Value(func(v []byte) error {
				binary.BigEndian.PutUint64(n[:], uint64(len(v)))
				h.Write(n[:])
				h.Write(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("digest the database: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Empty reports whether the database holds no records at all.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	empty := true
	err := db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues, opt.Prefix = false, []byte("r/")
		it := txn.NewIterator(opt)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("read the database: %w", err)
	}
	return empty, nil
}

// Long on purpose: opening, the free-space reserve, crash recovery and closing of one Badger folder share the DB's state and locks.

// Package store keeps cxroom's records in an embedded Badger database and
// implements meeting.Store.
//
// Key layout (all keys are ASCII prefixes followed by user data):
//
//	m/schema                          layout version, uint64 big-endian
//	s/<kind>                          last id number allocated for a kind (A, I, S, M, J, G, P, R)
//	s/decision/<YYYY-MM-DD>           last decision number of that day
//	r/<kind>/<id>                     the record, JSON
//	x/<index>/<field>\x00…\x00<id>    index entry, empty value; the id is after the last NUL
//	x/  and  x/\x00                   the index floor: empty, below every index entry (see indexFloor)
//
// Every write is one transaction (record, index entries and counters
// together; Atomically: every record a command writes), synced to disk
// before it returns, and retried on conflict: an Update or Atomically fn
// may run more than once, so it should only change the records.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// Options configures Open.
type Options struct {
	InMemory   bool          // badger in-memory mode, for tests; dir is ignored
	GCInterval time.Duration // value-log GC period; 0 means 10 minutes
	Logger     badger.Logger // nil = silent: the TUI owns the terminal

	// Reserve is the free space (bytes) the data folder's disk must keep:
	// below it every write is refused with one sentence while reads go on,
	// and a folder opened below it is opened read-only. 0 means
	// DefaultReserve; negative means no reserve.
	Reserve int64
	// CloseTimeout bounds Close; 0 means 10 seconds.
	CloseTimeout time.Duration
	// Log gets the store's own events, each logged once: the disk going
	// below the reserve and back, a vanished or unwritable folder, leftovers
	// removed at Open. nil = none.
	Log *slog.Logger

	migrations []migration                  // nil = the package's; tests register their own
	freeSpace  func(string) (uint64, error) // nil = statfs
	writable   func(string) error           // nil = access(2) W_OK
	checkEvery time.Duration                // 0 = every 2 seconds
}

// DB is the Badger-backed meeting.Store.
type DB struct {
	bdb        *badger.DB
	dir        string // absolute data folder; "" in memory
	active     string // the Badger folder CURRENT names (dir itself for the first layout)
	log        badger.Logger
	events     *slog.Logger
	started    time.Time
	migrations []migration

	lock         *os.File // flock on dir, held until Close
	dirInfo      os.FileInfo
	activeInfo   os.FileInfo
	reserve      int64
	freeSpace    func(string) (uint64, error)
	writable     func(string) error
	readOnly     bool // opened below the reserve
	closeTimeout time.Duration
	checkEvery   time.Duration
	low          atomic.Bool                   // below the reserve at the last check
	unwritable   atomic.Bool                   // the folder could not be written at the last check
	broken       atomic.Pointer[meeting.Error] // the folder vanished: final

	mu     sync.Mutex // owner file
	closed bool
	gcMu   sync.Mutex        // the monitor (GC, checks) against Restore
	turns  [32]chan struct{} // see turn
	stop   chan struct{}
	gcDone chan struct{}
	once   sync.Once
	err    error    // from Close
	obs    observer // told what commits wrote (observe.go)
}

var _ meeting.Store = (*DB)(nil)

const (
	ownerFile  = "cxroom-owner.json"
	schemaKey  = "m/schema"
	maxAttempt = 16 // transaction attempts before a conflict is reported

	memTableSize = 8 << 20
)

// badgerOptions are the options every database of the store is opened
// with (dir "" is in memory). Sized for a small app: the defaults take
// ~86 MB of heap, these ~12 MB; and small files keep the free-space
// reserve small (see DefaultReserve).
func badgerOptions(dir string, log badger.Logger) badger.Options {
	bo := badger.DefaultOptions(dir)
	if dir == "" {
		bo = bo.WithInMemory(true)
	}
	return bo.WithSyncWrites(true).WithMemTableSize(memTableSize).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(8 << 20).WithIndexCacheSize(8 << 20).
		WithValueThreshold(1 << 20).WithValueLogFileSize(16 << 20).
		WithNumCompactors(2).WithLogger(log)
}

// Open opens (creating if needed, mode 0700) the database in dir. A folder
// held by another process yields an ECONFLICT *meeting.Error saying who
// holds it. A folder whose disk is below the reserve is opened read-only:
// reads work, writes are refused with one sentence.
func Open(dir string, opt Options) (*DB, error) {
	db := &DB{log: opt.Logger, events: opt.Log, started: time.Now(), migrations: opt.migrations,
		stop: make(chan struct{}), gcDone: make(chan struct{}),
		reserve: opt.Reserve, freeSpace: opt.freeSpace, writable: opt.writable, closeTimeout: opt.CloseTimeout, checkEvery: opt.checkEvery}
	if db.log == nil {
		db.log = quiet{}
	}
	if db.events == nil {
		db.events = slog.New(slog.DiscardHandler)
	}
	if db.reserve == 0 {
		db.reserve = DefaultReserve
	}
	if db.freeSpace == nil {
		db.freeSpace = statfsFree
	}
	if db.writable == nil {
		db.writable = writable
	}
	if db.closeTimeout <= 0 {
		db.closeTimeout = 10 * time.Second
	}
	if db.checkEvery <= 0 {
		db.checkEvery = checkEvery
	}
	for i := range db.turns {
		db.turns[i] = make(chan struct{}, 1)
	}
	if db.migrations == nil {
		db.migrations = migrations
	}
	if opt.InMemory {
		b, err := badger.Open(badgerOptions("", db.log))
		if err != nil {
			return nil, fmt.Errorf("open an in-memory database: %w", err)
		}
		db.bdb = b
		if err := db.migrate(); err != nil {
			_ = b.Close()
			return nil, err
		}
		close(db.gcDone)
		return db, nil
	}
	if err := db.openDir(dir); err != nil {
		return nil, err
	}
	every := opt.GCInterval
	if every <= 0 {
		every = 10 * time.Minute
	}
	go db.monitor(every)
	return db, nil
}

// openDir locks dir, prepares its layout and opens the active database,
// read-only when the disk is below the reserve. On error nothing is held.
func (db *DB) openDir(dir string) (err error) {
	if strings.TrimSpace(dir) == "" {
		return meeting.Errorf(meeting.EINVALID, "no data folder was given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("data folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return &meeting.Error{Code: meeting.EINTERNAL, Err: err,
				Message: "the disk is full: cannot create the data folder " + abs + "; free some space"}
		}
		return fmt.Errorf("create the data folder: %w", err)
	}
	db.dir = abs
	if db.lock, err = lockFolder(abs); err != nil {
		if lockHeld(err) {
			return inUse(abs, err)
		}
		return fmt.Errorf("open the data folder %s: %w", abs, err)
	}
	defer func() {
		if err != nil {
			db.lock.Close()
		}
	}()
	if db.dirInfo, err = os.Stat(abs); err != nil {
		return fmt.Errorf("open the data folder %s: %w", abs, err)
	}
	// Leftovers are removed before the free space is measured: they may
	// be what fills the disk.
	low := false
	isLow := func() bool {
		free, ferr := db.freeSpace(abs)
		low = db.reserve > 0 && ferr == nil && int64(free) < db.reserve
		return low
	}
	if db.active, err = layout(abs, isLow, db.events); err != nil {
		if errors.Is(err, errNoRoomToSetUp) {
			free, _ := db.freeSpace(abs)
			return &meeting.Error{Code: meeting.EINTERNAL, Err: err, Message: fmt.Sprintf(
				"the disk of the data folder %s is almost full (%s free, %s reserved); free some space so cxroom can set up its database",
				abs, mb(int64(free)), mb(db.reserve))}
		}
		return err
	}
	if db.activeInfo, err = os.Stat(db.active); err != nil {
		return fmt.Errorf("open the data folder %s: %w", abs, err)
	}
	db.readOnly = low
	if low {
		db.low.Store(true)
		free, _ := db.freeSpace(abs)
		db.events.Warn("the disk is below the free-space reserve: the data is opened read-only until cxroom restarts with space",
			"folder", abs, "free_mb", free>>20, "reserve_mb", db.reserve>>20)
	}
	if db.bdb, err = openBadger(db.active, low, db.active == abs, db.log); err != nil {
		if lockHeld(err) {
			return inUse(abs, err)
		}
		return err
	}
	if low {
		err = db.checkVersion()
	} else if err = db.migrate(); err == nil {
		err = db.writeOwner("")
	}
	if err != nil {
		_ = db.bdb.Close()
		return err
	}
	return nil
}

// openBadger opens the Badger folder at path. Read-only, a memtable log
// left by a process that did not close (a crash, or a Close on a full disk)
// is first cut to its last complete entry, as a read-write open would: that
// frees space and needs none. Badger locks the folder it opens with a flock
// on it; for the first layout that is the data folder, which Open already
// holds, so Badger's own lock is bypassed there.
func openBadger(path string, readOnly, inDataFolder bool, log badger.Logger) (*badger.DB, error) {
	bo := badgerOptions(path, log).WithReadOnly(readOnly).WithBypassLockGuard(inDataFolder)
	dropEmptyLogs(path)
	if readOnly {
		cutHoles(path)
	}
	for range 8 {
		b, err := badger.Open(bo)
		if err == nil {
			return b, nil
		}
		// (Badger wraps with %+v, so its errors are matched by text.)
		if !readOnly || !walTruncate.MatchString(err.Error()) {
			if lockHeld(err) {
				return nil, err
			}
			if readOnly && strings.Contains(err.Error(), "manifest") {
				return nil, &meeting.Error{Code: meeting.EINTERNAL, Err: err,
					Message: "the disk of the data folder is almost full and its database was never set up; free some space"}
			}
			return nil, fmt.Errorf("open the data folder %s: %w", path, err)
		}
		if terr := truncateWAL(path, err); terr != nil {
			return nil, &meeting.Error{Code: meeting.EINTERNAL, Err: errors.Join(err, terr),
				Message: "the disk of the data folder is almost full and cxroom was not stopped cleanly; free some space to open it"}
		}
	}
	return nil, fmt.Errorf("open the data folder %s read-only: too many memtable logs to cut", path)
}

// cutHoles cuts each memtable log in dir at its first hole. A log is
// created sparse at twice the memtable size and written from its start, so
// everything in it lies before the first hole. Badger replays a log by
// reading through its memory map until the first invalid entry, and on
// tmpfs even reading a hole of a shared mapping needs a page: on a full
// disk that read is a SIGBUS. (Elsewhere it is only a cheaper replay.)
func cutHoles(dir string) {
	mems, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
	for _, p := range mems {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if hole, err := firstHole(p); err == nil && hole >= 4096 && hole < fi.Size() {
			_ = os.Truncate(p, hole)
		}
	}
}

// dropEmptyLogs removes the empty memtable and value logs in dir. Badger
// makes a log by creating the file and then sizing it and writing its
// header; a process killed between the two leaves an empty file, which
// holds nothing and which Badger refuses to open ("Create a new file").
func dropEmptyLogs(dir string) {
	for _, pattern := range []string{"*.mem", "*.vlog"} {
		logs, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range logs {
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
				_ = os.Remove(p)
			}
		}
	}
}

// walTruncate matches Badger's "while opening fid: 1 err: while updating
// skiplist err: end offset: 6123 < size: 16777216" (UpdateSkipList in
// read-only mode, badger v4).
var walTruncate = regexp.MustCompile(`while opening fid: (\d+)\b.*end offset: (\d+) < size: (\d+)`)

// truncateWAL cuts the memtable log Badger named in err to the end of its
// last complete entry.
func truncateWAL(dir string, err error) error {
	m := walTruncate.FindStringSubmatch(err.Error())
	if m == nil {
		return errors.New("no memtable log named")
	}
	fid, _ := strconv.Atoi(m[1])
	end, _ := strconv.ParseInt(m[2], 10, 64)
	size, _ := strconv.ParseInt(m[3], 10, 64)
	path := filepath.Join(dir, fmt.Sprintf("%05d.mem", fid))
	fi, serr := os.Stat(path)
	if serr != nil || fi.Size() != size || end <= 0 || end >= size {
		return fmt.Errorf("memtable log %s does not match (%v)", path, serr)
	}
	return os.Truncate(path, end)
}

// Close stops the monitor and the value-log GC, removes the owner file and
// closes the database, within Options.CloseTimeout. It does not ask Badger
// to flush into a folder that has vanished or a disk too full to take a
// table: the memtable stays in its log (synced on every write), where the
// next Open finds it, as after a crash. It is safe to call more than once.
func (db *DB) Close() error {
	db.once.Do(func() {
		close(db.stop)
		<-db.gcDone
		db.mu.Lock()
		db.closed = true
		if db.dir != "" {
			_ = os.Remove(filepath.Join(db.dir, ownerFile))
		}
		db.mu.Unlock()
		db.err = db.closeBadger()
		if db.lock != nil {
			db.lock.Close()
		}
	})
	return db.err
}

func (db *DB) closeBadger() error {
	if db.dir != "" && !db.readOnly {
		if err := db.checkFolder(); err != nil && db.broken.Load() != nil {
			return fmt.Errorf("close: the data folder %s vanished; what was not yet saved is lost: %w", db.dir, err)
		}
		if free, err := db.freeSpace(db.dir); err == nil && free < closeRoom {
			db.events.Warn("the disk is full: the database is left to be recovered from its log at the next start",
				"folder", db.dir, "free_kb", free>>10)
			return nil
		}
	}
	done := make(chan error, 1)
	b := db.bdb
	go func() { done <- b.Close() }()
	t := time.NewTimer(db.closeTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		db.events.Error("the database did not close in time; it is recovered from its log at the next start",
			"folder", db.dir, "waited", db.closeTimeout)
		return fmt.Errorf("close the database: not done after %s", db.closeTimeout)
	}
}

// Announce records the SSH address this process serves on, so that a second
// cxroom opening the same folder can say how to reach this one.
func (db *DB) Announce(sshAddr string) error {
	if db.dir == "" {
		return nil
	}
	return db.writeOwner(sshAddr)
}

// owner is the content of cxroom-owner.json.
type owner struct {
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	SSHAddr string    `json:"ssh_addr,omitempty"`
}

func (db *DB) writeOwner(addr string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	b, err := json.Marshal(owner{PID: os.Getpid(), Started: db.started, SSHAddr: addr})
	if err != nil {
		return err
	}
	p := filepath.Join(db.dir, ownerFile)
	if err = os.WriteFile(p+".tmp", b, 0o600); err == nil {
		err = os.Rename(p+".tmp", p)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", ownerFile, err)
	}
	return nil
}

// lockHeld reports whether err is Badger refusing a folder another process
// (or another DB in this one) holds.
func lockHeld(err error) bool {
	s := err.Error()
	return errors.Is(err, syscall.EWOULDBLOCK) || strings.Contains(s, "Cannot acquire directory lock") ||
		strings.Contains(s, "Another process is using this Badger database")
}

// inUse builds the one-sentence message for a folder in use. The pid comes
// from Badger's LOCK file (in the active database's folder); the owner file adds the SSH address when it was
// written by that same pid (otherwise it is stale and ignored).
func inUse(dir string, cause error) error {
	pid := 0
	lock := filepath.Join(dir, "LOCK")
	if cur, err := readCurrent(dir); err == nil && cur != "" {
		lock = filepath.Join(dir, cur, "LOCK")
	}
	if b, err := os.ReadFile(lock); err == nil {
		pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	var o owner
	if b, err := os.ReadFile(filepath.Join(dir, ownerFile)); err != nil || json.Unmarshal(b, &o) != nil ||
		o.PID <= 0 || (pid > 0 && o.PID != pid) {
		o = owner{}
	} else {
		pid = o.PID
	}
	who := ""
	if pid > 0 {
		who = fmt.Sprintf(" (pid %d)", pid)
		if addr := meeting.CleanLine(o.SSHAddr, 100); addr != "" {
			who = fmt.Sprintf(" (pid %d, serving SSH on %s%s)", pid, addr, sshHint(addr))
		}
	}
	return &meeting.Error{Code: meeting.ECONFLICT, Err: cause, Message: fmt.Sprintf(
		"the data folder %s is in use by another cxroom%s; stop it or pick another folder with --data", dir, who)}
}

// sshHint turns a listen address into ": ssh -p PORT HOST".
func sshHint(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	if port == "22" {
		return ": ssh " + host
	}
	return fmt.Sprintf(": ssh -p %s %s", port, host)
}

// runGC runs the value-log GC until it finds nothing to do; the caller
// holds gcMu.
func (db *DB) runGC() {
	defer func() {
		if r := recover(); r != nil {
			db.log.Errorf("cxroom: value-log GC panicked: %v", r)
		}
	}()
	for db.bdb.RunValueLogGC(0.5) == nil {
		select {
		case <-db.stop:
			return
		default:
		}
	}
}

// update runs fn in a read-write transaction, retried with a short jittered
// backoff while it conflicts with a concurrent one. fn may therefore run
// more than once; an error from fn is returned as it is, nothing written.
func (db *DB) update(ctx context.Context, fn func(txn *badger.Txn) error) error {
	if err := db.canWrite(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		err := db.bdb.Update(fn)
		if err == nil {
			db.observeCommit(time.Since(t0))
		}
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
		if attempt == maxAttempt {
			return &meeting.Error{Code: meeting.ECONFLICT, Err: err,
				Message: "someone else kept changing the same record; try again"}
		}
		time.Sleep(time.Duration(rand.Int64N(int64(min(50*time.Microsecond<<attempt, 20*time.Millisecond)))))
	}
}

// turn makes in-process writers of one key (a counter, a record) take
// turns so that they seldom conflict and retry; it returns the release.
// Keys share 32 slots. It waits a second at most: correctness comes from
// the transactions' conflict check, so a turn is only an optimisation, and
// an Update fn that calls the store cannot deadlock.
func (db *DB) turn(ctx context.Context, key string) func() {
	i := db.slot(key)
	if !db.wait(ctx, i) {
		return func() {}
	}
	return func() { <-db.turns[i] }
}

// slot is key's turn slot.
func (db *DB) slot(key string) int {
	h := uint32(2166136261) // FNV-1a
	for i := range len(key) {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return int(h % uint32(len(db.turns)))
}

// wait takes slot i, waiting a second at most; it reports whether it did.
func (db *DB) wait(ctx context.Context, i int) bool {
	slot := db.turns[i]
	select {
	case slot <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case slot <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// u64 reads a uint64 value; a missing key is 0.
func u64(txn *badger.Txn, key string) (uint64, error) {
	item, err := txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	var n uint64
	if err == nil {
		err = item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("%d bytes", len(v))
			}
			n = binary.BigEndian.Uint64(v)
			return nil
		})
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", key, err)
	}
	return n, nil
}

func setU64(txn *badger.Txn, key string, n uint64) error {
	return txn.Set([]byte(key), binary.BigEndian.AppendUint64(nil, n))
}

// next increments the counter at key and returns its new value.
func next(txn *badger.Txn, key string) (uint64, error) {
	n, err := u64(txn, key)
	if err != nil {
		return 0, err
	}
	return n + 1, setU64(txn, key, n+1)
}

// migration moves the stored layout to version to. Each runs in its own
// transaction together with the new version stamp.
type migration struct {
	to int
	fn func(txn *badger.Txn) error
	// batched, when set, runs first in transactions of its own (a change
	// too large for one); it must be safe to run again from the start, as
	// it is when it was interrupted before the version stamp
	batched func(ctx context.Context, db *DB) error
}

// migrations, in order. Version 1 is the first layout.
var migrations = []migration{
	{to: 2, fn: migrateCoachees},         // GUIDE: one coachee → a list (migrate.go)
	{to: 3, batched: migrateActionOrder}, // action indexes in the actions' order (migrate_order.go)
}

func schemaOf(ms []migration) int {
	if len(ms) == 0 {
		return 1
	}
	return ms[len(ms)-1].to
}

// indexFloor are two empty keys below every index entry. Badger's reverse
// iteration reads two keys past the end of its prefix, each with every
// version it holds: a newest-first scan of the meeting indexes that ran
// out (fewer meetings than asked for) read the keys below them, which in a
// young database are the newest meeting's record, every version a town
// hall's joins wrote (~5 MB copied for each lobby that opened, with 1,000
// people in it). Below any index prefix, the two keys read ahead are now
// index entries or the floor, all empty and never rewritten.
var indexFloor = []string{"x/", "x/\x00"}

// layIndexFloor writes the floor's keys that are missing.
func layIndexFloor(txn *badger.Txn) error {
	for _, k := range indexFloor {
		_, err := txn.Get([]byte(k))
		if errors.Is(err, badger.ErrKeyNotFound) {
			err = txn.Set([]byte(k), nil)
		}
		if err != nil {
			return fmt.Errorf("lay the index floor: %w", err)
		}
	}
	return nil
}

// migrate stamps a fresh database with the current version, refuses one
// written by a newer cxroom and applies the migrations an older one needs.
func (db *DB) migrate() error {
	ctx, cur := context.Background(), schemaOf(db.migrations)
	var v uint64
	err := db.update(ctx, func(txn *badger.Txn) (err error) {
		if v, err = u64(txn, schemaKey); err == nil && v == 0 {
			v = uint64(cur)
			err = setU64(txn, schemaKey, v)
		}
		if err == nil {
			err = layIndexFloor(txn)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("read the data version: %w", err)
	}
	if err := db.newer(v, cur); err != nil {
		return err
	}
	for _, m := range db.migrations {
		if uint64(m.to) <= v {
			continue
		}
		if m.batched != nil {
			if err := m.batched(ctx, db); err != nil {
				return fmt.Errorf("migrate the data to version %d: %w", m.to, err)
			}
		}
		err := db.update(ctx, func(txn *badger.Txn) error {
			if m.fn != nil {
				if err := m.fn(txn); err != nil {
					return err
				}
			}
			return setU64(txn, schemaKey, uint64(m.to))
		})
		if err != nil {
			return fmt.Errorf("migrate the data to version %d: %w", m.to, err)
		}
		v = uint64(m.to)
	}
	return nil
}

// checkVersion is migrate for a database opened read-only: it reads the
// version and refuses one this binary cannot read as it is.
func (db *DB) checkVersion() error {
	cur := schemaOf(db.migrations)
	var v uint64
	if err := db.bdb.View(func(txn *badger.Txn) (err error) { v, err = u64(txn, schemaKey); return err }); err != nil {
		return fmt.Errorf("read the data version: %w", err)
	}
	if err := db.newer(v, cur); err != nil {
		return err
	}
	if v < uint64(cur) {
		return &meeting.Error{Code: meeting.EINTERNAL, Err: errDiskFull, Message: fmt.Sprintf(
			"the disk of the data folder %s is almost full, so cxroom cannot upgrade its data (version %d to %d); free some space", db.dir, v, cur)}
	}
	return nil
}

// newer refuses data written by a newer cxroom.
func (db *DB) newer(v uint64, cur int) error {
	if v <= uint64(cur) {
		return nil
	}
	where := "the data folder " + db.dir
	if db.dir == "" {
		where = "the database"
	}
	return meeting.Errorf(meeting.EINVALID, "%s was written by a newer cxroom (data version %d; this one reads up to %d); upgrade cxroom to open it", where, v, cur)
}

// quiet is a badger.Logger that says nothing.
type quiet struct{}

func (quiet) Errorf(string, ...any)   {}
func (quiet) Warningf(string, ...any) {}
func (quiet) Infof(string, ...any)    {}
func (quiet) Debugf(string, ...any)   {}

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
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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

	migrations []migration // nil = the package's; tests register their own
}

// DB is the Badger-backed meeting.Store.
type DB struct {
	bdb        *badger.DB
	dir        string // absolute data folder; "" in memory
	log        badger.Logger
	started    time.Time
	migrations []migration

	mu     sync.Mutex // owner file
	closed bool
	gcMu   sync.Mutex        // value-log GC against Restore
	turns  [32]chan struct{} // see turn
	stop   chan struct{}
	gcDone chan struct{}
	once   sync.Once
	err    error // from Close
}

var _ meeting.Store = (*DB)(nil)

const (
	ownerFile  = "cxroom-owner.json"
	schemaKey  = "m/schema"
	maxAttempt = 16 // transaction attempts before a conflict is reported
)

// Open opens (creating if needed, mode 0700) the database in dir. A folder
// held by another process yields an ECONFLICT *meeting.Error saying who
// holds it.
func Open(dir string, opt Options) (*DB, error) {
	db := &DB{log: opt.Logger, started: time.Now(), migrations: opt.migrations,
		stop: make(chan struct{}), gcDone: make(chan struct{})}
	if db.log == nil {
		db.log = quiet{}
	}
	for i := range db.turns {
		db.turns[i] = make(chan struct{}, 1)
	}
	if db.migrations == nil {
		db.migrations = migrations
	}
	bo := badger.DefaultOptions("").WithInMemory(true)
	if !opt.InMemory {
		if strings.TrimSpace(dir) == "" {
			return nil, meeting.Errorf(meeting.EINVALID, "no data folder was given")
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("data folder %s: %w", dir, err)
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return nil, fmt.Errorf("create the data folder: %w", err)
		}
		db.dir, bo = abs, badger.DefaultOptions(abs)
	}
	// Sized for a small app: the defaults take ~86 MB of heap, these ~12 MB.
	bo = bo.WithSyncWrites(true).WithMemTableSize(8 << 20).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(8 << 20).WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).WithNumCompactors(2).WithLogger(db.log)
	b, err := badger.Open(bo)
	if err != nil {
		if lockHeld(err) {
			return nil, inUse(db.dir, err)
		}
		return nil, fmt.Errorf("open the data folder %s: %w", db.dir, err)
	}
	db.bdb = b
	if err = db.migrate(); err == nil && db.dir != "" {
		err = db.writeOwner("")
	}
	if err != nil {
		_ = b.Close()
		return nil, err
	}
	if db.dir == "" {
		close(db.gcDone)
	} else {
		every := opt.GCInterval
		if every <= 0 {
			every = 10 * time.Minute
		}
		go db.gcLoop(every)
	}
	return db, nil
}

// Close stops the value-log GC, removes the owner file and closes the
// database. It is safe to call more than once.
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
		db.err = db.bdb.Close()
	})
	return db.err
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
// from Badger's LOCK file; the owner file adds the SSH address when it was
// written by that same pid (otherwise it is stale and ignored).
func inUse(dir string, cause error) error {
	pid := 0
	if b, err := os.ReadFile(filepath.Join(dir, "LOCK")); err == nil {
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

// gcLoop runs the value-log GC every period until Close.
func (db *DB) gcLoop(every time.Duration) {
	defer close(db.gcDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			db.runGC()
		}
	}
}

func (db *DB) runGC() {
	defer func() {
		if r := recover(); r != nil {
			db.log.Errorf("cxroom: value-log GC panicked: %v", r)
		}
	}()
	db.gcMu.Lock()
	defer db.gcMu.Unlock()
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
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := db.bdb.Update(fn)
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
}

// migrations, in order. Version 1 is the first layout, so there are none yet.
var migrations []migration

func schemaOf(ms []migration) int {
	if len(ms) == 0 {
		return 1
	}
	return ms[len(ms)-1].to
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
		return err
	})
	if err != nil {
		return fmt.Errorf("read the data version: %w", err)
	}
	if v > uint64(cur) {
		where := "the data folder " + db.dir
		if db.dir == "" {
			where = "the database"
		}
		return meeting.Errorf(meeting.EINVALID, "%s was written by a newer cxroom (data version %d; this one reads up to %d); upgrade cxroom to open it", where, v, cur)
	}
	for _, m := range db.migrations {
		if uint64(m.to) <= v {
			continue
		}
		err := db.update(ctx, func(txn *badger.Txn) error {
			if err := m.fn(txn); err != nil {
				return err
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

// quiet is a badger.Logger that says nothing.
type quiet struct{}

func (quiet) Errorf(string, ...any)   {}
func (quiet) Warningf(string, ...any) {}
func (quiet) Infof(string, ...any)    {}
func (quiet) Debugf(string, ...any)   {}

package store

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"

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

// Restore replaces the whole database with the backup read from r. The
// backup is read and checked first: a file that is not a cxroom backup (or
// comes from a newer cxroom) is refused with an EINVALID error and the
// current data is left as it was. Nothing else may use the database while
// it runs.
func (db *DB) Restore(r io.Reader) error {
	f, err := os.CreateTemp("", "cxroom-restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	size, err := io.Copy(f, r)
	if err != nil {
		return fmt.Errorf("restore: read the backup: %w", err)
	}
	if _, err = f.Seek(0, io.SeekStart); err == nil {
		err = checkBackup(f, size, schemaOf(db.migrations))
	}
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db.gcMu.Lock()
	defer db.gcMu.Unlock()
	if err := db.bdb.DropAll(); err != nil {
		return fmt.Errorf("restore: clear the database: %w", err)
	}
	if err := db.bdb.Load(f, 16); err != nil {
		return fmt.Errorf("restore: load the backup: %w", err)
	}
	return db.migrate()
}

// checkBackup reads a whole backup of size bytes: every frame must decode,
// every key must be one cxroom writes, and its data version must be one
// this binary reads.
func checkBackup(r io.Reader, size int64, current int) error {
	bad := func(format string, args ...any) error {
		return &meeting.Error{Code: meeting.EINVALID, Message: "the file is not a cxroom backup", Err: fmt.Errorf(format, args...)}
	}
	br := bufio.NewReader(r)
	var version, at uint64 // the data version and the Badger version that wrote it
	for read := int64(0); read < size; {
		var n uint64
		if err := binary.Read(br, binary.LittleEndian, &n); err != nil {
			return bad("frame header at %d: %v", read, err)
		}
		read += 8
		if n > uint64(size-read) {
			return bad("frame at %d claims %d bytes", read, n)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(br, buf); err != nil {
			return bad("frame at %d: %v", read, err)
		}
		read += int64(n)
		var list pb.KVList
		if err := proto.Unmarshal(buf, &list); err != nil {
			return bad("frame at %d: %v", read, err)
		}
		for _, kv := range list.Kv {
			k := string(kv.Key)
			switch {
			case k == schemaKey:
				if len(kv.Value) == 8 && kv.Version >= at {
					version, at = binary.BigEndian.Uint64(kv.Value), kv.Version
				}
			case !strings.HasPrefix(k, "r/") && !strings.HasPrefix(k, "x/") && !strings.HasPrefix(k, "s/"):
				return bad("unexpected key %q", k)
			}
		}
	}
	switch {
	case version == 0:
		return bad("no data version")
	case version > uint64(current):
		return meeting.Errorf(meeting.EINVALID, "the backup was made by a newer cxroom (data version %d; this one reads up to %d); upgrade cxroom to restore it", version, current)
	}
	return nil
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

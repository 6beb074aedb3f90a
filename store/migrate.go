package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// migrateCoachees moves the data to version 2. GUIDE sessions (and their
// meetings) stored one "coachee"; a session now coaches one person or a
// whole team and stores "coachees", a list. Each record still holding the
// single field is decoded (meeting's decoders read the old field into the
// list) and written back in the new shape; nothing else changes, so no
// index entry changes either.
func migrateCoachees(txn *badger.Txn) error {
	if err := rewriteLegacy(txn, guides, []byte(`"coachee":`)); err != nil {
		return err
	}
	return rewriteLegacy(txn, meetings, []byte(`"coachee":`))
}

// rewriteLegacy re-encodes every record of kind k whose stored JSON holds
// marker.
func rewriteLegacy[T any, P meeting.Record[T]](txn *badger.Txn, k kind[T, P], marker []byte) error {
	type kv struct{ key, val []byte }
	var old []kv
	opt := badger.DefaultIteratorOptions
	opt.Prefix = k.key("")
	it := txn.NewIterator(opt)
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			it.Close()
			return fmt.Errorf("read %s: %w", item.Key(), err)
		}
		if bytes.Contains(v, marker) {
			old = append(old, kv{item.KeyCopy(nil), v})
		}
	}
	it.Close()
	for _, r := range old {
		rec := new(T)
		if err := json.Unmarshal(r.val, rec); err != nil {
			return fmt.Errorf("decode %s: %w", r.key, err)
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode %s: %w", r.key, err)
		}
		if err := txn.Set(r.key, b); err != nil {
			return err
		}
	}
	return nil
}

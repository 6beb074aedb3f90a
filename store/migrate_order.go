package store

import (
	"bytes"
	"context"
	"fmt"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// migrateActionOrder moves the data to version 3. The action indexes
// listed an action under its owner, status or due date by id alone; they
// now carry its place in the actions' order (actionOrder), and a.list
// holds every action, so a page of any of those lists is read from keys
// (actions_page.go). Each action's old entries are replaced, in
// transactions of migrateBatch actions; run again, it finds the new
// entries already there and writes them again.
func migrateActionOrder(ctx context.Context, db *DB) error {
	after := actions.key("")
	for {
		var batch []*meeting.Action
		var last []byte
		err := db.bdb.View(func(txn *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.Prefix = actions.key("")
			it := txn.NewIterator(opt)
			defer it.Close()
			for it.Seek(after); it.Valid() && len(batch) < migrateBatch; it.Next() {
				if bytes.Equal(it.Item().Key(), after) {
					continue
				}
				a, err := decode(actions, it.Item())
				if err != nil {
					return err
				}
				batch, last = append(batch, a), it.Item().KeyCopy(nil)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read actions: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		err = db.update(ctx, func(txn *badger.Txn) error {
			for _, a := range batch {
				for _, x := range legacyActionIndex(a) {
					if err := txn.Delete([]byte(x)); err != nil {
						return err
					}
				}
				for _, x := range actionIndex(a) {
					if err := txn.Set([]byte(x), nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("index actions: %w", err)
		}
		after = last
	}
}

// migrateBatch is how many actions one transaction of the migration
// re-indexes (7 entries each, well within a transaction's bound).
const migrateBatch = 500

// legacyActionIndex is the version 2 layout of the entries actionIndex
// replaces.
func legacyActionIndex(a *meeting.Action) []string {
	x := []string{ix("a.owner", fold(a.Owner), a.ID), ix("a.status", string(a.Status), a.ID)}
	if a.Status.Active() {
		x = append(x, ix("a.due", string(a.Due), a.ID))
	}
	return x
}

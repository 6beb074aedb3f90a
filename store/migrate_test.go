package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// A data folder written before team coaching holds GUIDE sessions and
// meetings with one "coachee": opening it migrates them to "coachees",
// and the session's coachee still sees it.
func TestMigrateSingleCoachee(t *testing.T) {
	dir := t.TempDir()
	old, err := Open(dir, Options{migrations: []migration{}}) // version 1: the layout before the migration
	must(t, err)
	legacyGuide := `{"id":"G1","coach":"maria","coachee":"ana","topic":"Refunds","date":"2026-11-24","answers":["","","","",""],"meeting_id":"M1","created_at":"2026-11-24T09:00:00Z","updated_at":"2026-11-24T09:00:00Z"}`
	m := meeting.NewMeeting(meeting.Agenda{ID: "guide", Title: "GUIDE", Segments: []meeting.Segment{{Title: "Goal", Minutes: 5}}}, "maria", now)
	m.ID, m.GuideID, m.Private = "M1", "G1", true
	raw, err := json.Marshal(m)
	must(t, err)
	legacyMeeting := bytes.Replace(raw, []byte(`"guide_id":"G1",`), []byte(`"guide_id":"G1","coachee":"ana",`), 1)
	if bytes.Equal(raw, legacyMeeting) {
		t.Fatal("could not build the legacy meeting")
	}
	must(t, old.bdb.Update(func(txn *badger.Txn) error {
		if err := txn.Set(guides.key("G1"), []byte(legacyGuide)); err != nil {
			return err
		}
		return txn.Set(meetings.key("M1"), legacyMeeting)
	}))
	must(t, old.Close())

	db := openT(t, dir)
	for _, key := range [][]byte{guides.key("G1"), meetings.key("M1")} {
		var v []byte
		must(t, db.bdb.View(func(txn *badger.Txn) error {
			item, err := txn.Get(key)
			if err != nil {
				return err
			}
			v, err = item.ValueCopy(nil)
			return err
		}))
		if bytes.Contains(v, []byte(`"coachee":`)) || !bytes.Contains(v, []byte(`"coachees":["ana"]`)) {
			t.Errorf("%s after migration: %s", key, v)
		}
	}
	g, err := db.Guide(ctx, "G1")
	must(t, err)
	if !slices.Equal(g.Coachees, []string{"ana"}) || g.VisibleTo("ana") == nil || g.VisibleTo("tom") != nil {
		t.Errorf("migrated session: %+v", g)
	}
	mm, err := db.Meeting(ctx, "M1")
	must(t, err)
	if !slices.Equal(mm.Coachees, []string{"ana"}) || !mm.VisibleTo(meeting.Actor{Handle: "ana", Role: meeting.RoleMember}) ||
		mm.VisibleTo(meeting.Actor{Handle: "tom", Role: meeting.RoleMember}) {
		t.Errorf("migrated meeting: %+v", mm.Coachees)
	}
}

package store

import (
	"context"
	"fmt"
	"time"

	"cxroom/meeting"

	badger "github.com/dgraph-io/badger/v4"
)

// FillSpec says how much synthetic data Fill writes.
type FillSpec struct {
	Series   int       // weekly series, R…
	Meetings int       // ended meetings, an hour apart up to Now, spread over the series
	Actions  int       // actions spread over the meetings and the owners; a third are overdue
	Owners   int       // owner1…ownerN; 0 means 20
	Now      time.Time // zero means time.Now()
}

// fillAgenda is the one-segment agenda of Fill's meetings.
var fillAgenda = meeting.Agenda{ID: "voc-triage", Title: "VOC triage", Minutes: 60,
	Segments: []meeting.Segment{{ID: "triage", Title: "Triage", Minutes: 60}}}

// Fill adds synthetic series, meetings and actions through the same code
// as CreateSeries, CreateMeeting and CreateAction, committing 200 records
// per transaction: for benchmarks (start-up and queries over years of data)
// and demos, not for production data.
func Fill(ctx context.Context, db *DB, spec FillSpec) error {
	now := spec.Now
	if now.IsZero() {
		now = time.Now()
	}
	owners := spec.Owners
	if owners <= 0 {
		owners = 20
	}
	if err := db.canWrite(); err != nil {
		return err
	}
	txn, n := db.bdb.NewTransaction(true), 0
	defer func() { txn.Discard() }()
	add := func(write func(*badger.Txn) error) error {
		if err := write(txn); err != nil {
			return err
		}
		if n++; n%200 != 0 {
			return ctx.Err()
		}
		if err := txn.Commit(); err != nil {
			return err
		}
		if err := db.canWrite(); err != nil {
			return err
		}
		txn = db.bdb.NewTransaction(true)
		return ctx.Err()
	}
	var seriesIDs, meetingIDs []string
	for i := range spec.Series {
		s := &meeting.Series{Title: fmt.Sprintf("Weekly VOC triage %d", i+1), AgendaID: "voc-triage",
			Cadence: meeting.CadenceWeekly, Start: meeting.DateOf(now.AddDate(-1, 0, 0)), Time: "09:00",
			Minutes: 60, Facilitator: "owner1", CreatedAt: now}
		if err := add(func(txn *badger.Txn) error {
			c, err := insert(txn, series, s)
			seriesIDs = append(seriesIDs, c.ID)
			return err
		}); err != nil {
			return fmt.Errorf("fill: %w", err)
		}
	}
	pick := func(ids []string, i int) string {
		if len(ids) == 0 {
			return ""
		}
		return ids[i%len(ids)]
	}
	for i := range spec.Meetings {
		at := now.Add(-time.Duration(spec.Meetings-i) * time.Hour)
		m := meeting.NewMeeting(fillAgenda, "owner1", at)
		m.Title, m.SeriesID = fmt.Sprintf("Meeting %d", i+1), pick(seriesIDs, i)
		m.Timer.StartedAt, m.Timer.EndedAt = at, at.Add(time.Hour)
		if err := add(func(txn *badger.Txn) error {
			c, err := insert(txn, meetings, m)
			meetingIDs = append(meetingIDs, c.ID)
			return err
		}); err != nil {
			return fmt.Errorf("fill: %w", err)
		}
	}
	today := meeting.DateOf(now)
	for i := range spec.Actions {
		st, by := meeting.Statuses[i%len(meeting.Statuses)], fmt.Sprintf("owner%d", i%owners+1)
		mid := pick(meetingIDs, i)
		a := &meeting.Action{Text: fmt.Sprintf("Follow up on customer issue %d", i+1), Owner: by,
			Due: today.AddDays(i%90 - 30), Status: st, MeetingID: mid, CreatedBy: by, CreatedAt: now, UpdatedAt: now,
			History: []meeting.Change{{At: now, By: by, To: st, Note: "created"}}}
		if mid != "" {
			a.SeriesID = pick(seriesIDs, i%len(meetingIDs)) // the series of meeting mid
		}
		if err := add(func(txn *badger.Txn) error { _, err := insert(txn, actions, a); return err }); err != nil {
			return fmt.Errorf("fill: %w", err)
		}
	}
	if err := txn.Commit(); err != nil {
		return fmt.Errorf("fill: %w", err)
	}
	return nil
}

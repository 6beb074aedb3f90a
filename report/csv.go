package report

import (
	"encoding/csv"
	"io"
	"strings"
	"time"

	"cxroom/meeting"
)

// ---- actions: CSV and JSON ----

// ActionsCSVHeader is the header row ActionsCSV writes.
var ActionsCSVHeader = []string{"id", "text", "owner", "owner_name", "due", "status", "meeting_id", "segment",
	"created_by", "created_at", "updated_at", "last_note"}

// ActionsCSV writes actions as RFC 4180 CSV with a header row. team (may be
// nil) supplies owner names. Every cell that a spreadsheet would read as a
// formula (starting with = + - @, or a tab or carriage return) is prefixed
// with an apostrophe, so opening the file never runs what someone typed.
func ActionsCSV(w io.Writer, as []*meeting.Action, team *meeting.Team) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180 line endings
	if err := cw.Write(ActionsCSVHeader); err != nil {
		return err
	}
	for _, a := range as {
		rec := []string{
			a.ID, a.Text, a.Owner, team.Display(a.Owner), string(a.Due), string(a.Status),
			a.MeetingID, a.Segment, a.CreatedBy, csvTime(a.CreatedAt), csvTime(a.UpdatedAt), a.LastChange().Note,
		}
		for i, c := range rec {
			rec[i] = csvSafe(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvSafe defuses a cell a spreadsheet would evaluate as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

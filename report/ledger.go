package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"cxroom/meeting"
)

// LedgerJSONL writes the ledger as JSON lines, one entry a line, oldest
// first (`cxroom export ledger > ledger.jsonl`): someone outside checks it
// with `cxroom verify --file ledger.jsonl`, or by hand (docs/json.md says
// how each hash is made).
func LedgerJSONL(w io.Writer, es []*meeting.LedgerEntry) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, e := range es {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("encode ledger entry %d: %w", e.Seq, err)
		}
		if b.Len() >= 1<<20 {
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
			b.Reset()
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ReadLedgerJSONL reads what LedgerJSONL wrote. A line that is not an
// entry is refused with its line number.
func ReadLedgerJSONL(r io.Reader, maxEntries int) ([]*meeting.LedgerEntry, error) {
	dec := json.NewDecoder(r)
	var out []*meeting.LedgerEntry
	for n := 1; ; n++ {
		var e meeting.LedgerEntry
		err := dec.Decode(&e)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, meeting.Errorf(meeting.EINVALID, "line %d of the ledger file is not a ledger entry", n)
		}
		if len(out) >= maxEntries {
			return nil, meeting.Errorf(meeting.EINVALID, "the ledger file holds more than %d entries", maxEntries)
		}
		out = append(out, &e)
	}
}

// VerifyJSON renders a verification (`cxroom verify --json`).
func VerifyJSON(r *meeting.LedgerReport) ([]byte, error) {
	v := struct {
		OK bool `json:"ok"`
		*meeting.LedgerReport
	}{r.OK(), r}
	if v.Problems == nil {
		v.Problems = []meeting.LedgerProblem{}
	}
	return marshal(v)
}

// VerifyText is a verification in a few lines: what was checked, and the
// first entry (or record) that does not match.
func VerifyText(r *meeting.LedgerReport) string {
	var b strings.Builder
	if r.Entries == 0 {
		b.WriteString("the ledger is empty: nothing has been decided since it began\n")
	} else {
		fmt.Fprintf(&b, "%d ledger entries from %s to %s", r.Entries, r.First.UTC().Format("2006-01-02 15:04 MST"), r.Last.UTC().Format("2006-01-02 15:04 MST"))
		if r.HeadSeq > 0 {
			fmt.Fprintf(&b, "; head: entry %d, hash %s", r.HeadSeq, r.HeadHash)
		}
		b.WriteString("\n")
		if r.SignedBy != "" {
			fmt.Fprintf(&b, "heads signed by the server's host key %s\n", r.SignedBy)
		}
	}
	if r.Records > 0 || r.Before > 0 {
		fmt.Fprintf(&b, "%d decisions and actions checked against their latest entries", r.Records)
		if r.Before > 0 {
			fmt.Fprintf(&b, "; %d decisions are from before the ledger began", r.Before)
		}
		b.WriteString("\n")
	}
	if r.OK() {
		b.WriteString("OK: every entry matches its hash and follows the one before, and every record matches the ledger\n")
		return b.String()
	}
	fmt.Fprintf(&b, "NOT OK: %s\n", r.Problems[0].Problem)
	for _, p := range r.Problems[1:] {
		fmt.Fprintf(&b, "  also: %s\n", p.Problem)
	}
	return b.String()
}

package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

// snakeKey is the one JSON key style: lower snake_case.
var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// fill sets every field of v (a pointer) to a non-zero value, recursively:
// strings "x", numbers 1, booleans true, times a fixed instant, one element
// in every slice and one entry in every map. With every field set, every
// key a JSON shape can hold is written, omitempty ones included, and a field
// added later is checked without anyone remembering to fill it in.
func fill(v reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	}
}

func filled[T any]() T {
	var v T
	fill(reflect.ValueOf(&v), 0)
	return v
}

// badKeys walks decoded JSON and returns every object key that is not lower
// snake_case, with where it was found. Map keys filled by fill are "x", so
// only field names can fail.
func badKeys(v any, path string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !snakeKey.MatchString(k) {
				*out = append(*out, path+"."+k)
			}
			badKeys(x[k], path+"."+k, out)
		}
	case []any:
		for i, e := range x {
			badKeys(e, fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// jsonShapes is every JSON document cxroom writes: report's exports and the
// records that the commands' --json print as they are.
func jsonShapes(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	add := func(name string, data []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = data
	}
	b := filled[meeting.Bundle]()
	b.Meeting.Timer.Current = 0 // a segment that exists
	data, err := MinutesJSON(&b)
	add("export minutes --format json", data, err)
	data, err = ActionsJSON([]*meeting.Action{filled[*meeting.Action]()})
	add("export actions --format json; actions --json", data, err)
	data, err = DecisionsJSON([]*meeting.Decision{filled[*meeting.Decision]()})
	add("export decisions --format json; decisions --json", data, err)
	data, err = MeetingsJSON([]*meeting.Meeting{filled[*meeting.Meeting]()}, time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	add("meetings --json", data, err)
	var ledger bytes.Buffer
	le := filled[*meeting.LedgerEntry]()
	le.Record = json.RawMessage(`{"id":"x"}`) // a record is JSON; its own keys are the record's (documented above)
	err = LedgerJSONL(&ledger, []*meeting.LedgerEntry{le})
	add("export ledger", ledger.Bytes(), err)
	rep := filled[meeting.LedgerReport]()
	data, err = VerifyJSON(&rep)
	add("verify --json", data, err)
	sc := filled[meeting.ScorecardView]()
	data, err = ScorecardJSON(&sc)
	add("scorecard --json; export scorecard --format json", data, err)
	bv := filled[meeting.BoardView]()
	data, err = BoardJSON(&bv)
	add("board --json; report board --format json", data, err)
	for name, v := range map[string]any{
		"journeys --json":       []*meeting.Journey{filled[*meeting.Journey]()},
		"stories --json":        []*meeting.Story{filled[*meeting.Story]()},
		"series --json":         []*meeting.Series{filled[*meeting.Series]()},
		"team --json":           []meeting.Member{filled[meeting.Member]()},
		"agendas list --json":   []meeting.Agenda{filled[meeting.Agenda]()},
		"issues (minutes)":      []*meeting.Issue{filled[*meeting.Issue]()},
		"promises (minutes)":    []*meeting.Promise{filled[*meeting.Promise]()},
		"guide (minutes)":       filled[*meeting.Guide](),
		"proposals --json":      []*meeting.Proposal{filled[*meeting.Proposal]()},
		"shadow list --json":    []*meeting.Shadowing{filled[*meeting.Shadowing]()},
		"charters --json":       []*meeting.Charter{filled[*meeting.Charter]()},
		"accounts --json":       []*meeting.Account{filled[*meeting.Account]()},
		"board metrics --json":  BoardMetricsRegistry(),
		"board response --json": ResponseJSON(filled[meeting.ExecResponse]()),
	} {
		data, err := json.Marshal(v)
		add(name, data, err)
	}
	return out
}

func TestJSONKeysAreSnakeCase(t *testing.T) {
	for name, data := range jsonShapes(t) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s is not JSON: %v", name, err)
		}
		var bad []string
		badKeys(v, "$", &bad)
		for _, k := range bad {
			t.Errorf("%s: key %s is not lower snake_case", name, k)
		}
	}
}

// Lists are never null: a consumer iterates without a nil check.
func TestJSONListsAreNeverNull(t *testing.T) {
	for name, f := range map[string]func() ([]byte, error){
		"actions":   func() ([]byte, error) { return ActionsJSON(nil) },
		"decisions": func() ([]byte, error) { return DecisionsJSON(nil) },
		"scorecard": func() ([]byte, error) { return ScorecardJSON(&meeting.ScorecardView{}) },
		"board":     func() ([]byte, error) { return BoardJSON(&meeting.BoardView{}) },
		"meetings":  func() ([]byte, error) { return MeetingsJSON(nil, time.Time{}) },
		"score details": func() ([]byte, error) {
			return ScorecardJSON(&meeting.ScorecardView{Scores: []meeting.Score{{Key: meeting.ScoreOverdueActions}}})
		},
	} {
		data, err := f()
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		if hasNull(v) {
			t.Errorf("%s: %s holds a null", name, data)
		}
	}
}

func hasNull(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		for _, e := range x {
			if hasNull(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasNull(e) {
				return true
			}
		}
	}
	return false
}

// allKeys collects every object key in decoded JSON.
func allKeys(v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out[k] = true
			allKeys(e, out)
		}
	case []any:
		for _, e := range x {
			allKeys(e, out)
		}
	}
}

// docs/json.md documents every key: a field added to a shape without a line
// in the reference fails here.
func TestJSONDocsListEveryKey(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, data := range jsonShapes(t) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		allKeys(v, keys)
	}
	delete(keys, "x") // a filled map's key: data, not a field
	for k := range keys {
		if !strings.Contains(string(doc), "| `"+k+"` |") {
			t.Errorf("docs/json.md has no row for key %q", k)
		}
	}
}

// Package agendas holds cxroom's rituals as data: the agendas shipped in the
// binary (rituals/*.yaml, from the CX playbook's chapter 21) and any the user
// writes in the same format in their config folder, all validated on load.
//
// An agenda file:
//
//	id: my-ritual                 # slug: a-z, 0-9, dashes; 2–40 characters
//	title: My ritual              # up to 80 characters
//	minutes: 60                   # 1–480; the segments must add up to it
//	cadence: weekly               # weekly, biweekly, monthly, quarterly or "as needed"
//	purpose: Why we meet          # optional
//	participants: Who comes       # optional
//	principles: [Shown on screen] # optional
//	notes: |                      # optional: where the timings come from
//	  The seed gives 90 minutes; the segments are ours.
//	segments:                     # 1–20
//	  - id: review                # slug, unique in the agenda
//	    title: Review the dashboard
//	    minutes: 15
//	    output: Prioritized issue list       # optional
//	    prompt: |                            # optional markdown
//	      - What jumped since last week?
//	    produces: [issues]        # issues actions decisions stories review metrics guide notes promises
//	                              # systemic journeys pipeline board charters accounts
//	    top: 3                    # optional: works on the top N ranked issues (needs issues)
//	    step: G                   # GUIDE step G U I D E (only with guide)
package agendas

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"cxroom/meeting"
)

//go:embed rituals/*.yaml
var rituals embed.FS

// builtinFiles are the shipped rituals in the order they are listed.
var builtinFiles = []string{
	"rituals/voc-triage.yaml",
	"rituals/journey-review.yaml",
	"rituals/guide-coaching.yaml",
	"rituals/promise-audit.yaml",
	"rituals/qbr.yaml",
	"rituals/steering-committee.yaml",
	"rituals/executive-review.yaml",
	"rituals/strategic-council.yaml",
	"rituals/board-review.yaml",
	"rituals/at-risk-accounts.yaml",
	"rituals/ritual-retrospective.yaml",
}

// BuiltinPrefix starts the Source of an agenda shipped in the binary.
const BuiltinPrefix = "built-in:"

var builtins = loadBuiltins()

// loadBuiltins parses the embedded rituals once. A broken embedded file is a
// programming error: it panics at init, naming the file and line.
func loadBuiltins() []meeting.Agenda {
	embedded, err := fs.Glob(rituals, "rituals/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, f := range embedded {
		if !slices.Contains(builtinFiles, f) {
			panic(fmt.Sprintf("agendas: %s is embedded but not listed in builtinFiles", f))
		}
	}
	out := make([]meeting.Agenda, 0, len(builtinFiles))
	seen := map[string]string{}
	for _, f := range builtinFiles {
		data, err := rituals.ReadFile(f)
		if err != nil {
			panic(fmt.Sprintf("agendas: %s: %v", f, err))
		}
		a, err := Parse(f, data)
		if err != nil {
			panic("agendas: built-in agenda is invalid: " + err.Error())
		}
		if other, dup := seen[a.ID]; dup {
			panic(fmt.Sprintf("agendas: %s: id %q is already used by %s", f, a.ID, other))
		}
		seen[a.ID] = f
		a.Source = BuiltinPrefix + f
		out = append(out, a)
	}
	return out
}

// Builtin returns the agendas shipped in the binary, in their listed order:
// voc-triage, journey-review, guide-coaching, promise-audit, qbr.
func Builtin() []meeting.Agenda {
	out := make([]meeting.Agenda, len(builtins))
	for i, a := range builtins {
		out[i] = clone(a)
	}
	return out
}

// IsBuiltin reports whether a came from the binary rather than a user file.
func IsBuiltin(a meeting.Agenda) bool { return strings.HasPrefix(a.Source, BuiltinPrefix) }

// clone deep-copies an agenda so callers cannot change the set's copy.
func clone(a meeting.Agenda) meeting.Agenda {
	a.Principles = slices.Clone(a.Principles)
	a.Segments = slices.Clone(a.Segments)
	for i := range a.Segments {
		a.Segments[i].Produces = slices.Clone(a.Segments[i].Produces)
	}
	return a
}

// ParseFile reads and validates one agenda file; errors name path.
func ParseFile(path string) (meeting.Agenda, error) {
	a, _, err := parseFile(path)
	return a, err
}

func parseFile(path string) (meeting.Agenda, int, error) {
	name := displayName(path)
	// Stat before opening: opening a named pipe would wait for a writer.
	st, err := os.Stat(path)
	if err != nil {
		return meeting.Agenda{}, 0, fileError(name, err)
	}
	if !st.Mode().IsRegular() {
		return meeting.Agenda{}, 0, &meeting.Error{Code: meeting.EINVALID, Message: name + ": not a regular file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return meeting.Agenda{}, 0, fileError(name, err)
	}
	defer f.Close()
	// Read one byte past the limit so Parse reports the size, without
	// reading all of a huge file.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return meeting.Agenda{}, 0, fileError(name, err)
	}
	return parse(path, data)
}

func fileError(name string, err error) *meeting.Error {
	code := meeting.EINTERNAL
	if errors.Is(err, fs.ErrNotExist) {
		code = meeting.ENOTFOUND
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &meeting.Error{Code: code, Message: fmt.Sprintf("%s: cannot read the file: %v", name, err), Err: err}
}

// UserDir is where the user's own agendas live:
// <os.UserConfigDir()>/cxroom/agendas, or "" when there is no config folder.
func UserDir() string {
	d, err := os.UserConfigDir()
	if err != nil || d == "" {
		return ""
	}
	return filepath.Join(d, "cxroom", "agendas")
}

// Set is the agendas available: the built-ins and the user's.
type Set struct {
	list []meeting.Agenda
	byID map[string]int
}

// Load returns the built-ins plus every *.yaml and *.yml file in dir (dir
// may be "" or missing). A bad user file is reported, one error per file
// naming it, and skipped; the others still load. A user file with the id of
// a built-in replaces it, in the built-in's place; so does the first user file
// to claim an id, and a later file claiming the same id is reported.
func Load(dir string) (*Set, []error) {
	s := &Set{byID: map[string]int{}}
	for _, a := range builtins {
		s.byID[a.ID] = len(s.list)
		s.list = append(s.list, clone(a))
	}
	if dir == "" {
		return s, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return s, nil
		}
		return s, []error{&meeting.Error{Code: meeting.EINTERNAL, Message: fmt.Sprintf("%s: cannot read the agendas folder: %v", displayName(dir), unwrapPath(err)), Err: err}}
	}
	var errs []error
	from := map[string]string{} // id → user file that defined it
	var user []meeting.Agenda
	for _, e := range entries { // ReadDir sorts by name
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			continue
		}
		a, idLine, err := parseFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := from[a.ID]; dup {
			errs = append(errs, &meeting.Error{Code: meeting.EINVALID, Message: fmt.Sprintf("%s:%d: agenda id %q is already defined in %s; this file is skipped", displayName(path), idLine, a.ID, displayName(other))})
			continue
		}
		from[a.ID] = path
		if i, ok := s.byID[a.ID]; ok {
			s.list[i] = a // overrides a built-in, in its place
			continue
		}
		user = append(user, a)
	}
	slices.SortFunc(user, func(x, y meeting.Agenda) int { return strings.Compare(x.ID, y.ID) })
	for _, a := range user {
		s.byID[a.ID] = len(s.list)
		s.list = append(s.list, a)
	}
	return s, errs
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// List returns every agenda: the built-ins in their order (or the user's
// replacements), then the user's own by id.
func (s *Set) List() []meeting.Agenda {
	if s == nil {
		return nil
	}
	out := make([]meeting.Agenda, len(s.list))
	for i, a := range s.list {
		out[i] = clone(a)
	}
	return out
}

// Get returns the agenda with the given id.
func (s *Set) Get(id string) (meeting.Agenda, bool) {
	if s == nil {
		return meeting.Agenda{}, false
	}
	i, ok := s.byID[id]
	if !ok {
		return meeting.Agenda{}, false
	}
	return clone(s.list[i]), true
}

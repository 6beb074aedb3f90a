// Package teamfile reads and writes the team file (team.yaml): who may
// join over SSH, with which role and keys. The rules (valid handles, one
// person per key) are meeting's; this package is the YAML around them.
package teamfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"cxroom/meeting"
)

// MaxSize bounds the team file that is read: 1,000 members with a few
// keys each fit in well under a megabyte.
const MaxSize = 4 << 20

// doc is the file's shape.
type doc struct {
	Members []member `yaml:"members"`
}

type member struct {
	Name   string       `yaml:"name"`
	Handle string       `yaml:"handle"`
	Role   meeting.Role `yaml:"role"`
	// Executive marks a C-suite member: with the member role they write the
	// executive layer (board figures, charters, at-risk accounts).
	Executive bool     `yaml:"executive,omitempty"`
	Keys      []string `yaml:"keys,omitempty"`
}

// Parse parses and validates a team file: each member, then the rules
// across members (a handle once, a key on one member only). Errors name
// the file and, where they can, the line.
func Parse(name string, data []byte) (*meeting.Team, error) {
	t, err := Decode(name, data)
	if err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", name, meeting.ErrorMessage(err))
	}
	return t, nil
}

// Decode parses a team file and checks each member, but not the rules
// across members other than unique handles: a file with one key on two
// members decodes, so that `team key remove` can repair it.
func Decode(name string, data []byte) (*meeting.Team, error) {
	if len(data) > MaxSize {
		return nil, meeting.Errorf(meeting.EINVALID, "%s is larger than %d MB; a team file is a short list of people", name, MaxSize>>20)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", name, yamlMessage(err))
	}
	var d doc
	if err := root.Decode(&d); err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", name, yamlMessage(err))
	}
	if len(d.Members) > meeting.MaxMembers {
		return nil, meeting.Errorf(meeting.EINVALID, "%s lists %d members; at most %d", name, len(d.Members), meeting.MaxMembers)
	}
	lines := memberLines(&root)
	seen := map[string]int{}
	t := &meeting.Team{Members: make([]meeting.Member, 0, len(d.Members))}
	for i, dm := range d.Members {
		ln := 0
		if i < len(lines) {
			ln = lines[i]
		}
		where := fmt.Sprintf("%s:%d", name, ln)
		m, err := meeting.NormalizeMember(meeting.Member{Name: dm.Name, Handle: dm.Handle, Role: dm.Role, Keys: dm.Keys, Executive: dm.Executive})
		if err != nil {
			return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", where, meeting.ErrorMessage(err))
		}
		if prev, dup := seen[m.Handle]; dup {
			return nil, meeting.Errorf(meeting.EINVALID, "%s: handle %q is already used on line %d", where, m.Handle, prev)
		}
		seen[m.Handle] = ln
		t.Members = append(t.Members, m)
	}
	return t, nil
}

// Marshal renders the team file.
func Marshal(t *meeting.Team) ([]byte, error) {
	d := doc{Members: make([]member, 0, len(t.Members))}
	for _, m := range t.Members {
		d.Members = append(d.Members, member{Name: m.Name, Handle: m.Handle, Role: m.Role, Keys: m.Keys, Executive: m.Executive})
	}
	return yaml.Marshal(d)
}

// Read reads the team file at path without the rules across members
// (Decode). A missing file is an empty team.
func Read(path string) (*meeting.Team, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &meeting.Team{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the team file: %w", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, meeting.Errorf(meeting.EINVALID, "the team file %s is a folder", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the team file: %w", err)
	}
	return Decode(filepath.Base(path), data)
}

// editMu serialises edits of team files within this process (several SSH
// sessions may edit at once); each edit is read, changed, validated and
// renamed into place.
var editMu sync.Mutex

// Edit reads the team file at path, applies change, checks the result
// against every rule and writes it atomically (a temporary file renamed
// over the old one, mode 0600). Nothing is written when change or the
// rules refuse.
func Edit(path string, change func(t *meeting.Team) error) (*meeting.Team, error) {
	editMu.Lock()
	defer editMu.Unlock()
	t, err := Read(path)
	if err != nil {
		return nil, err
	}
	if err := change(t); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	data, err := Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("write the team file: %w", err)
	}
	if len(data) > MaxSize {
		return nil, meeting.Errorf(meeting.EINVALID, "the team file would be larger than %d MB; remove keys or members first", MaxSize>>20)
	}
	if err := writeAtomic(path, data, 0o600); err != nil {
		return nil, fmt.Errorf("write the team file: %w", err)
	}
	return t, nil
}

func writeAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".team-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func memberLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "members" {
			var out []int
			for _, n := range top.Content[i+1].Content {
				out = append(out, n.Line)
			}
			return out
		}
	}
	return nil
}

// yamlMessage turns a yaml error into one sentence.
func yamlMessage(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.ReplaceAll(s, "unmarshal errors:\n  ", "")
	return strings.SplitN(s, "\n", 2)[0]
}

// Package teamfile reads and writes the team file (team.yaml): who may
// join and in which role. What makes a member valid is meeting's rule
// (meeting.CheckMember); this package knows the YAML and its line numbers,
// so that every problem names the line it is on.
package teamfile

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"cxroom/meeting"
)

// file is the team file's shape.
type file struct {
	Members []member `yaml:"members"`
}

type member struct {
	Name   string   `yaml:"name"`
	Handle string   `yaml:"handle"`
	Role   string   `yaml:"role"`
	Keys   []string `yaml:"keys,omitempty"`
}

// Parse parses and validates a team file; name is the file's name as
// errors show it ("team.yaml:4: handle …").
func Parse(name string, data []byte) (*meeting.Team, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", name, yamlMessage(err))
	}
	var f file
	if err := doc.Decode(&f); err != nil {
		return nil, meeting.Errorf(meeting.EINVALID, "%s: %s", name, yamlMessage(err))
	}
	lines := memberLines(&doc)
	seen := map[string]int{}
	t := &meeting.Team{Members: make([]meeting.Member, 0, len(f.Members))}
	for i, fm := range f.Members {
		ln := 0
		if i < len(lines) {
			ln = lines[i]
		}
		where := fmt.Sprintf("%s:%d", name, ln)
		m, err := meeting.CheckMember(meeting.Member{Name: fm.Name, Handle: fm.Handle, Role: meeting.Role(fm.Role), Keys: fm.Keys})
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

// Marshal renders the team file. Guests are not part of it.
func Marshal(t *meeting.Team) ([]byte, error) {
	f := file{Members: []member{}}
	if t != nil {
		for _, m := range t.Members {
			f.Members = append(f.Members, member{Name: m.Name, Handle: m.Handle, Role: string(m.Role), Keys: m.Keys})
		}
	}
	return yaml.Marshal(f)
}

// memberLines is the line of each member in the document.
func memberLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "members" {
			var out []int
			for _, n := range root.Content[i+1].Content {
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

package agendas

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"cxroom/meeting"
)

// base is a valid agenda; the broken files below are edits of it, so the
// line numbers in the expected messages can be read off this listing.
const base = `id: my-ritual
title: My ritual
minutes: 60
segments:
  - id: review
    title: Review the dashboard
    minutes: 20
    produces: [issues]
  - id: deep-dive
    title: Deep-dive
    minutes: 40
    produces: [issues, actions]
`

// edit replaces line n (1-based) of base with repl (which may hold several
// lines, or none).
func edit(n int, repl string) string {
	lines := strings.Split(strings.TrimSuffix(base, "\n"), "\n")
	var out []string
	out = append(out, lines[:n-1]...)
	if repl != "" {
		out = append(out, repl)
	}
	out = append(out, lines[n:]...)
	return strings.Join(out, "\n") + "\n"
}

// insert puts text after line n of base.
func insert(n int, text string) string {
	lines := strings.Split(strings.TrimSuffix(base, "\n"), "\n")
	out := append([]string{}, lines[:n]...)
	out = append(out, text)
	out = append(out, lines[n:]...)
	return strings.Join(out, "\n") + "\n"
}

const (
	known      = "known fields: id, title, minutes, cadence, purpose, participants, principles, notes, segments"
	knownSeg   = "known fields: id, title, minutes, output, prompt, produces, step, top"
	knownKinds = "known kinds: issues, actions, decisions, stories, review, metrics, guide, notes, promises, systemic, journeys, pipeline, board, charters, accounts"
	slugMsg    = "must be a slug: lower-case letters, digits and dashes, starting with a letter, 2 to 40 characters"
)

var brokenFiles = []struct {
	name, data, want string
}{
	// YAML syntax
	{"bad YAML: colon in a plain value", edit(10, "    title: Deep-dive: evidence"), "my-ritual.yaml:10: YAML syntax: mapping values are not allowed in this context"},
	{"bad YAML: unclosed flow list", edit(8, "    produces: [issues"), "my-ritual.yaml:8: YAML syntax: did not find expected ',' or ']'"},
	{"bad YAML: bad indentation", edit(10, "   title: Deep-dive"), "my-ritual.yaml:10: YAML syntax: did not find expected '-' indicator"},
	{"bad YAML: tab indentation", edit(3, "\tminutes: 60"), "my-ritual.yaml:3: YAML syntax: found a tab character that violates indentation"},
	{"bad YAML: unterminated quote", edit(10, `    title: "Deep-dive`), "my-ritual.yaml:10: YAML syntax: found unexpected end of stream"},
	{"bad YAML: unknown anchor", edit(10, "    title: *t"), "my-ritual.yaml:10: YAML syntax: unknown anchor 't' referenced"},
	{"not UTF-8", edit(6, "    title: Caf\xe9"), "my-ritual.yaml:6: the file is not valid UTF-8 text"},
	{"empty file", "", "my-ritual.yaml:1: the file is empty: an agenda needs an id, a title, minutes and segments"},
	{"only comments", "# nothing yet\n", "my-ritual.yaml:1: the file is empty: an agenda needs an id, a title, minutes and segments"},
	{"not a mapping", "- id: x\n", `my-ritual.yaml:1: an agenda must be a mapping of fields (id, title, minutes, segments), not a list`},
	{"two documents", base + "---\nid: other\n", "my-ritual.yaml:13: the file holds more than one YAML document (---); put one agenda in each file"},

	// fields
	{"unknown field", insert(2, "colour: blue"), `my-ritual.yaml:3: unknown field "colour" (` + known + `)`},
	{"unknown segment field", insert(10, "    owner: ann"), `my-ritual.yaml:11: segment "deep-dive": unknown field "owner" (` + knownSeg + `)`},
	{"field twice", insert(2, "title: Again"), `my-ritual.yaml:3: field "title" appears twice (first on line 2)`},
	{"alias", "id: my-ritual\ntitle: &t My ritual\npurpose: *t\n", `my-ritual.yaml:3: aliases (*name) are not supported; write the value out`},
	{"merge key", "id: my-ritual\n<<: {title: x}\n", `my-ritual.yaml:2: merge keys (<<) are not supported; write the fields out`},
	{"custom tag", edit(2, "title: !!binary TXkgcml0dWFs"), `my-ritual.yaml:2: title must be plain text (tag !!binary is not supported)`},

	// the agenda
	{"bad id", edit(1, "id: My Ritual"), `my-ritual.yaml:1: id "My Ritual" ` + slugMsg},
	{"one-letter id", edit(1, "id: m"), `my-ritual.yaml:1: id "m" ` + slugMsg},
	{"no id", edit(1, ""), `my-ritual.yaml:1: id is required`},
	{"no title", edit(2, ""), `my-ritual.yaml:1: title is required`},
	{"empty title", edit(2, `title: "  "`), `my-ritual.yaml:2: title is required`},
	{"title too long", edit(2, "title: "+strings.Repeat("x", 81)), `my-ritual.yaml:2: title is longer than 80 characters`},
	{"title is a list", edit(2, "title: [a, b]"), `my-ritual.yaml:2: title must be text, not a list`},
	{"no minutes", edit(3, ""), `my-ritual.yaml:1: minutes is required`},
	{"minutes not a number", edit(3, "minutes: an hour"), `my-ritual.yaml:3: minutes must be a whole number, not "an hour"`},
	{"minutes a fraction", edit(3, "minutes: 59.5"), `my-ritual.yaml:3: minutes must be a whole number, not "59.5"`},
	{"minutes too many", edit(3, "minutes: 481"), `my-ritual.yaml:3: minutes must be at most 480 (8 hours)`},
	{"wrong sum", edit(11, "    minutes: 35"), `my-ritual.yaml:3: segments add up to 55 minutes but the agenda says 60`},
	{"bad cadence", insert(3, "cadence: daily"), `my-ritual.yaml:4: cadence "daily" must be weekly, biweekly, monthly, quarterly or "as needed"`},
	{"principles not a list", insert(3, "principles: be quick"), `my-ritual.yaml:4: principles must be a list, not "be quick"`},
	{"no segments", "id: my-ritual\ntitle: My ritual\nminutes: 60\nsegments: []\n", `my-ritual.yaml:4: an agenda needs at least one segment`},
	{"segments missing", "id: my-ritual\ntitle: My ritual\nminutes: 60\n", `my-ritual.yaml:1: an agenda needs at least one segment`},
	{"too many segments", tooMany(), `my-ritual.yaml:4: an agenda has at most 20 segments; this one has 21`},

	// segments
	{"segment not a mapping", "id: my-ritual\ntitle: My ritual\nminutes: 60\nsegments:\n  - review\n", `my-ritual.yaml:5: segment 1: a segment must be a mapping of fields (id, title, minutes, produces), not "review"`},
	{"segment without id", edit(5, "  - name: review"), `my-ritual.yaml:5: segment 1: unknown field "name" (` + knownSeg + `)`},
	{"bad segment id", edit(9, "  - id: Deep_Dive"), `my-ritual.yaml:9: segment 2: id "Deep_Dive" ` + slugMsg},
	{"duplicate segment id", edit(9, "  - id: review"), `my-ritual.yaml:9: segment id "review" is used twice (first on line 5)`},
	{"segment without title", edit(10, ""), `my-ritual.yaml:9: segment "deep-dive": title is required`},
	{"zero minutes", edit(11, "    minutes: 0"), `my-ritual.yaml:11: segment "deep-dive": minutes must be greater than 0`},
	{"negative minutes", edit(11, "    minutes: -5"), `my-ritual.yaml:11: segment "deep-dive": minutes must be greater than 0`},
	{"huge minutes", edit(11, "    minutes: 99999999999999999999"), `my-ritual.yaml:11: segment "deep-dive": minutes must be a whole number, not "99999999999999999999"`},
	{"segment without minutes", edit(11, ""), `my-ritual.yaml:9: segment "deep-dive": minutes is required`},
	{"unknown kind", edit(12, "    produces: [issues, action]"), `my-ritual.yaml:12: segment "deep-dive": unknown record kind "action" (` + knownKinds + `)`},
	{"no produces", edit(12, ""), `my-ritual.yaml:9: segment "deep-dive": produces must list at least one record kind (issues, actions, decisions, stories, review, metrics, guide, notes, promises, systemic, journeys, pipeline, board, charters, accounts)`},
	{"empty produces", edit(12, "    produces: []"), `my-ritual.yaml:12: segment "deep-dive": produces must list at least one record kind (issues, actions, decisions, stories, review, metrics, guide, notes, promises, systemic, journeys, pipeline, board, charters, accounts)`},
	{"produces not a list", edit(12, "    produces: issues"), `my-ritual.yaml:12: segment "deep-dive": produces must be a list, not "issues"`},
	{"kind twice", edit(12, "    produces:\n      - issues\n      - issues"), `my-ritual.yaml:14: segment "deep-dive": produces lists issues twice`},
	{"step without guide", insert(8, "    step: G"), `my-ritual.yaml:9: segment "review": step is only allowed on a segment that produces guide`},
	{"bad step", edit(8, "    produces: [guide]\n    step: X"), `my-ritual.yaml:9: segment "review": step "X" must be one of G, U, I, D, E`},
	{"guide without step", edit(8, "    produces: [guide]"), `my-ritual.yaml:8: segment "review": a segment that produces guide needs a step (G, U, I, D or E)`},
	{"step twice", edit(8, "    produces: [guide]\n    step: G") + "", ""}, // replaced below
	{"negative top", insert(12, "    top: -1"), `my-ritual.yaml:13: segment "deep-dive": top must be 0 or more`},
	{"top without issues", insert(12, "    top: 3") + "", ""}, // replaced below
	{"prompt too long", insert(8, "    prompt: "+strings.Repeat("x", 4001)), `my-ritual.yaml:9: segment "review": prompt is longer than 4000 characters`},

	// text that could act on a terminal
	{"escape sequence in a title", edit(6, `    title: "Review \e[31mthe dashboard"`), `my-ritual.yaml:6: segment "review": title contains a control character (U+001B); escape sequences are not allowed`},
	{"raw escape byte", edit(6, "    title: Review \x1b[2Jthe dashboard"), `my-ritual.yaml:6: the file contains a control character (U+001B); escape sequences are not allowed`},
	{"C1 control in a prompt", insert(8, `    prompt: "- Look \u009b31m here"`), `my-ritual.yaml:9: segment "review": prompt contains a control character (U+009B); escape sequences are not allowed`},
	{"bell in a block prompt", insert(8, "    prompt: |\n      fine\n      \"\\a\""), ``}, // literal: no escapes in block scalars; valid
	{"bidi override", edit(2, "title: \"My \u202eritual\""), `my-ritual.yaml:2: title contains a bidirectional control character (U+202E), which can disguise text`},
	{"OSC in a principle", insert(3, "principles:\n  - \"click \\e]8;;http://x\\e\\\\here\""), `my-ritual.yaml:5: principle 1 contains a control character (U+001B); escape sequences are not allowed`},
}

func init() {
	for i := range brokenFiles {
		switch brokenFiles[i].name {
		case "step twice":
			brokenFiles[i].data = "id: my-ritual\ntitle: Coaching\nminutes: 10\nsegments:\n  - id: goal\n    title: Goal\n    minutes: 5\n    produces: [guide]\n    step: G\n  - id: again\n    title: Goal again\n    minutes: 5\n    produces: [guide]\n    step: G\n"
			brokenFiles[i].want = `my-ritual.yaml:14: segment "again": step G is already taken by segment "goal"`
		case "top without issues":
			brokenFiles[i].data = edit(12, "    produces: [actions]\n    top: 3")
			brokenFiles[i].want = `my-ritual.yaml:13: segment "deep-dive": top is only allowed on a segment that produces issues`
		}
	}
}

func tooMany() string {
	var b strings.Builder
	b.WriteString("id: my-ritual\ntitle: My ritual\nminutes: 21\nsegments:\n")
	for i := range 21 {
		fmt.Fprintf(&b, "  - {id: s%02d, title: S, minutes: 1, produces: [notes]}\n", i)
	}
	return b.String()
}

func TestBrokenFiles(t *testing.T) {
	if _, err := Parse("my-ritual.yaml", []byte(base)); err != nil {
		t.Fatalf("base does not parse: %v", err)
	}
	for _, c := range brokenFiles {
		t.Run(c.name, func(t *testing.T) {
			a, err := Parse("my-ritual.yaml", []byte(c.data))
			if c.want == "" {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				checkInvariants(t, a)
				return
			}
			if err == nil {
				t.Fatalf("no error, want %s\n%s", c.want, c.data)
			}
			if err.Error() != c.want {
				t.Errorf("\n got: %s\nwant: %s\n%s", err, c.want, numbered(c.data))
			}
			if meeting.ErrorCode(err) != meeting.EINVALID {
				t.Errorf("code %s, want %s", meeting.ErrorCode(err), meeting.EINVALID)
			}
			checkErrorShape(t, "my-ritual.yaml", err)
		})
	}
}

func numbered(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		fmt.Fprintf(&b, "%3d %q\n", i+1, l)
	}
	return b.String()
}

// Text is cleaned the way meeting.CleanLine cleans it, without refusing the
// file: runs of spaces, zero-width characters, a folded line break.
func TestTextIsCleaned(t *testing.T) {
	data := strings.Join([]string{
		"id: my-ritual",
		"title: \"  My   ritual\u200b \"",
		"minutes: 10",
		"cadence: QUARTERLY",
		"purpose: >",
		"  Two lines",
		"  folded",
		"segments:",
		"  - id: one",
		"    title: One",
		"    minutes: 10",
		"    produces: [notes]",
		"    prompt: |",
		"",
		"      - a",
		"        - nested",
		"    output: \"x\\Ly\"",
		"",
		"",
	}, "\n")
	a, err := Parse("x.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "My ritual" || a.Purpose != "Two lines folded" || a.Cadence != "quarterly" {
		t.Errorf("title %q, purpose %q, cadence %q", a.Title, a.Purpose, a.Cadence)
	}
	if want := "- a\n  - nested"; a.Segments[0].Prompt != want || a.Segments[0].Output != "x y" {
		t.Errorf("prompt %q, want %q", a.Segments[0].Prompt, want)
	}
	checkInvariants(t, a)
}

// File names are printed: they are cleaned too.
func TestFileNameIsCleaned(t *testing.T) {
	_, err := Parse("\x1b[31mevil.yaml", []byte("id: x\n"))
	checkErrorShape(t, "evil.yaml", err)
}

var errShape = regexp.MustCompile(`^(.+):([1-9][0-9]*): \S`)

// checkErrorShape checks an error is one safe line: "<file>:<line>: <problem>".
func checkErrorShape(t testing.TB, file string, err error) {
	t.Helper()
	msg := err.Error()
	m := errShape.FindStringSubmatch(msg)
	if m == nil || m[1] != file {
		t.Fatalf("error %q is not %q:<line>: <problem>", msg, file)
	}
	for _, r := range msg {
		if unicode.IsControl(r) || bidi(r) {
			t.Fatalf("error %q holds control character %U", msg, r)
		}
	}
}

// checkInvariants checks what every accepted agenda must satisfy.
func checkInvariants(t testing.TB, a meeting.Agenda) {
	t.Helper()
	line := func(what, s string, max int, required bool) {
		t.Helper()
		if s != meeting.CleanLine(s, max) {
			t.Fatalf("%s %q is not clean", what, s)
		}
		if required && s == "" {
			t.Fatalf("%s is empty", what)
		}
	}
	if !slugRe.MatchString(a.ID) {
		t.Fatalf("id %q", a.ID)
	}
	line("title", a.Title, MaxTitle, true)
	line("cadence", a.Cadence, 40, false)
	line("purpose", a.Purpose, MaxLineField, false)
	line("participants", a.Participants, MaxLineField, false)
	for _, p := range a.Principles {
		line("principle", p, MaxLineField, true)
	}
	if a.Minutes <= 0 || a.Minutes > MaxMinutes {
		t.Fatalf("minutes %d", a.Minutes)
	}
	if len(a.Segments) == 0 || len(a.Segments) > MaxSegments {
		t.Fatalf("%d segments", len(a.Segments))
	}
	sum := 0
	ids := map[string]bool{}
	steps := map[string]bool{}
	for _, s := range a.Segments {
		if !slugRe.MatchString(s.ID) || ids[s.ID] {
			t.Fatalf("segment id %q", s.ID)
		}
		ids[s.ID] = true
		line("segment title", s.Title, MaxSegmentTitle, true)
		line("output", s.Output, MaxLineField, false)
		if n := len([]rune(s.Prompt)); n > MaxPrompt {
			t.Fatalf("prompt of %d characters", n)
		}
		for _, r := range s.Prompt {
			if r == '\n' || r == '\t' || (r >= ' ' && r < 0x7f) {
				continue
			}
			if unicode.IsControl(r) || bidi(r) || meeting.CleanLine(string(r), 1) == "" {
				t.Fatalf("prompt %q holds %U", s.Prompt, r)
			}
		}
		if s.Minutes <= 0 {
			t.Fatalf("segment minutes %d", s.Minutes)
		}
		sum += s.Minutes
		if len(s.Produces) == 0 {
			t.Fatalf("segment %q produces nothing", s.ID)
		}
		for _, k := range s.Produces {
			if !meeting.KnownKind(k) {
				t.Fatalf("kind %q", k)
			}
		}
		if (s.Step != "") != s.Has(meeting.KindGuide) || (s.Step != "" && s.GuideStep() < 0) || steps[s.Step] && s.Step != "" {
			t.Fatalf("segment %q: step %q with produces %v", s.ID, s.Step, s.Produces)
		}
		steps[s.Step] = true
		if s.Top < 0 || s.Top > MaxTop || (s.Top > 0 && !s.Has(meeting.KindIssues)) {
			t.Fatalf("segment %q: top %d", s.ID, s.Top)
		}
	}
	if sum != a.Minutes {
		t.Fatalf("segments add up to %d, agenda says %d", sum, a.Minutes)
	}
}

package agendas

// Long on purpose: one parser with its line-numbered validation, every rule of the agenda format in one place.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"cxroom/meeting"
)

// Bounds on an agenda file. Every file, built-in or the user's, is held to
// them.
const (
	MaxFileSize      = 256 << 10       // bytes
	MaxMinutes       = 480             // an agenda's length, 8 hours
	MaxSegments      = 20              // segments in one agenda
	MaxPrinciples    = 12              // principles shown on screen
	MaxTop           = 20              // a segment's "top N issues"
	MaxTitle         = meeting.MaxName // an agenda's title, in characters
	MaxSegmentTitle  = 120             // a segment's title
	MaxLineField     = meeting.MaxLine // output, purpose, participants, a principle
	MaxPrompt        = meeting.MaxText // a segment's prompt (markdown)
	maxQuotedInError = 40              // user text quoted in an error message
	maxSyntaxMessage = 200             // a YAML parser message
	slugRule         = "lower-case letters, digits and dashes, starting with a letter, 2 to 40 characters"
)

// slugRe is the shape of an agenda id and of a segment id.
var slugRe = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// The fields an agenda file may hold, in the order they are documented.
var (
	agendaFields  = []string{"id", "title", "minutes", "cadence", "purpose", "participants", "principles", "notes", "segments"}
	segmentFields = []string{"id", "title", "minutes", "output", "prompt", "produces", "step", "top"}
)

// Parse validates one agenda file. name is how errors refer to the file (its
// path or base name); it becomes the agenda's Source. Every error is a
// *meeting.Error with Code EINVALID and a one-line message of the form
// "<name>:<line>: <problem>".
func Parse(name string, data []byte) (meeting.Agenda, error) {
	a, _, err := parse(name, data)
	return a, err
}

// parse is Parse that also returns the line of the agenda's id.
func parse(name string, data []byte) (a meeting.Agenda, idLine int, err error) {
	p := &parser{name: displayName(name)}
	defer func() {
		// The YAML library is third-party code fed untrusted input: whatever
		// it does, a bad file is an error, never a crash.
		if r := recover(); r != nil {
			a, idLine, err = meeting.Agenda{}, 0, p.fail(1, "the YAML parser failed on this file (%s)", clip(fmt.Sprint(r), maxSyntaxMessage))
		}
	}()
	a, idLine, err = p.parse(data)
	if err == nil {
		err = p.strict(data)
	}
	if err != nil {
		return meeting.Agenda{}, 0, err
	}
	a.Source = name
	return a, idLine, nil
}

// displayName makes a file name safe to print.
func displayName(name string) string {
	n := meeting.CleanLine(name, 200)
	if n == "" {
		n = "agenda"
	}
	return n
}

// clip makes user text safe and short enough to quote in an error.
func clip(s string, max int) string {
	c := meeting.CleanLine(s, max+1)
	if utf8.RuneCountInString(c) > max {
		r := []rune(c)
		c = string(r[:max-1]) + "…"
	}
	return c
}

type parser struct {
	name string
}

func (p *parser) fail(line int, format string, args ...any) *meeting.Error {
	if line < 1 {
		line = 1
	}
	return &meeting.Error{Code: meeting.EINVALID, Message: fmt.Sprintf("%s:%d: %s", p.name, line, fmt.Sprintf(format, args...))}
}

func (p *parser) parse(data []byte) (meeting.Agenda, int, error) {
	var a meeting.Agenda
	if len(data) > MaxFileSize {
		return a, 0, p.fail(1, "the file is %d KiB; an agenda file may be at most %d KiB", (len(data)+1023)/1024, MaxFileSize/1024)
	}
	if err := p.scan(data); err != nil {
		return a, 0, err
	}
	root, err := p.decode(data)
	if err != nil {
		return a, 0, err
	}
	return p.agenda(root)
}

var typeErrorRe = regexp.MustCompile(`line (\d+): (.*)`)

// strict decodes data straight into meeting.Agenda with yaml.v3's own
// unknown-field check (KnownFields). The walk above refuses everything this
// refuses, with better messages; this is the safety net that keeps the two
// from drifting apart (a field added to meeting.Agenda but not to the walk,
// a value yaml.v3 will not put in its Go type).
func (p *parser) strict(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var a meeting.Agenda
	err := dec.Decode(&a)
	if err == nil {
		return nil
	}
	line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
	if m := typeErrorRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	return p.fail(line, "%s", clip(msg, maxSyntaxMessage))
}

// scan refuses bytes the YAML parser would refuse without saying where, and
// control characters, which have no business in an agenda: each is reported
// with its line.
func (p *parser) scan(data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		if c := data[i]; c >= ' ' && c < 0x7f { // printable ASCII
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return p.fail(line, "the file is not valid UTF-8 text")
		case r == '\n':
			line++
		case r == '\t' || r == '\r':
		case r == 0xfeff && i == 0: // byte-order mark
		case unicode.Is(unicode.Cc, r):
			return p.fail(line, "the file contains a control character (%U); escape sequences are not allowed", r)
		}
		i += size
	}
	return nil
}

// decode parses data as exactly one YAML document and returns its root node.
func (p *parser) decode(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, p.fail(1, "the file is empty: an agenda needs an id, a title, minutes and segments")
		}
		return nil, p.syntax(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, p.syntax(data, err)
		}
		return nil, p.fail(extra.Line, "the file holds more than one YAML document (---); put one agenda in each file")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, p.fail(doc.Line, "the file is not an agenda")
	}
	root := doc.Content[0]
	if isNull(root) {
		return nil, p.fail(root.Line, "the file is empty: an agenda needs an id, a title, minutes and segments")
	}
	return root, nil
}

var yamlLineRe = regexp.MustCompile(`^line (\d+): `)

// syntax turns a YAML parser error into one line naming where the problem
// is. The parser's own line numbers point at the start of the enclosing
// construct (sometimes counted from zero), so the line is found again by
// parsing ever longer prefixes of the file: the first prefix that fails the
// same way ends on the offending line.
func (p *parser) syntax(data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	lo := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if n, err := strconv.Atoi(m[1]); err == nil && n > 1 {
			lo = n - 1 // the problem is never above the parser's line
		}
	}
	return p.fail(locate(data, msg, lo), "YAML syntax: %s", clip(msg, maxSyntaxMessage))
}

// locate returns the 1-based line at which the prefixes of data start to
// fail with msg, assuming the first lo lines do not.
func locate(data []byte, msg string, lo int) int {
	ends := []int{} // ends[i] is the offset just past line i+1
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	hi := len(ends) // the whole file fails with msg
	if lo >= hi {
		return hi
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if failsWith(data[:ends[mid-1]], msg) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// failsWith reports whether parsing every document of data stops with msg.
func failsWith(data []byte, msg string) (fails bool) {
	defer func() {
		if recover() != nil {
			fails = false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return false
		}
		m := strings.TrimPrefix(err.Error(), "yaml: ")
		if loc := yamlLineRe.FindString(m); loc != "" {
			m = m[len(loc):]
		}
		return m == msg
	}
}

// The walk. Checks run in a fixed order: the agenda's own fields, then each
// segment in turn, then what spans segments; the first problem is reported.

type field struct {
	key, val *yaml.Node
}

// fields checks a mapping's keys (known, not repeated, no merge keys) and
// returns its values by key. pre prefixes messages ("segment \"x\": ").
func (p *parser) fields(m *yaml.Node, pre string, known []string) (map[string]field, error) {
	out := make(map[string]field, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind == yaml.AliasNode || v.Kind == yaml.AliasNode {
			return nil, p.fail(k.Line, "%saliases (*name) are not supported; write the value out", pre)
		}
		if k.Kind != yaml.ScalarNode {
			return nil, p.fail(k.Line, "%sa field name must be plain text, not %s", pre, describe(k))
		}
		if k.Value == "<<" && k.Tag != "!!str" {
			return nil, p.fail(k.Line, "%smerge keys (<<) are not supported; write the fields out", pre)
		}
		if !slices.Contains(known, k.Value) {
			return nil, p.fail(k.Line, "%sunknown field %q (known fields: %s)", pre, clip(k.Value, maxQuotedInError), strings.Join(known, ", "))
		}
		if prev, dup := out[k.Value]; dup {
			return nil, p.fail(k.Line, "%sfield %q appears twice (first on line %d)", pre, k.Value, prev.key.Line)
		}
		out[k.Value] = field{k, v}
	}
	return out, nil
}

// describe names a node's kind for a message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	if isNull(n) {
		return "empty"
	}
	return fmt.Sprintf("%q", clip(n.Value, maxQuotedInError))
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// absent reports whether a field is missing or left empty (null).
func absent(f field) bool { return f.val == nil || isNull(f.val) }

// scalar returns the text of a scalar value.
func (p *parser) scalar(n *yaml.Node, pre, name string) (string, error) {
	switch {
	case n.Kind == yaml.AliasNode:
		return "", p.fail(n.Line, "%saliases (*name) are not supported; write the value out", pre)
	case n.Kind != yaml.ScalarNode:
		return "", p.fail(n.Line, "%s%s must be text, not %s", pre, name, describe(n))
	}
	switch n.ShortTag() {
	case "!!null":
		return "", nil
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		return n.Value, nil
	}
	return "", p.fail(n.Line, "%s%s must be plain text (tag %s is not supported)", pre, name, clip(n.Tag, maxQuotedInError))
}

// text reads a one-line text field: refused if it holds control characters,
// otherwise cleaned (white space collapsed, invisible characters dropped) and
// bounded.
func (p *parser) text(f field, pre, name string, max int, required bool) (string, error) {
	if absent(f) {
		if required {
			return "", p.fail(lineOf(f), "%s%s is required", pre, name)
		}
		return "", nil
	}
	raw, err := p.scalar(f.val, pre, name)
	if err != nil {
		return "", err
	}
	if err := p.safe(f.val, pre, name, raw); err != nil {
		return "", err
	}
	s := meeting.CleanLine(raw, max+1)
	return s, p.bound(f, pre, name, s, max, required)
}

// prose reads a multi-line markdown field: as text, but line breaks,
// indentation and tabs are kept.
func (p *parser) prose(f field, pre, name string, max int) (string, error) {
	if absent(f) {
		return "", nil
	}
	raw, err := p.scalar(f.val, pre, name)
	if err != nil {
		return "", err
	}
	if err := p.safe(f.val, pre, name, raw); err != nil {
		return "", err
	}
	s := cleanProse(raw)
	return s, p.bound(f, pre, name, s, max, false)
}

func (p *parser) bound(f field, pre, name, s string, max int, required bool) error {
	if required && s == "" {
		return p.fail(f.val.Line, "%s%s is required", pre, name)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return p.fail(f.val.Line, "%s%s is longer than %d characters", pre, name, max)
	}
	return nil
}

func lineOf(f field) int {
	switch {
	case f.val != nil:
		return f.val.Line
	case f.key != nil:
		return f.key.Line
	}
	return 1
}

// safe refuses text that could act on a terminal: control characters (ESC
// and so escape sequences, C0 and C1 controls, DEL) and bidirectional
// overrides, which reorder what is shown.
func (p *parser) safe(n *yaml.Node, pre, name, s string) error {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || (r >= ' ' && r < 0x7f):
		case unicode.Is(unicode.Cc, r):
			return p.fail(n.Line, "%s%s contains a control character (%U); escape sequences are not allowed", pre, name, r)
		case bidi(r):
			return p.fail(n.Line, "%s%s contains a bidirectional control character (%U), which can disguise text", pre, name, r)
		}
	}
	return nil
}

func bidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// cleanProse applies meeting.CleanText's character rules to markdown while
// keeping its layout: what CleanText drops is dropped, other white space
// becomes a space (a line or paragraph separator, a line break), and blank
// lines around the text are trimmed. Controls have been refused already.
func cleanProse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || (r >= ' ' && r < 0x7f):
			b.WriteRune(r)
		case r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cc, r) || meeting.CleanLine(string(r), 1) == "":
			// dropped, as CleanText drops it
		default:
			b.WriteRune(r)
		}
	}
	out := strings.TrimRightFunc(b.String(), unicode.IsSpace)
	// Drop leading blank lines, keep the first line's indentation.
	for {
		i := strings.IndexByte(out, '\n')
		if i < 0 || strings.TrimSpace(out[:i]) != "" {
			break
		}
		out = out[i+1:]
	}
	return out
}

// number reads a whole number.
func (p *parser) number(f field, pre, name string) (int, error) {
	n := f.val
	if n.Kind == yaml.AliasNode {
		return 0, p.fail(n.Line, "%saliases (*name) are not supported; write the value out", pre)
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		return 0, p.fail(n.Line, "%s%s must be a whole number, not %s", pre, name, describe(n))
	}
	var v int64
	if err := n.Decode(&v); err != nil || v > 1<<31 || v < -(1<<31) {
		return 0, p.fail(n.Line, "%s%s is not a reasonable number", pre, name)
	}
	return int(v), nil
}

// list reads a sequence of scalars; nil if absent.
func (p *parser) list(f field, pre, name string) ([]*yaml.Node, error) {
	if absent(f) {
		return nil, nil
	}
	n := f.val
	if n.Kind == yaml.AliasNode {
		return nil, p.fail(n.Line, "%saliases (*name) are not supported; write the value out", pre)
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.fail(n.Line, "%s%s must be a list, not %s", pre, name, describe(n))
	}
	return n.Content, nil
}

func (p *parser) agenda(root *yaml.Node) (meeting.Agenda, int, error) {
	var a meeting.Agenda
	if root.Kind != yaml.MappingNode {
		return a, 0, p.fail(root.Line, "an agenda must be a mapping of fields (id, title, minutes, segments), not %s", describe(root))
	}
	fs, err := p.fields(root, "", agendaFields)
	if err != nil {
		return a, 0, err
	}
	missing := func(name string) error {
		return p.fail(root.Line, "%s is required", name)
	}
	// id
	f := fs["id"]
	if absent(f) {
		return a, 0, missing("id")
	}
	if a.ID, err = p.slug(f, "", "id"); err != nil {
		return a, 0, err
	}
	idLine := f.val.Line
	// title
	if a.Title, err = p.text(withKey(fs, "title", root), "", "title", MaxTitle, true); err != nil {
		return a, 0, err
	}
	// minutes
	mf := fs["minutes"]
	if absent(mf) {
		return a, 0, missing("minutes")
	}
	if a.Minutes, err = p.number(mf, "", "minutes"); err != nil {
		return a, 0, err
	}
	if err := p.minutes(mf, "", a.Minutes); err != nil {
		return a, 0, err
	}
	// cadence
	if a.Cadence, err = p.cadence(fs["cadence"]); err != nil {
		return a, 0, err
	}
	if a.Purpose, err = p.text(fs["purpose"], "", "purpose", MaxLineField, false); err != nil {
		return a, 0, err
	}
	if a.Participants, err = p.text(fs["participants"], "", "participants", MaxLineField, false); err != nil {
		return a, 0, err
	}
	// principles
	items, err := p.list(fs["principles"], "", "principles")
	if err != nil {
		return a, 0, err
	}
	if len(items) > MaxPrinciples {
		return a, 0, p.fail(fs["principles"].key.Line, "an agenda has at most %d principles; this one has %d", MaxPrinciples, len(items))
	}
	for i, n := range items {
		s, err := p.text(field{val: n}, "", fmt.Sprintf("principle %d", i+1), MaxLineField, true)
		if err != nil {
			return a, 0, err
		}
		a.Principles = append(a.Principles, s)
	}
	if a.Notes, err = p.prose(fs["notes"], "", "notes", MaxPrompt); err != nil {
		return a, 0, err
	}
	// segments
	sf := fs["segments"]
	segs, err := p.list(sf, "", "segments")
	if err != nil {
		return a, 0, err
	}
	switch {
	case len(segs) == 0:
		return a, 0, p.fail(lineOf(withKey(fs, "segments", root)), "an agenda needs at least one segment")
	case len(segs) > MaxSegments:
		return a, 0, p.fail(sf.key.Line, "an agenda has at most %d segments; this one has %d", MaxSegments, len(segs))
	}
	ids := map[string]int{}      // segment id → line
	steps := map[string]string{} // GUIDE step → segment id
	total := 0
	for i, n := range segs {
		s, err := p.segment(i, n, ids, steps)
		if err != nil {
			return a, 0, err
		}
		total += s.Minutes
		a.Segments = append(a.Segments, s)
	}
	if total != a.Minutes {
		return a, 0, p.fail(mf.val.Line, "segments add up to %d minutes but the agenda says %d", total, a.Minutes)
	}
	return a, idLine, nil
}

// withKey returns fs[name], or a field placed on parent's line when absent,
// so "is required" points somewhere useful.
func withKey(fs map[string]field, name string, parent *yaml.Node) field {
	if f, ok := fs[name]; ok {
		return f
	}
	return field{key: &yaml.Node{Line: parent.Line}}
}

func (p *parser) slug(f field, pre, name string) (string, error) {
	v, err := p.scalar(f.val, pre, name)
	if err != nil {
		return "", err
	}
	if !slugRe.MatchString(v) {
		return "", p.fail(f.val.Line, "%s%s %q must be a slug: %s", pre, name, clip(v, maxQuotedInError), slugRule)
	}
	return v, nil
}

func (p *parser) minutes(f field, pre string, m int) error {
	switch {
	case m <= 0:
		return p.fail(f.val.Line, "%sminutes must be greater than 0", pre)
	case m > MaxMinutes:
		return p.fail(f.val.Line, "%sminutes must be at most %d (8 hours)", pre, MaxMinutes)
	}
	return nil
}

// AsNeeded is the cadence of a ritual held when it is needed (GUIDE coaching).
const AsNeeded = "as needed"

func (p *parser) cadence(f field) (string, error) {
	s, err := p.text(f, "", "cadence", maxQuotedInError, false)
	if err != nil || s == "" {
		return s, err
	}
	switch l := strings.ToLower(s); l {
	case AsNeeded, "as-needed", "ad hoc", "ad-hoc":
		return AsNeeded, nil
	}
	c, err := meeting.ParseCadence(s)
	if err != nil {
		return "", p.fail(f.val.Line, "cadence %q must be weekly, biweekly, monthly, quarterly or %q", clip(s, maxQuotedInError), AsNeeded)
	}
	return string(c), nil
}

func (p *parser) segment(i int, n *yaml.Node, ids map[string]int, steps map[string]string) (meeting.Segment, error) {
	var s meeting.Segment
	pre := fmt.Sprintf("segment %d: ", i+1)
	if n.Kind == yaml.AliasNode {
		return s, p.fail(n.Line, "%saliases (*name) are not supported; write the segment out", pre)
	}
	if n.Kind != yaml.MappingNode {
		return s, p.fail(n.Line, "%sa segment must be a mapping of fields (id, title, minutes, produces), not %s", pre, describe(n))
	}
	// Name the segment by its id in every message, once the id is known
	// to be one.
	for j := 0; j+1 < len(n.Content); j += 2 {
		if k, v := n.Content[j], n.Content[j+1]; k.Value == "id" && v.Kind == yaml.ScalarNode && slugRe.MatchString(v.Value) {
			pre = fmt.Sprintf("segment %q: ", v.Value)
		}
	}
	fs, err := p.fields(n, pre, segmentFields)
	if err != nil {
		return s, err
	}
	// id first: later messages name the segment by it.
	f := fs["id"]
	if absent(f) {
		return s, p.fail(n.Line, "%sid is required", pre)
	}
	if s.ID, err = p.slug(f, pre, "id"); err != nil {
		return s, err
	}
	if first, dup := ids[s.ID]; dup {
		return s, p.fail(f.val.Line, "segment id %q is used twice (first on line %d)", s.ID, first)
	}
	ids[s.ID] = f.val.Line
	pre = fmt.Sprintf("segment %q: ", s.ID)

	if s.Title, err = p.text(withKey(fs, "title", n), pre, "title", MaxSegmentTitle, true); err != nil {
		return s, err
	}
	mf := fs["minutes"]
	if absent(mf) {
		return s, p.fail(n.Line, "%sminutes is required", pre)
	}
	if s.Minutes, err = p.number(mf, pre, "minutes"); err != nil {
		return s, err
	}
	if err := p.minutes(mf, pre, s.Minutes); err != nil {
		return s, err
	}
	if s.Output, err = p.text(fs["output"], pre, "output", MaxLineField, false); err != nil {
		return s, err
	}
	if s.Prompt, err = p.prose(fs["prompt"], pre, "prompt", MaxPrompt); err != nil {
		return s, err
	}
	// produces
	pf := fs["produces"]
	kinds, err := p.list(pf, pre, "produces")
	if err != nil {
		return s, err
	}
	if len(kinds) == 0 {
		return s, p.fail(lineOf(withKey(fs, "produces", n)), "%sproduces must list at least one record kind (%s)", pre, kindList())
	}
	for _, kn := range kinds {
		v, err := p.scalar(kn, pre, "a record kind")
		if err != nil {
			return s, err
		}
		k := meeting.RecordKind(v)
		if !meeting.KnownKind(k) {
			return s, p.fail(kn.Line, "%sunknown record kind %q (known kinds: %s)", pre, clip(v, maxQuotedInError), kindList())
		}
		if s.Has(k) {
			return s, p.fail(kn.Line, "%sproduces lists %s twice", pre, k)
		}
		s.Produces = append(s.Produces, k)
	}
	// step
	if sf := fs["step"]; !absent(sf) {
		v, err := p.scalar(sf.val, pre, "step")
		if err != nil {
			return s, err
		}
		s.Step = v
		if s.GuideStep() < 0 {
			return s, p.fail(sf.val.Line, "%sstep %q must be one of G, U, I, D, E", pre, clip(v, maxQuotedInError))
		}
		if !s.Has(meeting.KindGuide) {
			return s, p.fail(sf.val.Line, "%sstep is only allowed on a segment that produces guide", pre)
		}
		if other, dup := steps[s.Step]; dup {
			return s, p.fail(sf.val.Line, "%sstep %s is already taken by segment %q", pre, s.Step, other)
		}
		steps[s.Step] = s.ID
	} else if s.Has(meeting.KindGuide) {
		return s, p.fail(pf.val.Line, "%sa segment that produces guide needs a step (G, U, I, D or E)", pre)
	}
	// top
	if tf := fs["top"]; !absent(tf) {
		if s.Top, err = p.number(tf, pre, "top"); err != nil {
			return s, err
		}
		switch {
		case s.Top < 0:
			return s, p.fail(tf.val.Line, "%stop must be 0 or more", pre)
		case s.Top > MaxTop:
			return s, p.fail(tf.val.Line, "%stop must be at most %d", pre, MaxTop)
		case s.Top > 0 && !s.Has(meeting.KindIssues):
			return s, p.fail(tf.val.Line, "%stop is only allowed on a segment that produces issues", pre)
		}
	}
	return s, nil
}

func kindList() string {
	ks := make([]string, len(meeting.RecordKinds))
	for i, k := range meeting.RecordKinds {
		ks[i] = string(k)
	}
	return strings.Join(ks, ", ")
}

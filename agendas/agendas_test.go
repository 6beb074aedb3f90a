package agendas

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"cxroom/meeting"
)

type wantSegment struct {
	id       string
	minutes  int
	produces []meeting.RecordKind
}

func kinds(ks ...meeting.RecordKind) []meeting.RecordKind { return ks }

const (
	iss = meeting.KindIssues
	act = meeting.KindActions
	dec = meeting.KindDecisions
	sto = meeting.KindStories
	rev = meeting.KindReview
	met = meeting.KindMetrics
	gui = meeting.KindGuide
	not = meeting.KindNotes
	pro = meeting.KindPromises
	brd = meeting.KindBoard
	chr = meeting.KindCharters
	acc = meeting.KindAccounts
)

var wantBuiltins = []struct {
	id, title string
	minutes   int
	cadence   string
	journey   bool // Needs(): asks for a journey at start
	coachee   bool // Needs(): asks for a coachee at start
	segments  []wantSegment
}{
	{"voc-triage", "Weekly VOC triage", 60, "weekly", false, false, []wantSegment{
		{"dashboard", 15, kinds(iss)},
		{"deep-dive", 20, kinds(iss, act)},
		{"prior-actions", 15, kinds(rev, act)},
		{"customer-story", 10, kinds(sto)},
	}},
	{"journey-review", "Monthly journey review", 90, "monthly", true, false, []wantSegment{
		{"journey-health", 20, kinds(met)},
		{"customer-voice", 20, kinds(sto)},
		{"improvement-pipeline", 30, kinds(meeting.KindPipeline, act, dec)},
		{"decisions-commitments", 20, kinds(dec, act)},
	}},
	{"guide-coaching", "GUIDE coaching conversation", 30, "as needed", false, true, []wantSegment{
		{"goal", 4, kinds(gui)},
		{"understand", 5, kinds(gui)},
		{"impact", 5, kinds(gui)},
		{"design", 5, kinds(gui)},
		{"evidence", 5, kinds(gui)},
		{"next-steps", 4, kinds(act)},
		{"coaching-notes", 2, kinds(not)},
	}},
	{"promise-audit", "Quarterly promise-proof audit", 120, "quarterly", false, false, []wantSegment{
		{"list-promises", 30, kinds(pro)},
		{"measure-reality", 60, kinds(pro)},
		{"action-planning", 30, kinds(pro, act)},
	}},
	{"qbr", "Outside-in QBR", 180, "quarterly", false, false, []wantSegment{
		{"customer-voice", 45, kinds(sto)},
		{"journey-health", 45, kinds(meeting.KindJourneys, meeting.KindSystemic)},
		{"impact-tradeoffs", 60, kinds(dec)},
		{"forward-commitments", 30, kinds(act)},
	}},
	// The executive layer (issue 14).
	{"steering-committee", "Monthly CX steering committee", 90, "monthly", false, false, []wantSegment{
		{"metrics-review", 25, kinds(brd, act)},
		{"initiative-go-no-go", 25, kinds(chr, dec)},
		{"escalations", 15, kinds(rev, act)},
		{"investment-decisions", 25, kinds(dec, act)},
	}},
	{"executive-review", "Monthly CX executive review", 90, "monthly", false, false, []wantSegment{
		{"outcomes-dashboard", 30, kinds(brd, act)},
		{"operational-cx", 20, kinds(iss, act)},
		{"initiative-outcomes", 25, kinds(chr, dec)},
		{"decisions-owners", 15, kinds(dec, act)},
	}},
	{"strategic-council", "CX Strategic Council", 60, "monthly", false, false, []wantSegment{
		{"feedback-insights", 20, kinds(sto, iss)},
		{"recommendations", 25, kinds(dec)},
		{"sponsor-approval", 10, kinds(dec, chr)},
		{"communicate", 5, kinds(act)},
	}},
	{"board-review", "Quarterly board CX review", 60, "quarterly", false, false, []wantSegment{
		{"executive-summary", 5, kinds(dec)},
		{"core-metrics", 15, kinds(brd, act)},
		{"key-insights", 10, kinds(sto)},
		{"strategic-actions", 15, kinds(chr, dec)},
		{"competitive-forward", 10, kinds(dec)},
		{"board-decisions", 5, kinds(dec, act)},
	}},
	{"at-risk-accounts", "Monthly top-10 at-risk accounts", 60, "monthly", false, false, []wantSegment{
		{"health-distribution", 10, kinds(brd)},
		{"top-ten", 40, kinds(acc, act)},
		{"commitments", 10, kinds(act, dec)},
	}},
	{"ritual-retrospective", "90-day ritual retrospective", 60, "quarterly", false, false, []wantSegment{
		{"whats-working", 15, kinds(sto)},
		{"whats-not", 15, kinds(iss)},
		{"success-measures", 15, kinds(rev, act)},
		{"course-corrections", 15, kinds(dec, act)},
	}},
}

func TestBuiltins(t *testing.T) {
	got := Builtin()
	if len(got) != len(wantBuiltins) {
		t.Fatalf("Builtin() has %d agendas, want %d", len(got), len(wantBuiltins))
	}
	for i, w := range wantBuiltins {
		a := got[i]
		t.Run(w.id, func(t *testing.T) {
			if a.ID != w.id || a.Title != w.title || a.Minutes != w.minutes || a.Cadence != w.cadence {
				t.Errorf("got %q %q %d %q, want %q %q %d %q", a.ID, a.Title, a.Minutes, a.Cadence, w.id, w.title, w.minutes, w.cadence)
			}
			if !IsBuiltin(a) || !strings.HasSuffix(a.Source, "rituals/"+w.id+".yaml") {
				t.Errorf("Source = %q", a.Source)
			}
			if a.Purpose == "" || a.Participants == "" {
				t.Errorf("purpose %q, participants %q: both are wanted", a.Purpose, a.Participants)
			}
			if j, c := a.Needs(); j != w.journey || c != w.coachee {
				t.Errorf("Needs() = journey %v, coachee %v; want %v, %v", j, c, w.journey, w.coachee)
			}
			if len(a.Segments) != len(w.segments) {
				t.Fatalf("%d segments, want %d", len(a.Segments), len(w.segments))
			}
			sum := 0
			for j, ws := range w.segments {
				s := a.Segments[j]
				if s.ID != ws.id || s.Minutes != ws.minutes || !slices.Equal(s.Produces, ws.produces) {
					t.Errorf("segment %d = %q %d %v, want %q %d %v", j, s.ID, s.Minutes, s.Produces, ws.id, ws.minutes, ws.produces)
				}
				if a.Offset(j) != sum {
					t.Errorf("Offset(%d) = %d, want %d", j, a.Offset(j), sum)
				}
				sum += s.Minutes
				if s.Title == "" || s.Output == "" || s.Prompt == "" {
					t.Errorf("segment %q: title %q, output %q, prompt %q: all are wanted", s.ID, s.Title, s.Output, s.Prompt)
				}
				// Rendered in a pane ~60 columns wide next to the records:
				// short and scannable.
				if n := strings.Count(s.Prompt, "\n") + 1; n > 12 {
					t.Errorf("segment %q: prompt has %d lines; keep it to 12", s.ID, n)
				}
				if n := utf8.RuneCountInString(s.Prompt); n > 600 {
					t.Errorf("segment %q: prompt has %d characters; keep it under 600", s.ID, n)
				}
				for _, k := range s.Produces {
					if !meeting.KnownKind(k) {
						t.Errorf("segment %q: unknown kind %q", s.ID, k)
					}
				}
			}
			if sum != a.Minutes {
				t.Errorf("segments add up to %d, want %d", sum, a.Minutes)
			}
			checkInvariants(t, a)
		})
	}
}

// The VOC triage is the seed's agenda table, word for word.
func TestVOCTriageMatchesSeed(t *testing.T) {
	a := Builtin()[0]
	want := []struct {
		offset, minutes int
		title, output   string
	}{
		{0, 15, "Review VOC dashboard: themes, spikes, sentiment shifts", "Prioritized issue list"},
		{15, 20, "Deep-dive top 3 issues: evidence, impact, root cause", "Ownership assigned"},
		{35, 15, "Review status of prior week's actions", "Unblock or escalate"},
		{50, 10, "Share one customer story that matters", "Team learning"},
	}
	if a.ID != "voc-triage" || a.Minutes != 60 || len(a.Segments) != len(want) {
		t.Fatalf("got %q, %d min, %d segments", a.ID, a.Minutes, len(a.Segments))
	}
	for i, w := range want {
		s := a.Segments[i]
		if a.Offset(i) != w.offset || s.Minutes != w.minutes || s.Title != w.title || s.Output != w.output {
			t.Errorf("segment %d: %d–%d %q → %q; want %d–%d %q → %q", i,
				a.Offset(i), a.Offset(i)+s.Minutes, s.Title, s.Output, w.offset, w.offset+w.minutes, w.title, w.output)
		}
	}
	if a.Segments[1].Top != 3 {
		t.Errorf("deep-dive top = %d, want 3", a.Segments[1].Top)
	}
	for i, s := range a.Segments {
		if i != 1 && s.Top != 0 {
			t.Errorf("segment %q: top = %d, want 0", s.ID, s.Top)
		}
	}
	if a.Purpose != "Rapidly identify and route emerging customer issues" {
		t.Errorf("purpose = %q", a.Purpose)
	}
	if a.Participants != "CX leader, journey owners, product leader, support leader" {
		t.Errorf("participants = %q", a.Participants)
	}
	principles := []string{
		"Speed over perfection: Make decisions quickly; iterate",
		"Action-oriented: Every issue gets an owner and next step",
		"Learning loop: Track what worked and what didn't",
	}
	if !slices.Equal(a.Principles, principles) {
		t.Errorf("principles = %q", a.Principles)
	}
}

// The GUIDE agenda asks the seed's five questions, in order.
func TestGuideQuestions(t *testing.T) {
	set, errs := Load("")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a, ok := set.Get("guide-coaching")
	if !ok {
		t.Fatal("guide-coaching missing")
	}
	seed := [5]string{ // Tool 1 and Template 3, verbatim
		"What is the customer trying to accomplish?",
		"What's their experience today? Where's the friction?",
		"What happens when we don't meet their needs? What's the cost?",
		"How might we make this effortless? What would delight them?",
		"How will we know it worked? What will customers tell us?",
	}
	for i, g := range meeting.GuideSteps {
		s := a.Segments[i]
		if g.Question != seed[i] {
			t.Errorf("meeting.GuideSteps[%d].Question = %q, the seed says %q", i, g.Question, seed[i])
		}
		if s.Step != g.Letter || s.GuideStep() != i {
			t.Errorf("segment %d: step %q (%d), want %q", i, s.Step, s.GuideStep(), g.Letter)
		}
		if !strings.Contains(s.Prompt, `"`+g.Question+`"`) {
			t.Errorf("segment %q: prompt lacks the quoted question %q:\n%s", s.ID, g.Question, s.Prompt)
		}
		if !strings.Contains(s.Prompt, g.Purpose) {
			t.Errorf("segment %q: prompt lacks the purpose %q", s.ID, g.Purpose)
		}
		if !strings.Contains(s.Title, g.Name) || !strings.HasPrefix(s.Title, g.Letter+" ") {
			t.Errorf("segment %q: title %q does not name step %s - %s", s.ID, s.Title, g.Letter, g.Name)
		}
	}
	notes := a.Segments[6].Prompt
	for _, w := range []string{"What went well", "What to work on", "Development areas"} {
		if !strings.Contains(notes, w) {
			t.Errorf("coaching notes prompt lacks %q", w)
		}
	}
}

func TestBuiltinIsACopy(t *testing.T) {
	a := Builtin()[0]
	a.Segments[0].Title = "changed"
	a.Segments[0].Produces[0] = "changed"
	a.Principles[0] = "changed"
	b := Builtin()[0]
	if b.Segments[0].Title == "changed" || b.Segments[0].Produces[0] == "changed" || b.Principles[0] == "changed" {
		t.Fatal("Builtin() shares memory with the package's copy")
	}
	set, _ := Load("")
	g, _ := set.Get("voc-triage")
	g.Segments[1].Produces[0] = "changed"
	if g2, _ := set.Get("voc-triage"); g2.Segments[1].Produces[0] == "changed" {
		t.Fatal("Set.Get shares memory with the set")
	}
}

// An agenda written back out as YAML parses to the same agenda: the format
// the CLI shows is the format it reads.
func TestRoundTrip(t *testing.T) {
	for _, a := range Builtin() {
		roundTrip(t, a)
	}
}

func roundTrip(t testing.TB, a meeting.Agenda) {
	t.Helper()
	out, err := yaml.Marshal(a)
	if err != nil {
		t.Fatalf("%s: marshal: %v", a.ID, err)
	}
	b, err := Parse("out.yaml", out)
	if err != nil {
		t.Fatalf("%s: written back out, it does not parse: %v\n%s", a.ID, err, out)
	}
	a.Source, b.Source = "", ""
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("%s: round trip changed it:\n%#v\n%#v\n%s", a.ID, a, b, out)
	}
}

// The fields the parser knows are the fields of meeting.Agenda and
// meeting.Segment: a field added there must be added here.
func TestKnownFieldsMatchStructs(t *testing.T) {
	tags := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("yaml"), ",")
			if name != "-" && name != "" {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	if got, want := sorted(agendaFields), tags(meeting.Agenda{}); !slices.Equal(got, want) {
		t.Errorf("agenda fields %v, meeting.Agenda has %v", got, want)
	}
	if got, want := sorted(segmentFields), tags(meeting.Segment{}); !slices.Equal(got, want) {
		t.Errorf("segment fields %v, meeting.Segment has %v", got, want)
	}
}

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodUser = `id: standup
title: CX stand-up
minutes: 15
cadence: Weekly
segments:
  - id: wins
    title: Customer wins
    minutes: 5
    produces: [stories]
  - id: blockers
    title: Blockers
    minutes: 10
    produces: [review, actions]
`

const overrideVOC = `id: voc-triage
title: Our VOC triage
minutes: 30
cadence: weekly
segments:
  - id: dashboard
    title: Review VOC dashboard
    minutes: 30
    produces: [issues]
`

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "standup.yaml", goodUser)
	writeFile(t, dir, "a-escalations.yml", strings.Replace(goodUser, "id: standup", "id: escalations", 1))
	bad := writeFile(t, dir, "broken.yaml", strings.Replace(goodUser, "minutes: 10", "minutes: 0", 1))
	writeFile(t, dir, "voc.yaml", overrideVOC)
	dup := writeFile(t, dir, "zz-copy.yaml", goodUser) // standup again
	writeFile(t, dir, "notes.txt", "not an agenda")
	writeFile(t, dir, ".hidden.yaml", "garbage: [")
	if err := os.Mkdir(filepath.Join(dir, "sub.yaml"), 0o700); err != nil {
		t.Fatal(err)
	}

	set, errs := Load(dir)
	want := []string{
		bad + `:12: segment "blockers": minutes must be greater than 0`,
		dup + `:1: agenda id "standup" is already defined in ` + filepath.Join(dir, "standup.yaml") + `; this file is skipped`,
	}
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
		if meeting.ErrorCode(err) != meeting.EINVALID {
			t.Errorf("%v: code %s, want %s", err, meeting.ErrorCode(err), meeting.EINVALID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var ids []string
	for _, a := range set.List() {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{"voc-triage", "journey-review", "guide-coaching", "promise-audit", "qbr",
		"steering-committee", "executive-review", "strategic-council", "board-review", "at-risk-accounts", "ritual-retrospective",
		"escalations", "standup"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("List() = %v, want %v", ids, wantIDs)
	}
	voc, ok := set.Get("voc-triage")
	if !ok || voc.Title != "Our VOC triage" || voc.Minutes != 30 || IsBuiltin(voc) || voc.Source != filepath.Join(dir, "voc.yaml") {
		t.Errorf("the user's voc-triage does not replace the built-in: %+v", voc)
	}
	su, ok := set.Get("standup")
	if !ok || su.Source != filepath.Join(dir, "standup.yaml") || su.Cadence != "weekly" {
		t.Errorf("standup: %+v", su)
	}
	if _, ok := set.Get("broken"); ok {
		t.Error("a broken file was loaded")
	}
	if _, ok := set.Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
	// The built-ins themselves are untouched.
	if Builtin()[0].Title != "Weekly VOC triage" {
		t.Error("overriding changed the built-in")
	}
}

func TestLoadMissingOrEmptyDir(t *testing.T) {
	for _, dir := range []string{"", filepath.Join(t.TempDir(), "nope")} {
		set, errs := Load(dir)
		if len(errs) != 0 || len(set.List()) != len(builtinFiles) {
			t.Errorf("Load(%q) = %d agendas, %v", dir, len(set.List()), errs)
		}
	}
	// A file where the folder should be is reported, built-ins still load.
	f := writeFile(t, t.TempDir(), "agendas", "x")
	set, errs := Load(f)
	if len(errs) != 1 || len(set.List()) != len(builtinFiles) {
		t.Errorf("Load(file) = %d agendas, %v", len(set.List()), errs)
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	a, err := ParseFile(writeFile(t, dir, "crlf.yaml", strings.ReplaceAll(goodUser, "\n", "\r\n")))
	if err != nil || a.ID != "standup" || a.Source != filepath.Join(dir, "crlf.yaml") {
		t.Errorf("CRLF file: %+v, %v", a, err)
	}
	if _, err := ParseFile(writeFile(t, dir, "bom.yaml", "\ufeff"+goodUser)); err != nil {
		t.Errorf("a byte-order mark: %v", err)
	}
	_, err = ParseFile(filepath.Join(dir, "missing.yaml"))
	if !meeting.IsNotFound(err) || !strings.HasPrefix(err.Error(), filepath.Join(dir, "missing.yaml")+": ") {
		t.Errorf("missing file: %v (%s)", err, meeting.ErrorCode(err))
	}
	big := writeFile(t, dir, "big.yaml", goodUser+"# "+strings.Repeat("x", MaxFileSize)+"\n")
	_, err = ParseFile(big)
	if err == nil || err.Error() != big+":1: the file is 257 KiB; an agenda file may be at most 256 KiB" {
		t.Errorf("big file: %v", err)
	}
	_, err = ParseFile(dir)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("a folder: %v", err)
	}
}

func TestUserDir(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/cfg")
	t.Setenv("HOME", "/tmp/home")
	d, _ := os.UserConfigDir()
	if got := UserDir(); got != filepath.Join(d, "cxroom", "agendas") {
		t.Errorf("UserDir() = %q", got)
	}
}

func TestErrorsAreMeetingErrors(t *testing.T) {
	_, err := Parse("x.yaml", []byte("id: x\n"))
	var me *meeting.Error
	if !errors.As(err, &me) || me.Code != meeting.EINVALID {
		t.Fatalf("%T %v", err, err)
	}
}

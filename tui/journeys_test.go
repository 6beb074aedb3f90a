package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"cxroom/agendas"
	"cxroom/demo"
	"cxroom/internal/memstore"
	"cxroom/meeting"
)

// ---- a session over the demo organisation (shared by the journeys,
// scorecard and story library tests) ----

// demoNow is a Wednesday morning: the weekly triage was yesterday.
var demoNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

// demoTUI is one session's root model over a store filled by demo.Run,
// driven synchronously: each command runs at once and its message is fed
// back, so a test reads the screen without waiting.
type demoTUI struct {
	t   *testing.T
	m   *Model
	d   *Deps
	db  meeting.Store
	sum demo.Summary
}

func newDemoTUI(t *testing.T, handle string) *demoTUI {
	t.Helper()
	db := memstore.New()
	clock := meeting.NewFakeClock(demoNow)
	builtin, _ := agendas.Load("")
	sum, err := demo.Run(context.Background(), db, clock, builtin.Get)
	if err != nil {
		t.Fatal(err)
	}
	hub := meeting.NewHub(db, clock, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		hub.Close()
	})
	set, _ := agendas.Load("")
	team := sum.Team
	mem, ok := team.Member(handle)
	if !ok {
		t.Fatalf("%s is not in the demo team", handle)
	}
	d := &Deps{
		Ctx: ctx, Hub: hub, Svc: meeting.NewService(db, clock, hub, nil), Agendas: set,
		Team:    func() *meeting.Team { return team },
		Actor:   meeting.Actor{Handle: mem.Handle, Name: mem.Name, Role: mem.Role},
		NoColor: true,
	}
	s := &demoTUI{t: t, m: New(d), d: d, db: db, sum: sum}
	s.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	return s
}

// open pushes a screen as the lobby's keys do.
func (s *demoTUI) open(sc screen) { s.send(pushMsg{sc}) }

func (s *demoTUI) send(msg tea.Msg) {
	_, cmd := s.m.Update(msg)
	s.drain(cmd, 0)
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// drain runs cmd and feeds its message back, depth-first. A command still
// running after a moment is a tick or a wait for the next change: it is
// left alone, as is a cursor blink.
func (s *demoTUI) drain(cmd tea.Cmd, depth int) {
	s.t.Helper()
	if cmd == nil {
		return
	}
	if depth > 32 {
		s.t.Fatal("commands keep producing commands")
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-got:
	case <-time.After(2 * time.Second):
		return
	}
	if msg == nil {
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() { // tea.BatchMsg and the sequence message
			s.drain(v.Index(i).Interface().(tea.Cmd), depth+1)
		}
		return
	}
	if strings.HasSuffix(reflect.TypeOf(msg).PkgPath(), "/cursor") {
		return
	}
	_, next := s.m.Update(msg)
	s.drain(next, depth+1)
}

// press sends keys: a single rune, or "enter", "tab", "esc", "up", "down",
// "backspace".
func (s *demoTUI) press(keys ...string) {
	names := map[string]rune{"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape,
		"up": tea.KeyUp, "down": tea.KeyDown, "backspace": tea.KeyBackspace}
	for _, k := range keys {
		if code, ok := names[k]; ok {
			s.send(tea.KeyPressMsg{Code: code})
			continue
		}
		r := []rune(k)[0]
		s.send(tea.KeyPressMsg{Code: r, Text: k})
	}
}

func (s *demoTUI) typeText(text string) {
	for _, r := range text {
		s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (s *demoTUI) content() string { return s.m.View().Content }

// line returns the screen line that contains text, or fails.
func (s *demoTUI) line(text string) string {
	s.t.Helper()
	out := s.content()
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	s.t.Fatalf("no line shows %q:\n%s", text, out)
	return ""
}

func (s *demoTUI) expect(texts ...string) {
	s.t.Helper()
	out := s.content()
	for _, x := range texts {
		if !strings.Contains(out, x) {
			s.t.Fatalf("screen lacks %q:\n%s", x, out)
		}
	}
}

func (s *demoTUI) refuse(texts ...string) {
	s.t.Helper()
	out := s.content()
	for _, x := range texts {
		if strings.Contains(out, x) {
			s.t.Fatalf("screen shows %q:\n%s", x, out)
		}
	}
}

// goldenFile names a golden file testdata/<name>.golden.
type goldenFile struct {
	testing.TB
	name string
}

func (g goldenFile) Name() string { return g.name }

func requireGolden(t *testing.T, name, out string) {
	t.Helper()
	golden.RequireEqual(goldenFile{t, name}, out)
}

// ---- the journey registry ----

func TestJourneysGolden(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.open(newJourneysScreen(s.d, s.m.st))
	requireGolden(t, "journeys_list", s.content())

	s.press("down", "down") // Onboarding: reviewed in a journey review
	s.expect("Onboarding · owner: ana")
	s.press("enter")
	s.expect("Onboarding — every reading", "M9 Monthly journ") // the meeting column is cut at this width
	requireGolden(t, "journeys_history", s.content())
	s.press("esc")
	s.expect("5 journeys · 1 without an owner · 1 overdue for review")
}

func TestJourneysFlagUnownedAndOverdue(t *testing.T) {
	s := newDemoTUI(t, "jo") // an observer sees the flags too
	s.open(newJourneysScreen(s.d, s.m.st))
	if l := s.line("Billing & renewals"); !strings.Contains(l, "⚑ no owner") || strings.Contains(l, "90+ days") {
		t.Errorf("Billing & renewals: %q, want flagged as unowned only", l)
	}
	if l := s.line("Returns & refunds"); !strings.Contains(l, "⚑ not reviewed in 90+ days") || strings.Contains(l, "no owner") {
		t.Errorf("Returns & refunds: %q, want flagged as overdue for review only", l)
	}
	for _, name := range []string{"Checkout & payment", "Onboarding ", "Support & issue resolution"} {
		if l := s.line(name); strings.Contains(l, "⚑") {
			t.Errorf("%s is flagged: %q", name, l)
		}
	}
	// the selected (unowned) journey says why it matters
	s.expect("⚑ no owner — without authority, ownership is theater")
	// every metric with now, target, prior, trend and its history
	s.press("down") // Checkout & payment: declining
	for _, m := range meeting.DefaultMetrics() {
		l := s.line(m.Name)
		if !strings.ContainsAny(l, "▁▂▃▄▅▆▇█") || !strings.Contains(l, "↓") && !strings.Contains(l, "→") {
			t.Errorf("%s: %q, want a trend arrow and a sparkline", m.Name, l)
		}
	}
	s.expect("Completion rate               74%      ≥75%     77%      ↓ declining", "Customer effort (CES)         3.3      ≤3.0     3.1      ↓ declining")
}

func TestJourneysMemberCannotRegisterOrChangeOwner(t *testing.T) {
	s := newDemoTUI(t, "ana")
	s.open(newJourneysScreen(s.d, s.m.st))
	s.refuse("register journey", "change owner") // not offered in the help
	s.press("N")
	s.expect("Only a facilitator can register journeys")
	s.refuse("Register a journey")
	s.press("o")
	s.expect("Only a facilitator can change a journey")
	s.refuse("Owner of")

	// the rule holds where the write happens, not only in the keys
	js, _ := s.db.Journeys(context.Background())
	msg := setJourneyOwner(s.d, js[0].ID, "ana")()
	if done, ok := msg.(formDoneMsg); !ok || meeting.ErrorCode(done.err) != meeting.EFORBIDDEN {
		t.Fatalf("a member changing an owner got %#v, want a refusal", msg)
	}
	if j, _ := s.db.Journey(context.Background(), js[0].ID); j.Owner != js[0].Owner {
		t.Errorf("owner changed to %q by a member", j.Owner)
	}
}

func TestJourneysRegisterAndChangeOwner(t *testing.T) {
	s := newDemoTUI(t, "maria")
	s.open(newJourneysScreen(s.d, s.m.st))
	s.press("N")
	s.expect("Register a journey")
	s.typeText("Loyalty programme")
	s.press("enter")
	s.typeText("sa")
	s.press("tab") // completes the handle
	s.press("enter")
	s.expect("✓ registered J6: Loyalty programme, owned by sam", "6 journeys · 1 without an owner")
	s.expect("Loyalty programme · owner: sam", "no readings yet") // the new journey is selected
	s.press("enter")
	s.expect("Loyalty programme — every reading", "no readings yet")
	s.press("esc")

	s.press("g") // Billing & renewals, the unowned one
	s.press("o")
	s.expect("Owner of Billing & renewals")
	s.typeText("tom")
	s.press("enter")
	s.expect("✓ Billing & renewals is now owned by tom", "6 journeys · 0 without an owner")
	js, _ := s.db.Journeys(context.Background())
	if js[0].Name != "Billing & renewals" || js[0].Owner != "tom" {
		t.Errorf("store has %s owned by %q", js[0].Name, js[0].Owner)
	}

	// an existing name is refused in one sentence, the form keeps the text
	s.press("N")
	s.typeText("onboarding")
	s.press("enter", "enter")
	s.expect(`Journey "Onboarding" already exists (J1)`, "Register a journey")
}

// Tiny and huge terminals, and every mode of the three screens: nothing
// spills past the window and nothing panics.
func TestJourneysScorecardStoriesAtAnySize(t *testing.T) {
	s := newDemoTUI(t, "maria")
	for _, c := range []struct {
		open  func() screen
		steps [][]string
	}{
		{func() screen { return newJourneysScreen(s.d, s.m.st) }, [][]string{nil, {"G"}, {"enter"}, {"down"}, {"esc"}, {"N"}, {"esc"}}},
		{func() screen { return newScorecardScreen(s.d, s.m.st) }, [][]string{nil, {"G"}, {"up", "up"}}},
		{func() screen { return newStoriesScreen(s.d, s.m.st) }, [][]string{nil, {"G"}, {"enter"}, {"down"}, {"esc"}, {"/", "x"}, {"tab"}}},
	} {
		s.send(replaceMsg{c.open()}) // the screen takes the lobby's place: nothing to wait for
		for _, keys := range c.steps {
			s.press(keys...)
			for _, size := range [][2]int{{60, 16}, {61, 17}, {80, 24}, {200, 60}, {30, 10}, {100, 30}} {
				s.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				lines := strings.Split(s.content(), "\n")
				if len(lines) != size[1] {
					t.Errorf("%T at %dx%d after %v: %d lines", s.m.top(), size[0], size[1], keys, len(lines))
				}
				for _, l := range lines {
					if w := lipglossWidth(l); w > size[0] {
						t.Errorf("%T at %dx%d after %v: a line is %d wide: %q", s.m.top(), size[0], size[1], keys, w, l)
					}
				}
			}
		}
	}
}

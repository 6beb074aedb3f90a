package tui

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"cxroom/agendas"
	"cxroom/internal/memstore"
	"cxroom/internal/storetest"
	"cxroom/meeting"
)

// Tuesday 24 Nov 2026, 09:00 UTC.
var harnessT0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

var harnessTeam = &meeting.Team{Members: []meeting.Member{
	{Name: "Maria Lopez", Handle: "maria", Role: meeting.RoleFacilitator},
	{Name: "Ana Silva", Handle: "ana", Role: meeting.RoleMember},
	{Name: "Tom Reed", Handle: "tom", Role: meeting.RoleMember},
	{Name: "Olga Ivanova", Handle: "olga", Role: meeting.RoleObserver},
}}

func actor(h string) meeting.Actor {
	m, _ := harnessTeam.Member(h)
	return meeting.Actor{Handle: m.Handle, Name: m.Name, Role: m.Role}
}

// world is one process: a store, a hub and a clock shared by sessions.
// The store fails its n-th write when a test asks (db.FailAt).
type world struct {
	t     *testing.T
	db    *storetest.Faulty
	clock *meeting.FakeClock
	hub   *meeting.Hub
	svc   *meeting.Service
	set   *agendas.Set
	dir   string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := storetest.NewFaulty(memstore.New())
	w := &world{t: t, db: db, clock: meeting.NewFakeClock(harnessT0), dir: t.TempDir()}
	w.hub = meeting.NewHub(db, w.clock, nil)
	w.hub.SetTeam(func() *meeting.Team { return harnessTeam })
	w.svc = meeting.NewService(db, w.clock, w.hub, nil)
	w.svc.Team = func() *meeting.Team { return harnessTeam }
	w.set, _ = agendas.Load("")
	t.Cleanup(w.hub.Close)
	return w
}

func (w *world) agenda(id string) meeting.Agenda {
	a, ok := w.set.Get(id)
	if !ok {
		w.t.Fatalf("no agenda %s", id)
	}
	return a
}

// harness drives one session's root model the way Bubble Tea would:
// messages in, commands run off the loop, their messages fed back. A
// command that does not return promptly (a tick, a wait for the next room
// change) keeps running and delivers later.
type harness struct {
	inflight atomic.Int64 // commands started less than quick ago and not done
	t        *testing.T
	w        *world
	m        *Model
	d        *Deps
	pending  chan tea.Msg
	cancel   context.CancelFunc
}

func (w *world) session(h string, width, height int) *harness {
	ctx, cancel := context.WithCancel(context.Background())
	d := &Deps{
		Ctx: ctx, Hub: w.hub, Svc: w.svc, Agendas: w.set,
		Team:       func() *meeting.Team { return harnessTeam },
		Actor:      actor(h),
		MinutesDir: w.dir,
		NoColor:    true,
		Zone:       time.UTC, // the same schedule on every machine
	}
	s := &harness{t: w.t, w: w, m: New(d), d: d, pending: make(chan tea.Msg, 1024), cancel: cancel}
	w.t.Cleanup(func() {
		s.m.quit()
		cancel()
	})
	s.run(s.m.Init())
	s.send(tea.WindowSizeMsg{Width: width, Height: height})
	return s
}

// quick is how long a command may run and still count as part of the
// current step; longer ones (ticks, waits for the next change) deliver
// whenever they finish.
const quick = 40 * time.Millisecond

func (s *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	s.inflight.Add(1)
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(quick):
			s.inflight.Add(-1)
		}
	}()
	go func() {
		msg := cmd()
		select {
		case done <- struct{}{}:
			s.inflight.Add(-1)
		default:
		}
		if msg != nil {
			s.pending <- msg
		}
	}()
}

func (s *harness) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			s.run(c)
		}
		return
	case tea.QuitMsg:
		return
	}
	_, cmd := s.m.Update(msg)
	s.run(cmd)
	s.settle()
}

// settle feeds back messages until no quick command is running and none
// arrives for a moment.
func (s *harness) settle() {
	idle := 0
	for {
		select {
		case msg := <-s.pending:
			s.deliver(msg)
			idle = 0
		case <-time.After(2 * time.Millisecond):
			if s.inflight.Load() == 0 {
				if idle++; idle >= 3 {
					return
				}
			}
		}
	}
}

// deliver feeds one finished command's message to the model.
func (s *harness) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			s.run(c)
		}
	case tea.QuitMsg:
	default:
		_, cmd := s.m.Update(msg)
		s.run(cmd)
	}
}

// keys types each key: a single rune, or a name like "enter", "tab", "esc",
// "ctrl+s", "up", "shift+up".
func (s *harness) keys(ks ...string) {
	for _, k := range ks {
		s.send(keyMsg(k))
	}
}

// typeText types text rune by rune.
func (s *harness) typeText(text string) {
	for _, r := range text {
		s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	names := map[string]rune{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "space": tea.KeySpace, "backspace": tea.KeyBackspace,
	}
	mod := tea.KeyMod(0)
	name := k
	for _, p := range []struct {
		prefix string
		m      tea.KeyMod
	}{{"ctrl+", tea.ModCtrl}, {"shift+", tea.ModShift}, {"alt+", tea.ModAlt}} {
		if strings.HasPrefix(name, p.prefix) {
			mod |= p.m
			name = strings.TrimPrefix(name, p.prefix)
		}
	}
	if code, ok := names[name]; ok {
		if name == "space" {
			return tea.KeyPressMsg{Code: code, Text: " ", Mod: mod}
		}
		return tea.KeyPressMsg{Code: code, Mod: mod}
	}
	r := []rune(name)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// screen returns what the session shows now.
func (s *harness) screen() string {
	s.settle()
	return s.m.View().Content
}

// expect fails unless the screen comes to contain every text. A command
// slower than quick (joining a room on a loaded machine under -race) is
// waited for: its message is delivered when it arrives, up to a deadline.
func (s *harness) expect(texts ...string) string {
	s.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		out := s.screen()
		i := slices.IndexFunc(texts, func(x string) bool { return !strings.Contains(out, x) })
		if i < 0 {
			return out
		}
		select {
		case msg := <-s.pending:
			s.deliver(msg)
		case <-deadline:
			s.t.Fatalf("screen lacks %q:\n%s", texts[i], out)
		}
	}
}

// refuse fails if the screen contains any text.
func (s *harness) refuse(texts ...string) {
	s.t.Helper()
	out := s.screen()
	for _, x := range texts {
		if strings.Contains(out, x) {
			s.t.Fatalf("screen shows %q:\n%s", x, out)
		}
	}
}

// room returns the live room the session is in.
func (s *harness) room() *meeting.Room {
	s.t.Helper()
	rs, ok := s.m.top().(*roomScreen)
	if !ok {
		s.t.Fatalf("not in a room: %T", s.m.top())
	}
	return rs.room
}

// startVOC starts a VOC triage from the lobby (first ritual, no team
// attendee changes).
func (s *harness) startRitual(index int) {
	s.t.Helper()
	// the lobby lists live rooms first, then the rituals
	for range len(s.w.hub.Rooms(s.d.Actor)) + index {
		s.keys("down")
	}
	s.keys("enter")
}

package meeting_test

import (
	"slices"
	"testing"
	"time"

	"cxroom/meeting"
)

// attending is who the room shows, in the order it shows them.
func attending(r *meeting.Room) []string {
	var out []string
	for _, p := range r.Snapshot().People {
		out = append(out, p.Handle)
	}
	return out
}

// A town hall's raised hands are a queue: they come first, in the order
// they went up, whoever arrived first; a hand that drops with its
// connection keeps its place; one lowered and raised again goes last.
func TestRaisedHandsComeFirstInTheOrderRaised(t *testing.T) {
	e := newEnv(t)
	r := e.start(t, meeting.StartInput{Agenda: agenda(t, "voc-triage")})
	join(t, r, maria)
	e.clock.Advance(time.Second)
	join(t, r, ana)
	e.clock.Advance(time.Second)
	leaveTom, err := r.Join(e.ctx, tom)
	if err != nil {
		t.Fatal(err)
	}
	raise := func(a meeting.Actor, up bool) {
		t.Helper()
		e.clock.Advance(time.Second)
		if err := r.RaiseHand(e.ctx, a, up); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		what string
		do   func()
		want []string
	}{
		{"nobody's hand is up: the order they arrived", func() {}, []string{"maria", "ana", "tom"}},
		{"the last to arrive raises first", func() { raise(tom, true) }, []string{"tom", "maria", "ana"}},
		{"then ana", func() { raise(ana, true) }, []string{"tom", "ana", "maria"}},
		{"tom drops with his hand up", func() { leaveTom() }, []string{"ana", "maria"}},
		{"and comes back: first again", func() {
			var err error
			if leaveTom, err = r.Join(e.ctx, tom); err != nil {
				t.Fatal(err)
			}
		}, []string{"tom", "ana", "maria"}},
		{"tom lowers his hand", func() { raise(tom, false) }, []string{"ana", "maria", "tom"}},
		{"and raises it again: after ana", func() { raise(tom, true) }, []string{"ana", "tom", "maria"}},
	}
	for _, s := range steps {
		s.do()
		if got := attending(r); !slices.Equal(got, s.want) {
			t.Errorf("%s: the room shows %v, want %v", s.what, got, s.want)
		}
	}
	for _, p := range r.Snapshot().People {
		if p.Hand == p.HandAt.IsZero() {
			t.Errorf("%s: hand up %v but raised at %v", p.Handle, p.Hand, p.HandAt)
		}
	}
	leaveTom()
}

package tui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cxroom/meeting"
)

// Issue 13, item 8: the decision form follows the seed's template: a
// title, "made by" with a name and a role, any number of options each with
// pros, cons and customer impact, and whether the decision is major.
func TestWrongToday8DecisionFormFollowsTheTemplate(t *testing.T) {
	w := newWorld(t)
	s := w.session("maria", 120, 60)
	s.startRitual(0)
	s.keys("enter")
	s.keys("d")
	rs, ok := s.m.top().(*roomScreen)
	if !ok || rs.form == nil {
		t.Fatalf("no decision form open: %T", s.m.top())
	}
	at := map[string]int{}
	for i, f := range rs.form.fields {
		at[f.key] = i
	}
	for _, k := range []string{"decision", "title", "made_by", "role", "options", "major"} {
		if _, ok := at[k]; !ok {
			t.Fatalf("the decision form has no %q field (fields: %v)", k, at)
		}
	}
	fill := func(k, text string) {
		rs.form.moveTo(at[k])
		s.settle()
		s.typeText(text)
	}
	fill("decision", "Ship the new error copy first")
	fill("title", "Error copy before the form rebuild")
	fill("role", "Head of CX")
	rs.form.moveTo(at["options"])
	s.settle()
	for i, o := range []string{"Copy first", "pros: cheap", "cons: form stays slow", "customer: clearer errors", "",
		"Rebuild first", "pros: one change", "", "Do both at once"} {
		if i > 0 {
			s.keys("enter")
		}
		s.typeText(o)
	}
	rs.form.moveTo(at["major"])
	s.settle()
	s.keys("right")
	s.keys("ctrl+s")
	s.expect("recorded decision")
	ds, err := w.db.Decisions(context.Background(), meeting.DecisionFilter{})
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions %v, %v", ds, err)
	}
	d := ds[0]
	if d.Title != "Error copy before the form rebuild" || len(d.Options) != 3 {
		t.Fatalf("stored title %q, %d options; want the title typed and 3 options", d.Title, len(d.Options))
	}
	if o := d.Options[0]; o.Pros != "cheap" || o.Cons != "form stays slow" || o.CustomerImpact != "clearer errors" {
		t.Errorf("option A = %+v", o)
	}
	raw, _ := json.Marshal(d)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	if m["made_by"] != "maria" || m["made_by_role"] != "Head of CX" || m["made_by_name"] != "Maria Lopez" || m["major"] != true {
		t.Errorf("made by / role / major not stored: %s", raw)
	}
	if !strings.Contains(string(raw), "Do both at once") {
		t.Errorf("third option lost: %s", raw)
	}
}

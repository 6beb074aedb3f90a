package agendas

import (
	"strings"
	"testing"
)

// Issue 13, item 10: the prompts the seed gives are on screen where the
// rituals need them.
func TestSeedPromptsInTheRituals(t *testing.T) {
	prompt := func(agenda, segment string) string {
		t.Helper()
		for _, a := range Builtin() {
			for _, s := range a.Segments {
				if a.ID == agenda && s.ID == segment {
					return s.Prompt
				}
			}
		}
		t.Fatalf("no segment %s/%s", agenda, segment)
		return ""
	}
	for _, c := range []struct {
		agenda, segment string
		want            []string
	}{
		{"voc-triage", "deep-dive", []string{
			// the empty chair (the seed's Jeff Bezos example)
			"What would the customer think about this decision?",
			"How does this make the customer's life better?",
			"What friction are we adding to their experience?",
			// the four systems-thinking levels, frontstage to backstage
			"**Immediate**: What happened in this specific case?",
			"**Tactical**: Is this a pattern? What's the root cause?",
			"**Strategic**: What upstream decisions or constraints created this situation?",
			"**Systemic**: How do our incentives, processes, and tools need to change?",
		}},
		{"promise-audit", "list-promises", []string{
			"What promise are we making?",
			"What promise does this make to customers?",
			"How will customers know we've kept that promise?",
			"What could break that promise? How do we prevent it?",
		}},
	} {
		p := prompt(c.agenda, c.segment)
		for _, w := range c.want {
			if !strings.Contains(p, w) {
				t.Errorf("%s/%s: the prompt lacks %q", c.agenda, c.segment, w)
			}
		}
	}
}

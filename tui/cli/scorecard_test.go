package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// `cxroom scorecard --period 2026Q4 --json` lists every metric of the seed's
// four tables with category, metric, actual, target, prior, trend, status,
// status_reason and source; an entered figure comes back with its source,
// over SSH as locally.
func TestScorecardCommands(t *testing.T) {
	f := newFixture(t)
	for _, line := range [][]string{
		{"scorecard", "enter", "customer_fluency", "6.8", "--period", "2026Q3", "--source", "Q3 survey"},
		{"scorecard", "enter", "customer-fluency", "7.2/10", "--source", "Q4 survey, n=41"},
		{"scorecard", "target", "customer_fluency", "8.5"},
		{"scorecard", "override", "customer_fluency", "green", "--reason", "the survey moved to December"},
	} {
		if out, errs, code := f.run(facil, true, line...); code != 0 {
			t.Fatalf("%q: %d %q %q", line, code, out, errs)
		}
	}
	out, errs, code := f.run(member, true, "scorecard", "--period", "2026Q4", "--json")
	if code != 0 {
		t.Fatalf("scorecard --json: %d %q", code, errs)
	}
	var doc struct {
		Period       string           `json:"period"`
		StatusRule   string           `json:"status_rule"`
		Metrics      []map[string]any `json:"metrics"`
		RitualHealth []map[string]any `json:"ritual_health"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Period != "2026Q4" || doc.StatusRule == "" || len(doc.Metrics) != 20 || len(doc.RitualHealth) != 3 {
		t.Fatalf("doc: %s, %d metrics", doc.Period, len(doc.Metrics))
	}
	cats := map[string]int{}
	for _, m := range doc.Metrics {
		cats[m["category"].(string)]++
		for _, k := range []string{"category", "metric", "actual_text", "target_text", "prior_text", "trend", "status", "status_reason", "source"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%v lacks %q", m["key"], k)
			}
		}
		if s := m["source"]; s != "computed" && s != "entered" {
			t.Errorf("%v source %v", m["key"], s)
		}
	}
	if cats["Adoption"] != 5 || cats["Capability"] != 5 || cats["Outcome"] != 5 || cats["Business"] != 5 {
		t.Errorf("categories %v", cats)
	}
	cf := doc.Metrics[5]
	if cf["key"] != "customer_fluency" || cf["actual"] != 7.2 || cf["prior"] != 6.8 || cf["target"] != 8.5 || cf["target_set_for"] != "2027Q1" ||
		cf["source"] != "entered" || cf["source_note"] != "Q4 survey, n=41" || cf["status"] != "green" || cf["overridden"] != true ||
		!strings.HasPrefix(cf["status_reason"].(string), "the survey moved to December (set by maria; the rule says amber") {
		t.Errorf("customer fluency: %v", cf)
	}
	// the text view and one figure's detail
	out, _, _ = f.run(member, false, "scorecard")
	for _, want := range []string{"Q4 ACTUAL", "Q1 TARGET", "Q3 PRIOR", "Customer fluency", "7.2/10", "8.5/10", "6.8/10", "green (override: the survey moved to December)", "RITUAL HEALTH"} {
		if !strings.Contains(out, want) {
			t.Errorf("scorecard lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = f.run(member, false, "scorecard", "--metric", "customer_fluency")
	if !strings.Contains(out, "Entered by maria on 2026-11-25; source: Q4 survey, n=41.") {
		t.Errorf("detail:\n%s", out)
	}
	out, _, _ = f.run(member, false, "export", "scorecard", "--period", "2026Q4")
	if !strings.Contains(out, "| Category | Metric | Q4 Actual | Q1 Target | Status |") ||
		!strings.Contains(out, "| Capability | Customer fluency | 7.2/10 | 8.5/10 | 🟢 the survey moved to December (override) |") {
		t.Errorf("export:\n%s", out)
	}
}

// Decisions from the command line: any number of options, the maker's
// role, a review that closes the loop; proposals with the pitch template.
func TestDecisionAndProposalCommands(t *testing.T) {
	f := newFixture(t)
	out, errs, code := f.run(facil, true, "decisions", "add", "Ship", "the", "copy", "--title", "Error copy first", "--role", "Head of CX", "--major",
		"--option", "Copy first; pros: cheap; customer: clearer errors", "--option", "Rebuild; cons: six weeks", "--option", "Both",
		"--rationale", "cheap and fast", "--review-date", "today")
	if code != 0 || !strings.Contains(out, "recorded decision 2026-11-25-01: Error copy first (made by Maria / Head of CX)") {
		t.Fatalf("decisions add: %d %q %q", code, out, errs)
	}
	out, _, _ = f.run(member, false, "decisions", "show", "2026-11-25-01")
	for _, want := range []string{"**Made by:** Maria / Head of CX", "**Major decision:** yes", "3. **Option C:** Both", "- Customer Impact: clearer errors"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = f.run(member, false, "decisions", "--review-due")
	if !strings.Contains(out, "(due)") {
		t.Errorf("not due: %s", out)
	}
	if _, errs, code := f.run(member, true, "decisions", "review", "2026-11-25-01", "--happened", "x", "--verdict", "met"); code != ExitForbidden {
		t.Errorf("a member reviewed maria's decision: %d %s", code, errs)
	}
	out, errs, code = f.run(facil, true, "decisions", "review", "2026-11-25-01", "--happened", "errors down 30%", "--verdict", "partly")
	if code != 0 || !strings.Contains(out, "2026-11-25-01 reviewed (on time): expected impact partly") {
		t.Fatalf("review: %d %q %q", code, out, errs)
	}
	if out, _, _ := f.run(member, false, "decisions", "--review-due"); strings.Contains(out, "(due)") {
		t.Errorf("still due after the review: %s", out)
	}
	out, errs, code = f.run(member, true, "proposals", "add", "Guided", "setup", "--who", "New users", "--goal", "import contacts",
		"--current", "cannot find the import", "--metric", "import completion", "--change", "35% → 65%", "--timeframe", "30 days")
	if code != 0 || !strings.Contains(out, "Q1 pitched: Guided setup, with a customer story") {
		t.Fatalf("proposals add: %d %q %q", code, out, errs)
	}
	out, _, _ = f.run(member, true, "proposals", "add", "Dark", "mode")
	if !strings.Contains(out, "WITHOUT a customer story") {
		t.Errorf("bare pitch: %q", out)
	}
	out, _, _ = f.run(member, false, "proposals")
	if !strings.Contains(out, "Q1  2026-11-25  ana  yes    yes         Guided setup") || !strings.Contains(out, "Q2  2026-11-25  ana  NO     NO          Dark mode") {
		t.Errorf("proposals:\n%s", out)
	}
}

package report

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"cxroom/meeting"
)

// softBreaks lists the places where a markdown renderer joins two lines
// of src into one: a line that is its own field ("**Made by:** …" then
// "**Major decision:** yes") or a line a person typed on its own (notes
// of "Went well: …" and "Work on: …") runs into the one before it.
func softBreaks(t *testing.T, src string) []string {
	t.Helper()
	doc := mdParse(t, src)
	var out []string
	b := []byte(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if x, ok := n.(*ast.Text); ok && entering && x.SoftLineBreak() {
			line := string(x.Value(b))
			if p := n.Parent(); p != nil {
				line = strings.ReplaceAll(mdPlain(p, b), "\n", " ⏎ ")
			}
			out = append(out, line)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// Every field of the minutes, a decision entry and a proposal renders on
// its own line, and so does every line of what people typed in several
// lines (a GUIDE answer, coaching notes, a decision's context). Seen in
// the minutes viewer: "Made by: Maria Alvarez / Head of CX Major decision:
// yes", "Team Member: Ana Costa Topic: … Date: …", "Went well: … Work on: …
// Development area: …".
func TestEveryFieldAndTypedLineRendersOnItsOwnLine(t *testing.T) {
	major := mnDecision()
	major.Major = true
	major.Context = "Refund requests doubled after the policy change.\nSupport cannot see the refund state."
	docs := map[string]string{
		"voc minutes":     Minutes(mnVocBundle(t), mnTeam(), mnAt(70)),
		"journey minutes": Minutes(mnJourneyBundle(t), mnTeam(), mnAt(100)),
		"guide minutes":   Minutes(mnGuideBundle(t), mnTeam(), mnAt(40)),
		"promise minutes": Minutes(mnPromiseBundle(t), mnTeam(), mnAt(60)),
		"decision log":    DecisionsMarkdown([]*meeting.Decision{major}, mnTeam()),
		"proposals": ProposalsMarkdown([]*meeting.Proposal{{ID: "Q1", Date: "2026-11-05", Title: "Guided onboarding",
			Who: "New users", Goal: "Import their contacts", Current: "Cannot find the import", Proposed: "Import in step 2",
			Validation: "A/B test with 20% of new users\nMeasure at 1 week and 30 days", ProposedBy: "sam"}}, mnTeam()),
	}
	for name, md := range docs {
		for _, joined := range softBreaks(t, md) {
			t.Errorf("%s: two lines render as one: %q", name, joined)
		}
	}
}

// A quote that already wears quotation marks is not put in a second pair:
// the minutes showed `story: "“The label printer says invalid address”"`.
func TestAQuotedQuoteIsNotQuotedTwice(t *testing.T) {
	for in, want := range map[string]string{
		"The label printer says invalid address":   `"The label printer says invalid address"`,
		"“The label printer says invalid address”": "“The label printer says invalid address”",
		`"You charged me first"`:                   `"You charged me first"`,
		"«Toujours en attente»":                    "«Toujours en attente»",
		"“Half-quoted":                             `"“Half-quoted"`,
		"He said “no” twice":                       `"He said “no” twice"`,
		"  “Spaced out”  ":                         "“Spaced out”",
		"":                                         notRecorded,
		// a closing mark alone is no quotation (found in review)
		"We lost the customers’": `"We lost the customers’"`,
		`He is 6'2"`:             `"He is 6'2""`,
		"On attend toujours »":   `"On attend toujours »"`,
		"they said it was fine”": `"they said it was fine”"`,
		"“":                      `"“"`,
	} {
		if got := quoted(in); got != want {
			t.Errorf("quoted(%q) = %q, want %q", in, got, want)
		}
	}
}

package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"cxroom/meeting"
)

// boardFixture is a quarter an executive team could have had: five
// quarters of board figures, escalations, the quarter's VOC issues with
// their themes, two charters (one at its 90-day go/no-go point), the
// at-risk list, the leader's brief and a few scorecard figures.
func boardFixture(t *testing.T) *meeting.BoardView {
	t.Helper()
	now := time.Date(2026, 12, 18, 12, 0, 0, 0, time.UTC)
	ts := time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC)
	f := func(v float64) *float64 { return &v }
	figures := map[string][5]float64{ // 2025Q4 … 2026Q4; 0: not entered
		meeting.BoardNRR:           {104, 103, 106, 108, 112},
		meeting.BoardLogoRetention: {88, 89, 89, 91, 92},
		meeting.BoardNPS:           {31, 0, 36, 38, 44},
		meeting.BoardHealthGreen:   {55, 61, 66, 71, 74},
		meeting.BoardTimeToValue:   {92, 88, 79, 70, 64},
		meeting.BoardSupportCSAT:   {4.1, 4.2, 4.3, 4.5, 4.4},
		meeting.BoardAdoption:      {0, 0, 0, 52, 58},
		meeting.BoardExpansion:     {0, 0, 0, 0, 24},
		meeting.BoardCACPayback:    {17, 16, 15, 15, 14},
		meeting.BoardCXEfficiency:  {0, 0, 0, 0, 6.2},
	}
	p := meeting.Period{Year: 2025, Quarter: 4}
	var sheets []*meeting.ScoreSheet
	for q := range 5 {
		sh := &meeting.ScoreSheet{ID: fmt.Sprintf("C%d", q+1), Period: p.String()}
		for _, m := range meeting.BoardMetrics() {
			if v := figures[m.Key][q]; v != 0 {
				e := meeting.ScoreEntry{Metric: m.Key, Value: f(v), Source: p.Label() + " finance close", EnteredBy: "maria", EnteredAt: ts}
				if m.Key == meeting.BoardNRR && p.String() == "2026Q4" {
					e.Target, e.TargetBy, e.TargetAt = f(115), "maria", ts
				}
				sh.Entries = append(sh.Entries, e)
			}
		}
		if p.String() == "2026Q4" {
			sh.Entries = append(sh.Entries,
				meeting.ScoreEntry{Metric: meeting.ScoreCustomerFluency, Value: f(7.4), Source: "Q4 survey", EnteredBy: "maria", EnteredAt: ts})
		}
		sheets = append(sheets, sh)
		p = p.Next()
	}
	esc := func(id, text string, at time.Time, changes ...meeting.Change) *meeting.Action {
		a := &meeting.Action{ID: id, Text: text, Owner: "sam", Due: "2026-12-20", Status: meeting.StatusEscalated,
			History: []meeting.Change{{At: at.Add(-time.Hour), By: "maria", To: meeting.StatusOpen}, {At: at, By: "maria", From: meeting.StatusOpen, To: meeting.StatusEscalated, Note: "to the COO"}}}
		for _, c := range changes {
			a.History = append(a.History, c)
			a.Status = c.To
		}
		return a
	}
	d := func(day string, h int) time.Time {
		return meeting.Date(day).Time(time.UTC).Add(time.Duration(h) * time.Hour)
	}
	actions := []*meeting.Action{
		esc("A3", "Refund the Initech overcharge", d("2026-10-06", 9),
			meeting.Change{At: d("2026-10-06", 15), By: "coo", From: meeting.StatusEscalated, To: meeting.StatusEscalated, Note: "finance owns it"},
			meeting.Change{At: d("2026-10-08", 9), By: "sam", From: meeting.StatusEscalated, To: meeting.StatusDone}),
		esc("A7", "Restore the Globex SSO integration", d("2026-11-16", 10),
			meeting.Change{At: d("2026-11-17", 16), By: "cto", From: meeting.StatusEscalated, To: meeting.StatusOpen, Note: "platform team"},
			meeting.Change{At: d("2026-11-23", 10), By: "sam", From: meeting.StatusOpen, To: meeting.StatusDone}),
		esc("A9", "Waive the Umbrella overage fees", d("2026-12-16", 9)),
	}
	issue := func(id, theme string, day string, votes int) *meeting.Issue {
		return &meeting.Issue{ID: id, Title: "Issue " + id, Theme: theme, CreatedAt: d(day, 10), Votes: make([]string, votes)}
	}
	issues := []*meeting.Issue{
		issue("I10", "Billing errors", "2026-10-05", 4), issue("I11", "Onboarding delays", "2026-10-12", 6),
		issue("I12", "Billing errors", "2026-10-19", 2), issue("I14", "Support wait times", "2026-11-02", 3),
		issue("I15", "Onboarding delays", "2026-11-09", 1), issue("I16", "Billing errors", "2026-11-16", 1),
		issue("I17", "Reporting gaps", "2026-11-30", 2), issue("I4", "Billing errors", "2026-08-03", 9), // Q3: not this quarter
	}
	k1, err := meeting.NewCharter(meeting.CharterInput{Name: "Onboarding automation", Sponsor: "Dana Ortiz", SponsorRole: "COO",
		Objective: "Cut time-to-value from 90 to 54 days", Outcomes: []string{"Faster go-live; metric: time-to-value; target: 54 days"},
		Budget: "$5M", BudgetTimeframe: "18 months", Start: "2026-09-15", RetentionImpact: "+3 points logo retention"}, "maria", now)
	if err != nil {
		t.Fatal(err)
	}
	k1.ID = "K1"
	if err := k1.Decide(0, meeting.GateGo, "on plan", "maria", "", d("2026-10-15", 10)); err != nil {
		t.Fatal(err)
	}
	k2, err := meeting.NewCharter(meeting.CharterInput{Name: "Proactive support", Sponsor: "Lee Park", SponsorRole: "CCO",
		Objective: "Reach customers before they call", Outcomes: []string{"Fewer tickets; target: -20% tickets per account"}, Start: "2026-11-02"}, "maria", now)
	if err != nil {
		t.Fatal(err)
	}
	k2.ID = "K2"
	accounts := []*meeting.Account{
		{ID: "W1", Account: "Globex", Health: meeting.HealthRed, ARR: 1.2e6, Risk: "Sponsor left", Status: meeting.AccountAtRisk},
		{ID: "W2", Account: "Umbrella", Health: meeting.HealthRed, ARR: 800e3, Risk: "Overage dispute", Status: meeting.AccountAtRisk},
		{ID: "W3", Account: "Initech", Health: meeting.HealthYellow, ARR: 450e3, Risk: "Budget review", Status: meeting.AccountAtRisk},
		{ID: "W4", Account: "Hooli", Health: meeting.HealthYellow, ARR: 2e6, Risk: "Renewal", Status: meeting.AccountSaved},
	}
	brief := &meeting.BoardBrief{ID: "B1", Period: "2026Q4", UpdatedBy: "maria",
		Summary:     "CX health improved for the fourth quarter running: NRR reached 112% and time-to-value fell below the 70-day mark. Support CSAT slipped after the November outage; recovery is under way.",
		Competitive: "Our enterprise NPS of 44 is above the peer median of 38 (NPS benchmarking service, Q3 2026); analysts rank onboarding as our main gap.",
		Forward:     "We expect NRR of 114-116% by Q2 2027 as onboarding automation lands. Early warning: two red accounts hold $2M ARR.",
		Decisions:   "Approve the $1.2M proactive support expansion."}
	in := meeting.BoardInput{ScorecardInput: meeting.ScorecardInput{Today: "2026-12-18", Now: now, Period: meeting.Period{Year: 2026, Quarter: 4},
		Actions: actions, Issues: issues, Sheets: sheets}, Charters: []*meeting.Charter{k1, k2}, Accounts: accounts, Briefs: []*meeting.BoardBrief{brief}}
	return meeting.ComputeBoard(in)
}

func TestBoardMarkdownGolden(t *testing.T) {
	out := BoardMarkdown(boardFixture(t), nil)
	mnGolden(t, "board.golden", out)
	// the template's core metrics table, in its words
	tables := mdTables(t, out)
	if len(tables) < 2 || strings.Join(tables[0][0], "|") != "Metric|Current|Prior Quarter|Year Ago|Target|Status" {
		t.Fatalf("core metrics table: %v", tables)
	}
	mdMustLines(t, out,
		"| Net revenue retention | 112% | 108% | 104% | 115% | 🟡 |",
		"| Time-to-value | 64 days | 70 days | 92 days | < 60 days | 🟡 |",
	)
}

// The HTML is one well-formed, self-contained page: every section, one
// chart per trended metric, nothing fetched from anywhere.
func TestBoardHTMLParsed(t *testing.T) {
	v := boardFixture(t)
	page, err := BoardHTML(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, page)
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var sections, headings []string
	svgs := map[string]int{}
	var walk func(n *html.Node, inSection bool)
	walk = func(n *html.Node, inSection bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "section":
				sections = append(sections, attr(n, "id"))
			case "h2":
				headings = append(headings, text(n))
			case "svg":
				svgs[attr(n, "data-metric")]++
				if attr(n, "width") == "" || attr(n, "height") == "" || attr(n, "viewBox") == "" {
					t.Errorf("svg %s has no size", attr(n, "data-metric"))
				}
			case "script", "link", "img", "iframe", "object", "embed", "base", "use", "image":
				t.Errorf("<%s> in a self-contained page", n.Data)
			}
			for _, a := range n.Attr {
				if external(a.Val) {
					t.Errorf("<%s %s=%q> points outside the page", n.Data, a.Key, a.Val)
				}
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s %s> holds a script", n.Data, a.Key)
				}
			}
		}
		if n.Type == html.TextNode && external(n.Data) && n.Parent != nil && n.Parent.Data == "style" {
			t.Errorf("the style sheet fetches something: %q", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inSection || n.Data == "section")
		}
	}
	walk(doc, false)
	if got, want := strings.Join(headings, "|"), strings.Join(BoardSections(), "|"); got != want {
		t.Errorf("sections\n got %s\nwant %s", got, want)
	}
	if len(sections) != len(BoardSections()) {
		t.Errorf("%d <section>s, want %d (one page each)", len(sections), len(BoardSections()))
	}
	trended := 0
	for _, f := range v.OnBoard() {
		if f.Trended() {
			trended++
			if svgs[f.Metric.Key] != 1 {
				t.Errorf("%s: %d charts, want 1", f.Metric.Key, svgs[f.Metric.Key])
			}
		} else if svgs[f.Metric.Key] != 0 {
			t.Errorf("%s has one quarter and a chart", f.Metric.Key)
		}
	}
	total := 0
	for _, n := range svgs {
		total += n
	}
	if total != trended || trended != 7 { // the expansion pipeline has one quarter
		t.Errorf("%d charts for %d trended metrics (want 7)", total, trended)
	}
	low := strings.ToLower(string(page))
	for _, bad := range []string{"http:", "https:", "url(", "@import", "src="} {
		if strings.Contains(low, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
}

// Text people typed cannot inject markup into the page.
func TestBoardHTMLEscapes(t *testing.T) {
	v := boardFixture(t)
	v.Brief.Summary = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	v.Figures[0].Metric.Name = `NRR"><svg onload=alert(3)>`
	page, err := BoardHTML(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(page); strings.Contains(s, "<script") || strings.Contains(s, "<img") || strings.Contains(s, "<svg onload") {
		t.Errorf("typed markup reached the page")
	}
	wellFormed(t, page)
}

func external(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Contains(s, "http:") || strings.Contains(s, "https:") || strings.HasPrefix(s, "//") || strings.Contains(s, "url(") ||
		strings.HasPrefix(s, "data:") || strings.HasPrefix(s, "javascript:") || strings.Contains(s, "@import")
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// wellFormed checks that every element the page opens it closes, in
// order (void elements and self-closed SVG shapes aside).
func wellFormed(t *testing.T, page []byte) {
	t.Helper()
	void := map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true, "link": true, "col": true, "wbr": true}
	z := html.NewTokenizer(bytes.NewReader(page))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(stack) != 0 {
				t.Fatalf("unclosed elements: %v", stack)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// Every figure the markdown shows is in the JSON: each cell of its tables,
// each proposed movement, theme, strategic action and early warning.
func TestBoardJSONHasEveryFigure(t *testing.T) {
	v := boardFixture(t)
	md := BoardMarkdown(v, nil)
	data, err := BoardJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	strs := map[string]bool{}
	var collect func(any)
	collect = func(x any) {
		switch x := x.(type) {
		case string:
			strs[x] = true
		case map[string]any:
			for _, e := range x {
				collect(e)
			}
		case []any:
			for _, e := range x {
				collect(e)
			}
		}
	}
	collect(doc)
	marks := map[string]string{"🟢": "green", "🟡": "amber", "🔴": "red", "n/a": "n/a"}
	tables := mdTables(t, md)
	checked := 0
	for _, tb := range tables {
		for _, row := range tb[1:] {
			for _, cell := range row {
				if st, ok := marks[cell]; ok {
					cell = st
				}
				if cell == "—" {
					continue
				}
				checked++
				if !strs[cell] {
					t.Errorf("%q is in the markdown, not in the JSON", cell)
				}
			}
		}
	}
	for _, s := range append(append(v.Movements, earlyWarnings(v)...), v.Brief.Summary, v.Brief.Competitive, v.Brief.Forward) {
		checked++
		if !strs[s] {
			t.Errorf("%q is in the markdown, not in the JSON", s)
		}
	}
	for _, th := range v.Themes {
		checked++
		if !strs[themeLine(th)] {
			t.Errorf("theme %q missing", themeLine(th))
		}
	}
	if checked < 100 {
		t.Errorf("only %d figures checked", checked)
	}
	if !strings.Contains(string(data), `"escalations"`) || !strings.Contains(string(data), `"mean_days_to_resolve"`) {
		t.Error("executive response time is missing from the JSON")
	}
}

// The leader's own paragraphs (summary, competitive position, forward
// look) read in a markdown viewer as typed: escaped once, not twice (twice
// showed every escape's backslash: "\<b>", "\_not written yet\_").
func TestBoardMarkdownBriefEscapedOnce(t *testing.T) {
	v := boardFixture(t)
	typed := `NRR up *3 pts* [see deck] <b>not bold</b> a_b_c #1 | 2`
	v.Brief.Summary = typed
	v.Brief.Competitive = ""
	v.Brief.Forward = "- not a list\n\n> not a quote"
	out := BoardMarkdown(v, nil)
	plain := mdPlain(mdParse(t, out), []byte(out))
	for _, want := range []string{typed, "- not a list", "> not a quote"} {
		if !strings.Contains(plain, want) {
			t.Errorf("the rendered report does not read %q:\n%s", want, out)
		}
	}
	if strings.Contains(plain, `\`) {
		t.Errorf("an escape's backslash shows in the rendered report:\n%s", out)
	}
	if !strings.Contains(out, "## Competitive Position\n\n_not written yet_\n") {
		t.Errorf("an empty part is not shown as _not written yet_:\n%s", out)
	}
}

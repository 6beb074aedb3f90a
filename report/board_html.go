package report

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"cxroom/meeting"
)

// BoardHTML renders the board report as one self-contained HTML page: the
// styles inline, nothing fetched from anywhere (no scripts, fonts, images
// or links to other sites), a trend chart for every metric with two or
// more quarters drawn as inline SVG (the quarter against the prior quarter
// and the same quarter a year before), and print styles that put each
// section on a page of its own, so "Print to PDF" in a browser gives the
// board one page per section.
func BoardHTML(v *meeting.BoardView, team *meeting.Team) ([]byte, error) {
	d := boardPage{Title: BoardTitle(v), Scope: BoardScope(v), Rule: v.Rule}
	d.Summary = paragraphs(v.Brief.Summary)
	d.Movements = v.Movements
	for _, f := range v.OnBoard() {
		m := htmlMetric{Key: f.Metric.Key, Name: f.Metric.Name, Current: f.ValueText(), Prior: f.PriorText(), YearAgo: f.YearAgoText(),
			Target: f.TargetText(), Status: string(f.Status), QoQ: trendWord(f.QoQ), YoY: trendWord(f.YoY),
			Reason: f.Reason, Accountable: f.Metric.Accountable}
		if f.Trended() {
			m.Chart = template.HTML(trendSVG(f))
		}
		d.Metrics = append(d.Metrics, m)
	}
	working, own := written(v.Brief.Working, v.Working)
	d.Working, d.WorkingProposed = working, !own && working != ""
	concerns, own := written(v.Brief.Concerns, v.Concerns)
	d.Concerns, d.ConcernsProposed = concerns, !own && concerns != ""
	for _, t := range v.Themes {
		d.Themes = append(d.Themes, themeLine(t))
	}
	for _, a := range v.Actions {
		row := BoardActionRow(a)
		row.Owner = actionOwner(a, team)
		d.Actions = append(d.Actions, row)
	}
	d.Competitive = paragraphs(v.Brief.Competitive)
	d.Forward = paragraphs(v.Brief.Forward)
	d.Warnings = earlyWarnings(v)
	d.Decisions = v.Brief.Decisions
	if l := v.Leadership; l != nil {
		d.LeadershipNote = fmt.Sprintf("The CX leadership team's balanced scorecard for %s (targets of %s).", l.Period.Label(), l.Next.Label())
		for _, s := range l.Scores {
			d.Leadership = append(d.Leadership, htmlScore{Category: s.Category, Name: s.Name, Actual: s.ActualText(), Target: s.TargetText(),
				Status: string(s.Status)})
		}
	}
	d.Sections = boardSections
	var b bytes.Buffer
	if err := boardTemplate.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("render the board report: %w", err)
	}
	return b.Bytes(), nil
}

type boardPage struct {
	Title, Scope, Rule                string
	Sections                          []string
	Summary                           []string
	Movements                         []string
	Metrics                           []htmlMetric
	Working, Concerns                 string
	WorkingProposed, ConcernsProposed bool
	Themes                            []string
	Actions                           []BoardActionRow
	Competitive, Forward              []string
	Warnings                          []string
	Decisions                         string
	LeadershipNote                    string
	Leadership                        []htmlScore
}

type htmlMetric struct {
	Key, Name, Current, Prior, YearAgo, Target, Status, QoQ, YoY, Reason, Accountable string
	Chart                                                                             template.HTML
}

type htmlScore struct{ Category, Name, Actual, Target, Status string }

// paragraphs splits a leader's text into its paragraphs.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Chart geometry, in CSS pixels.
const (
	chartW, chartH       = 220, 96
	padLeft, padRight    = 8, 8
	padTop, padBottom    = 14, 18
	chartPointR, curR    = 2.5, 4
	chartMinSpanFraction = 0.1
)

// trendSVG draws a figure's quarters as a line (a gap where a quarter has
// no figure), the target as a dashed line, the current quarter as a large
// point, the prior quarter and the year-ago quarter as rings, with the
// quarter-on-quarter and year-on-year changes written above. Only numbers
// the report computed go into it; the metric's name is escaped.
func trendSVG(f meeting.BoardFigure) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range f.Series {
		if p.Has {
			lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		}
	}
	if f.HasTarget {
		lo, hi = math.Min(lo, f.Target), math.Max(hi, f.Target)
	}
	if span := hi - lo; span < math.Max(math.Abs(hi), 1)*chartMinSpanFraction {
		mid := (hi + lo) / 2
		half := math.Max(math.Abs(hi), 1) * chartMinSpanFraction / 2
		lo, hi = mid-half, mid+half
	}
	n := len(f.Series)
	x := func(i int) float64 {
		return padLeft + float64(i)*float64(chartW-padLeft-padRight)/float64(max(n-1, 1))
	}
	y := func(v float64) float64 {
		return padTop + (hi-v)/(hi-lo)*float64(chartH-padTop-padBottom)
	}
	var b strings.Builder
	label := fmt.Sprintf("%s by quarter, %s to %s", f.Metric.Name, f.Series[0].Period.Label(), f.Series[n-1].Period.Label())
	fmt.Fprintf(&b, `<svg class="trend" data-metric="%s" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		html.EscapeString(f.Metric.Key), chartW, chartH, chartW, chartH, html.EscapeString(label))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" class="frame"/>`, chartW, chartH)
	if f.HasTarget {
		ty := y(f.Target)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="target"/>`, padLeft, ty, chartW-padRight, ty)
	}
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" class="line"/>`, strings.Join(run, " "))
		}
		run = nil
	}
	for i, p := range f.Series {
		if !p.Has {
			flush()
			continue
		}
		run = append(run, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Value)))
	}
	flush()
	for i, p := range f.Series {
		if !p.Has {
			continue
		}
		cls, r := "point", chartPointR
		switch i {
		case n - 1:
			cls, r = "current", curR
		case n - 2:
			cls = "prior"
		case 0:
			cls = "yearago"
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" class="%s"/>`, x(i), y(p.Value), r, cls)
	}
	for i, p := range f.Series {
		q := fmt.Sprintf("Q%d %02d", p.Period.Quarter, p.Period.Year%100)
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case n - 1:
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" class="axis">%s</text>`, x(i), chartH-4, anchor, q)
	}
	var deltas []string
	if f.Has && f.HasPrior {
		deltas = append(deltas, "QoQ "+signed(math.Round((f.Value-f.Prior)*10)/10))
	}
	if f.Has && f.HasYearAgo {
		deltas = append(deltas, "YoY "+signed(math.Round((f.Value-f.YearAgo)*10)/10))
	}
	if len(deltas) > 0 {
		fmt.Fprintf(&b, `<text x="%d" y="10" class="delta">%s</text>`, padLeft, html.EscapeString(strings.Join(deltas, " · ")))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

var boardTemplate = template.Must(template.New("board").Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 14mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1b1f24; margin: 0; font-size: 10.5pt; line-height: 1.4; }
section { padding: 6mm 0; break-after: page; page-break-after: always; break-inside: avoid; }
section:last-of-type { break-after: auto; page-break-after: auto; }
h1 { font-size: 19pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #1b1f24; padding-bottom: 1mm; }
p.scope { color: #555; margin: 0 0 5mm; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 9.5pt; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
th { background: #f0f2f4; }
.status-green { color: #116329; } .status-amber { color: #9a6700; } .status-red { color: #a40e26; } .status-n\/a { color: #57606a; }
.dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; background: currentColor; vertical-align: -0.05em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.charts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0; }
figure { margin: 0; }
figcaption { font-size: 8pt; color: #333; }
svg.trend { display: block; width: 100%; height: auto; max-width: 220px; }
svg .frame { fill: #fafbfc; stroke: #d0d7de; }
svg .line { fill: none; stroke: #0b5cad; stroke-width: 2; }
svg .target { stroke: #2da44e; stroke-dasharray: 4 3; stroke-width: 1.2; }
svg .point { fill: #0b5cad; } svg .current { fill: #0b5cad; stroke: #1b1f24; stroke-width: 1; }
svg .prior, svg .yearago { fill: #fff; stroke: #0b5cad; stroke-width: 1.5; }
svg .axis { font-size: 8px; fill: #57606a; } svg .delta { font-size: 9px; fill: #1b1f24; }
ul.trends { font-size: 8.5pt; margin: 1mm 0; padding-left: 5mm; }
.proposed { color: #57606a; font-style: italic; }
.note { font-size: 8.5pt; color: #57606a; }
@media screen { body { max-width: 960px; margin: 0 auto; padding: 0 16px; } section { border-bottom: 1px dashed #d0d7de; } }
</style>
</head>
<body>
<section id="executive-summary">
<h1>{{.Title}}</h1>
<p class="scope">{{.Scope}}.</p>
<h2>{{index .Sections 0}}</h2>
{{range .Summary}}<p>{{.}}</p>
{{else}}<p class="proposed">Not written yet.</p>
{{end}}{{if .Movements}}<p class="note">Movements to mention (proposed by cxroom):</p>
<ul>{{range .Movements}}<li>{{.}}</li>{{end}}</ul>
{{end}}</section>
<section id="core-metrics">
<h2>{{index .Sections 1}}</h2>
<table>
<thead><tr><th>Metric</th><th>Current</th><th>Prior Quarter</th><th>Year Ago</th><th>Target</th><th>Status</th></tr></thead>
<tbody>
{{range .Metrics}}<tr data-metric="{{.Key}}"><td>{{.Name}}</td><td>{{.Current}}</td><td>{{.Prior}}</td><td>{{.YearAgo}}</td><td>{{.Target}}</td><td class="status-{{.Status}}"><span class="dot"></span> {{.Status}}</td></tr>
{{end}}</tbody>
</table>
<div class="charts">
{{range .Metrics}}{{if .Chart}}<figure>{{.Chart}}<figcaption>{{.Name}}: {{.QoQ}} QoQ, {{.YoY}} YoY</figcaption></figure>
{{end}}{{end}}</div>
<ul class="trends">
{{range .Metrics}}<li><strong>{{.Name}}</strong>: {{.Reason}}. Accountable: {{.Accountable}}.</li>
{{end}}</ul>
<p class="note">How a status is judged: {{.Rule}}</p>
</section>
<section id="key-insights">
<h2>{{index .Sections 2}}</h2>
<ul>
<li><strong>What's Working</strong>: {{if .Working}}{{.Working}}{{if .WorkingProposed}} <span class="proposed">(proposed by cxroom)</span>{{end}}{{else}}<span class="proposed">not written yet</span>{{end}}</li>
<li><strong>Areas of Concern</strong>: {{if .Concerns}}{{.Concerns}}{{if .ConcernsProposed}} <span class="proposed">(proposed by cxroom)</span>{{end}}{{else}}<span class="proposed">not written yet</span>{{end}}</li>
<li><strong>Customer Themes</strong>: {{range $i, $t := .Themes}}{{if $i}}; {{end}}{{$t}}{{else}}<span class="proposed">no VOC issue with a theme was raised this quarter</span>{{end}}</li>
</ul>
</section>
<section id="strategic-actions">
<h2>{{index .Sections 3}}</h2>
{{if .Actions}}<table>
<thead><tr><th>#</th><th>Initiative</th><th>Expected impact</th><th>Timeline</th><th>Executive owner</th></tr></thead>
<tbody>
{{range $i, $a := .Actions}}<tr><td>{{inc $i}}</td><td>{{$a.Initiative}} <span class="note">({{$a.Source}})</span></td><td>{{$a.Impact}}</td><td>{{$a.Timeline}}</td><td>{{$a.Owner}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p class="proposed">No chartered initiative or open escalation this quarter.</p>
{{end}}</section>
<section id="competitive-position">
<h2>{{index .Sections 4}}</h2>
{{range .Competitive}}<p>{{.}}</p>
{{else}}<p class="proposed">Not written yet.</p>
{{end}}</section>
<section id="forward-look">
<h2>{{index .Sections 5}}</h2>
{{range .Forward}}<p>{{.}}</p>
{{else}}<p class="proposed">Not written yet.</p>
{{end}}{{if .Warnings}}<p class="note">Early warning signals (from cxroom):</p>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{if .Decisions}}<p><strong>Board decisions needed:</strong> {{.Decisions}}</p>
{{end}}</section>
<section id="leadership-effectiveness">
<h2>{{index .Sections 6}}</h2>
<p class="note">{{.LeadershipNote}}</p>
<table>
<thead><tr><th>Category</th><th>Metric</th><th>Actual</th><th>Target</th><th>Status</th></tr></thead>
<tbody>
{{range .Leadership}}<tr><td>{{.Category}}</td><td>{{.Name}}</td><td>{{.Actual}}</td><td>{{.Target}}</td><td class="status-{{.Status}}"><span class="dot"></span> {{.Status}}</td></tr>
{{end}}</tbody>
</table>
</section>
</body>
</html>
`))

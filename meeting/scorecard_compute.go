package meeting

// Long on purpose: the twenty seed metrics, each computed next to its drill-down, so a figure and its records cannot drift apart.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The figures cxroom computes from its records, one function per metric.
// Each says what counted and what did not, and lists the records behind
// the figure.

// heldWithinDays is how late a meeting may be held and still count for its
// scheduled occurrence; until that grace has passed an occurrence is not
// missed.
const heldWithinDays = 3

// planningRituals are the rituals that plan: where the story library is
// meant to be used.
var planningRituals = []string{"journey-review", "qbr"}

func (c *scoring) compute(key string, r span) figure {
	switch key {
	case ScoreRitualConsistency:
		return c.ritualConsistency(r)
	case ScoreShadowingHours:
		return c.shadowingHours(r)
	case ScoreDecisionDocumentation:
		return c.decisionDocumentation(r)
	case ScoreJourneyOwnership:
		return c.journeyOwnership(r)
	case ScoreStoryLibraryUsage:
		return c.storyLibraryUsage(r)
	case ScoreOutsideInThinking:
		return c.outsideInThinking(r)
	case ScoreBlockerResolution:
		return c.blockerResolution(r)
	case ScoreJourneyPerformance:
		return c.journeyPerformance(r)
	case ScorePromiseKeep:
		return c.promiseKeep(r)
	case ScoreVOCResponseRate:
		return c.vocResponseRate(r)
	case ScoreActionClosure:
		return c.actionClosure(r)
	case ScoreOverdueActions:
		return c.overdueActions(r)
	case ScoreReviewsOnTime:
		return c.reviewsOnTime(r)
	}
	return figure{}
}

// ratio fills a percentage figure; a zero whole is no figure.
func ratio(f *figure, num, den int) {
	f.num, f.den = num, den
	if den > 0 {
		f.has, f.value = true, 100*float64(num)/float64(den)
	}
}

// flagFirst orders drill rows: what needs attention first, then by date
// and id.
func flagFirst(rows []DrillRow) {
	slices.SortStableFunc(rows, func(a, b DrillRow) int {
		if a.Flag != b.Flag {
			if a.Flag {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(string(a.Date), string(b.Date)), CompareIDs(a.ID, b.ID))
	})
}

// ---- Adoption ----

func (c *scoring) ritualConsistency(r span) figure {
	in := c.in
	var f figure
	count, scheduled, pending := 0, 0, 0
	bySeries := map[string][]*Meeting{}
	for _, m := range in.Meetings {
		if m.SeriesID != "" {
			bySeries[m.SeriesID] = append(bySeries[m.SeriesID], m)
		}
	}
	for _, sr := range in.Series {
		sloc, err := sr.Location()
		if err != nil {
			sloc = time.UTC
		}
		ms := bySeries[sr.ID]
		held := map[Date]string{} // the series' meetings by their day in the series' zone: the first id
		days := make([]Date, 0, len(ms))
		for _, m := range ms {
			d := in.dayIn(m, sloc)
			days = append(days, d)
			if _, ok := held[d]; !ok {
				held[d] = m.ID
			}
		}
		slices.Sort(days)
		used := make([]bool, len(days))
		// occurrences by their day in the series' zone, a day either side:
		// the instant decides the scorecard day
		for _, d := range sr.Occurrences(r.from.AddDays(-1), r.to.AddDays(1)) {
			at, err := time.ParseInLocation("2006-01-02 15:04", string(d)+" "+sr.Time, sloc)
			if err != nil || !r.has(DateOf(at.In(in.Loc))) {
				continue
			}
			row := DrillRow{Kind: "occurrence", Date: d, Text: fmt.Sprintf("%s, %s %s", sr.Title, at.Format("Mon"), sr.Time)}
			k := -1
			for i := sortSearchDates(days, d); i < len(days) && !d.AddDays(heldWithinDays).Before(days[i]); i++ {
				if !used[i] {
					k = i
					break
				}
			}
			graceEnds := d.AddDays(heldWithinDays + 1).Time(sloc)
			switch {
			case k >= 0:
				used[k] = true
				count++
				scheduled++
				row.Note = "held"
				if late := d.DaysUntil(days[k]); late > 0 {
					row.Note = fmt.Sprintf("held %d %s late, on %s", late, plural(late, "day", "days"), days[k])
				}
				row.ID = held[days[k]]
			case in.Now.Before(graceEnds):
				pending++
				row.Note = fmt.Sprintf("not due yet: it may still be held until %s", d.AddDays(heldWithinDays))
			default:
				scheduled++
				row.Note, row.Flag = "missed", true
			}
			f.drill = append(f.drill, row)
		}
	}
	flagFirst(f.drill)
	f.explanation = fmt.Sprintf("Meetings held against the occurrences each series scheduled %s; a meeting counts for an occurrence "+
		"if held that day or up to %d days later, one meeting per occurrence. An occurrence is missed only once those %d days "+
		"have passed: %d not due yet %s not counted.", r, heldWithinDays, heldWithinDays, pending, plural(pending, "is", "are"))
	ratio(&f, count, scheduled)
	if !f.has {
		f.explanation = "No series had an occurrence due in the period. " + f.explanation
	}
	return f
}

// dayIn is the day meeting m was held in zone loc (its stored day when
// the instant is unknown).
func (in ScorecardInput) dayIn(m *Meeting, loc *time.Location) Date {
	t := m.Timer.StartedAt
	if t.IsZero() {
		t = m.CreatedAt
	}
	if t.IsZero() {
		return m.Date
	}
	return DateOf(t.In(loc))
}

// sortSearchDates is the index of the first day in the sorted days that
// is not before d.
func sortSearchDates(days []Date, d Date) int {
	i, _ := slices.BinarySearch(days, d)
	return i
}

func (c *scoring) shadowingHours(r span) figure {
	var f figure
	by := map[string]int{}
	var people []string
	for _, s := range c.in.Shadowing {
		if !r.has(s.Date) {
			continue
		}
		if _, ok := by[s.Handle]; !ok {
			people = append(people, s.Handle)
		}
		by[s.Handle] += s.Minutes
		f.den++
		f.drill = append(f.drill, DrillRow{Kind: "shadowing", ID: s.ID, Date: s.Date,
			Text: joinNonEmpty(" · ", s.Handle, fmtNum(s.Hours())+" hrs", s.Customer, s.Note)})
		f.value += s.Hours()
	}
	flagFirst(f.drill)
	slices.SortFunc(people, func(a, b string) int { return cmp.Or(by[b]-by[a], strings.Compare(a, b)) })
	var per []string
	for _, p := range people {
		per = append(per, fmt.Sprintf("%s %s hrs", p, fmtNum(float64(by[p])/60)))
	}
	f.has = f.den > 0
	f.explanation = fmt.Sprintf("Hours in the shadowing log dated %s (%d %s). By person: %s.", r, f.den, plural(f.den, "entry", "entries"),
		orNone(strings.Join(per, ", ")))
	if !f.has {
		f.explanation = "Nobody logged shadowing in the period (`cxroom shadow log 2h --customer ACME`)."
	}
	return f
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (c *scoring) decisionDocumentation(r span) figure {
	var f figure
	num, den, minor := 0, 0, 0
	for _, d := range c.in.Decisions {
		if !r.has(c.in.day(d.CreatedAt, d.Date)) {
			continue
		}
		if !d.Major {
			minor++
			continue
		}
		den++
		row := DrillRow{Kind: "decision", ID: d.ID, Date: d.Date, Text: decisionTitle(d), Note: "documented"}
		if d.Documented() {
			num++
		} else {
			var miss []string
			if d.Rationale == "" {
				miss = append(miss, "no rationale")
			}
			if d.ReviewDate == "" {
				miss = append(miss, "no review date")
			}
			row.Note, row.Flag = strings.Join(miss, ", "), true
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Major decisions dated %s with a rationale and a review date, of all major decisions in the period; "+
		"%d %s not marked major %s not audited.", r, minor, plural(minor, "decision", "decisions"), plural(minor, "is", "are"))
	if !f.has {
		f.explanation = "No major decision was recorded in the period. " + f.explanation
	}
	return f
}

func decisionTitle(d *Decision) string {
	if d.Title != "" {
		return d.Title
	}
	return CleanLine(d.Decision, 80)
}

func (c *scoring) journeyOwnership(r span) figure {
	var f figure
	num, den := 0, 0
	for _, j := range c.in.Journeys {
		if !j.Critical || r.to.Before(c.in.day(j.CreatedAt, "")) {
			continue
		}
		den++
		row := DrillRow{Kind: "journey", ID: j.ID, Text: j.Name, Note: "owned by " + j.Owner}
		if strings.TrimSpace(j.Owner) != "" {
			num++
		} else {
			row.Note, row.Flag = "no owner", true
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Critical journeys registered by %s with an accountable owner (owners as they are today), of all of them; "+
		"journeys not marked critical do not count.", r.to)
	if !f.has {
		f.explanation = "No critical journey is registered. " + f.explanation
	}
	return f
}

func (c *scoring) storyLibraryUsage(r span) figure {
	in := c.in
	var f figure
	num, den := 0, 0
	cited := map[string][]string{} // meeting → the stories, proposals and decisions citing one there
	for _, s := range in.Stories {
		if s.MeetingID != "" {
			cited[s.MeetingID] = append(cited[s.MeetingID], s.ID)
		}
	}
	for _, p := range in.Proposals {
		if p.MeetingID != "" && p.HasCustomerStory() {
			cited[p.MeetingID] = append(cited[p.MeetingID], p.ID)
		}
	}
	for _, d := range in.Decisions {
		if d.MeetingID != "" && d.CustomerStory != "" {
			cited[d.MeetingID] = append(cited[d.MeetingID], d.ID)
		}
	}
	for _, m := range in.Meetings {
		if !slices.Contains(planningRituals, m.Agenda.ID) || !r.has(in.day(m.CreatedAt, m.Date)) {
			continue
		}
		den++
		cites := cited[m.ID]
		row := DrillRow{Kind: "meeting", ID: m.ID, Date: m.Date, Text: m.Title}
		if len(cites) > 0 {
			num++
			row.Note = "cites a story: " + strings.Join(cites, ", ")
		} else {
			row.Note, row.Flag = "no story cited", true
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Planning meetings (journey reviews and QBRs) held %s in which a customer story was shared or cited "+
		"(a story added to the library there, or a proposal or decision there carrying one), of all planning meetings.", r)
	if !f.has {
		f.explanation = "No planning meeting was held in the period. " + f.explanation
	}
	return f
}

// ---- Capability ----

func (c *scoring) outsideInThinking(r span) figure {
	in := c.in
	var f figure
	num, den := 0, 0
	add := func(row DrillRow, story bool) {
		den++
		if story {
			num++
		} else {
			row.Note, row.Flag = "no customer story", true
		}
		f.drill = append(f.drill, row)
	}
	for _, p := range in.Proposals {
		if r.has(in.day(p.CreatedAt, p.Date)) {
			note := "customer story"
			if p.StoryID != "" {
				note = "cites " + p.StoryID
			}
			add(DrillRow{Kind: "proposal", ID: p.ID, Date: p.Date, Text: p.Title, Note: note}, p.HasCustomerStory())
		}
	}
	for _, d := range in.Decisions {
		if d.Major && r.has(in.day(d.CreatedAt, d.Date)) {
			add(DrillRow{Kind: "decision", ID: d.ID, Date: d.Date, Text: decisionTitle(d), Note: "customer story: " + d.CustomerStory}, d.CustomerStory != "")
		}
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Proposals and major decisions dated %s that include a customer story (the pitch template's "+
		"who, goal and current experience, a real example, or a story of the library), of all of them.", r)
	if !f.has {
		f.explanation = "No proposal or major decision was recorded in the period. " + f.explanation
	}
	return f
}

// blocker is one stretch of an action being blocked: from being marked
// blocked (or escalated) until it is open or done again. Escalating does
// not end it; dropping the action does, apart.
type blocker struct {
	action    *Action
	start     time.Time
	end       time.Time // zero: still blocked
	dropped   bool
	escalated bool
}

func blockers(a *Action) []blocker {
	var out []blocker
	var open *blocker
	for _, ch := range a.History {
		stuck := ch.To == StatusBlocked || ch.To == StatusEscalated
		switch {
		case stuck && open == nil:
			open = &blocker{action: a, start: ch.At, escalated: ch.To == StatusEscalated}
		case stuck:
			open.escalated = open.escalated || ch.To == StatusEscalated
		case open != nil:
			open.end, open.dropped = ch.At, ch.To == StatusDropped
			out = append(out, *open)
			open = nil
		}
	}
	if open != nil {
		out = append(out, *open)
	}
	return out
}

// daysWord is a number of days as said: "1 day", "5.5 days".
func daysWord(d float64) string {
	if n := fmtNum(d); n != "1" {
		return n + " days"
	}
	return "1 day"
}

func (c *scoring) blockerResolution(r span) figure {
	in := c.in
	var f figure
	var total float64
	var still int
	var dropped []DrillRow
	type resolved struct {
		row  DrillRow
		days float64
	}
	var slow []resolved
	for _, a := range in.Actions {
		for _, b := range blockers(a) {
			esc := ""
			if b.escalated {
				esc = ", escalated on the way"
			}
			switch {
			case b.end.IsZero():
				if r.to.Before(in.day(b.start, "")) {
					continue
				}
				age := in.Now.Sub(b.start).Hours() / 24
				still++
				f.drill = append(f.drill, DrillRow{Kind: "blocker", ID: a.ID, Date: in.day(b.start, ""), Text: a.Text + " (" + a.Owner + ")",
					Note: fmt.Sprintf("still blocked after %s%s", daysWord(age), esc), Flag: true})
			case !r.has(in.day(b.end, "")):
			case b.dropped:
				dropped = append(dropped, DrillRow{Kind: "blocker", ID: a.ID, Date: in.day(b.start, ""), Text: a.Text + " (" + a.Owner + ")",
					Note: fmt.Sprintf("dropped while blocked, after %s; not averaged", daysWord(b.end.Sub(b.start).Hours()/24))})
			default:
				d := b.end.Sub(b.start).Hours() / 24
				total += d
				f.den++
				slow = append(slow, resolved{DrillRow{Kind: "blocker", ID: a.ID, Date: in.day(b.start, ""), Text: a.Text + " (" + a.Owner + ")",
					Note: fmt.Sprintf("resolved in %s%s", daysWord(d), esc), Flag: d >= 7}, d})
			}
		}
	}
	// what needs attention first (the still blocked, the slow), the slowest first
	slices.SortStableFunc(slow, func(a, b resolved) int { return cmp.Compare(b.days, a.days) })
	rows := f.drill
	f.drill = nil
	f.drill = append(f.drill, rows...) // still blocked: flagged
	for _, flagged := range []bool{true, false} {
		for _, x := range slow {
			if x.row.Flag == flagged {
				f.drill = append(f.drill, x.row)
			}
		}
	}
	f.drill = append(f.drill, dropped...)
	f.explanation = fmt.Sprintf("Average days from a blocker raised (an action marked blocked or escalated) to resolved (the action open "+
		"or done again), over the %d resolved %s; escalating is not resolving. %d still blocked and %d dropped while blocked "+
		"are listed, not averaged.", f.den, r, still, len(dropped))
	if f.den > 0 {
		f.has, f.value = true, total/float64(f.den)
	} else {
		f.explanation = "No blocker was resolved in the period. " + f.explanation
	}
	return f
}

// ---- Outcome ----

func (c *scoring) journeyPerformance(r span) figure {
	var f figure
	num, den := 0, 0
	for _, j := range c.in.Journeys {
		latest := -1
		for i, rd := range j.Readings {
			if r.has(rd.Date) {
				latest = i
			}
		}
		row := DrillRow{Kind: "journey", ID: j.ID, Text: j.Name}
		switch {
		case latest < 0:
			row.Note = "not reviewed in the period; not counted"
		case latest == 0:
			row.Date, row.Note = j.Readings[0].Date, "first reading: no trend yet; not counted"
		default:
			prev, cur := j.Readings[latest-1], j.Readings[latest]
			row.Date = cur.Date
			up, down := 0, 0
			for _, m := range j.Metrics {
				a, okA := prev.Values[m.Key]
				b, okB := cur.Values[m.Key]
				if !okA || !okB {
					continue
				}
				switch m.TrendOf(a, b) {
				case TrendImproving:
					up++
				case TrendDeclining:
					down++
				}
			}
			den++
			row.Note = fmt.Sprintf("improving: %d %s up, %d down since %s", up, plural(up, "metric", "metrics"), down, prev.Date)
			if up > down {
				num++
			} else {
				row.Note = fmt.Sprintf("not improving: %d up, %d down since %s", up, down, prev.Date)
				row.Flag = true
			}
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Journeys whose latest reading %s has more metrics (completion, effort, satisfaction, impact) improving "+
		"than declining against the reading before it, of the journeys read in the period (a first reading has no trend yet).", r)
	if !f.has {
		f.explanation = "No journey was reviewed in the period after an earlier reading. " + f.explanation
	}
	return f
}

func (c *scoring) promiseKeep(r span) figure {
	in := c.in
	var f figure
	// the latest audit in the period: promises grouped by meeting
	audit, auditDay := "", Date("")
	for _, p := range in.Promises {
		d := in.day(p.CreatedAt, "")
		if r.has(d) && !d.Before(auditDay) {
			audit, auditDay = p.MeetingID, d
		}
	}
	if auditDay == "" {
		f.explanation = "No promise-proof audit was held in the period."
		return f
	}
	var sum float64
	n, unknown := 0, 0
	for _, p := range in.Promises {
		if p.MeetingID != audit || !r.has(in.day(p.CreatedAt, "")) {
			continue
		}
		row := DrillRow{Kind: "promise", ID: p.ID, Date: in.day(p.CreatedAt, ""), Text: p.Promise}
		if p.KeepRate < 0 {
			unknown++
			row.Note = "keep rate not measured"
		} else {
			sum += p.KeepRate
			n++
			row.Note = fmtNum(p.KeepRate) + "% kept"
			row.Flag = p.KeepRate < PromiseTarget
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	where := "audit " + audit
	if audit == "" {
		where = "promises recorded outside an audit meeting"
	}
	f.den = n
	f.explanation = fmt.Sprintf("Mean keep rate of the %d %s with a measured rate in the period's latest audit (%s, %s); "+
		"%d without a rate and earlier audits do not count.", n, plural(n, "promise", "promises"), where, auditDay, unknown)
	if n > 0 {
		f.has, f.value = true, sum/float64(n)
	}
	return f
}

func (c *scoring) vocResponseRate(r span) figure {
	in := c.in
	var f figure
	num, den, young := 0, 0, 0
	for _, i := range in.Issues {
		created := in.day(i.CreatedAt, "")
		if !r.has(created) {
			continue
		}
		row := DrillRow{Kind: "issue", ID: i.ID, Date: created, Text: i.Title}
		// the issue's own response clock (issue_loop.go) decides
		clock := i.Response(in.Now)
		if !clock.Actioned && !clock.Overdue {
			young++
			row.Note = fmt.Sprintf("%d days old, no action yet; not counted until %d days", clock.Age, ResponseDays)
			f.drill = append(f.drill, reopenNote(row, i))
			continue
		}
		den++
		switch {
		case clock.Actioned && !clock.Overdue:
			num++
			row.Note = fmt.Sprintf("first action after %d %s", clock.After, plural(clock.After, "day", "days"))
		case clock.Actioned:
			row.Note, row.Flag = fmt.Sprintf("first action after %d days", clock.After), true
		default:
			row.Note, row.Flag = fmt.Sprintf("no action after %d days", clock.Age), true
		}
		f.drill = append(f.drill, reopenNote(row, i))
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("VOC issues raised %s whose first action came within 30 days, of those already actioned or at least "+
		"30 days old; %d %s younger than 30 days without an action yet %s not counted.", r, young, plural(young, "issue", "issues"), plural(young, "is", "are"))
	if !f.has {
		f.explanation = "No VOC issue of the period is old enough or actioned. " + f.explanation
	}
	return f
}

// ---- Ritual health ----

func (c *scoring) actionClosure(r span) figure {
	var f figure
	num, den, dropped := 0, 0, 0
	for _, a := range c.in.Actions {
		if !r.has(a.Due) {
			continue
		}
		row := DrillRow{Kind: "action", ID: a.ID, Date: a.Due, Text: a.Text + " (" + a.Owner + ")", Note: string(a.Status)}
		switch {
		case a.Status == StatusDropped:
			dropped++
			continue
		case a.Status == StatusDone:
			num++
		case a.Overdue(c.in.Today):
			row.Note, row.Flag = string(a.Status)+", overdue", true
		}
		den++
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Actions due %s that are done, of all due in the period except the %d dropped: a ritual health "+
		"indicator (activity), not an outcome.", r, dropped)
	if !f.has {
		f.explanation = "No action fell due in the period. " + f.explanation
	}
	return f
}

func (c *scoring) overdueActions(r span) figure {
	var f figure
	active := 0
	for _, a := range c.in.Actions {
		if !a.Status.Active() || !r.has(a.Due) {
			continue
		}
		active++
		if a.Overdue(c.in.Today) {
			f.num++
			f.drill = append(f.drill, DrillRow{Kind: "action", ID: a.ID, Date: a.Due, Text: a.Text + " (" + a.Owner + ")",
				Note: fmt.Sprintf("%s, %d days overdue", a.Status, a.Due.DaysUntil(c.in.Today)), Flag: true})
		}
	}
	flagFirst(f.drill)
	f.has, f.value, f.den = true, float64(f.num), active
	f.explanation = fmt.Sprintf("Open, blocked or escalated actions due %s and before %s (%d of the %d still active): a ritual "+
		"health indicator, not an outcome.", r, c.in.Today, f.num, active)
	return f
}

func (c *scoring) reviewsOnTime(r span) figure {
	var f figure
	num, den, pending := 0, 0, 0
	for _, d := range c.in.Decisions {
		if !r.has(d.ReviewDate) {
			continue
		}
		row := DrillRow{Kind: "decision", ID: d.ID, Date: d.ReviewDate, Text: decisionTitle(d)}
		switch {
		case d.Review != nil && d.ReviewedOnTime():
			num++
			den++
			row.Note = fmt.Sprintf("reviewed %s: %s", d.Review.Date, d.Review.Verdict)
		case d.Review != nil:
			den++
			row.Note, row.Flag = fmt.Sprintf("reviewed late, on %s: %s", d.Review.Date, d.Review.Verdict), true
		case c.in.Today.Before(d.ReviewDate.AddDays(ReviewGraceDays + 1)):
			pending++
			row.Note = "due for review"
		default:
			den++
			row.Note, row.Flag = "not reviewed", true
		}
		f.drill = append(f.drill, row)
	}
	flagFirst(f.drill)
	ratio(&f, num, den)
	f.explanation = fmt.Sprintf("Decisions whose review date fell %s reviewed by then or within %d days after, of those whose "+
		"review is past due or done; %d still within their %d days %s not counted.", r, ReviewGraceDays, pending, ReviewGraceDays,
		plural(pending, "is", "are"))
	if !f.has {
		f.explanation = "No decision came up for review in the period. " + f.explanation
	}
	return f
}

// reopenNote adds to an issue's drill-down row that it came back, or was
// reopened.
func reopenNote(row DrillRow, i *Issue) DrillRow {
	if i.ReopenOf != "" {
		row.Note += "; a reopen of " + i.ReopenOf
	}
	if i.Reopens > 0 {
		row.Note += fmt.Sprintf("; came back %d %s", i.Reopens, plural(i.Reopens, "time", "times"))
	}
	return row
}

package meeting

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ScoreStatus is a scorecard traffic light.
type ScoreStatus string

const (
	ScoreGreen ScoreStatus = "green" // on track
	ScoreAmber ScoreStatus = "amber" // needs attention
	ScoreRed   ScoreStatus = "red"   // at risk
	ScoreNA    ScoreStatus = "n/a"   // nothing to measure
)

// Score is one leadership-effectiveness metric from the seed's "Metrics &
// Signals", computed from cxroom's records.
type Score struct {
	Key      string      `json:"key"`      // e.g. "ritual_consistency"
	Category string      `json:"category"` // Adoption, Capability, Outcome
	Name     string      `json:"name"`     // e.g. "Ritual consistency"
	Value    float64     `json:"value"`
	Unit     string      `json:"unit"`   // "%", "days" or "" (a count)
	Target   string      `json:"target"` // "95%", "< 7 days", "0"
	Status   ScoreStatus `json:"status"`
	// Numerator and Denominator say what counted: for a ratio, the part and
	// the whole; for an average (blocker resolution, promise-keep rate) the
	// Denominator is how many items were averaged and the Numerator is 0; for
	// a count (overdue actions) the count out of the active actions.
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Explanation string   `json:"explanation"` // how it was computed: what counted and what did not
	Details     []string `json:"details"`     // the items behind the figure, e.g. "maria: 2 overdue (A4, A9)"
}

// ScorecardInput is the data a scorecard is computed from. Today is
// required; Since (the period start) defaults to Today minus 90 days. The
// period is Since..Today inclusive.
type ScorecardInput struct {
	Today     Date
	Since     Date
	Series    []*Series
	Meetings  []*Meeting
	Actions   []*Action
	Decisions []*Decision
	Issues    []*Issue
	Journeys  []*Journey
	Promises  []*Promise
}

// Metric keys, in scorecard order.
const (
	ScoreRitualConsistency     = "ritual_consistency"
	ScoreDecisionDocumentation = "decision_documentation"
	ScoreJourneyOwnership      = "journey_ownership"
	ScoreBlockerResolution     = "blocker_resolution"
	ScoreVOCActioned           = "voc_actioned_30d"
	ScoreActionClosure         = "action_closure"
	ScoreOverdueActions        = "overdue_actions"
	ScoreJourneysImproving     = "journeys_improving"
	ScorePromiseKeep           = "promise_keep"
)

// heldWithinDays is how late a meeting may be held and still count for its
// scheduled occurrence.
const heldWithinDays = 3

// Scorecard computes the seed's leadership-effectiveness metrics.
func Scorecard(in ScorecardInput) []Score {
	if in.Today == "" {
		in.Today = DateOf(time.Now())
	}
	if in.Since == "" {
		in.Since = in.Today.AddDays(-90)
	}
	return []Score{
		scoreRitualConsistency(in),
		scoreDecisionDocumentation(in),
		scoreJourneyOwnership(in),
		scoreBlockerResolution(in),
		scoreVOCActioned(in),
		scoreActionClosure(in),
		scoreOverdueActions(in),
		scoreJourneysImproving(in),
		scorePromiseKeep(in),
	}
}

func (in ScorecardInput) inPeriod(d Date) bool {
	return d != "" && !d.Before(in.Since) && !in.Today.Before(d)
}

func (in ScorecardInput) period() string {
	return fmt.Sprintf("%s to %s", in.Since, in.Today)
}

// round1 rounds to one decimal: the status is judged on the figure shown.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// ratio fills a percentage score; a zero denominator is "n/a".
func ratio(s *Score, num, den int, green, amber float64, nothing string) {
	s.Unit, s.Numerator, s.Denominator = "%", num, den
	if den == 0 {
		s.Status = ScoreNA
		s.Explanation = nothing + " " + s.Explanation
		return
	}
	s.Value = round1(100 * float64(num) / float64(den))
	s.Status = atLeast(s.Value, green, amber)
}

func atLeast(v, green, amber float64) ScoreStatus {
	switch {
	case v >= green:
		return ScoreGreen
	case v >= amber:
		return ScoreAmber
	}
	return ScoreRed
}

func scoreRitualConsistency(in ScorecardInput) Score {
	s := Score{Key: ScoreRitualConsistency, Category: "Adoption", Name: "Ritual consistency", Target: "95%"}
	held, scheduled := 0, 0
	for _, sr := range in.Series {
		from := in.Since
		if from.Before(sr.Start) {
			from = sr.Start
		}
		occ := sr.Occurrences(from, in.Today)
		if len(occ) == 0 {
			continue
		}
		var dates []Date
		for _, m := range in.Meetings {
			if m.SeriesID == sr.ID && m.Date != "" {
				dates = append(dates, m.Date)
			}
		}
		slices.Sort(dates)
		used := make([]bool, len(dates))
		n := 0
		var missed []string
		for _, d := range occ {
			found := false
			for k, md := range dates {
				if !used[k] && !md.Before(d) && !d.AddDays(heldWithinDays).Before(md) {
					used[k], found = true, true
					break
				}
			}
			if found {
				n++
			} else {
				missed = append(missed, string(d))
			}
		}
		held += n
		scheduled += len(occ)
		det := fmt.Sprintf("%s: %d of %d held", sr.Title, n, len(occ))
		if len(missed) > 0 {
			det += " (missed " + strings.Join(missed, ", ") + ")"
		}
		s.Details = append(s.Details, det)
	}
	s.Explanation = fmt.Sprintf("Meetings held against occurrences scheduled by each series from %s (or the series' start) to %s; "+
		"a meeting counts for an occurrence if held that day or up to %d days later, one meeting per occurrence.",
		in.Since, in.Today, heldWithinDays)
	ratio(&s, held, scheduled, 95, 80, "No series had a scheduled occurrence in the period.")
	return s
}

func scoreDecisionDocumentation(in ScorecardInput) Score {
	s := Score{Key: ScoreDecisionDocumentation, Category: "Adoption", Name: "Decision documentation", Target: "100%"}
	num, den := 0, 0
	for _, d := range in.Decisions {
		if !in.inPeriod(d.Date) {
			continue
		}
		den++
		if d.Documented() {
			num++
			continue
		}
		var miss []string
		if d.Rationale == "" {
			miss = append(miss, "no rationale")
		}
		if d.ReviewDate == "" {
			miss = append(miss, "no review date")
		}
		s.Details = append(s.Details, fmt.Sprintf("%s: %s", d.ID, strings.Join(miss, ", ")))
	}
	s.Explanation = fmt.Sprintf("Decisions dated %s with both a rationale and a review date, of all decisions in the period.", in.period())
	ratio(&s, num, den, 100, 80, "No decision was recorded in the period.")
	return s
}

func scoreJourneyOwnership(in ScorecardInput) Score {
	s := Score{Key: ScoreJourneyOwnership, Category: "Adoption", Name: "Journey ownership", Target: "100%"}
	num, den := 0, 0
	for _, j := range in.Journeys {
		if !j.Critical {
			continue
		}
		den++
		if strings.TrimSpace(j.Owner) != "" {
			num++
		} else {
			s.Details = append(s.Details, "no owner: "+j.Name)
		}
	}
	s.Explanation = "Critical journeys with an accountable owner, of all critical journeys (journeys not marked critical do not count)."
	ratio(&s, num, den, 100, 75, "No critical journey is registered.")
	return s
}

// blockSpan is one stretch of an action being blocked.
type blockSpan struct {
	action     *Action
	start, end time.Time // end zero: still blocked
}

// blockSpans returns every span from a change to blocked until the next
// change to another status.
func blockSpans(a *Action) []blockSpan {
	var out []blockSpan
	var open *blockSpan
	for _, c := range a.History {
		switch {
		case c.To == StatusBlocked && open == nil:
			open = &blockSpan{action: a, start: c.At}
		case c.To != StatusBlocked && open != nil:
			open.end = c.At
			out = append(out, *open)
			open = nil
		}
	}
	if open != nil {
		out = append(out, *open)
	}
	return out
}

func scoreBlockerResolution(in ScorecardInput) Score {
	s := Score{Key: ScoreBlockerResolution, Category: "Capability", Name: "Blocker resolution time", Unit: "days", Target: "< 7 days"}
	var total float64
	n := 0
	var open []string
	for _, a := range in.Actions {
		for _, sp := range blockSpans(a) {
			if sp.end.IsZero() {
				age := DateOf(sp.start).DaysUntil(in.Today)
				open = append(open, fmt.Sprintf("still blocked: %s (%s) for %d days", a.ID, a.Owner, age))
				continue
			}
			if !in.inPeriod(DateOf(sp.end)) {
				continue
			}
			total += sp.end.Sub(sp.start).Hours() / 24
			n++
		}
	}
	s.Details = open
	s.Denominator = n
	s.Explanation = fmt.Sprintf("Average days from an action being marked blocked to its next change of status, over the %d blocker(s) resolved %s; "+
		"%d still blocked are listed, not averaged.", n, in.period(), len(open))
	if n == 0 {
		s.Status = ScoreNA
		s.Explanation = "No blocker was resolved in the period. " + s.Explanation
		return s
	}
	s.Value = round1(total / float64(n))
	switch {
	case s.Value < 7:
		s.Status = ScoreGreen
	case s.Value < 14:
		s.Status = ScoreAmber
	default:
		s.Status = ScoreRed
	}
	return s
}

func scoreVOCActioned(in ScorecardInput) Score {
	s := Score{Key: ScoreVOCActioned, Category: "Outcome", Name: "VOC issues actioned within 30 days", Target: "80%"}
	num, den, young := 0, 0, 0
	for _, i := range in.Issues {
		created := DateOf(i.CreatedAt)
		if i.CreatedAt.IsZero() || !in.inPeriod(created) {
			continue
		}
		actioned := !i.FirstActionAt.IsZero()
		if !actioned && created.DaysUntil(in.Today) < 30 {
			young++
			continue
		}
		den++
		if actioned && i.FirstActionAt.Sub(i.CreatedAt) <= 30*24*time.Hour {
			num++
		} else if actioned {
			s.Details = append(s.Details, fmt.Sprintf("%s: first action after %d days", i.ID, int(i.FirstActionAt.Sub(i.CreatedAt).Hours()/24)))
		} else {
			s.Details = append(s.Details, fmt.Sprintf("%s: no action after %d days", i.ID, created.DaysUntil(in.Today)))
		}
	}
	s.Explanation = fmt.Sprintf("VOC issues raised %s whose first action came within 30 days, of those already actioned or at least 30 days old; "+
		"%d issue(s) younger than 30 days without an action yet are not counted.", in.period(), young)
	ratio(&s, num, den, 80, 60, "No VOC issue in the period is old enough or actioned.")
	return s
}

// overdueByOwner groups overdue actions per owner: "maria: 2 overdue (A4, A9)".
func overdueByOwner(as []*Action) []string {
	by := map[string][]string{}
	var owners []string
	for _, a := range as {
		if _, ok := by[a.Owner]; !ok {
			owners = append(owners, a.Owner)
		}
		by[a.Owner] = append(by[a.Owner], a.ID)
	}
	slices.SortFunc(owners, func(a, b string) int {
		if d := len(by[b]) - len(by[a]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	out := make([]string, 0, len(owners))
	for _, o := range owners {
		ids := by[o]
		slices.SortFunc(ids, CompareIDs)
		out = append(out, fmt.Sprintf("%s: %d overdue (%s)", o, len(ids), strings.Join(ids, ", ")))
	}
	return out
}

func scoreActionClosure(in ScorecardInput) Score {
	s := Score{Key: ScoreActionClosure, Category: "Outcome", Name: "Action closure", Target: "80%"}
	num, den, dropped := 0, 0, 0
	var overdue []*Action
	for _, a := range in.Actions {
		if !in.inPeriod(a.Due) {
			continue
		}
		switch {
		case a.Status == StatusDropped:
			dropped++
			continue
		case a.Status == StatusDone:
			num++
		case a.Overdue(in.Today):
			overdue = append(overdue, a)
		}
		den++
	}
	s.Details = overdueByOwner(overdue)
	s.Explanation = fmt.Sprintf("Actions due %s that are done, of all due in the period except the %d dropped.", in.period(), dropped)
	ratio(&s, num, den, 80, 60, "No action fell due in the period.")
	return s
}

func scoreOverdueActions(in ScorecardInput) Score {
	s := Score{Key: ScoreOverdueActions, Category: "Outcome", Name: "Overdue actions", Target: "0"}
	var overdue []*Action
	active := 0
	for _, a := range in.Actions {
		if a.Status.Active() {
			active++
		}
		if a.Overdue(in.Today) {
			overdue = append(overdue, a)
		}
	}
	n := len(overdue)
	s.Value, s.Numerator, s.Denominator = float64(n), n, active
	s.Details = overdueByOwner(overdue)
	s.Explanation = fmt.Sprintf("Open, blocked or escalated actions due before %s, whenever raised (%d of %d active actions); done and dropped ones do not count.",
		in.Today, n, active)
	switch {
	case n == 0:
		s.Status = ScoreGreen
	case n <= 3:
		s.Status = ScoreAmber
	default:
		s.Status = ScoreRed
	}
	return s
}

func scoreJourneysImproving(in ScorecardInput) Score {
	s := Score{Key: ScoreJourneysImproving, Category: "Outcome", Name: "Journeys improving", Target: "75%"}
	num, den := 0, 0
	for _, j := range in.Journeys {
		if len(j.Readings) < 2 {
			continue
		}
		den++
		up, down := 0, 0
		for _, h := range j.Health() {
			switch h.Trend {
			case TrendImproving:
				up++
			case TrendDeclining:
				down++
			}
		}
		verdict := "not improving"
		if j.Improving() {
			num++
			verdict = "improving"
		}
		s.Details = append(s.Details, fmt.Sprintf("%s: %s (%d metrics up, %d down)", j.Name, verdict, up, down))
	}
	s.Explanation = "Journeys whose latest review has more metrics improving than declining, of the journeys with at least two reviews " +
		"(a journey reviewed once has no trend yet and does not count)."
	ratio(&s, num, den, 75, 50, "No journey has been reviewed twice.")
	return s
}

func scorePromiseKeep(in ScorecardInput) Score {
	s := Score{Key: ScorePromiseKeep, Category: "Outcome", Name: "Promise-keep rate", Unit: "%", Target: "90%"}
	var latest *Promise
	for _, p := range in.Promises {
		if latest == nil || p.CreatedAt.After(latest.CreatedAt) {
			latest = p
		}
	}
	if latest == nil {
		s.Status = ScoreNA
		s.Explanation = "No promise-proof audit has been held."
		return s
	}
	audit := latest.MeetingID
	var sum float64
	n, unknown := 0, 0
	for _, p := range in.Promises {
		if p.MeetingID != audit {
			continue
		}
		if p.KeepRate < 0 {
			unknown++
			continue
		}
		sum += p.KeepRate
		n++
		s.Details = append(s.Details, fmt.Sprintf("%s: %s%%", p.Promise, strconv.FormatFloat(p.KeepRate, 'f', -1, 64)))
	}
	where := "audit " + audit
	if audit == "" {
		where = "promises recorded outside an audit meeting"
	}
	s.Denominator = n
	s.Explanation = fmt.Sprintf("Mean keep rate of the %d promise(s) with a measured rate in the latest audit (%s); %d without a rate and earlier audits do not count.",
		n, where, unknown)
	if n == 0 {
		s.Status = ScoreNA
		s.Explanation = "No promise in the latest audit has a measured keep rate. " + s.Explanation
		return s
	}
	s.Value = round1(sum / float64(n))
	s.Status = atLeast(s.Value, 90, 80)
	return s
}

package meeting

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Metric is one journey-health measure with its target.
type Metric struct {
	Key           string  `json:"key"`  // completion, effort, satisfaction, impact
	Name          string  `json:"name"` // shown to people
	Unit          string  `json:"unit,omitempty"`
	Target        float64 `json:"target"`
	LowerIsBetter bool    `json:"lower_is_better,omitempty"`
}

// DefaultMetrics are the seed's journey-health metrics: completion rate,
// effort (CES, lower is better), satisfaction and business impact (Template
// 1), and the 30-day activation rate its journey owner charter owns. The
// targets are the charter's where it gives one (completion 75%, CES < 3.0,
// activation 60%); each journey's targets can be changed (SetTarget).
func DefaultMetrics() []Metric {
	return []Metric{
		{Key: "completion", Name: "Completion rate", Unit: "%", Target: 75},
		{Key: "effort", Name: "Customer effort (CES)", Target: 3.0, LowerIsBetter: true},
		{Key: "satisfaction", Name: "Satisfaction (CSAT)", Unit: "%", Target: 80},
		{Key: "impact", Name: "Business impact (retention)", Unit: "%", Target: 90},
		{Key: "activation", Name: "30-day activation rate", Unit: "%", Target: 60},
	}
}

// ParseTarget parses a target typed for metric m: "75%", "< 3.0", "≤3",
// "80%+". The direction is the metric's own (lower is better for effort);
// the comparison signs people type are accepted and ignored.
func ParseTarget(m Metric, s string) (float64, error) {
	t := strings.TrimSpace(s)
	for _, p := range []string{"<=", ">=", "≤", "≥", "<", ">"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, p))
	}
	t = strings.TrimSpace(strings.TrimSuffix(t, "+"))
	if t == "" {
		return 0, Errorf(EINVALID, "%s: give a target, e.g. %s", m.Name, targetExample(m))
	}
	return ParseMetricValue(m, t)
}

func targetExample(m Metric) string {
	if m.LowerIsBetter {
		return "< 3.0"
	}
	if m.Unit == "%" {
		return "75%"
	}
	return "10"
}

// SetTarget changes the target of metric key.
func (j *Journey) SetTarget(key string, v float64) error {
	for i := range j.Metrics {
		if j.Metrics[i].Key == key {
			j.Metrics[i].Target = v
			return nil
		}
	}
	return Errorf(ENOTFOUND, "%s has no metric %q", j.Name, clip(key))
}

// FindMetric finds a metric by key or (case-insensitive) name.
func (j *Journey) FindMetric(k string) (Metric, bool) {
	k = strings.TrimSpace(k)
	for _, m := range j.Metrics {
		if strings.EqualFold(m.Key, k) || strings.EqualFold(m.Name, k) {
			return m, true
		}
	}
	return Metric{}, false
}

// Standing is how a journey is doing at its latest readings: how many
// metrics miss their target and how many are declining.
type Standing struct {
	Measured  int // metrics with a value
	OffTarget int
	Declining int
}

// Standing sums up the journey's health.
func (j *Journey) Standing() Standing {
	var s Standing
	for _, h := range j.Health() {
		if !h.HasValue {
			continue
		}
		s.Measured++
		if !h.OnTarget {
			s.OffTarget++
		}
		if h.Trend == TrendDeclining {
			s.Declining++
		}
	}
	return s
}

// WorstJourney returns the worst-performing journey (the QBR deep-dives
// it): the most metrics off target or declining (a metric counts once for
// each), then the most off target, then the least recently reviewed; nil
// when no journey has a reading.
func WorstJourney(js []*Journey) *Journey {
	var worst *Journey
	var ws Standing
	for _, j := range js {
		s := j.Standing()
		if s.Measured == 0 {
			continue
		}
		score, wscore := s.OffTarget+s.Declining, ws.OffTarget+ws.Declining
		switch {
		case worst == nil,
			score > wscore,
			score == wscore && s.OffTarget > ws.OffTarget,
			score == wscore && s.OffTarget == ws.OffTarget && j.LastReviewed.Before(worst.LastReviewed):
			worst, ws = j, s
		}
	}
	return worst
}

// Reading is the journey's metric values recorded at one review.
type Reading struct {
	Date      Date               `json:"date"`
	MeetingID string             `json:"meeting_id,omitempty"`
	Values    map[string]float64 `json:"values"`
}

// Journey is a critical customer journey with an accountable owner.
type Journey struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Owner        string    `json:"owner,omitempty"`
	Critical     bool      `json:"critical"`
	Metrics      []Metric  `json:"metrics"`
	Readings     []Reading `json:"readings,omitempty"` // oldest first
	LastReviewed Date      `json:"last_reviewed,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// NewJourney validates a journey name and owner; owner may be empty (it is
// then flagged: without authority, ownership is theater).
func NewJourney(name, owner string, now time.Time) (*Journey, error) {
	n, err := line("journey name", name, MaxName, true)
	if err != nil {
		return nil, err
	}
	return &Journey{Name: n, Owner: CleanOwner(owner), Critical: true, Metrics: DefaultMetrics(), CreatedAt: now}, nil
}

// Clone returns a deep copy.
func (j *Journey) Clone() *Journey {
	c := *j
	c.Metrics = slices.Clone(j.Metrics)
	c.Readings = make([]Reading, len(j.Readings))
	for i, r := range j.Readings {
		r.Values = cloneMap(r.Values)
		c.Readings[i] = r
	}
	return &c
}

func cloneMap(m map[string]float64) map[string]float64 {
	c := make(map[string]float64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Metric returns the metric with key k.
func (j *Journey) Metric(k string) (Metric, bool) {
	for _, m := range j.Metrics {
		if m.Key == k {
			return m, true
		}
	}
	return Metric{}, false
}

// Series returns the recorded values of metric k, oldest first.
func (j *Journey) Series(k string) []float64 {
	var out []float64
	for _, r := range j.Readings {
		if v, ok := r.Values[k]; ok {
			out = append(out, v)
		}
	}
	return out
}

// Trend says which way a metric is going.
type Trend string

const (
	TrendImproving Trend = "improving"
	TrendDeclining Trend = "declining"
	TrendStable    Trend = "stable"
	TrendUnknown   Trend = "no data"
)

// Arrow is the trend as one character.
func (t Trend) Arrow() string {
	switch t {
	case TrendImproving:
		return "↑"
	case TrendDeclining:
		return "↓"
	case TrendStable:
		return "→"
	}
	return "·"
}

// Health is a metric's current value against target and prior period.
type Health struct {
	Metric   Metric
	Current  float64
	Prior    float64
	HasValue bool
	HasPrior bool
	Trend    Trend
	OnTarget bool
}

// stableBand is the relative change under which a metric counts as stable.
const stableBand = 0.02

// Health returns each metric's current value, prior value and trend.
func (j *Journey) Health() []Health {
	out := make([]Health, 0, len(j.Metrics))
	for _, m := range j.Metrics {
		h := Health{Metric: m, Trend: TrendUnknown}
		s := j.Series(m.Key)
		if n := len(s); n > 0 {
			h.Current, h.HasValue = s[n-1], true
			h.OnTarget = m.Met(h.Current)
			if n > 1 {
				h.Prior, h.HasPrior = s[n-2], true
				h.Trend = m.TrendOf(h.Prior, h.Current)
			}
		}
		out = append(out, h)
	}
	return out
}

// Met reports whether v meets the metric's target.
func (m Metric) Met(v float64) bool {
	if m.LowerIsBetter {
		return v <= m.Target
	}
	return v >= m.Target
}

// TrendOf compares a prior value with the current one.
func (m Metric) TrendOf(prior, cur float64) Trend {
	base := math.Max(math.Abs(prior), 1e-9)
	d := (cur - prior) / base
	if math.Abs(d) < stableBand {
		return TrendStable
	}
	if (d > 0) != m.LowerIsBetter {
		return TrendImproving
	}
	return TrendDeclining
}

// Improving reports whether the journey is improving overall: more of its
// metrics improved than declined at the latest review.
func (j *Journey) Improving() bool {
	up, down := 0, 0
	for _, h := range j.Health() {
		switch h.Trend {
		case TrendImproving:
			up++
		case TrendDeclining:
			down++
		}
	}
	return up > down
}

// ParseMetricValue parses a value typed for metric m ("72", "72%", "3.1").
func ParseMetricValue(m Metric, s string) (float64, error) {
	in := strings.TrimSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(in), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, Errorf(EINVALID, "%s: %q is not a number", m.Name, clip(s))
	}
	if m.Unit == "%" && (v < 0 || v > 100) {
		return 0, Errorf(EINVALID, "%s: %v is not a percentage between 0 and 100", m.Name, v)
	}
	if math.Abs(v) > 1e12 {
		return 0, Errorf(EINVALID, "%s: %v is out of range", m.Name, v)
	}
	return v, nil
}

// Record adds (or replaces, for the same meeting) a reading and marks the
// journey reviewed on that day.
func (j *Journey) Record(r Reading) {
	for i := range j.Readings {
		if r.MeetingID != "" && j.Readings[i].MeetingID == r.MeetingID {
			merged := cloneMap(j.Readings[i].Values)
			for k, v := range r.Values {
				merged[k] = v
			}
			j.Readings[i].Values = merged
			j.touch(r.Date)
			return
		}
	}
	j.Readings = append(j.Readings, r)
	slices.SortStableFunc(j.Readings, func(a, b Reading) int { return strings.Compare(string(a.Date), string(b.Date)) })
	j.touch(r.Date)
}

func (j *Journey) touch(d Date) {
	if j.LastReviewed.Before(d) || j.LastReviewed == "" {
		j.LastReviewed = d
	}
}

// DaysSinceReview returns days since the last review, or -1 if never.
func (j *Journey) DaysSinceReview(today Date) int {
	if j.LastReviewed == "" {
		return -1
	}
	return j.LastReviewed.DaysUntil(today)
}

// ReviewOverdueDays: the seed asks that each critical journey is reviewed
// at least quarterly.
const ReviewOverdueDays = 90

// ReviewOverdue reports a critical journey not reviewed for 90 days; one
// never reviewed counts from when it was registered (a journey added a
// minute ago is not overdue).
func (j *Journey) ReviewOverdue(today Date) bool {
	// "never" is the empty date, not a negative count: a review dated after
	// today (a reading filed ahead, clock skew) is recent, not missing.
	if !j.Critical {
		return false
	}
	if j.LastReviewed == "" {
		return j.CreatedAt.IsZero() || DateOf(j.CreatedAt).DaysUntil(today) >= ReviewOverdueDays
	}
	return j.DaysSinceReview(today) >= ReviewOverdueDays
}

// SuggestJourney returns the journey least recently reviewed (never-reviewed
// first, then oldest review, then name), or nil if there are none.
func SuggestJourney(js []*Journey) *Journey {
	if len(js) == 0 {
		return nil
	}
	c := slices.Clone(js)
	slices.SortStableFunc(c, func(a, b *Journey) int {
		if a.LastReviewed != b.LastReviewed {
			return strings.Compare(string(a.LastReviewed), string(b.LastReviewed))
		}
		return strings.Compare(a.Name, b.Name)
	})
	return c[0]
}

// Validate checks a journey before it is stored.
func (j *Journey) Validate() error {
	var c check
	c.id("journey", 'J', j.ID)
	c.line("journey name", j.Name, MaxName, true)
	c.handle("owner", j.Owner, false)
	c.count("metrics", len(j.Metrics), MaxMetrics)
	keys := map[string]bool{}
	for _, m := range j.Metrics {
		c.line("metric key", m.Key, MaxName, true)
		c.line("metric name", m.Name, MaxName, true)
		c.line("metric unit", m.Unit, 10, false)
		c.finite(m.Name+" target", m.Target)
		if c.err == nil && keys[m.Key] {
			c.fail("metric %q appears twice", m.Key)
		}
		keys[m.Key] = true
	}
	c.count("readings", len(j.Readings), MaxReadings)
	for _, r := range j.Readings {
		c.date("reading date", r.Date, true)
		c.ref("reading meeting", 'M', r.MeetingID)
		c.count("reading values", len(r.Values), MaxMetrics)
		for k, v := range r.Values {
			c.line("metric key", k, MaxName, true)
			c.finite(k, v)
		}
	}
	c.date("last reviewed", j.LastReviewed, false)
	return c.err
}

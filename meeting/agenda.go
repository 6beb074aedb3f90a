package meeting

import "time"

// RecordKind is what a segment produces.
type RecordKind string

const (
	KindIssues    RecordKind = "issues"    // prioritised VOC issues
	KindActions   RecordKind = "actions"   // owned, dated actions
	KindDecisions RecordKind = "decisions" // decision-log entries
	KindStories   RecordKind = "stories"   // story-library entries
	KindReview    RecordKind = "review"    // status review of earlier actions
	KindMetrics   RecordKind = "metrics"   // journey-health values
	KindGuide     RecordKind = "guide"     // a GUIDE step's answer
	KindNotes     RecordKind = "notes"     // private coaching notes
	KindPromises  RecordKind = "promises"  // promise-proof audit entries
	KindSystemic  RecordKind = "systemic"  // systemic issues: issue → root cause → owner → roadmap item
	KindJourneys  RecordKind = "journeys"  // every critical journey's health, side by side
	KindPipeline  RecordKind = "pipeline"  // a journey's initiatives and experiments
	KindBoard     RecordKind = "board"     // the board metrics of the quarter (Metrics That Matter)
	KindCharters  RecordKind = "charters"  // initiative charters and their go/no-go points
	KindAccounts  RecordKind = "accounts"  // the at-risk accounts under review
)

// RecordKinds lists every known kind.
var RecordKinds = []RecordKind{KindIssues, KindActions, KindDecisions, KindStories, KindReview, KindMetrics, KindGuide, KindNotes, KindPromises,
	KindSystemic, KindJourneys, KindPipeline, KindBoard, KindCharters, KindAccounts}

// KnownKind reports whether k is a record kind cxroom knows.
func KnownKind(k RecordKind) bool {
	for _, x := range RecordKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Segment is one timeboxed part of a ritual.
type Segment struct {
	ID       string       `json:"id" yaml:"id"`
	Title    string       `json:"title" yaml:"title"`
	Minutes  int          `json:"minutes" yaml:"minutes"`
	Output   string       `json:"output,omitempty" yaml:"output,omitempty"` // the seed's "Output" column
	Prompt   string       `json:"prompt" yaml:"prompt"`                     // markdown
	Produces []RecordKind `json:"produces" yaml:"produces"`
	Step     string       `json:"step,omitempty" yaml:"step,omitempty"` // GUIDE step letter
	// Top > 0: the segment works on the top N ranked issues (the VOC
	// deep-dive); entering it marks them deep-dived.
	Top int `json:"top,omitempty" yaml:"top,omitempty"`
}

// Has reports whether the segment produces kind k.
func (s Segment) Has(k RecordKind) bool {
	for _, x := range s.Produces {
		if x == k {
			return true
		}
	}
	return false
}

// GuideStep returns the index (0..4) of the segment's GUIDE step, or -1.
func (s Segment) GuideStep() int {
	for i, g := range GuideSteps {
		if s.Step == g.Letter {
			return i
		}
	}
	return -1
}

// Agenda is a ritual: a titled sequence of timeboxed segments.
type Agenda struct {
	ID           string   `json:"id" yaml:"id"`
	Title        string   `json:"title" yaml:"title"`
	Minutes      int      `json:"minutes" yaml:"minutes"`
	Cadence      string   `json:"cadence,omitempty" yaml:"cadence,omitempty"`
	Purpose      string   `json:"purpose,omitempty" yaml:"purpose,omitempty"`
	Participants string   `json:"participants,omitempty" yaml:"participants,omitempty"`
	Principles   []string `json:"principles,omitempty" yaml:"principles,omitempty"`
	// Notes say what the agenda took from where: which timings the seed
	// gives and which cxroom chose.
	Notes    string    `json:"notes,omitempty" yaml:"notes,omitempty"`
	Segments []Segment `json:"segments" yaml:"segments"`
	Source   string    `json:"-" yaml:"-"` // file it was loaded from
}

// Kind of ritual, derived from what the agenda produces; the TUI uses it
// to pick the start screen (journey review needs a journey, GUIDE a coachee).
func (a *Agenda) Needs() (journey, coachee bool) {
	for _, s := range a.Segments {
		if s.Has(KindMetrics) || s.Has(KindPipeline) {
			journey = true
		}
		if s.Has(KindGuide) {
			coachee = true
		}
	}
	return
}

// Planned returns each segment's timebox.
func (a *Agenda) Planned() []time.Duration {
	out := make([]time.Duration, len(a.Segments))
	for i, s := range a.Segments {
		out[i] = time.Duration(s.Minutes) * time.Minute
	}
	return out
}

// Offset returns the minute at which segment i starts.
func (a *Agenda) Offset(i int) int {
	m := 0
	for j := 0; j < i && j < len(a.Segments); j++ {
		m += a.Segments[j].Minutes
	}
	return m
}

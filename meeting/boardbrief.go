package meeting

import (
	"context"
	"time"
)

// BoardBrief is what the leader writes on a quarter's board report: the
// executive summary, what's working and the areas of concern (cxroom
// proposes both from the metrics' movements when they are left empty),
// the competitive position with its sources, the forward look and the
// decisions the board is asked for. One brief per quarter.
type BoardBrief struct {
	ID          string    `json:"id"`     // B1, B2, …
	Period      string    `json:"period"` // 2026Q4
	Summary     string    `json:"summary,omitempty"`
	Working     string    `json:"working,omitempty"`
	Concerns    string    `json:"concerns,omitempty"`
	Competitive string    `json:"competitive,omitempty"`
	Forward     string    `json:"forward,omitempty"`
	Decisions   string    `json:"decisions,omitempty"` // board decisions needed
	UpdatedBy   string    `json:"updated_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// BriefFields are the parts of a brief, by the name a command takes.
var BriefFields = []string{"summary", "working", "concerns", "competitive", "forward", "decisions"}

// field returns a pointer to the brief's part named name.
func (b *BoardBrief) field(name string) *string {
	switch name {
	case "summary":
		return &b.Summary
	case "working":
		return &b.Working
	case "concerns":
		return &b.Concerns
	case "competitive":
		return &b.Competitive
	case "forward":
		return &b.Forward
	case "decisions":
		return &b.Decisions
	}
	return nil
}

// Clone returns a copy.
func (b *BoardBrief) Clone() *BoardBrief { c := *b; return &c }

// Validate checks a brief before it is stored.
func (b *BoardBrief) Validate() error {
	var c check
	c.id("board brief", 'B', b.ID)
	if p, err := ParsePeriod(b.Period); c.err == nil && (err != nil || p.String() != b.Period) {
		c.fail("board brief period %q is not a quarter like 2026Q4", clip(b.Period))
	}
	for _, f := range BriefFields {
		c.multi(f, *b.field(f), MaxText, false)
	}
	c.handle("updated by", b.UpdatedBy, true)
	return c.err
}

// BoardBriefStore keeps the quarters' board briefs.
type BoardBriefStore interface {
	CreateBoardBrief(ctx context.Context, b *BoardBrief) error
	UpdateBoardBrief(ctx context.Context, id string, fn func(*BoardBrief) error) (*BoardBrief, error)
	BoardBrief(ctx context.Context, id string) (*BoardBrief, error)
	BoardBriefs(ctx context.Context) ([]*BoardBrief, error) // by period
}

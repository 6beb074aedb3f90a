package meeting

import (
	"context"
	"fmt"
)

// LoadScorecardInput reads from s everything Scorecard looks at: every
// series, meeting, action, decision, issue, journey and promise. Since is
// left empty (Scorecard then takes the 90 days up to today); set it on the
// result for another period.
func LoadScorecardInput(ctx context.Context, s Store, today Date) (ScorecardInput, error) {
	in := ScorecardInput{Today: today}
	var err error
	wrap := func(what string, e error) error { return fmt.Errorf("load the scorecard's %s: %w", what, e) }
	if in.Series, err = s.SeriesList(ctx); err != nil {
		return in, wrap("series", err)
	}
	if in.Meetings, err = s.Meetings(ctx, MeetingFilter{}); err != nil {
		return in, wrap("meetings", err)
	}
	if in.Actions, err = s.Actions(ctx, ActionFilter{}); err != nil {
		return in, wrap("actions", err)
	}
	if in.Decisions, err = s.Decisions(ctx, DecisionFilter{}); err != nil {
		return in, wrap("decisions", err)
	}
	if in.Issues, err = s.Issues(ctx, IssueFilter{}); err != nil {
		return in, wrap("issues", err)
	}
	if in.Journeys, err = s.Journeys(ctx); err != nil {
		return in, wrap("journeys", err)
	}
	if in.Promises, err = s.Promises(ctx, ""); err != nil {
		return in, wrap("promises", err)
	}
	return in, nil
}

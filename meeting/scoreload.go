package meeting

import (
	"context"
	"fmt"
)

// LoadScorecardInput reads from s everything Scorecard looks at: every
// series, meeting, action, decision, issue, journey, promise, story,
// proposal, shadowing entry and score sheet. Period, Since, Now and Loc
// are left for the caller.
func LoadScorecardInput(ctx context.Context, s Tx, today Date) (ScorecardInput, error) {
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
	if in.Stories, err = s.Stories(ctx, StoryFilter{}); err != nil {
		return in, wrap("stories", err)
	}
	if in.Proposals, err = s.Proposals(ctx, ProposalFilter{}); err != nil {
		return in, wrap("proposals", err)
	}
	if in.Shadowing, err = s.Shadowings(ctx, ShadowingFilter{}); err != nil {
		return in, wrap("shadowing log", err)
	}
	if in.Sheets, err = s.ScoreSheets(ctx); err != nil {
		return in, wrap("score sheets", err)
	}
	return in, nil
}

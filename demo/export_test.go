package demo

import (
	"context"
	"time"

	"cxroom/meeting"
)

// Org is the embedded organisation's schema, for tests that change it.
type Org = orgData

// Outcome is a walk outcome in the organisation's data.
type Outcome = outcomeData

// RunOrg runs the demo with the embedded organisation as edit changes it.
func RunOrg(ctx context.Context, s meeting.Store, now time.Time, rituals func(string) (meeting.Agenda, bool), edit func(*Org)) error {
	o, err := loadOrg()
	if err != nil {
		return err
	}
	edit(o)
	return newGen(ctx, s, o, now).run(rituals)
}

package meeting

import (
	"context"
	"fmt"
	"slices"
)

// AddProposal records a pitch made in the meeting (a journey review's
// improvement pipeline, a QBR): the seed's customer story, metric
// hypothesis and validation plan.
func (r *Room) AddProposal(ctx context.Context, a Actor, in ProposalInput) (p *Proposal, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.checkIn(a, OpAddRecord, "pitch proposals"); err != nil {
			return "", err
		}
		m := r.st.Meeting
		if in.JourneyID == "" {
			in.JourneyID = m.JourneyID
		}
		x, err := NewProposal(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = m.ID, m.SeriesID
		if x.StoryID != "" {
			if _, err := r.store.Story(context.Background(), x.StoryID); err != nil {
				return "", err
			}
		}
		if err := r.store.CreateProposal(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Proposals = append(slices.Clip(r.st.Proposals), x)
		p = x
		story := "no customer story"
		if x.HasCustomerStory() {
			story = "with a customer story"
		}
		return fmt.Sprintf("%s pitched %s: %s (%s)", a.Name, x.ID, x.Title, story), nil
	})
	return p, err
}

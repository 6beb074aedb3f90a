package meeting

import (
	"context"
	"fmt"
)

// Bundle is everything one meeting produced: what the room shows and what
// the minutes and exports are made of.
type Bundle struct {
	Meeting   *Meeting
	Actions   []*Action   // raised in this meeting, in creation order
	Carried   []*Action   // earlier actions walked in the review, in walk order
	Linked    []*Action   // earlier actions linked to the issues, not among the above
	Issues    []*Issue    // raised here or carried unresolved from the series, by rank
	Decisions []*Decision // recorded here
	DueReview []*Decision // earlier decisions of the series whose review date has come
	Stories   []*Story
	Promises  []*Promise
	Proposals []*Proposal // pitched here
	Journey   *Journey    // journey review: the journey
	Guide     *Guide      // GUIDE: already filtered for the viewer (see Guide.VisibleTo)

	// Opened counts, for each issue carried from an earlier meeting, the
	// meetings of the series it has been open in, this one included (see
	// AgeOf; an issue missing here has been open in one).
	Opened map[string]int
	// Systemic holds the systemic issues identified here or carried
	// unresolved from earlier meetings of the series (the QBR), by id.
	Systemic []*Systemic
	// Journeys is every journey, for a ritual that reviews all their
	// health side by side (the QBR), by id.
	Journeys []*Journey
	// Initiatives and Experiments are the reviewed journey's improvement
	// pipeline: those still open when the meeting started, and those it
	// started, changed or decided, by id.
	Initiatives []*Initiative
	Experiments []*Experiment
	// The executive rituals (meeting/bundle_exec.go): the quarter's board
	// figures and executive response time, the charters with go/no-go
	// points due or decided here, the top 10 at-risk accounts.
	Board    []BoardFigure
	Response ExecResponse
	Charters []*Charter
	Accounts []*Account
	// Chartered is every active charter and those with a point decided
	// here, by id: what the room's charters pane lists (a point not yet
	// due included).
	Chartered []*Charter
}

// LoadBundle reads a meeting and its records from the store. The GUIDE
// session is filtered for viewer; pass the coach's handle to see notes.
func LoadBundle(ctx context.Context, s Store, id, viewer string) (*Bundle, error) {
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	b, err := loadBundle(ctx, s, m)
	if err != nil {
		return nil, err
	}
	b.Guide = b.Guide.VisibleTo(viewer)
	if m.Private && b.Guide == nil {
		return nil, Errorf(EFORBIDDEN, "meeting %s is a private coaching session", m.ID)
	}
	return b, nil
}

// loadBundle reads everything but does not filter the GUIDE session.
func loadBundle(ctx context.Context, s Store, m *Meeting) (*Bundle, error) {
	b := &Bundle{Meeting: m}
	var err error
	wrap := func(what string, e error) error { return fmt.Errorf("load %s of meeting %s: %w", what, m.ID, e) }
	if b.Actions, err = s.Actions(ctx, ActionFilter{MeetingID: m.ID}); err != nil {
		return nil, wrap("actions", err)
	}
	sortByCreation(b.Actions)
	for _, id := range m.Carried {
		a, err := s.Action(ctx, id)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, wrap("carried actions", err)
		}
		b.Carried = append(b.Carried, a)
	}
	if b.Issues, err = s.Issues(ctx, IssueFilter{MeetingID: m.ID}); err != nil {
		return nil, wrap("issues", err)
	}
	if m.SeriesID != "" {
		earlier, err := s.Issues(ctx, IssueFilter{SeriesID: m.SeriesID, Unresolved: true})
		if err != nil {
			return nil, wrap("series issues", err)
		}
		for _, i := range earlier {
			if i.MeetingID != m.ID && i.CreatedAt.Before(m.CreatedAt) {
				b.Issues = append(b.Issues, i)
			}
		}
		due, err := s.Decisions(ctx, DecisionFilter{SeriesID: m.SeriesID, ReviewDueBy: m.Date})
		if err != nil {
			return nil, wrap("decisions due for review", err)
		}
		for _, d := range due {
			if d.MeetingID != m.ID {
				b.DueReview = append(b.DueReview, d)
			}
		}
	}
	SortIssues(b.Issues)
	if b.Opened, err = openedIn(ctx, s, m, b.Issues); err != nil {
		return nil, wrap("issue ages", err)
	}
	if err := loadQBR(ctx, s, m, b); err != nil {
		return nil, wrap("systemic issues and journeys", err)
	}
	if err := loadPipeline(ctx, s, m, b); err != nil {
		return nil, wrap("improvement pipeline", err)
	}
	if err := b.loadLinked(ctx, s); err != nil {
		return nil, wrap("actions of the issues", err)
	}
	if err := loadExecutive(ctx, s, m, b, ""); err != nil {
		return nil, wrap("executive review", err)
	}
	if b.Decisions, err = s.Decisions(ctx, DecisionFilter{MeetingID: m.ID}); err != nil {
		return nil, wrap("decisions", err)
	}
	if b.Stories, err = s.Stories(ctx, StoryFilter{MeetingID: m.ID}); err != nil {
		return nil, wrap("stories", err)
	}
	reverse(b.Stories) // the store lists newest first; the meeting reads in order
	if b.Promises, err = s.Promises(ctx, m.ID); err != nil {
		return nil, wrap("promises", err)
	}
	if b.Proposals, err = s.Proposals(ctx, ProposalFilter{MeetingID: m.ID}); err != nil {
		return nil, wrap("proposals", err)
	}
	if m.JourneyID != "" {
		if b.Journey, err = s.Journey(ctx, m.JourneyID); err != nil && !IsNotFound(err) {
			return nil, wrap("journey", err)
		}
	}
	if m.GuideID != "" {
		if b.Guide, err = s.Guide(ctx, m.GuideID); err != nil && !IsNotFound(err) {
			return nil, wrap("GUIDE session", err)
		}
	}
	return b, nil
}

// loadLinked reads the actions linked to the bundle's issues that it does
// not hold yet (an earlier meeting's, done or dropped since): an issue
// shows its next step as it is now.
func (b *Bundle) loadLinked(ctx context.Context, s Store) error {
	for _, i := range b.Issues {
		for _, id := range i.ActionIDs {
			if b.Action(id) != nil {
				continue
			}
			a, err := s.Action(ctx, id)
			if IsNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			b.Linked = append(b.Linked, a)
		}
	}
	return nil
}

func sortByCreation(as []*Action) {
	for i := 1; i < len(as); i++ { // insertion sort: lists are short and nearly sorted
		for j := i; j > 0 && as[j].CreatedAt.Before(as[j-1].CreatedAt); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Unowned returns the issues this meeting deep-dived that still lack an
// owned next step (a linked action that was not dropped): what the VOC
// triage must not end with.
func (b *Bundle) Unowned() []*Issue {
	var out []*Issue
	for _, i := range b.Issues {
		if i.DeepDivedIn(b.Meeting.ID) && !i.Resolved && !b.IssueOwned(i) {
			out = append(out, i)
		}
	}
	return out
}

// Action finds an action of the meeting (raised or carried) by id.
func (b *Bundle) Action(id string) *Action {
	id = NormalizeID(id)
	for _, list := range [][]*Action{b.Actions, b.Carried, b.Linked} {
		for _, a := range list {
			if a.ID == id {
				return a
			}
		}
	}
	return nil
}

// Issue finds an issue of the meeting by id.
func (b *Bundle) Issue(id string) *Issue {
	id = NormalizeID(id)
	for _, i := range b.Issues {
		if i.ID == id {
			return i
		}
	}
	return nil
}

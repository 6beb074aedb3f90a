package meeting

import (
	"context"
	"fmt"
	"time"
)

// IssueAge is how long an issue has been on a series' list when a meeting
// sees it: the VOC minutes tell this week's issues from those carried from
// earlier weeks by it.
type IssueAge struct {
	Carried  bool // raised in an earlier meeting
	Days     int  // from the day it was raised to the meeting's day
	Meetings int  // meetings of the series it has been open in, this one included
}

// AgeOf returns issue i's age as meeting b.Meeting sees it.
func (b *Bundle) AgeOf(i *Issue) IssueAge {
	age := IssueAge{Carried: i.MeetingID != b.Meeting.ID, Meetings: 1}
	if n := b.Opened[i.ID]; n > 1 {
		age.Meetings = n
	}
	if !i.CreatedAt.IsZero() {
		raised := DateOf(i.CreatedAt.In(b.Meeting.CreatedAt.Location()))
		age.Days = max(raised.DaysUntil(b.Meeting.Date), 0)
	}
	return age
}

// DeepDived returns the issues meeting b.Meeting's deep-dive took up (this
// week's top N), by rank.
func (b *Bundle) DeepDived() []*Issue {
	var out []*Issue
	for _, i := range b.Issues {
		if i.DeepDivedIn(b.Meeting.ID) {
			out = append(out, i)
		}
	}
	return out
}

// openedIn counts, for each carried issue, the meetings of m's series it
// has been open in: from the meeting that raised it to m, both included.
func openedIn(ctx context.Context, s Tx, m *Meeting, issues []*Issue) (map[string]int, error) {
	carried := false
	for _, i := range issues {
		if i.MeetingID != m.ID {
			carried = true
		}
	}
	if !carried || m.SeriesID == "" {
		return nil, nil
	}
	ms, err := s.Meetings(ctx, MeetingFilter{SeriesID: m.SeriesID})
	if err != nil {
		return nil, fmt.Errorf("list the series' meetings: %w", err)
	}
	at := make(map[string]time.Time, len(ms))
	for _, x := range ms {
		at[x.ID] = x.CreatedAt
	}
	out := map[string]int{}
	for _, i := range issues {
		if i.MeetingID == m.ID {
			continue
		}
		from, ok := at[i.MeetingID]
		if !ok {
			from = i.CreatedAt
		}
		n := 0
		for _, x := range ms {
			if !x.CreatedAt.Before(from) && !x.CreatedAt.After(m.CreatedAt) {
				n++
			}
		}
		out[i.ID] = max(n, 1)
	}
	return out, nil
}

package meeting

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Motions, as Lucid Meetings runs them: the facilitator puts a decision to
// the room as a motion; each member votes in favour, against or abstains
// from their own terminal (one vote per person, however many sessions they
// have open; a new vote replaces their earlier one); the facilitator sees
// each vote, everyone sees the tally; closing the motion records the
// result and every vote in the decision's log entry, and in the ledger.

// Choice is a vote on a motion.
type Choice string

const (
	ChoiceFor     Choice = "for"
	ChoiceAgainst Choice = "against"
	ChoiceAbstain Choice = "abstain"
)

// ParseChoice accepts for/yes/aye, against/no/nay, abstain.
func ParseChoice(s string) (Choice, error) {
	switch lower(s) {
	case "for", "yes", "y", "aye", "in favour", "in favor":
		return ChoiceFor, nil
	case "against", "no", "n", "nay":
		return ChoiceAgainst, nil
	case "abstain", "a", "abstention":
		return ChoiceAbstain, nil
	}
	return "", Errorf(EINVALID, "vote %q is not for, against or abstain", clip(s))
}

// Results of a motion.
const (
	MotionCarried = "carried"
	MotionFailed  = "failed"
)

// MotionVote is one person's vote.
type MotionVote struct {
	Handle string    `json:"handle"`
	Name   string    `json:"name,omitempty"`
	Choice Choice    `json:"choice"`
	At     time.Time `json:"at"`
}

// Motion is a decision put to the room's vote, open until the facilitator
// closes it. It lives on the meeting while open.
type Motion struct {
	DecisionID string       `json:"decision_id"`
	Title      string       `json:"title"`
	OpenedBy   string       `json:"opened_by"`
	OpenedAt   time.Time    `json:"opened_at"`
	Votes      []MotionVote `json:"votes,omitempty"`
}

// MotionResult is a closed motion as the decision log keeps it.
type MotionResult struct {
	Result    string       `json:"result"` // carried or failed
	For       int          `json:"for"`
	Against   int          `json:"against"`
	Abstain   int          `json:"abstain"`
	Votes     []MotionVote `json:"votes"`
	MeetingID string       `json:"meeting_id,omitempty"`
	OpenedBy  string       `json:"opened_by"`
	OpenedAt  time.Time    `json:"opened_at"`
	ClosedBy  string       `json:"closed_by"`
	ClosedAt  time.Time    `json:"closed_at"`
}

// Tally counts the votes.
func (m *Motion) Tally() (yes, no, abstain int) { return tally(m.Votes) }

func tally(vs []MotionVote) (yes, no, abstain int) {
	for _, v := range vs {
		switch v.Choice {
		case ChoiceFor:
			yes++
		case ChoiceAgainst:
			no++
		case ChoiceAbstain:
			abstain++
		}
	}
	return yes, no, abstain
}

// VoteOf returns handle's vote, nil if none.
func (m *Motion) VoteOf(handle string) *MotionVote {
	for i := range m.Votes {
		if equalFold(m.Votes[i].Handle, handle) {
			return &m.Votes[i]
		}
	}
	return nil
}

// Clone returns a deep copy.
func (m *Motion) Clone() *Motion {
	if m == nil {
		return nil
	}
	c := *m
	c.Votes = slices.Clone(m.Votes)
	return &c
}

// cast records v, replacing the voter's earlier vote.
func (m *Motion) cast(v MotionVote) error {
	m.Votes = slices.DeleteFunc(m.Votes, func(x MotionVote) bool { return equalFold(x.Handle, v.Handle) })
	if len(m.Votes) >= MaxAttendees {
		return Errorf(EINVALID, "the motion already holds %d votes", MaxAttendees)
	}
	m.Votes = append(m.Votes, v)
	return nil
}

// close turns the motion into its result: carried when more voted for than
// against (abstentions count for neither), else failed. The votes are kept
// by handle.
func (m *Motion) close(meetingID, by string, now time.Time) *MotionResult {
	yes, no, abstain := m.Tally()
	res := MotionFailed
	if yes > no {
		res = MotionCarried
	}
	votes := slices.Clone(m.Votes)
	slices.SortStableFunc(votes, func(a, b MotionVote) int { return strings.Compare(lower(a.Handle), lower(b.Handle)) })
	return &MotionResult{Result: res, For: yes, Against: no, Abstain: abstain, Votes: votes,
		MeetingID: meetingID, OpenedBy: m.OpenedBy, OpenedAt: m.OpenedAt, ClosedBy: by, ClosedAt: now}
}

// Summary is "carried 3–1 (1 abstained)".
func (r *MotionResult) Summary() string {
	s := fmt.Sprintf("%s %d–%d", r.Result, r.For, r.Against)
	if r.Abstain > 0 {
		s += fmt.Sprintf(" (%d abstained)", r.Abstain)
	}
	return s
}

// VoteList is "Maria for, Bo against, Cy abstained".
func (r *MotionResult) VoteList() string {
	var out []string
	for _, v := range r.Votes {
		w := string(v.Choice)
		if v.Choice == ChoiceAbstain {
			w = "abstained"
		}
		out = append(out, or(v.Name, v.Handle)+" "+w)
	}
	return strings.Join(out, ", ")
}

func validVotes(c *check, vs []MotionVote) {
	c.count("votes", len(vs), MaxAttendees)
	seen := map[string]bool{}
	for _, v := range vs {
		c.handle("voter", v.Handle, true)
		c.line("voter's name", v.Name, MaxName, false)
		switch {
		case c.err != nil:
		case v.Choice != ChoiceFor && v.Choice != ChoiceAgainst && v.Choice != ChoiceAbstain:
			c.fail("vote %q is not for, against or abstain", clip(string(v.Choice)))
		case seen[lower(v.Handle)]:
			c.fail("%s voted twice on one motion", v.Handle)
		}
		seen[lower(v.Handle)] = true
	}
}

// Validate checks an open motion.
func (m *Motion) Validate() error {
	var c check
	if _, _, err := ParseDecisionID(m.DecisionID); err != nil {
		return err
	}
	c.line("motion title", m.Title, MaxLine, false)
	c.handle("opened by", m.OpenedBy, true)
	validVotes(&c, m.Votes)
	return c.err
}

// Validate checks a closed motion.
func (r *MotionResult) Validate() error {
	var c check
	if r.Result != MotionCarried && r.Result != MotionFailed {
		c.fail("motion result %q is not carried or failed", clip(r.Result))
	}
	validVotes(&c, r.Votes)
	if yes, no, abstain := tally(r.Votes); c.err == nil && (yes != r.For || no != r.Against || abstain != r.Abstain) {
		c.fail("a motion's tally does not match its votes")
	}
	c.ref("meeting", 'M', r.MeetingID)
	c.handle("opened by", r.OpenedBy, true)
	c.handle("closed by", r.ClosedBy, true)
	return c.err
}

package meeting

import (
	"fmt"
	"slices"
)

// Op is something a person can ask cxroom to do. Every door (the live
// room, the commands run locally or over SSH, a screen deciding which keys
// to offer) asks the one policy table below whether the person may; none
// keeps a rule of its own.
type Op string

// The operations, by where they happen.
const (
	// Seeing.
	OpSeeMeeting Op = "meeting.see"   // a meeting, its records and minutes (GUIDE: coach and coachees only)
	OpSeeNotes   Op = "guide.notes"   // GUIDE coaching notes (the coach's alone)
	OpStartGuide Op = "guide.start"   // start a GUIDE session as its coach
	OpStart      Op = "meeting.start" // start any other ritual

	// In a live room (the role is the room role: the meeting's facilitator
	// facilitates, a team facilitator who is not running it takes part).
	OpRunClock     Op = "room.clock"      // next/previous segment, pause, extend, end, walk
	OpHandOver     Op = "room.handover"   // give facilitation to someone present
	OpClaim        Op = "room.claim"      // take over a room whose facilitator left (team facilitators)
	OpFacilitate   Op = "room.facilitate" // be handed facilitation
	OpRaiseHand    Op = "room.hand"       // raise or lower a hand, show typing
	OpAddRecord    Op = "record.add"      // action, issue, decision, story, promise, proposal
	OpEditIssue    Op = "issue.edit"      // a VOC issue's evidence, impact, root cause; a systemic issue's chain
	OpVote         Op = "issue.vote"      // dot-vote
	OpRankIssue    Op = "issue.rank"      // move up/down the ranking
	OpResolveIssue Op = "issue.resolve"   // resolve or reopen
	OpEditPromise  Op = "promise.edit"    // audit a promise
	OpRecordHealth Op = "journey.health"  // this review's journey metrics (or the journey's owner)
	OpGuideAnswer  Op = "guide.answer"    // answer a GUIDE step (coach and coachees)
	OpGuideNotes   Op = "guide.write"     // write coaching notes (the coach)
	OpEditPipeline Op = "pipeline.edit"   // update an initiative's status or an experiment's details
	// OpDecideExperiment approves, defers or rejects a proposed experiment:
	// the facilitator or the journey's owner (the seed's journey owner has
	// the final decision on the journey's roadmap).
	OpDecideExperiment Op = "experiment.decide"

	// Records, in a room or between meetings.
	OpUpdateAction Op = "action.status" // change an action's status (its owner, or a facilitator)

	// Between meetings (the role is the team role).
	OpAddJourney     Op = "journey.add"
	OpEditJourney    Op = "journey.edit"   // owner
	OpJourneyTarget  Op = "journey.target" // a metric's target (also in a review of the journey)
	OpAddSeries      Op = "series.add"
	OpEditTeam       Op = "team.edit"
	OpBackup         Op = "data.backup"     // stream a backup over SSH
	OpEnterMetric    Op = "metric.enter"    // entered scorecard values, targets, overrides
	OpLogShadowing   Op = "shadowing.log"   // own customer-shadowing hours
	OpReviewDecision Op = "decision.review" // record what a decision actually did

	// Proof of what was decided (issue 15).
	OpSeeLedger    Op = "ledger.see"       // verify the ledger, export it and the allowed signers (the team, not guests)
	OpSignDecision Op = "decision.sign"    // sign a decision with one's own SSH key
	OpSignOff      Op = "decision.signoff" // put a decision up for sign-off in the room
	OpRunMotion    Op = "motion.run"       // open and close a motion on a decision
	OpVoteMotion   Op = "motion.vote"      // vote for, against or abstain
	// The executive layer (issue 14). An executive is a team member marked
	// executive in the team file; an observer stays read-only even when
	// marked, and guests (--open) see none of it.
	OpSeeExecutive Op = "executive.see" // board metrics and report, charters, at-risk accounts
	OpEnterBoard   Op = "board.enter"   // board metric figures and targets, the board brief
	OpEditCharter  Op = "charter.edit"  // charter an initiative, decide a go/no-go point
	OpEditAccount  Op = "account.edit"  // the at-risk accounts list
)

// Relation is how a person stands to the record an operation is about.
type Relation uint8

const (
	RelOwner        Relation = 1 << iota // owns the action
	RelCoach                             // coaches the GUIDE session
	RelCoachee                           // is coached in it
	RelJourneyOwner                      // owns the journey under review
	RelMaker                             // made the decision
)

// Subject describes the record an operation is about, as far as the
// policy needs: who owns it, who coaches and is coached, whether it is
// private. The zero Subject is a public record nobody owns.
type Subject struct {
	Owner        string   // an action's owner
	Coach        string   // a GUIDE session's coach
	Coachees     []string // its coachees
	JourneyOwner string
	Maker        string // a decision's maker
	Private      bool   // a private (GUIDE) meeting
	ID           string // for messages: "A12"
	OwnerName    string // for messages: "Ana Silva" (defaults to Owner)
	What         string // for messages: what was asked ("rank issues"); the op's own words when empty
}

// RelationOf returns every relation handle has to s.
func (s Subject) RelationOf(handle string) Relation {
	var r Relation
	if handle == "" {
		return 0
	}
	if s.Owner != "" && equalFold(handle, s.Owner) {
		r |= RelOwner
	}
	if s.Coach != "" && equalFold(handle, s.Coach) {
		r |= RelCoach
	}
	if slices.ContainsFunc(s.Coachees, func(c string) bool { return equalFold(c, handle) }) {
		r |= RelCoachee
	}
	if s.JourneyOwner != "" && equalFold(handle, s.JourneyOwner) {
		r |= RelJourneyOwner
	}
	if s.Maker != "" && equalFold(handle, s.Maker) {
		r |= RelMaker
	}
	return r
}

// rule is one row of the policy table: the roles that may always, the
// relations that also may (whatever the role, except where writers is
// set: then an observer never may), and the sentence for everyone else.
type rule struct {
	roles   []Role
	rels    Relation
	writers bool // the relations count only for roles that can write
	guests  bool // guests (--open) may, when their role and relation allow
	execs   bool // executives may too (members marked executive; never observers)
	public  bool // everyone may when the subject is not private
	signal  bool // a raised hand or "typing…": not a write; paced on its own budget
	deny    func(s Subject) string
}

func only(what string) func(Subject) string {
	return func(s Subject) string { return "only the facilitator can " + or(s.What, what) }
}

func watchers(what string) func(Subject) string {
	return func(s Subject) string { return "observers watch only; you cannot " + or(s.What, what) }
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var (
	fac     = []Role{RoleFacilitator}
	writers = []Role{RoleFacilitator, RoleMember}
)

// policy is the one table of who may do what. Roles are the room role in a
// live meeting and the team role between meetings.
var policy = map[Op]rule{
	OpSeeMeeting: {rels: RelCoach | RelCoachee, guests: true, public: true,
		deny: func(s Subject) string { return fmt.Sprintf("meeting %s does not exist", s.ID) }},
	OpSeeNotes: {rels: RelCoach, guests: true,
		deny: func(Subject) string { return "coaching notes are the coach's alone" }},
	OpStartGuide: {roles: writers, deny: func(Subject) string { return "observers and guests cannot start a coaching session" }},
	OpStart:      {roles: fac, deny: func(s Subject) string { return "only a facilitator can " + or(s.What, "start this ritual") }},

	OpRunClock:     {roles: fac, guests: true, deny: only("run the meeting's clock")},
	OpHandOver:     {roles: fac, guests: true, deny: only("hand over facilitation")},
	OpClaim:        {roles: fac, deny: func(Subject) string { return "only a team facilitator can take over the meeting" }},
	OpFacilitate:   {roles: writers, guests: true, deny: func(Subject) string { return "observers cannot facilitate" }},
	OpRaiseHand:    {roles: writers, guests: true, signal: true, deny: watchers("raise a hand")},
	OpAddRecord:    {roles: writers, guests: true, deny: watchers("add records")},
	OpEditIssue:    {roles: writers, guests: true, deny: watchers("edit issues")},
	OpVote:         {roles: writers, guests: true, deny: watchers("vote")},
	OpRankIssue:    {roles: fac, guests: true, deny: only("rank issues")},
	OpResolveIssue: {roles: fac, guests: true, deny: only("resolve issues")},
	OpEditPromise:  {roles: writers, guests: true, deny: watchers("audit promises")},
	OpRecordHealth: {roles: fac, rels: RelJourneyOwner, writers: true, guests: true,
		deny: func(s Subject) string {
			return fmt.Sprintf("only the facilitator or %s (the journey owner) can record its metrics", s.JourneyOwner)
		}},
	OpGuideAnswer: {rels: RelCoach | RelCoachee, guests: true,
		deny: func(Subject) string { return "only the coach and the coachees can answer" }},
	OpGuideNotes: {rels: RelCoach, guests: true,
		deny: func(Subject) string { return "coaching notes are the coach's alone" }},
	OpEditPipeline: {roles: writers, guests: true, deny: watchers("change the improvement pipeline")},
	OpDecideExperiment: {roles: fac, rels: RelJourneyOwner, writers: true, guests: true,
		deny: func(s Subject) string {
			return orOwner("only the facilitator", s.JourneyOwner, "decide on experiments")
		}},

	OpUpdateAction: {roles: fac, rels: RelOwner, writers: true, guests: true,
		deny: func(s Subject) string {
			name := s.OwnerName
			if name == "" {
				name = s.Owner
			}
			return fmt.Sprintf("only %s or a facilitator can update %s", name, s.ID)
		}},

	OpAddJourney:  {roles: fac, deny: func(Subject) string { return "only a facilitator can register journeys" }},
	OpEditJourney: {roles: fac, deny: func(Subject) string { return "only a facilitator can change a journey" }},
	OpJourneyTarget: {roles: fac, rels: RelJourneyOwner, writers: true, guests: true,
		deny: func(s Subject) string {
			return orOwner("only a facilitator", s.JourneyOwner, "change the journey's targets")
		}},
	OpAddSeries:      {roles: fac, deny: func(Subject) string { return "only a facilitator can schedule rituals" }},
	OpEditTeam:       {roles: fac, deny: func(Subject) string { return "only a facilitator can change the team" }},
	OpBackup:         {roles: fac, deny: func(Subject) string { return "only a facilitator can take a backup" }},
	OpEnterMetric:    {roles: fac, deny: func(Subject) string { return "only a facilitator can enter scorecard figures" }},
	OpLogShadowing:   {roles: writers, deny: func(Subject) string { return "observers and guests cannot log shadowing hours" }},
	OpReviewDecision: {roles: fac, rels: RelMaker, writers: true, deny: func(s Subject) string { return "only the decision's maker or a facilitator can review it" }},

	OpSeeLedger:    {roles: []Role{RoleFacilitator, RoleMember, RoleObserver}, deny: func(Subject) string { return "guests cannot read the ledger; it is the team's" }},
	OpSignDecision: {roles: writers, deny: func(Subject) string { return "observers and guests cannot sign decisions" }},
	OpSignOff:      {roles: fac, guests: true, deny: only("put decisions up for sign-off")},
	OpRunMotion:    {roles: fac, guests: true, deny: only("open and close motions")},
	OpVoteMotion:   {roles: writers, deny: func(Subject) string { return "observers and guests cannot vote on motions" }},
	OpSeeExecutive: {roles: []Role{RoleFacilitator, RoleMember, RoleObserver},
		deny: func(Subject) string {
			return "guests cannot see the executive layer (board metrics, charters, at-risk accounts)"
		}},
	OpEnterBoard:  {roles: fac, execs: true, deny: execOnly("enter board figures")},
	OpEditCharter: {roles: fac, execs: true, deny: execOnly("charter initiatives or decide their go/no-go points")},
	OpEditAccount: {roles: fac, execs: true, deny: execOnly("change the at-risk accounts")},
}

func execOnly(what string) func(Subject) string {
	return func(s Subject) string { return "only a facilitator or an executive can " + or(s.What, what) }
}

// orOwner is a refusal naming the journey's owner, who may too.
func orOwner(who, owner, what string) string {
	if owner == "" {
		return fmt.Sprintf("%s can %s (the journey has no owner)", who, what)
	}
	return fmt.Sprintf("%s or %s (the journey owner) can %s", who, owner, what)
}

// Ops lists every operation in the table, sorted.
func Ops() []Op {
	out := make([]Op, 0, len(policy))
	for op := range policy {
		out = append(out, op)
	}
	slices.Sort(out)
	return out
}

// Can reports whether a (with a.Role the role that applies where the
// operation happens) may do op on s.
func Can(a Actor, op Op, s Subject) bool {
	r, ok := policy[op]
	return ok && allowed(r, a, s) // Check's answer, without making its error
}

// Check returns nil when a may do op on s, else an EFORBIDDEN error with
// the sentence to show. An operation missing from the table is refused:
// a new door cannot forget its rule into an allow.
func Check(a Actor, op Op, s Subject) error {
	r, ok := policy[op]
	if !ok {
		return Errorf(EFORBIDDEN, "that is not something cxroom lets anyone do")
	}
	if allowed(r, a, s) {
		return nil
	}
	msg := r.deny(s)
	if op == OpSeeMeeting {
		// A private meeting is not there for anyone else: not found, not forbidden.
		return Errorf(ENOTFOUND, "%s", msg)
	}
	return Errorf(EFORBIDDEN, "%s", msg)
}

func allowed(r rule, a Actor, s Subject) bool {
	switch {
	case a.Guest && !r.guests, !a.Role.Valid():
		return false
	case r.public && !s.Private, slices.Contains(r.roles, a.Role):
		return true
	case r.execs && a.Executive && a.Role.canWrite():
		return true
	case r.rels != 0 && s.RelationOf(a.Handle)&r.rels != 0:
		return !r.writers || a.Role.canWrite()
	}
	return false
}

// Valid reports whether r is one of the team roles.
func (r Role) Valid() bool {
	return r == RoleFacilitator || r == RoleMember || r == RoleObserver
}

// canWrite reports whether the role adds records at all.
func (r Role) canWrite() bool { return r == RoleFacilitator || r == RoleMember }

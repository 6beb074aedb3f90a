package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"cxroom/meeting"
)

// refusal is a key this person may not use here, with the policy's
// sentence: pressing it says why, before any form opens.
type refusal struct {
	keys []string
	// what was refused, asked of the policy again when the key is pressed
	// (its sentence is not made on every change for every session): op on
	// the subject subs[sub] for the actor of enableKeys (refusedAs)
	op  meeting.Op
	sub int
	// asked with the person's team role, not their role in this room
	// (the executive layer's keys: the role the Service checks)
	team bool
}

// refusal subjects (roomScreen.refusedOn)
const (
	subNone = iota
	subWalk
	subJourney
)

// enableKeys turns on exactly the keys this person can use here, asking the
// policy table (meeting.Check) with their room role, so the help line is
// always true; keys the segment offers but the policy refuses are kept as
// refusals, to say why when pressed. The room enforces the same rules.
func (s *roomScreen) enableKeys() {
	if s.keysFor == s.snap {
		return // the same snapshot: the same keys (this runs on every frame)
	}
	s.keysFor = s.snap
	defer func() { s.keySigCache = s.computeKeySig() }()
	k := &s.keys
	seg := s.snap.Meeting.Segment()
	kind := primaryKind(seg)
	a := s.roomActor()
	s.refusals = s.refusals[:0]
	s.refusedAs = a
	s.refusedOn = [3]meeting.Subject{}
	// the policy's answers without a subject, asked once per operation
	var asked [8]struct {
		op meeting.Op
		ok bool
	}
	nAsked := 0
	// gate enables b when the segment offers it (offered) and the policy
	// allows it on the subject s.refusedOn[sub]; offered but refused, it is
	// remembered as a refusal.
	gate := func(b *key.Binding, offered bool, op meeting.Op, sub int) bool {
		ok, known := false, false
		if sub == subNone {
			for _, x := range asked[:nAsked] {
				if x.op == op {
					ok, known = x.ok, true
					break
				}
			}
		}
		if !known {
			ok = meeting.Can(a, op, s.refusedOn[sub])
			if sub == subNone && nAsked < len(asked) {
				asked[nAsked].op, asked[nAsked].ok = op, ok
				nAsked++
			}
		}
		b.SetEnabled(offered && ok)
		if offered && !ok {
			s.refusals = append(s.refusals, refusal{keys: b.Keys(), op: op, sub: sub})
		}
		return offered && ok
	}
	none := subNone

	// the walk of earlier actions: the outcome keys for whoever may update
	// the action under review (its owner, a facilitator); moving along the
	// walk is the facilitator's, also past its end, so it can be corrected
	carried := kind == meeting.KindReview && len(s.snap.Carried) > 0
	walk := s.snap.WalkAction()
	reviewing := false
	if kind == meeting.KindReview && walk != nil {
		s.refusedOn[subWalk] = actionSubject(walk, s.d.team())
		for _, b := range []*key.Binding{&k.Done, &k.OnTrack, &k.Blocked, &k.Escalated} {
			reviewing = gate(b, true, meeting.OpUpdateAction, subWalk)
		}
	} else {
		for _, b := range []*key.Binding{&k.Done, &k.OnTrack, &k.Blocked, &k.Escalated} {
			b.SetEnabled(false)
		}
	}
	gate(&k.WalkPrev, carried && s.snap.Meeting.Walk > 0, meeting.OpRunClock, none)
	gate(&k.WalkNext, carried && walk != nil, meeting.OpRunClock, none)

	for _, b := range []*key.Binding{&k.Next, &k.Pause, &k.Extend, &k.End} {
		gate(b, true, meeting.OpRunClock, none)
	}
	if reviewing {
		k.Prev.SetKeys("B")
		k.Prev.SetHelp("B", "previous segment")
		k.Decision.SetKeys("D")
		k.Decision.SetHelp("D", "decision")
	} else {
		k.Prev.SetKeys("b", "B")
		k.Prev.SetHelp("b", "previous segment")
		k.Decision.SetKeys("d", "D")
		k.Decision.SetHelp("d", "decision")
	}
	gate(&k.Prev, true, meeting.OpRunClock, none)
	gate(&k.HandOver, true, meeting.OpHandOver, none)

	issues := kind == meeting.KindIssues
	gate(&k.MoveUp, issues, meeting.OpRankIssue, none)
	gate(&k.MoveDown, issues, meeting.OpRankIssue, none)
	gate(&k.Resolve, issues, meeting.OpResolveIssue, none)
	gate(&k.Vote, issues, meeting.OpVote, none)
	guide := s.snap.Meeting.GuideID != ""
	gate(&k.Action, true, meeting.OpAddRecord, none)
	gate(&k.Decision, true, meeting.OpAddRecord, none)
	gate(&k.Issue, kind != meeting.KindPromises && kind != meeting.KindJourneys && !guide, meeting.OpAddRecord, none)
	gate(&k.Promise, kind == meeting.KindPromises, meeting.OpAddRecord, none)
	gate(&k.Story, !guide, meeting.OpAddRecord, none)
	write := gate(&k.Proposal, seg.Has(meeting.KindDecisions) && !guide, meeting.OpAddRecord, none) ||
		meeting.Can(a, meeting.OpAddRecord, meeting.Subject{})
	s.enablePipelineKeys(kind, write)
	k.Scorecard.SetEnabled(s.snap.Meeting.Agenda.ID == "qbr") // the QBR reviews the quarter's scorecard; anyone may read it
	gate(&k.Hand, true, meeting.OpRaiseHand, none)
	// the key says what it will do: in a town hall the viewer's own name
	// is often among those counted, and this is where they see their hand
	if s.snap.HandUp(a.Handle) {
		k.Hand.SetHelp("h", "lower hand ✋")
	} else {
		k.Hand.SetHelp("h", "raise hand")
	}
	status := kind == meeting.KindActions || kind == meeting.KindDecisions || kind == meeting.KindIssues || kind == meeting.KindPromises ||
		kind == meeting.KindJourneys || kind == meeting.KindPipeline
	statusOp := meeting.OpAddRecord
	switch kind {
	case meeting.KindIssues:
		statusOp = meeting.OpEditIssue
	case meeting.KindPromises:
		statusOp = meeting.OpEditPromise
	}
	gate(&k.Status, status, statusOp, none)

	j := s.snap.Journey
	if j != nil {
		s.refusedOn[subJourney] = meeting.Subject{JourneyOwner: j.Owner}
		gate(&k.Metrics, kind == meeting.KindMetrics, meeting.OpRecordHealth, subJourney)
	} else {
		k.Metrics.SetEnabled(false)
	}
	coach := s.snap.GuideFor(s.d.Actor.Handle) != nil
	k.Answer.SetEnabled(kind == meeting.KindGuide && coach)
	k.Notes.SetEnabled(kind == meeting.KindNotes && coach && s.isCoach())
	k.History.SetEnabled(guide && coach)
	s.enableExecKeys(kind)
	s.enableProofKeys()
}

// refused returns why the key pressed is not this person's to use here, or
// nil when it is no key the room offers them.
func (s *roomScreen) refused(msg string) error {
	for _, r := range s.refusals {
		if slices.Contains(r.keys, msg) {
			if r.team {
				return meeting.Check(s.d.Actor, r.op, s.refusedOn[r.sub])
			}
			return meeting.Check(s.refusedAs, r.op, s.refusedOn[r.sub])
		}
	}
	return nil
}

// actionSubject describes an action to the policy: its owner, by name.
func actionSubject(x *meeting.Action, team *meeting.Team) meeting.Subject {
	sub := meeting.Subject{Owner: x.Owner, ID: x.ID, OwnerName: x.Owner}
	if x.External {
		sub.Owner = "" // a name, not anyone's handle
	} else if team != nil {
		sub.OwnerName = team.Display(x.Owner)
	}
	return sub
}

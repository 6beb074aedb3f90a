package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// The room's proof of what was decided: the facilitator puts a decision to
// a vote (V) or up for sign-off (G); members vote from their own terminals
// (Y for, N against, A abstain); everyone sees the tally and who has
// signed, the facilitator each vote.

// proofTarget is the decision V and G act on: the selected one in a
// decisions pane, else the meeting's latest.
func (s *roomScreen) proofTarget() *meeting.Decision {
	ds := s.snap.Decisions
	if primaryKind(s.snap.Meeting.Segment()) == meeting.KindDecisions && s.sel < len(ds) {
		return ds[s.sel]
	}
	if len(ds) == 0 {
		return nil
	}
	return ds[len(ds)-1]
}

func (s *roomScreen) enableProofKeys() {
	k := &s.keys
	a := s.d.Actor
	m := s.snap.Meeting
	target := s.proofTarget()
	open := m.Motion != nil
	k.Motion.SetEnabled(s.snap.Can(a, meeting.OpRunMotion, meeting.Subject{}) && (open || target != nil && target.Motion == nil))
	if open {
		k.Motion.SetHelp("V", "close the motion")
	} else {
		k.Motion.SetHelp("V", "put to a vote")
	}
	k.SignOff.SetEnabled(s.snap.Can(a, meeting.OpSignOff, meeting.Subject{}) && (m.SignOff != "" || target != nil))
	if m.SignOff != "" {
		k.SignOff.SetHelp("G", "end the sign-off")
	} else {
		k.SignOff.SetHelp("G", "up for sign-off")
	}
	vote := open && s.snap.Can(a, meeting.OpVoteMotion, meeting.Subject{})
	for _, b := range []*key.Binding{&k.VoteFor, &k.VoteAgainst, &k.Abstain} {
		b.SetEnabled(vote)
	}
}

// proofKey handles the proof keys; ok reports that msg was one.
func (s *roomScreen) proofKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := s.keys
	r, a := s.room, s.d.Actor
	on := func(b key.Binding) bool { return b.Enabled() && key.Matches(msg, b) }
	vote := func(c meeting.Choice, said string) tea.Cmd {
		return s.run("you voted "+said, func(ctx context.Context) error { return r.CastVote(ctx, a, c) })
	}
	switch {
	case on(k.VoteFor):
		return vote(meeting.ChoiceFor, "for"), true
	case on(k.VoteAgainst):
		return vote(meeting.ChoiceAgainst, "against"), true
	case on(k.Abstain):
		return vote(meeting.ChoiceAbstain, "to abstain"), true
	case on(k.Motion):
		if mo := s.snap.Meeting.Motion; mo != nil {
			yes, no, abstain := mo.Tally()
			s.ask = &question{text: fmt.Sprintf("Close the motion on %s (%d for, %d against, %d abstained) and record the result? y/n", mo.DecisionID, yes, no, abstain),
				yes: func() tea.Cmd {
					return s.run("", func(ctx context.Context) error { _, err := r.CloseMotion(ctx, a); return err })
				}}
			return nil, true
		}
		d := s.proofTarget()
		return s.run("", func(ctx context.Context) error { return r.OpenMotion(ctx, a, d.ID) }), true
	case on(k.SignOff):
		id := ""
		if s.snap.Meeting.SignOff == "" {
			id = s.proofTarget().ID
		}
		return s.run("", func(ctx context.Context) error { return r.SignOff(ctx, a, id) }), true
	}
	return nil, false
}

// proofPanel is the open motion and the decision up for sign-off, a few
// lines above the footer; "" when there is neither.
func (s *roomScreen) proofPanel(w int) string {
	var lines []string
	if mo := s.snap.Meeting.Motion; mo != nil {
		lines = append(lines, s.motionLines(mo)...)
	}
	if d := s.snap.SignOffDecision(); d != nil {
		lines = append(lines, s.signOffLines(d)...)
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(lines, "\n")
}

func (s *roomScreen) motionLines(mo *meeting.Motion) []string {
	st := s.st
	yes, no, abstain := mo.Tally()
	var waiting []string
	for _, p := range s.snap.Voters() {
		if mo.VoteOf(p.Handle) == nil {
			waiting = append(waiting, p.Name)
		}
	}
	tally := fmt.Sprintf("%d for · %d against · %d abstained", yes, no, abstain)
	if len(waiting) > 0 {
		tally += fmt.Sprintf(" · %d yet to vote", len(waiting))
	}
	head := st.Warn.Render("Motion on "+mo.DecisionID+": ") + mo.Title + st.Subtle.Render(" — ") + st.Accent.Render(tally)
	var detail string
	switch {
	case s.snap.Can(s.d.Actor, meeting.OpRunMotion, meeting.Subject{}):
		// the facilitator sees each vote
		var votes []string
		for _, v := range mo.Votes {
			votes = append(votes, v.Name+" "+string(v.Choice))
		}
		slices.Sort(votes)
		detail = "votes: " + or(strings.Join(votes, " · "), "none yet")
		if len(waiting) > 0 {
			detail += " · waiting for " + strings.Join(waiting, ", ")
		}
		detail += " · V closes it"
	case s.snap.Can(s.d.Actor, meeting.OpVoteMotion, meeting.Subject{}):
		mine := "not yet"
		if v := mo.VoteOf(s.d.Actor.Handle); v != nil {
			mine = string(v.Choice)
		}
		detail = "your vote: " + mine + " · Y for · N against · A abstain (you can change it until it closes)"
	default:
		detail = "observers and guests watch the vote"
	}
	return []string{head, "  " + st.Subtle.Render(detail)}
}

func (s *roomScreen) signOffLines(d *meeting.Decision) []string {
	st := s.st
	signed := d.SignedLine()
	current := "sha256:" + d.ContentHash()
	signedNow := func(h string) bool { sig := d.SignatureOf(h); return sig != nil && sig.Digest == current }
	var waiting []string
	for _, p := range s.snap.Voters() {
		if !signedNow(p.Handle) {
			waiting = append(waiting, p.Name)
		}
	}
	status := or(signed, "nobody has signed yet")
	if len(waiting) > 0 {
		status += " · waiting for " + strings.Join(waiting, ", ")
	}
	lines := []string{st.Warn.Render("Sign-off "+d.ID+": ") + d.Title, "  " + st.OK.Render(status)}
	if s.snap.Can(s.d.Actor, meeting.OpSignDecision, meeting.Subject{}) && !signedNow(s.d.Actor.Handle) {
		join := joinHint(s.d.SSHAddr)
		lines = append(lines,
			"  "+st.Subtle.Render(fmt.Sprintf("to sign: %s decisions digest %s > d.txt && ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n %s d.txt",
				join, d.ID, meeting.DecisionNamespace)),
			"  "+st.Subtle.Render(fmt.Sprintf("  then: %s decisions sign %s < d.txt.sig", join, d.ID)))
	}
	return lines
}

// proofTag is a decision row's motion result and signature count:
// " · motion carried 3–1 · 2 signed".
func proofTag(st *Styles, d *meeting.Decision) string {
	var tags []string
	if d.Motion != nil {
		tags = append(tags, "motion "+d.Motion.Summary())
	}
	if n := len(d.Signers()); n > 0 {
		tags = append(tags, fmt.Sprintf("%d signed", n))
	}
	if len(tags) == 0 {
		return ""
	}
	return st.Subtle.Render(" · " + strings.Join(tags, " · "))
}

// vocLoopMeta adds an issue's closed-loop facts to its row in the triage
// list: its response clock (age, days left to act) and the reopens; flag
// is what must stand out: no action within the clock.
func vocLoopMeta(is *meeting.Issue, meta []string, now time.Time) ([]string, string) {
	if is.ReopenOf != "" {
		meta = append(meta, "reopen of "+is.ReopenOf)
	}
	if is.Reopens > 0 {
		meta = append(meta, fmt.Sprintf("came back %d×", is.Reopens))
	}
	if is.Resolved {
		return meta, ""
	}
	if is.PastClock(now) {
		return meta, fmt.Sprintf("⚑ %dd old, no action in %d days", is.Response(now).Age, meeting.ResponseDays)
	}
	return append(meta, is.Response(now).String()), ""
}

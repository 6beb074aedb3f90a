package report

import (
	"cxroom/meeting"
)

// writeProof adds to a decision-log entry how the decision was reached and
// who vouches for it: the motion's result and votes, and "signed by Maria,
// Ana (2 of 4 present)" from the signatures made with their own SSH keys.
func writeProof(w *mdWriter, d *meeting.Decision, team *meeting.Team) {
	if m := d.Motion; m != nil {
		w.blank()
		line := "**Motion:** " + mdText(m.Summary())
		if votes := m.VoteList(); votes != "" {
			line += " — " + mdText(votes)
		}
		if !m.ClosedAt.IsZero() {
			line += " (closed by " + mdText(personName(team, m.ClosedBy)) + " on " + m.ClosedAt.Format("2006-01-02") + ")"
		}
		w.line(line)
	}
	if s := d.SignedLine(); s != "" {
		w.blank()
		w.line("**Signatures:** " + mdText(s) + " — SSH signatures, checkable with `ssh-keygen -Y verify`")
	}
}

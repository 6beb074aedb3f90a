package report

import (
	"strings"
	"testing"
	"time"

	"cxroom/meeting"
)

// The minutes and the decision log say how a decision was reached (the
// motion, its votes) and who signed it of those present; the triage
// flags the issues past their 30-day response clock, the reopens and the
// evidence that a fix worked.
func TestMinutesProof(t *testing.T) {
	b := mnVocBundle(t)
	d := b.Decisions[0]
	d.Present = []string{"maria", "sam"}
	d.Signatures = []meeting.DecisionSignature{{Handle: "sam", Name: "Sam Chen", Key: "SHA256:x", PublicKey: "ssh-ed25519 AAAA",
		Digest: "sha256:" + d.ContentHash(), Signature: "-----BEGIN SSH SIGNATURE-----\nAA==\n-----END SSH SIGNATURE-----\n", At: mnAt(60)}}
	d.Motion = &meeting.MotionResult{Result: meeting.MotionCarried, For: 1, Against: 0, Abstain: 1, ClosedBy: "maria", ClosedAt: mnAt(61),
		Votes: []meeting.MotionVote{{Handle: "priya", Name: "Priya K", Choice: meeting.ChoiceAbstain}, {Handle: "sam", Name: "Sam Chen", Choice: meeting.ChoiceFor}}}
	old := b.Issues[3] // I5: carried, raised a week earlier
	old.CreatedAt = b.Meeting.CreatedAt.Add(-40 * 24 * time.Hour)
	old.FirstActionAt = time.Time{}
	b.Issues[0].ReopenOf = "I9"
	b.Issues[0].FixStat = "iOS failures 12% → 0.4%"
	out := Minutes(b, mnTeam(), mnAt(70))
	for _, want := range []string{
		"**Motion:** carried 1–0 (1 abstained) — Priya K abstained, Sam Chen for (closed by Maria Lopez on 2026-11-24)",
		"**Signatures:** signed by Sam Chen (1 of 2 present) — SSH signatures, checkable with `ssh-keygen -Y verify`",
		"(I5) — deep-dived in an earlier meeting, carried, **no action in 30 days**",
		"(I1) — deep-dived this meeting, a reopen of I9",
		"   - The fix worked: stat: iOS failures 12% → 0.4%; customer: _not recorded_",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("minutes lack %q", want)
		}
	}
	if log := DecisionsMarkdown([]*meeting.Decision{d}, mnTeam()); !strings.Contains(log, "signed by Sam Chen (1 of 2 present)") {
		t.Errorf("decision log:\n%s", log)
	}
	// a signature over an earlier version does not count
	d.Decision += " (amended)"
	if out := Minutes(b, mnTeam(), mnAt(70)); strings.Contains(out, "**Signatures:**") {
		t.Error("a signature over an earlier version still counts")
	}
}

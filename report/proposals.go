package report

import (
	"cxroom/meeting"
)

// ---- proposals (the seed's "Customer Story + Metric Hypothesis") ----

// writeProposal renders one pitch as the seed's proposal template.
func writeProposal(w *mdWriter, p *meeting.Proposal, team *meeting.Team) {
	w.heading(2, "Proposal: "+mdText(p.Title))
	w.linef("**Proposal ID:** %s · **Date:** %s · **Proposed by:** %s", mdOr(p.ID), mdOr(string(p.Date)), mdOr(personName(team, p.ProposedBy)))
	w.blank()
	w.heading(3, "Customer Story")
	if !p.HasCustomerStory() {
		w.line("_No customer story: the pitch does not say whose goal meets which friction today._")
		w.blank()
	}
	w.fields("**Who:** "+mdOr(p.Who), "**Goal:** "+mdOr(p.Goal),
		"**Current Experience:** "+mdOr(p.Current), "**Proposed Experience:** "+mdOr(p.Proposed))
	w.blank()
	w.line("**Real Example:**" + hardBreak)
	switch {
	case p.Example != "":
		w.line(quoted(p.Example))
	case p.StoryID != "":
		w.line("Story " + mdText(p.StoryID) + " of the story library")
	default:
		w.line(notRecorded)
	}
	if p.Example != "" && p.StoryID != "" {
		w.blank()
		w.line("(Story " + mdText(p.StoryID) + " of the story library)")
	}
	w.blank()
	w.heading(3, "Metric Hypothesis")
	w.linef("- **Primary Metric:** %s", mdOr(p.Metric))
	w.linef("- **Expected Change:** %s", mdOr(p.Change))
	w.linef("- **Timeframe:** %s", mdOr(p.Timeframe))
	w.linef("- **Secondary Impact:** %s", mdOr(p.Secondary))
	w.blank()
	w.heading(3, "Validation Plan")
	w.line(blockOr(p.Validation))
	w.blank()
}

// ProposalsMarkdown renders proposals as the seed's proposal template;
// team (which may be nil) turns handles into names.
func ProposalsMarkdown(ps []*meeting.Proposal, team *meeting.Team) string {
	w := &mdWriter{}
	w.heading(1, "Proposals")
	if len(ps) == 0 {
		w.line("_No proposals recorded._")
	}
	for _, p := range ps {
		writeProposal(w, p, team)
	}
	return w.String()
}

package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"cxroom/meeting"
)

// owners suggests owners: the handles and names of the team and of whoever
// joined the meeting without being on it, so tab completes "Ana" to "Ana
// Silva" as well as "an" to "ana". The room keeps the list (a town hall's
// is hundreds of names; every form with an owner asks).
func (s *roomScreen) owners() []string { return s.room.Owners().Suggestions() }

// ownerPreview says whom an owner typed so far names: a team member, someone
// outside the team (+Name), or why it would be refused.
func (s *roomScreen) ownerPreview(v string) string {
	if strings.TrimSpace(v) == "" {
		return "a handle or a name from the team; +Name for someone outside it"
	}
	return s.room.Owners().Describe(v)
}

// duePreview says which day a due date means as it is typed.
func (s *roomScreen) duePreview(v string) string {
	if strings.TrimSpace(v) == "" {
		return "2026-12-04, today, tomorrow, fri, +3d, +2w"
	}
	now := s.d.now()
	d, err := meeting.ParseDue(v, now)
	if err != nil {
		return meeting.ErrorMessage(err)
	}
	return "→ " + d.Time(now.Location()).Format("Mon 2 Jan 2006")
}

func (s *roomScreen) actionForm() *form {
	var issueID string
	if seg := s.snap.Meeting.Segment(); seg.Top > 0 {
		if is := s.selectedIssue(); is != nil {
			issueID = is.ID
		}
	}
	return s.actionFormFor(issueID)
}

// actionFormFor is the action form, as the next step of issue issueID
// when it is not empty.
func (s *roomScreen) actionFormFor(issueID string) *form {
	r, a := s.room, s.d.Actor
	title := "New action"
	if is := s.snap.Issue(issueID); is != nil {
		title = fmt.Sprintf("Next step for %s: %s", is.ID, is.Title)
	}
	if s.snap.Meeting.GuideID != "" {
		title = "Next step"
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		x, err := r.AddAction(ctx, a, meeting.ActionInput{Text: v["text"], Owner: v["owner"], Due: v["due"], IssueID: issueID})
		if err != nil {
			return "", err
		}
		notice := fmt.Sprintf("saved %s: %s (%s, due %s)", x.ID, x.Text, x.OwnerLabel(), x.Due)
		if w := x.OwnerWarning(); w != "" {
			notice += " · ⚠ " + w
		}
		return notice, nil
	}))
	f.target = issueID
	f.add("text", "Action", required(), placeholder("what will be done"))
	f.add("owner", "Owner", required(), suggest(s.owners()), previewWith(s.ownerPreview), placeholder("handle or name (tab completes)"))
	f.add("due", "Due", required(), previewWith(s.duePreview), placeholder("fri, +1w, 2026-12-04"))
	return f
}

func (s *roomScreen) statusForm(x *meeting.Action) *form {
	r, a := s.room, s.d.Actor
	var names []string
	for _, st := range meeting.Statuses {
		names = append(names, string(st))
	}
	f := newForm(s.st, fmt.Sprintf("%s: %s", x.ID, x.Text), s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		st, err := meeting.ParseStatus(v["status"])
		if err != nil {
			return "", err
		}
		y, err := r.SetActionStatus(ctx, a, x.ID, st, v["note"])
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is now %s", y.ID, y.Status), nil
	}))
	f.target = x.ID
	f.add("status", "Status", choices(names...), chosen(string(x.Status)))
	f.add("note", "Note", placeholder("blocked: what unblocks it · escalated: to whom"))
	return f
}

func (s *roomScreen) reviewForm(outcome, label string) *form {
	x := s.snap.WalkAction()
	r, a := s.room, s.d.Actor
	f := newForm(s.st, fmt.Sprintf("%s %s: %s", strings.ToUpper(outcome[:1])+outcome[1:], x.ID, x.Text), s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		_, err := r.Review(ctx, a, x.ID, outcome, v["note"])
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s: %s", x.ID, outcome), nil
	}))
	f.target = x.ID
	opts := []fieldOpt{required()}
	if outcome == meeting.OutcomeEscalated {
		opts = append(opts, suggest(s.owners()))
	}
	f.add("note", label, opts...)
	return f
}

// onTrackForm asks to confirm the due date of the action under review, or
// to move it: "on track" is a promise about a date.
func (s *roomScreen) onTrackForm() *form {
	x := s.snap.WalkAction()
	r, a := s.room, s.d.Actor
	f := newForm(s.st, fmt.Sprintf("On track %s: %s", x.ID, x.Text), s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		y, err := r.ReviewOnTrack(ctx, a, x.ID, v["due"])
		if err != nil {
			return "", err
		}
		if y.Due == x.Due {
			return fmt.Sprintf("%s: on track, due %s confirmed", y.ID, y.Due), nil
		}
		return fmt.Sprintf("%s: on track, now due %s", y.ID, y.Due), nil
	}))
	f.target = x.ID
	f.add("due", "Due", required(), value(string(x.Due)), previewWith(s.duePreview), placeholder("confirm, or a new date: fri, +1w"))
	return f
}

func (s *roomScreen) issueForm(is *meeting.Issue) *form {
	r, a := s.room, s.d.Actor
	title := "New VOC issue"
	editing := is != nil
	if editing {
		title = fmt.Sprintf("%s: %s", is.ID, is.Title)
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.IssueInput{Title: v["title"], Theme: v["theme"], Signal: v["signal"], Story: v["story"], Stat: v["stat"],
			Impact: v["impact"], RootCause: v["root"], FixStat: v["fix_stat"], FixQuote: v["fix_quote"]}
		if in.Signal == "none" {
			in.Signal = ""
		}
		if !editing {
			x, err := r.AddIssue(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "raised " + x.ID, nil
		}
		x, err := r.EditIssue(ctx, a, is.ID, in)
		if err != nil {
			return "", err
		}
		return "updated " + x.ID, nil
	}))
	get := func(v string) fieldOpt { return value(v) }
	if editing {
		f.target = is.ID
	}
	if !editing {
		is = &meeting.Issue{}
		f.add("title", "Issue", required(), placeholder("what customers are running into"))
	} else {
		f.add("title", "Issue", get(is.Title))
	}
	sig := string(is.Signal)
	if sig == "" {
		sig = "none"
	}
	f.add("theme", "Theme", get(is.Theme), placeholder("e.g. billing, onboarding"))
	f.add("signal", "Signal", choices("none", string(meeting.SignalSpike), string(meeting.SignalSentiment), string(meeting.SignalNewTheme)), chosen(sig))
	f.add("story", "Story", get(is.Story), placeholder("a customer's words: the evidence"))
	f.add("stat", "Stat", get(is.Stat), placeholder("how many, how often: the scope"))
	if s.snap.Meeting.Segment().Top > 0 || editing {
		// the owner and next step are an action (a on the issue): an owner,
		// a due date, and a status the tracker follows
		f.add("impact", "Impact", get(is.Impact))
		f.add("root", "Root cause", get(is.RootCause))
	}
	if editing { // the closed loop: resolving needs the evidence that the fix worked
		f.add("fix_stat", "Worked: stat", get(is.FixStat), placeholder("a stat after the fix"))
		f.add("fix_quote", "Worked: words", get(is.FixQuote), placeholder("or a customer's words after the fix"))
	}
	return f
}

func (s *roomScreen) decisionForm() *form {
	r, a := s.room, s.d.Actor
	f := newForm(s.st, "Decision log entry", s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.DecisionInput{Decision: v["decision"], Title: v["title"], MadeBy: v["made_by"], MadeByRole: v["role"],
			Major: v["major"] == "yes", Context: v["context"], Options: meeting.ParseOptions(v["options"]), Rationale: v["rationale"],
			Customer: v["customer"], Business: v["business"], Metrics: v["metrics"], CustomerStory: v["story"],
			ReviewDate: v["review"], CommunicatedTo: v["comms"], Owner: v["owner"], Deadline: v["deadline"]}
		if k := v["kind"]; k != "none" {
			in.Kind = k
		}
		x, err := r.AddDecision(ctx, a, in)
		if err != nil {
			return "", err
		}
		return "recorded decision " + x.ID, nil
	}))
	f.add("decision", "Decision", required(), placeholder("what we chose and will do"))
	f.add("title", "Title", placeholder("one line (default: the decision)"))
	f.add("made_by", "Made by", suggest(s.owners()), placeholder("you; or a handle, or a name outside the team"))
	f.add("role", "Role", placeholder("e.g. Head of CX, CX Leader + CFO"))
	f.add("major", "Major decision", choices("no", "yes"))
	f.add("context", "Context", placeholder("what prompted it"))
	f.add("options", "Options", multiline(4),
		placeholder("one option a line, then its parts:\nPause the banner\npros: …\ncons: …\ncustomer: …"))
	f.add("rationale", "Rationale", placeholder("why: customer evidence, impact, constraints"))
	f.add("customer", "Customer impact")
	f.add("business", "Business impact")
	f.add("metrics", "Metrics", placeholder("what we'll track"))
	f.add("story", "Customer story", placeholder("the story behind it: S12 or a line"))
	f.add("review", "Review date", previewWith(s.duePreview), placeholder("+4w, 2027-01-15"))
	f.add("kind", "Kind", choices("none", string(meeting.DecisionApproved), string(meeting.DecisionDeferred), string(meeting.DecisionBlocker)))
	f.add("owner", "Owner", suggest(s.owners()), placeholder("approved: who does it · blocker: who resolves"))
	f.add("deadline", "Deadline", previewWith(s.duePreview))
	f.add("comms", "Shared with", placeholder("comma-separated stakeholders"))
	return f
}

func (s *roomScreen) storyForm() *form {
	r, a := s.room, s.d.Actor
	f := newForm(s.st, "Customer story", s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		x, err := r.AddStory(ctx, a, meeting.StoryInput{Quote: v["quote"], Context: v["context"], Stage: v["stage"],
			Theme: v["theme"], Impact: v["impact"], Learning: v["learning"], Status: v["status"]})
		if err != nil {
			return "", err
		}
		return "saved story " + x.ID + " to the library", nil
	}))
	f.add("quote", "Quote", required(), placeholder("the customer's own words"))
	f.add("context", "Context", placeholder("situation and goal"))
	f.add("stage", "Journey stage", placeholder("e.g. Onboarding → Account setup"))
	f.add("theme", "Theme")
	f.add("impact", "Impact", placeholder("business consequence"))
	f.add("learning", "Learning", placeholder("key insight"))
	f.add("status", "Status", placeholder("fix progress"))
	return f
}

func (s *roomScreen) promiseForm(p *meeting.Promise) *form {
	r, a := s.room, s.d.Actor
	title := "Promise"
	editing := p != nil
	if editing {
		title = fmt.Sprintf("%s: %s", p.ID, p.Promise)
	}
	f := newForm(s.st, title, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		in := meeting.PromiseInput{Promise: v["promise"], Source: v["source"], Evidence: v["evidence"], Reality: v["reality"],
			KeepRate: v["rate"], Gap: v["gap"], Owner: v["owner"], Promised: v["promised"], Measured: v["measured"]}
		if v["action"] != "undecided" {
			in.Action = v["action"]
		}
		if !editing {
			x, err := r.AddPromise(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "added " + x.ID, nil
		}
		x, err := r.EditPromise(ctx, a, p.ID, in)
		if err != nil {
			return "", err
		}
		return "updated " + x.ID, nil
	}))
	if !editing {
		p = &meeting.Promise{KeepRate: -1}
		f.add("promise", "Promise", required(), placeholder(`e.g. "24/7 support"`))
	} else {
		f.add("promise", "Promise", value(p.Promise))
	}
	rate := ""
	if p.KeepRate >= 0 {
		rate = fmt.Sprint(p.KeepRate)
	}
	act := string(p.Action)
	if act == "" {
		act = "undecided"
	}
	promised, measured := "", ""
	if p.Promised != nil {
		promised = p.Promised.String()
	}
	if p.Measured != nil {
		measured = p.Measured.String()
	}
	f.add("source", "Source", value(p.Source), placeholder("marketing, product, service"))
	f.add("evidence", "Evidence", value(p.Evidence), placeholder("support data, journey metrics, feedback"))
	f.add("reality", "Reality", value(p.Reality))
	f.add("rate", "Keep rate %", value(rate), placeholder("% of time delivered"))
	f.add("promised", "Promised", value(promised), placeholder("the promise's terms: ≤ 5 min, ≥ 30 days"))
	f.add("measured", "Measured", value(measured), placeholder("what reality delivers: 12 min"))
	f.add("gap", "Gap", value(p.Gap))
	f.add("action", "Action", choices("undecided", string(meeting.PromiseFix), string(meeting.PromiseRevise), string(meeting.PromiseRetire), string(meeting.PromiseKeep)), chosen(act))
	f.add("owner", "Owner", value(p.Owner), suggest(s.owners()))
	return f
}

func (s *roomScreen) metricsForm() *form {
	r, a := s.room, s.d.Actor
	j := s.snap.Journey
	f := newForm(s.st, "This period's values: "+j.Name, s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		if err := r.RecordMetrics(ctx, a, v); err != nil {
			return "", err
		}
		return "recorded " + j.Name + "'s metrics", nil
	}))
	for _, h := range j.Health() {
		hint := fmt.Sprintf("target %s%g%s", targetSign(h.Metric), h.Metric.Target, h.Metric.Unit)
		if h.HasValue {
			hint = fmt.Sprintf("last %g%s · %s", h.Current, h.Metric.Unit, hint)
		}
		f.add(h.Metric.Key, h.Metric.Name, placeholder(hint))
	}
	return f
}

func targetSign(m meeting.Metric) string {
	if m.LowerIsBetter {
		return "≤"
	}
	return "≥"
}

func (s *roomScreen) answerForm(seg meeting.Segment) *form {
	r, a := s.room, s.d.Actor
	i := seg.GuideStep()
	g := s.snap.GuideFor(a.Handle)
	step := meeting.GuideSteps[max(i, 0)]
	f := newForm(s.st, fmt.Sprintf("%s — %s: “%s”", step.Letter, step.Name, step.Question), s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		if err := r.GuideAnswer(ctx, a, i, v["answer"]); err != nil {
			return "", err
		}
		return "answer saved", nil
	}))
	cur := ""
	if g != nil && i >= 0 {
		cur = g.Answers[i]
	}
	f.target = strconv.Itoa(i)
	f.add("answer", "Answer", multiline(6), value(cur), placeholder("the team member's response"))
	return f
}

func (s *roomScreen) notesForm() *form {
	r, a := s.room, s.d.Actor
	g := s.snap.GuideFor(a.Handle)
	f := newForm(s.st, "Coaching notes (private: only you see them)", s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		if err := r.GuideNotes(ctx, a, v["notes"]); err != nil {
			return "", err
		}
		return "notes saved", nil
	}))
	cur := ""
	if g != nil {
		cur = g.Notes
	}
	f.add("notes", "Notes", multiline(8), value(cur), placeholder("what went well, what to work on, development areas"))
	return f
}

func (s *roomScreen) handOverForm() *form {
	r, a := s.room, s.d.Actor
	var here []string
	for _, p := range s.snap.People {
		if p.Handle != a.Handle && meeting.Can(p.Actor, meeting.OpFacilitate, meeting.Subject{}) {
			here = append(here, p.Handle)
		}
	}
	f := newForm(s.st, "Hand facilitation to", s.submitForm(func(ctx context.Context, v map[string]string) (string, error) {
		h := meeting.CleanOwner(v["handle"])
		if err := r.HandOver(ctx, a, h); err != nil {
			return "", err
		}
		// no notice of our own: "✓ ana is facilitating now" would stay after
		// facilitation came back; the room's line says who facilitates now
		return "", nil
	}))
	f.add("handle", "Participant", required(), suggest(here), placeholder(strings.Join(here, ", ")))
	return f
}

package demo

import (
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"

	"cxroom/meeting"
)

// The organisation's data is demo.yaml; this file is its schema. Days and
// times are relative: the plan (plan.go) puts every meeting on a day counted
// back from today, and the fields here place things within a meeting or
// after it.

//go:embed demo.yaml
var orgYAML []byte

type orgData struct {
	Team     []meeting.Member `yaml:"team"`
	Journeys []journeyData    `yaml:"journeys"`
	Series   struct {
		Triage seriesData `yaml:"triage"`
		Review seriesData `yaml:"review"`
		Audit  seriesData `yaml:"audit"`
	} `yaml:"series"`
	Triage    []weekData     `yaml:"triage"`
	Reviews   []reviewData   `yaml:"reviews"`
	Guides    []guideData    `yaml:"guides"`
	Audit     auditData      `yaml:"audit"`
	Outside   []outsideData  `yaml:"outside"`
	Reviewed  []reviewedData `yaml:"decision_reviews"`
	Shadowing []shadowData   `yaml:"shadowing"`
	Scorecard scorecardData  `yaml:"scorecard"`
	Executive executiveData  `yaml:"executive"` // demo/executive.go
}

// journeyData is a journey with six monthly readings, oldest first.
type journeyData struct {
	Key   string `yaml:"key"`
	Name  string `yaml:"name"`
	Owner string `yaml:"owner,omitempty"`
	// LatestDaysAgo dates the latest reading; 0: it is recorded in the
	// journey review of this journey.
	LatestDaysAgo int          `yaml:"latest_days_ago,omitempty"`
	Readings      readingsData `yaml:"readings"`
}

type readingsData struct {
	Completion   []float64 `yaml:"completion,flow"`
	Effort       []float64 `yaml:"effort,flow"`
	Satisfaction []float64 `yaml:"satisfaction,flow"`
	Impact       []float64 `yaml:"impact,flow"`
	Activation   []float64 `yaml:"activation,flow"` // the charter's 30-day activation rate
}

// values is reading i as the room records it: metric key → value.
func (r readingsData) values(i int) map[string]float64 {
	v := map[string]float64{"completion": r.Completion[i], "effort": r.Effort[i], "satisfaction": r.Satisfaction[i], "impact": r.Impact[i]}
	if i < len(r.Activation) {
		v["activation"] = r.Activation[i]
	}
	return v
}

type seriesData struct {
	Title       string   `yaml:"title"`
	Agenda      string   `yaml:"agenda"`
	Cadence     string   `yaml:"cadence"`
	Time        string   `yaml:"time"`
	Minutes     int      `yaml:"minutes"`
	Facilitator string   `yaml:"facilitator"`
	Attendees   []string `yaml:"attendees,flow"`
}

// weekData is one weekly VOC triage.
type weekData struct {
	Facilitator string `yaml:"facilitator"`
	Absent      string `yaml:"absent,omitempty"`
	// AfterMissedWeek: the week before, the triage did not happen.
	AfterMissedWeek bool        `yaml:"after_missed_week,omitempty"`
	Spent           []int       `yaml:"spent,flow"`                 // minutes per segment
	ExtendDeepDive  int         `yaml:"extend_deep_dive,omitempty"` // minutes added to the deep-dive
	Issues          []issueData `yaml:"issues"`                     // raised from the dashboard
	DeepDiveAgain   []lateData  `yaml:"deep_dive_again,omitempty"`  // earlier issues deep-dived again
	// Walk is the outcome of walking an earlier action, by its key; the
	// others carried in stay as they are (blocked, escalated) or on track.
	Walk         map[string]outcomeData `yaml:"walk,omitempty"`
	RaisedInWalk []actionData           `yaml:"raised_in_walk,omitempty"`
	Resolve      []string               `yaml:"resolve,omitempty,flow"` // issue keys
	// Evidence that each resolved issue's fix worked, by issue key: a
	// stat after the fix, or a customer's words (in “quotes”).
	Evidence map[string]string `yaml:"evidence,omitempty"`
	Decision *decisionData     `yaml:"decision,omitempty"`
	Story    storyData         `yaml:"story"`
	Later    []changeData      `yaml:"later,omitempty"`
}

// issueData is a VOC issue; with a next step it is deep-dived.
type issueData struct {
	Key       string      `yaml:"key"`
	Title     string      `yaml:"title"`
	Theme     string      `yaml:"theme,omitempty"`
	Signal    string      `yaml:"signal,omitempty"`
	By        string      `yaml:"by"`
	Story     string      `yaml:"story,omitempty"`
	Stat      string      `yaml:"stat,omitempty"`
	Impact    string      `yaml:"impact,omitempty"`
	RootCause string      `yaml:"root_cause,omitempty"`
	NextStep  *actionData `yaml:"next_step,omitempty"`
}

type lateData struct {
	Issue    string     `yaml:"issue"`
	NextStep actionData `yaml:"next_step"`
}

// actionData is an action; key names it for later steps.
type actionData struct {
	Key   string `yaml:"key"`
	Text  string `yaml:"text"`
	Owner string `yaml:"owner"`
	Due   int    `yaml:"due,omitempty"`    // days after it is raised, or
	DueIn int    `yaml:"due_in,omitempty"` // days from today
}

type outcomeData struct {
	Outcome string `yaml:"outcome"`
	Note    string `yaml:"note,omitempty"`
}

type optionData struct {
	Description    string `yaml:"description"`
	Pros           string `yaml:"pros,omitempty"`
	Cons           string `yaml:"cons,omitempty"`
	CustomerImpact string `yaml:"customer_impact,omitempty"`
}

type decisionData struct {
	In             string       `yaml:"in,omitempty"` // journey review: the segment id it is recorded in
	Title          string       `yaml:"title,omitempty"`
	Kind           string       `yaml:"kind,omitempty"`
	Owner          string       `yaml:"owner,omitempty"`
	Deadline       string       `yaml:"deadline,omitempty"`
	Context        string       `yaml:"context,omitempty"`
	Options        []optionData `yaml:"options,omitempty"`
	Decision       string       `yaml:"decision"`
	Rationale      string       `yaml:"rationale,omitempty"`
	Customer       string       `yaml:"customer,omitempty"`
	Business       string       `yaml:"business,omitempty"`
	Metrics        string       `yaml:"metrics,omitempty"`
	ReviewDate     string       `yaml:"review_date,omitempty"`
	CommunicatedTo string       `yaml:"communicated_to,omitempty"`
	Role           string       `yaml:"role,omitempty"`
	Major          bool         `yaml:"major,omitempty"`
	Story          string       `yaml:"story,omitempty"` // the customer story behind it
}

func (d decisionData) input() meeting.DecisionInput {
	in := meeting.DecisionInput{Title: d.Title, Context: d.Context, Decision: d.Decision, Rationale: d.Rationale,
		Customer: d.Customer, Business: d.Business, Metrics: d.Metrics, ReviewDate: d.ReviewDate,
		CommunicatedTo: d.CommunicatedTo, Kind: d.Kind, Owner: d.Owner, Deadline: d.Deadline,
		MadeByRole: d.Role, Major: d.Major, CustomerStory: d.Story}
	for _, o := range d.Options {
		in.Options = append(in.Options, meeting.Option{Description: o.Description, Pros: o.Pros, Cons: o.Cons, CustomerImpact: o.CustomerImpact})
	}
	return in
}

type storyData struct {
	By       string `yaml:"by"`
	Quote    string `yaml:"quote"`
	Context  string `yaml:"context"`
	Stage    string `yaml:"stage"`
	Theme    string `yaml:"theme"`
	Impact   string `yaml:"impact"`
	Learning string `yaml:"learning"`
	Status   string `yaml:"status"`
}

func (s storyData) input() meeting.StoryInput {
	return meeting.StoryInput{Quote: s.Quote, Context: s.Context, Stage: s.Stage, Theme: s.Theme,
		Impact: s.Impact, Learning: s.Learning, Status: s.Status}
}

// changeData is a status change made in the tracker, days after the meeting
// it follows, at a time of day.
type changeData struct {
	Action string `yaml:"action"`
	Status string `yaml:"status"`
	Note   string `yaml:"note,omitempty"`
	By     string `yaml:"by"`
	Days   int    `yaml:"days"`
	At     string `yaml:"at"`
}

// reviewData is one monthly journey review.
type reviewData struct {
	Journey   string         `yaml:"journey"`
	People    []string       `yaml:"people,flow"`
	Spent     []int          `yaml:"spent,flow"`
	Stories   []storyData    `yaml:"stories"`
	Actions   []actionData   `yaml:"actions"` // raised in the improvement pipeline
	Decisions []decisionData `yaml:"decisions"`
	Proposals []proposalData `yaml:"proposals,omitempty"` // pitched in the improvement pipeline
	Later     []changeData   `yaml:"later,omitempty"`
}

// proposalData is a pitch with the seed's template.
type proposalData struct {
	By         string `yaml:"by"`
	Title      string `yaml:"title"`
	Who        string `yaml:"who,omitempty"`
	Goal       string `yaml:"goal,omitempty"`
	Current    string `yaml:"current,omitempty"`
	Proposed   string `yaml:"proposed,omitempty"`
	Example    string `yaml:"example,omitempty"`
	Metric     string `yaml:"metric,omitempty"`
	Change     string `yaml:"change,omitempty"`
	Timeframe  string `yaml:"timeframe,omitempty"`
	Secondary  string `yaml:"secondary,omitempty"`
	Validation string `yaml:"validation,omitempty"`
}

func (p proposalData) input() meeting.ProposalInput {
	return meeting.ProposalInput{Title: p.Title, Who: p.Who, Goal: p.Goal, Current: p.Current, Proposed: p.Proposed,
		Example: p.Example, Metric: p.Metric, Change: p.Change, Timeframe: p.Timeframe, Secondary: p.Secondary, Validation: p.Validation}
}

// reviewedData is what happened at a decision's review date.
type reviewedData struct {
	Decision  string `yaml:"decision"` // its title
	DaysAfter int    `yaml:"days_after"`
	By        string `yaml:"by"`
	Happened  string `yaml:"happened"`
	Verdict   string `yaml:"verdict"`
	Learning  string `yaml:"learning,omitempty"`
}

// shadowData is an entry of the shadowing log.
type shadowData struct {
	By       string `yaml:"by"`
	DaysAgo  int    `yaml:"days_ago"`
	Duration string `yaml:"duration"`
	Customer string `yaml:"customer,omitempty"`
	Note     string `yaml:"note,omitempty"`
}

// scorecardData is what a facilitator entered on the scorecard.
type scorecardData struct {
	EnteredBy string `yaml:"entered_by"`
	Figures   []struct {
		Metric  string    `yaml:"metric"`
		Values  []float64 `yaml:"values,flow"`  // two quarters ago, last quarter, this quarter
		History []float64 `yaml:"history,flow"` // a computed metric: two quarters ago, last quarter
		Source  string    `yaml:"source"`
	} `yaml:"figures"`
	Targets []struct {
		Metric string `yaml:"metric"`
		Value  string `yaml:"value"`
		By     string `yaml:"by"`
	} `yaml:"targets"`
	Overrides []struct {
		Metric string `yaml:"metric"`
		Status string `yaml:"status"`
		Reason string `yaml:"reason"`
		By     string `yaml:"by"`
	} `yaml:"overrides"`
}

// guideData is one GUIDE coaching session, on a Wednesday.
type guideData struct {
	WeeksAgo int          `yaml:"weeks_ago"` // 0: the latest Wednesday before today
	Coach    string       `yaml:"coach"`
	Coachee  string       `yaml:"coachee"`
	Topic    string       `yaml:"topic"`
	Spent    []int        `yaml:"spent,flow"`
	Answers  []string     `yaml:"answers"` // G, U, I, D, E
	Notes    string       `yaml:"notes"`
	Actions  []actionData `yaml:"actions"` // next steps
	Later    []changeData `yaml:"later,omitempty"`
}

type promiseData struct {
	By       string `yaml:"by"`
	Promise  string `yaml:"promise"`
	Source   string `yaml:"source,omitempty"`
	Evidence string `yaml:"evidence,omitempty"`
	Reality  string `yaml:"reality,omitempty"`
	KeepRate string `yaml:"keep_rate,omitempty"`
	Gap      string `yaml:"gap,omitempty"`
	Action   string `yaml:"action,omitempty"`
	Owner    string `yaml:"owner,omitempty"`
}

func (p promiseData) input() meeting.PromiseInput {
	return meeting.PromiseInput{Promise: p.Promise, Source: p.Source, Evidence: p.Evidence, Reality: p.Reality,
		KeepRate: p.KeepRate, Gap: p.Gap, Action: p.Action, Owner: p.Owner}
}

// auditData is the quarterly promise-proof audit.
type auditData struct {
	People   []string      `yaml:"people,flow"`
	Spent    []int         `yaml:"spent,flow"`
	Promises []promiseData `yaml:"promises"`
	Actions  []actionData  `yaml:"actions"` // raised in action planning
	Later    []changeData  `yaml:"later,omitempty"`
}

// outsideData is an action raised outside any meeting.
type outsideData struct {
	actionData `yaml:",inline"`
	By         string `yaml:"by"`
	DaysAgo    int    `yaml:"days_ago"`
	At         string `yaml:"at"`
}

// loadOrg parses the embedded organisation.
func loadOrg() (*orgData, error) {
	var o orgData
	if err := yaml.Unmarshal(orgYAML, &o); err != nil {
		return nil, fmt.Errorf("read the demo organisation: %w", err)
	}
	return &o, nil
}

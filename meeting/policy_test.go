package meeting_test

import (
	"strings"
	"testing"

	"cxroom/meeting"
)

// TestPolicyTable enumerates every operation × role × relation. The
// expectations are written out by hand here, independently of the table:
// each row says which kinds of person may (F facilitator, M member,
// O observer, G guest member) without and with the relation that matters
// for the operation.
func TestPolicyTable(t *testing.T) {
	type row struct {
		rel     string // which relation the "with" column grants: owner, coach, coachee, journey, maker
		private bool
		without string
		with    string
	}
	want := map[meeting.Op]row{
		meeting.OpSeeMeeting:       {rel: "coachee", private: true, without: "", with: "FMEOXG"},
		meeting.OpSeeNotes:         {rel: "coach", without: "", with: "FMEOXG"},
		meeting.OpStartGuide:       {rel: "owner", without: "FME", with: "FME"},
		meeting.OpStart:            {rel: "owner", without: "F", with: "F"},
		meeting.OpRunClock:         {rel: "owner", without: "F", with: "F"},
		meeting.OpHandOver:         {rel: "owner", without: "F", with: "F"},
		meeting.OpClaim:            {rel: "owner", without: "F", with: "F"},
		meeting.OpFacilitate:       {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpRaiseHand:        {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpAddRecord:        {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpEditIssue:        {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpVote:             {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpRankIssue:        {rel: "owner", without: "F", with: "F"},
		meeting.OpResolveIssue:     {rel: "owner", without: "F", with: "F"},
		meeting.OpEditPromise:      {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpRecordHealth:     {rel: "journey", without: "F", with: "FMEG"},
		meeting.OpGuideAnswer:      {rel: "coachee", without: "", with: "FMEOXG"},
		meeting.OpGuideNotes:       {rel: "coach", without: "", with: "FMEOXG"},
		meeting.OpEditPipeline:     {rel: "owner", without: "FMEG", with: "FMEG"},
		meeting.OpDecideExperiment: {rel: "journey", without: "F", with: "FMEG"},
		meeting.OpJourneyTarget:    {rel: "journey", without: "F", with: "FMEG"},
		meeting.OpUpdateAction:     {rel: "owner", without: "F", with: "FMEG"},
		meeting.OpAddJourney:       {rel: "owner", without: "F", with: "F"},
		meeting.OpEditJourney:      {rel: "journey", without: "F", with: "F"},
		meeting.OpAddSeries:        {rel: "owner", without: "F", with: "F"},
		meeting.OpEditTeam:         {rel: "owner", without: "F", with: "F"},
		meeting.OpBackup:           {rel: "owner", without: "F", with: "F"},
		meeting.OpEnterMetric:      {rel: "owner", without: "F", with: "F"},
		meeting.OpLogShadowing:     {rel: "owner", without: "FME", with: "FME"},
		meeting.OpReviewDecision:   {rel: "maker", without: "F", with: "FME"},
		meeting.OpSeeExecutive:     {rel: "owner", without: "FMEOX", with: "FMEOX"},
		meeting.OpEnterBoard:       {rel: "owner", without: "FE", with: "FE"},
		meeting.OpEditCharter:      {rel: "owner", without: "FE", with: "FE"},
		meeting.OpEditAccount:      {rel: "owner", without: "FE", with: "FE"},
		meeting.OpSeeLedger:        {rel: "owner", without: "FMEOX", with: "FMEOX"},
		meeting.OpSignDecision:     {rel: "maker", without: "FME", with: "FME"},
		meeting.OpSignOff:          {rel: "owner", without: "F", with: "F"},
		meeting.OpRunMotion:        {rel: "owner", without: "F", with: "F"},
		meeting.OpVoteMotion:       {rel: "owner", without: "FME", with: "FME"},
	}
	ops := meeting.Ops()
	if len(ops) != len(want) {
		t.Errorf("the policy table has %d operations, this test knows %d: add the new ones here", len(ops), len(want))
	}
	people := map[byte]meeting.Actor{
		'F': {Handle: "fay", Role: meeting.RoleFacilitator},
		'M': {Handle: "mo", Role: meeting.RoleMember},
		'O': {Handle: "obi", Role: meeting.RoleObserver},
		'G': {Handle: "gus", Role: meeting.RoleMember, Guest: true},
		'E': {Handle: "eve", Role: meeting.RoleMember, Executive: true},
		'X': {Handle: "xan", Role: meeting.RoleObserver, Executive: true},
	}
	for _, op := range ops {
		w, ok := want[op]
		if !ok {
			t.Errorf("%s: no expectation", op)
			continue
		}
		for _, withRel := range []bool{false, true} {
			allowed := w.without
			if withRel {
				allowed = w.with
			}
			for k, a := range people {
				s := meeting.Subject{Private: w.private, ID: "X1", Owner: "someone", Coach: "someone", JourneyOwner: "someone", Maker: "someone"}
				if withRel {
					switch w.rel {
					case "owner":
						s.Owner = strings.ToUpper(a.Handle) // relations match case-insensitively
					case "coach":
						s.Coach = a.Handle
					case "coachee":
						s.Coachees = []string{"other", a.Handle}
					case "journey":
						s.JourneyOwner = a.Handle
					case "maker":
						s.Maker = a.Handle
					}
				}
				err := meeting.Check(a, op, s)
				if got, exp := err == nil, strings.IndexByte(allowed, k) >= 0; got != exp {
					t.Errorf("%s by %c (relation %v): allowed=%v, want %v (%v)", op, k, withRel, got, exp, err)
				}
				if err != nil {
					code := meeting.ErrorCode(err)
					if op == meeting.OpSeeMeeting && code != meeting.ENOTFOUND || op != meeting.OpSeeMeeting && code != meeting.EFORBIDDEN {
						t.Errorf("%s refused with code %s", op, code)
					}
					if msg := meeting.ErrorMessage(err); msg == "" || strings.ContainsAny(msg, "\n\x1b") {
						t.Errorf("%s: refusal %q is not one sentence", op, msg)
					}
				}
			}
		}
	}
}

func TestPolicyPublicMeetingsAndUnknownOps(t *testing.T) {
	obs := meeting.Actor{Handle: "obi", Role: meeting.RoleObserver}
	if err := meeting.Check(obs, meeting.OpSeeMeeting, meeting.Subject{ID: "M1"}); err != nil {
		t.Errorf("an observer must see a public meeting: %v", err)
	}
	if err := meeting.Check(obs, meeting.OpSeeMeeting, meeting.Subject{ID: "M1", Private: true}); !meeting.IsNotFound(err) ||
		meeting.ErrorMessage(err) != "meeting M1 does not exist" {
		t.Errorf("a private meeting must not exist for others, got %v", err)
	}
	fac := meeting.Actor{Handle: "fay", Role: meeting.RoleFacilitator}
	if err := meeting.Check(fac, meeting.Op("no.such"), meeting.Subject{}); meeting.ErrorCode(err) != meeting.EFORBIDDEN {
		t.Errorf("an operation missing from the table must be refused, got %v", err)
	}
	if err := meeting.Check(meeting.Actor{Handle: "x", Role: "admin"}, meeting.OpAddRecord, meeting.Subject{}); err == nil {
		t.Error("an unknown role must be refused")
	}
	upd := meeting.Check(meeting.Actor{Handle: "mo", Role: meeting.RoleMember}, meeting.OpUpdateAction,
		meeting.Subject{ID: "A2", Owner: "li", OwnerName: "Li Wei"})
	if got := meeting.ErrorMessage(upd); got != "only Li Wei or a facilitator can update A2" {
		t.Errorf("refusal = %q", got)
	}
}

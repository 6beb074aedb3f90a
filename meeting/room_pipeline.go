package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// The room's commands for the QBR's systemic issues, a journey review's
// improvement pipeline (initiatives and experiments) and the reviewed
// journey's targets.

// may checks op for a as the room sees them (their room role) and that a
// is in the room. Each write then takes one from a's pace (r.pace) right
// before it is stored, once however many checks it needed.
func (r *Room) may(a Actor, op Op, s Subject) error {
	ra := a
	ra.Role = r.role(a)
	if err := Check(ra, op, s); err != nil {
		return err
	}
	if !r.here(a.Handle) {
		return Errorf(EFORBIDDEN, "join the room before you change anything")
	}
	return nil
}

func (r *Room) journeySubject() Subject {
	if j := r.st.Journey; j != nil {
		return Subject{JourneyOwner: j.Owner, ID: j.ID}
	}
	return Subject{}
}

// AddSystemic records a systemic issue the QBR identified.
func (r *Room) AddSystemic(ctx context.Context, a Actor, in SystemicInput) (out *Systemic, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.may(a, OpAddRecord, Subject{}); err != nil {
			return "", err
		}
		if len(r.st.Systemic) >= MaxSystemic {
			return "", Errorf(EINVALID, "this meeting holds %d systemic issues, the most it can; resolve some first", MaxSystemic)
		}
		x, err := NewSystemic(in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		if err := r.journeyRef(x.JourneyID); err != nil {
			return "", err
		}
		x.MeetingID, x.SeriesID = r.id, r.st.Meeting.SeriesID
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		if err := r.store.CreateSystemic(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Systemic = append(r.st.Systemic, x)
		out = x
		return fmt.Sprintf("%s identified systemic issue %s: %s", a.Name, x.ID, x.Issue), nil
	})
	return out, err
}

// journeyRef checks that a systemic issue's journey is one the room shows.
func (r *Room) journeyRef(id string) error {
	if id == "" || slices.ContainsFunc(r.st.Journeys, func(j *Journey) bool { return j.ID == id }) {
		return nil
	}
	return Errorf(ENOTFOUND, "journey %s is not one of the journeys under review", clip(id))
}

// EditSystemic fills in or changes a systemic issue's chain (root cause,
// owner, roadmap item) or resolves it; empty fields are left as they are.
func (r *Room) EditSystemic(ctx context.Context, a Actor, id string, in SystemicInput) (out *Systemic, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.may(a, OpEditIssue, Subject{}); err != nil {
			return "", err
		}
		k := slices.IndexFunc(r.st.Systemic, func(x *Systemic) bool { return x.ID == NormalizeID(id) })
		if k < 0 {
			return "", Errorf(ENOTFOUND, "systemic issue %s is not in this meeting", clip(id))
		}
		if err := r.journeyRef(NormalizeID(in.JourneyID)); err != nil {
			return "", err
		}
		edit := func(s *Systemic) error { return s.Edit(in, r.now()) }
		if err := checkChanges(r.st.Systemic[k], r.st.Systemic[k].ID, edit, func(s *Systemic) *time.Time { return &s.UpdatedAt }); err != nil {
			return "", err
		}
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		x, err := r.store.UpdateSystemic(context.Background(), r.st.Systemic[k].ID, edit)
		if err != nil {
			return "", err
		}
		r.st.Systemic[k] = x
		out = x
		return fmt.Sprintf("%s updated systemic issue %s", a.Name, x.ID), nil
	})
	return out, err
}

func (r *Room) pipelineJourney() (*Journey, error) {
	if r.st.Journey == nil {
		return nil, Errorf(EINVALID, "this meeting reviews no journey, so it has no improvement pipeline")
	}
	return r.st.Journey, nil
}

// pipelineAdd is the reviewed journey a may add an initiative or an
// experiment to: refused when the meeting reviews none, a may not add
// records, or the review's pipeline is full.
func (r *Room) pipelineAdd(a Actor) (*Journey, error) {
	j, err := r.pipelineJourney()
	if err != nil {
		return nil, err
	}
	if err := r.may(a, OpAddRecord, Subject{}); err != nil {
		return nil, err
	}
	if len(r.st.Initiatives)+len(r.st.Experiments) >= MaxPipeline {
		return nil, Errorf(EINVALID, "this review's pipeline holds %d initiatives and experiments, the most it can; finish, stop or reject some first", MaxPipeline)
	}
	return j, nil
}

// AddInitiative adds an initiative to the reviewed journey's pipeline.
func (r *Room) AddInitiative(ctx context.Context, a Actor, in InitiativeInput) (out *Initiative, err error) {
	err = r.exec(ctx, func() (string, error) {
		j, err := r.pipelineAdd(a)
		if err != nil {
			return "", err
		}
		x, err := NewInitiative(j.ID, in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		x.MeetingID, x.UpdatedIn = r.id, r.id
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		if err := r.store.CreateInitiative(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Initiatives = append(r.st.Initiatives, x)
		out = x
		return fmt.Sprintf("%s added initiative %s: %s", a.Name, x.ID, x.Title), nil
	})
	return out, err
}

// EditInitiative updates an initiative of the pipeline: its status,
// expected impact, needs, owner or latest note.
func (r *Room) EditInitiative(ctx context.Context, a Actor, id string, in InitiativeInput) (out *Initiative, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.may(a, OpEditPipeline, Subject{}); err != nil {
			return "", err
		}
		k := slices.IndexFunc(r.st.Initiatives, func(x *Initiative) bool { return x.ID == NormalizeID(id) })
		if k < 0 {
			return "", Errorf(ENOTFOUND, "initiative %s is not in this review's pipeline", clip(id))
		}
		edit := func(x *Initiative) error { return x.Edit(in, r.now()) }
		if err := checkChanges(r.st.Initiatives[k], r.st.Initiatives[k].ID, edit, func(x *Initiative) *time.Time { return &x.UpdatedAt }); err != nil {
			return "", err
		}
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		x, err := r.store.UpdateInitiative(context.Background(), r.st.Initiatives[k].ID, func(x *Initiative) error {
			if err := x.Edit(in, r.now()); err != nil {
				return err
			}
			x.UpdatedIn = r.id
			return nil
		})
		if err != nil {
			return "", err
		}
		r.st.Initiatives[k] = x
		out = x
		return fmt.Sprintf("%s: %s is %s", a.Name, x.ID, x.Status), nil
	})
	return out, err
}

// AddExperiment proposes an experiment for the reviewed journey. Proposing
// is anyone's; deciding on it (in the same form) is the facilitator's or
// the journey owner's.
func (r *Room) AddExperiment(ctx context.Context, a Actor, in ExperimentInput) (out *Experiment, err error) {
	err = r.exec(ctx, func() (string, error) {
		j, err := r.pipelineAdd(a)
		if err != nil {
			return "", err
		}
		x, err := NewExperiment(j.ID, in, a.Handle, r.now())
		if err != nil {
			return "", err
		}
		if x.Decision != ExperimentProposed {
			if err := r.may(a, OpDecideExperiment, r.journeySubject()); err != nil {
				return "", err
			}
			x.DecidedIn = r.id
		}
		x.MeetingID = r.id
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		if err := r.store.CreateExperiment(context.Background(), x); err != nil {
			return "", err
		}
		r.st.Experiments = append(r.st.Experiments, x)
		out = x
		return fmt.Sprintf("%s proposed experiment %s: %s", a.Name, x.ID, x.Title), nil
	})
	return out, err
}

// EditExperiment changes an experiment's details, records the decision
// on it (the facilitator or the journey owner) or its result.
func (r *Room) EditExperiment(ctx context.Context, a Actor, id string, in ExperimentInput) (out *Experiment, err error) {
	err = r.exec(ctx, func() (string, error) {
		if err := r.may(a, OpEditPipeline, Subject{}); err != nil {
			return "", err
		}
		k := slices.IndexFunc(r.st.Experiments, func(x *Experiment) bool { return x.ID == NormalizeID(id) })
		if k < 0 {
			return "", Errorf(ENOTFOUND, "experiment %s is not in this review's pipeline", clip(id))
		}
		cur := r.st.Experiments[k]
		if in.Decision != "" {
			d, err := ParseExperimentDecision(in.Decision)
			if err != nil {
				return "", err
			}
			if d != cur.Decision {
				if err := r.may(a, OpDecideExperiment, r.journeySubject()); err != nil {
					return "", err
				}
			}
		}
		edit := func(x *Experiment) error { return x.Edit(in, r.now()) }
		if err := checkChanges(cur, cur.ID, edit, func(x *Experiment) *time.Time { return &x.UpdatedAt }); err != nil {
			return "", err
		}
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		x, err := r.store.UpdateExperiment(context.Background(), cur.ID, func(x *Experiment) error {
			before := x.Decision
			if err := x.Edit(in, r.now()); err != nil {
				return err
			}
			if x.Decision != before {
				x.DecidedIn = r.id
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		r.st.Experiments[k] = x
		out = x
		if x.Decision != cur.Decision && x.Decision != ExperimentProposed {
			return fmt.Sprintf("%s: experiment %s %s", a.Name, x.ID, x.Decision), nil
		}
		return fmt.Sprintf("%s updated experiment %s", a.Name, x.ID), nil
	})
	return out, err
}

// SetTargets changes the reviewed journey's metric targets (the
// facilitator or the journey's owner). targets maps metric keys to what
// was typed; empty values are left as they are. All change or none.
func (r *Room) SetTargets(ctx context.Context, a Actor, targets map[string]string) error {
	return r.exec(ctx, func() (string, error) {
		j, err := r.pipelineJourney()
		if err != nil {
			return "", err
		}
		if err := r.may(a, OpJourneyTarget, r.journeySubject()); err != nil {
			return "", err
		}
		set, err := parseTargets(j, targets)
		if err != nil {
			return "", err
		}
		if len(set) == 0 {
			return "", errNoChange
		}
		if err := r.pace(a); err != nil { // a record or an edit: one of a's writes
			return "", err
		}
		u, err := r.store.UpdateJourney(context.Background(), j.ID, func(j *Journey) error { return applyTargets(j, set) })
		if err != nil {
			return "", err
		}
		r.st.Journey = u
		return fmt.Sprintf("%s changed %s's targets", a.Name, u.Name), nil
	})
}

// parseTargets reads typed targets for j's metrics; keys j lacks are
// refused, empty values skipped.
func parseTargets(j *Journey, targets map[string]string) (map[string]float64, error) {
	set := map[string]float64{}
	for k, raw := range targets {
		if CleanLine(raw, 20) == "" {
			continue
		}
		m, ok := j.Metric(k)
		if !ok {
			return nil, Errorf(ENOTFOUND, "%s has no metric %q", j.Name, clip(k))
		}
		v, err := ParseTarget(m, raw)
		if err != nil {
			return nil, err
		}
		set[k] = v
	}
	return set, nil
}

func applyTargets(j *Journey, set map[string]float64) error {
	for k, v := range set {
		if err := j.SetTarget(k, v); err != nil {
			return err
		}
	}
	return nil
}

package memstore

import (
	"context"

	"cxroom/meeting"
)

// The QBR's systemic issues and a journey's improvement pipeline.

var (
	systemics = kind[meeting.Systemic, *meeting.Systemic]{name: "systemic", word: "systemic issue", prefix: "Y",
		id: func(s *meeting.Systemic) *string { return &s.ID }}
	initiatives = kind[meeting.Initiative, *meeting.Initiative]{name: "initiative", word: "initiative", prefix: "N",
		id: func(x *meeting.Initiative) *string { return &x.ID }}
	experiments = kind[meeting.Experiment, *meeting.Experiment]{name: "experiment", word: "experiment", prefix: "X",
		id: func(x *meeting.Experiment) *string { return &x.ID }}
)

func (t *tx) CreateSystemic(ctx context.Context, s *meeting.Systemic) error {
	return create(ctx, t, systemics, s)
}

func (t *tx) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	return update(ctx, t, systemics, id, fn)
}

func (t *tx) Systemic(ctx context.Context, id string) (*meeting.Systemic, error) {
	return get(ctx, t, systemics, id)
}

// Systemics lists the systemic issues f matches, by id.
func (t *tx) Systemics(ctx context.Context, f meeting.SystemicFilter) ([]*meeting.Systemic, error) {
	f.MeetingID, f.SeriesID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID)
	ss, err := list(ctx, t, systemics, f.Match)
	sortBy(systemics, ss, none, false)
	return ss, err
}

func (t *tx) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	return create(ctx, t, initiatives, x)
}

func (t *tx) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	return update(ctx, t, initiatives, id, fn)
}

func (t *tx) Initiative(ctx context.Context, id string) (*meeting.Initiative, error) {
	return get(ctx, t, initiatives, id)
}

// Initiatives lists the initiatives f matches, by id.
func (t *tx) Initiatives(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Initiative, error) {
	f.JourneyID, f.MeetingID = meeting.NormalizeID(f.JourneyID), meeting.NormalizeID(f.MeetingID)
	xs, err := list(ctx, t, initiatives, f.MatchInitiative)
	sortBy(initiatives, xs, none, false)
	return xs, err
}

func (t *tx) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	return create(ctx, t, experiments, x)
}

func (t *tx) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	return update(ctx, t, experiments, id, fn)
}

func (t *tx) Experiment(ctx context.Context, id string) (*meeting.Experiment, error) {
	return get(ctx, t, experiments, id)
}

// Experiments lists the experiments f matches, by id.
func (t *tx) Experiments(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Experiment, error) {
	f.JourneyID, f.MeetingID = meeting.NormalizeID(f.JourneyID), meeting.NormalizeID(f.MeetingID)
	xs, err := list(ctx, t, experiments, f.MatchExperiment)
	sortBy(experiments, xs, none, false)
	return xs, err
}

// The one-shot forms.

func (s *Store) CreateSystemic(ctx context.Context, x *meeting.Systemic) error {
	return createOne(ctx, s, systemics, x)
}

func (s *Store) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	return updateOne(ctx, s, systemics, id, fn)
}

func (s *Store) Systemic(ctx context.Context, id string) (*meeting.Systemic, error) {
	return read(ctx, s, func(t *tx) (*meeting.Systemic, error) { return t.Systemic(ctx, id) })
}

func (s *Store) Systemics(ctx context.Context, f meeting.SystemicFilter) ([]*meeting.Systemic, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Systemic, error) { return t.Systemics(ctx, f) })
}

func (s *Store) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	return createOne(ctx, s, initiatives, x)
}

func (s *Store) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	return updateOne(ctx, s, initiatives, id, fn)
}

func (s *Store) Initiative(ctx context.Context, id string) (*meeting.Initiative, error) {
	return read(ctx, s, func(t *tx) (*meeting.Initiative, error) { return t.Initiative(ctx, id) })
}

func (s *Store) Initiatives(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Initiative, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Initiative, error) { return t.Initiatives(ctx, f) })
}

func (s *Store) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	return createOne(ctx, s, experiments, x)
}

func (s *Store) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	return updateOne(ctx, s, experiments, id, fn)
}

func (s *Store) Experiment(ctx context.Context, id string) (*meeting.Experiment, error) {
	return read(ctx, s, func(t *tx) (*meeting.Experiment, error) { return t.Experiment(ctx, id) })
}

func (s *Store) Experiments(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Experiment, error) {
	return read(ctx, s, func(t *tx) ([]*meeting.Experiment, error) { return t.Experiments(ctx, f) })
}

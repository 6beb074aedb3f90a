package store

import (
	"context"

	"cxroom/meeting"
)

// The QBR's systemic issues and a journey's improvement pipeline.

var (
	systemics = kind[meeting.Systemic, *meeting.Systemic]{name: "systemic", word: "systemic issue", prefix: "Y",
		id: func(s *meeting.Systemic) *string { return &s.ID },
		index: func(s *meeting.Systemic) []string {
			return refs("y", s.ID, "meeting", s.MeetingID, "series", s.SeriesID)
		}}
	initiatives = kind[meeting.Initiative, *meeting.Initiative]{name: "initiative", word: "initiative", prefix: "N",
		id:    func(x *meeting.Initiative) *string { return &x.ID },
		index: func(x *meeting.Initiative) []string { return refs("n", x.ID, "journey", x.JourneyID) }}
	experiments = kind[meeting.Experiment, *meeting.Experiment]{name: "experiment", word: "experiment", prefix: "X",
		id:    func(x *meeting.Experiment) *string { return &x.ID },
		index: func(x *meeting.Experiment) []string { return refs("x", x.ID, "journey", x.JourneyID) }}
)

func (t *tx) CreateSystemic(ctx context.Context, s *meeting.Systemic) error {
	return txCreate(ctx, t, systemics, s)
}

func (t *tx) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	return txUpdate(ctx, t, systemics, id, fn)
}

func (t *tx) Systemic(ctx context.Context, id string) (*meeting.Systemic, error) {
	return txGet(ctx, t, systemics, id)
}

// Systemics lists the systemic issues f matches, by id, reading the
// meeting or series index when f names one.
func (t *tx) Systemics(ctx context.Context, f meeting.SystemicFilter) ([]*meeting.Systemic, error) {
	f.MeetingID, f.SeriesID = meeting.NormalizeID(f.MeetingID), meeting.NormalizeID(f.SeriesID)
	var s scan
	switch {
	case f.MeetingID != "":
		s.prefix = ix("y.meeting", f.MeetingID, "")
	case f.SeriesID != "":
		s.prefix = ix("y.series", f.SeriesID, "")
	}
	ss, err := list(ctx, t, systemics, s, f.Match)
	sortBy(systemics, ss, none, false)
	return ss, err
}

func (t *tx) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	return txCreate(ctx, t, initiatives, x)
}

func (t *tx) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	return txUpdate(ctx, t, initiatives, id, fn)
}

func (t *tx) Initiative(ctx context.Context, id string) (*meeting.Initiative, error) {
	return txGet(ctx, t, initiatives, id)
}

// Initiatives lists the initiatives f matches, by id.
func (t *tx) Initiatives(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Initiative, error) {
	f.JourneyID, f.MeetingID = meeting.NormalizeID(f.JourneyID), meeting.NormalizeID(f.MeetingID)
	var s scan
	if f.JourneyID != "" {
		s.prefix = ix("n.journey", f.JourneyID, "")
	}
	xs, err := list(ctx, t, initiatives, s, f.MatchInitiative)
	sortBy(initiatives, xs, none, false)
	return xs, err
}

func (t *tx) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	return txCreate(ctx, t, experiments, x)
}

func (t *tx) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	return txUpdate(ctx, t, experiments, id, fn)
}

func (t *tx) Experiment(ctx context.Context, id string) (*meeting.Experiment, error) {
	return txGet(ctx, t, experiments, id)
}

// Experiments lists the experiments f matches, by id.
func (t *tx) Experiments(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Experiment, error) {
	f.JourneyID, f.MeetingID = meeting.NormalizeID(f.JourneyID), meeting.NormalizeID(f.MeetingID)
	var s scan
	if f.JourneyID != "" {
		s.prefix = ix("x.journey", f.JourneyID, "")
	}
	xs, err := list(ctx, t, experiments, s, f.MatchExperiment)
	sortBy(experiments, xs, none, false)
	return xs, err
}

// The one-shot forms: each its own transaction.

func (db *DB) CreateSystemic(ctx context.Context, s *meeting.Systemic) error {
	return create(ctx, db, systemics, s)
}

func (db *DB) UpdateSystemic(ctx context.Context, id string, fn func(*meeting.Systemic) error) (*meeting.Systemic, error) {
	return update(ctx, db, systemics, id, fn)
}

func (db *DB) Systemic(ctx context.Context, id string) (*meeting.Systemic, error) {
	return get(ctx, db, systemics, id)
}

func (db *DB) Systemics(ctx context.Context, f meeting.SystemicFilter) ([]*meeting.Systemic, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Systemic, error) { return t.Systemics(ctx, f) })
}

func (db *DB) CreateInitiative(ctx context.Context, x *meeting.Initiative) error {
	return create(ctx, db, initiatives, x)
}

func (db *DB) UpdateInitiative(ctx context.Context, id string, fn func(*meeting.Initiative) error) (*meeting.Initiative, error) {
	return update(ctx, db, initiatives, id, fn)
}

func (db *DB) Initiative(ctx context.Context, id string) (*meeting.Initiative, error) {
	return get(ctx, db, initiatives, id)
}

func (db *DB) Initiatives(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Initiative, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Initiative, error) { return t.Initiatives(ctx, f) })
}

func (db *DB) CreateExperiment(ctx context.Context, x *meeting.Experiment) error {
	return create(ctx, db, experiments, x)
}

func (db *DB) UpdateExperiment(ctx context.Context, id string, fn func(*meeting.Experiment) error) (*meeting.Experiment, error) {
	return update(ctx, db, experiments, id, fn)
}

func (db *DB) Experiment(ctx context.Context, id string) (*meeting.Experiment, error) {
	return get(ctx, db, experiments, id)
}

func (db *DB) Experiments(ctx context.Context, f meeting.PipelineFilter) ([]*meeting.Experiment, error) {
	return read(ctx, db, func(t *tx) ([]*meeting.Experiment, error) { return t.Experiments(ctx, f) })
}

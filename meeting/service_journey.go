package meeting

import "context"

// SetJourneyTarget changes one metric's target of a journey, found by id
// or name (a facilitator or the journey's owner). metric is the metric's
// key or name; target what was typed ("75%", "< 3.0").
func (s *Service) SetJourneyTarget(ctx context.Context, a Actor, journey, metric, target string) (*Journey, Metric, error) {
	j, err := s.FindJourney(ctx, journey)
	if err != nil {
		return nil, Metric{}, err
	}
	if err := Check(a, OpJourneyTarget, Subject{JourneyOwner: j.Owner, ID: j.ID}); err != nil {
		return nil, Metric{}, err
	}
	m, ok := j.FindMetric(metric)
	if !ok {
		return nil, Metric{}, Errorf(ENOTFOUND, "%s has no metric %q; its metrics are %s", j.Name, clip(metric), metricKeys(j))
	}
	v, err := ParseTarget(m, target)
	if err != nil {
		return nil, Metric{}, err
	}
	if err := s.pace(a); err != nil {
		return nil, Metric{}, err
	}
	u, err := s.store.UpdateJourney(ctx, j.ID, func(x *Journey) error {
		if x.Owner != j.Owner {
			// the owner changed between the check and the write: check again
			if err := Check(a, OpJourneyTarget, Subject{JourneyOwner: x.Owner, ID: x.ID}); err != nil {
				return err
			}
		}
		return x.SetTarget(m.Key, v)
	})
	if err != nil {
		return nil, Metric{}, s.public(err)
	}
	m, _ = u.Metric(m.Key)
	return u, m, nil
}

func metricKeys(j *Journey) string {
	var ks []string
	for _, m := range j.Metrics {
		ks = append(ks, m.Key)
	}
	return AndList(ks)
}

package meeting

// PendingPresence is how many joins and leaves wait for their batch.
func (r *Room) PendingPresence() int {
	r.pmu.Lock()
	defer r.pmu.Unlock()
	return len(r.pending)
}

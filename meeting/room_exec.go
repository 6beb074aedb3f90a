package meeting

import "context"

// The executive records a room shows (board figures, charters, at-risk
// accounts) are written between meetings, by the board, charters and
// accounts commands, as well as from the room: every write goes through
// the Service, which tells the hub, which has each live room showing them
// reload them and publish, so every screen in the room sees the change.

// ExecutiveChanged tells the rooms whose agenda shows kind (KindBoard,
// KindCharters or KindAccounts) that its records changed; last is the line
// the rooms show for it ("" leaves theirs).
func (h *Hub) ExecutiveChanged(kind RecordKind, last string) {
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		if r.Snapshot().Meeting.Agenda.Has(kind) {
			r.refreshExecutive(kind, last)
		}
	}
}

// refreshExecutive reloads the room's records of kind and publishes them.
func (r *Room) refreshExecutive(kind RecordKind, last string) {
	_ = r.exec(context.Background(), func() (string, error) {
		var b Bundle
		if err := loadExecutive(context.Background(), r.store, r.st.Meeting, &b, kind); err != nil {
			return "", err
		}
		switch kind {
		case KindBoard:
			r.st.Board, r.st.Response = b.Board, b.Response
		case KindCharters:
			r.st.Charters, r.st.Chartered = b.Charters, b.Chartered
		case KindAccounts:
			r.st.Accounts = b.Accounts
		default:
			return "", errNoChange
		}
		return last, nil
	})
}

// executiveChanged tells the live rooms, if there is a hub.
func (s *Service) executiveChanged(kind RecordKind, last string) {
	if s.Hub != nil {
		s.Hub.ExecutiveChanged(kind, last)
	}
}

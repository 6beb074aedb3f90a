package tui

import (
	"slices"
	"strings"

	"cxroom/meeting"
)

// Connected returns who has a screen open over SSH, one entry per person
// (however many sessions they have), by name: whom stopping the server
// disconnects.
func (s *Server) Connected() []meeting.Actor {
	var out []meeting.Actor
	s.screens.Range(func(_, v any) bool {
		a := v.(meeting.Actor)
		if !slices.ContainsFunc(out, func(x meeting.Actor) bool { return x.Handle == a.Handle }) {
			out = append(out, a)
		}
		return true
	})
	slices.SortFunc(out, func(a, b meeting.Actor) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ConnectedNames is Connected's names, for the local screen's question
// before quitting (Deps.Disconnects).
func (s *Server) ConnectedNames() []string {
	var names []string
	for _, a := range s.Connected() {
		names = append(names, a.Name)
	}
	return names
}

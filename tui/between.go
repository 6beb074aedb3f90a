package tui

// Placeholder constructors: a helper replaces these with full screens
// (journeys registry with trends, scorecard, story library).

func newJourneysScreen(d *Deps, st *Styles) screen  { return newDocScreen(st, "Journeys", "_coming_") }
func newScorecardScreen(d *Deps, st *Styles) screen { return newDocScreen(st, "Scorecard", "_coming_") }
func newStoriesScreen(d *Deps, st *Styles) screen   { return newDocScreen(st, "Stories", "_coming_") }

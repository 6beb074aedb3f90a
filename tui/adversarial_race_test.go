//go:build race

package tui

// raceOn tells the load tests' figures whether they ran under the race
// detector (slower by an order of magnitude).
const raceOn = true

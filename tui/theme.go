// Package tui is cxroom's terminal interface: the Bubble Tea screens, their
// theme and key maps, and the Wish server that gives each SSH session its
// own program over the shared rooms.
package tui

import (
	"image/color"
	"sync"

	"charm.land/lipgloss/v2"
)

// Styles is every style the screens use, picked per session from the
// terminal's background (dark or light) — never from a global setting, which
// on a server would read the server's terminal. The three palettes are
// built once and shared, read-only: a session holds a pointer (a palette
// is ~18 KiB, and a town hall has hundreds of sessions).
type Styles struct{ *styleSet }

type styleSet struct {
	Dark  bool
	Plain bool // no colour and no attributes: NO_COLOR and golden tests

	edgesMu sync.Mutex       // a palette is shared by every session using it
	edges   map[int]boxEdges // the form box's edges by width (formBox)

	App, Title, Header, Subtle, Faint, Text lipgloss.Style
	Accent, OK, Warn, Danger, Error, Notice lipgloss.Style
	Selected, Cursor, Key, Badge, Box       lipgloss.Style
	BoxTitle, Section, Hand, Typing, Me     lipgloss.Style
	BarFull, BarEmpty, BarWarn, BarOver     lipgloss.Style
	FormLabel, FormLabelOn, FormHint        lipgloss.Style

	// Colours, for components that take a colour.
	CAccent, CSubtle, CText, CBorder color.Color
}

// palettes are the shared palettes: dark, light and plain.
var palettes = sync.OnceValue(func() [3]*styleSet {
	return [3]*styleSet{buildStyles(true), buildStyles(false), buildPlainStyles()}
})

// NewStyles returns the palette for a dark or light background.
func NewStyles(dark bool) Styles {
	if dark {
		return Styles{palettes()[0]}
	}
	return Styles{palettes()[1]}
}

// NewPlainStyles returns styles with no colour and no attributes: for
// NO_COLOR terminals and for golden files that must not depend on the
// terminal. Borders stay (they are characters, not colour).
func NewPlainStyles() Styles { return Styles{palettes()[2]} }

func buildStyles(dark bool) *styleSet {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#0B6E99"), lipgloss.Color("#4FC1E9"))
	subtle := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	faint := ld(lipgloss.Color("#9A9A9A"), lipgloss.Color("#5C5C5C"))
	text := ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E6E6E6"))
	ok := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#5FD068"))
	warn := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#F2C14E"))
	danger := ld(lipgloss.Color("#C0262D"), lipgloss.Color("#FF6B6B"))
	border := ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#444444"))
	sel := ld(lipgloss.Color("#DCEEF7"), lipgloss.Color("#23394A"))

	s := &styleSet{Dark: dark, CAccent: accent, CSubtle: subtle, CText: text, CBorder: border}
	b := lipgloss.NewStyle()
	s.App = b
	s.Text = b.Foreground(text)
	s.Title = b.Bold(true).Foreground(accent)
	s.Header = b.Bold(true)
	s.Subtle = b.Foreground(subtle)
	s.Faint = b.Foreground(faint)
	s.Accent = b.Foreground(accent)
	s.OK = b.Foreground(ok)
	s.Warn = b.Foreground(warn).Bold(true)
	s.Danger = b.Foreground(danger).Bold(true)
	s.Error = b.Foreground(danger)
	s.Notice = b.Foreground(ok)
	s.Selected = b.Background(sel).Bold(true)
	s.Cursor = b.Foreground(accent).Bold(true)
	s.Key = b.Foreground(accent)
	s.Badge = b.Foreground(subtle)
	s.Box = b.Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	s.BoxTitle = b.Bold(true).Foreground(accent)
	s.Section = b.Bold(true).Foreground(subtle)
	s.Hand = b.Foreground(warn)
	s.Typing = b.Foreground(subtle).Italic(true)
	s.Me = b.Underline(true)
	s.BarFull = b.Foreground(accent)
	s.BarEmpty = b.Foreground(border)
	s.BarWarn = b.Foreground(warn)
	s.BarOver = b.Foreground(danger)
	s.FormLabel = b.Foreground(subtle)
	s.FormLabelOn = b.Foreground(accent).Bold(true)
	s.FormHint = b.Foreground(subtle).Italic(true)
	return s
}

func buildPlainStyles() *styleSet {
	b := lipgloss.NewStyle()
	s := &styleSet{Dark: true, Plain: true}
	for _, p := range []*lipgloss.Style{&s.App, &s.Title, &s.Header, &s.Subtle, &s.Faint, &s.Text, &s.Accent, &s.OK,
		&s.Warn, &s.Danger, &s.Error, &s.Notice, &s.Cursor, &s.Key, &s.Badge, &s.BoxTitle, &s.Section, &s.Hand,
		&s.Typing, &s.Me, &s.BarFull, &s.BarEmpty, &s.BarWarn, &s.BarOver, &s.FormLabel, &s.FormLabelOn, &s.FormHint} {
		*p = b
	}
	s.Selected = b
	s.Box = b.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	return s
}

package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"cxroom/meeting"
)

// field is one input of a form: a line, a multi-line text or a choice.
type field struct {
	key, label string
	required   bool
	multi      bool
	choices    []string // a choice field cycles through these with ←/→
	choice     int
	line       textinput.Model
	// area is a multi-line field's input (nil for the others: a text
	// area holds ~230 KB of buffers, and most fields are one line)
	area *textarea.Model
	// what the options asked of the area before the field knew it was
	// multi-line (see add)
	areaH    int
	initial  string
	hasValue bool
	// preview shows what the value means as it is typed (a due date's day).
	preview func(string) string
	// drawn is the field's lines while it is not focused: they change only
	// when it is typed into, focused or given a value (which forget them),
	// or drawn at another width, and the form is drawn on every key
	drawn struct {
		lines          []string
		value          string
		labelW, inputW int
		palette        *styleSet // the palette changes in place when the terminal says its background
	}
}

// forget drops the field's drawn lines: it is about to change.
func (f *field) forget() { f.drawn.lines = nil }

func (f *field) value() string {
	switch {
	case f.choices != nil:
		return f.choices[f.choice]
	case f.multi:
		return f.area.Value()
	}
	return f.line.Value()
}

func (f *field) focus() tea.Cmd {
	f.forget()
	if f.multi {
		return f.area.Focus()
	}
	return f.line.Focus()
}

func (f *field) blur() {
	f.forget()
	f.line.Blur()
	if f.area != nil {
		f.area.Blur()
	}
}

// fieldOpt configures a field.
type fieldOpt func(*field)

func required() fieldOpt { return func(f *field) { f.required = true } }
func value(v string) fieldOpt {
	return func(f *field) { f.line.SetValue(v); f.initial, f.hasValue = v, true }
}
func placeholder(p string) fieldOpt { return func(f *field) { f.line.Placeholder = p } }
func suggest(s []string) fieldOpt {
	return func(f *field) { f.line.SetSuggestions(s); f.line.ShowSuggestions = len(s) > 0 }
}
func previewWith(p func(string) string) fieldOpt { return func(f *field) { f.preview = p } }
func multiline(height int) fieldOpt {
	return func(f *field) { f.multi, f.areaH = true, height }
}
func choices(cs ...string) fieldOpt { return func(f *field) { f.choices = cs } }
func chosen(c string) fieldOpt {
	return func(f *field) {
		for i, x := range f.choices {
			if x == c {
				f.choice = i
			}
		}
	}
}

// form is a small stack of fields with a title, submitted as a map of
// values. It stays open, text intact, until the store acknowledged the
// submission: an error is shown in one sentence above the fields.
type form struct {
	title   string
	fields  []*field
	focused int
	err     string
	saving  bool
	armed   bool // esc pressed once on a form with typed text
	top     int  // the first field shown when the form scrolls
	c1      rune // an 8-bit control string being typed (0x9b CSI, 0x9d OSC/DCS/SOS/PM/APC), or 0
	keys    formKeys
	styles  *Styles
	initial map[string]string // the values when the form opened
	target  string            // the record the form edits or hangs from, for its draft
	// submit turns the values into a command (a call into the room). The
	// result comes back as a formDoneMsg.
	submit func(map[string]string) tea.Cmd
}

// formDoneMsg is the result of a form's submission.
type formDoneMsg struct {
	err    error
	notice string // shown after a success
}

func newForm(st *Styles, title string, submit func(map[string]string) tea.Cmd) *form {
	return &form{title: title, keys: newFormKeys(), styles: st, submit: submit}
}

// add appends a field.
func (f *form) add(key, label string, opts ...fieldOpt) *form {
	fl := &field{key: key, label: label, line: textinput.New()}
	fl.line.Prompt = ""
	fl.line.CharLimit = meeting.MaxLine
	st := f.styles
	ti := textinput.DefaultStyles(st.Dark)
	if st.Plain {
		ti = textinput.Styles{}
	}
	ti.Cursor.Blink = false // a blinking cursor repaints forever; calm and cheap instead
	ti.Focused.Suggestion = st.Faint
	ti.Blurred.Suggestion = st.Faint
	fl.line.SetStyles(ti)
	for _, o := range opts {
		o(fl)
	}
	if fl.multi {
		fl.area = newArea(st, fl)
	}
	f.fields = append(f.fields, fl)
	return f
}

// newArea is the text area of the multi-line field fl, with what its
// options asked for.
func newArea(st *Styles, fl *field) *textarea.Model {
	a := textarea.New()
	a.CharLimit = meeting.MaxNotes
	a.ShowLineNumbers = false
	a.Prompt = ""
	a.SetHeight(fl.areaH)
	ta := textarea.DefaultStyles(st.Dark)
	if st.Plain {
		ta = textarea.Styles{}
	}
	ta.Cursor.Blink = false
	a.SetStyles(ta)
	a.Placeholder = fl.line.Placeholder
	if fl.hasValue {
		a.SetValue(fl.initial)
	}
	return &a
}

// init focuses the first field and remembers what the fields held, so
// that leaving a form nobody changed asks nothing.
func (f *form) init() tea.Cmd {
	f.focused = 0
	f.initial = f.values()
	return f.fields[0].focus()
}

// setValues puts values (a kept draft) into the fields by key.
func (f *form) setValues(values map[string]string) {
	for _, fl := range f.fields {
		fl.forget()
		v, ok := values[fl.key]
		switch {
		case !ok:
		case fl.choices != nil:
			if i := slices.Index(fl.choices, v); i >= 0 {
				fl.choice = i
			}
		case fl.multi:
			fl.area.SetValue(v)
		default:
			fl.line.SetValue(v)
		}
	}
}

// dirty reports typed text that esc would lose: a field changed since the
// form opened.
func (f *form) dirty() bool {
	for _, fl := range f.fields {
		if fl.choices == nil && strings.TrimSpace(fl.value()) != strings.TrimSpace(f.initial[fl.key]) {
			return true
		}
	}
	return false
}

func (f *form) values() map[string]string {
	out := make(map[string]string, len(f.fields))
	for _, fl := range f.fields {
		out[fl.key] = fl.value()
	}
	return out
}

func (f *form) move(d int) tea.Cmd {
	f.fields[f.focused].blur()
	f.focused = (f.focused + d + len(f.fields)) % len(f.fields)
	return f.fields[f.focused].focus()
}

// errCancel is returned by update when the form was cancelled.
type formOutcome int

const (
	formOpen formOutcome = iota
	formCancelled
)

// update handles a message; it reports formCancelled when the person left.
func (f *form) update(msg tea.Msg) (formOutcome, tea.Cmd) {
	switch msg := msg.(type) {
	case formDoneMsg:
		f.saving = false
		if msg.err != nil {
			f.err = errorSentence(msg.err)
		}
		return formOpen, nil
	case tea.PasteMsg:
		// The text input drops control characters one by one, which would
		// keep an 8-bit sequence's body (a title, CSI parameters) as text.
		msg.Content = meeting.StripSequences(msg.Content)
		return f.updateField(msg)
	case tea.KeyPressMsg:
		if f.saving {
			return formOpen, nil // a submission is in flight; keys wait
		}
		if f.swallow(msg) {
			return formOpen, nil
		}
		cur := f.fields[f.focused]
		if !key.Matches(msg, f.keys.Cancel) {
			f.armed = false
		}
		switch {
		case key.Matches(msg, f.keys.Cancel):
			if f.dirty() && !f.armed {
				f.armed = true
				f.err = "press esc again to discard what you typed"
				return formOpen, nil
			}
			return formCancelled, nil
		case key.Matches(msg, f.keys.Submit):
			return formOpen, f.trySubmit()
		case msg.String() == "enter" && !cur.multi:
			if f.focused == len(f.fields)-1 {
				return formOpen, f.trySubmit()
			}
			return formOpen, f.move(1)
		case cur.choices != nil && (msg.String() == "left" || msg.String() == "right" || msg.String() == "space"):
			d := 1
			if msg.String() == "left" {
				d = -1
			}
			cur.choice = (cur.choice + d + len(cur.choices)) % len(cur.choices)
			f.err = ""
			return formOpen, nil
		case msg.String() == "tab" && !cur.multi && cur.line.ShowSuggestions && acceptable(&cur.line):
			// tab completes an owner from the team before it moves on
		case key.Matches(msg, f.keys.Next) && !(cur.multi && msg.String() == "down"):
			return formOpen, f.move(1)
		case key.Matches(msg, f.keys.Prev) && !(cur.multi && msg.String() == "up"):
			return formOpen, f.move(-1)
		case cur.choices != nil:
			// type the first letter of a choice to pick it
			for i, c := range cur.choices {
				if strings.HasPrefix(c, msg.Text) && msg.Text != "" {
					cur.choice = i
					break
				}
			}
			return formOpen, nil
		}
	}
	return f.updateField(msg)
}

// updateField hands msg to the focused field's input. A sentence about
// the last submission (an error, "press esc again") goes once the text
// changes: it was about what was there before.
//
// A field holds at most its limit: text typed or pasted past it is left
// out, and the form says so rather than cut it silently. A key typed into
// a full field stops here, before the input measures every character it
// holds (a flood of raw keys, an unbracketed paste of a megabyte, cost the
// server ~20 µs a key that way: ~40 CPU-seconds).
func (f *form) updateField(msg tea.Msg) (formOutcome, tea.Cmd) {
	cur := f.fields[f.focused]
	if cur.choices != nil {
		return formOpen, nil
	}
	limit, held := cur.room()
	adding := 0
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		// the draft holds what will be stored: no bidi override, no
		// stray joiner, no line separator the stored text turns into a
		// space (a plain key is plain already)
		if len(m.Text) > 1 || len(m.Text) == 1 && (m.Text[0] < ' ' || m.Text[0] > '~') {
			if m.Text = meeting.CleanDraft(m.Text, cur.multi); m.Text == "" {
				return formOpen, nil
			}
			msg = m
		}
		adding = utf8.RuneCountInString(m.Text)
	case tea.PasteMsg:
		m.Content = meeting.CleanDraft(m.Content, cur.multi)
		msg, adding = m, utf8.RuneCountInString(m.Content)
	}
	if adding > 0 && limit > 0 && held >= limit {
		f.err = cur.fullSentence(limit)
		return formOpen, nil
	}
	before := cur.value()
	var cmd tea.Cmd
	if cur.multi {
		*cur.area, cmd = cur.area.Update(msg)
	} else {
		cur.line, cmd = cur.line.Update(msg)
	}
	if cur.value() != before {
		f.err, f.armed = "", false
	}
	if _, now := cur.room(); adding > 0 && limit > 0 && held+adding > limit && now >= limit {
		f.err = cur.fullSentence(limit)
	}
	return formOpen, cmd
}

// room returns the most characters the field holds (0: no bound) and how
// many it holds, as its input counts them.
func (f *field) room() (limit, held int) {
	if f.multi {
		return f.area.CharLimit, f.area.Length()
	}
	return f.line.CharLimit, utf8.RuneCountInString(f.line.Value())
}

// fullSentence says that the field is full and what was typed past it was
// left out.
func (f *field) fullSentence(limit int) string {
	return fmt.Sprintf("%s is full (%d characters): the rest was left out", f.label, limit)
}

// swallow drops an 8-bit control string that arrives key by key (a client
// sending raw U+009B or U+009D, which no keyboard types): its introducer,
// then its parameters up to the final byte (CSI) or its body up to the
// string terminator U+009C (OSC, DCS, SOS, PM, APC). The text input alone
// would drop the introducer and keep the rest as text. A key that types
// nothing (enter, esc, a ctrl key) ends the string and acts as usual.
func (f *form) swallow(msg tea.KeyPressMsg) bool {
	r, n := utf8.DecodeRuneInString(msg.Text)
	single := n > 0 && n == len(msg.Text)
	switch {
	case f.c1 != 0 && !single:
		f.c1 = 0
		return false
	case f.c1 == 0x9b:
		if r < 0x20 || r > 0x7e || r >= 0x40 {
			f.c1 = 0 // the final byte, or a broken sequence
		}
		return true
	case f.c1 != 0:
		if r == 0x9c || r == 0x07 {
			f.c1 = 0
		}
		return true
	case single && r == 0x9b:
		f.c1 = r
		return true
	case single && (r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f):
		f.c1 = 0x9d
		return true
	}
	return false
}

// acceptable reports that tab would complete what is typed: the current
// suggestion is longer. Typed whole in another case ("sam okafor"), tab
// takes the suggestion's spelling and moves on instead of doing nothing.
func acceptable(in *textinput.Model) bool {
	s := in.CurrentSuggestion()
	if s != "" && s != in.Value() && strings.EqualFold(s, in.Value()) {
		in.SetValue(s)
		return false
	}
	return len([]rune(s)) > len([]rune(in.Value()))
}

func (f *form) trySubmit() tea.Cmd {
	for i, fl := range f.fields {
		if fl.required && strings.TrimSpace(fl.value()) == "" {
			f.err = fmt.Sprintf("%s is required", strings.ToLower(fl.label))
			if i != f.focused {
				return f.moveTo(i)
			}
			return nil
		}
	}
	f.err = ""
	f.saving = true
	return f.submit(f.values())
}

func (f *form) moveTo(i int) tea.Cmd { return f.move(i - f.focused) }

// view renders the form in a box of width w and at most h lines (h <= 0:
// as tall as it needs). When the fields do not fit, the form scrolls so the
// focused field, the title and the footer (status or keys) always show, with
// "↑ n more" / "↓ n more" where fields are hidden. Labels wrap at word
// boundaries instead of being cut.
func (f *form) view(w, h int) string {
	st := f.styles
	inner := max(w-4, 20)
	labelW := 0
	for _, fl := range f.fields {
		labelW = max(labelW, ansi.StringWidth(fl.label))
	}
	labelW = min(labelW, 16, max(inner/3, 8))
	inputW := max(inner-labelW-3, 10)
	blocks := make([][]string, len(f.fields))
	for i, fl := range f.fields {
		blocks[i] = f.fieldLines(i, fl, labelW, inputW)
	}
	var lines []string
	lines = append(lines, st.BoxTitle.Render(ansi.Truncate(f.title, inner, "…")))
	foot := f.footer(inner)
	if h > 0 && len(foot) > 1 && h-2-1-len(foot) < 1 {
		foot = foot[:1] // too small a window to read it whole: one line, cut
		foot[0] = ansi.Truncate(foot[0], inner, "…")
	}
	avail := h - 2 - 1 - len(foot) // border, title, footer
	if h <= 0 {
		avail = 1 << 30
	}
	first, last := f.window(blocks, avail)
	if first > 0 {
		lines = append(lines, st.Subtle.Render(fmt.Sprintf("↑ %d more", first)))
	}
	for i := first; i <= last; i++ {
		lines = append(lines, blocks[i]...)
	}
	if more := len(f.fields) - 1 - last; more > 0 {
		lines = append(lines, st.Subtle.Render(fmt.Sprintf("↓ %d more", more)))
	}
	if h > 0 && len(lines) > h-2-len(foot) {
		// a focused field taller than the room left: keep its first lines
		lines = lines[:max(h-2-len(foot), 1)]
	}
	lines = append(lines, foot...)
	return formBox(st, lines, w)
}

// window picks the fields to show in avail lines: the focused one always,
// then as many around it as fit, remembering the scroll position so that
// moving by one field scrolls by one.
func (f *form) window(blocks [][]string, avail int) (first, last int) {
	n := len(blocks)
	height := func(a, b int) int { // lines for fields a..b with their indicators
		t := 0
		for i := a; i <= b; i++ {
			t += len(blocks[i])
		}
		if a > 0 {
			t++
		}
		if b < n-1 {
			t++
		}
		return t
	}
	if height(0, n-1) <= avail {
		f.top = 0
		return 0, n - 1
	}
	first = min(f.top, f.focused)
	for first < f.focused && height(first, f.focused) > avail {
		first++
	}
	last = f.focused
	for last+1 < n && height(first, last+1) <= avail {
		last++
	}
	for first > 0 && height(first-1, last) <= avail {
		first--
	}
	f.top = first
	return first, last
}

// fieldLines renders field i: its label (wrapped at words), the input and,
// when focused, the preview of what the value means. A field not focused
// is drawn again only when it changed.
func (f *form) fieldLines(i int, fl *field, labelW, inputW int) []string {
	if i != f.focused {
		d := &fl.drawn
		if d.lines != nil && d.labelW == labelW && d.inputW == inputW && d.value == fl.value() && d.palette == f.styles.styleSet {
			return d.lines
		}
		d.lines, d.value, d.labelW, d.inputW = f.drawField(i, fl, labelW, inputW), fl.value(), labelW, inputW
		d.palette = f.styles.styleSet
		return d.lines
	}
	return f.drawField(i, fl, labelW, inputW)
}

// drawField draws field i's lines (see fieldLines).
func (f *form) drawField(i int, fl *field, labelW, inputW int) []string {
	st := f.styles
	label, mark := st.FormLabel, "  "
	if i == f.focused {
		label, mark = st.FormLabelOn, st.Cursor.Render("› ")
	}
	var lbl []string
	for _, l := range strings.Split(wrapWords(fl.label, labelW), "\n") {
		lbl = append(lbl, label.Render(padRight(l, labelW)))
	}
	var input string
	switch {
	case fl.choices != nil:
		var parts []string
		for k, c := range fl.choices {
			if k == fl.choice {
				parts = append(parts, st.Selected.Render("["+c+"]"))
			} else {
				parts = append(parts, st.Subtle.Render(c))
			}
		}
		input = ansi.Truncate(strings.Join(parts, " "), inputW, "…")
	case fl.multi:
		fl.area.SetWidth(inputW)
		input = fl.area.View()
	default:
		// the text input draws its cursor in a cell past its width
		if w := inputW - 1; fl.line.Width() != w {
			fl.line.SetWidth(w)
			// the input lays out the characters it shows only when it
			// takes a key: do it now, for this width, the cursor kept
			pos := fl.line.Position()
			fl.line.CursorEnd()
			fl.line.SetCursor(pos)
		}
		input = fl.line.View()
	}
	row := lipgloss.JoinHorizontal(lipgloss.Top, mark, strings.Join(lbl, "\n"), " ", input)
	out := strings.Split(row, "\n")
	if fl.preview != nil && i == f.focused {
		if p := fl.preview(fl.value()); p != "" {
			out = append(out, strings.Repeat(" ", labelW+3)+st.FormHint.Render(ansi.Truncate(p, inputW, "…")))
		}
	}
	return out
}

// footer is the form's last lines: saving, the error (read whole: up to
// three lines), or its keys.
func (f *form) footer(inner int) []string {
	st := f.styles
	switch {
	case f.saving:
		return []string{st.Subtle.Render("saving…")}
	case f.err != "":
		lines := strings.Split(wrapWords(f.err, inner), "\n")
		if len(lines) > 3 {
			lines = lines[:3]
			lines[2] = ansi.Truncate(lines[2]+" …", inner, "…")
		}
		for i, l := range lines {
			lines[i] = st.Error.Render(l)
		}
		return lines
	}
	hint := "enter next · ctrl+s save · esc cancel"
	if f.fields[f.focused].multi {
		hint = "enter new line · tab next field · ctrl+s save · esc cancel"
	} else if f.fields[f.focused].choices != nil {
		hint = "←/→ choose · enter next · ctrl+s save · esc cancel"
	}
	return []string{st.FormHint.Render(ansi.Truncate(hint, inner, "…"))}
}

// wrapWords wraps s at spaces to lines of at most w cells; a word longer
// than w is broken (with no other choice).
func wrapWords(s string, w int) string {
	return ansi.Hardwrap(ansi.Wordwrap(s, w, ""), w, true)
}

func padRight(s string, w int) string {
	if d := w - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// errorSentence is the one sentence a person sees for err. An internal
// failure that reached the screen unconverted (the room and the service
// convert and log theirs) shows a reference, never its text.
func errorSentence(err error) string {
	msg := meeting.ErrorMessage(meeting.Public(nil, err))
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" {
		return "something went wrong"
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

package meeting

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// line cleans one line of untrusted input for field and bounds it. Escape
// sequences and controls do not count towards the bound; text still too long
// after cleaning is refused rather than silently cut, so the form that sent it
// keeps it and nothing typed is lost without a word.
func line(field, raw string, max int, required bool) (string, error) {
	c, cut := clean(raw, max, false)
	return c, checkField(field, c, cut, max, required)
}

// text is line for multi-line fields.
func text(field, raw string, max int, required bool) (string, error) {
	c, cut := clean(raw, max, true)
	return c, checkField(field, c, cut, max, required)
}

func checkField(field, c string, cut bool, max int, required bool) error {
	if required && c == "" {
		return Errorf(EINVALID, "%s is required", field)
	}
	if cut {
		return Errorf(EINVALID, "%s is longer than %d characters", field, max)
	}
	return nil
}

// ownerField cleans a required owner: a team handle or, for someone outside
// the team, a free-text name. A leading @ is dropped.
func ownerField(raw string) (string, error) {
	o, err := line("owner", strings.TrimPrefix(strings.TrimSpace(raw), "@"), MaxName, false)
	if err == nil && o == "" {
		err = Errorf(EINVALID, "every action needs an owner")
	}
	return o, err
}

// CompareIDs orders ids like A9 < A10 by their trailing number, then text.
func CompareIDs(a, b string) int {
	na, pa := splitID(a)
	nb, pb := splitID(b)
	if pa != pb {
		return strings.Compare(pa, pb)
	}
	switch {
	case na < nb:
		return -1
	case na > nb:
		return 1
	}
	return strings.Compare(a, b)
}

func splitID(id string) (int, string) {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	n, _ := strconv.Atoi(id[i:])
	return n, id[:i]
}

// NormalizeID makes a user-typed id canonical: trimmed and upper-case, so
// "a12" finds A12.
func NormalizeID(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// CleanOwner sanitises an optional owner.
func CleanOwner(s string) string {
	return CleanLine(strings.TrimPrefix(strings.TrimSpace(s), "@"), MaxName)
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

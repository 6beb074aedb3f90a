package meeting

import "slices"

// Page is a window of a listing: Limit items from Offset (Limit 0: all).
type Page struct{ Offset, Limit int }

// pageOf is page p of all.
func pageOf[T any](all []T, p Page) []T {
	if p.Offset > 0 {
		all = all[min(p.Offset, len(all)):]
	}
	if p.Limit > 0 && len(all) > p.Limit {
		all = all[:p.Limit]
	}
	return all
}

// Page is the filter's page.
func (f ActionFilter) Page() Page { return Page{Offset: max(f.Offset, 0), Limit: max(f.Limit, 0)} }

// Unpaged is the filter without its page.
func (f ActionFilter) Unpaged() ActionFilter {
	f.Offset, f.Limit = 0, 0
	return f
}

// PageActions returns the page f asks for of as, which holds every action
// f matches in their order (SortActions): for stores that list in memory.
func PageActions(as []*Action, f ActionFilter) []*Action { return pageOf(as, f.Page()) }

// PageDecisions returns the page f asks for of ds, which holds every
// decision f matches in their order: for stores that list in memory.
func PageDecisions(ds []*Decision, f DecisionFilter) []*Decision {
	return pageOf(ds, Page{Offset: max(f.Offset, 0), Limit: max(f.Limit, 0)})
}

// visiblePage is page p of what read lists (read(0, 0) is all of it),
// without what hides hides. With a limit it reads the store's pages from
// the top, skipping the hidden, until p is full (a few more than asked
// for each time), so a page costs about a page, not the whole list.
func visiblePage[T any](p Page, read func(offset, limit int) ([]T, error), hides func(T) bool) ([]T, error) {
	if p.Limit <= 0 {
		all, err := read(0, 0)
		if err != nil {
			return nil, err
		}
		return pageOf(slices.DeleteFunc(all, hides), p), nil
	}
	var out []T
	skip, offset, batch := max(p.Offset, 0), 0, max(2*p.Limit, 64)
	for {
		xs, err := read(offset, batch)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			if hides(x) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			out = append(out, x)
			if len(out) == p.Limit {
				return out, nil
			}
		}
		if len(xs) < batch {
			return out, nil
		}
		offset += len(xs)
	}
}

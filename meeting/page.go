package meeting

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

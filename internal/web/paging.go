package web

import (
	"net/http"
	"net/url"
	"strconv"

	"wijkregie/internal/store"
)

// perPage is the length of every paginated table.
const perPage = 25

// pageParam reads ?pagina=N (1-based); anything else is page 1.
func pageParam(r *http.Request) (store.Page, int) {
	n, err := strconv.Atoi(r.URL.Query().Get("pagina"))
	if err != nil || n < 1 || n > 1_000_000 {
		n = 1
	}
	return store.Page{Offset: (n - 1) * perPage, Limit: perPage}, n
}

// pager is the pagination below a table.
type pager struct {
	Current int
	Pages   int
	Total   int
	Prev    string // URL of the previous page, "" on the first
	Next    string // URL of the next page, "" on the last
	Links   []pageLink
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis instead of a link
}

// newPager builds the pagination for the request's URL, keeping its other
// query parameters (filters).
func newPager(r *http.Request, current, total int) pager {
	pages := (total + perPage - 1) / perPage
	if pages < 1 {
		pages = 1
	}
	p := pager{Current: current, Pages: pages, Total: total}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("pagina", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if current > 1 {
		p.Prev = link(min(current-1, pages))
	}
	if current < pages {
		p.Next = link(current + 1)
	}
	// First, last and two around the current page; gaps between.
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < current-2 || n > current+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{Number: n, URL: link(n), Current: n == current})
		last = n
	}
	return p
}

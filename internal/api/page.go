package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/store"
)

// Page sizes of every list.
const (
	DefaultPageSize = 20
	MaxPageSize     = store.MaxLimit // 200
	maxPageNumber   = 1 << 30        // keeps (pagina-1)·paginaGrootte far from overflow
)

// pageQuery is the page a list request asks for: pagina is 1-based.
type pageQuery struct {
	number, size int
}

// store returns the store's form of the page.
func (p pageQuery) store() store.Page {
	return store.Page{Offset: (p.number - 1) * p.size, Limit: p.size}
}

// parsePage reads pagina and paginaGrootte, recording each bad value in v
// so that one 400 names every bad parameter (ADR /core/error-handling/all-errors).
func parsePage(r *http.Request, v *wijkregie.Invalid) pageQuery {
	p := pageQuery{number: 1, size: DefaultPageSize}
	q := r.URL.Query()
	if s, ok := query(q, "pagina"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageNumber {
			v.Field("pagina", "api.veld.pagina")
		} else {
			p.number = n
		}
	}
	if s, ok := query(q, "paginaGrootte"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			v.Field("paginaGrootte", "api.veld.pagina_grootte")
		} else {
			p.size = n
		}
	}
	return p
}

// query returns a query parameter's value and whether it was given at all;
// an empty value counts as given, so "?pagina=" is an error, not page 1.
func query(q url.Values, name string) (string, bool) {
	vs, ok := q[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return strings.TrimSpace(vs[0]), true
}

// boolQuery reads a query parameter that is true or false; absent is
// false. Anything else is recorded in v.
func boolQuery(q url.Values, name string, v *wijkregie.Invalid) bool {
	s, ok := query(q, name)
	if !ok {
		return false
	}
	// Only the two words of JSON: strconv.ParseBool's 1, T and FALSE are
	// not what the document promises.
	if s != "true" && s != "false" {
		v.Field(name, "veld.keuze")
		return false
	}
	return s == "true"
}

// List is the body of every list response.
type List[T any] struct {
	Resultaten []T        `json:"resultaten"`
	Paginering Paginering `json:"paginering"`
}

// Paginering says where a page lies in the whole list.
type Paginering struct {
	Pagina        int `json:"pagina"`
	PaginaGrootte int `json:"paginaGrootte"`
	Totaal        int `json:"totaal"`
	AantalPaginas int `json:"aantalPaginas"`
}

// writeList writes one page of a list, with a Link header (RFC 8288) to
// the first, previous, next and last pages where they exist.
func writeList[T any](w http.ResponseWriter, r *http.Request, items []T, p pageQuery, total int) error {
	if items == nil {
		items = []T{} // [] rather than null
	}
	return writeJSON(w, http.StatusOK, List[T]{Resultaten: items, Paginering: paginate(w, r, p, total)})
}

// paginate sets the Link header of one page of a list and returns where
// the page lies, for a list body that carries more than List does.
func paginate(w http.ResponseWriter, r *http.Request, p pageQuery, total int) Paginering {
	pages := (total + p.size - 1) / p.size
	link := func(n int, rel string) string {
		q := r.URL.Query()
		q.Set("pagina", strconv.Itoa(n))
		q.Set("paginaGrootte", strconv.Itoa(p.size))
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf(`<%s>; rel="%s"`, u.String(), rel)
	}
	var links []string
	if pages > 0 {
		links = append(links, link(1, "first"))
	}
	if p.number > 1 && pages > 0 {
		links = append(links, link(min(p.number-1, pages), "prev"))
	}
	if p.number < pages {
		links = append(links, link(p.number+1, "next"))
	}
	if pages > 0 {
		links = append(links, link(pages, "last"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	return Paginering{Pagina: p.number, PaginaGrootte: p.size, Totaal: total, AantalPaginas: pages}
}

// pageOf cuts one page out of a list the use case returns whole.
func pageOf[T any](all []T, p pageQuery) []T {
	from := min((p.number-1)*p.size, len(all))
	to := min(from+p.size, len(all))
	return all[from:to]
}

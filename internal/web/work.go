package web

import "wijkregie/internal/route"

// workRoutes are the journal, Mijn taken, Meldcode, closure and team
// overview pages.
func (h *Handler) workRoutes() []route.Route {
	return nil
}

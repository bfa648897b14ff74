package web

import "wijkregie/internal/route"

// planRoutes are the ZRM assessment and plan pages of a case.
func (h *Handler) planRoutes() []route.Route {
	return nil
}

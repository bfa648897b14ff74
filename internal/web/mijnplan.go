package web

import "wijkregie/internal/route"

// mijnPlanRoutes are the pages of Mijn Plan after login (helper B fills
// this file; docs/mijnplan.md).
func (h *Handler) mijnPlanRoutes() []route.Route { return nil }

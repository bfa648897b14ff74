package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The printable gezinsplan (docs/gezinsplan.md): the plan page links to
// the case's current plan as a PDF to download, print and sign. Who may
// read the plan may print it; the use case decides (policy.DecidePrintPlan)
// and audits the print as an export. Without a plan the answer is the
// friendly 404 page saying so.

func (h *Handler) printPlanRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/plan/gezinsplan.pdf", Action: policy.ViewCase, Handle: h.printPlan},
	}
}

// printPlan sends the PDF as an attachment named after the case and the
// plan's version, never the family's name: a download folder is no place
// for it.
func (h *Handler) printPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.PrintPlan(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	body, err := app.PlanPrintPDF(p, h.cat, h.lang)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("gezinsplan-%s-v%d.pdf", p.Case.ID, p.Plan.Version)
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

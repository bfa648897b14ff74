package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// The printable gezinsplan (docs/gezinsplan.md) as a resource of the plan:
// GET /casussen/{id}/plan/gezinsplan answers the case's current plan
// version as a PDF. The format is negotiated with Accept, as the NL API
// Design Rules have it, not named in the path: the resource is the
// gezinsplan, and PDF is the one representation it has. A client that
// accepts no PDF gets 406 before anything is read or audited.

// errNotAcceptable refuses a request whose Accept admits no PDF.
var errNotAcceptable = &httpError{http.StatusNotAcceptable, "api.fout.gezinsplan.accept"}

// acceptsPDF reports whether an Accept header admits application/pdf: no
// header, or a media range that covers it with a quality above zero.
func acceptsPDF(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, err := strconv.ParseFloat(params["q"], 64); params["q"] != "" && (err != nil || q <= 0) {
			continue
		}
		switch mt {
		case "application/pdf", "application/*", "*/*":
			return true
		}
	}
	return false
}

func (h *Handler) getPlanPrint(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Accept")
	if !acceptsPDF(r.Header.Get("Accept")) {
		return errNotAcceptable
	}
	p, err := h.svc.PrintPlan(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := app.PlanPrintPDF(p, h.cat, locale.NL)
	if err != nil {
		return err
	}
	// The file's name holds the case and the version, never the family's
	// name: a download folder is no place for it.
	name := fmt.Sprintf("gezinsplan-%s-v%d.pdf", p.Case.ID, p.Plan.Version)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	writeBody(w, http.StatusOK, "application/pdf", b)
	return nil
}

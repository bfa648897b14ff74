package api

import (
	"net/http"
	"time"

	"wijkregie/internal/request"
)

// Inlogcodes for Mijn Plan (docs/mijnplan.md): the regisseur, or the lead
// of the case's team, makes a one-time code for a household member. The
// code is in this answer only; the store keeps its hash.

// InlogcodeNieuw is the body of POST /casussen/{id}/inlogcodes.
type InlogcodeNieuw struct {
	PersoonID string `json:"persoonId"`
}

// Inlogcode is a new code as made: to be handed over at once.
type Inlogcode struct {
	Code      string    `json:"code"`
	GeldigTot time.Time `json:"geldigTot"`
	PersoonID string    `json:"persoonId"`
}

// createLoginCode makes an inlogcode. A person who may not use Mijn Plan
// (not a current member, under 16, no birth date, or the case closed over
// 90 days ago) is a 400 naming persoonId.
func (h *Handler) createLoginCode(w http.ResponseWriter, r *http.Request) error {
	var in InlogcodeNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := h.svc.IssueLoginCode(r.Context(), request.Actor(r), r.PathValue("id"), in.PersoonID)
	if err != nil {
		return err
	}
	// The code is shown once: no cache may keep it.
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, Inlogcode{Code: c.Code, GeldigTot: c.ExpiresAt.UTC(), PersoonID: c.Person.ID})
}

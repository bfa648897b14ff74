package api

import (
	"net/http"

	"wijkregie/internal/request"
)

// Samenvoeging is the body of a merge: the id of the duplicate, which is
// merged into the person in the path (the record that stays).
type Samenvoeging struct {
	Duplicaat string `json:"duplicaat"`
}

// mergePersons merges the duplicate into the person in the path and
// answers with that person as GET /personen/{id} shows them, with the
// ETag that GET would send. Merging creates nothing, so the answer is 200.
// A duplicate that is missing, unknown or the person itself is a 400 on
// duplicaat; two different BSNs, or a record merged already, a 409.
func (h *Handler) mergePersons(w http.ResponseWriter, r *http.Request) error {
	var in Samenvoeging
	if err := decode(w, r, &in); err != nil {
		return err
	}
	actor, id := request.Actor(r), r.PathValue("id")
	if err := h.svc.MergePersons(r.Context(), actor, id, in.Duplicaat); err != nil {
		return err
	}
	pv, err := h.svc.Person(r.Context(), actor, id)
	if err != nil {
		return err
	}
	v := persoon(pv.Person, pv.Household, pv.History)
	tag, err := currentETag(v)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", tag)
	return writeJSON(w, http.StatusOK, v)
}

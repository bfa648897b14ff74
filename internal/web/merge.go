package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Merging a duplicate into a person, from the person's page: first pick
// the duplicate (among the records with the same family name and birth
// date, or by a search), then confirm with both records side by side.
// Every step carries only ids in its URL; searching posts, as on the
// search page, so that a BSN never lands in a URL.

// mergeView is the first step: the person that stays, their likely
// duplicates and, after a search, its results.
type mergeView struct {
	Keep       store.PersonMatch
	Duplicates []store.PersonMatch
	Form       *form // the search forms
	Searched   bool
	Results    []store.PersonMatch // never the person that stays
	Full       bool                // the results were cut at store.MaxMatches
	Max        int
}

// DupTable is the table of likely duplicates to pick the duplicate from.
func (v *mergeView) DupTable() matchTable {
	return matchTable{ID: "dubbelen", Caption: "samenvoegen.dubbelen.bijschrift", Keep: v.Keep.Person.ID, Matches: v.Duplicates}
}

// Table is the table of a search's results to pick the duplicate from.
func (v *mergeView) Table() matchTable {
	return matchTable{ID: "resultaten", Caption: "zoeken.resultaten.bijschrift", Keep: v.Keep.Person.ID, Matches: v.Results}
}

func (h *Handler) mergePage(w http.ResponseWriter, r *http.Request, status int, v *mergeView) error {
	v.Max = store.MaxMatches
	p := newPage(r, "titel.samenvoegen", "huishoudens", v)
	if v.Form.Invalid() {
		p.Invalid = v.Form
	}
	return h.render(w, r, status, "samenvoegen", p)
}

// mergeStart begins a merge: the person that stays was found through a
// household the actor may see.
func (h *Handler) mergeStart(w http.ResponseWriter, r *http.Request) error {
	ms, err := h.svc.MergeCandidates(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := &mergeView{Keep: ms.Keep, Duplicates: ms.Duplicates, Form: newForm("", searchFields)}
	return h.mergePage(w, r, http.StatusOK, v)
}

// mergeSearch searches for the duplicate, as the search page does, and
// shows the results beside the likely duplicates.
func (h *Handler) mergeSearch(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor, id := request.Actor(r), r.PathValue("id")
	ms, err := h.svc.MergeCandidates(r.Context(), actor, id)
	if err != nil {
		return err
	}
	v := &mergeView{Keep: ms.Keep, Duplicates: ms.Duplicates, Form: newForm("", searchFields)}
	found, err := h.svc.SearchPersons(r.Context(), actor, searchInput(r, v.Form))
	if err != nil {
		if v.Form.fail(err) {
			return h.mergePage(w, r, http.StatusUnprocessableEntity, v)
		}
		return err
	}
	v.Searched, v.Results, v.Full = true, app.WithoutPerson(found, id), len(found) == store.MaxMatches
	return h.mergePage(w, r, http.StatusOK, v)
}

// mergeFields are the confirmation's fields. The duplicate is in the URL;
// an error about it shows beside its column of the comparison.
var mergeFields = []field{{"duplicaat", "label.duplicaat"}, {"bevestig", "label.samenvoegen.bevestig"}}

// mergeConfirmView is the second step: both records side by side, and the
// form that merges them.
type mergeConfirmView struct {
	Preview *app.MergePreview
	Form    *form
}

func (h *Handler) mergeConfirmPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	pv, err := h.svc.MergePreview(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("duplicaat"))
	if err != nil {
		return err
	}
	p := newPage(r, "titel.samenvoegen.bevestigen", "huishoudens", mergeConfirmView{Preview: pv, Form: f})
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "samenvoegen-bevestigen", p)
}

func (h *Handler) mergeConfirm(w http.ResponseWriter, r *http.Request) error {
	return h.mergeConfirmPage(w, r, http.StatusOK, newForm("", mergeFields))
}

// merge merges the duplicate into the person, once the professional has
// ticked that both records are one resident, and goes back to the person.
// A refusal comes back on the confirmation, beside the field it is about
// or, for a conflict, above the form.
func (h *Handler) merge(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", mergeFields)
	confirmed := checked(r, "bevestig")
	f.Values["bevestig"] = boolValue(confirmed)
	if !confirmed {
		f.Errors = []wijkregie.FieldError{{Name: "bevestig", Message: "veld.samenvoegen.bevestig"}}
		return h.mergeConfirmPage(w, r, http.StatusUnprocessableEntity, f)
	}
	id := r.PathValue("id")
	if err := h.svc.MergePersons(r.Context(), request.Actor(r), id, r.PathValue("duplicaat")); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.mergeConfirmPage(w, r, status, f)
		}
		return err
	}
	return h.redirect(w, r, "/personen/"+id, "melding.persoon.samengevoegd")
}

package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/request"
)

var organisationFields = []field{{"naam", "label.naam"}, {"soort", "label.soort"}, {"telefoon", "label.telefoon"}, {"email", "label.email"}, {"actief", "label.actief"}}

// organisationFormView is the create and edit form of an organisation.
type organisationFormView struct {
	Form   *form
	Action string // where the form posts: its own path
	New    bool
	Kinds  []option
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) error {
	os, err := h.svc.Organisations(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "organisaties", newPage(r, "titel.organisaties", "organisaties", os))
}

func (h *Handler) kindOptions() []option {
	opts := []option{{Value: "", Text: h.t("keuze.kies_soort")}}
	for _, k := range wijkregie.OrganisationKinds {
		opts = append(opts, option{Value: string(k), Text: h.label("soort.", k)})
	}
	return opts
}

func (h *Handler) organisationForm(w http.ResponseWriter, r *http.Request, status int, f *form, id string) error {
	v := organisationFormView{Form: f, Action: "/beheer/organisaties", New: id == "", Kinds: h.kindOptions()}
	title := "titel.organisatie.nieuw"
	if id != "" {
		v.Action, title = "/beheer/organisaties/"+id, "titel.organisatie.wijzigen"
	}
	p := newPage(r, title, "organisaties", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "organisatie", p)
}

func (h *Handler) newOrganisation(w http.ResponseWriter, r *http.Request) error {
	return h.organisationForm(w, r, http.StatusOK, newForm("", organisationFields), "")
}

func (h *Handler) editOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.Organisation(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", organisationFields)
	f.Values.Set("naam", o.Name)
	f.Values.Set("soort", string(o.Kind))
	f.Values.Set("telefoon", o.Phone)
	f.Values.Set("email", o.Email)
	f.Values["actief"] = boolValue(o.Active)
	return h.organisationForm(w, r, http.StatusOK, f, o.ID)
}

// organisationFromForm reads the posted fields into o and f.
func organisationFromForm(r *http.Request, o *wijkregie.Organisation, f *form) {
	o.Name, o.Kind = formValue(r, "naam"), wijkregie.OrganisationKind(formValue(r, "soort"))
	o.Phone, o.Email = formValue(r, "telefoon"), formValue(r, "email")
	for _, k := range []string{"naam", "soort", "telefoon", "email"} {
		f.Values.Set(k, formValue(r, k))
	}
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", organisationFields)
	var o wijkregie.Organisation
	organisationFromForm(r, &o, f)
	if err := h.svc.SaveOrganisation(r.Context(), request.Actor(r), &o); err != nil {
		if f.fail(err) {
			return h.organisationForm(w, r, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	return h.redirect(w, r, "/beheer/organisaties", "melding.organisatie.aangemaakt")
}

func (h *Handler) updateOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	o, err := h.svc.Organisation(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", organisationFields)
	organisationFromForm(r, o, f)
	o.Active = checked(r, "actief")
	f.Values["actief"] = boolValue(o.Active)
	if err := h.svc.SaveOrganisation(r.Context(), actor, o); err != nil {
		if f.fail(err) {
			return h.organisationForm(w, r, http.StatusUnprocessableEntity, f, o.ID)
		}
		return err
	}
	return h.redirect(w, r, "/beheer/organisaties", "melding.organisatie.gewijzigd")
}

package web

import (
	"net/http"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// The sociale kaart: everyone searches it to refer a simple question;
// beheer keeps it up to date.

var serviceFields = []field{
	{"naam", "label.naam"}, {"omschrijving", "label.omschrijving"}, {"domeinen", "label.domeinen"},
	{"doelgroep", "label.doelgroep"}, {"werkgebied", "label.werkgebied"}, {"telefoon", "label.telefoon"},
	{"email", "label.email"}, {"website", "label.website"}, {"adres", "label.adres"},
	{"openingstijden", "label.openingstijden"}, {"actief", "label.actief"},
}

var serviceFilterFields = []field{{"zoekterm", "label.zoekterm"}, {"domein", "label.domein"}, {"postcode", "label.postcode.inwoner"}}

// servicesView is the catalogue with its search form.
type servicesView struct {
	Rows    []wijkregie.Service
	Pager   pager
	Filter  *form
	Domains []option
}

// serviceFormView is the create and edit form of a catalogue entry.
type serviceFormView struct {
	Form         *form
	Action       string
	New          bool
	Domains      []option
	TargetGroups []option
}

func (h *Handler) domainOptions() []option {
	var opts []option
	for _, d := range wijkregie.Domains {
		opts = append(opts, option{Value: d.Code, Text: h.label("domein.", d.Code)})
	}
	return opts
}

// services lists the catalogue. The search is a GET form, so a search is a
// link that can be shared and works without JavaScript; with htmx only the
// list is swapped.
func (h *Handler) services(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	q := r.URL.Query()
	filter := newForm("filter-", serviceFilterFields)
	f := store.ServiceFilter{Page: pg}
	f.Query, f.Domain, f.Postcode = strings.TrimSpace(q.Get("zoekterm")), q.Get("domein"), strings.TrimSpace(q.Get("postcode"))
	filter.Values.Set("zoekterm", f.Query)
	filter.Values.Set("domein", f.Domain)
	filter.Values.Set("postcode", f.Postcode)
	v := servicesView{Filter: filter, Domains: append([]option{{Value: "", Text: h.t("keuze.alle_domeinen")}}, h.domainOptions()...)}
	status := http.StatusOK
	list, total, err := h.svc.Services(r.Context(), request.Actor(r), f)
	if err != nil {
		// A postcode or domain that cannot be searched for is shown
		// beside its field, as in any form.
		if !filter.fail(err) {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	v.Rows, v.Pager = list, newPager(r, n, total)
	p := newPage(r, "titel.sociale_kaart", "sociale-kaart", v)
	if filter.Invalid() {
		p.Invalid = filter
	}
	return h.render(w, r, status, "sociale-kaart", p)
}

func (h *Handler) service(w http.ResponseWriter, r *http.Request) error {
	sv, err := h.svc.Service(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "dienst", newPage(r, "titel.dienst", "sociale-kaart", sv))
}

func (h *Handler) serviceForm(w http.ResponseWriter, r *http.Request, status int, f *form, id string) error {
	v := serviceFormView{Form: f, Action: "/beheer/sociale-kaart", New: id == "", Domains: h.domainOptions(),
		TargetGroups: []option{{Value: "", Text: h.t("keuze.kies_doelgroep")}}}
	for _, g := range wijkregie.TargetGroups {
		v.TargetGroups = append(v.TargetGroups, option{Value: g, Text: h.label("doelgroep.", g)})
	}
	title := "titel.dienst.nieuw"
	if id != "" {
		v.Action, title = "/beheer/sociale-kaart/"+id, "titel.dienst.wijzigen"
	}
	p := newPage(r, title, "sociale-kaart", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "dienst-formulier", p)
}

func (h *Handler) newService(w http.ResponseWriter, r *http.Request) error {
	return h.serviceForm(w, r, http.StatusOK, newForm("", serviceFields), "")
}

func (h *Handler) editService(w http.ResponseWriter, r *http.Request) error {
	sv, err := h.svc.Service(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", serviceFields)
	fillServiceForm(f, sv)
	f.Values["actief"] = boolValue(sv.Active)
	return h.serviceForm(w, r, http.StatusOK, f, sv.ID)
}

// serviceFromForm reads the posted fields into sv and f.
func serviceFromForm(r *http.Request, sv *wijkregie.Service, f *form) {
	sv.Name, sv.Description = formValue(r, "naam"), formValue(r, "omschrijving")
	sv.Domains = nil
	for _, d := range r.PostForm["domeinen"] {
		if !slices.Contains(sv.Domains, d) {
			sv.Domains = append(sv.Domains, d)
		}
	}
	sv.TargetGroup, sv.Areas = formValue(r, "doelgroep"), parseAreas(r.PostFormValue("werkgebied"))
	sv.Phone, sv.Email, sv.Website = formValue(r, "telefoon"), formValue(r, "email"), formValue(r, "website")
	sv.Address, sv.OpeningHours = formValue(r, "adres"), formValue(r, "openingstijden")
	fillServiceForm(f, sv)
	// The werkgebied as typed, so a mistake in it can be corrected there.
	f.Values.Set("werkgebied", formValue(r, "werkgebied"))
}

func fillServiceForm(f *form, sv *wijkregie.Service) {
	f.Values.Set("naam", sv.Name)
	f.Values.Set("omschrijving", sv.Description)
	f.Values["domeinen"] = sv.Domains
	f.Values.Set("doelgroep", sv.TargetGroup)
	f.Values.Set("werkgebied", strings.Join(sv.Areas, ", "))
	f.Values.Set("telefoon", sv.Phone)
	f.Values.Set("email", sv.Email)
	f.Values.Set("website", sv.Website)
	f.Values.Set("adres", sv.Address)
	f.Values.Set("openingstijden", sv.OpeningHours)
}

func (h *Handler) createService(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", serviceFields)
	var sv wijkregie.Service
	serviceFromForm(r, &sv, f)
	if err := h.svc.SaveService(r.Context(), request.Actor(r), &sv); err != nil {
		if f.fail(err) {
			return h.serviceForm(w, r, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	return h.redirect(w, r, "/sociale-kaart/"+sv.ID, "melding.dienst.aangemaakt")
}

func (h *Handler) updateService(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	sv, err := h.svc.Service(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", serviceFields)
	serviceFromForm(r, sv, f)
	sv.Active = checked(r, "actief")
	f.Values["actief"] = boolValue(sv.Active)
	if err := h.svc.SaveService(r.Context(), actor, sv); err != nil {
		if f.fail(err) {
			return h.serviceForm(w, r, http.StatusUnprocessableEntity, f, sv.ID)
		}
		return err
	}
	return h.redirect(w, r, "/sociale-kaart/"+sv.ID, "melding.dienst.gewijzigd")
}

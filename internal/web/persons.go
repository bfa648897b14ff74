package web

import (
	"errors"
	"net/http"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

func (h *Handler) person(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.svc.Person(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "persoon", newPage(r, "titel.persoon", "huishoudens", pv))
}

// auditRow is one line of an audit table, with the user resolved.
type auditRow struct {
	Record   wijkregie.AuditRecord
	UserName string // "" when unknown
	System   bool   // done by the command line, not by a user
}

func auditRows(recs []wijkregie.AuditRecord, users map[string]*wijkregie.User) []auditRow {
	rows := make([]auditRow, 0, len(recs))
	for _, rec := range recs {
		row := auditRow{Record: rec, System: !wijkregie.ValidID(rec.UserID)}
		if u := users[rec.UserID]; u != nil {
			row.UserName = u.Name
		}
		rows = append(rows, row)
	}
	return rows
}

// accessLogView is who read or changed a person's data.
type accessLogView struct {
	Person *wijkregie.Person
	Rows   []auditRow
	Pager  pager
}

func (h *Handler) personAccessLog(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	lv, err := h.svc.PersonAccessLog(r.Context(), request.Actor(r), r.PathValue("id"), pg)
	if err != nil {
		return err
	}
	v := accessLogView{Person: lv.Person, Rows: auditRows(lv.Records, lv.Users), Pager: newPager(r, n, lv.Total)}
	nav := "huishoudens"
	if request.Actor(r).Role == wijkregie.RoleAdmin {
		nav = "auditlog"
	}
	return h.render(w, r, http.StatusOK, "persoon-auditlog", newPage(r, "titel.persoon.auditlog", nav, v))
}

// personFields are a registration's fields, in page order.
var personFields = []field{
	{"voornaam", "label.voornaam"}, {"tussenvoegsel", "label.tussenvoegsel"}, {"achternaam", "label.achternaam"},
	{"geboortedatum", "label.geboortedatum"}, {"bsn", "label.bsn"}, {"telefoon", "label.telefoon"}, {"email", "label.email"},
	{"bevestigDubbel", "label.bevestig_dubbel"},
}

// personInput reads a registration's fields into f and returns them as
// the domain reads them, with whether possible duplicates were confirmed.
func personInput(r *http.Request, f *form) (wijkregie.PersonInput, bool) {
	for _, fl := range personFields[:len(personFields)-1] {
		f.Values.Set(fl.name, formValue(r, fl.name))
	}
	confirmed := checked(r, "bevestigDubbel")
	f.Values["bevestigDubbel"] = boolValue(confirmed)
	return wijkregie.PersonInput{
		BSN: f.Value("bsn"), GivenName: f.Value("voornaam"), Prefix: f.Value("tussenvoegsel"), FamilyName: f.Value("achternaam"),
		BirthDate: f.Value("geboortedatum"), Phone: f.Value("telefoon"), Email: f.Value("email"),
	}, confirmed
}

// duplicatesOf returns the possible duplicates err names, if it is that
// error: the form then shows them, with the box to register all the same.
func duplicatesOf(err error) ([]store.PersonMatch, bool) {
	var dup *app.PossibleDuplicates
	if errors.As(err, &dup) {
		return dup.Matches, true
	}
	return nil, false
}

// personFormView is the registration form of a person.
type personFormView struct {
	Form       *form
	Duplicates []store.PersonMatch
}

func (h *Handler) personForm(w http.ResponseWriter, r *http.Request, status int, v personFormView) error {
	p := newPage(r, "titel.persoon.nieuw", "personen", v)
	if v.Form.Invalid() {
		p.Invalid = v.Form
	}
	return h.render(w, r, status, "persoon-nieuw", p)
}

func (h *Handler) newPerson(w http.ResponseWriter, r *http.Request) error {
	return h.personForm(w, r, http.StatusOK, personFormView{Form: newForm("", personFields)})
}

// createPerson registers a person and goes on to the household form with
// the person as its first member: a person is seen through a household.
func (h *Handler) createPerson(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", personFields)
	in, confirmed := personInput(r, f)
	p, err := h.svc.RegisterPerson(r.Context(), request.Actor(r), in, confirmed)
	if dups, ok := duplicatesOf(err); ok {
		return h.personForm(w, r, http.StatusConflict, personFormView{Form: f, Duplicates: dups})
	}
	if err != nil {
		if f.fail(err) {
			return h.personForm(w, r, http.StatusUnprocessableEntity, personFormView{Form: f})
		}
		return err
	}
	return h.redirect(w, r, "/huishoudens/nieuw?persoon="+p.ID, "melding.persoon.geregistreerd")
}

package web

import (
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The consent registry's pages: the section Toestemmingen on the
// household page (per person, what holds and what ended), the form that
// records a consent and asks exactly whom the age rules need, and the
// page that confirms a withdrawal. Who may do what is decided in
// internal/app; these pages only show it.

// consentRoutes are the form to record a consent and the withdrawal.
func (h *Handler) consentRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /personen/{id}/toestemmingen/nieuw", Action: policy.RecordConsent, Handle: h.newConsent},
		{Pattern: "POST /personen/{id}/toestemmingen", Action: policy.RecordConsent, Handle: h.recordConsent},
		{Pattern: "GET /toestemmingen/{id}/intrekken", Action: policy.WithdrawConsent, Handle: h.withdrawForm},
		{Pattern: "POST /toestemmingen/{id}/intrekken", Action: policy.WithdrawConsent, Handle: h.withdrawConsent},
	}
}

// consentSection is the household page's section Toestemmingen.
type consentSection struct {
	Persons   []consentPerson
	CanRecord bool
}

// consentPerson is one member with their consents, the ones that hold
// apart from the ones that ended.
type consentPerson struct {
	Person wijkregie.Person
	Active []consentRow
	Ended  []consentRow
}

// consentRow is a consent as the tables show it, every part in words.
type consentRow struct {
	ID          string
	Recipient   string
	Purpose     string
	Domains     string
	Given       string // the day, how, and by whom
	Until       string // "" while it has no end
	Ended       string // how it ended: withdrawn (when, by whom, why) or expired
	CanWithdraw bool
}

// consentSection puts the consents of the household's members in the
// section; nil (no section) for a role that sees no consents.
func (h *Handler) consentSection(cv *app.ConsentsView, members []memberRow) *consentSection {
	if cv == nil {
		return nil
	}
	names := map[string]string{}
	for _, m := range members {
		names[m.Person.ID] = m.Person.FullName()
	}
	now := h.svc.Now()
	sec := &consentSection{CanRecord: cv.CanRecord}
	for _, m := range members {
		if !m.Member.Until.IsZero() && m.Member.Until.Before(wijkregie.Today(now)) {
			continue // a former member's consents left with them
		}
		cp := consentPerson{Person: m.Person}
		for i := range cv.Consents {
			c := &cv.Consents[i]
			if c.PersonID != m.Person.ID {
				continue
			}
			row := h.consentRow(c, cv.Organisations, cv.Users, names, now)
			switch c.StatusAt(now) {
			case wijkregie.ConsentActive, wijkregie.ConsentPending:
				row.CanWithdraw = cv.CanWithdraw
				cp.Active = append(cp.Active, row)
			default:
				cp.Ended = append(cp.Ended, row)
			}
		}
		sec.Persons = append(sec.Persons, cp)
	}
	return sec
}

// recipient names who a consent is for: the organisation, or every one of
// a kind.
func (h *Handler) recipient(c *wijkregie.Consent, orgs map[string]*wijkregie.Organisation) string {
	if c.OrganisationID == "" {
		return h.t("toestemming.ontvanger.soort", "soort", h.label("soort.", c.OrganisationKind))
	}
	if o := orgs[c.OrganisationID]; o != nil {
		return o.Name
	}
	return h.t("leeg.onbekend")
}

// consentRow puts a consent in words. names holds the household's
// persons by id, for the givers.
func (h *Handler) consentRow(c *wijkregie.Consent, orgs map[string]*wijkregie.Organisation, users map[string]*wijkregie.User,
	names map[string]string, now time.Time) consentRow {
	row := consentRow{ID: c.ID, Recipient: h.recipient(c, orgs), Purpose: h.label("toestemming.doel.", c.Purpose), Until: h.formatDate(c.Until)}
	var ds []string
	for _, d := range c.Domains {
		ds = append(ds, h.label("domein.", d))
	}
	row.Domains = strings.Join(ds, ", ")
	var givers []string
	for _, g := range c.GivenBy {
		name := names[g.PersonID]
		if name == "" {
			name = h.t("leeg.onbekend")
		}
		givers = append(givers, h.t("toestemming.gever."+string(g.Capacity), "naam", name))
	}
	row.Given = h.t("toestemming.gegeven", "datum", h.formatDate(c.GivenOn), "wijze", h.label("toestemming.wijze.", c.Method),
		"door", strings.Join(givers, h.t("toestemming.en")))
	switch c.StatusAt(now) {
	case wijkregie.ConsentWithdrawn:
		by := h.userNamed(users, c.WithdrawnBy)
		if by == h.t("leeg.onbekend") || by == "" {
			row.Ended = h.t("toestemming.ingetrokken_op", "tijd", h.formatTime(c.WithdrawnAt))
		} else {
			row.Ended = h.t("toestemming.ingetrokken_op_door", "tijd", h.formatTime(c.WithdrawnAt), "naam", by)
		}
		if c.WithdrawnReason != "" {
			row.Ended += " " + h.t("toestemming.reden", "reden", c.WithdrawnReason)
		}
	case wijkregie.ConsentExpired:
		row.Ended = h.t("toestemming.verlopen_op", "datum", h.formatDate(c.Until))
	}
	return row
}

// consentFields are the fields of the form that records a consent.
var consentFields = []field{
	{"organisatie", "toestemming.label.organisatie"}, {"organisatiesoort", "toestemming.label.organisatiesoort"},
	{"doel", "toestemming.label.doel"}, {"domeinen", "toestemming.label.domeinen"}, {"gegevenOp", "toestemming.label.gegeven_op"},
	{"wijze", "toestemming.label.wijze"}, {"gegevenDoor", "toestemming.label.gegeven_door"}, {"tot", "toestemming.label.tot"},
	{"persoon", "toestemming.label.persoon"},
}

// consentFormView is the form "Toestemming vastleggen" for one person.
type consentFormView struct {
	Form          *form
	Person        *wijkregie.Person
	HouseholdID   string
	Rule          string // the age rule, in a plain Dutch sentence
	NoParent      bool   // a parent must consent, and the household has none
	Organisations []option
	Kinds         []option
	Purposes      []option
	Domains       []option
	Methods       []option
	Givers        []option // exactly those the age rules ask for
}

// ageRule says in plain Dutch (B1) whom the age rules ask, and why.
func (h *Handler) ageRule(v *app.ConsentFormView) string {
	name := v.Person.FullName()
	switch {
	case v.Age < 0:
		return h.t("toestemming.regel.onbekend", "naam", name)
	case v.Age < 12:
		return h.t("toestemming.regel.onder_12", "naam", name, "leeftijd", v.Age)
	case v.Age < 16:
		return h.t("toestemming.regel.12_tot_16", "naam", name, "leeftijd", v.Age)
	}
	return h.t("toestemming.regel.vanaf_16", "naam", name, "leeftijd", v.Age)
}

func (h *Handler) consentForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	actor := request.Actor(r)
	fv, err := h.svc.ConsentForm(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	orgs, err := h.svc.Organisations(r.Context(), actor)
	if err != nil {
		return err
	}
	v := consentFormView{Form: f, Person: fv.Person, HouseholdID: fv.Household.ID, Rule: h.ageRule(fv),
		Organisations: []option{{Value: "", Text: h.t("toestemming.keuze.geen_organisatie")}},
		Kinds:         []option{{Value: "", Text: h.t("toestemming.keuze.geen_soort")}}}
	for _, o := range orgs {
		if o.Active && o.Kind != wijkregie.OrgGemeente {
			v.Organisations = append(v.Organisations, option{Value: o.ID, Text: o.Name})
		}
	}
	for _, k := range wijkregie.OrganisationKinds {
		if k != wijkregie.OrgGemeente {
			v.Kinds = append(v.Kinds, option{Value: string(k), Text: h.label("soort.", k)})
		}
	}
	for _, p := range wijkregie.ConsentPurposes {
		v.Purposes = append(v.Purposes, option{Value: string(p), Text: h.label("toestemming.doel.", p)})
	}
	v.Domains = h.domainOptions()
	for _, m := range wijkregie.ConsentMethods {
		v.Methods = append(v.Methods, option{Value: string(m), Text: h.label("toestemming.wijze.", m)})
	}
	for _, need := range fv.Needs {
		switch need {
		case wijkregie.GiverSelf:
			v.Givers = append(v.Givers, option{Value: string(wijkregie.GiverSelf), Text: h.t("toestemming.label.zelf", "naam", fv.Person.FullName())})
		case wijkregie.GiverParent:
			for _, p := range fv.Parents {
				v.Givers = append(v.Givers, option{Value: p.ID, Text: h.t("toestemming.label.ouder", "naam", p.FullName())})
			}
			v.NoParent = len(fv.Parents) == 0
		}
	}
	p := newPage(r, "titel.toestemming.nieuw", "huishoudens", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "toestemming-nieuw", p)
}

func (h *Handler) newConsent(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", consentFields)
	f.Values.Set("gegevenOp", h.today())
	return h.consentForm(w, r, http.StatusOK, f)
}

// recordConsent records the consent the form describes and goes back to
// the household's consents; errors come back beside their fields, with
// the input kept.
func (h *Handler) recordConsent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	personID := r.PathValue("id")
	f := newForm("", consentFields)
	for _, name := range []string{"organisatie", "organisatiesoort", "doel", "gegevenOp", "wijze", "tot"} {
		f.Values.Set(name, formValue(r, name))
	}
	f.Values["domeinen"] = r.PostForm["domeinen"]
	f.Values["gegevenDoor"] = r.PostForm["gegevenDoor"]
	c := &wijkregie.Consent{PersonID: personID, OrganisationID: f.Value("organisatie"), OrganisationKind: wijkregie.OrganisationKind(f.Value("organisatiesoort")),
		Purpose: wijkregie.ConsentPurpose(f.Value("doel")), Domains: f.Values["domeinen"], Method: wijkregie.ConsentMethod(f.Value("wijze"))}
	var bad []wijkregie.FieldError
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"gegevenOp", &c.GivenOn}, {"tot", &c.Until}} {
		if s := f.Value(d.name); s != "" {
			t, err := wijkregie.ParseDate(s)
			if err != nil {
				bad = append(bad, wijkregie.FieldError{Name: d.name, Message: "veld.datum"})
				continue
			}
			*d.dst = t
		}
	}
	// The giver boxes carry "betrokkene" for the person themself and a
	// parent's id for a parent with authority.
	for _, g := range f.Values["gegevenDoor"] {
		if g == string(wijkregie.GiverSelf) {
			c.GivenBy = append(c.GivenBy, wijkregie.ConsentGiver{PersonID: personID, Capacity: wijkregie.GiverSelf})
		} else {
			c.GivenBy = append(c.GivenBy, wijkregie.ConsentGiver{PersonID: g, Capacity: wijkregie.GiverParent})
		}
	}
	if len(bad) > 0 {
		f.Errors = bad
		return h.consentForm(w, r, http.StatusUnprocessableEntity, f)
	}
	saved, err := h.svc.RecordConsent(r.Context(), request.Actor(r), c)
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.consentForm(w, r, status, f)
		}
		return err
	}
	return h.toHousehold(w, r, saved.PersonID, "melding.toestemming.vastgelegd")
}

// toHousehold sends the user back to the consents on the household page
// of the person, as the person page knows it.
func (h *Handler) toHousehold(w http.ResponseWriter, r *http.Request, personID, flash string) error {
	pv, err := h.svc.Person(r.Context(), request.Actor(r), personID)
	if err != nil || pv.Household == nil {
		return h.redirect(w, r, "/personen/"+personID, flash)
	}
	return h.redirect(w, r, "/huishoudens/"+pv.Household.ID+"#toestemmingen", flash)
}

// withdrawView is the page that confirms a withdrawal.
type withdrawView struct {
	Consent *wijkregie.Consent
	Person  *wijkregie.Person
	Row     consentRow
	Back    string
	Form    *form
}

var withdrawFields = []field{{"reden", "toestemming.label.reden"}}

func (h *Handler) withdrawPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	actor := request.Actor(r)
	cv, err := h.svc.Consent(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !cv.CanWithdraw {
		// Withdrawn already, or not the actor's to withdraw.
		if !cv.Consent.WithdrawnAt.IsZero() {
			return wijkregie.Conflict("fout.toestemming.al_ingetrokken")
		}
		return wijkregie.Forbidden()
	}
	names := map[string]string{cv.Person.ID: cv.Person.FullName()}
	v := withdrawView{Consent: cv.Consent, Person: cv.Person, Form: f, Back: "/personen/" + cv.Person.ID,
		Row: h.consentRow(cv.Consent, cv.Organisations, cv.Users, names, h.svc.Now())}
	if cv.Household != nil {
		v.Back = "/huishoudens/" + cv.Household.ID + "#toestemmingen"
	}
	p := newPage(r, "titel.toestemming.intrekken", "huishoudens", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "toestemming-intrekken", p)
}

func (h *Handler) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	return h.withdrawPage(w, r, http.StatusOK, newForm("", withdrawFields))
}

// withdrawConsent withdraws the consent, at once, over the version the
// confirmation page showed.
func (h *Handler) withdrawConsent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", withdrawFields)
	c, err := h.svc.WithdrawConsent(r.Context(), request.Actor(r), r.PathValue("id"), f.Value("reden"), version(r))
	if err != nil {
		// A consent withdrawn meanwhile shows as such: the page refuses
		// to offer it again.
		if status, ok := h.formFailure(f, err); ok {
			return h.withdrawPage(w, r, status, f)
		}
		return err
	}
	return h.toHousehold(w, r, c.PersonID, "melding.toestemming.ingetrokken")
}

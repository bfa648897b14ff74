package web

import (
	"errors"
	"net/http"
	"slices"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

var userFields = []field{{"naam", "label.naam"}, {"email", "label.email"}, {"rol", "label.rol"}, {"team", "label.team"}, {"organisatie", "label.organisatie"}, {"expertise", "label.expertise"}, {"wachtwoord", "label.wachtwoord"}, {"actief", "label.actief"}}

var resetFields = []field{{"wachtwoord", "label.wachtwoord.nieuw"}}

var tokenFields = []field{{"naam", "label.token.naam"}}

// usersView is the user list with its filters.
type usersView struct {
	Rows   []userRow
	Pager  pager
	Filter *form
	Roles  []option
	Teams  []option
}

type userRow struct {
	User         wijkregie.User
	Team         string
	Organisation string
}

// userChoices are the options of the user form's selects.
type userChoices struct {
	Roles         []option
	Teams         []option
	Organisations []option
	Expertise     []option
}

// userFormView is the create form, and the edit page with its password and
// token forms.
type userFormView struct {
	userChoices
	Form   *form
	Action string
	New    bool
	User   *wijkregie.User // the stored user, on the edit page
	Reset  *form
	Tokens tokenSection
}

func (h *Handler) roleOptions(first string) []option {
	opts := []option{{Value: "", Text: h.t(first)}}
	for _, r := range wijkregie.Roles {
		opts = append(opts, option{Value: string(r), Text: h.label("rol.", r)})
	}
	return opts
}

// choices are the form's options. Inactive teams and organisations are
// offered no more, except the one the user already has (keepTeam, keepOrg),
// so saving the form does not silently move them.
func (h *Handler) choices(r *http.Request, keepTeam, keepOrg string) (userChoices, error) {
	actor := request.Actor(r)
	ts, err := h.svc.Teams(r.Context(), actor)
	if err != nil {
		return userChoices{}, err
	}
	os, err := h.svc.Organisations(r.Context(), actor)
	if err != nil {
		return userChoices{}, err
	}
	c := userChoices{
		Roles:         h.roleOptions("keuze.kies_rol"),
		Teams:         []option{{Value: "", Text: h.t("keuze.geen_team")}},
		Organisations: []option{{Value: "", Text: h.t("keuze.geen_organisatie")}},
	}
	for _, t := range ts {
		if t.Active || t.ID == keepTeam {
			c.Teams = append(c.Teams, option{Value: t.ID, Text: t.Name})
		}
	}
	for _, o := range os {
		if o.Active || o.ID == keepOrg {
			c.Organisations = append(c.Organisations, option{Value: o.ID, Text: o.Name})
		}
	}
	for _, e := range wijkregie.Expertises {
		c.Expertise = append(c.Expertise, option{Value: e, Text: h.label("expertise.", e)})
	}
	return c, nil
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	pg, n := pageParam(r)
	q := r.URL.Query()
	filter := newForm("filter-", []field{{"rol", "label.rol"}, {"team", "label.team"}})
	fl := store.UserFilter{Page: pg}
	if role := wijkregie.Role(q.Get("rol")); role.Valid() {
		fl.Role = role
		filter.Values.Set("rol", string(role))
	}
	if team := q.Get("team"); wijkregie.ValidID(team) {
		fl.TeamID = team
		filter.Values.Set("team", team)
	}
	us, total, err := h.svc.Users(r.Context(), actor, fl)
	if err != nil {
		return err
	}
	ts, err := h.svc.Teams(r.Context(), actor)
	if err != nil {
		return err
	}
	os, err := h.svc.Organisations(r.Context(), actor)
	if err != nil {
		return err
	}
	teams, orgs := map[string]string{}, map[string]string{}
	v := usersView{Pager: newPager(r, n, total), Filter: filter,
		Roles: h.roleOptions("keuze.alle_rollen"), Teams: []option{{Value: "", Text: h.t("keuze.alle_teams")}}}
	for _, t := range ts {
		teams[t.ID] = t.Name
		v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
	}
	for _, o := range os {
		orgs[o.ID] = o.Name
	}
	for _, u := range us {
		v.Rows = append(v.Rows, userRow{User: u, Team: teams[u.TeamID], Organisation: orgs[u.OrganisationID]})
	}
	return h.render(w, r, http.StatusOK, "medewerkers", newPage(r, "titel.medewerkers", "medewerkers", v))
}

// userFromForm reads the posted details into u and f. The e-mail address
// is read only when creating: it is the login name and stays.
func userFromForm(r *http.Request, u *wijkregie.User, f *form, isNew bool) {
	u.Name = formValue(r, "naam")
	u.Role = wijkregie.Role(formValue(r, "rol"))
	u.TeamID, u.OrganisationID = formValue(r, "team"), formValue(r, "organisatie")
	u.Expertise = nil
	for _, e := range r.PostForm["expertise"] {
		if !slices.Contains(u.Expertise, e) {
			u.Expertise = append(u.Expertise, e)
		}
	}
	if isNew {
		u.Email = formValue(r, "email")
	}
	fillUserForm(f, u)
}

func fillUserForm(f *form, u *wijkregie.User) {
	f.Values.Set("naam", u.Name)
	f.Values.Set("email", u.Email)
	f.Values.Set("rol", string(u.Role))
	f.Values.Set("team", u.TeamID)
	f.Values.Set("organisatie", u.OrganisationID)
	f.Values["expertise"] = u.Expertise
}

func (h *Handler) newUserForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	c, err := h.choices(r, f.Values.Get("team"), f.Values.Get("organisatie"))
	if err != nil {
		return err
	}
	v := userFormView{userChoices: c, Form: f, Action: "/beheer/medewerkers", New: true}
	p := newPage(r, "titel.medewerker.nieuw", "medewerkers", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "medewerker", p)
}

func (h *Handler) newUser(w http.ResponseWriter, r *http.Request) error {
	return h.newUserForm(w, r, http.StatusOK, newForm("", userFields))
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", userFields)
	var u wijkregie.User
	userFromForm(r, &u, f, true)
	if err := h.svc.CreateUser(r.Context(), request.Actor(r), &u, r.PostFormValue("wachtwoord")); err != nil {
		if f.fail(err) {
			return h.newUserForm(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return h.redirect(w, r, "/beheer/medewerkers", "melding.medewerker.aangemaakt")
}

// editPage holds the edit page's two forms; the handler that failed fills
// in its own form, the other shows the stored state.
type editPage struct {
	details, reset *form
	status         int
}

func (h *Handler) userEditPage(w http.ResponseWriter, r *http.Request, u *wijkregie.User, ep editPage) error {
	actor := request.Actor(r)
	c, err := h.choices(r, u.TeamID, u.OrganisationID)
	if err != nil {
		return err
	}
	tokens, err := h.svc.Tokens(r.Context(), actor, u.ID)
	if err != nil {
		return err
	}
	v := userFormView{userChoices: c, Form: ep.details, Action: "/beheer/medewerkers/" + u.ID, User: u, Reset: ep.reset,
		Tokens: tokenSection{Tokens: tokens, Action: "/beheer/medewerkers/" + u.ID + "/tokens"}}
	if v.Form == nil {
		v.Form = newForm("", userFields)
		fillUserForm(v.Form, u)
		v.Form.Values["actief"] = boolValue(u.Active)
	}
	if v.Reset == nil {
		v.Reset = newForm("reset-", resetFields)
	}
	p := newPage(r, "titel.medewerker.wijzigen", "medewerkers", v)
	for _, f := range []*form{v.Form, v.Reset} {
		if f.Invalid() {
			p.Invalid = f
			break
		}
	}
	status := ep.status
	if status == 0 {
		status = http.StatusOK
	}
	return h.render(w, r, status, "medewerker", p)
}

func (h *Handler) editUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.User(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.userEditPage(w, r, u, editPage{})
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	u, err := h.svc.User(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	stored := *u
	f := newForm("", userFields)
	userFromForm(r, u, f, false)
	u.Active = checked(r, "actief")
	f.Values["actief"] = boolValue(u.Active)
	err = h.svc.UpdateUser(r.Context(), actor, u)
	var e *wijkregie.Error
	switch {
	case err == nil:
		return h.redirect(w, r, "/beheer/medewerkers", "melding.medewerker.gewijzigd")
	case f.fail(err):
		return h.userEditPage(w, r, &stored, editPage{details: f, status: http.StatusUnprocessableEntity})
	case errors.As(err, &e) && e.Code == wijkregie.ECONFLICT:
		// Such as an administrator disabling themself: the form says why.
		f.Message = e.Message
		return h.userEditPage(w, r, &stored, editPage{details: f, status: http.StatusConflict})
	}
	return err
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	u, err := h.svc.User(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := h.svc.ResetPassword(r.Context(), actor, u.ID, r.PostFormValue("wachtwoord")); err != nil {
		f := newForm("reset-", resetFields)
		if f.fail(err) {
			return h.userEditPage(w, r, u, editPage{reset: f, status: http.StatusUnprocessableEntity})
		}
		return err
	}
	return h.redirect(w, r, "/beheer/medewerkers/"+u.ID, "melding.wachtwoord.ingesteld")
}

func (h *Handler) revokeUserToken(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	u, err := h.svc.User(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := h.svc.RevokeToken(r.Context(), actor, u.ID, r.PathValue("token")); err != nil {
		return err
	}
	return h.redirect(w, r, "/beheer/medewerkers/"+u.ID, "melding.token.ingetrokken")
}

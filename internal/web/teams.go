package web

import (
	"net/http"
	"regexp"
	"strings"

	"wijkregie"
	"wijkregie/internal/request"
)

var teamFields = []field{{"naam", "label.naam"}, {"werkgebied", "label.werkgebied"}, {"actief", "label.actief"}}

// teamFormView is the create and edit form of a team.
type teamFormView struct {
	Form   *form
	Action string
	New    bool
}

func (h *Handler) teams(w http.ResponseWriter, r *http.Request) error {
	ts, err := h.svc.Teams(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "teams", newPage(r, "titel.teams", "teams", ts))
}

// rangeDash matches a dash with spaces around it, so "2581 - 2583" reads
// as the range "2581-2583" and not as three areas.
var rangeDash = regexp.MustCompile(`\s*[-–]\s*`)

// parseAreas reads the werkgebied field: postcode areas separated by
// commas, semicolons or spaces, e.g. "2581-2583, 2584". The domain checks
// each area; this only splits.
func parseAreas(s string) []string {
	s = rangeDash.ReplaceAllString(strings.TrimSpace(s), "-")
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

func (h *Handler) teamForm(w http.ResponseWriter, r *http.Request, status int, f *form, id string) error {
	v := teamFormView{Form: f, Action: "/beheer/teams", New: id == ""}
	title := "titel.team.nieuw"
	if id != "" {
		v.Action, title = "/beheer/teams/"+id, "titel.team.wijzigen"
	}
	p := newPage(r, title, "teams", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "team", p)
}

func (h *Handler) newTeam(w http.ResponseWriter, r *http.Request) error {
	return h.teamForm(w, r, http.StatusOK, newForm("", teamFields), "")
}

func (h *Handler) editTeam(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.Team(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", teamFields)
	f.Values.Set("naam", t.Name)
	f.Values.Set("werkgebied", strings.Join(t.Areas, ", "))
	f.Values["actief"] = boolValue(t.Active)
	return h.teamForm(w, r, http.StatusOK, f, t.ID)
}

func teamFromForm(r *http.Request, t *wijkregie.Team, f *form) {
	t.Name, t.Areas = formValue(r, "naam"), parseAreas(r.PostFormValue("werkgebied"))
	f.Values.Set("naam", formValue(r, "naam"))
	f.Values.Set("werkgebied", formValue(r, "werkgebied"))
}

func (h *Handler) createTeam(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", teamFields)
	var t wijkregie.Team
	teamFromForm(r, &t, f)
	if err := h.svc.SaveTeam(r.Context(), request.Actor(r), &t); err != nil {
		if f.fail(err) {
			return h.teamForm(w, r, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	return h.redirect(w, r, "/beheer/teams", "melding.team.aangemaakt")
}

func (h *Handler) updateTeam(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	t, err := h.svc.Team(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm("", teamFields)
	teamFromForm(r, t, f)
	t.Active = checked(r, "actief")
	f.Values["actief"] = boolValue(t.Active)
	if err := h.svc.SaveTeam(r.Context(), actor, t); err != nil {
		if f.fail(err) {
			return h.teamForm(w, r, http.StatusUnprocessableEntity, f, t.ID)
		}
		return err
	}
	return h.redirect(w, r, "/beheer/teams", "melding.team.gewijzigd")
}

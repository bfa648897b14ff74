package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// tile is one figure on the home page, linking to its list when the actor
// may see that list.
type tile struct {
	Count int
	Label string // catalogue key
	URL   string
}

// workTile is a way into the day's work on the home page: no figure,
// since counting a user's tasks would read the families they name.
type workTile struct {
	Label string // catalogue key
	Text  string // catalogue key: what is behind it
	URL   string
}

// homeView is the home page's data.
type homeView struct {
	Name  string
	Role  wijkregie.Role
	Work  []workTile
	Tiles []tile
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	if actor.Role == wijkregie.RolePartner {
		return h.partnerHomePage(w, r) // partner.go
	}
	c, err := h.svc.Counts(r.Context(), actor)
	if err != nil {
		return err
	}
	link := func(a policy.Action, url string) string {
		if policy.Allows(actor, a) {
			return url
		}
		return ""
	}
	v := homeView{Tiles: []tile{
		{c.Teams, "start.tegel.teams", link(policy.ViewDirectory, "/beheer/teams")},
		{c.Organisations, "start.tegel.organisaties", link(policy.ViewDirectory, "/beheer/organisaties")},
		{c.Users, "start.tegel.medewerkers", link(policy.ViewUsers, "/beheer/medewerkers")},
		{c.Households, "start.tegel.huishoudens", link(policy.ListHouseholds, "/huishoudens")},
		{c.Persons, "start.tegel.personen", link(policy.ListHouseholds, "/huishoudens")},
	}}
	if policy.Allows(actor, policy.ViewTasks) {
		v.Work = append(v.Work, workTile{"start.tegel.taken", "start.tegel.taken_uitleg", "/taken"})
	}
	if policy.Allows(actor, policy.ViewTeamOverview) && actor.TeamID != "" {
		v.Work = append(v.Work, workTile{"start.tegel.overzicht", "start.tegel.overzicht_uitleg", "/overzicht"})
	}
	if u := request.User(r); u != nil {
		v.Name, v.Role = u.Name, u.Role
	}
	return h.render(w, r, http.StatusOK, "start", newPage(r, "titel.start", "start", v))
}

package web

import (
	"context"
	"net/http"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// householdsView is the household list.
type householdsView struct {
	Rows  []householdRow
	Pager pager
}

type householdRow struct {
	store.HouseholdSummary
	Team string
}

// teamNames maps team ids to names, for lists that show the team.
func (h *Handler) teamNames(ctx context.Context, actor wijkregie.Actor) (map[string]string, error) {
	ts, err := h.svc.Teams(ctx, actor)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.ID] = t.Name
	}
	return m, nil
}

func (h *Handler) households(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	pg, n := pageParam(r)
	hs, total, err := h.svc.Households(r.Context(), actor, pg)
	if err != nil {
		return err
	}
	teams, err := h.teamNames(r.Context(), actor)
	if err != nil {
		return err
	}
	v := householdsView{Pager: newPager(r, n, total)}
	for _, s := range hs {
		v.Rows = append(v.Rows, householdRow{HouseholdSummary: s, Team: teams[s.TeamID]})
	}
	return h.render(w, r, http.StatusOK, "huishoudens", newPage(r, "titel.huishoudens", "huishoudens", v))
}

// householdView is one household with its members and who is involved.
type householdView struct {
	Household *wijkregie.Household
	Team      string
	Members   []memberRow
	Involved  []involvedRow
}

type memberRow struct {
	Member wijkregie.Member
	Person wijkregie.Person
}

type involvedRow struct {
	Name string // "" when the actor may not look the user up
	Role wijkregie.Role
	Kind wijkregie.InvolvementKind
}

func (h *Handler) household(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	hv, err := h.svc.Household(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := householdView{Household: hv.Household}
	if hv.Household.TeamID != "" {
		t, err := h.svc.Team(r.Context(), actor, hv.Household.TeamID)
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
		if t != nil {
			v.Team = t.Name
		}
	}
	for i := range hv.Members {
		v.Members = append(v.Members, memberRow{Member: hv.Members[i], Person: hv.Persons[i]})
	}
	// Names of the involved come from the user directory, which partners
	// may not read (policy.ViewUsers); they see the kind of involvement.
	canLookUp := policy.Allows(actor, policy.ViewUsers)
	for _, inv := range hv.Involvements {
		row := involvedRow{Kind: inv.Kind}
		if canLookUp || inv.UserID == actor.UserID {
			u, err := h.svc.User(r.Context(), actor, inv.UserID)
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
			if u != nil {
				row.Name, row.Role = u.Name, u.Role
			}
		}
		v.Involved = append(v.Involved, row)
	}
	return h.render(w, r, http.StatusOK, "huishouden", newPage(r, "titel.huishouden", "huishoudens", v))
}

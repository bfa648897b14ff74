package api

import (
	"net/http"
	"net/url"
	"time"

	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// Teamoverzicht is a team lead's view of their team. It names no family:
// numbers, and the team's members with their caseload. Every number has
// the address of the list behind it, which the same policy filters.
type Teamoverzicht struct {
	Team             string          `json:"team"`
	TeamNaam         string          `json:"teamNaam"`
	ZonderRegisseur  Telling         `json:"zonderRegisseur"`
	ZonderPlan       Telling         `json:"zonderPlan"`
	TriageTeLaat     Telling         `json:"triageTeLaat"`
	EvaluatiesTeLaat Telling         `json:"evaluatiesTeLaat"`
	Stagnatie        Telling         `json:"stagnatie"`
	Herhaling        Telling         `json:"herhaling"`
	Wachtlijst       Wachtlijst      `json:"wachtlijst"`
	Caseload         []CaseloadRegel `json:"caseload"`
}

// Telling is a number on the overview and the list it counts.
type Telling struct {
	Aantal int    `json:"aantal"`
	Href   string `json:"href"`
}

// Wachtlijst is the cases waiting for a regisseur, and since when the
// longest has waited.
type Wachtlijst struct {
	Aantal        int        `json:"aantal"`
	WachtendSinds *time.Time `json:"wachtendSinds"`
	Href          string     `json:"href"`
}

// CaseloadRegel is one team member's open cases as regisseur, counted
// and weighted by level with the municipality's weights.
type CaseloadRegel struct {
	Medewerker string `json:"medewerker"`
	Naam       string `json:"naam"`
	Casussen   int    `json:"casussen"`
	Gewogen    int    `json:"gewogen"`
	Href       string `json:"href"`
}

// href is the address of a list of the API with its query.
func href(path string, query ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	u := url.URL{Path: Base + path, RawQuery: q.Encode()}
	return u.String()
}

func teamoverzicht(o *app.Overview) Teamoverzicht {
	t := o.Team.ID
	cases := func(filter string) string { return href("/casussen", "team", t, "open", "true", filter, "true") }
	out := Teamoverzicht{Team: t, TeamNaam: o.Team.Name,
		ZonderRegisseur: Telling{o.WithoutCoordinator, cases("zonderRegisseur")},
		ZonderPlan:      Telling{o.WithoutPlan, cases("zonderPlan")},
		// The count is of signals, so its list is the team's queue, where
		// the overdue ones come first, marked verlopen.
		TriageTeLaat:     Telling{o.TriageOverdue, href("/triage")},
		EvaluatiesTeLaat: Telling{o.EvaluationsOverdue, href("/taken", "soort", "evaluatie", "teLaat", "true")},
		Stagnatie:        Telling{o.Stagnating, cases("stagnatie")},
		Herhaling:        Telling{o.Relapses, cases("herhaling")},
		Wachtlijst:       Wachtlijst{Aantal: o.WaitingList, WachtendSinds: moment(o.WaitingSince), Href: cases("zonderRegisseur")},
		Caseload:         make([]CaseloadRegel, len(o.Caseload)),
	}
	for i, c := range o.Caseload {
		out.Caseload[i] = CaseloadRegel{Medewerker: c.User.ID, Naam: c.User.Name, Casussen: c.Cases, Gewogen: c.Weighted,
			Href: href("/casussen", "team", t, "regisseur", c.User.ID, "open", "true")}
	}
	return out
}

// getOverview answers 404 for a team that does not exist, as every
// resource does, and 403 for another team's overview: teams are public in
// the directory, their overviews are for their own lead.
func (h *Handler) getOverview(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	if _, err := h.svc.Team(ctx, actor, id); err != nil {
		return err
	}
	o, err := h.svc.TeamOverview(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, teamoverzicht(o))
}

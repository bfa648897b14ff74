package web

import (
	"net/http"
	"net/url"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The team lead's overview: counts of the team's work that needs
// attention, each a link to the list behind it, which the same policy
// filters as every list; and the caseload per professional. It names no
// family.

// overviewView is the team overview.
type overviewView struct {
	Team         *wijkregie.Team
	Figures      []figure
	Caseload     []caseloadRow
	WaitingList  figure
	WaitingSince time.Time
}

// figure is one number of the overview with the list behind it.
type figure struct {
	ID    string // element id, for tests and in-page links
	Count int
	Label string // catalogue key
	URL   string
}

type caseloadRow struct {
	app.CaseloadRow
	URL string // the member's cases
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	o, err := h.svc.TeamOverview(r.Context(), actor, actor.TeamID)
	if err != nil {
		return err
	}
	team := o.Team.ID
	v := overviewView{Team: o.Team, WaitingSince: o.WaitingSince, Figures: []figure{
		{"zonder-regisseur", o.WithoutCoordinator, "overzicht.zonder_regisseur", casesURL(team, caseWithoutParam, withoutCoordinator)},
		{"zonder-plan", o.WithoutPlan, "overzicht.zonder_plan", casesURL(team, caseWithoutParam, withoutPlan)},
		{"triage-te-laat", o.TriageOverdue, "overzicht.triage_te_laat", "/triage"},
		{"evaluaties-te-laat", o.EvaluationsOverdue, "overzicht.evaluaties_te_laat", tasksURL(wijkregie.TaskEvaluation, true)},
		{"stagnerend", o.Stagnating, "overzicht.stagnerend", casesURL(team, caseStagnatingParam, yes)},
		{"herhaling", o.Relapses, "overzicht.herhaling", casesURL(team, caseRelapseParam, yes)},
	}}
	// The waiting list is the cases aangemeld without a regisseur: the
	// list without a regisseur holds them, first among the oldest.
	v.WaitingList = figure{"wachtlijst", o.WaitingList, "overzicht.wachtlijst", casesURL(team, caseWithoutParam, withoutCoordinator)}
	for _, c := range o.Caseload {
		q := url.Values{"regisseur": {c.User.ID}}
		v.Caseload = append(v.Caseload, caseloadRow{CaseloadRow: c, URL: "/casussen?" + q.Encode()})
	}
	return h.render(w, r, http.StatusOK, "overzicht", newPage(r, "titel.overzicht", "overzicht", v))
}

// casesURL is the case list of a team with one filter.
func casesURL(team, param, value string) string {
	q := url.Values{"team": {team}, param: {value}}
	return "/casussen?" + q.Encode()
}
